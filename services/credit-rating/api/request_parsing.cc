#include "services/credit-rating/api/request_parsing.h"

#include "common/ids/resource_name.h"
#include "common/status/status_macros.h"

namespace ccrm::rating {

absl::StatusOr<std::string> CustomerIdOf(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseResourceName(name, {"customers"}, field));
  return ids[0];
}

absl::StatusOr<std::vector<std::string>> RatingIdsOf(const std::string& name) {
  return ParseResourceName(name, {"customers", "ratings"}, "name");
}

absl::StatusOr<std::string> ModelIdOf(const std::string& name, const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(name, {"scorecardModels"}, field));
  return ids[0];
}

absl::StatusOr<std::string> JobIdOf(const std::string& name) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ParseResourceName(name, {"reratingJobs"}, "name"));
  return ids[0];
}

}  // namespace ccrm::rating
