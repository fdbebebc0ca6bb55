#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/summary_printer.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/orchestrator/outcome_json.hpp>

#include <fmt/format.h>

namespace pgdatahub::cli {

std::string summary_text(const orchestrator::RunSummary& summary, bool dry_run) {
  std::string out;
  if (dry_run) {
    out += "dry run: nothing was written\n";
    for (const auto& outcome : summary.outcomes) {
      if (outcome.status != orchestrator::FileStatus::Planned &&
          outcome.status != orchestrator::FileStatus::Empty)
        continue;
      out += fmt::format("  {} -> {} (sheet '{}', {} rows)\n", printable(outcome.source_file),
                         printable(outcome.table), printable(outcome.sheet), outcome.rows);
      for (const auto& note : outcome.notes) out += fmt::format("    {}\n", printable(note));
      if (outcome.schema_changes.empty()) out += "    no schema change\n";
      for (const auto& change : outcome.schema_changes)
        out += fmt::format("    {}\n", printable(schema::describe(change)));
    }
  }
  out += fmt::format("files: {} loaded, {} empty, {} skipped as duplicates, {} failed{}\n",
                     summary.loaded, summary.empty, summary.duplicates, summary.failed,
                     dry_run ? fmt::format(", {} planned", summary.planned) : "");
  for (const auto& outcome : summary.outcomes) {
    if (outcome.status == orchestrator::FileStatus::Failed) {
      out += fmt::format("  failed {}: {}\n", printable(outcome.source_file),
                         printable(outcome.error));
    } else if (outcome.status == orchestrator::FileStatus::Empty) {
      // Zero rows is often a wrong sheet choice: it must not pass as loaded.
      out += fmt::format("  warning: {} loaded no row (sheet '{}'){}{}\n",
                         printable(outcome.source_file), printable(outcome.sheet),
                         outcome.notes.empty() ? "" : ": ",
                         outcome.notes.empty() ? "" : printable(outcome.notes.back()));
    } else if (outcome.status == orchestrator::FileStatus::Loaded) {
      for (const auto& note : outcome.notes)
        out += fmt::format("  note: {}: {}\n", printable(outcome.source_file), printable(note));
    }
  }
  const auto& s = summary.skipped;
  if (s.lock_files + s.hidden + s.not_spreadsheets + s.outside_links > 0) {
    out += fmt::format(
        "skipped: {} not spreadsheets, {} hidden, {} Office lock files, {} links "
        "out of the data folder\n",
        s.not_spreadsheets, s.hidden, s.lock_files, s.outside_links);
  }
  if (s.inside_folder_links > 0) {
    out += fmt::format(
        "skipped: {} links to folders inside the data folder (loaded by their real "
        "path)\n",
        s.inside_folder_links);
  }
  if (s.excluded > 0) {
    out += fmt::format("skipped: {} files left out by include/exclude\n", s.excluded);
  }
  if (!s.unreadable_folders.empty() || !s.special_files.empty()) {
    out += fmt::format("skipped: {} unreadable folders, {} special files (named below)\n",
                       s.unreadable_folders.size(), s.special_files.size());
  }
  for (const auto& folder : s.unreadable_folders)
    out += fmt::format("skipped unreadable folder {}: check its permissions\n", printable(folder));
  for (const auto& file : s.special_files)
    out +=
        fmt::format("skipped {}: not a regular file (a FIFO, socket or device)\n", printable(file));
  std::string tables;
  for (const auto& table : summary.tables_created)
    tables += (tables.empty() ? "" : ", ") + printable(table);
  const double rate = summary.seconds > 0 ? static_cast<double>(summary.rows) / summary.seconds : 0;
  out += fmt::format("rows: {}{}; tables {}: {}; elapsed: {:.2f} s ({:.0f} rows/s)\n", summary.rows,
                     dry_run ? " read" : " loaded", dry_run ? "to create" : "created",
                     tables.empty() ? "none" : tables, summary.seconds, rate);
  if (summary.stopped) {
    out += fmt::format("stopped: {}; {} files remain\n", printable(summary.stop_reason),
                       summary.remaining.size());
  }
  return out;
}

nlohmann::json summary_json(const orchestrator::RunSummary& summary) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& outcome : summary.outcomes) files.push_back(orchestrator::outcome_json(outcome));
  nlohmann::json remaining = nlohmann::json::array();
  for (const auto& job : summary.remaining) remaining.push_back(job.source_file);
  return {
      {"files", files},
      {"loaded", summary.loaded},
      {"duplicates", summary.duplicates},
      {"failed", summary.failed},
      {"empty", summary.empty},
      {"planned", summary.planned},
      {"rows", summary.rows},
      {"tables_created", summary.tables_created},
      {"seconds", summary.seconds},
      {"skipped",
       {{"not_spreadsheets", summary.skipped.not_spreadsheets},
        {"hidden", summary.skipped.hidden},
        {"lock_files", summary.skipped.lock_files},
        {"outside_links", summary.skipped.outside_links},
        {"inside_folder_links", summary.skipped.inside_folder_links},
        {"excluded", summary.skipped.excluded},
        {"unreadable_folders", summary.skipped.unreadable_folders},
        {"special_files", summary.skipped.special_files}}},
      {"stopped", summary.stopped},
      {"stop_reason", summary.stop_reason},
      {"remaining", remaining},
  };
}

}  // namespace pgdatahub::cli
