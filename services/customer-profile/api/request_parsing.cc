#include "services/customer-profile/api/request_parsing.h"

#include "common/status/errors.h"

namespace ccrm::customer {

absl::StatusOr<PersonalDataView> ViewOf(v1::CustomerView view) {
  switch (view) {
    case v1::CUSTOMER_VIEW_UNSPECIFIED:
    case v1::CUSTOMER_VIEW_MASKED:
      return PersonalDataView::kMasked;
    case v1::CUSTOMER_VIEW_UNMASKED:
      return PersonalDataView::kUnmasked;
    default:
      return InvalidField("view", "is not a known view");
  }
}

absl::StatusOr<std::vector<std::string>> PathsOf(const google::protobuf::FieldMask& mask,
                                                 bool has_mask) {
  if (!has_mask || mask.paths_size() == 0) {
    return InvalidField("update_mask", "is required: name the fields to change");
  }
  return std::vector<std::string>(mask.paths().begin(), mask.paths().end());
}

absl::StatusOr<CustomerOrder> ParseOrderBy(const std::string& order_by, bool& descending) {
  std::string field = order_by;
  descending = false;
  if (field.size() > 5 && field.substr(field.size() - 5) == " desc") {
    descending = true;
    field = field.substr(0, field.size() - 5);
  } else if (field.size() > 4 && field.substr(field.size() - 4) == " asc") {
    field = field.substr(0, field.size() - 4);
  }
  if (field.empty() || field == "create_time") {
    return CustomerOrder::kCreateTime;
  }
  if (field == "legal_name") {
    return CustomerOrder::kLegalName;
  }
  if (field == "update_time") {
    return CustomerOrder::kUpdateTime;
  }
  return InvalidField("order_by",
                      "must be create_time, legal_name or update_time, optionally with \" desc\"");
}

}  // namespace ccrm::customer
