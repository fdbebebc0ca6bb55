#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/byte_cursor.hpp>

#include <string>

namespace pgdatahub::workbook {

void ByteCursor::short_record() const {
  throw FileError(FileFailure::Corrupt, std::string("malformed ") + m_format + ": " + m_record +
                                            " record is shorter than its content");
}

}  // namespace pgdatahub::workbook
