#include "common/events/outbox_wakeup.h"

#include <utility>
#include <vector>

namespace ccrm::events {

int64_t OutboxWakeup::Subscribe(Waiter wake) {
  absl::MutexLock lock(&mu_);
  const int64_t id = next_id_++;
  waiters_.emplace(id, std::move(wake));
  return id;
}

bool OutboxWakeup::Unsubscribe(int64_t id) {
  absl::MutexLock lock(&mu_);
  return waiters_.erase(id) > 0;
}

void OutboxWakeup::Notify() {
  std::vector<Waiter> woken;
  {
    absl::MutexLock lock(&mu_);
    ++notifications_;
    woken.reserve(waiters_.size());
    for (auto& [id, wake] : waiters_) {
      woken.push_back(std::move(wake));
    }
    waiters_.clear();
  }
  // Outside the lock: a waiter may cancel a gRPC alarm whose callback runs inline and subscribes
  // or unsubscribes again.
  for (Waiter& wake : woken) {
    wake();
  }
}

OutboxWakeup& ProcessOutboxWakeup() {
  static OutboxWakeup* const wakeup = new OutboxWakeup();
  return *wakeup;
}

int64_t OutboxWakeup::notifications() const {
  absl::MutexLock lock(&mu_);
  return notifications_;
}

}  // namespace ccrm::events
