// RiskStore and CustomerLedger on MySQL. The customer's lock is its `obligors` row, taken with
// SELECT … FOR UPDATE after an INSERT IGNORE that creates it; every write of the customer runs
// under it. The event consumers build a ledger on their own session (OpenLedger) so that an
// event, its signal and the evaluation it causes commit together with the consumer's cursor.
//
// Example:
//   MySqlRiskStore store(pool);
//   RETURN_IF_ERROR(store.InCustomerTransaction(id, deadline, [&](CustomerLedger& l) { … }));
#pragma once

#include <memory>
#include <string>

#include "common/mysql/connection_pool.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

class MySqlRiskStore final : public RiskStore {
 public:
  explicit MySqlRiskStore(mysql::ConnectionPool* pool) : pool_(pool) {}

  absl::Status InCustomerTransaction(
      const std::string& customer_id, absl::Time deadline,
      const std::function<absl::Status(CustomerLedger&)>& work) override;
  absl::StatusOr<std::string> CustomerOfExposure(const std::string& exposure_id) override;
  absl::StatusOr<std::string> CustomerOfAlert(const std::string& alert_id) override;
  absl::StatusOr<std::string> CustomerOfPlan(const std::string& plan_id) override;

 private:
  mysql::ConnectionPool* pool_;
};

// Locks the customer (creating its obligor row) in the session's open transaction and returns a
// ledger over that session. Throws sql::SQLException.
std::unique_ptr<CustomerLedger> OpenLedger(mysql::Session& session, const std::string& customer_id);

}  // namespace ccrm::risk
