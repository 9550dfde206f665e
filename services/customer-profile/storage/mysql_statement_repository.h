// StatementRepository on MySQL: a customer's financial statements, one DECIMAL column per line
// item (all in the statement's currency), an audit record and a FinancialStatementSubmitted
// outbox event per submission.
//
// Statements per call: Submit [INSERT idempotency key] SELECT parent LOCK IN SHARE MODE, INSERT,
// INSERT audit, INSERT outbox, COMMIT; Get/List one SELECT, COMMIT.
//
// Example:
//   MySqlStatementRepository statements(pool.get(), &encoder);
//   ASSIGN_OR_RETURN(FinancialStatement s, statements.Submit(statement, key, write));
#pragma once

#include <string>

#include "common/mysql/connection_pool.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

class MySqlStatementRepository final : public StatementRepository {
 public:
  // Borrows both; they must outlive the repository.
  MySqlStatementRepository(mysql::ConnectionPool* pool, const EventEncoder* events);

  // As StatementRepository::Submit, plus NOT_FOUND (CUSTOMER_NOT_FOUND) / FAILED_PRECONDITION
  // (CUSTOMER_ARCHIVED) for the parent, the idempotency contract of customers, and
  // INVALID_ARGUMENT when period_end_date is missing or a line item is in another currency than
  // currency_code (the validation upstream refuses both; storage does not guess).
  absl::StatusOr<FinancialStatement> Submit(const FinancialStatement& statement,
                                            const IdempotencyKey& key,
                                            const WriteContext& write) override;
  // NOT_FOUND (STATEMENT_NOT_FOUND); INTERNAL when the stored row is unreadable.
  absl::StatusOr<FinancialStatement> Get(const std::string& customer_id,
                                         const std::string& statement_id) override;
  // Newest period end first (then newest submitted). INVALID_ARGUMENT ("page_token") for a key
  // of another list.
  absl::StatusOr<Page<FinancialStatement>> List(const std::string& customer_id,
                                                PeriodType period_type,
                                                const PageQuery& page) override;

 private:
  mysql::ConnectionPool* pool_;
  const EventEncoder* events_;
};

}  // namespace ccrm::customer
