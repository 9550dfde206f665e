// Field-by-field validation of customers and their contacts, related parties and projects, as
// written by a caller (create or the result of an update). Each function returns every violation
// found, with field paths relative to the validated message ("unified_social_credit_code",
// "milestones[1].title"); the API layer prefixes the request field ("customer", "contact", ...).
// Output-only fields (ids, times, segment, tier, lifecycle) are not checked here.
//
// Example:
//   FieldViolations v;
//   v.AddAll("customer", ValidateCustomer(customer, today));
//   RETURN_IF_ERROR(v.ToStatus());  // INVALID_ARGUMENT listing e.g.
//                                   // "customer.unified_social_credit_code: check character
//                                   //  mismatch: expected 3, got 4"
#pragma once

#include <cstddef>

#include "absl/time/civil_time.h"
#include "common/status/errors.h"
#include "services/customer-profile/domain/customer.h"

namespace ccrm::customer {

// Length limits, in Unicode code points.
inline constexpr size_t kMinLegalNameLength = 2;
inline constexpr size_t kMaxLegalNameLength = 200;
inline constexpr size_t kMaxPersonNameLength = 100;
inline constexpr size_t kMaxRegisteredAddressLength = 500;
inline constexpr size_t kMaxBusinessScopeLength = 2000;
inline constexpr size_t kMaxRelationshipManagerIdLength = 64;
inline constexpr size_t kMaxProjectNameLength = 200;
inline constexpr size_t kMaxUseOfFundsLength = 2000;
// 10000 basis points = 100 %.
inline constexpr int32_t kMaxBasisPoints = 10000;

// The violations of a customer record; empty when valid. Rules:
//   kind is required. Enterprises need a valid unified_social_credit_code and an industry_code;
//   individuals must leave unified_social_credit_code empty and give
//   legal_representative_id_number (their own resident ID number).
//   legal_name 2..200 characters; legal_representative up to 100; registered_address up to 500;
//   business_scope up to 2000. industry_code a valid GB/T 4754-2017 code when set.
//   Personal identifiers valid when set (resident ID, phone, bank account number).
//   registered_capital, annual_revenue, total_assets well-formed, non-negative, ISO currency.
//   employee_count >= 0; established_date and relationship_start_date not after `today`;
//   credit_grade empty or one of AAA..D; relationship_manager_id up to 64 of [A-Za-z0-9._-].
FieldViolations ValidateCustomer(const Customer& customer, absl::CivilDay today);

// The violations of a contact; empty when valid. role and full_name (up to 100) are required;
// title up to 100; id_number, phone and email valid when set.
FieldViolations ValidateContact(const Contact& contact);

// The violations of a related-party edge; empty when valid. relation_type is required; either
// related_customer_id or party_name must be set; related_customer_id must differ from
// customer_id; shareholding_bps is 0..10000 and may be non-zero only for shareholder,
// subsidiary and actual-controller relations; party_unified_social_credit_code valid when set;
// party_name up to 200.
FieldViolations ValidateRelatedParty(const RelatedParty& party);

// The violations of a project; empty when valid. project_name (up to 200) is required;
// total_investment is required and > 0; capital_ratio_bps 0..10000; use_of_funds up to 2000;
// invested_to_date non-negative, in total_investment's currency and not above it; completion
// dates not before start dates; an actual completion needs an actual start; actual dates not
// after `today`; every milestone has a title (up to 200) and no actual_date after `today`.
FieldViolations ValidateProject(const Project& project, absl::CivilDay today);

}  // namespace ccrm::customer
