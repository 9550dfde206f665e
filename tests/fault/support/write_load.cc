#include "tests/fault/support/write_load.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace ccrm::fault {

void WriteLoad::Start() {
  for (int i = 0; i < writers_; ++i) {
    threads_.emplace_back([this] {
      while (!stopping_.load()) {
        WriteAttempt attempt;
        attempt.id = next_id_++;
        attempt.start = absl::Now();
        absl::StatusOr<std::string> created = write_(attempt.id);
        attempt.end = absl::Now();
        attempt.code = created.status().code();
        if (created.ok()) {
          attempt.resource = *created;
          ++acknowledged_;
        } else {
          attempt.message = std::string(created.status().message());
          // A refused call comes back at once; do not spin on a service that is away.
          absl::SleepFor(absl::Milliseconds(20));
        }
        absl::MutexLock lock(&mu_);
        attempts_.push_back(std::move(attempt));
      }
    });
  }
}

void WriteLoad::Stop() {
  stopping_ = true;
  for (std::thread& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

void WriteLoad::WaitForNextAcknowledgement(absl::Duration timeout, absl::Duration settle) {
  const absl::Time since = absl::Now();
  const int64_t before = acknowledged_.load();
  while (acknowledged_.load() <= before && absl::Now() - since < timeout) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  absl::SleepFor(settle);
}

std::vector<WriteAttempt> WriteLoad::attempts() const {
  absl::MutexLock lock(&mu_);
  return attempts_;
}

LoadSummary Summarize(const std::vector<WriteAttempt>& attempts, absl::Time injected,
                      absl::Time healed) {
  LoadSummary summary;
  absl::Time recovered = absl::InfiniteFuture();
  for (const WriteAttempt& a : attempts) {
    if (a.code == absl::StatusCode::kOk && a.start >= healed) {
      recovered = std::min(recovered, a.end);
    }
  }
  if (recovered != absl::InfiniteFuture()) {
    summary.recovery = recovered - healed;
  }
  for (const WriteAttempt& a : attempts) {
    ++summary.attempts;
    if (a.code == absl::StatusCode::kOk) {
      ++summary.acknowledged;
      continue;
    }
    ++summary.failures[absl::StatusCodeToString(a.code)];
    summary.slowest_failure = std::max(summary.slowest_failure, a.end - a.start);
    const bool retryable =
        a.code == absl::StatusCode::kUnavailable || a.code == absl::StatusCode::kDeadlineExceeded;
    const bool during_fault = a.end >= injected && a.start <= recovered;
    if (!retryable || !during_fault) {
      summary.unexpected.push_back(a);
    }
  }
  return summary;
}

std::string FailuresText(const std::map<std::string, int64_t>& failures) {
  if (failures.empty()) {
    return "none";
  }
  return absl::StrJoin(failures, ", ", [](std::string* out, const auto& entry) {
    absl::StrAppend(out, entry.first, " ", entry.second);
  });
}

}  // namespace ccrm::fault
