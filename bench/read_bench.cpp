// Reads every cell of a workbook's first sheet (any format) and reports
// throughput, and how long after opening the workbook its first row came:
//   read_bench FILE [--inflate-only] [--plain] [--repeat N] [--dump ROWS]
// --inflate-only inflates the first sheet's XML without scanning it: the floor
// under the reader's cost (.xlsx only). --plain reads with the fast paths off
// (OpenOptions::fast_paths): the reader as it was before them, in the same run. --dump prints the
// first ROWS rows, a cell a line.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xlsx/xlsx_workbook.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using pgdatahub::workbook::ZipArchive;

constexpr const char* usage =
    "usage: read_bench FILE [--inflate-only] [--plain] [--repeat N] [--dump ROWS]\n";

// The whole file. Throws std::runtime_error naming it when it is missing, a
// folder or unreadable (file_size refuses what is not a regular file).
std::vector<std::byte> load(const char* path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw std::runtime_error(std::string("cannot open ") + path + ": " + error.message());
  std::vector<std::byte> bytes(size);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  return bytes;
}

struct Result {
  std::uint64_t cells = 0;
  std::uint64_t xml_bytes = 0;
  double first_row_seconds = 0;  // from opening the workbook to its first row
};

Result inflate_only(const std::vector<std::byte>& bytes) {
  const ZipArchive zip(bytes);
  const auto wb_part = pgdatahub::workbook::xlsx::find_workbook_part(zip);
  // The first worksheet part in directory order is good enough for a floor.
  const pgdatahub::workbook::ZipEntry* sheet = nullptr;
  for (const auto& e : zip.entries()) {
    if (e.name.find("worksheets/") != std::string::npos) {
      sheet = &e;
      break;
    }
  }
  (void)wb_part;
  if (sheet == nullptr) throw std::runtime_error("no worksheet part");
  auto stream = zip.open(*sheet);
  std::vector<char> buffer(std::size_t{256} * 1024);
  Result r;
  while (const std::size_t n = stream->read(buffer)) r.xml_bytes += n;
  return r;
}

const char* kind_name(pgdatahub::workbook::CellKind kind) {
  using pgdatahub::workbook::CellKind;
  switch (kind) {
    case CellKind::Empty:
      return "empty";
    case CellKind::Number:
      return "number";
    case CellKind::Text:
      return "text";
    case CellKind::Boolean:
      return "boolean";
    case CellKind::Error:
      return "error";
    case CellKind::Date:
      return "date";
    case CellKind::DateTime:
      return "datetime";
    case CellKind::Time:
      return "time";
    case CellKind::Duration:
      return "duration";
  }
  return "?";
}

// Prints the first `rows` rows, one cell a line, to see what a reader makes of a file.
void dump(const std::vector<std::byte>& bytes, const char* name, long rows, bool plain) {
  pgdatahub::workbook::OpenOptions options;
  options.fast_paths = !plain;
  auto workbook = pgdatahub::workbook::open_workbook(bytes, name, options);
  auto reader = workbook->open_sheet(0);
  pgdatahub::workbook::RowView row;
  for (long n = 0; n < rows && reader->next_row(row); ++n) {
    for (const auto& cell : row.cells) {
      std::printf("%u:%u %s %.17g %lld \"%.*s\" %d\n", row.number, cell.column,
                  kind_name(cell.kind), cell.number, static_cast<long long>(cell.micros),
                  static_cast<int>(cell.text.size()), cell.text.data(), cell.boolean ? 1 : 0);
    }
  }
}

Result read_cells(const std::vector<std::byte>& bytes, const char* name, bool plain) {
  const auto start = std::chrono::steady_clock::now();
  pgdatahub::workbook::OpenOptions options;
  options.fast_paths = !plain;
  auto workbook = pgdatahub::workbook::open_workbook(bytes, name, options);
  auto reader = workbook->open_sheet(0);
  pgdatahub::workbook::RowView row;
  Result r;
  double checksum = 0;
  while (reader->next_row(row)) {
    if (r.cells == 0) {
      r.first_row_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    r.cells += row.cells.size();
    for (const auto& cell : row.cells)
      checksum += cell.number + static_cast<double>(cell.text.size());
  }
  r.xml_bytes = reader->stats().bytes_inflated;
  if (checksum == 0.5) std::puts("");  // keep the loop observable
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(usage, stdout);
      return 0;
    }
  }
  if (argc < 2 || argv[1][0] == '-') {
    std::fputs(usage, stderr);
    return 2;
  }
  bool inflate = false;
  bool plain = false;
  int repeat = 1;
  long dump_rows = 0;
  for (int i = 2; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--inflate-only") == 0) {
      inflate = true;
    } else if (std::strcmp(argv[i], "--plain") == 0) {
      plain = true;
    } else if (std::strcmp(argv[i], "--repeat") == 0 && has_value) {
      repeat = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--dump") == 0 && has_value) {
      dump_rows = std::atol(argv[++i]);
    } else {
      std::fprintf(stderr, "read_bench: unknown option %s\n%s", argv[i], usage);
      return 2;
    }
  }
  try {
    const auto bytes = load(argv[1]);
    if (dump_rows > 0) {
      dump(bytes, argv[1], dump_rows, plain);
      return 0;
    }
    double best = 1e300;
    double first_row = 1e300;
    Result result;
    for (int i = 0; i < repeat; ++i) {
      const auto start = std::chrono::steady_clock::now();
      result = inflate ? inflate_only(bytes) : read_cells(bytes, argv[1], plain);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      best = std::min(best, seconds);
      first_row = std::min(first_row, result.first_row_seconds);
    }
    const double mb = static_cast<double>(result.xml_bytes) / 1e6;
    if (inflate) {
      std::printf("inflate-only: %.1f MB XML in %.3f s: %.1f MB/s\n", mb, best, mb / best);
    } else {
      std::printf("cells %llu  seconds %.3f  cells/s %.0f  XML MB/s %.1f  first row after %.4f s\n",
                  static_cast<unsigned long long>(result.cells), best,
                  static_cast<double>(result.cells) / best, mb / best, first_row);
    }
  } catch (const pgdatahub::FileError& e) {
    std::fprintf(stderr, "file error (%s): %s\n", pgdatahub::failure_name(e.failure()), e.what());
    return 1;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "read_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
