// ratings get | list | rate — credit-rating's ratings of a customer: one rating (or the latest
// approved one), the rating history, and a new draft rating from the analyst's qualitative
// inputs (maker-checker approval happens elsewhere).
//
// Example:
//   CommandTable table;
//   AddRatingCommands(table);
//   std::cout << RatingsTable(response.ratings());
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "ccrm/rating/v1/credit_rating.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

void AddRatingCommands(CommandTable& table);

std::string RatingsTable(const google::protobuf::RepeatedPtrField<rating::v1::Rating>& list);
std::string RatingDetails(const rating::v1::Rating& rating);

// The request `ratings rate CUSTOMER` sends: the qualitative inputs from --management,
// --market_position, --industry_outlook and --guarantee, the model from --model or
// --model_family, and `request_id`. UsageError for an assessment that is not one of strong,
// good, adequate, weak, poor.
absl::StatusOr<rating::v1::RateCustomerRequest> RateCustomerRequestFrom(
    const Invocation& invocation, const std::string& request_id);

}  // namespace ccrm::ctl
