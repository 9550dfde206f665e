// The storage the relationship-service domain needs, as interfaces it owns; storage/ implements
// them on MySQL and in memory. Every write is one transaction (with its outbox events appended
// last, where the change matters to other services).
//
// Example:
//   ASSIGN_OR_RETURN(Assignment a, managers.Assign(next, write));
//   ASSIGN_OR_RETURN(Page<Interaction> page, interactions.List(customer_id, kind, query));
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/page.h"
#include "services/relationship-service/domain/engagement.h"
#include "services/relationship-service/domain/interaction_rules.h"
#include "services/relationship-service/domain/relationship.h"
#include "services/relationship-service/domain/satisfaction.h"
#include "services/relationship-service/domain/service_request.h"

namespace ccrm::relationship {

// The soft signals relationship-service publishes (ccrm.relationship.v1 events on its feed), as
// outbox events; api/ implements it with the protobuf payloads. Event id a UUIDv7 of write.now,
// the write's request id, subject the resource's name.
class RelationshipEventEncoder {
 public:
  virtual ~RelationshipEventEncoder() = default;
  virtual events::OutboxEvent ComplaintOpened(const ServiceRequest& request,
                                              const WriteContext& write) const = 0;
  // `escalation.deadline` is "response" or "resolution"; request carries the new level.
  virtual events::OutboxEvent SlaBreached(const ServiceRequest& request,
                                          const Escalation& escalation,
                                          const WriteContext& write) const = 0;
  // `previous` is the customer's latest earlier survey, if any.
  virtual events::OutboxEvent SatisfactionDropped(const Survey& survey,
                                                  const std::optional<Survey>& previous,
                                                  const WriteContext& write) const = 0;
  virtual events::OutboxEvent EngagementMissed(const Engagement& engagement,
                                               const WriteContext& write) const = 0;
};

class ManagerRepository {
 public:
  virtual ~ManagerRepository() = default;
  // ALREADY_EXISTS (reason MANAGER_ALREADY_EXISTS) for a taken manager_id; idempotent by key
  // (scope "managers.create").
  virtual absl::StatusOr<RelationshipManager> Create(const RelationshipManager& manager,
                                                     const IdempotencyKey& key,
                                                     const WriteContext& write) = 0;
  // NOT_FOUND.
  virtual absl::StatusOr<RelationshipManager> Get(const std::string& manager_id) = 0;
  // By manager_id. Key: {manager_id}.
  virtual absl::StatusOr<Page<RelationshipManager>> List(const std::string& branch,
                                                         bool include_inactive,
                                                         const PageQuery& page) = 0;
  // In one transaction: locks the customer's current assignment (if any), ends it at
  // write.now, inserts `next` (start_time = write.now), and moves the customer's OPEN
  // engagements to next.manager_id. Returns the new assignment.
  // FAILED_PRECONDITION (reason ALREADY_ASSIGNED) when the customer is already assigned to
  // next.manager_id with the same dedicated flag; RESOURCE_EXHAUSTED-free: portfolio limits are
  // checked by the caller with PortfolioSize inside `check` (run under the lock, before writing;
  // its error aborts the transaction).
  virtual absl::StatusOr<Assignment> Assign(
      const Assignment& next, const std::function<absl::Status(int portfolio_size)>& check,
      const WriteContext& write) = 0;
  // The customer's current assignment, or nullopt.
  virtual absl::StatusOr<std::optional<Assignment>> CurrentAssignment(
      const std::string& customer_id) = 0;
  // Newest first. Key: {start_time, manager_id}.
  virtual absl::StatusOr<Page<Assignment>> AssignmentHistory(const std::string& customer_id,
                                                             const PageQuery& page) = 0;
  // The manager's current customers, by customer_id. Key: {customer_id}.
  virtual absl::StatusOr<Page<Assignment>> Portfolio(const std::string& manager_id,
                                                     const PageQuery& page) = 0;
};

class InteractionRepository {
 public:
  virtual ~InteractionRepository() = default;
  // Stores the interaction (id, create_time as given). Idempotent by key (scope
  // "interactions.log"); a replay returns the first one. When engagement_id is set, the same
  // transaction completes that engagement of the customer (completed_by = interaction_id,
  // complete_time = write.now; an OPEN or MISSED one — a late completion is still recorded):
  // NOT_FOUND (reason ENGAGEMENT_NOT_FOUND) when the customer has no such engagement,
  // FAILED_PRECONDITION (reason ENGAGEMENT_ALREADY_COMPLETED) when it is completed.
  virtual absl::StatusOr<Interaction> Log(const Interaction& interaction, const IdempotencyKey& key,
                                          const WriteContext& write) = 0;
  // The customer's timeline, newest first (occur_time, interaction_id descending), of one kind
  // when kind is not unspecified. Key: {occur_time, interaction_id}.
  virtual absl::StatusOr<Page<Interaction>> List(const std::string& customer_id,
                                                 InteractionKind kind, const PageQuery& page) = 0;
};

class TaskRepository {
 public:
  virtual ~TaskRepository() = default;
  // Stores a task unless one from the same source for the same manager is already OPEN (an
  // escalated alert updates that task's title, detail and due date instead). Returns the task
  // as stored.
  virtual absl::StatusOr<FollowUpTask> Upsert(const FollowUpTask& task,
                                              const WriteContext& write) = 0;
  // Soonest due first (due_date, task_id). Key: {due_date, task_id}.
  virtual absl::StatusOr<Page<FollowUpTask>> List(const std::string& manager_id, TaskStatus status,
                                                  const PageQuery& page) = 0;
  // OPEN → DONE with the note. NOT_FOUND (also for another manager's task); ABORTED on a stale
  // revision (0 = don't check); FAILED_PRECONDITION (reason TASK_NOT_OPEN).
  virtual absl::StatusOr<FollowUpTask> Complete(const std::string& manager_id,
                                                const std::string& task_id,
                                                int64_t expected_revision, const std::string& note,
                                                const WriteContext& write) = 0;
};

// Which engagements to list. Empty / unspecified fields match anything.
struct EngagementFilter {
  std::string customer_id;
  std::string manager_id;
  // UPCOMING / DUE / OVERDUE / MISSED are judged on `today` as CurrentStatus does (MISSED also
  // matches open engagements past their grace period that the sweep has not stored yet).
  EngagementStatus status = EngagementStatus::kUnspecified;
  // Due on or before this day.
  std::optional<absl::CivilDay> due_before;
  absl::CivilDay today;
};

class EngagementRepository {
 public:
  virtual ~EngagementRepository() = default;
  // In one transaction: deletes the customer's OPEN engagements due on or after `start` (what
  // an earlier plan still had ahead) and stores `engagements` (ids, times as given; state OPEN).
  // Engagements already due, completed or missed stay. Idempotent by key (scope
  // "engagements.plan"): a replay returns the first call's engagements. Returns them by due date
  // (then id). ALREADY_EXISTS (reason ENGAGEMENT_ALREADY_EXISTS) for a taken engagement id.
  virtual absl::StatusOr<std::vector<Engagement>> ReplacePlan(
      const std::string& customer_id, absl::CivilDay start,
      const std::vector<Engagement>& engagements, const IdempotencyKey& key,
      const WriteContext& write) = 0;
  // Whether the customer has any engagement at all (the new-customer consumer plans once).
  virtual absl::StatusOr<bool> HasEngagements(const std::string& customer_id) = 0;
  // NOT_FOUND (reason ENGAGEMENT_NOT_FOUND), also for another customer's engagement.
  virtual absl::StatusOr<Engagement> Get(const std::string& customer_id,
                                         const std::string& engagement_id) = 0;
  // Soonest due first (due_date, engagement_id). Key: {due_date, engagement_id}.
  virtual absl::StatusOr<Page<Engagement>> List(const EngagementFilter& filter,
                                                const PageQuery& page) = 0;
  // Marks up to `limit` OPEN engagements whose grace period ended before `today` as MISSED,
  // each with an EngagementMissed event, in transactions that skip rows another replica has
  // locked (so several replicas may sweep at once and none is missed twice). Returns how many.
  virtual absl::StatusOr<int> SweepMissed(absl::CivilDay today, int limit,
                                          const RelationshipEventEncoder& encoder,
                                          const WriteContext& write) = 0;
};

// Which service requests to list. Empty / unspecified fields match anything.
struct ServiceRequestFilter {
  std::string customer_id;
  std::string assignee_manager_id;
  ServiceRequestStatus status = ServiceRequestStatus::kUnspecified;
  ServiceRequestType type = ServiceRequestType::kUnspecified;
  // Only requests with a deadline passed unmet at `now` (IsBreached).
  bool breached_only = false;
  absl::Time now;
};

class ServiceRequestRepository {
 public:
  virtual ~ServiceRequestRepository() = default;
  // The SLA table (every row of sla_rules; the migration seeds DefaultSlaTable()).
  virtual absl::StatusOr<SlaTable> LoadSlaTable() = 0;
  // Stores the request (as given: id, deadlines, assignee, times), its "created" change and, for
  // a complaint, a ComplaintOpened event, in one transaction. Idempotent by key (scope
  // "service_requests.create"); a replay returns the first one.
  virtual absl::StatusOr<ServiceRequest> Create(const ServiceRequest& request,
                                                const IdempotencyKey& key,
                                                const RelationshipEventEncoder& encoder,
                                                const WriteContext& write) = 0;
  // NOT_FOUND (reason SERVICE_REQUEST_NOT_FOUND), also for another customer's request.
  virtual absl::StatusOr<ServiceRequest> Get(const std::string& customer_id,
                                             const std::string& service_request_id) = 0;
  // Newest first (create_time, service_request_id descending). Key: {create_time, id}.
  virtual absl::StatusOr<Page<ServiceRequest>> List(const ServiceRequestFilter& filter,
                                                    const PageQuery& page) = 0;
  // Under a row lock: NOT_FOUND, then ABORTED (reason ETAG_MISMATCH; 0 = don't check), then
  // CheckStatusChange's errors. Sets first_response_time (leaving OPEN the first time),
  // resolve_time and resolution (to RESOLVED; cleared when re-opened), update_time, revision + 1,
  // and records a "status" change with the note and write.actor.
  virtual absl::StatusOr<ServiceRequest> UpdateStatus(const std::string& customer_id,
                                                      const std::string& service_request_id,
                                                      int64_t expected_revision,
                                                      ServiceRequestStatus to,
                                                      const std::string& note,
                                                      const WriteContext& write) = 0;
  // Oldest first. NOT_FOUND as Get.
  virtual absl::StatusOr<std::vector<ServiceRequestChange>> Changes(
      const std::string& customer_id, const std::string& service_request_id) = 0;
  // Escalates up to `limit` requests for which EscalationDue(…, write.now) is set, one step
  // each: escalation_level, revision + 1, an "escalated" change (actor write.actor, note the
  // deadline) and an SlaBreached event, in transactions that skip rows another replica has
  // locked (several replicas may sweep at once; no request is escalated twice for one
  // deadline). Returns how many were escalated.
  virtual absl::StatusOr<int> EscalateDue(int limit, const RelationshipEventEncoder& encoder,
                                          const WriteContext& write) = 0;
};

// Whose surveys a trend is over.
enum class SurveySubject { kCustomer = 0, kManager = 1 };

class SurveyRepository {
 public:
  virtual ~SurveyRepository() = default;
  // Stores the survey (as given) and, in the same transaction, reads the customer's latest
  // survey before it (by survey_time, then survey_id) and appends a SatisfactionDropped event
  // when IsSatisfactionDrop(previous, this). Idempotent by key (scope "surveys.record").
  virtual absl::StatusOr<Survey> Record(const Survey& survey, const IdempotencyKey& key,
                                        const RelationshipEventEncoder& encoder,
                                        const WriteContext& write) = 0;
  // The scores of a customer's (or a manager's) surveys taken at or after `since`.
  virtual absl::StatusOr<std::vector<SurveyScores>> ScoresSince(SurveySubject subject,
                                                                const std::string& id,
                                                                absl::Time since) = 0;
};

class ContributionRepository {
 public:
  virtual ~ContributionRepository() = default;
  // Stores the month's figures for the customer, replacing what was recorded for that month (a
  // correction). Idempotent by key (scope "contributions.record").
  virtual absl::StatusOr<Contribution> Record(const Contribution& contribution,
                                              const IdempotencyKey& key,
                                              const WriteContext& write) = 0;
  // The customer's months from `since` (day 1) on, oldest first.
  virtual absl::StatusOr<std::vector<Contribution>> Since(const std::string& customer_id,
                                                          absl::CivilDay since) = 0;
};

}  // namespace ccrm::relationship
