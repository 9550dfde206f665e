// ReratingJobRepository on MySQL: portfolio re-rating jobs in rerating_jobs, with the counters
// and the customer-list cursor rewritten after every page so a job shows progress and resumes.
//
// Statements per call: Create [INSERT idempotency key] INSERT, COMMIT; RecordProgress and Finish
// SELECT FOR UPDATE, UPDATE, COMMIT; reads one SELECT.
//
// Example:
//   MySqlReratingJobRepository jobs(pool.get());
//   ASSIGN_OR_RETURN(ReratingJob job, jobs.RecordProgress(id, {10, 8, 2, 0}, token, now));
//   if (job.state != ReratingJobState::kRunning) return;  // cancelled meanwhile
#pragma once

#include <string>
#include <vector>

#include "common/mysql/connection_pool.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

class MySqlReratingJobRepository final : public ReratingJobRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlReratingJobRepository(mysql::ConnectionPool* pool);

  // As ReratingJobRepository::Create. An empty job_id gets a new UUIDv7, an empty created_by
  // write.actor; state RUNNING, create and update time write.now, no finish_time or last_error
  // whatever the job says. ALREADY_EXISTS (RERATING_JOB_ALREADY_EXISTS)
  // for a taken id; INVALID_ARGUMENT REQUEST_ID_REUSED.
  absl::StatusOr<ReratingJob> Create(const ReratingJob& job, const IdempotencyKey& key,
                                     const WriteContext& write) override;
  // NOT_FOUND (reason RERATING_JOB_NOT_FOUND).
  absl::StatusOr<ReratingJob> Get(const std::string& job_id) override;
  // INVALID_ARGUMENT ("page_token") for a key of another list.
  absl::StatusOr<Page<ReratingJob>> List(const PageQuery& page) override;
  absl::StatusOr<std::vector<ReratingJob>> ListRunning() override;
  // As ReratingJobRepository::RecordProgress (update_time = now); a job that is no longer
  // RUNNING, or whose cursor is no longer expected_page_token, is returned unchanged. NOT_FOUND
  // (RERATING_JOB_NOT_FOUND).
  absl::StatusOr<ReratingJob> RecordProgress(const std::string& job_id,
                                             const std::string& expected_page_token,
                                             const ReratingProgress& progress,
                                             const std::string& next_page_token,
                                             const std::string& last_error,
                                             absl::Time now) override;
  // As ReratingJobRepository::Finish (update_time = finish_time = now); an empty last_error
  // keeps the one progress recorded. INVALID_ARGUMENT (field "state") for a state other than
  // SUCCEEDED, FAILED or CANCELLED; FAILED_PRECONDITION (JOB_NOT_RUNNING); NOT_FOUND
  // (RERATING_JOB_NOT_FOUND).
  absl::StatusOr<ReratingJob> Finish(const std::string& job_id, ReratingJobState state,
                                     const std::string& last_error, absl::Time now) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::rating
