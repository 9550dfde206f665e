#include "services/customer-profile/api/resource_names.h"

#include <vector>

#include "common/ids/resource_name.h"
#include "common/status/status_macros.h"

namespace ccrm::customer {

absl::StatusOr<std::string> ParseCustomerName(absl::string_view name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseResourceName(name, {"customers"}, field));
  return ids[0];
}

absl::StatusOr<ChildName> ParseChildName(absl::string_view name, absl::string_view collection,
                                         const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(name, {"customers", std::string(collection)}, field));
  return ChildName{ids[0], ids[1]};
}

}  // namespace ccrm::customer
