// The soak's open-loop driver: operations (e.g. the cross-service flow) started on a fixed
// schedule, operation i at start + i / rate, whether or not the earlier ones are done, so that a
// system which cannot keep up shows it instead of slowing the load down (a closed loop would
// hide that). A warm-up, then a steady phase cut into intervals, each reported on its own.
//
// Up to max_in_flight operations run at once, one thread each. When all are busy the next ones
// start late: their latency is counted from the scheduled start (waiting for a free thread
// counts), they are counted as late when the wait exceeds late_after, and "behind" says how many
// were due but not started at an interval's end. Operations still waiting more than `grace` after
// the steady phase has ended are not started at all and are counted as such. Nothing is skipped
// quietly.
//
// Example:
//   OpenLoop loop(OpenLoop::Options{.rate = 50, .warmup = absl::Seconds(10),
//                                   .duration = absl::Minutes(15), .interval = absl::Seconds(10),
//                                   .step_names = {"create", "read"}},
//                 [&](int worker, std::vector<absl::Duration>* steps) { return RunFlow(steps); });
//   loop.Run({.on_steady_start = [](const OpenLoopTally& warmup) { ... },
//             .on_interval = [](int k, const OpenLoopTally& t, int64_t behind, int64_t in_flight)
//                            { ... },
//             .on_end = [](const OpenLoopTally& steady, const OpenLoopTally& warmup,
//                          int64_t not_started) { ... }});
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/bench/latency_histogram.h"

namespace ccrm::bench {

// What the operations of one interval (or of a whole phase) did: starts are counted in the
// interval they started in, outcomes and latencies in the one they completed in.
struct OpenLoopTally {
  explicit OpenLoopTally(size_t steps = 0) : steps(steps) {}

  int64_t started = 0;
  int64_t completed = 0;
  int64_t failed = 0;
  // Started more than Options::late_after after their scheduled time.
  int64_t late = 0;
  absl::Duration max_lag;
  // Successful operations, from the scheduled start to the end.
  LatencyHistogram latency;
  // Each step of the successful operations, as the operation reported it.
  std::vector<LatencyHistogram> steps;
  std::map<absl::StatusCode, int64_t> errors;

  void Merge(const OpenLoopTally& other);
  // "none" or e.g. "DEADLINE_EXCEEDED:2,UNAVAILABLE:1".
  std::string ErrorCodes() const;
  // "p50_ms=… p95_ms=… p99_ms=… max_ms=…", then "<step>_p50_ms=… <step>_p99_ms=…" per step.
  std::string Latencies(const std::vector<std::string>& step_names) const;
};

class OpenLoop final {
 public:
  struct Options {
    // Operations started per second.
    double rate = 1;
    absl::Duration warmup;
    absl::Duration duration = absl::Seconds(10);
    // Length of each reported interval of the steady phase (the last may be shorter).
    absl::Duration interval = absl::Seconds(10);
    absl::Duration late_after = absl::Milliseconds(100);
    // How long after the end operations still waiting for a thread may start.
    absl::Duration grace = absl::Seconds(20);
    int max_in_flight = 64;
    std::vector<std::string> step_names;
  };
  // One operation on `worker` (0..max_in_flight-1); fills `step_times` (sized as step_names)
  // with each step's latency when it succeeds.
  using Operation =
      std::function<absl::Status(int worker, std::vector<absl::Duration>* step_times)>;

  // Called on Run's thread.
  struct Hooks {
    // When the warm-up is over, with what it did so far.
    std::function<void(const OpenLoopTally& warmup)> on_steady_start;
    // After each interval: its index, its tally, operations due but not started, in flight.
    std::function<void(int index, const OpenLoopTally& tally, int64_t behind, int64_t in_flight)>
        on_interval;
    // Once every operation has ended: the steady phase's tally, the whole warm-up's, and the
    // operations never started.
    std::function<void(const OpenLoopTally& steady, const OpenLoopTally& warmup,
                       int64_t not_started)>
        on_end;
  };

  // rate must be positive, interval positive, max_in_flight >= 1.
  OpenLoop(Options options, Operation operation);

  // Runs the warm-up and the steady phase; returns when every operation has ended.
  void Run(const Hooks& hooks);

  int intervals() const { return intervals_; }
  // Operations due in interval k of the steady phase, and in the whole steady phase.
  int64_t ScheduledIn(int k) const;
  int64_t ScheduledSteady() const;
  // Length of interval k (the last one may be shorter).
  absl::Duration IntervalLength(int k) const;

 private:
  int64_t DueAt(int64_t i) const;
  int64_t DueBefore(int64_t t) const;
  int64_t Behind() const;
  int IntervalOf(int64_t t) const;
  OpenLoopTally TakeInterval(int k);
  void Work(int worker);

  const Options options_;
  const Operation operation_;
  const double period_ns_;
  const int64_t interval_ns_;
  const int intervals_;
  int64_t start_ns_ = 0;
  int64_t steady_ns_ = 0;
  int64_t end_ns_ = 0;
  std::atomic<int64_t> next_{0};
  std::atomic<int64_t> claimed_{0};
  std::atomic<int64_t> in_flight_{0};
  absl::Mutex mu_;
  OpenLoopTally warmup_ ABSL_GUARDED_BY(mu_);
  OpenLoopTally steady_ ABSL_GUARDED_BY(mu_);
  std::map<int, OpenLoopTally> by_interval_ ABSL_GUARDED_BY(mu_);
  int64_t not_started_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace ccrm::bench
