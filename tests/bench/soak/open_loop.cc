#include "tests/bench/soak/open_loop.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ccrm::bench {
namespace {

int64_t MonotonicNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SleepUntilNanos(int64_t t) {
  std::this_thread::sleep_until(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(t)));
}

std::string Millis(absl::Duration d) {
  return absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(d));
}

}  // namespace

void OpenLoopTally::Merge(const OpenLoopTally& other) {
  started += other.started;
  completed += other.completed;
  failed += other.failed;
  late += other.late;
  max_lag = std::max(max_lag, other.max_lag);
  latency.Merge(other.latency);
  steps.resize(std::max(steps.size(), other.steps.size()));
  for (size_t i = 0; i < other.steps.size(); ++i) {
    steps[i].Merge(other.steps[i]);
  }
  for (const auto& [code, n] : other.errors) {
    errors[code] += n;
  }
}

std::string OpenLoopTally::ErrorCodes() const {
  std::string codes;
  for (const auto& [code, n] : errors) {
    absl::StrAppend(&codes, codes.empty() ? "" : ",", absl::StatusCodeToString(code), ":", n);
  }
  return codes.empty() ? "none" : codes;
}

std::string OpenLoopTally::Latencies(const std::vector<std::string>& step_names) const {
  std::string out = absl::StrCat(
      "p50_ms=", Millis(latency.Percentile(0.50)), " p95_ms=", Millis(latency.Percentile(0.95)),
      " p99_ms=", Millis(latency.Percentile(0.99)), " max_ms=", Millis(latency.max()));
  for (size_t i = 0; i < step_names.size() && i < steps.size(); ++i) {
    absl::StrAppend(&out, " ", step_names[i], "_p50_ms=", Millis(steps[i].Percentile(0.50)), " ",
                    step_names[i], "_p99_ms=", Millis(steps[i].Percentile(0.99)));
  }
  return out;
}

OpenLoop::OpenLoop(Options options, Operation operation)
    : options_(std::move(options)),
      operation_(std::move(operation)),
      period_ns_(1e9 / options_.rate),
      interval_ns_(absl::ToInt64Nanoseconds(options_.interval)),
      intervals_(static_cast<int>(std::max<int64_t>(
          1, (absl::ToInt64Nanoseconds(options_.duration) + interval_ns_ - 1) / interval_ns_))),
      warmup_(options_.step_names.size()),
      steady_(options_.step_names.size()) {}

void OpenLoop::Run(const Hooks& hooks) {
  // A little slack so that every thread is waiting before the first operation is due.
  start_ns_ = MonotonicNanos() + 50'000'000;
  steady_ns_ = start_ns_ + absl::ToInt64Nanoseconds(options_.warmup);
  end_ns_ = steady_ns_ + absl::ToInt64Nanoseconds(options_.duration);
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(options_.max_in_flight));
  for (int w = 0; w < options_.max_in_flight; ++w) {
    workers.emplace_back([this, w] { Work(w); });
  }
  SleepUntilNanos(steady_ns_);
  {
    absl::MutexLock lock(&mu_);
    if (hooks.on_steady_start) {
      hooks.on_steady_start(warmup_);
    }
  }
  for (int k = 0; k + 1 < intervals_; ++k) {
    SleepUntilNanos(steady_ns_ + (k + 1) * interval_ns_);
    const OpenLoopTally tally = TakeInterval(k);
    if (hooks.on_interval) {
      hooks.on_interval(k, tally, Behind(), in_flight_.load());
    }
  }
  SleepUntilNanos(end_ns_);
  const int64_t behind_at_end = Behind();
  for (std::thread& t : workers) {
    t.join();
  }
  // The last interval also holds the operations that completed after the end.
  const OpenLoopTally last = TakeInterval(intervals_ - 1);
  if (hooks.on_interval) {
    hooks.on_interval(intervals_ - 1, last, behind_at_end, 0);
  }
  absl::MutexLock lock(&mu_);
  if (hooks.on_end) {
    hooks.on_end(steady_, warmup_, not_started_);
  }
}

int64_t OpenLoop::ScheduledIn(int k) const {
  const int64_t from = steady_ns_ + k * interval_ns_;
  const int64_t to = std::min(end_ns_, from + interval_ns_);
  return DueBefore(to) - DueBefore(from);
}

int64_t OpenLoop::ScheduledSteady() const { return DueBefore(end_ns_) - DueBefore(steady_ns_); }

absl::Duration OpenLoop::IntervalLength(int k) const {
  const absl::Duration from = k * options_.interval;
  return std::min(options_.duration, from + options_.interval) - from;
}

int64_t OpenLoop::DueAt(int64_t i) const {
  return start_ns_ + static_cast<int64_t>(static_cast<double>(i) * period_ns_);
}

int64_t OpenLoop::DueBefore(int64_t t) const {
  if (t <= start_ns_) {
    return 0;
  }
  // The estimate is off by at most one either way (rounding of i * period).
  int64_t i = static_cast<int64_t>(static_cast<double>(t - start_ns_) / period_ns_);
  while (i > 0 && DueAt(i - 1) >= t) {
    --i;
  }
  while (DueAt(i) < t) {
    ++i;
  }
  return i;
}

int64_t OpenLoop::Behind() const {
  const int64_t now = std::min(MonotonicNanos(), end_ns_);
  return std::max<int64_t>(0, DueBefore(now) - claimed_.load());
}

int OpenLoop::IntervalOf(int64_t t) const {
  const int64_t k = (t - steady_ns_) / interval_ns_;
  return static_cast<int>(std::clamp<int64_t>(k, 0, intervals_ - 1));
}

OpenLoopTally OpenLoop::TakeInterval(int k) {
  absl::MutexLock lock(&mu_);
  OpenLoopTally tally(options_.step_names.size());
  if (auto it = by_interval_.find(k); it != by_interval_.end()) {
    tally = std::move(it->second);
    by_interval_.erase(it);
  }
  steady_.Merge(tally);
  return tally;
}

void OpenLoop::Work(int worker) {
  const size_t step_count = options_.step_names.size();
  const int64_t grace_ns = absl::ToInt64Nanoseconds(options_.grace);
  for (;;) {
    const int64_t i = next_.fetch_add(1);
    const int64_t due = DueAt(i);
    if (due >= end_ns_) {
      return;
    }
    SleepUntilNanos(due);
    const int64_t begin = MonotonicNanos();
    ++claimed_;
    if (begin >= end_ns_ + grace_ns) {
      absl::MutexLock lock(&mu_);
      ++not_started_;
      continue;
    }
    const bool warmup = due < steady_ns_;
    const absl::Duration lag = absl::Nanoseconds(begin - due);
    {
      absl::MutexLock lock(&mu_);
      OpenLoopTally& t =
          warmup ? warmup_ : by_interval_.try_emplace(IntervalOf(begin), step_count).first->second;
      ++t.started;
      t.max_lag = std::max(t.max_lag, lag);
      if (lag > options_.late_after) {
        ++t.late;
      }
    }
    ++in_flight_;
    std::vector<absl::Duration> step_times(step_count);
    const absl::Status status = operation_(worker, &step_times);
    const int64_t done = MonotonicNanos();
    --in_flight_;
    absl::MutexLock lock(&mu_);
    OpenLoopTally& t =
        warmup ? warmup_ : by_interval_.try_emplace(IntervalOf(done), step_count).first->second;
    if (status.ok()) {
      ++t.completed;
      t.latency.Record(absl::Nanoseconds(done - due));
      for (size_t s = 0; s < step_count; ++s) {
        t.steps[s].Record(step_times[s]);
      }
    } else {
      ++t.failed;
      ++t.errors[status.code()];
    }
  }
}

}  // namespace ccrm::bench
