// ProjectRepository on MySQL: the projects a customer wants financed, milestones kept as a JSON
// array in the row, an audit record per write.
//
// Statements per call: Create [INSERT idempotency key] SELECT parent LOCK IN SHARE MODE, INSERT,
// INSERT audit, COMMIT; Update SELECT ... FOR UPDATE, UPDATE, INSERT audit, COMMIT; Get/List one
// SELECT, COMMIT.
//
// Example:
//   MySqlProjectRepository projects(pool.get());
//   ASSIGN_OR_RETURN(Project p, projects.Create(draft, key, write));
#pragma once

#include <optional>
#include <string>

#include "common/mysql/connection_pool.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

class MySqlProjectRepository final : public ProjectRepository {
 public:
  // Borrows the pool; it must outlive the repository.
  explicit MySqlProjectRepository(mysql::ConnectionPool* pool);

  // As ProjectRepository::Create, plus NOT_FOUND (CUSTOMER_NOT_FOUND) / FAILED_PRECONDITION
  // (CUSTOMER_ARCHIVED) for the parent and the idempotency contract of customers.
  absl::StatusOr<Project> Create(const Project& project, const IdempotencyKey& key,
                                 const WriteContext& write) override;
  // NOT_FOUND (PROJECT_NOT_FOUND); INTERNAL when the stored row is unreadable.
  absl::StatusOr<Project> Get(const std::string& customer_id,
                              const std::string& project_id) override;
  // Oldest first. INVALID_ARGUMENT ("page_token") for a key of another list.
  absl::StatusOr<Page<Project>> List(const std::string& customer_id,
                                     const PageQuery& page) override;
  // NOT_FOUND (PROJECT_NOT_FOUND), ABORTED (ETAG_MISMATCH), or what `mutate` returns (nothing
  // written). Ids, create time and revision are the storage's.
  absl::StatusOr<Project> Update(const std::string& customer_id, const std::string& project_id,
                                 std::optional<int64_t> expected_revision, const Mutation& mutate,
                                 const WriteContext& write) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::customer
