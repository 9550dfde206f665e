#include "services/relationship-service/domain/engagement_rules.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::relationship {
namespace {

// DUE starts this many days before the due date.
constexpr int kDueWindowDays = 7;

bool IsKnownSegment(Segment segment) {
  return segment == Segment::kKey || segment == Segment::kSme ||
         segment == Segment::kFirstTimeBorrower;
}

bool IsKnownKind(EngagementKind kind) {
  const int k = static_cast<int>(kind);
  return k >= static_cast<int>(EngagementKind::kProjectProgressMeeting) &&
         k <= static_cast<int>(EngagementKind::kCourtesyCall);
}

bool IsTemplateId(const std::string& id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string Path(const std::string& field, const std::string& child) {
  return field.empty() ? child : absl::StrCat(field, ".", child);
}

// `day` moved by `months` calendar months, clamped to the last day of the target month.
absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const absl::CivilDay last_day = absl::CivilDay(month + 1) - 1;
  return absl::CivilDay(month.year(), month.month(), std::min(day.day(), last_day.day()));
}

}  // namespace

std::vector<EngagementTemplate> DefaultTemplates() {
  using K = EngagementKind;
  std::vector<EngagementTemplate> templates;
  templates.push_back({"key-customer",
                       Segment::kKey,
                       "Key customers: monthly project-progress meetings, quarterly "
                       "financial-analysis meetings and a relationship visit every six months.",
                       {{K::kProjectProgressMeeting, 1, 30, 0},
                        {K::kFinancialAnalysisMeeting, 3, 90, 0},
                        {K::kRelationshipVisit, 6, 60, 0}},
                       7});
  templates.push_back({"sme",
                       Segment::kSme,
                       "SMEs: a quarterly courtesy call, a financial-analysis meeting every six "
                       "months and a yearly relationship visit.",
                       {{K::kCourtesyCall, 3, 30, 0},
                        {K::kFinancialAnalysisMeeting, 6, 90, 0},
                        {K::kRelationshipVisit, 12, 180, 0}},
                       14});
  templates.push_back({"first-time-borrower",
                       Segment::kFirstTimeBorrower,
                       "First-time borrowers: three monthly onboarding sessions, one site "
                       "inspection after two months and quarterly financial-analysis meetings.",
                       {{K::kOnboardingSession, 1, 7, 3},
                        {K::kSiteInspection, 12, 60, 1},
                        {K::kFinancialAnalysisMeeting, 3, 90, 0}},
                       10});
  return templates;
}

absl::StatusOr<EngagementTemplate> TemplateFor(const std::vector<EngagementTemplate>& templates,
                                               Segment segment) {
  for (const EngagementTemplate& t : templates) {
    if (t.segment == segment) {
      return t;
    }
  }
  return WithReason(absl::NotFoundError(absl::StrCat("no engagement template for segment \"",
                                                     SegmentName(segment), "\"")),
                    "NO_TEMPLATE_FOR_SEGMENT");
}

absl::Status ValidateTemplate(const EngagementTemplate& engagement_template,
                              const std::string& field) {
  FieldViolations v;
  if (!IsTemplateId(engagement_template.template_id)) {
    v.Add(Path(field, "template_id"), "must be 1-64 characters of [a-z0-9-]");
  }
  if (!IsKnownSegment(engagement_template.segment)) {
    v.Add(Path(field, "segment"), "must be KEY, SME or FIRST_TIME_BORROWER");
  }
  if (engagement_template.cadences.empty()) {
    v.Add(Path(field, "cadences"), "must have at least one cadence");
  }
  for (size_t i = 0; i < engagement_template.cadences.size(); ++i) {
    const EngagementCadence& c = engagement_template.cadences[i];
    const std::string at = Path(field, absl::StrCat("cadences[", i, "]"));
    if (!IsKnownKind(c.kind)) {
      v.Add(Path(at, "kind"), "must be a known engagement kind");
    }
    if (c.interval_months < 1 || c.interval_months > 24) {
      v.Add(Path(at, "interval_months"), "must be between 1 and 24");
    }
    if (c.first_due_days < 0 || c.first_due_days > 366) {
      v.Add(Path(at, "first_due_days"), "must be between 0 and 366");
    }
    if (c.occurrences < 0 || c.occurrences > 120) {
      v.Add(Path(at, "occurrences"), "must be between 0 and 120 (0 = no limit)");
    }
  }
  if (engagement_template.grace_days < 0 || engagement_template.grace_days > 90) {
    v.Add(Path(field, "grace_days"), "must be between 0 and 90");
  }
  return v.ToStatus();
}

std::vector<PlannedEngagement> PlanEngagements(const EngagementTemplate& engagement_template,
                                               absl::CivilDay start, int horizon_months) {
  std::vector<PlannedEngagement> plan;
  if (horizon_months <= 0) {
    return plan;
  }
  const absl::CivilDay end = AddMonths(start, horizon_months);
  for (const EngagementCadence& cadence : engagement_template.cadences) {
    const absl::CivilDay first = start + cadence.first_due_days;
    for (int k = 0; cadence.occurrences == 0 || k < cadence.occurrences; ++k) {
      // Each occurrence from the first due date, so a clamped month does not shift later ones.
      const absl::CivilDay due = AddMonths(first, k * cadence.interval_months);
      if (due >= end) {
        break;
      }
      if (due >= start) {
        plan.push_back({cadence.kind, due});
      }
      if (cadence.interval_months <= 0) {
        break;  // an invalid template still plans only its first occurrence
      }
    }
  }
  std::stable_sort(plan.begin(), plan.end(),
                   [](const PlannedEngagement& a, const PlannedEngagement& b) {
                     return std::make_tuple(a.due_date, static_cast<int>(a.kind)) <
                            std::make_tuple(b.due_date, static_cast<int>(b.kind));
                   });
  return plan;
}

EngagementStatus StatusOn(absl::CivilDay due_date, bool completed, absl::CivilDay today,
                          int grace_days) {
  if (completed) {
    return EngagementStatus::kCompleted;
  }
  if (today < due_date - kDueWindowDays) {
    return EngagementStatus::kUpcoming;
  }
  if (today <= due_date) {
    return EngagementStatus::kDue;
  }
  if (today <= due_date + std::max(grace_days, 0)) {
    return EngagementStatus::kOverdue;
  }
  return EngagementStatus::kMissed;
}

}  // namespace ccrm::relationship
