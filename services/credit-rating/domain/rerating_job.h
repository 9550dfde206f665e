// A portfolio re-rating job: drafts a fresh rating for every customer (of a segment) with the
// active model, page by page, keeping its cursor and counters in the database so that it shows
// progress and resumes where it stopped after a restart.
//
// Example:
//   ReratingJob job{.job_id = id, .state = ReratingJobState::kRunning, ...};
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "services/credit-rating/domain/pricing.h"

namespace ccrm::rating {

enum class ReratingJobState {
  kUnspecified = 0,
  kRunning = 1,
  kSucceeded = 2,
  kCancelled = 3,
  kFailed = 4
};

// Counter increments of one page.
struct ReratingProgress {
  int64_t processed = 0;
  int64_t rated = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
};

struct ReratingJob {
  std::string job_id;
  ReratingJobState state = ReratingJobState::kRunning;
  Segment segment = Segment::kUnspecified;
  std::string model_family;
  // customer-profile ListCustomers page token to continue from ("" = start / done).
  std::string page_token;
  ReratingProgress counts;
  std::string created_by;
  absl::Time create_time;
  absl::Time update_time;
  std::optional<absl::Time> finish_time;
  std::string last_error;
};

}  // namespace ccrm::rating
