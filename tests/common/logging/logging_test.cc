#include "common/logging/logging.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"

namespace ccrm {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

using Json = nlohmann::json;

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

// Every test writes to its own file, so the test output stays readable and files can be checked.
class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = absl::StrCat(::testing::TempDir(), "/ccrm_logging_", info->name(), ".log");
    std::remove(path_.c_str());
    ASSERT_OK(InitLogging("customer-profile", LogLevel::kInfo, path_));
  }
  void TearDown() override {
    SetLogClock(nullptr);
    std::remove(path_.c_str());
  }

  std::string path_;
};

TEST(ParseLogLevelTest, AcceptsTheFourNamesInAnyCase) {
  ASSERT_OK_AND_ASSIGN(LogLevel debug, ParseLogLevel("debug"));
  EXPECT_EQ(debug, LogLevel::kDebug);
  ASSERT_OK_AND_ASSIGN(LogLevel info, ParseLogLevel("INFO"));
  EXPECT_EQ(info, LogLevel::kInfo);
  ASSERT_OK_AND_ASSIGN(LogLevel warn, ParseLogLevel("Warn"));
  EXPECT_EQ(warn, LogLevel::kWarn);
  ASSERT_OK_AND_ASSIGN(LogLevel error, ParseLogLevel("error"));
  EXPECT_EQ(error, LogLevel::kError);
}

TEST(ParseLogLevelTest, RejectsOtherNames) {
  EXPECT_THAT(ParseLogLevel("warning"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("warning")));
  EXPECT_THAT(ParseLogLevel(""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLogLevel("trace"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(LogLevelNameTest, NamesAreLowerCase) {
  EXPECT_STREQ(LogLevelName(LogLevel::kDebug), "debug");
  EXPECT_STREQ(LogLevelName(LogLevel::kInfo), "info");
  EXPECT_STREQ(LogLevelName(LogLevel::kWarn), "warn");
  EXPECT_STREQ(LogLevelName(LogLevel::kError), "error");
}

TEST_F(LoggingTest, WritesOneExactJsonLine) {
  FakeClock clock(absl::FromUnixMicros(1795334462123456));  // 2026-11-22T08:01:02.123456Z
  SetLogClock(&clock);
  ScopedLogCapture capture;

  LogInfo("rpc", {{"request_id", "req-1"},
                  {"method", "/ccrm.customer.v1.CustomerProfile/GetCustomer"},
                  {"code", "OK"},
                  {"latency_ms", 1.9},
                  {"attempt", int64_t{2}},
                  {"cached", false}});

  const std::string expected =
      R"({"ts":"2026-11-22T08:01:02.123456Z","level":"info","service":"customer-profile",)"
      R"("msg":"rpc","request_id":"req-1","method":"/ccrm.customer.v1.CustomerProfile/)"
      R"(GetCustomer","code":"OK","latency_ms":1.9,"attempt":2,"cached":false})";
  EXPECT_THAT(capture.lines(), ElementsAre(expected));
  EXPECT_THAT(ReadLines(path_), ElementsAre(expected));
}

TEST_F(LoggingTest, TimestampKeepsMicrosecondsWhenZero) {
  FakeClock clock(absl::FromUnixSeconds(1795334462));
  SetLogClock(&clock);
  ScopedLogCapture capture;
  LogWarn("tick");
  ASSERT_THAT(capture.lines(), SizeIs(1));
  const Json line = Json::parse(capture.lines()[0]);
  EXPECT_EQ(line["ts"], "2026-11-22T08:01:02.000000Z");
  EXPECT_EQ(line["level"], "warn");
}

TEST_F(LoggingTest, EscapesEverythingSoEachLineParses) {
  ScopedLogCapture capture;
  const std::string message =
      "quote \" backslash \\ newline \n tab \t bell \x07 nul " + std::string(1, '\0') + " end";
  const std::string invalid_utf8 = "bad \xff\xfe bytes";
  const std::string chinese = "客户信息";
  LogError(message, {{"key with \"quotes\"\n", invalid_utf8}, {"name", chinese}});

  ASSERT_THAT(capture.lines(), SizeIs(1));
  const std::string raw = capture.lines()[0];
  for (char c : raw) {
    EXPECT_GE(static_cast<unsigned char>(c), 0x20) << "raw control character in " << raw;
  }
  const Json line = Json::parse(raw);
  EXPECT_EQ(line["msg"], message);
  EXPECT_EQ(line["key with \"quotes\"\n"], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
  EXPECT_EQ(line["name"], chinese);
  EXPECT_THAT(raw, HasSubstr(chinese));  // Valid UTF-8 stays readable, not \u-escaped.
}

TEST_F(LoggingTest, FieldsCannotOverwriteStandardKeys) {
  ScopedLogCapture capture;
  LogInfo("real message", {{"msg", "spoof"}, {"level", "error"}, {"ts", int64_t{0}}});
  ASSERT_THAT(capture.lines(), SizeIs(1));
  const Json line = Json::parse(capture.lines()[0]);
  EXPECT_EQ(line["msg"], "real message");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["service"], "customer-profile");
  EXPECT_EQ(line["_msg"], "spoof");
  EXPECT_EQ(line["_level"], "error");
  EXPECT_EQ(line["_ts"], 0);
}

TEST_F(LoggingTest, FiltersBelowTheConfiguredLevel) {
  ASSERT_OK(InitLogging("risk-warning", LogLevel::kWarn, path_));
  ScopedLogCapture capture;
  EXPECT_FALSE(LogEnabled(LogLevel::kDebug));
  EXPECT_FALSE(LogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogLevel::kWarn));
  EXPECT_TRUE(LogEnabled(LogLevel::kError));

  LogDebug("d");
  LogInfo("i");
  LogWarn("w");
  LogError("e");
  SetLogLevel(LogLevel::kDebug);
  LogDebug("d2");

  std::vector<std::string> messages;
  for (const std::string& raw : capture.lines()) {
    const Json line = Json::parse(raw);
    EXPECT_EQ(line["service"], "risk-warning");
    messages.push_back(line["msg"]);
  }
  EXPECT_THAT(messages, ElementsAre("w", "e", "d2"));
  EXPECT_THAT(ReadLines(path_), SizeIs(3));
}

TEST_F(LoggingTest, CaptureSeesOnlyLinesWrittenWhileAlive) {
  LogInfo("before");
  ScopedLogCapture outer;
  {
    ScopedLogCapture inner;
    LogInfo("both");
    EXPECT_THAT(inner.lines(), SizeIs(1));
  }
  LogInfo("outer only");
  ASSERT_THAT(outer.lines(), SizeIs(2));
  EXPECT_EQ(Json::parse(outer.lines()[0])["msg"], "both");
  EXPECT_EQ(Json::parse(outer.lines()[1])["msg"], "outer only");
  EXPECT_THAT(ReadLines(path_), SizeIs(3));
}

TEST_F(LoggingTest, InitRejectsEmptyServiceName) {
  EXPECT_THAT(InitLogging("", LogLevel::kInfo), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(LoggingTest, InitReportsAnUnopenableFileAndKeepsThePreviousSetup) {
  EXPECT_THAT(InitLogging("other", LogLevel::kDebug, "/nonexistent-ccrm-dir/x.log"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent-ccrm-dir/x.log")));
  ScopedLogCapture capture;
  LogDebug("filtered, level is still info");
  LogInfo("kept");
  ASSERT_THAT(capture.lines(), SizeIs(1));
  EXPECT_EQ(Json::parse(capture.lines()[0])["service"], "customer-profile");
  EXPECT_THAT(ReadLines(path_), SizeIs(1));
}

TEST_F(LoggingTest, AppendsToAnExistingFile) {
  LogInfo("first");
  ASSERT_OK(InitLogging("customer-profile", LogLevel::kInfo, path_));
  LogInfo("second");
  const std::vector<std::string> lines = ReadLines(path_);
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(Json::parse(lines[0])["msg"], "first");
  EXPECT_EQ(Json::parse(lines[1])["msg"], "second");
}

TEST_F(LoggingTest, ManyThreadsWriteWholeLines) {
  constexpr int kThreads = 8;
  constexpr int kLinesPerThread = 500;
  ScopedLogCapture capture;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kLinesPerThread; ++i) {
        LogInfo("work", {{"thread", int64_t{t}},
                         {"seq", int64_t{i}},
                         {"payload", std::string(100, static_cast<char>('a' + t))}});
        LogDebug("filtered");
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  for (const std::vector<std::string>& lines : {capture.lines(), ReadLines(path_)}) {
    ASSERT_THAT(lines, SizeIs(kThreads * kLinesPerThread));
    std::vector<int64_t> next_seq(kThreads, 0);
    for (const std::string& raw : lines) {
      const Json line = Json::parse(raw);  // Throws, failing the test, on a torn line.
      const int64_t thread = line["thread"];
      ASSERT_GE(thread, 0);
      ASSERT_LT(thread, kThreads);
      // Lines of one thread keep their order.
      EXPECT_EQ(line["seq"], next_seq[thread]);
      ++next_seq[thread];
      EXPECT_EQ(line["payload"], std::string(100, static_cast<char>('a' + thread)));
    }
  }
}

TEST_F(LoggingTest, ReinitWhileOtherThreadsLogLosesNoLine) {
  constexpr int kLines = 2000;
  ScopedLogCapture capture;
  std::thread writer([] {
    for (int i = 0; i < kLines; ++i) {
      LogInfo("line", {{"seq", int64_t{i}}});
    }
  });
  for (int i = 0; i < 20; ++i) {
    ASSERT_OK(InitLogging("customer-profile", LogLevel::kInfo, path_));
  }
  writer.join();
  EXPECT_THAT(capture.lines(), SizeIs(kLines));
  EXPECT_THAT(ReadLines(path_), SizeIs(kLines));
}

TEST_F(LoggingTest, NoCaptureMeansNothingIsKept) {
  LogInfo("not captured");
  ScopedLogCapture capture;
  EXPECT_THAT(capture.lines(), IsEmpty());
}

}  // namespace
}  // namespace ccrm
