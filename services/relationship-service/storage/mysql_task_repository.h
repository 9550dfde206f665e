// TaskRepository on MySQL: follow_up_tasks, with a unique key on the generated open_source_key
// ("manager_id|source" while OPEN) so a manager has at most one OPEN task per source; and
// UpsertTaskIn, the same upsert inside a transaction the caller already has open (the risk-alert
// consumer's, which records the consumed event in it too).
//
// Statements per call: Upsert SELECT open task FOR UPDATE, UPDATE or INSERT, COMMIT (an INSERT
// that loses to a racing one re-reads and updates the winner); Complete SELECT FOR UPDATE,
// UPDATE, COMMIT; List one SELECT.
//
// Example:
//   MySqlTaskRepository tasks(pool.get());
//   ASSIGN_OR_RETURN(FollowUpTask t, tasks.Upsert(task, write));
//   // In a consumer's transaction:
//   ASSIGN_OR_RETURN(FollowUpTask t, UpsertTaskIn(session, task, event_time));
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

// As TaskRepository::Upsert, in the session's open transaction (it neither starts nor commits
// one). A new task gets status OPEN, create/update time `now`, revision 1, no completion, and a
// UUIDv7 at `now` when task_id is empty; an OPEN task of the same manager and source gets the
// new title, detail and due date, revision + 1. ALREADY_EXISTS (reason TASK_ALREADY_EXISTS) when
// task_id is taken by another task; ABORTED (reason CONCURRENT_WRITE) when racing upserts kept
// changing the open task. Throws sql::SQLException on database errors (the caller's transaction
// runner maps them).
absl::StatusOr<FollowUpTask> UpsertTaskIn(mysql::Session& session, const FollowUpTask& task,
                                          absl::Time now);

class MySqlTaskRepository final : public TaskRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlTaskRepository(mysql::ConnectionPool* pool);

  // UpsertTaskIn at write.now in a transaction of its own.
  absl::StatusOr<FollowUpTask> Upsert(const FollowUpTask& task, const WriteContext& write) override;
  // TaskStatus::kUnspecified lists every status. INVALID_ARGUMENT ("page_token") for a key of
  // another list.
  absl::StatusOr<Page<FollowUpTask>> List(const std::string& manager_id, TaskStatus status,
                                          const PageQuery& page) override;
  // As TaskRepository::Complete: NOT_FOUND (reason TASK_NOT_FOUND), then ABORTED (reason
  // ETAG_MISMATCH), then FAILED_PRECONDITION (reason TASK_NOT_OPEN).
  absl::StatusOr<FollowUpTask> Complete(const std::string& manager_id, const std::string& task_id,
                                        int64_t expected_revision, const std::string& note,
                                        const WriteContext& write) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::relationship
