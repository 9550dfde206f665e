#include "common/auth/token_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/time/time.h"
#include "common/time/clock.h"

namespace ccrm {
namespace {

std::string TempPath() {
  char path[] = "/tmp/ccrm-token-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  return path;
}

void Write(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::trunc);
  out << content;
}

TEST(TokenFileTest, ReadsTrimsAndRefreshesAfterTheInterval) {
  const std::string path = TempPath();
  Write(path, "  token-one\n");
  FakeClock clock(absl::FromUnixSeconds(1'000'000));
  TokenFile token(path, &clock, absl::Seconds(30));
  EXPECT_EQ(token.Authorization(), "Bearer token-one");

  Write(path, "token-two\n");
  clock.Advance(absl::Seconds(29));
  EXPECT_EQ(token.Authorization(), "Bearer token-one") << "re-read before the interval";
  clock.Advance(absl::Seconds(1));
  EXPECT_EQ(token.Authorization(), "Bearer token-two");
  std::remove(path.c_str());
}

TEST(TokenFileTest, KeepsTheLastGoodTokenWhenTheFileGoesAway) {
  const std::string path = TempPath();
  Write(path, "token-one");
  FakeClock clock(absl::FromUnixSeconds(1'000'000));
  TokenFile token(path, &clock, absl::Seconds(1));
  EXPECT_EQ(token.Authorization(), "Bearer token-one");
  std::remove(path.c_str());
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(token.Authorization(), "Bearer token-one");
  Write(path, "");
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(token.Authorization(), "Bearer token-one") << "an empty file is not a token";
  std::remove(path.c_str());
}

TEST(TokenFileTest, EmptyWhenNeverReadable) {
  FakeClock clock(absl::FromUnixSeconds(1'000'000));
  TokenFile token("/nonexistent/ccrm/token", &clock);
  EXPECT_EQ(token.Authorization(), "");
}

}  // namespace
}  // namespace ccrm
