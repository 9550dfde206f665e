// CustomerDirectory over gRPC: reads customers and their financial statements from
// customer-profile with a deadline (the caller's, capped by this client's timeout) and the
// caller's identity (their bearer token and request id are passed on), and maps
// ccrm.customer.v1 messages to credit-rating's own values. Errors come back with
// customer-profile's status code (NOT_FOUND, PERMISSION_DENIED …), UNAVAILABLE when it is down,
// DEADLINE_EXCEEDED when it is slow.
//
// Example:
//   auto stub = customer::v1::CustomerProfile::NewStub(channel);
//   CustomerProfileClient directory(stub.get(), &clock, absl::Seconds(2));
//   ASSIGN_OR_RETURN(CustomerRecord c, directory.GetCustomer(identity, customer_id));
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/time/clock.h"
#include "services/credit-rating/domain/customer_directory.h"

namespace ccrm::rating {

class CustomerProfileClient final : public CustomerDirectory {
 public:
  // Statements are read in pages of 100, up to max_statements.
  CustomerProfileClient(customer::v1::CustomerProfile::StubInterface* stub, const Clock* clock,
                        absl::Duration timeout, int max_statements = 200)
      : stub_(stub), clock_(clock), timeout_(timeout), max_statements_(max_statements) {}

  absl::StatusOr<CustomerRecord> GetCustomer(const CallIdentity& identity,
                                             const std::string& customer_id) override;
  absl::StatusOr<std::vector<StatementFigures>> ListStatements(
      const CallIdentity& identity, const std::string& customer_id) override;
  absl::StatusOr<CustomerPage> ListCustomers(const CallIdentity& identity, Segment segment,
                                             const std::string& page_token, int page_size) override;

 private:
  customer::v1::CustomerProfile::StubInterface* stub_;
  const Clock* clock_;
  const absl::Duration timeout_;
  const int max_statements_;
};

// Mapping, exposed for tests.
CustomerRecord ToCustomerRecord(const customer::v1::Customer& customer);
StatementFigures ToStatementFigures(const customer::v1::FinancialStatement& statement);

}  // namespace ccrm::rating
