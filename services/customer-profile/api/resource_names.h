// Parsing the resource names of the customer-profile API ("customers/{customer_id}",
// "customers/{customer_id}/contacts/{contact_id}", ...). Ids are UUIDs issued by the service.
//
// Example:
//   ASSIGN_OR_RETURN(std::string id, ParseCustomerName(request.name(), "name"));
//   ASSIGN_OR_RETURN(ChildName child, ParseChildName(request.name(), "contacts", "name"));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm::customer {

struct ChildName {
  std::string customer_id;
  std::string child_id;
};

// The customer id of "customers/{id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> ParseCustomerName(absl::string_view name, const std::string& field);

// The ids of "customers/{id}/{collection}/{child_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<ChildName> ParseChildName(absl::string_view name, absl::string_view collection,
                                         const std::string& field);

}  // namespace ccrm::customer
