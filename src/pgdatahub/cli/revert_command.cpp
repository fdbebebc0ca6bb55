#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/revert/revert_run.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>

namespace pgdatahub::cli {
namespace {

constexpr std::size_t short_hash_digits = 12;

struct RevertFlags {
  CommonOptions common;
  std::string file;
  std::string hash;
  std::string import_id;
  std::string table;
  std::string since;
  bool all_versions = false;
  bool keep_schema = false;
  bool dry_run = false;
  bool yes = false;
};

revert::Selection selection_of(const RevertFlags& options) {
  revert::Selection selection;
  selection.all_versions = options.all_versions;
  if (!options.file.empty()) {
    selection.by = revert::SelectBy::File;
    selection.value = options.file;
  } else if (!options.hash.empty()) {
    selection.by = revert::SelectBy::Hash;
    selection.value = options.hash;
  } else if (!options.import_id.empty()) {
    selection.by = revert::SelectBy::Import;
    selection.value = options.import_id;
  } else if (!options.table.empty()) {
    selection.by = revert::SelectBy::Table;
    selection.value = options.table;
    if (!options.since.empty()) selection.since = options.since;
  } else {
    throw ConfigError("say what to revert: --file PATH, --hash SHA256, --import ID or --table T");
  }
  if (!options.since.empty() && selection.by != revert::SelectBy::Table) {
    throw ConfigError("--since goes with --table");
  }
  return selection;
}

std::string plan_text(const revert::RevertPlan& plan) {
  std::string out = fmt::format("imports to revert: {}\n", plan.imports.size());
  for (const auto& import : plan.imports) {
    out += fmt::format("  #{:<5} {}  {}  {}  {} rows  -> {}\n", import.id, import.imported_at,
                       printable(import.source_file), import.sha256.substr(0, short_hash_digits),
                       import.row_count, printable(import.table));
  }
  out += "rows to delete:\n";
  for (const auto& table : plan.tables) {
    out += fmt::format("  {:<24} {}{}\n", printable(table.table), table.rows,
                       table.exists ? "" : " (table no longer exists)");
  }
  if (plan.keep_schema) {
    out += "schema: kept as it is (--keep-schema)\n";
    return out;
  }
  if (plan.undo.empty()) out += "schema: nothing to undo\n";
  if (!plan.undo.empty()) out += "schema changes to undo:\n";
  for (const auto& step : plan.undo) {
    out += fmt::format("  {};  -- {} of import #{} ({})\n", printable(step.sql),
                       revert::undo_name(step.kind), step.import_id, printable(step.source_file));
  }
  if (!plan.kept.empty()) out += "schema changes that stay:\n";
  for (const auto& kept : plan.kept) {
    out += fmt::format("  {} (import #{}): {}\n", printable(kept.change), kept.import_id,
                       printable(kept.reason));
  }
  return out;
}

nlohmann::json plan_json(const revert::RevertPlan& plan) {
  nlohmann::json imports = nlohmann::json::array();
  for (const auto& import : plan.imports) {
    imports.push_back({{"id", import.id},
                       {"table", import.table},
                       {"file", import.source_file},
                       {"sha256", import.sha256},
                       {"rows", import.row_count},
                       {"imported_at", iso_utc(import.imported_at)}});
  }
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& table : plan.tables) {
    tables.push_back({{"table", table.table},
                      {"rows", table.rows},
                      {"import_ids", table.import_ids},
                      {"exists", table.exists}});
  }
  nlohmann::json undo = nlohmann::json::array();
  for (const auto& step : plan.undo) {
    // The same shape as every schema change in the JSON contract.
    std::string change(revert::undo_name(step.kind));
    std::replace(change.begin(), change.end(), ' ', '_');
    const auto or_null = [](const std::string& text) {
      return text.empty() ? nlohmann::json() : nlohmann::json(text);
    };
    undo.push_back({{"table", step.table},
                    {"change", change},
                    {"column", or_null(step.column)},
                    {"old_type", or_null(step.from_type)},
                    {"new_type", or_null(step.to_type)},
                    {"import_id", step.import_id},
                    {"sql", step.sql}});
  }
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& k : plan.kept) {
    kept.push_back({{"table", k.table},
                    {"change", k.change},
                    {"reason", k.reason},
                    {"import_id", k.import_id}});
  }
  return {{"imports", imports},
          {"tables", tables},
          {"schema_undo", undo},
          {"schema_kept", kept},
          {"keep_schema", plan.keep_schema},
          {"rows", plan.total_rows()}};
}

// On a terminal, asks; elsewhere there is nobody to ask.
bool confirmed(const revert::RevertPlan& plan) {
  if (isatty(STDIN_FILENO) == 0) return false;
  std::printf("revert %zu import(s) and delete %llu rows? [y/N] ", plan.imports.size(),
              static_cast<unsigned long long>(plan.total_rows()));
  std::fflush(stdout);
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

int run_revert(const RevertFlags& options) {
  auto selection = selection_of(options);
  auto [settings, target] = connect_database(options.common);
  selection.schema = settings.schema;
  auto& conn = target.connection;
  revert::RevertOptions revert_options{options.keep_schema, std::nullopt,
                                       std::chrono::seconds(settings.lock_wait_seconds)};
  if (options.dry_run || !options.yes) {
    const auto plan = revert::preview(conn, selection, options.keep_schema);
    if (options.dry_run) {
      if (options.common.json) {
        auto out = plan_json(plan);
        out["dry_run"] = true;
        print_json("revert", out);
      } else {
        std::printf("%sdry run: nothing was changed\n", plan_text(plan).c_str());
      }
      return exit_ok;
    }
    if (!options.common.json) std::printf("%s", plan_text(plan).c_str());
    if (!confirmed(plan)) {
      std::fprintf(stderr, "pgdatahub: not reverted: %s\n",
                   isatty(STDIN_FILENO) == 0 ? "no terminal to confirm on; add --yes to revert"
                                             : "not confirmed");
      return exit_cannot_run;
    }
    revert_options.confirmed_imports = plan.import_ids();
  }

  const auto outcome = revert::execute(
      conn, selection, revert_options,
      [](const std::string& message) { std::fprintf(stderr, "%s\n", printable(message).c_str()); });
  const auto& result = outcome.applied;
  if (options.common.json) {
    auto out = plan_json(outcome.plan);
    out["dry_run"] = false;
    out["rows_deleted"] = result.rows_deleted;
    print_json("revert", out);
    return exit_ok;
  }
  if (options.yes) std::printf("%s", plan_text(outcome.plan).c_str());
  std::printf("reverted: %zu import(s), %llu rows deleted, %zu schema change(s) undone\n",
              result.imports_reverted, static_cast<unsigned long long>(result.rows_deleted),
              result.schema_undone);
  return exit_ok;
}

}  // namespace

void add_revert_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<RevertFlags>();
  auto* command = app.add_subcommand(
      "revert",
      "undo imports exactly: delete their rows, mark them reverted, undo their schema changes");
  auto* file = command->add_option("--file", options->file,
                                   "the file's latest loaded version (path as loaded)");
  auto* hash = command->add_option("--hash", options->hash,
                                   "the file with this SHA-256 (or its first 6+ digits)");
  auto* id = command->add_option("--import", options->import_id, "the import with this id");
  auto* table = command->add_option("--table", options->table, "every loaded import of this table");
  add_since_filter(*command, options->since, "--table's imports")->needs(table);
  file->excludes(hash, id, table);
  hash->excludes(id, table);
  id->excludes(table);
  command
      ->add_flag("--all-versions", options->all_versions,
                 "with --file: every loaded version of the path")
      ->needs(file);
  command->add_flag("--keep-schema", options->keep_schema,
                    "revert rows only; leave tables and columns as they are");
  command->add_flag("--dry-run", options->dry_run,
                    "print what would be reverted and change nothing");
  command->add_flag("--yes,-y", options->yes, "do not ask for confirmation");
  add_common_options(*command, options->common);
  command->callback([options, &action] { action = [options] { return run_revert(*options); }; });
}

}  // namespace pgdatahub::cli
