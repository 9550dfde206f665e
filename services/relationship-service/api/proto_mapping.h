// ccrm.relationship.v1 messages ↔ relationship-service domain values. FromProto functions read
// what a client may set (identity and output-only fields are ignored) and report every problem at
// once as field violations under the given field path (INVALID_ARGUMENT); ToProto functions never
// fail. Resource names as the proto says; etags are FormatEtag(revision).
//
// Example:
//   ASSIGN_OR_RETURN(Interaction draft, FromProto(request->interaction(), "interaction"));
//   ToProto(stored, response);
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ccrm/relationship/v1/relationship.pb.h"
#include "services/relationship-service/domain/engagement.h"
#include "services/relationship-service/domain/interaction_rules.h"
#include "services/relationship-service/domain/relationship.h"
#include "services/relationship-service/domain/satisfaction.h"
#include "services/relationship-service/domain/satisfaction_service.h"
#include "services/relationship-service/domain/service_request.h"

namespace ccrm::relationship {

// Enums. FromProto of a number the proto does not define → INVALID_ARGUMENT on `field`;
// UNSPECIFIED maps to kUnspecified (callers decide whether that is allowed).
absl::StatusOr<Segment> FromProto(v1::Segment segment, const std::string& field);
v1::Segment ToProto(Segment segment);
absl::StatusOr<InteractionKind> FromProto(v1::InteractionKind kind, const std::string& field);
v1::InteractionKind ToProto(InteractionKind kind);
absl::StatusOr<EngagementKind> FromProto(v1::EngagementKind kind, const std::string& field);
v1::EngagementKind ToProto(EngagementKind kind);
absl::StatusOr<EngagementStatus> FromProto(v1::EngagementStatus status, const std::string& field);
v1::EngagementStatus ToProto(EngagementStatus status);
absl::StatusOr<ServiceRequestType> FromProto(v1::ServiceRequestType type, const std::string& field);
v1::ServiceRequestType ToProto(ServiceRequestType type);
absl::StatusOr<Priority> FromProto(v1::Priority priority, const std::string& field);
v1::Priority ToProto(Priority priority);
absl::StatusOr<ServiceRequestStatus> FromProto(v1::ServiceRequestStatus status,
                                               const std::string& field);
v1::ServiceRequestStatus ToProto(ServiceRequestStatus status);
absl::StatusOr<TaskStatus> FromProto(v1::TaskStatus status, const std::string& field);
v1::TaskStatus ToProto(TaskStatus status);

// Managers: manager_id, display_name, branch, email, max_portfolio_size (active is true for a
// new manager).
absl::StatusOr<RelationshipManager> FromProto(const v1::RelationshipManager& manager,
                                              const std::string& field);
void ToProto(const RelationshipManager& manager, v1::RelationshipManager* out);
void ToProto(const Assignment& assignment, v1::Assignment* out);

// Interactions: kind, occur_time (a valid timestamp), manager_id, participants, summary,
// outcome, next_steps, confidential, and engagement ("customers/{cid}/engagements/{eid}" of
// `customer_id`, or empty → engagement_id "").
absl::StatusOr<Interaction> FromProto(const v1::Interaction& interaction,
                                      const std::string& customer_id, const std::string& field);
void ToProto(const Interaction& interaction, v1::Interaction* out);

void ToProto(const EngagementTemplate& engagement_template, v1::EngagementTemplate* out);
// status is what CurrentStatus says on `today`.
void ToProto(const Engagement& engagement, absl::CivilDay today, v1::Engagement* out);

// Service requests: type, priority, subject, description.
absl::StatusOr<ServiceRequest> FromProto(const v1::ServiceRequest& request,
                                         const std::string& field);
void ToProto(const ServiceRequest& request, v1::ServiceRequest* out);
void ToProto(const ServiceRequestChange& change, v1::ServiceRequestChange* out);

// Surveys: csat, nps, comment, survey_time (a valid timestamp; unset → the epoch, which the
// domain refuses).
absl::StatusOr<Survey> FromProto(const v1::SatisfactionSurvey& survey, const std::string& field);
void ToProto(const Survey& survey, v1::SatisfactionSurvey* out);
void ToProto(const SatisfactionPoint& point, v1::SatisfactionPoint* out);

// Contributions: month (a valid date), the three amounts (well-formed money).
absl::StatusOr<Contribution> FromProto(const v1::Contribution& contribution,
                                       const std::string& field);
void ToProto(const Contribution& contribution, v1::Contribution* out);
void ToProto(const CustomerValue& value, v1::CustomerValue* out);

void ToProto(const FollowUpTask& task, v1::FollowUpTask* out);

// Resource names: "relationshipManagers/{id}", "customers/{cid}/interactions/{id}",
// "customers/{cid}/engagements/{id}", "customers/{cid}/serviceRequests/{id}",
// "customers/{cid}/surveys/{id}", "relationshipManagers/{mid}/tasks/{id}".
std::string ManagerResourceName(const std::string& manager_id);
std::string EngagementResourceName(const std::string& customer_id,
                                   const std::string& engagement_id);
std::string ServiceRequestResourceName(const std::string& customer_id,
                                       const std::string& service_request_id);
std::string SurveyResourceName(const std::string& customer_id, const std::string& survey_id);
std::string TaskResourceName(const std::string& manager_id, const std::string& task_id);

}  // namespace ccrm::relationship
