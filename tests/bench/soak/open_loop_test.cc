// Tests of the soak's open-loop driver: every scheduled operation is accounted for exactly once
// (started, completed or failed, or not started), warm-up apart from the steady phase, failures
// by code, step latencies, and a schedule the system cannot keep shows as late starts and
// operations not started, never as a quietly lower rate. Assertions are on counts that follow
// from the schedule, never on how long anything took.
#include "tests/bench/soak/open_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace ccrm::bench {
namespace {

using ::testing::HasSubstr;

// What a run reported through its hooks.
struct Observed {
  int steady_starts = 0;
  int64_t warmup_started_at_steady_start = -1;
  std::vector<int> interval_indexes;
  OpenLoopTally intervals_sum{0};
  int64_t max_behind = 0;
  OpenLoopTally steady{0};
  OpenLoopTally warmup{0};
  int64_t not_started = -1;
};

Observed RunLoop(OpenLoop& loop) {
  Observed seen;
  loop.Run(OpenLoop::Hooks{
      .on_steady_start =
          [&](const OpenLoopTally& warmup) {
            ++seen.steady_starts;
            seen.warmup_started_at_steady_start = warmup.started;
          },
      .on_interval =
          [&](int k, const OpenLoopTally& t, int64_t behind, int64_t) {
            seen.interval_indexes.push_back(k);
            seen.intervals_sum.Merge(t);
            seen.max_behind = std::max(seen.max_behind, behind);
          },
      .on_end =
          [&](const OpenLoopTally& steady, const OpenLoopTally& warmup, int64_t not_started) {
            seen.steady = steady;
            seen.warmup = warmup;
            seen.not_started = not_started;
          },
  });
  return seen;
}

// A schedule of `rate` per second for `duration`, reported every `interval`; no warm-up.
OpenLoop::Options Schedule(double rate, absl::Duration duration, absl::Duration interval) {
  OpenLoop::Options options;
  options.rate = rate;
  options.duration = duration;
  options.interval = interval;
  return options;
}

OpenLoop::Operation Succeeds(std::atomic<int>* calls) {
  return [calls](int, std::vector<absl::Duration>*) {
    ++*calls;
    return absl::OkStatus();
  };
}

TEST(OpenLoopTest, EveryScheduledOperationIsStartedAndCountedOnce) {
  std::atomic<int> calls{0};
  OpenLoop::Options options = Schedule(200, absl::Seconds(1), absl::Milliseconds(250));
  options.max_in_flight = 8;
  OpenLoop loop(options, Succeeds(&calls));
  const Observed seen = RunLoop(loop);

  EXPECT_EQ(seen.steady_starts, 1);
  EXPECT_THAT(seen.interval_indexes, ::testing::ElementsAre(0, 1, 2, 3));
  EXPECT_EQ(loop.ScheduledSteady(), 200);
  EXPECT_EQ(loop.ScheduledIn(0) + loop.ScheduledIn(1) + loop.ScheduledIn(2) + loop.ScheduledIn(3),
            200);
  EXPECT_EQ(seen.steady.started, 200);
  EXPECT_EQ(seen.steady.completed, 200);
  EXPECT_EQ(seen.steady.failed, 0);
  EXPECT_EQ(seen.steady.latency.count(), 200);
  EXPECT_EQ(seen.intervals_sum.started, 200);
  EXPECT_EQ(seen.intervals_sum.completed, 200);
  EXPECT_EQ(seen.not_started, 0);
  EXPECT_EQ(seen.warmup.started, 0);
  EXPECT_EQ(calls.load(), 200);
  EXPECT_EQ(seen.steady.ErrorCodes(), "none");
}

TEST(OpenLoopTest, WarmUpIsCountedApartFromTheSteadyPhase) {
  std::atomic<int> calls{0};
  OpenLoop::Options options = Schedule(100, absl::Milliseconds(300), absl::Milliseconds(100));
  options.warmup = absl::Milliseconds(200);
  options.max_in_flight = 4;
  OpenLoop loop(options, Succeeds(&calls));
  const Observed seen = RunLoop(loop);

  EXPECT_EQ(seen.warmup.started, 20);
  EXPECT_EQ(seen.warmup.completed, 20);
  EXPECT_LE(seen.warmup_started_at_steady_start, 20);
  EXPECT_EQ(loop.ScheduledSteady(), 30);
  EXPECT_EQ(seen.steady.started, 30);
  EXPECT_EQ(seen.steady.completed, 30);
  EXPECT_EQ(calls.load(), 50);
}

TEST(OpenLoopTest, FailuresAreCountedByCodeAndKeptOutOfTheLatencies) {
  std::atomic<int> calls{0};
  OpenLoop loop(Schedule(100, absl::Milliseconds(400), absl::Seconds(1)),
                [&calls](int, std::vector<absl::Duration>*) {
                  return ++calls % 4 == 0 ? absl::UnavailableError("down") : absl::OkStatus();
                });
  const Observed seen = RunLoop(loop);

  EXPECT_THAT(seen.interval_indexes, ::testing::ElementsAre(0));
  EXPECT_EQ(seen.steady.started, 40);
  EXPECT_EQ(seen.steady.failed, 10);
  EXPECT_EQ(seen.steady.completed, 30);
  EXPECT_EQ(seen.steady.latency.count(), 30);
  EXPECT_EQ(seen.steady.errors.at(absl::StatusCode::kUnavailable), 10);
  EXPECT_EQ(seen.steady.ErrorCodes(), "UNAVAILABLE:10");
}

TEST(OpenLoopTest, StepLatenciesAreRecordedPerStep) {
  OpenLoop::Options options = Schedule(50, absl::Milliseconds(200), absl::Milliseconds(200));
  options.step_names = {"create", "read"};
  OpenLoop loop(options, [](int, std::vector<absl::Duration>* steps) {
    (*steps)[0] = absl::Milliseconds(1);
    (*steps)[1] = absl::Milliseconds(20);
    return absl::OkStatus();
  });
  const Observed seen = RunLoop(loop);

  ASSERT_EQ(seen.steady.steps.size(), 2u);
  EXPECT_EQ(seen.steady.steps[0].count(), 10);
  EXPECT_EQ(seen.steady.steps[1].count(), 10);
  EXPECT_EQ(seen.steady.steps[1].max(), absl::Milliseconds(20));
  EXPECT_GE(seen.steady.steps[1].Percentile(0.5), absl::Milliseconds(19));
  EXPECT_LE(seen.steady.steps[1].Percentile(0.5), absl::Milliseconds(20));
  const std::string line = seen.steady.Latencies({"create", "read"});
  EXPECT_THAT(line, HasSubstr("create_p50_ms="));
  EXPECT_THAT(line, HasSubstr("read_p99_ms=20.000"));
}

// One thread, operations of 50 ms, 100 due per second: at most 14 can run before the grace
// period ends, so at least 36 of the 50 are never started, and the second one (due at 10 ms)
// cannot start before 50 ms.
TEST(OpenLoopTest, AScheduleTheSystemCannotKeepShowsAsLateAndNotStarted) {
  std::atomic<int> calls{0};
  OpenLoop::Options options = Schedule(100, absl::Milliseconds(500), absl::Milliseconds(100));
  options.late_after = absl::Milliseconds(20);
  options.grace = absl::Milliseconds(200);
  options.max_in_flight = 1;
  OpenLoop loop(options, [&calls](int, std::vector<absl::Duration>*) {
    ++calls;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return absl::OkStatus();
  });
  const Observed seen = RunLoop(loop);

  EXPECT_EQ(loop.ScheduledSteady(), 50);
  EXPECT_EQ(seen.steady.started + seen.not_started, 50);
  EXPECT_LE(seen.steady.started, 14);
  EXPECT_GE(seen.not_started, 36);
  EXPECT_GE(seen.steady.late, 1);
  EXPECT_GE(seen.steady.max_lag, absl::Milliseconds(40));
  EXPECT_GE(seen.max_behind, 1);
  EXPECT_EQ(seen.steady.completed, seen.steady.started);
  EXPECT_EQ(calls.load(), seen.steady.started);
  // Latency runs from the scheduled start, so the wait shows: the second one waited >= 40 ms.
  EXPECT_GE(seen.steady.latency.max(), absl::Milliseconds(90));
}

}  // namespace
}  // namespace ccrm::bench
