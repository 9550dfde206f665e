// Background work on a timer: runs a job every `interval` on a thread of its own (never on an RPC
// worker) until stopped, logging a failed run and trying again at the next tick. For sweeps that
// are safe to run on several replicas at once (they skip rows another replica holds).
//
// Example:
//   PeriodicWorker sla_sweep("sla-sweep", absl::Seconds(30),
//                            [&] { return requests.EscalateDue(500).status(); });
//   sla_sweep.Start();
//   ...
//   sla_sweep.Stop();
#pragma once

#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace ccrm {

class PeriodicWorker final {
 public:
  PeriodicWorker(std::string name, absl::Duration interval, std::function<absl::Status()> job);
  ~PeriodicWorker();
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts the thread; the first run is one interval after Start. Calling it twice does nothing.
  void Start();
  // Wakes the thread, waits for a run in progress to finish, and joins. Idempotent.
  void Stop();
  // Runs the job once on the calling thread (tests, and a run at start-up).
  absl::Status RunOnce();
  // How many runs have finished (for tests and metrics).
  int runs() const;

 private:
  void Loop();

  const std::string name_;
  const absl::Duration interval_;
  const std::function<absl::Status()> job_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int runs_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace ccrm
