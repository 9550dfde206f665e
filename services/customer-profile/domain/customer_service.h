// Use cases on customers: create (idempotent), get (masked, unmasked with audit, or as of a past
// time), list, update by field mask and etag, archive, classification override, lifecycle
// transitions, and the audit-trail query. Validates every input, applies the business rules and
// hands atomic writes to the repository. No gRPC or SQL here.
//
// Example:
//   CustomerService customers(&repository, &clock, ClassificationRules::Default());
//   ASSIGN_OR_RETURN(Customer created, customers.Create(caller, draft, key));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/time/clock.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/classification.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/privacy_policy.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

struct CustomerList {
  std::vector<Customer> customers;
  std::string next_page_token;
};

struct AuditList {
  std::vector<AuditRecord> records;
  std::string next_page_token;
};

class CustomerService final {
 public:
  CustomerService(CustomerRepository* repository, const Clock* clock, ClassificationRules rules);

  // INVALID_ARGUMENT with field violations ("customer.<field>"); ALREADY_EXISTS for a taken
  // unified social credit code; the repository's idempotency contract for request ids. The new
  // customer starts as a prospect with computed segment and tier. Returned masked.
  absl::StatusOr<Customer> Create(const Caller& caller, Customer draft, const IdempotencyKey& key);

  // NOT_FOUND; PERMISSION_DENIED for an unmasked view the caller's roles do not allow. An
  // unmasked read is audited before the data is returned (and fails if the audit write fails).
  absl::StatusOr<Customer> Get(const Caller& caller, const std::string& customer_id,
                               PersonalDataView view, std::optional<absl::Time> as_of);

  // `query.page` is filled from the token and size; INVALID_ARGUMENT for a bad token or size.
  absl::StatusOr<CustomerList> List(const Caller& caller, CustomerQuery query,
                                    const std::string& page_token, int page_size);

  // Applies `patch` on the `paths` (proto field names). INVALID_ARGUMENT for bad paths or values,
  // ABORTED for a stale etag, FAILED_PRECONDITION (CUSTOMER_ARCHIVED) for archived customers.
  absl::StatusOr<Customer> Update(const Caller& caller, const std::string& customer_id,
                                  const Customer& patch, const std::vector<std::string>& paths,
                                  const std::string& etag);

  // Only prospects and closed customers; FAILED_PRECONDITION otherwise. Reason required.
  absl::StatusOr<Customer> Archive(const Caller& caller, const std::string& customer_id,
                                   const std::string& etag, const std::string& reason);

  // A person's override of the computed segment and/or tier, with a required reason; recorded
  // with who and when. kUnspecified keeps the computed value for that dimension.
  absl::StatusOr<Customer> OverrideClassification(const Caller& caller,
                                                  const std::string& customer_id, Segment segment,
                                                  Tier tier, const std::string& reason,
                                                  const std::string& etag);
  absl::StatusOr<Customer> ClearClassificationOverride(const Caller& caller,
                                                       const std::string& customer_id,
                                                       const std::string& reason,
                                                       const std::string& etag);

  // FAILED_PRECONDITION (LIFECYCLE_TRANSITION_NOT_ALLOWED) off the allowed paths.
  absl::StatusOr<Customer> TransitionLifecycle(const Caller& caller, const std::string& customer_id,
                                               LifecycleStage to, const std::string& reason,
                                               const std::string& etag);

  absl::StatusOr<AuditList> ListAudit(const Caller& caller, AuditQuery query,
                                      const std::string& page_token, int page_size);

 private:
  WriteContext Write(const Caller& caller, std::string reason = "") const;
  absl::CivilDay Today() const;
  absl::StatusOr<Customer> Mutate(const Caller& caller, const std::string& customer_id,
                                  const std::string& etag, std::string reason,
                                  const CustomerRepository::Mutation& mutation);

  CustomerRepository* repository_;
  const Clock* clock_;
  const ClassificationRules rules_;
};

// A non-empty, bounded reason for audited changes; INVALID_ARGUMENT on field "reason" otherwise.
absl::Status ValidateReason(const std::string& reason);

}  // namespace ccrm::customer
