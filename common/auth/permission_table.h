// Which roles may call which RPC, checked by the server's auth interceptor after the caller is
// authenticated. Deny by default: a method missing from the table is refused, so a new RPC is
// unreachable until someone decides who may call it.
//
// Example:
//   PermissionTable table;
//   table.Allow("/ccrm.customer.v1.CustomerProfile/GetCustomer",
//               {roles::kRelationshipManager, roles::kCreditAnalyst, roles::kAuditor});
//   RETURN_IF_ERROR(table.Check(method, principal));   // PERMISSION_DENIED if not allowed
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"

namespace ccrm {

// Error reasons (ErrorInfo.reason) of Check failures.
inline constexpr char kReasonRoleNotPermitted[] = "ROLE_NOT_PERMITTED";
inline constexpr char kReasonMethodNotInPermissionTable[] = "METHOD_NOT_IN_PERMISSION_TABLE";

// Built once at startup, then only read: const methods are safe from many threads, Allow is not.
class PermissionTable final {
 public:
  // Lets callers holding any of `roles` call `method`, a full gRPC path such as
  // "/ccrm.customer.v1.CustomerProfile/GetCustomer". Calling it again for the same method adds
  // roles. Returns *this for chaining.
  PermissionTable& Allow(std::string method, std::vector<std::string> roles);

  // OK if the principal holds one of the method's roles. PERMISSION_DENIED with reason
  // ROLE_NOT_PERMITTED (the message names the method and the roles that would do), or with reason
  // METHOD_NOT_IN_PERMISSION_TABLE for a method the table does not list.
  absl::Status Check(absl::string_view method, const Principal& principal) const;

  // True when the table lists `method`.
  bool Contains(absl::string_view method) const;

  // Every listed method, sorted.
  std::vector<std::string> Methods() const;

  // The roles allowed to call `method`, sorted; empty if it is not listed.
  std::vector<std::string> RolesFor(absl::string_view method) const;

 private:
  std::map<std::string, std::set<std::string>, std::less<>> roles_by_method_;
};

}  // namespace ccrm
