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
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/page.h"
#include "services/relationship-service/domain/interaction_rules.h"
#include "services/relationship-service/domain/relationship.h"

namespace ccrm::relationship {

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
  // write.now, inserts `next` (start_time = write.now). Returns the new assignment.
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
  // "interactions.log"); a replay returns the first one.
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

}  // namespace ccrm::relationship
