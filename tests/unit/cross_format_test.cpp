// Every corpus file of the formats read here either reads fully or fails with
// a FileError, and one workbook saved in several formats reads the same.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/workbook/ods/ods_workbook.hpp>
#include <pgdatahub/workbook/workbook.hpp>
#include <pgdatahub/workbook/xls/xls_workbook.hpp>
#include <pgdatahub/workbook/xlsb/xlsb_workbook.hpp>
#include <support/corpus.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>

namespace pgdatahub::workbook {
namespace {

using Opener = std::unique_ptr<Workbook> (*)(std::span<const std::byte>, const std::string&);

std::unique_ptr<Workbook> open_xls(std::span<const std::byte> bytes, const std::string& name) {
  return xls::open_xls_workbook(bytes, name);
}

std::unique_ptr<Workbook> open_ods(std::span<const std::byte> bytes, const std::string& name) {
  return ods::open_ods_workbook(bytes, name, {});
}

std::unique_ptr<Workbook> open_fods(std::span<const std::byte> bytes, const std::string& name) {
  return ods::open_fods_workbook(bytes, name);
}

std::unique_ptr<Workbook> open_xlsb(std::span<const std::byte> bytes, const std::string& name) {
  return xlsb::open_xlsb_workbook(bytes, name, {});
}

const std::map<std::string, Opener>& openers() {
  static const std::map<std::string, Opener> by_extension = {
      {".xls", &open_xls},
      {".ods", &open_ods},
      {".fods", &open_fods},
      {".xlsb", &open_xlsb},
  };
  return by_extension;
}

TEST(CorpusSweep, EveryFileReadsOrFailsWithFileError) {
  const auto dir = test::corpus_dir();
  if (!dir) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(*dir)) {
    if (!entry.is_regular_file()) continue;
    const auto found = openers().find(entry.path().extension().string());
    if (found == openers().end()) continue;
    ++files;
    const auto relative = std::filesystem::relative(entry.path(), *dir).string();
    const auto bytes = test::read_bytes(entry.path());
    const auto start = std::chrono::steady_clock::now();
    std::string outcome;
    try {
      auto book = found->second(bytes, relative);
      std::size_t rows = 0;
      for (std::size_t i = 0; i < book->sheets().size(); ++i) {
        auto reader = book->open_sheet(i);
        RowView row;
        while (reader->next_row(row)) ++rows;
      }
      outcome = "ok: " + std::to_string(book->sheets().size()) + " sheets, " +
                std::to_string(rows) + " rows";
    } catch (const FileError& error) {
      outcome = std::string(failure_name(error.failure())) + ": " + error.what();
    } catch (const std::exception& error) {
      ADD_FAILURE() << relative << " threw a non-FileError: " << error.what();
      continue;
    }
    const auto elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("  %-60s %s (%.3fs)\n", relative.c_str(), outcome.c_str(), elapsed);
  }
  EXPECT_GT(files, 0u);
}

std::vector<std::string> dump_corpus_file(const std::string& relative) {
  const auto path = *test::corpus_dir() / relative;
  const auto bytes = test::read_bytes(path);
  auto book = openers().at(path.extension().string())(bytes, relative);
  return test::dump_workbook(*book);
}

TEST(CrossFormat, SampleWorkbookReadsTheSameAsXlsAndOds) {
  if (!test::corpus_dir()) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  EXPECT_EQ(dump_corpus_file("poi/SampleSS.xls"), dump_corpus_file("poi/SampleSS.ods"));
}

std::vector<std::string> dump_detected(const std::string& relative) {
  const auto bytes = test::read_bytes(*test::corpus_dir() / relative);
  auto book = open_workbook(bytes, relative);
  return test::dump_workbook(*book);
}

TEST(CrossFormat, SampleWorkbookReadsTheSameInXlsXlsxAndOds) {
  if (!test::corpus_dir()) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  const auto xls = dump_detected("poi/SampleSS.xls");
  EXPECT_EQ(xls, dump_detected("poi/SampleSS.xlsx"));
  EXPECT_EQ(xls, dump_detected("poi/SampleSS.ods"));
}

TEST(CrossFormat, BothDateSystemsGiveTheSameDates) {
  if (!test::corpus_dir()) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  EXPECT_EQ(dump_corpus_file("poi/1900DateWindowing.xls"),
            dump_corpus_file("poi/1904DateWindowing.xls"));
  EXPECT_EQ(dump_corpus_file("calamine/date.xlsb"), dump_corpus_file("calamine/date_1904.xlsb"));
}

TEST(CrossFormat, DatesReadTheSameFromXlsbAndOds) {
  if (!test::corpus_dir()) GTEST_SKIP() << "corpus ../shared/corpus is not available";
  const auto xlsb = dump_corpus_file("calamine/date.xlsb");
  const auto ods = dump_corpus_file("calamine/date.ods");
  ASSERT_GE(xlsb.size(), 3u);
  ASSERT_GE(ods.size(), 3u);
  // Row 1 holds the same date in both; the other rows differ in the sources
  // themselves (the .ods has a datetime and times where the .xlsb has a date).
  EXPECT_EQ(xlsb[0], ods[0]);
  EXPECT_EQ(xlsb[1], ods[1]);
  EXPECT_EQ(xlsb[1], "1 A=d:2021-01-01 B=n:15");
}

}  // namespace
}  // namespace pgdatahub::workbook
