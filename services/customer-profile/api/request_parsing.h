// The request-field checks of the customer-profile handlers that are not resource names (those
// are resource_names.h): the view of a read, the update mask of an update, the order_by of a
// list. One copy shared by the handlers (customer_profile_service.cc) and the fuzz target
// (tests/fuzz/customer_profile_fuzzer.cc), so that what is fuzzed is what is served.
//
// Example:
//   ASSIGN_OR_RETURN(PersonalDataView view, ViewOf(request->view()));
//   ASSIGN_OR_RETURN(std::vector<std::string> paths,
//                    PathsOf(request->update_mask(), request->has_update_mask()));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ccrm/customer/v1/customer_profile.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "services/customer-profile/domain/privacy_policy.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

// The personal-data view a read asks for; unspecified means masked. INVALID_ARGUMENT on "view"
// for a number this version does not know.
absl::StatusOr<PersonalDataView> ViewOf(v1::CustomerView view);

// The paths of an update's field mask. INVALID_ARGUMENT on "update_mask" when the mask is absent
// or empty: an update must name the fields it changes.
absl::StatusOr<std::vector<std::string>> PathsOf(const google::protobuf::FieldMask& mask,
                                                 bool has_mask);

// The order of a customer list: "" or "create_time", "legal_name", "update_time", each optionally
// followed by " asc" or " desc" (sets `descending`). INVALID_ARGUMENT on "order_by" otherwise.
absl::StatusOr<CustomerOrder> ParseOrderBy(const std::string& order_by, bool& descending);

}  // namespace ccrm::customer
