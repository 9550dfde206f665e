// A fixed set of threads with a bounded queue, for work that blocks (database calls, calls to
// other services) so gRPC's callback threads never block. A full queue refuses work instead of
// growing without bound; the caller answers RESOURCE_EXHAUSTED.
//
// Example:
//   WorkerPool pool(16, 256);
//   if (!pool.TrySubmit([] { SlowWork(); })) { /* overloaded */ }
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace ccrm {

class WorkerPool final {
 public:
  // `queue_limit` tasks may wait beyond those running.
  WorkerPool(int threads, int queue_limit);
  ~WorkerPool();  // Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is shutting down (the task is not run).
  bool TrySubmit(std::function<void()> task);

  // Stops taking work, runs what is queued, joins the threads. Idempotent and thread-safe; must
  // not be called from a task.
  void Shutdown();

  size_t queued() const;
  size_t busy() const;

 private:
  void Loop();

  const size_t thread_count_;
  const size_t queue_limit_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  size_t busy_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Serialises Shutdown's joins, so concurrent callers never join one thread twice.
  absl::Mutex join_mu_;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(join_mu_);
};

}  // namespace ccrm
