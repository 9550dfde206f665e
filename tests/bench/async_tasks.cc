#include "tests/bench/async_tasks.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace ccrm::bench {
namespace {

// Shared by the lanes; each lane starts its next task from the previous task's completion.
class TaskLanes final {
 public:
  TaskLanes(int count, const StartTask& start, const TaskProgress& progress)
      : count_(count), start_(start), progress_(progress) {}

  absl::Status Run(int lanes) {
    lanes = std::max(1, std::min(lanes, count_));
    active_.store(lanes);
    for (int lane = 0; lane < lanes; ++lane) {
      Next();
    }
    finished_.WaitForNotification();
    absl::MutexLock lock(&mu_);
    return first_error_;
  }

 private:
  void Next() {
    const int task = next_.fetch_add(1);
    if (task >= count_ || failed_.load()) {
      if (active_.fetch_sub(1) == 1) {
        finished_.Notify();
      }
      return;
    }
    start_(task, [this](absl::Status status) {
      if (!status.ok()) {
        absl::MutexLock lock(&mu_);
        if (first_error_.ok()) {
          first_error_ = std::move(status);
        }
        failed_.store(true);
      }
      const int completed = completed_.fetch_add(1) + 1;
      if (progress_.every > 0 && progress_.report && completed % progress_.every == 0) {
        progress_.report(completed);
      }
      Next();
    });
  }

  const int count_;
  const StartTask& start_;
  const TaskProgress& progress_;
  std::atomic<int> next_{0};
  std::atomic<int> completed_{0};
  std::atomic<int> active_{0};
  std::atomic<bool> failed_{false};
  absl::Mutex mu_;
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
  absl::Notification finished_;
};

}  // namespace

absl::Status RunAsyncTasks(int count, int lanes, const StartTask& start,
                           const TaskProgress& progress) {
  if (count <= 0) {
    return absl::OkStatus();
  }
  TaskLanes task_lanes(count, start, progress);
  return task_lanes.Run(lanes);
}

}  // namespace ccrm::bench
