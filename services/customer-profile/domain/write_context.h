// Builds the WriteContext of a caller's write: who, roles, request id, the injected clock's now.
//
// Example:
//   ASSIGN_OR_RETURN(Contact c, repository_->Create(contact, key, MakeWriteContext(caller,
//   *clock_)));
#pragma once

#include <string>

#include "common/time/clock.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

inline WriteContext MakeWriteContext(const Caller& caller, const Clock& clock,
                                     std::string reason = "") {
  return WriteContext{caller.principal.subject, caller.principal.roles, caller.request_id,
                      clock.Now(), std::move(reason)};
}

inline absl::CivilDay Today(const Clock& clock) {
  return absl::ToCivilDay(clock.Now(), absl::UTCTimeZone());
}

}  // namespace ccrm::customer
