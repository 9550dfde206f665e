#include "common/server/periodic_worker.h"

#include <utility>

#include "common/logging/logging.h"

namespace ccrm {

PeriodicWorker::PeriodicWorker(std::string name, absl::Duration interval,
                               std::function<absl::Status()> job)
    : name_(std::move(name)), interval_(interval), job_(std::move(job)) {}

PeriodicWorker::~PeriodicWorker() { Stop(); }

void PeriodicWorker::Start() {
  if (thread_.joinable()) {
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicWorker::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

absl::Status PeriodicWorker::RunOnce() {
  absl::Status status = job_();
  if (!status.ok()) {
    LogWarn("background job failed; it runs again at the next tick",
            {{"job", name_}, {"error", status.ToString()}});
  }
  absl::MutexLock lock(&mu_);
  ++runs_;
  return status;
}

int PeriodicWorker::runs() const {
  absl::MutexLock lock(&mu_);
  return runs_;
}

void PeriodicWorker::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      // Sleeps one interval unless Stop() flips stopping_ first.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
      if (stopping_) {
        return;
      }
    }
    RunOnce().IgnoreError();
  }
}

}  // namespace ccrm
