#include "services/relationship-service/storage/storage_rules.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/ids/etag.h"
#include "common/ids/idempotency_key.h"
#include "common/mysql/enum_names.h"
#include "common/pagination/keyset.h"
#include "common/status/errors.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::mysql::NameIn;
using ::ccrm::mysql::NameOf;
using ::ccrm::mysql::ParseIn;

constexpr NameOf<InteractionKind> kKinds[] = {
    {InteractionKind::kVisit, "VISIT"},
    {InteractionKind::kCall, "CALL"},
    {InteractionKind::kEmail, "EMAIL"},
    {InteractionKind::kMeeting, "MEETING"},
    {InteractionKind::kSiteInspection, "SITE_INSPECTION"}};
constexpr NameOf<TaskStatus> kStatuses[] = {{TaskStatus::kOpen, "OPEN"},
                                            {TaskStatus::kDone, "DONE"}};
constexpr NameOf<EngagementKind> kEngagementKinds[] = {
    {EngagementKind::kProjectProgressMeeting, "PROJECT_PROGRESS_MEETING"},
    {EngagementKind::kFinancialAnalysisMeeting, "FINANCIAL_ANALYSIS_MEETING"},
    {EngagementKind::kRelationshipVisit, "RELATIONSHIP_VISIT"},
    {EngagementKind::kSiteInspection, "SITE_INSPECTION"},
    {EngagementKind::kOnboardingSession, "ONBOARDING_SESSION"},
    {EngagementKind::kCourtesyCall, "COURTESY_CALL"}};
constexpr NameOf<EngagementState> kEngagementStates[] = {{EngagementState::kOpen, "OPEN"},
                                                         {EngagementState::kCompleted, "COMPLETED"},
                                                         {EngagementState::kMissed, "MISSED"}};

}  // namespace

std::string ManagerName(const std::string& manager_id) {
  return absl::StrCat("relationshipManagers/", manager_id);
}

std::string InteractionName(const std::string& customer_id, const std::string& interaction_id) {
  return absl::StrCat("customers/", customer_id, "/interactions/", interaction_id);
}

std::string EngagementName(const std::string& customer_id, const std::string& engagement_id) {
  return absl::StrCat("customers/", customer_id, "/engagements/", engagement_id);
}

std::string EngagementPlanName(const std::string& customer_id, const std::string& plan_id) {
  return absl::StrCat("customers/", customer_id, "/engagementPlans/", plan_id);
}

std::string InteractionKindName(InteractionKind kind) { return NameIn(kKinds, kind); }
absl::StatusOr<InteractionKind> ParseInteractionKind(absl::string_view name) {
  return ParseIn(kKinds, name, "interaction kind");
}

std::string TaskStatusName(TaskStatus status) { return NameIn(kStatuses, status); }
absl::StatusOr<TaskStatus> ParseTaskStatus(absl::string_view name) {
  return ParseIn(kStatuses, name, "task status");
}

absl::StatusOr<Segment> ParseSegment(absl::string_view name) {
  for (Segment s :
       {Segment::kUnspecified, Segment::kKey, Segment::kSme, Segment::kFirstTimeBorrower}) {
    if (name == SegmentName(s)) {
      return s;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown segment \"", name, "\""));
}

std::string EngagementKindName(EngagementKind kind) { return NameIn(kEngagementKinds, kind); }
absl::StatusOr<EngagementKind> ParseEngagementKind(absl::string_view name) {
  return ParseIn(kEngagementKinds, name, "engagement kind");
}

std::string EngagementStateName(EngagementState state) { return NameIn(kEngagementStates, state); }
absl::StatusOr<EngagementState> ParseEngagementState(absl::string_view name) {
  if (name.empty()) {
    // Every stored engagement has a state; "" would otherwise read as the first (OPEN).
    return absl::InvalidArgumentError("an engagement state is required");
  }
  return ParseIn(kEngagementStates, name, "engagement state");
}

bool MatchesEngagementFilter(const Engagement& engagement, const EngagementFilter& filter) {
  if (!filter.customer_id.empty() && engagement.customer_id != filter.customer_id) {
    return false;
  }
  if (!filter.manager_id.empty() && engagement.manager_id != filter.manager_id) {
    return false;
  }
  if (filter.due_before.has_value() && engagement.due_date > *filter.due_before) {
    return false;
  }
  return filter.status == EngagementStatus::kUnspecified ||
         CurrentStatus(engagement, filter.today) == filter.status;
}

bool IsMissedButOpen(const Engagement& engagement, absl::CivilDay today) {
  return engagement.state == EngagementState::kOpen &&
         CurrentStatus(engagement, today) == EngagementStatus::kMissed;
}

std::vector<std::string> ManagerPageKey(const RelationshipManager& m) { return {m.manager_id}; }
std::vector<std::string> HistoryPageKey(const Assignment& a) {
  return {TimeKey(a.start_time), a.manager_id};
}
std::vector<std::string> PortfolioPageKey(const Assignment& a) { return {a.customer_id}; }
std::vector<std::string> InteractionPageKey(const Interaction& i) {
  return {TimeKey(i.occur_time), i.interaction_id};
}
std::vector<std::string> TaskPageKey(const FollowUpTask& t) {
  return {DayKey(t.due_date), t.task_id};
}

std::vector<std::string> EngagementPageKey(const Engagement& e) {
  return {DayKey(e.due_date), e.engagement_id};
}

std::string DayKey(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<absl::CivilDay> ParseDayKey(const std::string& part) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(part, &day)) {
    return InvalidField("page_token", "the page token is malformed");
  }
  return day;
}

absl::Status ManagerNotFound(const std::string& manager_id) {
  return WithReason(
      absl::NotFoundError(absl::StrCat("relationship manager ", manager_id, " does not exist")),
      "MANAGER_NOT_FOUND");
}

absl::Status TaskNotFound(const std::string& task_id) {
  return WithReason(
      absl::NotFoundError(absl::StrCat("follow-up task ", task_id, " does not exist")),
      "TASK_NOT_FOUND");
}

absl::Status EngagementNotFound(const std::string& engagement_id) {
  return WithReason(
      absl::NotFoundError(absl::StrCat("engagement ", engagement_id, " does not exist")),
      "ENGAGEMENT_NOT_FOUND");
}

absl::Status ManagerAlreadyExists(const std::string& manager_id) {
  return WithReason(absl::AlreadyExistsError(
                        absl::StrCat("relationship manager ", manager_id, " already exists")),
                    "MANAGER_ALREADY_EXISTS");
}

absl::Status InteractionAlreadyExists(const std::string& interaction_id) {
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat("interaction ", interaction_id, " already exists")),
      "INTERACTION_ALREADY_EXISTS");
}

absl::Status TaskAlreadyExists(const std::string& task_id) {
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat("follow-up task ", task_id, " already exists")),
      "TASK_ALREADY_EXISTS");
}

absl::Status EngagementAlreadyExists(const std::string& engagement_id) {
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat("engagement ", engagement_id, " already exists")),
      "ENGAGEMENT_ALREADY_EXISTS");
}

absl::Status AlreadyAssigned(const Assignment& current) {
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "customer ", current.customer_id, " is already assigned to ", current.manager_id,
          current.dedicated ? " as a dedicated manager" : " (not dedicated)")),
      "ALREADY_ASSIGNED");
}

absl::Status TaskNotOpen(const FollowUpTask& task) {
  return WithReason(absl::FailedPreconditionError(absl::StrCat("follow-up task ", task.task_id,
                                                               " is not open (it is ",
                                                               TaskStatusName(task.status), ")")),
                    "TASK_NOT_OPEN");
}

absl::Status EngagementAlreadyCompleted(const Engagement& engagement) {
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        "engagement ", engagement.engagement_id, " is already completed",
                        engagement.completed_by.empty()
                            ? ""
                            : absl::StrCat(" by interaction ", engagement.completed_by))),
                    "ENGAGEMENT_ALREADY_COMPLETED");
}

std::string SurveyName(const Survey& survey) {
  return absl::StrCat("customers/", survey.customer_id, "/surveys/", survey.survey_id);
}

std::string ContributionName(const std::string& customer_id, absl::CivilDay month) {
  return absl::StrCat("customers/", customer_id, "/contributions/",
                      absl::FormatCivilTime(absl::CivilMonth(month)));
}

absl::Status CheckStorable(const Contribution& contribution) {
  const std::string& currency = contribution.interest_income.currency_code;
  if (contribution.fee_income.currency_code != currency ||
      contribution.average_deposits.currency_code != currency) {
    return InvalidField("contribution", "the amounts must be in one currency");
  }
  for (const Money* m :
       {&contribution.interest_income, &contribution.fee_income, &contribution.average_deposits}) {
    if (m->units > kMaxStoredUnits || m->units < -kMaxStoredUnits) {
      return InvalidField("contribution", "the amounts must be below 10^18 units");
    }
  }
  return absl::OkStatus();
}

absl::Status IdempotentResultGone(const std::string& name) {
  return absl::InternalError(
      absl::StrCat(name, " of an earlier request with this request id is gone"));
}

}  // namespace ccrm::relationship
