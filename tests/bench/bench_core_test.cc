// Tests of the benchmark harness itself: histogram arithmetic and percentiles, the RESULT line,
// the closed-loop drivers' accounting, the code generator and the flag helpers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>

#include "common/testing/status_matchers.h"
#include "services/customer-profile/domain/uscc.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/latency_histogram.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/uscc_sequence.h"

namespace ccrm::bench {
namespace {

using ::ccrm::testing::IsOk;
using ::ccrm::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(LatencyHistogramTest, BucketsAreContiguousAndBoundsContainTheirValues) {
  int previous = -1;
  for (uint64_t v = 0; v < 200000; ++v) {
    const int b = LatencyHistogram::BucketOf(v);
    ASSERT_TRUE(b == previous || b == previous + 1) << "value " << v;
    ASSERT_GE(LatencyHistogram::BucketUpperBound(b), v) << "value " << v;
    if (b > 0) {
      ASSERT_LT(LatencyHistogram::BucketUpperBound(b - 1), v) << "value " << v;
    }
    previous = b;
  }
  const uint64_t huge = uint64_t{1} << 62;
  EXPECT_GE(LatencyHistogram::BucketUpperBound(LatencyHistogram::BucketOf(huge)), huge);
}

TEST(LatencyHistogramTest, RelativeErrorStaysBelowTwoPercent) {
  for (uint64_t v : {1000ULL, 123456ULL, 9999999ULL, 5000000000ULL}) {
    const uint64_t bound = LatencyHistogram::BucketUpperBound(LatencyHistogram::BucketOf(v));
    EXPECT_LE(static_cast<double>(bound - v) / static_cast<double>(v), 0.02) << v;
  }
}

TEST(LatencyHistogramTest, PercentilesOfAUniformSpread) {
  LatencyHistogram h;
  for (int ms = 1; ms <= 100; ++ms) {
    h.Record(absl::Milliseconds(ms));
  }
  EXPECT_EQ(h.count(), 100);
  EXPECT_NEAR(absl::ToDoubleMilliseconds(h.Percentile(0.50)), 50, 1);
  EXPECT_NEAR(absl::ToDoubleMilliseconds(h.Percentile(0.90)), 90, 1);
  EXPECT_NEAR(absl::ToDoubleMilliseconds(h.Percentile(0.99)), 99, 1.5);
  EXPECT_EQ(h.Percentile(1.0), absl::Milliseconds(100));
  EXPECT_EQ(h.max(), absl::Milliseconds(100));
  EXPECT_NEAR(absl::ToDoubleMilliseconds(h.Mean()), 50.5, 0.01);
}

TEST(LatencyHistogramTest, EmptyAndNegative) {
  LatencyHistogram h;
  EXPECT_EQ(h.Percentile(0.5), absl::ZeroDuration());
  EXPECT_EQ(h.Mean(), absl::ZeroDuration());
  h.Record(absl::Milliseconds(-3));
  EXPECT_EQ(h.count(), 1);
  EXPECT_EQ(h.Percentile(0.99), absl::ZeroDuration());
}

TEST(LatencyHistogramTest, MergeAddsCountsAndKeepsTheMax) {
  LatencyHistogram a;
  LatencyHistogram b;
  a.Record(absl::Microseconds(10));
  b.Record(absl::Microseconds(30));
  b.Record(absl::Microseconds(20));
  a.Merge(b);
  EXPECT_EQ(a.count(), 3);
  EXPECT_EQ(a.max(), absl::Microseconds(30));
  EXPECT_NEAR(absl::ToDoubleMicroseconds(a.Percentile(0.5)), 20, 0.5);
}

TEST(FormatResultLineTest, HoldsEveryFigure) {
  RunResult r;
  r.window = absl::Seconds(2);
  r.ok = 300;
  for (int i = 0; i < 300; ++i) {
    r.latency.Record(absl::Milliseconds(2));
  }
  r.errors[absl::StatusCode::kUnavailable] = 3;
  r.errors[absl::StatusCode::kDeadlineExceeded] = 1;
  r.extra.emplace_back("cpu_client", "12.5");
  const LoadOptions load{.concurrency = 8};
  EXPECT_EQ(FormatResultLine("echo", load, r),
            "RESULT scenario=echo concurrency=8 duration_s=2.000 calls=304 qps=150.0 "
            "p50_ms=2.000 p90_ms=2.000 p99_ms=2.000 max_ms=2.000 mean_ms=2.000 errors=4 "
            "error_codes=DEADLINE_EXCEEDED:1,UNAVAILABLE:3 cpu_client=12.5");
}

TEST(FormatResultLineTest, NoErrorsSaysNone) {
  RunResult r;
  EXPECT_THAT(FormatResultLine("db_read", LoadOptions{}, r),
              AllOf(StartsWith("RESULT scenario=db_read concurrency=16 "), HasSubstr(" qps=0.0 "),
                    HasSubstr(" errors=0 error_codes=none")));
}

// Operations that complete before their start function returns must neither recurse without
// bound nor be lost; every worker stops and every completion inside the window is counted.
TEST(RunAsyncClosedLoopTest, InlineCompletionsAreCountedAndWorkersStop) {
  std::atomic<int64_t> started{0};
  const LoadOptions load{
      .concurrency = 4, .warmup = absl::ZeroDuration(), .duration = absl::Milliseconds(100)};
  bool started_hook = false;
  bool ended_hook = false;
  RunResult r = RunAsyncClosedLoop(
      load,
      [&started](int worker, DoneCallback done) {
        const int64_t n = started.fetch_add(1);
        done(worker == 3 ? absl::StatusCode::kUnavailable : absl::StatusCode::kOk);
        (void)n;
      },
      WindowHooks{[&] { started_hook = true; }, [&] { ended_hook = true; }});
  EXPECT_TRUE(started_hook);
  EXPECT_TRUE(ended_hook);
  EXPECT_GT(r.ok, 0);
  EXPECT_GT(r.errors[absl::StatusCode::kUnavailable], 0);
  EXPECT_EQ(r.latency.count(), r.ok);
  // Every call started completed; those after the window's end are not counted.
  EXPECT_LE(r.ok + r.error_count(), started.load());
  EXPECT_EQ(r.window, absl::Milliseconds(100));
}

TEST(RunBlockingClosedLoopTest, CountsOutcomesPerCode) {
  const LoadOptions load{
      .concurrency = 3, .warmup = absl::ZeroDuration(), .duration = absl::Milliseconds(50)};
  std::atomic<int64_t> calls{0};
  RunResult r = RunBlockingClosedLoop(load, [&calls](int worker) {
    calls.fetch_add(1);
    return worker == 0 ? absl::StatusCode::kAborted : absl::StatusCode::kOk;
  });
  EXPECT_GT(r.ok, 0);
  EXPECT_GT(r.errors[absl::StatusCode::kAborted], 0);
  EXPECT_EQ(r.errors.size(), 1u);
  EXPECT_LE(r.ok + r.error_count(), calls.load());
}

TEST(UsccSequenceTest, CodesAreValidAndDistinct) {
  UsccSequence codes(987654321987ULL);
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    const std::string code = codes.Next();
    ASSERT_THAT(customer::ValidateUnifiedSocialCreditCode(code), IsOk()) << code;
    ASSERT_TRUE(seen.insert(code).second) << "repeated " << code;
  }
  EXPECT_THAT(*seen.begin(), StartsWith("91321987"));
}

TEST(UsccSequenceTest, CountsUpInTheLastPositionsFromTheSeed) {
  UsccSequence codes(123456);  // division 123456, counter starting at 0
  EXPECT_THAT(codes.Next(), StartsWith("91123456000000000"));
  EXPECT_THAT(codes.Next(), StartsWith("91123456000000001"));
}

TEST(ParseWatchListTest, ParsesLabelsAndPids) {
  EXPECT_THAT(ParseWatchList(""), IsOk());
  absl::StatusOr<std::vector<WatchedProcess>> list = ParseWatchList("server:12,mariadbd:345");
  ASSERT_THAT(list, IsOk());
  EXPECT_THAT(
      *list,
      ElementsAre(
          AllOf(Field(&WatchedProcess::label, "server"), Field(&WatchedProcess::pid, 12)),
          AllOf(Field(&WatchedProcess::label, "mariadbd"), Field(&WatchedProcess::pid, 345))));
  EXPECT_THAT(ParseWatchList("server"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseWatchList("server:x"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseWatchList("a b:1"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseWatchList("s:0"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ProcessCpuTimeTest, ReadsThisProcessAndRejectsAMissingOne) {
  EXPECT_THAT(ProcessCpuTime(getpid()), IsOk());
  EXPECT_THAT(ProcessCpuTime(0x7ffffff0), StatusIs(absl::StatusCode::kNotFound));
}

TEST(RequireLoopbackTest, OnlyThisMachine) {
  EXPECT_THAT(RequireLoopbackTarget("127.0.0.1:50051"), IsOk());
  EXPECT_THAT(RequireLoopbackTarget("127.3.4.5:1"), IsOk());
  EXPECT_THAT(RequireLoopbackTarget("localhost:50051"), IsOk());
  EXPECT_THAT(RequireLoopbackTarget("[::1]:50051"), IsOk());
  EXPECT_THAT(RequireLoopbackTarget("10.0.0.1:50051"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a loopback")));
  EXPECT_THAT(RequireLoopbackTarget("example.com:443"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(RequireLoopbackTarget("127.0.0.1"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(RequireLoopbackHost("127.0.0.256"), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ccrm::bench
