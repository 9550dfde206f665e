#include "services/risk-warning/api/request_parsing.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/ids/etag.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::risk {

absl::StatusOr<std::string> ExposureIdOf(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseResourceName(name, {"exposures"}, field));
  return ids[0];
}

absl::StatusOr<std::string> CustomerIdOf(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseResourceName(name, {"customers"}, field));
  return ids[0];
}

absl::StatusOr<std::string> AlertIdOf(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseResourceName(name, {"alerts"}, field));
  return ids[0];
}

absl::StatusOr<std::string> PlanIdOf(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(name, {"contingencyPlans"}, field));
  return ids[0];
}

// Shipped rule ids are not UUIDs, so ParseResourceName does not fit.
absl::StatusOr<std::string> RuleIdOf(const std::string& name, const std::string& field) {
  constexpr absl::string_view kPrefix = "rules/";
  if (absl::StartsWith(name, kPrefix)) {
    std::string id = name.substr(kPrefix.size());
    const bool well_formed =
        !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    if (well_formed) {
      return id;
    }
  }
  return InvalidField(field, "must be \"rules/{rule_id}\"");
}

absl::Status CheckCustomerFilter(const std::string& customer_id) {
  if (!customer_id.empty() && !IsUuid(customer_id)) {
    return InvalidField("customer_id", "must be a customer id (a UUID)");
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> RevisionOf(const std::string& etag) {
  ASSIGN_OR_RETURN(std::optional<int64_t> revision, ParseEtag(etag));
  return revision.value_or(0);
}

}  // namespace ccrm::risk
