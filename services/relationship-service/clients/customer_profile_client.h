// CustomerDirectory over gRPC for relationship-service: reads a customer's segment, tier and
// state, and counts its related parties and projects, from customer-profile on the caller's
// behalf (their token and request id, their deadline capped by this client's timeout). Errors
// keep customer-profile's code (NOT_FOUND, PERMISSION_DENIED …); UNAVAILABLE when it is down,
// DEADLINE_EXCEEDED when it is slow.
//
// Example:
//   CustomerProfileClient directory(stub.get(), &clock, absl::Seconds(2));
//   ASSIGN_OR_RETURN(CustomerSummary c, directory.GetCustomer(caller.Identity(), customer_id));
//   ASSIGN_OR_RETURN(CustomerRelations r, directory.GetRelations(caller.Identity(), customer_id));
#pragma once

#include <string>

#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/customer_directory.h"

namespace ccrm::relationship {

class CustomerProfileClient final : public CustomerDirectory {
 public:
  CustomerProfileClient(customer::v1::CustomerProfile::StubInterface* stub, const Clock* clock,
                        absl::Duration timeout)
      : stub_(stub), clock_(clock), timeout_(timeout) {}

  absl::StatusOr<CustomerSummary> GetCustomer(const CallIdentity& identity,
                                              const std::string& customer_id) override;
  // Pages through ListRelatedParties (counting upstream suppliers, downstream buyers and
  // subsidiaries) and asks ListProjects for one project; all the calls together get this
  // client's timeout (or the caller's earlier deadline). customer-profile lists nothing for an
  // unknown customer, so that is all zeros here, not NOT_FOUND (ask GetCustomer first). INTERNAL
  // when customer-profile keeps answering with further pages beyond any plausible count.
  absl::StatusOr<CustomerRelations> GetRelations(const CallIdentity& identity,
                                                 const std::string& customer_id) override;

 private:
  customer::v1::CustomerProfile::StubInterface* stub_;
  const Clock* clock_;
  const absl::Duration timeout_;
};

// Mapping, exposed for tests.
CustomerSummary ToCustomerSummary(const customer::v1::Customer& customer);

}  // namespace ccrm::relationship
