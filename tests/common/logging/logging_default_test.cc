// Its own binary: checks the logger before anything called InitLogging, which no other test in a
// process could guarantee.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/logging/logging.h"

namespace ccrm {
namespace {

using ::testing::SizeIs;

TEST(LoggingDefaultTest, WorksWithoutInitAtInfoLevel) {
  ScopedLogCapture capture;
  EXPECT_FALSE(LogEnabled(LogLevel::kDebug));
  EXPECT_TRUE(LogEnabled(LogLevel::kInfo));
  LogDebug("dropped");
  LogInfo("default logger line (expected on stderr)", {{"n", int64_t{1}}});

  ASSERT_THAT(capture.lines(), SizeIs(1));
  const nlohmann::json line = nlohmann::json::parse(capture.lines()[0]);
  EXPECT_EQ(line["service"], "ccrm");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["n"], 1);
  const std::string ts = line["ts"];
  // e.g. 2026-11-22T08:01:02.123456Z
  EXPECT_THAT(ts, ::testing::MatchesRegex(
                      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z"));
}

}  // namespace
}  // namespace ccrm
