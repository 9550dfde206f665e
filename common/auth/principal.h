// The authenticated caller of an RPC, and the names of the roles the services enforce. A server's
// auth interceptor turns a bearer token into a Principal (see common/auth/jwt.h); handlers and the
// PermissionTable (common/auth/permission_table.h) decide from its roles.
//
// Example:
//   Principal caller{"u-1024", {roles::kRelationshipManager}};
//   if (!caller.HasRole(roles::kCreditApprover)) { ... }
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace ccrm {

// The roles the services enforce.
namespace roles {
inline constexpr char kRelationshipManager[] = "relationship_manager";
inline constexpr char kCreditAnalyst[] = "credit_analyst";
inline constexpr char kCreditApprover[] = "credit_approver";
inline constexpr char kRiskOfficer[] = "risk_officer";
inline constexpr char kAuditor[] = "auditor";
inline constexpr char kAdmin[] = "admin";
inline constexpr char kService[] = "service";  // service-to-service identities
}  // namespace roles

// The authenticated caller.
struct Principal {
  std::string subject;  // JWT "sub": a staff id or a service name
  std::vector<std::string> roles;

  // True when `role` is one of roles (exact, case-sensitive match).
  bool HasRole(absl::string_view role) const;

  bool operator==(const Principal& other) const {
    return subject == other.subject && roles == other.roles;
  }
};

}  // namespace ccrm
