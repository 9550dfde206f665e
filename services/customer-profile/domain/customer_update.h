// Field-mask updates of customers, contacts and projects (AIP-134): copy the fields an update
// mask names from the request's copy of the resource onto the stored one, refusing paths that
// are output only or fixed at creation, and tell which fields actually changed (for the
// CustomerUpdated event and the audit trail). Paths are the proto field names in snake_case,
// whole fields only ("registered_capital", not "registered_capital.units"). The result is not
// validated here: run ValidateCustomer (etc.) on it.
//
// Example:
//   Customer updated = stored;
//   RETURN_IF_ERROR(ApplyCustomerUpdate(request_customer, mask_paths, updated));
//   std::vector<std::string> changed = ChangedCustomerFields(stored, updated);
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/customer-profile/domain/customer.h"

namespace ccrm::customer {

// Copies the fields named in `paths` from `patch` to `target`. Updatable: legal_name,
// legal_representative, legal_representative_id_number, contact_phone,
// settlement_account_number, registered_capital, business_scope, industry_code,
// registered_address, established_date, annual_revenue, total_assets, employee_count,
// has_prior_credit, credit_grade, relationship_start_date, relationship_manager_id. Repeated
// paths are tolerated. INVALID_ARGUMENT, with one violation on "update_mask" per bad path and
// `target` left untouched, when the mask is empty, or names a field that is fixed at creation
// (kind, unified_social_credit_code), output only (name, customer_id, segment, tier,
// classification_override, lifecycle_stage, archived, the times, etag, revision; the message
// names the RPC to use instead), a sub-field, or no field of Customer.
absl::Status ApplyCustomerUpdate(const Customer& patch, const std::vector<std::string>& paths,
                                 Customer& target);

// The paths whose values differ between `before` and `after`, in proto field order: every
// field above plus kind, unified_social_credit_code, segment, tier, classification_override,
// lifecycle_stage, archived and archive_time (not the bookkeeping: ids, create/update time,
// revision).
std::vector<std::string> ChangedCustomerFields(const Customer& before, const Customer& after);

// As ApplyCustomerUpdate, for a contact. Updatable: role, full_name, title, id_number, phone,
// email, primary. Output only: name, contact_id, create_time, update_time, etag.
absl::Status ApplyContactUpdate(const Contact& patch, const std::vector<std::string>& paths,
                                Contact& target);

// The updatable contact fields whose values differ, in proto field order.
std::vector<std::string> ChangedContactFields(const Contact& before, const Contact& after);

// As ApplyCustomerUpdate, for a project. Updatable: project_name, total_investment,
// capital_ratio_bps, use_of_funds, planned_start_date, planned_completion_date,
// actual_start_date, actual_completion_date, invested_to_date, milestones (replaced as a whole).
// Output only: name, project_id, create_time, update_time, etag, investment_progress_bps.
absl::Status ApplyProjectUpdate(const Project& patch, const std::vector<std::string>& paths,
                                Project& target);

// The updatable project fields whose values differ, in proto field order.
std::vector<std::string> ChangedProjectFields(const Project& before, const Project& after);

}  // namespace ccrm::customer
