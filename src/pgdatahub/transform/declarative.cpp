#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/transform/declarative.hpp>
#include <pgdatahub/transform/produced_value.hpp>

#include <algorithm>

namespace pgdatahub::transform {
namespace {

std::optional<std::uint32_t> find_column(const std::vector<std::string>& headers,
                                         const std::string& configured) {
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (names_column(headers[i], configured)) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

}  // namespace

DeclarativeTransform::DeclarativeTransform(const config::TransformSettings& settings,
                                           const types::TextLocale& locale,
                                           const std::string& source_file,
                                           const std::vector<std::string>& headers)
    : m_locale(locale) {
  // rename and drop: the file's columns that stay, under their new names.
  m_output_of_input.assign(headers.size(), -1);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto& header = headers[i];
    if (settings.drop &&
        std::any_of(settings.drop->begin(), settings.drop->end(),
                    [&](const auto& drop) { return names_column(header, drop); })) {
      continue;
    }
    std::string name = header;
    if (settings.rename) {
      for (const auto& [from, to] : *settings.rename) {
        if (names_column(header, from)) name = to;
      }
    }
    m_output_of_input[i] = static_cast<std::int32_t>(m_headers.size());
    m_headers.push_back(std::move(name));
  }

  // add: values of the whole file, typed once.
  m_first_added = static_cast<std::uint32_t>(m_headers.size());
  auto add_constant = [&](const std::string& name, const std::string& text) {
    m_headers.push_back(name);
    m_added_texts.push_back(text);
    workbook::Cell cell;
    type_text(m_added_texts.back(), m_locale, cell);
    m_added.push_back(cell);
  };
  if (settings.file_pattern) {
    const TextPattern pattern(*settings.file_pattern, "add.file_pattern");
    auto groups = pattern.named_groups(source_file);
    if (groups.empty()) {
      // No match: the columns exist, empty for this file.
      for (const auto& name : pattern.group_names()) groups.emplace_back(name, "");
    }
    for (const auto& [name, value] : groups) add_constant(name, value);
  }
  if (settings.constants) {
    for (const auto& [name, value] : *settings.constants) add_constant(name, value);
  }

  // split: the parts become new columns, the split column is not emitted.
  if (settings.split) {
    for (const auto& rule : *settings.split) {
      const auto source = find_column(m_headers, rule.column);
      if (!source) continue;  // another year's template may not have it
      m_splits.push_back(Split{*source, rule.separator,
                               static_cast<std::uint32_t>(m_headers.size()), rule.into.size()});
      for (const auto& name : rule.into) m_headers.push_back(name);
    }
  }
  m_split_source.assign(m_headers.size(), false);
  for (const auto& split : m_splits) m_split_source[split.source] = true;

  // filter: on the columns as they are now.
  if (settings.filter) {
    for (const auto& rule : *settings.filter) {
      const auto column = find_column(m_headers, rule.column);
      if (!column) {
        throw FileError(FileFailure::Transform,
                        "filter: the file has no column '" + printable(rule.column) +
                            "' to filter on: fix the filter's column name or move the file");
      }
      Filter filter{*column, rule.values, std::nullopt};
      if (rule.pattern) filter.pattern.emplace(*rule.pattern, "filter." + rule.column);
      m_filters.push_back(std::move(filter));
    }
  }
  // A split column is not a column of the table: with no header and no value
  // the loader leaves it out.
  for (const auto& split : m_splits) m_headers[split.source].clear();
  m_slots.resize(m_headers.size());
  m_filled.resize(m_headers.size());
  m_scratch.resize(m_splits.size() + m_filters.size());
}

bool DeclarativeTransform::apply(const workbook::RowView& in, std::vector<workbook::Cell>& out) {
  std::fill(m_filled.begin(), m_filled.end(), false);
  for (const auto& cell : in.cells) {
    if (cell.column >= m_output_of_input.size()) continue;  // no header: not a column here
    if (m_output_of_input[cell.column] < 0) continue;
    const auto to = static_cast<std::size_t>(m_output_of_input[cell.column]);
    m_slots[to] = cell;
    m_slots[to].column = static_cast<std::uint32_t>(to);
    m_filled[to] = true;
  }
  for (std::size_t i = 0; i < m_added.size(); ++i) {
    const auto to = m_first_added + static_cast<std::uint32_t>(i);
    if (m_added[i].kind == workbook::CellKind::Empty) continue;
    m_slots[to] = m_added[i];
    m_slots[to].column = to;
    m_filled[to] = true;
  }
  for (std::size_t s = 0; s < m_splits.size(); ++s) {
    const auto& split = m_splits[s];
    if (!m_filled[split.source]) continue;
    std::string_view rest = cell_text(m_slots[split.source], m_scratch[s]);
    for (std::size_t part = 0; part < split.parts && !rest.empty(); ++part) {
      std::string_view piece = rest;
      const auto at = rest.find(split.separator);
      if (at != std::string_view::npos && part + 1 < split.parts) {
        piece = rest.substr(0, at);
        rest.remove_prefix(at + split.separator.size());
      } else {
        rest = {};
      }
      const auto to = split.first_target + static_cast<std::uint32_t>(part);
      type_text(piece, m_locale, m_slots[to]);
      m_slots[to].column = to;
      m_filled[to] = m_slots[to].kind != workbook::CellKind::Empty;
    }
  }
  for (std::size_t f = 0; f < m_filters.size(); ++f) {
    const auto& filter = m_filters[f];
    std::string_view text;
    if (m_filled[filter.column]) {
      text = cell_text(m_slots[filter.column], m_scratch[m_splits.size() + f]);
    }
    const bool keep = filter.pattern ? filter.pattern->found_in(text)
                                     : std::find(filter.values.begin(), filter.values.end(),
                                                 text) != filter.values.end();
    if (!keep) return false;
  }
  out.clear();
  for (std::size_t i = 0; i < m_slots.size(); ++i) {
    if (m_filled[i] && !m_split_source[i]) out.push_back(m_slots[i]);
  }
  return true;
}

}  // namespace pgdatahub::transform
