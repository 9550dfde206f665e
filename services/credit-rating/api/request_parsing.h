// The resource names of the credit-rating API ("customers/{customer_id}",
// "customers/{customer_id}/ratings/{rating_id}", "scorecardModels/{model_id}",
// "reratingJobs/{job_id}"), parsed to their ids. One copy shared by the handlers
// (credit_rating_service.cc) and the fuzz target (tests/fuzz/credit_rating_fuzzer.cc), so that
// what is fuzzed is what is served. Ids are UUIDs (common/ids/resource_name.h).
//
// Example:
//   ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(request->customer(), "customer"));
//   ASSIGN_OR_RETURN(std::vector<std::string> ids, RatingIdsOf(request->name()));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ccrm::rating {

// The id of "customers/{customer_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> CustomerIdOf(const std::string& name, const std::string& field);

// {customer_id, rating_id} of "customers/{customer_id}/ratings/{rating_id}"; INVALID_ARGUMENT on
// "name" otherwise.
absl::StatusOr<std::vector<std::string>> RatingIdsOf(const std::string& name);

// The id of "scorecardModels/{model_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> ModelIdOf(const std::string& name, const std::string& field);

// The id of "reratingJobs/{job_id}"; INVALID_ARGUMENT on "name" otherwise.
absl::StatusOr<std::string> JobIdOf(const std::string& name);

}  // namespace ccrm::rating
