#include <pgdatahub/transform/row_transform.hpp>

namespace pgdatahub::transform {
namespace {

bool has_declarative(const config::TransformSettings& settings) {
  return settings.rename || settings.drop || settings.file_pattern || settings.constants ||
         settings.filter || settings.split;
}

}  // namespace

RowTransform::RowTransform(const config::TransformSettings& settings,
                           const types::TextLocale& locale, const std::string& source_file,
                           const std::string& sheet, const std::vector<std::string>& headers,
                           const std::atomic<bool>* stop) {
  if (has_declarative(settings)) m_declarative.emplace(settings, locale, source_file, headers);
  if (settings.script) {
    m_script =
        std::make_unique<LuaScript>(*settings.script, locale, source_file, sheet,
                                    m_declarative ? m_declarative->headers() : headers, stop);
  }
}

const std::vector<std::string>& RowTransform::headers() const {
  return m_script ? m_script->headers() : m_declarative->headers();
}

void RowTransform::apply(const workbook::RowView& row, const EmitRow& emit) {
  if (!m_declarative) {
    m_script->apply(row, emit);
    return;
  }
  if (!m_declarative->apply(row, m_cells)) return;
  const workbook::RowView shaped{row.number, m_cells};
  if (m_script) {
    m_script->apply(shaped, emit);
  } else {
    emit(shaped);
  }
}

void RowTransform::finish() {
  if (m_script) m_script->end_file();
}

}  // namespace pgdatahub::transform
