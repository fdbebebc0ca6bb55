#pragma once
// A folder's transforms for one file, chained: the declarative ones, then
// the Lua script on what they leave. The orchestrator makes one per file
// only when the folder has a transform, so the plain path never reaches here.
#include <pgdatahub/config/transform_settings.hpp>
#include <pgdatahub/transform/declarative.hpp>
#include <pgdatahub/transform/lua_script.hpp>
#include <pgdatahub/types/text_locale.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::transform {

class RowTransform {
 public:
  // Throws FileError(Transform) when the script fails to load or begin_file
  // fails, or a filter names a column the file lacks: the file's rows could
  // not be given as configured, it fails alone and loads on a later run once
  // the script or file is fixed. Its own reason, not `bad value`: the fix is
  // in the transform as often as in the file's values.
  // `stop`: see LuaScript.
  RowTransform(const config::TransformSettings& settings, const types::TextLocale& locale,
               const std::string& source_file, const std::string& sheet,
               const std::vector<std::string>& headers, const std::atomic<bool>* stop = nullptr);

  // The columns rows leave with so far (a script may add more as it goes:
  // the list only grows, and earlier indexes keep their meaning).
  const std::vector<std::string>& headers() const;

  // Hands the rows `row` becomes (none, one or several) to `emit`.
  void apply(const workbook::RowView& row, const EmitRow& emit);

  // After the last row: the script's end_file.
  void finish();

 private:
  std::optional<DeclarativeTransform> m_declarative;
  std::unique_ptr<LuaScript> m_script;
  std::vector<workbook::Cell> m_cells;
};

}  // namespace pgdatahub::transform
