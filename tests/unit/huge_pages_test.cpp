#include <pgdatahub/core/huge_pages.hpp>

#include <gtest/gtest.h>

#include <sys/mman.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pgdatahub {
namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;

// The kernel's flags for the mapping that holds `address` ("hg": huge pages
// advised), from /proc/self/smaps; empty if no mapping holds it.
std::string mapping_flags(const void* address) {
  const auto wanted = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t first = 0;
    std::uintptr_t last = 0;
    char dash = 0;
    std::istringstream header(line);
    if (header >> std::hex >> first >> dash >> last && dash == '-') {
      inside = first <= wanted && wanted < last;
    } else if (inside && line.starts_with("VmFlags:")) {
      return line.substr(8) + " ";
    }
  }
  return {};
}

bool advised(const void* address) {
  return mapping_flags(address).find(" hg ") != std::string::npos;
}

class HugePagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
      GTEST_SKIP() << "this kernel has no transparent huge pages to advise";
    }
    // Four huge pages' worth, so that whatever the alignment, three whole
    // ones lie inside, with a partial one or none on each side.
    m_size = 4 * huge_page;
    m_memory = ::mmap(nullptr, m_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(m_memory, MAP_FAILED);
    m_bytes = static_cast<char*>(m_memory);
  }
  void TearDown() override {
    if (m_memory != nullptr && m_memory != MAP_FAILED) ::munmap(m_memory, m_size);
  }

  // The first huge-page boundary after `offset` bytes into the mapping.
  char* boundary_after(std::size_t offset) const {
    const auto at = reinterpret_cast<std::uintptr_t>(m_bytes + offset);
    return m_bytes +
           (((at + huge_page - 1) & ~(huge_page - 1)) - reinterpret_cast<std::uintptr_t>(m_bytes));
  }

  void* m_memory = nullptr;
  char* m_bytes = nullptr;
  std::size_t m_size = 0;
};

TEST_F(HugePagesTest, AdvisesTheWholeHugePagesInsideTheRangeAndNothingAround) {
  // From one byte in: the byte before the first boundary is left alone.
  char* const start = m_bytes + 1;
  char* const first = boundary_after(1);
  ASSERT_FALSE(advised(first)) << "advised before the call: the test proves nothing";
  prefer_huge_pages(start, m_size - 1);
  EXPECT_TRUE(advised(first));
  EXPECT_TRUE(advised(first + huge_page));
  EXPECT_FALSE(advised(first - 1));
}

TEST_F(HugePagesTest, ARangeHoldingNoWholeHugePageIsLeftAlone) {
  char* const first = boundary_after(1);
  prefer_huge_pages(first + 1, huge_page - 2);
  EXPECT_FALSE(advised(first + 1));
  EXPECT_FALSE(advised(first + huge_page / 2));
  prefer_huge_pages(nullptr, m_size);  // no memory: nothing to do, no fault
  prefer_huge_pages(first, 0);
  EXPECT_FALSE(advised(first));
}

}  // namespace
}  // namespace pgdatahub
