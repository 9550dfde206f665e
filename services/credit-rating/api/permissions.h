// Who may call which credit-rating RPC (deny by default). Rules finer than a role — the maker
// may not approve their own rating — live in the domain.
//
// Example:
//   const PermissionTable permissions = CreditRatingPermissions();
#pragma once

#include "common/auth/permission_table.h"

namespace ccrm::rating {

PermissionTable CreditRatingPermissions();

}  // namespace ccrm::rating
