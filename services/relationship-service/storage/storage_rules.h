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

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/relationship-service/domain/classification.h"
#include "services/relationship-service/domain/interaction_rules.h"
#include "services/relationship-service/domain/relationship.h"

namespace ccrm::relationship {

// Idempotency scopes (domain/repositories.h).
inline constexpr char kManagerCreateScope[] = "managers.create";
inline constexpr char kInteractionLogScope[] = "interactions.log";

// "relationshipManagers/{id}", "customers/{customer_id}/interactions/{id}".
std::string ManagerName(const std::string& manager_id);
std::string InteractionName(const std::string& customer_id, const std::string& interaction_id);

// Stored names: "VISIT", "CALL", "EMAIL", "MEETING", "SITE_INSPECTION"; "OPEN", "DONE";
// segments as SegmentName (domain/classification.h). "" is the unspecified value. Each Parse
// accepts exactly what its Name gives and returns INVALID_ARGUMENT for anything else.
std::string InteractionKindName(InteractionKind kind);
absl::StatusOr<InteractionKind> ParseInteractionKind(absl::string_view name);
std::string TaskStatusName(TaskStatus status);
absl::StatusOr<TaskStatus> ParseTaskStatus(absl::string_view name);
absl::StatusOr<Segment> ParseSegment(absl::string_view name);

// Page keys. Managers: {manager_id}. Assignment history: {start_time, manager_id}. Portfolio:
// {customer_id}. Interactions: {occur_time, interaction_id}. Tasks: {due_date, task_id}.
std::vector<std::string> ManagerPageKey(const RelationshipManager& m);
std::vector<std::string> HistoryPageKey(const Assignment& a);
std::vector<std::string> PortfolioPageKey(const Assignment& a);
std::vector<std::string> InteractionPageKey(const Interaction& i);
std::vector<std::string> TaskPageKey(const FollowUpTask& t);
// "2026-03-01" and back; INVALID_ARGUMENT on field "page_token" when malformed.
std::string DayKey(absl::CivilDay day);
absl::StatusOr<absl::CivilDay> ParseDayKey(const std::string& part);

// NOT_FOUND: MANAGER_NOT_FOUND, TASK_NOT_FOUND.
absl::Status ManagerNotFound(const std::string& manager_id);
absl::Status TaskNotFound(const std::string& task_id);
// ALREADY_EXISTS: MANAGER_ALREADY_EXISTS, INTERACTION_ALREADY_EXISTS, TASK_ALREADY_EXISTS.
absl::Status ManagerAlreadyExists(const std::string& manager_id);
absl::Status InteractionAlreadyExists(const std::string& interaction_id);
absl::Status TaskAlreadyExists(const std::string& task_id);
// FAILED_PRECONDITION ALREADY_ASSIGNED: the customer is already with that manager, same flag.
absl::Status AlreadyAssigned(const Assignment& current);
// FAILED_PRECONDITION TASK_NOT_OPEN.
absl::Status TaskNotOpen(const FollowUpTask& task);

}  // namespace ccrm::relationship
