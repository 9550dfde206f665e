// The records relationship-service keeps: relationship managers and who looks after which
// customer (with history), follow-up tasks from risk alerts. Interactions are in
// interaction_rules.h; engagements, service requests, surveys and contributions follow in their
// own headers.
//
// Example:
//   Assignment a{customer_id, "rm-042", /*dedicated=*/true, Segment::kKey, "onboarding", ...};
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/relationship-service/domain/classification.h"

namespace ccrm::relationship {

struct RelationshipManager {
  // Staff id (IsStaffId).
  std::string manager_id;
  std::string display_name;
  std::string branch;
  std::string email;
  bool active = true;
  // 0 = no limit.
  int max_portfolio_size = 0;
  absl::Time create_time;
  absl::Time update_time;
  int64_t revision = 1;
};

struct Assignment {
  std::string customer_id;
  std::string manager_id;
  bool dedicated = false;
  Segment segment = Segment::kUnspecified;
  std::string reason;
  std::string assigned_by;
  absl::Time start_time;
  // Set when the customer was reassigned.
  std::optional<absl::Time> end_time;
};

enum class TaskStatus { kUnspecified = 0, kOpen = 1, kDone = 2 };

struct FollowUpTask {
  std::string task_id;
  std::string manager_id;
  std::string customer_id;
  // e.g. "alerts/{id}".
  std::string source;
  std::string title;
  std::string detail;
  TaskStatus status = TaskStatus::kOpen;
  absl::CivilDay due_date;
  std::string completion_note;
  absl::Time create_time;
  std::optional<absl::Time> complete_time;
  int64_t revision = 1;
};

}  // namespace ccrm::relationship
