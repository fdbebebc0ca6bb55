// The transforms on rows in memory: declarative rules, the Lua hook's value
// mapping and errors, the sandbox, and the config keys that set them.
#include "cell_builders.hpp"
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/transform/row_transform.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace pgdatahub {
namespace {

using workbook::Cell;
using workbook::CellKind;

Cell at(Cell cell, std::uint32_t column) {
  cell.column = column;
  return cell;
}

config::TransformSettings settings_of(const std::string& yaml) {
  return config::EtlConfig::parse(yaml, "cfg").resolve({"f"}).transforms;
}

config::TransformScript script(const std::string& source) {
  return {"t.lua", std::make_shared<const std::string>(source), "0"};
}

// Every row a transform makes of `cells`, as "name=value" texts.
std::vector<std::string> shaped(transform::RowTransform& shape, std::vector<Cell> cells) {
  std::vector<std::string> rows;
  shape.apply(workbook::RowView{7, cells}, [&](const workbook::RowView& row) {
    std::string text;
    for (const auto& cell : row.cells) {
      text += (text.empty() ? "" : " ") + shape.headers()[cell.column] + "=";
      switch (cell.kind) {
        case CellKind::Number:
          text += std::to_string(static_cast<long long>(cell.number));
          break;
        case CellKind::Text:
          text += "'" + std::string(cell.text) + "'";
          break;
        case CellKind::Boolean:
          text += cell.boolean ? "true" : "false";
          break;
        case CellKind::Date:
          text += "date";
          break;
        default:
          text += "?";
      }
    }
    rows.push_back(text);
  });
  return rows;
}

TEST(DeclarativeTransform, RenamesDropsAddsSplitsAndFilters) {
  const auto settings = settings_of(R"yaml(f:
  rename: {Qty: quantity}
  drop: [Notes]
  add: {file_pattern: "(?<year>\\d{4})-(?<month>\\d{2})", constants: {source: erp}}
  split: {Location: {separator: " / ", into: [city, country]}}
  filter: {country: DE}
)yaml");
  const std::vector<std::string> headers{"Qty", "Notes", "Location"};
  transform::RowTransform shape(settings, {}, "f/2024-03 sales.xlsx", "S", headers);
  EXPECT_EQ(shape.headers(), (std::vector<std::string>{"quantity", "", "year", "month", "source",
                                                       "city", "country"}));
  EXPECT_EQ(shaped(shape, {at(test::number_cell(3), 0), at(test::text_cell("x"), 1),
                           at(test::text_cell("Berlin / DE"), 2)}),
            std::vector<std::string>{
                "quantity=3 year=2024 month='03' source='erp' city='Berlin' country='DE'"});
  EXPECT_TRUE(shaped(shape, {at(test::text_cell("Paris / FR"), 2)}).empty());
  EXPECT_TRUE(shaped(shape, {at(test::number_cell(1), 0)}).empty());  // no country: not DE
}

TEST(DeclarativeTransform, AFilterOnAColumnTheFileLacksFailsTheFile) {
  const auto settings = settings_of("f:\n  filter: {site: {pattern: \"^B\"}}\n");
  EXPECT_THROW(transform::RowTransform(settings, {}, "f/a.xlsx", "S", {"Code"}), FileError);
  transform::RowTransform shape(settings, {}, "f/a.xlsx", "S", {"Site"});
  EXPECT_EQ(shaped(shape, {at(test::text_cell("Berlin"), 0)}).size(), 1u);
  EXPECT_TRUE(shaped(shape, {at(test::text_cell("Munich"), 0)}).empty());
}

TEST(LuaTransform, ValuesKeepTheirTypesAndNewOnesAreTyped) {
  config::TransformSettings settings;
  settings.script = script(R"(function transform_row(row, file)
  row.total = row.qty * 2
  row.when_text = row.when
  row.code_again = row.code
  row.parsed = "2024-03-01"
  row.flag = not row.flag
  row.where = file.path .. "#" .. file.row
  return row
end)");
  transform::RowTransform shape(settings, {}, "f/a.xlsx", "S", {"Qty", "When", "Code", "Flag"});
  const auto rows = shaped(shape, {at(test::number_cell(4), 0), at(test::date_cell(2024, 1, 2), 1),
                                   at(test::text_cell("007"), 2), at(test::boolean_cell(true), 3)});
  ASSERT_EQ(rows.size(), 1u);
  // The date handed back unchanged stays a date, "007" stays text, the
  // new ISO text is typed as a date; new columns join in name order.
  EXPECT_EQ(rows[0],
            "qty=4 when=date code='007' flag=false code_again='007' parsed=date total=8 "
            "when_text=date where='f/a.xlsx#7'");
}

TEST(LuaTransform, NilSkipsAndAListEmitsSeveralRows) {
  config::TransformSettings settings;
  settings.script = script(R"(function transform_row(row)
  if row.n == 0 then return nil end
  local out = {}
  for i = 1, row.n do out[i] = {n = i} end
  return out
end)");
  transform::RowTransform shape(settings, {}, "f/a.xlsx", "S", {"n"});
  EXPECT_TRUE(shaped(shape, {at(test::number_cell(0), 0)}).empty());
  EXPECT_EQ(shaped(shape, {at(test::number_cell(2), 0)}), (std::vector<std::string>{"n=1", "n=2"}));
}

TEST(LuaTransform, ErrorsNameTheScriptLineAndTheRow) {
  config::TransformSettings settings;
  settings.script =
      script("function transform_row(row)\n  local s = string.upper(nil)\n  return row\nend\n");
  transform::RowTransform shape(settings, {}, "f/a.xlsx", "S", {"code"});
  try {
    shaped(shape, {at(test::text_cell("A1"), 0)});
    FAIL() << "no error";
  } catch (const FileError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("t.lua:2:"), std::string::npos) << message;
    EXPECT_NE(message.find("row 7"), std::string::npos) << message;
    EXPECT_NE(message.find("code=\"A1\""), std::string::npos) << message;
  }
  settings.script = script("function transform_row(row)\n  return row +\nend\n");
  EXPECT_THROW(transform::RowTransform(settings, {}, "f/a.xlsx", "S", {"code"}), FileError);
  settings.script = script("x = 1\n");
  EXPECT_THROW(transform::RowTransform(settings, {}, "f/a.xlsx", "S", {"code"}), FileError);
}

TEST(LuaTransform, TheSandboxHasNoIoProcessesModulesOrBytecode) {
  config::TransformSettings settings;
  settings.script = script(R"(function transform_row(row)
  row.io = io == nil
  row.execute = os.execute == nil
  row.getenv = os.getenv == nil
  row.require = require == nil and package == nil
  row.load = load == nil and loadstring == nil and dofile == nil and loadfile == nil
  row.dump = string.dump == nil
  row.debug = debug == nil
  return row
end)");
  transform::RowTransform shape(settings, {}, "f/a.xlsx", "S", {"x"});
  EXPECT_EQ(shaped(shape, {at(test::number_cell(1), 0)}),
            std::vector<std::string>{"x=1 debug=true dump=true execute=true getenv=true io=true "
                                     "load=true require=true"});
  // Bytecode is refused even as the script itself.
  settings.script = script(std::string("\x1bLua", 4));
  EXPECT_THROW(transform::RowTransform(settings, {}, "f/a.xlsx", "S", {"x"}), FileError);
}

TEST(LuaTransform, AStopRequestEndsAScriptThatNeverReturns) {
  config::TransformSettings settings;
  settings.script = script("function transform_row(row)\n  while true do end\nend\n");
  std::atomic<bool> stop{false};
  transform::RowTransform shape(settings, {}, "f/a.xlsx", "S", {"x"}, &stop);
  stop = true;
  EXPECT_THROW(shaped(shape, {at(test::number_cell(1), 0)}), Interrupted);
}

TEST(TransformConfig, MalformedKeysAreRefusedWithTheKey) {
  auto message = [](const std::string& yaml) {
    try {
      config::EtlConfig::parse(yaml, "cfg");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("f: {rename: [a]}").find("f.rename must be a mapping"), std::string::npos);
  EXPECT_NE(message("f: {add: {file_pattern: \"\\\\d+\"}}").find("has no named group"),
            std::string::npos);
  EXPECT_NE(message("f: {filter: {a: {pattern: \"(\"}}}").find("invalid pattern"),
            std::string::npos);
  EXPECT_NE(message("f: {split: {a: {separator: \",\", into: [b]}}}").find("at least two"),
            std::string::npos);
  EXPECT_NE(message("f: {transform: /nonexistent/x.lua}").find("cannot read the script"),
            std::string::npos);
  EXPECT_NE(message("f: {renam: {a: b}}").find("rename"), std::string::npos);
}

TEST(TransformConfig, SubfoldersInheritKeyByKey) {
  const auto config =
      config::EtlConfig::parse("f:\n  rename: {a: b}\n  drop: [c]\n  g:\n    drop: [d]\n", "cfg");
  const auto inner = config.resolve({"f", "g"}).transforms;
  ASSERT_TRUE(inner.rename && inner.drop);
  EXPECT_EQ(inner.rename->front().second, "b");
  EXPECT_EQ(inner.drop->front(), "d");
  EXPECT_TRUE(config.resolve({"h"}).transforms.empty());
}

}  // namespace
}  // namespace pgdatahub
