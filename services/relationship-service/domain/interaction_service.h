// Use cases on the interaction log: log a visit, call, e-mail, meeting or site inspection with a
// customer (checked with customer-profile), and read a customer's timeline, with confidential
// interactions withheld from callers who may not see them.
//
// Example:
//   InteractionService log(&interactions, &managers, &directory, &clock);
//   ASSIGN_OR_RETURN(Interaction i, log.Log(caller, customer_id, draft, key));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/caller.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

struct InteractionList {
  std::vector<Interaction> interactions;
  std::string next_page_token;
};

class InteractionService final {
 public:
  InteractionService(InteractionRepository* interactions, ManagerRepository* managers,
                     CustomerDirectory* directory, const Clock* clock)
      : interactions_(interactions), managers_(managers), directory_(directory), clock_(clock) {}

  // INVALID_ARGUMENT under "interaction" (ValidateInteraction; "interaction.engagement" for a
  // malformed engagement id); NOT_FOUND for an unknown customer, NOT_FOUND ENGAGEMENT_NOT_FOUND;
  // FAILED_PRECONDITION CUSTOMER_ARCHIVED, ENGAGEMENT_ALREADY_COMPLETED; UNAVAILABLE /
  // DEADLINE_EXCEEDED when customer-profile cannot answer. manager_id defaults to the caller. A
  // linked engagement is completed in the same transaction. Idempotent by key.
  absl::StatusOr<Interaction> Log(const Caller& caller, const std::string& customer_id,
                                  Interaction draft, const IdempotencyKey& key);
  // The timeline, newest first; confidential interactions redacted for callers who may not see
  // them (MaySeeConfidential with the customer's current manager).
  absl::StatusOr<InteractionList> List(const Caller& caller, const std::string& customer_id,
                                       InteractionKind kind, const std::string& page_token,
                                       int page_size);

 private:
  InteractionRepository* interactions_;
  ManagerRepository* managers_;
  CustomerDirectory* directory_;
  const Clock* clock_;
};

}  // namespace ccrm::relationship
