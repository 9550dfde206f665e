// Resource names of the form "collection/{uuid}/collection/{uuid}…" (AIP-122) as every service's
// API uses them: parse one against the collections expected and get the ids back, lower-cased.
//
// Example:
//   ASSIGN_OR_RETURN(std::vector<std::string> ids,
//                    ParseResourceName(request->name(), {"customers", "ratings"}, "name"));
//   // ids[0] = customer id, ids[1] = rating id
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm {

// INVALID_ARGUMENT with a violation on `field` ("must be \"customers/{customer_id}/ratings/{id}\"")
// unless `name` is exactly the collections each followed by a UUID.
absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view name, const std::vector<std::string>& collections, const std::string& field);

// The id at the end of a resource name ("customers/a/contacts/b" gives "b"; a name without a
// slash is returned whole).
std::string LastNameSegment(absl::string_view resource_name);

}  // namespace ccrm
