#include "common/server/call_registry.h"

#include <utility>

namespace ccrm {

void CallRegistry::Put(const void* key, CallState state) {
  absl::MutexLock lock(&mu_);
  calls_[key] = std::move(state);
}

std::optional<CallState> CallRegistry::Find(const void* key) const {
  absl::MutexLock lock(&mu_);
  auto it = calls_.find(key);
  if (it == calls_.end()) {
    return std::nullopt;
  }
  return it->second;
}

void CallRegistry::Erase(const void* key) {
  absl::MutexLock lock(&mu_);
  calls_.erase(key);
}

size_t CallRegistry::size() const {
  absl::MutexLock lock(&mu_);
  return calls_.size();
}

size_t CallRegistry::unary_size() const {
  absl::MutexLock lock(&mu_);
  size_t unary = 0;
  for (const auto& [key, state] : calls_) {
    if (!state.streaming) {
      ++unary;
    }
  }
  return unary;
}

}  // namespace ccrm
