// The request-field checks of the risk-warning handlers: resource names ("exposures/{id}",
// "customers/{id}", "alerts/{id}", "contingencyPlans/{id}", "rules/{rule_id}") parsed to their
// ids, the optional customer filter of the list calls, and the revision an etag names. One copy
// shared by the handlers (risk_warning_service.cc) and the fuzz target
// (tests/fuzz/risk_warning_fuzzer.cc), so that what is fuzzed is what is served. Ids are UUIDs
// (common/ids/resource_name.h) except rule ids.
//
// Example:
//   ASSIGN_OR_RETURN(std::string exposure_id, ExposureIdOf(request->parent(), "parent"));
//   ASSIGN_OR_RETURN(int64_t expected_revision, RevisionOf(request->etag()));
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ccrm::risk {

// The id of "exposures/{exposure_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> ExposureIdOf(const std::string& name, const std::string& field);

// The id of "customers/{customer_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> CustomerIdOf(const std::string& name, const std::string& field);

// The id of "alerts/{alert_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> AlertIdOf(const std::string& name, const std::string& field);

// The id of "contingencyPlans/{plan_id}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> PlanIdOf(const std::string& name, const std::string& field);

// The id of "rules/{rule_id}": UUIDs for added rules, names like "default-days_past_due" for the
// shipped ones (1 to 64 of [a-z0-9_-]). INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> RuleIdOf(const std::string& name, const std::string& field);

// An optional customer-id filter: OK when empty or a UUID, INVALID_ARGUMENT on "customer_id"
// otherwise.
absl::Status CheckCustomerFilter(const std::string& customer_id);

// The revision an etag names, 0 for an empty etag (no precondition). The errors of ParseEtag
// (INVALID_ARGUMENT on "etag") otherwise.
absl::StatusOr<int64_t> RevisionOf(const std::string& etag);

}  // namespace ccrm::risk
