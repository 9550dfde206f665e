// The resource names of the relationship-service API ("customers/{customer_id}",
// "relationshipManagers/{manager_id}", "relationshipManagers/{manager_id}/tasks/{task_id}",
// "customers/{customer_id}/serviceRequests/{request_id}"), parsed to their ids. One copy shared
// by the handlers (relationship_service.cc) and the fuzz target
// (tests/fuzz/relationship_fuzzer.cc), so that what is fuzzed is what is served. Manager ids are
// staff ids (IsStaffId); every other id is a UUID (common/ids/resource_name.h).
//
// Example:
//   ASSIGN_OR_RETURN(std::string manager_id, ManagerIdOf(request->name(), "name"));
//   ASSIGN_OR_RETURN(auto ids, TaskIdsOf(request->name()));  // {manager_id, task_id}
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace ccrm::relationship {

// What every manager name starts with; a satisfaction subject with it is a manager.
inline constexpr char kManagerNamePrefix[] = "relationshipManagers/";

// The id of "customers/{customer_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> CustomerIdOf(const std::string& name, const std::string& field);

// The staff id of "relationshipManagers/{manager_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> ManagerIdOf(const std::string& name, const std::string& field);

// {manager_id, task_id} of "relationshipManagers/{manager_id}/tasks/{task_id}"; INVALID_ARGUMENT
// on "name" otherwise.
absl::StatusOr<std::pair<std::string, std::string>> TaskIdsOf(const std::string& name);

// {customer_id, request_id} of "customers/{customer_id}/serviceRequests/{request_id}";
// INVALID_ARGUMENT on "name" otherwise.
absl::StatusOr<std::vector<std::string>> ServiceRequestIdsOf(const std::string& name);

}  // namespace ccrm::relationship
