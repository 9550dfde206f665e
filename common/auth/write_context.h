// Who writes, when and why: what a domain service hands its repository with every write, so the
// row, its audit record and its outbox event all carry the same actor, request id and time (the
// injected clock's, never the database's).
//
// Example:
//   WriteContext write{caller.principal.subject, caller.principal.roles, caller.request_id,
//                      clock.Now(), "annual review"};
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace ccrm {

struct WriteContext {
  // Subject of the caller's token.
  std::string actor;
  std::vector<std::string> actor_roles;
  std::string request_id;
  absl::Time now;
  std::string reason;
};

}  // namespace ccrm
