#include "services/relationship-service/api/request_parsing.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids/resource_name.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/domain/interaction_rules.h"

namespace ccrm::relationship {

absl::StatusOr<std::string> CustomerIdOf(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseResourceName(name, {"customers"}, field));
  return ids[0];
}

// Staff ids are not UUIDs, so ParseResourceName does not fit.
absl::StatusOr<std::string> ManagerIdOf(const std::string& name, const std::string& field) {
  if (absl::StartsWith(name, kManagerNamePrefix)) {
    std::string id = name.substr(sizeof(kManagerNamePrefix) - 1);
    if (IsStaffId(id)) {
      return id;
    }
  }
  return InvalidField(field, "must be \"relationshipManagers/{manager_id}\"");
}

absl::StatusOr<std::pair<std::string, std::string>> TaskIdsOf(const std::string& name) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  if (parts.size() == 4 && parts[0] == "relationshipManagers" && IsStaffId(parts[1])) {
    absl::StatusOr<std::vector<std::string>> task =
        ParseResourceName(absl::StrCat(parts[2], "/", parts[3]), {"tasks"}, "name");
    if (task.ok()) {
      return std::make_pair(parts[1], (*task)[0]);
    }
  }
  return InvalidField("name", "must be \"relationshipManagers/{manager_id}/tasks/{task_id}\"");
}

absl::StatusOr<std::vector<std::string>> ServiceRequestIdsOf(const std::string& name) {
  return ParseResourceName(name, {"customers", "serviceRequests"}, "name");
}

}  // namespace ccrm::relationship
