// The closed-loop drivers of the benchmark tools: N workers each keep exactly one operation in
// flight, starting the next as soon as the previous one finishes, for a warm-up period and then a
// measured window. Operations are either asynchronous (gRPC callback API: no thread per worker)
// or blocking (one thread per worker, e.g. a database connection each).
//
// Example:
//   LoadOptions options{.concurrency = 16, .warmup = absl::Seconds(2),
//                       .duration = absl::Seconds(10)};
//   RunResult r = RunAsyncClosedLoop(options, [&](int worker, DoneCallback done) {
//     StartOneRpc(worker, std::move(done));  // calls done(code) once when the reply is in
//   });
//   std::puts(FormatResultLine("echo", options, r).c_str());
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "tests/bench/latency_histogram.h"

namespace ccrm::bench {

struct LoadOptions {
  int concurrency = 16;
  // Calls that complete during the warm-up are not counted.
  absl::Duration warmup = absl::Seconds(2);
  // Length of the measured window after the warm-up.
  absl::Duration duration = absl::Seconds(10);
};

// What a run measured. Only calls that completed inside the measured window count.
struct RunResult {
  absl::Duration window;
  // Successful calls; `latency` holds their latencies.
  int64_t ok = 0;
  LatencyHistogram latency;
  // Failed calls by status code.
  std::map<absl::StatusCode, int64_t> errors;
  // Extra "key=value" figures for the RESULT line (CPU use, for instance), in order.
  std::vector<std::pair<std::string, std::string>> extra;

  int64_t error_count() const;
  // Successful calls per second of the window; zero for an empty window.
  double qps() const;
};

// Called at the start and the end of the measured window, on the driver's own thread (for
// sampling CPU counters); either may be empty.
struct WindowHooks {
  std::function<void()> on_start;
  std::function<void()> on_end;
};

// `done` must be called exactly once per operation, from any thread, possibly before the
// starting function returns.
using DoneCallback = std::function<void(absl::StatusCode)>;
using AsyncOperation = std::function<void(int worker, DoneCallback done)>;
// A blocking operation: returns when it is complete.
using BlockingOperation = std::function<absl::StatusCode(int worker)>;

// Runs `start` in a closed loop with options.concurrency operations in flight (worker indices
// 0..concurrency-1) until the window ends, then waits for the calls still in flight. Returns
// after every worker has stopped.
RunResult RunAsyncClosedLoop(const LoadOptions& options, const AsyncOperation& start,
                             const WindowHooks& hooks = {});

// Same, with one thread per worker calling `op` back to back.
RunResult RunBlockingClosedLoop(const LoadOptions& options, const BlockingOperation& op,
                                const WindowHooks& hooks = {});

// The single machine-readable line a run prints, e.g.
// "RESULT scenario=echo concurrency=16 duration_s=10.000 calls=123456 qps=12345.6 p50_ms=1.234
//  p90_ms=… p99_ms=… max_ms=… mean_ms=… errors=0 error_codes=none" (one line), then `extra`.
std::string FormatResultLine(const std::string& scenario, const LoadOptions& options,
                             const RunResult& result);

// Shorthand for a blocking operation's outcome: OK, or the code of the status.
inline absl::StatusCode CodeOf(const absl::Status& status) { return status.code(); }

}  // namespace ccrm::bench
