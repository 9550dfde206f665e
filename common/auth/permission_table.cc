#include "common/auth/permission_table.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/errors.h"

namespace ccrm {

PermissionTable& PermissionTable::Allow(std::string method, std::vector<std::string> roles) {
  std::set<std::string>& allowed = roles_by_method_[std::move(method)];
  for (std::string& role : roles) {
    allowed.insert(std::move(role));
  }
  return *this;
}

absl::Status PermissionTable::Check(absl::string_view method, const Principal& principal) const {
  auto it = roles_by_method_.find(method);
  if (it == roles_by_method_.end()) {
    return WithReason(
        absl::PermissionDeniedError(
            absl::StrCat("method ", method, " is not in the permission table; nobody may call it")),
        kReasonMethodNotInPermissionTable);
  }
  for (const std::string& role : principal.roles) {
    if (it->second.count(role) != 0) {
      return absl::OkStatus();
    }
  }
  return WithReason(
      absl::PermissionDeniedError(absl::StrCat(
          "calling ", method, " needs one of the roles [", absl::StrJoin(it->second, ", "),
          "]; the caller has [", absl::StrJoin(principal.roles, ", "), "]")),
      kReasonRoleNotPermitted);
}

bool PermissionTable::Contains(absl::string_view method) const {
  return roles_by_method_.find(method) != roles_by_method_.end();
}

std::vector<std::string> PermissionTable::Methods() const {
  std::vector<std::string> methods;
  methods.reserve(roles_by_method_.size());
  for (const auto& [method, roles] : roles_by_method_) {
    methods.push_back(method);
  }
  return methods;
}

std::vector<std::string> PermissionTable::RolesFor(absl::string_view method) const {
  auto it = roles_by_method_.find(method);
  if (it == roles_by_method_.end()) {
    return {};
  }
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

}  // namespace ccrm
