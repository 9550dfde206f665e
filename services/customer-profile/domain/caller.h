// The caller of a domain operation: the authenticated principal and the request id, as the API
// layer hands them over. Plain values, so domain logic is tested without gRPC.
//
// Example:
//   Caller caller{Principal{"rm-042", {"relationship_manager"}}, "req-1"};
#pragma once

#include <string>

#include "common/auth/principal.h"

namespace ccrm::customer {

struct Caller {
  Principal principal;
  std::string request_id;
};

}  // namespace ccrm::customer
