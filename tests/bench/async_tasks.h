// Runs many independent asynchronous calls with a bounded number in flight, for seeding the data
// a benchmark reads: task k (0..count-1) is started by `start(k, done)` and calls `done` once,
// from any thread, with its outcome; the next task starts as soon as a lane is free.
//
// Example:
//   ASSIGN_OR_RETURN(..., RunAsyncTasks(10000, 32, [&](int k, TaskDone done) {
//     stub->async()->CreateExposure(..., [done](grpc::Status s) { done(ToAbsl(s)); });
//   }));
#pragma once

#include <functional>

#include "absl/status/status.h"

namespace ccrm::bench {

using TaskDone = std::function<void(absl::Status)>;
using StartTask = std::function<void(int task, TaskDone done)>;
// Called after every `every`-th completed task, on the completing thread.
struct TaskProgress {
  int every = 0;
  std::function<void(int completed)> report;
};

// Returns once every task has completed (OK), or, after the first failure, once the tasks in
// flight have completed (that failure; no new task starts after it).
absl::Status RunAsyncTasks(int count, int lanes, const StartTask& start,
                           const TaskProgress& progress = {});

}  // namespace ccrm::bench
