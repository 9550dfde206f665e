// The caller of a domain operation as an API layer hands it over — who (principal), the request
// id, their bearer token (passed on when a service calls another on their behalf) and their
// deadline — and the identity such a downstream call carries. Plain values, so use cases are
// tested without gRPC.
//
// Example:
//   Caller caller{Principal{"analyst-7", {roles::kCreditAnalyst}}, "req-1", "Bearer eyJ…",
//                 absl::Now() + absl::Seconds(5)};
//   directory.GetCustomer(caller.Identity(), customer_id);
#pragma once

#include <string>
#include <utility>

#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/auth/write_context.h"

namespace ccrm {

// On whose behalf and until when a call to another service is made.
struct CallIdentity {
  // "Bearer <token>": the caller's own token for interactive calls, the service's token for
  // background work.
  std::string authorization;
  std::string request_id;
  // The caller's deadline (a client also applies its own timeout).
  absl::Time deadline = absl::InfiniteFuture();
};

struct Caller {
  Principal principal;
  std::string request_id;
  // Empty when the caller's token is not to be passed on (e.g. a service that calls no other).
  std::string authorization{};
  absl::Time deadline = absl::InfiniteFuture();

  CallIdentity Identity() const { return CallIdentity{authorization, request_id, deadline}; }
  WriteContext Write(absl::Time now, std::string reason = "") const {
    return WriteContext{principal.subject, principal.roles, request_id, now, std::move(reason)};
  }
};

}  // namespace ccrm
