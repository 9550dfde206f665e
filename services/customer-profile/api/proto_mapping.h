// Mapping between the ccrm.customer.v1 messages and the customer-profile domain values.
//
// Responses (ToProto): every field of the domain value is copied, including personal identifiers
// exactly as they are (masking is the domain's job); resource names and etags are derived;
// absent optional values leave their fields unset. `out` is cleared first.
//
// Requests (FromProto): only the fields a caller may write are read; output-only fields (name,
// ids, etag, revision, times, segment, tier, classification override, lifecycle stage, archived,
// investment progress) are ignored, and the handler sets ids from the request's name or parent.
// Only wire-level problems are checked here — Money with a bad currency code or malformed nanos,
// a Date that is not a real calendar day, an enum value this version does not know — each as a
// field violation with its full request path ("customer.registered_capital.nanos"). Business
// rules (required fields, lengths, ranges) are the domain validators'.
//
// Example:
//   ASSIGN_OR_RETURN(Customer draft, FromProto(request.customer(), "customer"));
//   ASSIGN_OR_RETURN(Customer created, customers.Create(caller, draft, key));
//   ToProto(created, response);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "ccrm/customer/v1/customer_profile.pb.h"
#include "google/protobuf/message.h"
#include "common/wire/money_time_mapping.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/resource_name.h"

namespace ccrm::customer {

// The shared wire mappings (common/wire) overload the same names.
using ::ccrm::FromProto;
using ::ccrm::ToProto;

// The proto package's namespace (ccrm::customer::v1) nests in this one, so `v1::Customer` is
// the message and `Customer` the domain value.

// Domain → proto (responses).
void ToProto(const Customer& customer, v1::Customer* out);
void ToProto(const Contact& contact, v1::Contact* out);
void ToProto(const RelatedParty& party, v1::RelatedParty* out);
// investment_progress_bps = InvestmentProgressBps(project).
void ToProto(const Project& project, v1::Project* out);
void ToProto(const FinancialStatement& statement, v1::FinancialStatement* out);
void ToProto(const AuditRecord& record, v1::AuditRecord* out);
void ToProto(const CustomerGroup& group, v1::CustomerGroup* out);

// Proto → domain (requests). `prefix` is the request field holding the message ("customer",
// "contact", "related_party", "project", "statement"); violation paths start with it.
// INVALID_ARGUMENT (reason INVALID_ARGUMENT) listing every field violation found.
absl::StatusOr<Customer> FromProto(const v1::Customer& customer, const std::string& prefix);
absl::StatusOr<Contact> FromProto(const v1::Contact& contact, const std::string& prefix);
absl::StatusOr<RelatedParty> FromProto(const v1::RelatedParty& party, const std::string& prefix);
absl::StatusOr<Project> FromProto(const v1::Project& project, const std::string& prefix);
absl::StatusOr<FinancialStatement> FromProto(const v1::FinancialStatement& statement,
                                             const std::string& prefix);

// Enums both ways. The numbering is the same on both sides, but each value is mapped by name;
// a value unknown to this version maps to the UNSPECIFIED value.
CustomerKind FromProto(v1::CustomerKind kind);
v1::CustomerKind ToProto(CustomerKind kind);
Segment FromProto(v1::Segment segment);
v1::Segment ToProto(Segment segment);
Tier FromProto(v1::Tier tier);
v1::Tier ToProto(Tier tier);
LifecycleStage FromProto(v1::LifecycleStage stage);
v1::LifecycleStage ToProto(LifecycleStage stage);
ContactRole FromProto(v1::ContactRole role);
v1::ContactRole ToProto(ContactRole role);
RelationType FromProto(v1::RelationType type);
v1::RelationType ToProto(RelationType type);
PeriodType FromProto(v1::PeriodType type);
v1::PeriodType ToProto(PeriodType type);

}  // namespace ccrm::customer
