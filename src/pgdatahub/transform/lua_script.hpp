#pragma once
// A folder's Lua script applied to one file (docs/transforms.md):
// transform_row(row, file) gets each row as a table of column name -> value
// (number, string, boolean; dates and times as the ISO text PostgreSQL prints;
// nil for empty) and returns the row, nil to skip it, or a list of rows.
// begin_file(file) and end_file(file) run once each when the script has them.
#include <pgdatahub/config/transform_settings.hpp>
#include <pgdatahub/transform/lua_sandbox.hpp>
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pgdatahub::transform {

using EmitRow = std::function<void(const workbook::RowView&)>;

class LuaScript {
 public:
  // Loads the script in a fresh sandbox and calls begin_file. `headers`:
  // the columns rows arrive with. Every error is a FileError(Transform)
  // naming the script, its line and, for a row, the sheet row.
  // `stop` (may be null): a stop request ends a script that runs on, even
  // one that never returns, with Interrupted.
  LuaScript(const config::TransformScript& script, const types::TextLocale& locale,
            const std::string& source_file, const std::string& sheet,
            std::vector<std::string> headers, const std::atomic<bool>* stop = nullptr);

  // The columns rows leave with: the arriving ones, then every new name a
  // returned row used, in the order they first appeared.
  const std::vector<std::string>& headers() const { return m_out_headers; }

  // Calls transform_row and hands each row it returns to `emit`, numbered as
  // the source row; the cells are valid during the call only.
  void apply(const workbook::RowView& row, const EmitRow& emit);

  void end_file();

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept {
      return std::hash<std::string_view>{}(name);
    }
  };

  void push_row(const workbook::RowView& row);
  void emit_table(int index, const workbook::RowView& source, const EmitRow& emit);
  workbook::Cell cell_from_value(int index, std::uint32_t column, std::string_view name,
                                 const workbook::RowView& source);
  std::uint32_t output_column(std::string_view name);
  void assign_new_columns();
  void call_hook(const char* name);
  [[noreturn]] void fail(const std::string& message, std::uint32_t row_number) const;

  config::TransformScript m_script;
  types::TextLocale m_locale;  // a copy: cheap, and no lifetime to mind
  std::string m_sheet;
  const std::atomic<bool>* m_stop = nullptr;
  LuaState m_state;
  std::size_t m_in_columns = 0;
  std::vector<std::string> m_out_headers;
  std::deque<std::string> m_names;  // what m_columns' keys view
  using Columns = std::unordered_map<std::string_view, std::uint32_t, NameHash, std::equal_to<>>;
  Columns m_columns;
  std::unordered_map<const char*, std::uint32_t> m_by_address;  // see emit_table
  std::vector<std::string> m_pushed_texts;  // the ISO text each date cell was handed in as
  std::vector<workbook::Cell> m_cells;
  std::vector<std::string_view> m_new_names;  // this row's names not seen before
  std::vector<workbook::Cell> m_by_column;    // this row's source cells, by arriving column
  std::vector<bool> m_has_column;
  const workbook::RowView* m_row = nullptr;  // the row being transformed, for messages
};

}  // namespace pgdatahub::transform
