// Use cases on financial statements: submit (validated, balance-checked, idempotent), get, list
// newest period first. Statements are immutable once submitted; a correction is a new statement
// (e.g. the audited one after the management accounts).
//
// Example:
//   StatementService statements(&repository, &clock);
//   ASSIGN_OR_RETURN(FinancialStatement s, statements.Submit(caller, draft, key));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

struct StatementList {
  std::vector<FinancialStatement> statements;
  std::string next_page_token;
};

class StatementService final {
 public:
  StatementService(StatementRepository* repository, const Clock* clock)
      : repository_(repository), clock_(clock) {}

  // INVALID_ARGUMENT ("statement.<field>") including the balance check; ALREADY_EXISTS for a
  // second statement of the same period.
  absl::StatusOr<FinancialStatement> Submit(const Caller& caller, FinancialStatement draft,
                                            const IdempotencyKey& key);
  absl::StatusOr<FinancialStatement> Get(const Caller& caller, const std::string& customer_id,
                                         const std::string& statement_id);
  absl::StatusOr<StatementList> List(const Caller& caller, const std::string& customer_id,
                                     PeriodType period_type, const std::string& page_token,
                                     int page_size);

 private:
  StatementRepository* repository_;
  const Clock* clock_;
};

}  // namespace ccrm::customer
