// Use cases on relationship managers and who looks after whom: create, get and list managers;
// assign a customer (checked with customer-profile; key customers always get a dedicated
// manager; a reassignment needs a reason and keeps the history; a manager's portfolio limit is
// respected); a customer's assignment history; a manager's portfolio.
//
// Example:
//   ManagerService managers(&repository, &directory, &clock);
//   ASSIGN_OR_RETURN(Assignment a, managers.Assign(caller, customer_id, "rm-042", true, ""));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/caller.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

struct ManagerList {
  std::vector<RelationshipManager> managers;
  std::string next_page_token;
};

struct AssignmentList {
  std::vector<Assignment> assignments;
  std::string next_page_token;
};

class ManagerService final {
 public:
  ManagerService(ManagerRepository* repository, CustomerDirectory* directory, const Clock* clock)
      : repository_(repository), directory_(directory), clock_(clock) {}

  // INVALID_ARGUMENT under "manager" (manager_id a staff id, display_name 1-100, email shape,
  // max_portfolio_size 0-10000); ALREADY_EXISTS MANAGER_ALREADY_EXISTS. Idempotent by key.
  absl::StatusOr<RelationshipManager> Create(const Caller& caller, RelationshipManager draft,
                                             const IdempotencyKey& key);
  absl::StatusOr<RelationshipManager> Get(const std::string& manager_id);
  absl::StatusOr<ManagerList> List(const std::string& branch, bool include_inactive,
                                   const std::string& page_token, int page_size);
  // NOT_FOUND for an unknown customer (customer-profile) or manager; FAILED_PRECONDITION for an
  // inactive manager (MANAGER_INACTIVE), an archived customer (CUSTOMER_ARCHIVED), a full
  // portfolio (PORTFOLIO_FULL) or the same assignment again (ALREADY_ASSIGNED); INVALID_ARGUMENT
  // ("reason") for a reassignment without a reason. Key customers are always assigned as
  // dedicated. UNAVAILABLE / DEADLINE_EXCEEDED when customer-profile cannot answer.
  absl::StatusOr<Assignment> Assign(const Caller& caller, const std::string& customer_id,
                                    const std::string& manager_id, bool dedicated,
                                    const std::string& reason);
  absl::StatusOr<AssignmentList> History(const std::string& customer_id,
                                         const std::string& page_token, int page_size);
  // NOT_FOUND for an unknown manager.
  absl::StatusOr<AssignmentList> Portfolio(const std::string& manager_id,
                                           const std::string& page_token, int page_size);

 private:
  ManagerRepository* repository_;
  CustomerDirectory* directory_;
  const Clock* clock_;
};

}  // namespace ccrm::relationship
