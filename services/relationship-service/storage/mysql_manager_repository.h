// ManagerRepository on MySQL: relationship_managers, and assignments with their history (a
// reassignment ends the current row and inserts the next; a unique key on the generated
// current_customer_id allows one current assignment per customer).
//
// Statements per call: Create [INSERT idempotency key] INSERT, COMMIT; Assign SELECT current
// FOR UPDATE, SELECT manager FOR UPDATE, SELECT COUNT portfolio, [UPDATE end current], INSERT,
// UPDATE the customer's open engagements, COMMIT (run again, up to 5 times, when a racing assign
// for the same customer inserted first); reads one SELECT. CurrentManagerIn: one SELECT in the
// caller's transaction.
//
// Example:
//   MySqlManagerRepository managers(pool.get());
//   ASSIGN_OR_RETURN(Assignment a, managers.Assign(next, check, write));
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

// The customer's current manager ("" when it has none), read in the session's open transaction
// (the risk-alert consumer's). Throws sql::SQLException on database errors.
absl::StatusOr<std::string> CurrentManagerIn(mysql::Session& session,
                                             const std::string& customer_id);

class MySqlManagerRepository final : public ManagerRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlManagerRepository(mysql::ConnectionPool* pool);

  // As ManagerRepository::Create; create_time = update_time = write.now, revision 1.
  absl::StatusOr<RelationshipManager> Create(const RelationshipManager& manager,
                                             const IdempotencyKey& key,
                                             const WriteContext& write) override;
  // NOT_FOUND (reason MANAGER_NOT_FOUND).
  absl::StatusOr<RelationshipManager> Get(const std::string& manager_id) override;
  // "" branch = every branch. INVALID_ARGUMENT ("page_token") for a key of another list.
  absl::StatusOr<Page<RelationshipManager>> List(const std::string& branch, bool include_inactive,
                                                 const PageQuery& page) override;
  // As ManagerRepository::Assign. `check` gets the number of customers currently assigned to
  // next.manager_id other than next.customer_id, counted while that manager's row is locked
  // (so racing assigns to one manager cannot both pass a limit). ABORTED (reason
  // CONCURRENT_WRITE) when racing assigns for the customer kept winning.
  absl::StatusOr<Assignment> Assign(const Assignment& next,
                                    const std::function<absl::Status(int portfolio_size)>& check,
                                    const WriteContext& write) override;
  absl::StatusOr<std::optional<Assignment>> CurrentAssignment(
      const std::string& customer_id) override;
  absl::StatusOr<Page<Assignment>> AssignmentHistory(const std::string& customer_id,
                                                     const PageQuery& page) override;
  absl::StatusOr<Page<Assignment>> Portfolio(const std::string& manager_id,
                                             const PageQuery& page) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::relationship
