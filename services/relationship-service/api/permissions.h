// Who may call which relationship-service RPC (deny by default). Rules finer than a role — who
// sees a confidential interaction in full, who may complete a task — live in the domain.
//
// Example:
//   const PermissionTable permissions = RelationshipPermissions();
#pragma once

#include "common/auth/permission_table.h"

namespace ccrm::relationship {

PermissionTable RelationshipPermissions();

}  // namespace ccrm::relationship
