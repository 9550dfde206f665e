// What the relationship-service MySQL and in-memory repositories share, so that both spell,
// page and fail alike: how enums are stored (by name), idempotency scopes and resource names,
// page keys, and the errors the contracts of domain/repositories.h promise (codes and reasons).
// The generic pieces (page limits, revision check, time keys) are in borrowed_helpers.h.
//
// Example:
//   stmt.setString(3, InteractionKindName(interaction.kind));
//   ASSIGN_OR_RETURN(task.status, ParseTaskStatus(rs.getString("status").asStdString()));
//   if (task.manager_id != manager_id) return TaskNotFound(task_id);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/relationship-service/domain/classification.h"
#include "services/relationship-service/domain/engagement.h"
#include "services/relationship-service/domain/interaction_rules.h"
#include "services/relationship-service/domain/relationship.h"
#include "services/relationship-service/domain/repositories.h"
#include "services/relationship-service/domain/satisfaction.h"

namespace ccrm::relationship {

// Idempotency scopes (domain/repositories.h).
inline constexpr char kManagerCreateScope[] = "managers.create";
inline constexpr char kInteractionLogScope[] = "interactions.log";
inline constexpr char kEngagementPlanScope[] = "engagements.plan";
inline constexpr char kSurveyRecordScope[] = "surveys.record";
inline constexpr char kContributionRecordScope[] = "contributions.record";

// "relationshipManagers/{id}", "customers/{customer_id}/interactions/{id}",
// "customers/{customer_id}/engagements/{id}"; what a plan's request id claims:
// "customers/{customer_id}/engagementPlans/{plan_id}".
std::string ManagerName(const std::string& manager_id);
std::string InteractionName(const std::string& customer_id, const std::string& interaction_id);
std::string EngagementName(const std::string& customer_id, const std::string& engagement_id);
std::string EngagementPlanName(const std::string& customer_id, const std::string& plan_id);
// "customers/{customer_id}/surveys/{survey_id}"; "customers/{customer_id}/contributions/2026-10"
// (what an idempotency key of a contribution points at).
std::string SurveyName(const Survey& survey);
std::string ContributionName(const std::string& customer_id, absl::CivilDay month);

// The largest amount a contribution column (DECIMAL(38,9), read back through ParseMoney) holds
// exactly: fewer than 19 whole digits.
inline constexpr int64_t kMaxStoredUnits = 999'999'999'999'999'999;
// INVALID_ARGUMENT (field "contribution") unless the three amounts share one currency and each
// is within kMaxStoredUnits.
absl::Status CheckStorable(const Contribution& contribution);
// INTERNAL: what an earlier request with the same request id created (`name`) is gone.
absl::Status IdempotentResultGone(const std::string& name);

// Stored names: "VISIT", "CALL", "EMAIL", "MEETING", "SITE_INSPECTION"; "OPEN", "DONE";
// segments as SegmentName (domain/classification.h). "" is the unspecified value. Each Parse
// accepts exactly what its Name gives and returns INVALID_ARGUMENT for anything else.
std::string InteractionKindName(InteractionKind kind);
absl::StatusOr<InteractionKind> ParseInteractionKind(absl::string_view name);
std::string TaskStatusName(TaskStatus status);
absl::StatusOr<TaskStatus> ParseTaskStatus(absl::string_view name);
absl::StatusOr<Segment> ParseSegment(absl::string_view name);
// Engagement kinds: "PROJECT_PROGRESS_MEETING", "FINANCIAL_ANALYSIS_MEETING",
// "RELATIONSHIP_VISIT", "SITE_INSPECTION", "ONBOARDING_SESSION", "COURTESY_CALL" ("" is
// unspecified). States: "OPEN", "COMPLETED", "MISSED" (no unspecified value: "" is refused).
std::string EngagementKindName(EngagementKind kind);
absl::StatusOr<EngagementKind> ParseEngagementKind(absl::string_view name);
std::string EngagementStateName(EngagementState state);
absl::StatusOr<EngagementState> ParseEngagementState(absl::string_view name);

// Whether `engagement` is one `filter` asks for (customer, manager, due on or before
// due_before, and CurrentStatus on filter.today equal to the status): what the MySQL
// repository's WHERE clause says, for the in-memory one.
bool MatchesEngagementFilter(const Engagement& engagement, const EngagementFilter& filter);
// An OPEN engagement whose grace period ended before `today` (SweepMissed's candidates).
bool IsMissedButOpen(const Engagement& engagement, absl::CivilDay today);

// Page keys. Managers: {manager_id}. Assignment history: {start_time, manager_id}. Portfolio:
// {customer_id}. Interactions: {occur_time, interaction_id}. Tasks: {due_date, task_id}.
// Engagements: {due_date, engagement_id}.
std::vector<std::string> ManagerPageKey(const RelationshipManager& m);
std::vector<std::string> HistoryPageKey(const Assignment& a);
std::vector<std::string> PortfolioPageKey(const Assignment& a);
std::vector<std::string> InteractionPageKey(const Interaction& i);
std::vector<std::string> TaskPageKey(const FollowUpTask& t);
std::vector<std::string> EngagementPageKey(const Engagement& e);
// "2026-03-01" and back; INVALID_ARGUMENT on field "page_token" when malformed.
std::string DayKey(absl::CivilDay day);
absl::StatusOr<absl::CivilDay> ParseDayKey(const std::string& part);

// NOT_FOUND: MANAGER_NOT_FOUND, TASK_NOT_FOUND, ENGAGEMENT_NOT_FOUND.
absl::Status ManagerNotFound(const std::string& manager_id);
absl::Status TaskNotFound(const std::string& task_id);
absl::Status EngagementNotFound(const std::string& engagement_id);
// ALREADY_EXISTS: MANAGER_ALREADY_EXISTS, INTERACTION_ALREADY_EXISTS, TASK_ALREADY_EXISTS,
// ENGAGEMENT_ALREADY_EXISTS.
absl::Status ManagerAlreadyExists(const std::string& manager_id);
absl::Status InteractionAlreadyExists(const std::string& interaction_id);
absl::Status TaskAlreadyExists(const std::string& task_id);
absl::Status EngagementAlreadyExists(const std::string& engagement_id);
// FAILED_PRECONDITION ALREADY_ASSIGNED: the customer is already with that manager, same flag.
absl::Status AlreadyAssigned(const Assignment& current);
// FAILED_PRECONDITION TASK_NOT_OPEN.
absl::Status TaskNotOpen(const FollowUpTask& task);
// FAILED_PRECONDITION ENGAGEMENT_ALREADY_COMPLETED, naming the interaction that completed it.
absl::Status EngagementAlreadyCompleted(const Engagement& engagement);

}  // namespace ccrm::relationship
