// Engagement plans, the differentiated maintenance strategy: per-segment templates of
// recurring engagements (key customers: monthly project-progress and quarterly financial-analysis
// meetings; SMEs a lighter cadence; first-time borrowers an onboarding programme), the dated plan
// a template gives for a customer, and an engagement's status on a day.
//
// Example:
//   std::vector<PlannedEngagement> plan = PlanEngagements(DefaultTemplates()[0], start, 12);
//   EngagementStatus s = StatusOn(due, completed, today, template.grace_days);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/relationship-service/domain/classification.h"

namespace ccrm::relationship {

enum class EngagementKind {
  kUnspecified = 0,
  kProjectProgressMeeting = 1,
  kFinancialAnalysisMeeting = 2,
  kRelationshipVisit = 3,
  kSiteInspection = 4,
  kOnboardingSession = 5,
  kCourtesyCall = 6,
};

enum class EngagementStatus {
  kUnspecified = 0,
  kUpcoming = 1,
  kDue = 2,
  kOverdue = 3,
  kCompleted = 4,
  kMissed = 5
};

struct EngagementCadence {
  EngagementKind kind = EngagementKind::kUnspecified;
  int interval_months = 1;
  int first_due_days = 0;
  // 0 = as many as fit the horizon.
  int occurrences = 0;
};

struct EngagementTemplate {
  std::string template_id;
  Segment segment = Segment::kUnspecified;
  std::string description;
  std::vector<EngagementCadence> cadences;
  int grace_days = 14;
};

// The shipped templates, one per segment (ids "key-customer", "sme", "first-time-borrower"),
// documented in docs/relationship-service-rules.md.
std::vector<EngagementTemplate> DefaultTemplates();

// The template for `segment`: NOT_FOUND (reason NO_TEMPLATE_FOR_SEGMENT) when none.
absl::StatusOr<EngagementTemplate> TemplateFor(const std::vector<EngagementTemplate>& templates,
                                               Segment segment);

// INVALID_ARGUMENT with field violations under `field` ("template.cadences[1].interval_months"):
// id 1-64 of [a-z0-9-], a known segment, at least one cadence, known kinds, interval 1-24
// months, first_due_days 0-366, occurrences 0-120, grace_days 0-90.
absl::Status ValidateTemplate(const EngagementTemplate& engagement_template,
                              const std::string& field);

struct PlannedEngagement {
  EngagementKind kind = EngagementKind::kUnspecified;
  absl::CivilDay due_date;
};

// Every engagement of the template due within [start, start + horizon_months), ordered by due
// date then kind: for each cadence, start + first_due_days, then every interval_months after it
// (month arithmetic clamps to the month's last day), at most `occurrences` of them.
std::vector<PlannedEngagement> PlanEngagements(const EngagementTemplate& engagement_template,
                                               absl::CivilDay start, int horizon_months);

// The status on `today`: COMPLETED when completed; else UPCOMING more than 7 days before the
// due date, DUE from 7 days before through the due date, OVERDUE up to grace_days after it,
// MISSED beyond.
EngagementStatus StatusOn(absl::CivilDay due_date, bool completed, absl::CivilDay today,
                          int grace_days);

}  // namespace ccrm::relationship
