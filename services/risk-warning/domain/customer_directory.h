// What risk-warning asks customer-profile (synchronous reads with the caller's deadline): the
// facts it keeps of an obligor and the members of its customer group. clients/ implements it
// over gRPC.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "services/risk-warning/domain/exposure.h"

namespace ccrm::risk {

class CustomerDirectory {
 public:
  virtual ~CustomerDirectory() = default;
  // Name, segment, industry, relationship manager and group members (other customers of the
  // bank in its group). NOT_FOUND (reason CUSTOMER_NOT_FOUND); FAILED_PRECONDITION (reason
  // CUSTOMER_ARCHIVED) for an archived customer; UNAVAILABLE / DEADLINE_EXCEEDED when
  // customer-profile cannot answer in time.
  virtual absl::StatusOr<Obligor> Describe(const Caller& caller,
                                           const std::string& customer_id) = 0;
};

}  // namespace ccrm::risk
