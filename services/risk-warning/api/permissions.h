// Who may call which risk-warning RPC (deny by default). Rules finer than a role — which alerts a
// relationship manager may work, who may dismiss one as a false positive — live in the domain.
//
// Example:
//   const PermissionTable permissions = RiskWarningPermissions();
#pragma once

#include "common/auth/permission_table.h"

namespace ccrm::risk {

PermissionTable RiskWarningPermissions();

}  // namespace ccrm::risk
