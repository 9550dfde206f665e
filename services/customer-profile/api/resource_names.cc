#include "services/customer-profile/api/resource_names.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"

namespace ccrm::customer {
absl::StatusOr<std::string> ParseCustomerName(absl::string_view name, const std::string& field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "customers" || !IsUuid(parts[1])) {
    return InvalidField(field, "must be \"customers/{customer_id}\"");
  }
  return absl::AsciiStrToLower(parts[1]);
}

absl::StatusOr<ChildName> ParseChildName(absl::string_view name, absl::string_view collection,
                                         const std::string& field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "customers" || !IsUuid(parts[1]) || parts[2] != collection ||
      !IsUuid(parts[3])) {
    return InvalidField(field,
                        absl::StrCat("must be \"customers/{customer_id}/", collection, "/{id}\""));
  }
  return ChildName{absl::AsciiStrToLower(parts[1]), absl::AsciiStrToLower(parts[3])};
}

}  // namespace ccrm::customer
