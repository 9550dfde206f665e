// Write load for fault tests: a few writer threads, each calling one write after another (a new
// attempt id each time, never a retry) until stopped, recording every attempt's outcome and
// timing. What was acknowledged (OK) must be present after the fault; what failed may be present
// or absent, but whole. The summary turns the attempts into the figures the report prints.
//
// Example:
//   WriteLoad load(8, [&](int64_t n) { return suite.CreateCustomer("restart", n); });
//   load.Start();  ... inject a fault ...  load.Stop();
//   LoadSummary s = Summarize(load.attempts(), fault_start, fault_end);
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ccrm::fault {

struct WriteAttempt {
  int64_t id = 0;
  absl::Time start;
  absl::Time end;
  absl::StatusCode code = absl::StatusCode::kOk;
  std::string message;
  // What the write created (e.g. "customers/<id>"), when acknowledged.
  std::string resource;
};

class WriteLoad final {
 public:
  // `write` gets the attempt id and returns the created resource's name.
  using WriteFn = std::function<absl::StatusOr<std::string>(int64_t attempt)>;

  WriteLoad(int writers, WriteFn write) : writers_(writers), write_(std::move(write)) {}
  ~WriteLoad() { Stop(); }

  void Start();
  // Lets each writer finish its call in flight, then joins them.
  void Stop();
  std::vector<WriteAttempt> attempts() const;
  // Acknowledged attempts so far.
  int64_t acknowledged() const { return acknowledged_.load(); }
  // Waits until one more attempt is acknowledged or `timeout` passes, then lets the load run
  // `settle` longer (after a fault: the services work again, and keep working).
  void WaitForNextAcknowledgement(absl::Duration timeout, absl::Duration settle);

 private:
  int writers_;
  WriteFn write_;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> next_id_{0};
  std::atomic<int64_t> acknowledged_{0};
  std::vector<std::thread> threads_;
  mutable absl::Mutex mu_;
  std::vector<WriteAttempt> attempts_ ABSL_GUARDED_BY(mu_);
};

struct LoadSummary {
  int64_t attempts = 0;
  int64_t acknowledged = 0;
  // Failures by code name ("UNAVAILABLE": 12, ...).
  std::map<std::string, int64_t> failures;
  // Attempts that ended between fault start and recovery and failed with a code other than
  // UNAVAILABLE or DEADLINE_EXCEEDED (what a caller may retry), or failed outside that window.
  std::vector<WriteAttempt> unexpected;
  // From `healed` (the fault removed) to the end of the first acknowledged attempt that started
  // after it; infinite when none did.
  absl::Duration recovery = absl::InfiniteDuration();
  // The longest any failed attempt took (how fast callers learn).
  absl::Duration slowest_failure = absl::ZeroDuration();
};

// Summarizes `attempts` for a fault injected at `injected` and removed at `healed`. Failures
// are expected only for attempts that overlapped [injected, recovered], where recovered is the
// end of the first acknowledged attempt after `healed`.
LoadSummary Summarize(const std::vector<WriteAttempt>& attempts, absl::Time injected,
                      absl::Time healed);

// "UNAVAILABLE 12, DEADLINE_EXCEEDED 3" (or "none").
std::string FailuresText(const std::map<std::string, int64_t>& failures);

}  // namespace ccrm::fault
