#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/json_output.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/report/report_file.hpp>

#include <cstdio>
#include <memory>

namespace pgdatahub::cli {
namespace {

struct ReportOptions {
  CommonOptions common;
  std::string output = "report.html";
  std::string table;
  std::string since;
};

int run_report(const ReportOptions& options) {
  auto [settings, target] = connect_database(options.common);
  report::ReportOptions wanted;
  if (!options.table.empty()) wanted.table = options.table;
  if (!options.since.empty()) wanted.since = options.since;
  wanted.schema = settings.schema;
  report::write_report(target.connection, wanted, options.output);
  if (options.common.json) {
    print_json("report", {{"output", options.output}});
  } else {
    std::printf("report written to %s\n", options.output.c_str());
  }
  return exit_ok;
}

}  // namespace

void add_report_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ReportOptions>();
  auto* command =
      app.add_subcommand("report", "write the load report: one self-contained HTML page");
  command->add_option("-o,--output", options->output,
                      "the HTML file to write (default report.html)");
  add_table_filter(*command, options->table);
  add_since_filter(*command, options->since, "imports and schema changes");
  add_common_options(*command, options->common);
  command->callback([options, &action] { action = [options] { return run_report(*options); }; });
}

}  // namespace pgdatahub::cli
