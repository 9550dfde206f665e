// CustomerDirectory over customer-profile's gRPC API: GetCustomer for the obligor's facts and
// GetCustomerGroup for the other customers of its group, with the caller's identity and deadline
// (capped by this client's timeout).
//
// Example:
//   CustomerProfileClient directory(stub.get(), clock, absl::Seconds(2));
//   ASSIGN_OR_RETURN(Obligor o, directory.Describe(caller, customer_id));
#pragma once

#include <string>

#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/customer_directory.h"

namespace ccrm::risk {

class CustomerProfileClient final : public CustomerDirectory {
 public:
  CustomerProfileClient(customer::v1::CustomerProfile::StubInterface* stub, const Clock* clock,
                        absl::Duration timeout)
      : stub_(stub), clock_(clock), timeout_(timeout) {}

  absl::StatusOr<Obligor> Describe(const Caller& caller, const std::string& customer_id) override;

 private:
  customer::v1::CustomerProfile::StubInterface* stub_;
  const Clock* clock_;
  const absl::Duration timeout_;
};

}  // namespace ccrm::risk
