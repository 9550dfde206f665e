#include "services/customer-profile/domain/customer_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/customer_update.h"
#include "services/customer-profile/domain/customer_validation.h"
#include "common/ids/etag.h"
#include "common/validation/field_checks.h"
#include "services/customer-profile/domain/lifecycle.h"
#include "common/pagination/paging.h"
#include "services/customer-profile/domain/personal_identifiers.h"
#include "services/customer-profile/domain/resource_name.h"
#include "services/customer-profile/domain/write_context.h"

namespace ccrm::customer {
namespace {

constexpr size_t kMaxReasonLength = 500;

std::string CanonicalQuery(const CustomerQuery& q) {
  return absl::StrCat("seg=", static_cast<int>(q.segment), "|tier=", static_cast<int>(q.tier),
                      "|ind=", q.industry_code_prefix,
                      "|stage=", static_cast<int>(q.lifecycle_stage),
                      "|rm=", q.relationship_manager_id, "|name=", q.name_prefix,
                      "|lrid=", q.legal_representative_id_number, "|arch=", q.include_archived,
                      "|order=", static_cast<int>(q.order), "|desc=", q.descending);
}

std::string CanonicalQuery(const AuditQuery& q) {
  return absl::StrCat("cust=", q.customer_id, "|actor=", q.actor, "|action=", q.action,
                      "|start=", q.start_time ? absl::FormatTime(*q.start_time) : "",
                      "|end=", q.end_time ? absl::FormatTime(*q.end_time) : "");
}

}  // namespace

absl::Status ValidateReason(const std::string& reason) {
  FieldViolations v;
  CheckText(v, "reason", reason, TextRule::Required(1, kMaxReasonLength));
  return v.ToStatus();
}

CustomerService::CustomerService(CustomerRepository* repository, const Clock* clock,
                                 ClassificationRules rules)
    : repository_(repository), clock_(clock), rules_(std::move(rules)) {}

WriteContext CustomerService::Write(const Caller& caller, std::string reason) const {
  return MakeWriteContext(caller, *clock_, std::move(reason));
}

absl::CivilDay CustomerService::Today() const { return customer::Today(*clock_); }

absl::StatusOr<Customer> CustomerService::Create(const Caller& caller, Customer draft,
                                                 const IdempotencyKey& key) {
  NormalizePersonalIdentifiers(draft);
  FieldViolations violations;
  violations.AddAll("customer", ValidateCustomer(draft, Today()));
  RETURN_IF_ERROR(violations.ToStatus());
  const WriteContext write = Write(caller);
  draft.customer_id = NewUuidV7(write.now);
  draft.lifecycle_stage = LifecycleStage::kProspect;
  draft.archived = false;
  draft.archive_time.reset();
  draft.classification_override.reset();
  draft.create_time = write.now;
  draft.update_time = write.now;
  draft.revision = 1;
  ApplyClassification(draft, rules_, Today());
  ASSIGN_OR_RETURN(Customer created, repository_->Create(draft, key, write));
  MaskPersonalData(created);
  return created;
}

absl::StatusOr<Customer> CustomerService::Get(const Caller& caller, const std::string& customer_id,
                                              PersonalDataView view,
                                              std::optional<absl::Time> as_of) {
  if (view == PersonalDataView::kUnmasked) {
    RETURN_IF_ERROR(CheckMayUnmask(caller));
  }
  // A masked read comes back masked from storage (no decryption), so it is not masked again.
  ASSIGN_OR_RETURN(Customer customer, as_of.has_value()
                                          ? repository_->GetAsOf(customer_id, *as_of, view)
                                          : repository_->Get(customer_id, view));
  if (view == PersonalDataView::kMasked) {
    return customer;
  }
  const WriteContext write = Write(caller);
  AuditRecord audit;
  audit.actor = write.actor;
  audit.actor_roles = write.actor_roles;
  audit.action = "customer.read_unmasked";
  audit.resource = CustomerResourceName(customer_id);
  audit.customer_id = customer_id;
  audit.fields = PersonalDataFields(customer);
  audit.request_id = write.request_id;
  audit.record_time = write.now;
  RETURN_IF_ERROR(repository_->RecordAudit(audit));
  return customer;
}

absl::StatusOr<CustomerList> CustomerService::List(const Caller& caller, CustomerQuery query,
                                                   const std::string& page_token, int page_size) {
  (void)caller;
  if (!query.legal_representative_id_number.empty()) {
    query.legal_representative_id_number =
        NormalizeResidentIdNumber(query.legal_representative_id_number);
  }
  const std::string canonical = CanonicalQuery(query);
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, query.page));
  ASSIGN_OR_RETURN(Page<Customer> page, repository_->List(query, PersonalDataView::kMasked));
  CustomerList out;
  out.customers = std::move(page.items);
  out.next_page_token = NextPageToken(canonical, std::move(page.next_key));
  return out;
}

absl::StatusOr<Customer> CustomerService::Mutate(const Caller& caller,
                                                 const std::string& customer_id,
                                                 const std::string& etag, std::string reason,
                                                 const CustomerRepository::Mutation& mutation) {
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag));
  ASSIGN_OR_RETURN(Customer updated, repository_->Update(customer_id, expected, mutation,
                                                         Write(caller, std::move(reason))));
  MaskPersonalData(updated);
  return updated;
}

absl::StatusOr<Customer> CustomerService::Update(const Caller& caller,
                                                 const std::string& customer_id,
                                                 const Customer& patch,
                                                 const std::vector<std::string>& paths,
                                                 const std::string& etag) {
  // Reject bad paths before touching storage.
  Customer scratch;
  RETURN_IF_ERROR(ApplyCustomerUpdate(patch, paths, scratch));
  // The etag of an update travels inside the customer: name that field, not a top-level "etag".
  RETURN_IF_ERROR(ParseEtag(etag, "customer.etag").status());
  const absl::CivilDay today = Today();
  return Mutate(caller, customer_id, etag, "",
                [&](Customer& current) -> absl::StatusOr<CustomerChange> {
                  RETURN_IF_ERROR(CheckNotArchived(current));
                  const Customer before = current;
                  RETURN_IF_ERROR(ApplyCustomerUpdate(patch, paths, current));
                  NormalizePersonalIdentifiers(current);
                  FieldViolations violations;
                  violations.AddAll("customer", ValidateCustomer(current, today));
                  RETURN_IF_ERROR(violations.ToStatus());
                  ApplyClassification(current, rules_, today);
                  return CustomerChange{"customer.update", ChangedCustomerFields(before, current)};
                });
}

absl::StatusOr<Customer> CustomerService::Archive(const Caller& caller,
                                                  const std::string& customer_id,
                                                  const std::string& etag,
                                                  const std::string& reason) {
  RETURN_IF_ERROR(ValidateReason(reason));
  const absl::Time now = clock_->Now();
  return Mutate(caller, customer_id, etag, reason,
                [&](Customer& current) -> absl::StatusOr<CustomerChange> {
                  RETURN_IF_ERROR(CheckArchivable(current));
                  current.archived = true;
                  current.archive_time = now;
                  return CustomerChange{"customer.archive", {"archived", "archive_time"}};
                });
}

absl::StatusOr<Customer> CustomerService::OverrideClassification(const Caller& caller,
                                                                 const std::string& customer_id,
                                                                 Segment segment, Tier tier,
                                                                 const std::string& reason,
                                                                 const std::string& etag) {
  RETURN_IF_ERROR(ValidateReason(reason));
  if (segment == Segment::kUnspecified && tier == Tier::kUnspecified) {
    return InvalidField("segment", "set segment, tier or both to override");
  }
  const absl::Time now = clock_->Now();
  const absl::CivilDay today = Today();
  return Mutate(caller, customer_id, etag, reason,
                [&](Customer& current) -> absl::StatusOr<CustomerChange> {
                  RETURN_IF_ERROR(CheckNotArchived(current));
                  const Customer before = current;
                  current.classification_override =
                      ClassificationOverride{segment, tier, reason, caller.principal.subject, now};
                  ApplyClassification(current, rules_, today);
                  // ChangedCustomerFields lists classification_override itself.
                  return CustomerChange{"customer.override_classification",
                                        ChangedCustomerFields(before, current)};
                });
}

absl::StatusOr<Customer> CustomerService::ClearClassificationOverride(
    const Caller& caller, const std::string& customer_id, const std::string& reason,
    const std::string& etag) {
  RETURN_IF_ERROR(ValidateReason(reason));
  const absl::CivilDay today = Today();
  return Mutate(
      caller, customer_id, etag, reason, [&](Customer& current) -> absl::StatusOr<CustomerChange> {
        RETURN_IF_ERROR(CheckNotArchived(current));
        if (!current.classification_override.has_value()) {
          return WithReason(
              absl::FailedPreconditionError("the customer's classification is not overridden"),
              "NO_CLASSIFICATION_OVERRIDE");
        }
        const Customer before = current;
        current.classification_override.reset();
        ApplyClassification(current, rules_, today);
        return CustomerChange{"customer.clear_classification_override",
                              ChangedCustomerFields(before, current)};
      });
}

absl::StatusOr<Customer> CustomerService::TransitionLifecycle(const Caller& caller,
                                                              const std::string& customer_id,
                                                              LifecycleStage to,
                                                              const std::string& reason,
                                                              const std::string& etag) {
  RETURN_IF_ERROR(ValidateReason(reason));
  if (to == LifecycleStage::kUnspecified) {
    return InvalidField("to_stage", "is required");
  }
  return Mutate(caller, customer_id, etag, reason,
                [&](Customer& current) -> absl::StatusOr<CustomerChange> {
                  RETURN_IF_ERROR(CheckNotArchived(current));
                  RETURN_IF_ERROR(CheckLifecycleTransition(current.lifecycle_stage, to));
                  current.lifecycle_stage = to;
                  return CustomerChange{"customer.transition_lifecycle", {"lifecycle_stage"}};
                });
}

absl::StatusOr<AuditList> CustomerService::ListAudit(const Caller& caller, AuditQuery query,
                                                     const std::string& page_token, int page_size) {
  (void)caller;
  if (query.start_time && query.end_time && *query.end_time < *query.start_time) {
    return InvalidField("end_time", "is before start_time");
  }
  const std::string canonical = CanonicalQuery(query);
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, query.page));
  ASSIGN_OR_RETURN(Page<AuditRecord> page, repository_->ListAudit(query));
  return AuditList{std::move(page.items), NextPageToken(canonical, std::move(page.next_key))};
}

}  // namespace ccrm::customer
