// The caller of a credit-rating operation, as the API layer hands it over: who (principal), the
// request id, their bearer token (passed on when credit-rating reads customer-profile on their
// behalf) and their deadline. Plain values, so the use cases are tested without gRPC.
//
// Example:
//   Caller caller{Principal{"analyst-7", {roles::kCreditAnalyst}}, "req-1", "Bearer eyJ…",
//                 absl::Now() + absl::Seconds(5)};
#pragma once

#include <string>

#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/auth/write_context.h"
#include "services/credit-rating/domain/customer_directory.h"

namespace ccrm::rating {

struct Caller {
  Principal principal;
  std::string request_id;
  std::string authorization;
  absl::Time deadline = absl::InfiniteFuture();

  CallIdentity Identity() const { return CallIdentity{authorization, request_id, deadline}; }
  WriteContext Write(absl::Time now, std::string reason = "") const {
    return WriteContext{principal.subject, principal.roles, request_id, now, std::move(reason)};
  }
};

}  // namespace ccrm::rating
