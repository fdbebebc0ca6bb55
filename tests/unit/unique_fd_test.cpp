#include <pgdatahub/core/unique_fd.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <utility>

namespace pgdatahub {
namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

int open_null() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

TEST(UniqueFdTest, ClosesWhenItGoesOutOfScope) {
  int number = -1;
  {
    const UniqueFd fd(open_null());
    ASSERT_TRUE(fd.valid());
    number = fd.get();
    EXPECT_TRUE(is_open(number));
  }
  EXPECT_FALSE(is_open(number));
}

TEST(UniqueFdTest, MovingHandsOverOwnershipOnce) {
  UniqueFd first(open_null());
  const int number = first.get();
  UniqueFd second(std::move(first));
  // The moved-from state is what is tested.
  // NOLINTNEXTLINE(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
  EXPECT_FALSE(first.valid());
  EXPECT_EQ(second.get(), number);

  UniqueFd third(open_null());
  const int replaced = third.get();
  third = std::move(second);
  EXPECT_EQ(third.get(), number);
  EXPECT_FALSE(is_open(replaced));
  EXPECT_TRUE(is_open(number));
}

TEST(UniqueFdTest, CloseReportsSuccessAndLeavesNothingToCloseTwice) {
  UniqueFd fd(open_null());
  const int number = fd.get();
  EXPECT_TRUE(fd.close());
  EXPECT_FALSE(fd.valid());
  EXPECT_FALSE(is_open(number));
  EXPECT_TRUE(fd.close());  // nothing left: not an error
}

TEST(UniqueFdTest, ReleaseGivesTheDescriptorUpWithoutClosingIt) {
  UniqueFd fd(open_null());
  const int number = fd.release();
  EXPECT_FALSE(fd.valid());
  EXPECT_TRUE(is_open(number));
  ::close(number);
}

TEST(UniqueFdTest, AFailedOpenIsHeldAsNoDescriptor) {
  const UniqueFd fd(::open("/nonexistent/pgdatahub", O_RDONLY | O_CLOEXEC));
  EXPECT_FALSE(fd.valid());
}

}  // namespace
}  // namespace pgdatahub
