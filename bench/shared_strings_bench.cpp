// Loads the shared string table of an .xlsx, inflating included, and reports
// its size and the CPU time it took:
//   shared_strings_bench FILE [--plain] [--repeat N]
// --plain loads it through the XML scanner's events only (the fast path off),
// the twin the fast path is measured against in the same run.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/xlsx/shared_strings.hpp>
#include <pgdatahub/workbook/zip_archive.hpp>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

constexpr const char* usage = "usage: shared_strings_bench FILE [--plain] [--repeat N]\n";

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') {
    std::fputs(usage, argc >= 2 && std::strcmp(argv[1], "--help") == 0 ? stdout : stderr);
    return argc >= 2 && std::strcmp(argv[1], "--help") == 0 ? 0 : 2;
  }
  bool plain = false;
  long repeat = 1;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--plain") == 0) {
      plain = true;
    } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
      repeat = std::strtol(argv[++i], nullptr, 10);
    } else {
      std::fputs(usage, stderr);
      return 2;
    }
  }
  try {
    std::ifstream in(argv[1], std::ios::binary);
    const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && !in) throw std::runtime_error(std::string("cannot read ") + argv[1]);
    const pgdatahub::workbook::ZipArchive zip(std::as_bytes(std::span(file.data(), file.size())));
    const auto* part = zip.find("xl/sharedStrings.xml");
    if (part == nullptr) throw std::runtime_error("no xl/sharedStrings.xml");
    pgdatahub::workbook::xlsx::SharedStrings strings;
    const double started = cpu_seconds();
    for (long i = 0; i < repeat; ++i) {
      auto stream = zip.open(*part);
      strings.load(*stream, !plain, part->uncompressed_size);
    }
    const double seconds = (cpu_seconds() - started) / static_cast<double>(repeat);
    std::printf("strings %zu bytes %zu cpu_seconds %.4f\n", strings.size(), strings.bytes(),
                seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shared_strings_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
