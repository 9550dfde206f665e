// The caller of a customer-profile operation: ccrm::Caller (common/auth/caller.h) — the
// authenticated principal and the request id, as the API layer hands them over (customer-profile
// calls no other service on a caller's behalf, so their token and deadline go unused here).
// Plain values, so domain logic is tested without gRPC.
//
// Example:
//   Caller caller{Principal{"rm-042", {"relationship_manager"}}, "req-1"};
#pragma once

#include "common/auth/caller.h"

namespace ccrm::customer {

using Caller = ::ccrm::Caller;

}  // namespace ccrm::customer
