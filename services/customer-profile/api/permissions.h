// Which roles may call each customer-profile RPC (deny by default). The table is the single
// place to read or change access; docs/customer-profile.md mirrors it.
//
// Example:
//   PermissionTable table = CustomerProfilePermissions();
//   RETURN_IF_ERROR(table.Check("/ccrm.customer.v1.CustomerProfile/GetCustomer", principal));
#pragma once

#include "common/auth/permission_table.h"

namespace ccrm::customer {

PermissionTable CustomerProfilePermissions();

}  // namespace ccrm::customer
