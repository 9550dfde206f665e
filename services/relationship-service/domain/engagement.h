// An engagement: one dated item of a customer's engagement plan (a monthly project-progress
// meeting, a quarterly financial-analysis meeting, an onboarding session …), owned by the
// customer's manager, completed by an interaction or, past its grace period, missed.
//
// Example:
//   Engagement e = ...;  // from EngagementRepository::List
//   EngagementStatus s = CurrentStatus(e, today);
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/relationship-service/domain/engagement_rules.h"

namespace ccrm::relationship {

// What is stored: an engagement is OPEN until an interaction completes it or the sweep marks it
// MISSED; UPCOMING / DUE / OVERDUE are read off an open one's dates (CurrentStatus).
enum class EngagementState { kOpen = 0, kCompleted = 1, kMissed = 2 };

struct Engagement {
  std::string engagement_id;
  std::string customer_id;
  EngagementKind kind = EngagementKind::kUnspecified;
  absl::CivilDay due_date;
  // The customer's manager ("" while it has none); moves with a reassignment while open.
  std::string manager_id;
  std::string template_id;
  // Copied from the template when planned.
  int grace_days = 14;
  EngagementState state = EngagementState::kOpen;
  // The interaction that completed it.
  std::string completed_by;
  std::optional<absl::Time> complete_time;
  absl::Time create_time;
};

// COMPLETED / MISSED as stored; for an open engagement StatusOn its dates (which says MISSED
// past the grace period even before the sweep has stored it).
EngagementStatus CurrentStatus(const Engagement& engagement, absl::CivilDay today);

}  // namespace ccrm::relationship
