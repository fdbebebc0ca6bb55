#pragma once
// The declarative transforms of one file, in this order: rename and drop
// (headers), add (named groups of the file's path, constants), split, then
// filter on the columns as they are by then. Everything that depends only on
// the headers and the file is worked out once, in the constructor, so a row
// costs a copy of its cells plus the splits and filters it needs.
#include <pgdatahub/config/transform_settings.hpp>
#include <pgdatahub/transform/text_pattern.hpp>
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/cell.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::transform {

class DeclarativeTransform {
 public:
  // `source_file`: the file's path relative to DATA_DIR, which file_pattern
  // searches. Throws FileError(Transform) when a filter names a column the
  // file does not have (the rows could not be filtered).
  DeclarativeTransform(const config::TransformSettings& settings, const types::TextLocale& locale,
                       const std::string& source_file, const std::vector<std::string>& headers);

  // The columns after the transforms, by output index.
  const std::vector<std::string>& headers() const { return m_headers; }

  // Writes the row's cells, by output column and in column order, to `out`;
  // false when a filter leaves the row out. The cells' texts point into `in`
  // or into this object, valid until the next call.
  bool apply(const workbook::RowView& in, std::vector<workbook::Cell>& out);

 private:
  struct Split {
    std::uint32_t source = 0;  // output column split (it is not emitted itself)
    std::string separator;
    std::uint32_t first_target = 0;  // output index of the first part
    std::size_t parts = 0;
  };
  struct Filter {
    std::uint32_t column = 0;
    std::vector<std::string> values;
    std::optional<TextPattern> pattern;
  };

  std::vector<std::string> m_headers;
  std::vector<std::int32_t> m_output_of_input;  // -1: dropped
  std::vector<workbook::Cell> m_added;          // constant per file, by output column
  std::uint32_t m_first_added = 0;
  std::vector<Split> m_splits;
  std::vector<bool> m_split_source;  // by output column: split, not emitted
  std::vector<Filter> m_filters;
  types::TextLocale m_locale;  // a copy: cheap, and no lifetime to mind

  std::deque<std::string> m_added_texts;  // what m_added's texts point into
  std::vector<workbook::Cell> m_slots;    // this row's cells by output column
  std::vector<bool> m_filled;
  std::vector<std::string> m_scratch;  // canonical texts of non-text cells, one per split or filter
};

}  // namespace pgdatahub::transform
