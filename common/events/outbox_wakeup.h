// Wakes the outbox streams a process serves (event feeds, alert watches) as soon as a transaction
// of the same process has committed new events, instead of at their next poll. A following stream
// that has caught up subscribes while it waits; AppendToOutbox has the transaction notify
// ProcessOutboxWakeup() once it commits. Events committed by other replicas still arrive by
// polling.
//
// Example:
//   OutboxStreamOptions options;            // wakeup = &ProcessOutboxWakeup() by default
//   RETURN_IF_ERROR(RunInTransaction(pool, {}, [&](mysql::Session& s) {
//     AppendToOutbox(s, event);             // ... and its commit wakes the waiting streams
//     return absl::OkStatus();
//   }));
#pragma once

#include <cstdint>
#include <functional>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace ccrm::events {

class OutboxWakeup final {
 public:
  using Waiter = std::function<void()>;

  // `wake` runs at most once, on the thread that calls Notify(), outside this object's lock.
  // Returns the id Unsubscribe takes.
  int64_t Subscribe(Waiter wake);
  // True when the waiter was still subscribed and now never runs; false when Notify() already
  // took it (it has run or is about to run).
  bool Unsubscribe(int64_t id);
  // Runs and removes every waiter subscribed now.
  void Notify();

  int64_t notifications() const;

 private:
  mutable absl::Mutex mu_;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  int64_t notifications_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<int64_t, Waiter> waiters_ ABSL_GUARDED_BY(mu_);
};

// The process's wakeup, which every outbox write notifies after its commit. Never destroyed.
OutboxWakeup& ProcessOutboxWakeup();

}  // namespace ccrm::events
