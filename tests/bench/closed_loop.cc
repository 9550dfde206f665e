#include "tests/bench/closed_loop.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

namespace ccrm::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Monotonic time in nanoseconds: latencies must not jump with the wall clock.
int64_t MonotonicNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch())
      .count();
}

void SleepUntilNanos(int64_t t) {
  std::this_thread::sleep_until(SteadyClock::time_point(std::chrono::nanoseconds(t)));
}

// One worker's tally; touched only by the worker's current call, merged at the end.
struct WorkerTally {
  LatencyHistogram latency;
  int64_t ok = 0;
  std::map<absl::StatusCode, int64_t> errors;
};

// The window all workers share.
struct Window {
  int64_t start_ns = 0;
  int64_t end_ns = 0;

  // Counts a call that completed at `now_ns` if it falls inside the window.
  void Record(WorkerTally& tally, int64_t begin_ns, int64_t now_ns, absl::StatusCode code) const {
    if (now_ns < start_ns || now_ns >= end_ns) {
      return;
    }
    if (code == absl::StatusCode::kOk) {
      ++tally.ok;
      tally.latency.Record(absl::Nanoseconds(now_ns - begin_ns));
    } else {
      ++tally.errors[code];
    }
  }
};

Window MakeWindow(const LoadOptions& options) {
  Window w;
  w.start_ns = MonotonicNanos() + absl::ToInt64Nanoseconds(options.warmup);
  w.end_ns = w.start_ns + absl::ToInt64Nanoseconds(options.duration);
  return w;
}

// Sleeps through the warm-up and the window, calling the hooks at its edges.
void WatchWindow(const Window& window, const WindowHooks& hooks) {
  SleepUntilNanos(window.start_ns);
  if (hooks.on_start) {
    hooks.on_start();
  }
  SleepUntilNanos(window.end_ns);
  if (hooks.on_end) {
    hooks.on_end();
  }
}

RunResult Merge(const Window& window, const std::vector<WorkerTally>& tallies) {
  RunResult result;
  result.window = absl::Nanoseconds(window.end_ns - window.start_ns);
  for (const WorkerTally& t : tallies) {
    result.ok += t.ok;
    result.latency.Merge(t.latency);
    for (const auto& [code, n] : t.errors) {
      result.errors[code] += n;
    }
  }
  return result;
}

// Drives asynchronous operations. A completion normally starts the worker's next operation
// itself; when an operation completes inside `start_` (before it returned), the starting loop
// goes round again instead, so that synchronous failures cannot grow the stack without bound.
class AsyncLoop final {
 public:
  AsyncLoop(const LoadOptions& options, const AsyncOperation& start)
      : start_(start), window_(MakeWindow(options)), workers_(options.concurrency) {
    for (int i = 0; i < options.concurrency; ++i) {
      workers_[i].index = i;
    }
  }

  RunResult Run(const WindowHooks& hooks) {
    {
      absl::MutexLock lock(&mu_);
      active_ = static_cast<int>(workers_.size());
    }
    // Each worker's first call starts on a thread of its own: with real RPCs the thread ends at
    // once; a worker whose calls all complete inline keeps it for the whole run instead of
    // holding up the others and the window's hooks.
    std::vector<std::thread> starters;
    starters.reserve(workers_.size());
    for (Worker& w : workers_) {
      starters.emplace_back([this, &w] { Launch(&w); });
    }
    WatchWindow(window_, hooks);
    for (std::thread& t : starters) {
      t.join();
    }
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](int* active) { return *active == 0; }, &active_));
    }
    std::vector<WorkerTally> tallies;
    tallies.reserve(workers_.size());
    for (Worker& w : workers_) {
      tallies.push_back(std::move(w.tally));
    }
    return Merge(window_, tallies);
  }

 private:
  enum Phase : int { kStarting, kInFlight, kDoneWhileStartingMore, kDoneWhileStartingStop };

  struct Worker {
    int index = 0;
    int64_t begin_ns = 0;
    std::atomic<int> phase{kInFlight};
    WorkerTally tally;
  };

  void Launch(Worker* w) {
    for (;;) {
      w->phase.store(kStarting, std::memory_order_release);
      w->begin_ns = MonotonicNanos();
      start_(w->index, [this, w](absl::StatusCode code) { OnDone(w, code); });
      int expected = kStarting;
      if (w->phase.compare_exchange_strong(expected, kInFlight, std::memory_order_acq_rel)) {
        return;  // OnDone will launch the next one.
      }
      if (expected == kDoneWhileStartingStop) {
        WorkerStopped();
        return;
      }
    }
  }

  void OnDone(Worker* w, absl::StatusCode code) {
    const int64_t now = MonotonicNanos();
    window_.Record(w->tally, w->begin_ns, now, code);
    const bool more = now < window_.end_ns;
    int expected = kStarting;
    if (w->phase.compare_exchange_strong(expected,
                                         more ? kDoneWhileStartingMore : kDoneWhileStartingStop,
                                         std::memory_order_acq_rel)) {
      return;  // Launch() is still on the stack and takes over.
    }
    if (more) {
      Launch(w);
    } else {
      WorkerStopped();
    }
  }

  void WorkerStopped() {
    absl::MutexLock lock(&mu_);
    --active_;
  }

  const AsyncOperation& start_;
  const Window window_;
  std::vector<Worker> workers_;
  absl::Mutex mu_;
  int active_ ABSL_GUARDED_BY(mu_) = 0;
};

std::string Millis(absl::Duration d) {
  return absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(d));
}

}  // namespace

int64_t RunResult::error_count() const {
  int64_t n = 0;
  for (const auto& [code, count] : errors) {
    n += count;
  }
  return n;
}

double RunResult::qps() const {
  const double seconds = absl::ToDoubleSeconds(window);
  return seconds > 0 ? static_cast<double>(ok) / seconds : 0.0;
}

RunResult RunAsyncClosedLoop(const LoadOptions& options, const AsyncOperation& start,
                             const WindowHooks& hooks) {
  AsyncLoop loop(options, start);
  return loop.Run(hooks);
}

RunResult RunBlockingClosedLoop(const LoadOptions& options, const BlockingOperation& op,
                                const WindowHooks& hooks) {
  const Window window = MakeWindow(options);
  std::vector<WorkerTally> tallies(options.concurrency);
  std::vector<std::thread> threads;
  threads.reserve(options.concurrency);
  for (int i = 0; i < options.concurrency; ++i) {
    threads.emplace_back([&window, &op, &tallies, i] {
      for (;;) {
        const int64_t begin = MonotonicNanos();
        const absl::StatusCode code = op(i);
        const int64_t now = MonotonicNanos();
        window.Record(tallies[i], begin, now, code);
        if (now >= window.end_ns) {
          return;
        }
      }
    });
  }
  WatchWindow(window, hooks);
  for (std::thread& t : threads) {
    t.join();
  }
  return Merge(window, tallies);
}

std::string FormatResultLine(const std::string& scenario, const LoadOptions& options,
                             const RunResult& result) {
  std::string codes;
  for (const auto& [code, n] : result.errors) {
    absl::StrAppend(&codes, codes.empty() ? "" : ",", absl::StatusCodeToString(code), ":", n);
  }
  std::string line = absl::StrCat(
      "RESULT scenario=", scenario, " concurrency=", options.concurrency,
      " duration_s=", absl::StrFormat("%.3f", absl::ToDoubleSeconds(result.window)),
      " calls=", result.ok + result.error_count(), " qps=", absl::StrFormat("%.1f", result.qps()),
      " p50_ms=", Millis(result.latency.Percentile(0.50)),
      " p90_ms=", Millis(result.latency.Percentile(0.90)),
      " p99_ms=", Millis(result.latency.Percentile(0.99)), " max_ms=", Millis(result.latency.max()),
      " mean_ms=", Millis(result.latency.Mean()), " errors=", result.error_count(),
      " error_codes=", codes.empty() ? "none" : codes);
  for (const auto& [key, value] : result.extra) {
    absl::StrAppend(&line, " ", key, "=", value);
  }
  return line;
}

}  // namespace ccrm::bench
