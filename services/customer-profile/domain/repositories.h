// The storage the customer-profile domain needs, as interfaces it owns. storage/ implements
// them on MySQL (and in memory for tests). Every write is one transaction that also records the
// audit trail and, where the change matters to other services, an outbox event.
//
// Example:
//   ASSIGN_OR_RETURN(Customer c, customers.Update(id, expected_revision,
//       [&](Customer& current) -> absl::StatusOr<CustomerChange> {
//         RETURN_IF_ERROR(CheckLifecycleTransition(current.lifecycle_stage, to));
//         current.lifecycle_stage = to;
//         return CustomerChange{"customer.transition_lifecycle", {"lifecycle_stage"}};
//       }, write));
//   ASSIGN_OR_RETURN(Customer shown, customers.Get(id, PersonalDataView::kMasked));
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/page.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/customer_group.h"
#include "services/customer-profile/domain/privacy_policy.h"

namespace ccrm::customer {

// Turns domain changes into outbox rows (payload encoding lives outside the domain, in api/).
// Payloads never carry personal identifiers in clear.
class EventEncoder {
 public:
  virtual ~EventEncoder() = default;
  virtual events::OutboxEvent CustomerCreated(const Customer& customer,
                                              const WriteContext& write) const = 0;
  virtual events::OutboxEvent CustomerUpdated(const Customer& customer,
                                              const std::vector<std::string>& changed_fields,
                                              const WriteContext& write) const = 0;
  virtual events::OutboxEvent FinancialStatementSubmitted(const FinancialStatement& statement,
                                                          const WriteContext& write) const = 0;
  virtual events::OutboxEvent RelatedPartyChanged(const RelatedParty& party, bool removed,
                                                  const WriteContext& write) const = 0;
};

// What a mutation of a customer did, recorded with the new state.
struct CustomerChange {
  // Audit action, e.g. "customer.update".
  std::string audit_action;
  // Field paths that changed (never values).
  std::vector<std::string> changed_fields;
};

enum class CustomerOrder { kCreateTime, kLegalName, kUpdateTime };

struct CustomerQuery {
  Segment segment = Segment::kUnspecified;
  Tier tier = Tier::kUnspecified;
  std::string industry_code_prefix;
  LifecycleStage lifecycle_stage = LifecycleStage::kUnspecified;
  std::string relationship_manager_id;
  std::string name_prefix;
  // Exact match through the blind index (the column itself is encrypted).
  std::string legal_representative_id_number;
  bool include_archived = false;
  CustomerOrder order = CustomerOrder::kCreateTime;
  bool descending = false;
  PageQuery page;
};

struct AuditQuery {
  std::string customer_id;
  std::string actor;
  std::string action;
  std::optional<absl::Time> start_time;
  std::optional<absl::Time> end_time;
  PageQuery page;
};

class CustomerRepository {
 public:
  using Mutation = std::function<absl::StatusOr<CustomerChange>(Customer&)>;
  virtual ~CustomerRepository() = default;

  // Inserts the customer (revision 1) with a "customer.create" audit record and a CustomerCreated
  // event. A request_id seen before returns the customer it created;
  // INVALID_ARGUMENT (reason REQUEST_ID_REUSED) if that earlier request differed.
  // ALREADY_EXISTS (reason CUSTOMER_ALREADY_EXISTS) when the unified social credit code is taken.
  virtual absl::StatusOr<Customer> Create(const Customer& customer, const IdempotencyKey& key,
                                          const WriteContext& write) = 0;

  // The reads return personal identifiers as `view` asks: kMasked gives them already masked (as
  // MaskPersonalData masks them; callers must not mask them again) and needs no decryption;
  // kUnmasked gives them in clear. Writes return them in clear.

  // NOT_FOUND (reason CUSTOMER_NOT_FOUND).
  virtual absl::StatusOr<Customer> Get(const std::string& customer_id, PersonalDataView view) = 0;

  // The customer as it was at `as_of` (the last revision written at or before it). NOT_FOUND
  // (reason CUSTOMER_NOT_FOUND) when it did not exist yet.
  virtual absl::StatusOr<Customer> GetAsOf(const std::string& customer_id, absl::Time as_of,
                                           PersonalDataView view) = 0;

  virtual absl::StatusOr<Page<Customer>> List(const CustomerQuery& query,
                                              PersonalDataView view) = 0;

  // Read-modify-write under a row lock. ABORTED (reason ETAG_MISMATCH) when expected_revision is
  // set and differs from the stored one; whatever `mutate` returns when it fails (nothing is
  // written). Otherwise keeps the previous revision in the history, bumps the revision, sets
  // update_time = write.now, and writes the audit record and a CustomerUpdated event.
  virtual absl::StatusOr<Customer> Update(const std::string& customer_id,
                                          std::optional<int64_t> expected_revision,
                                          const Mutation& mutate, const WriteContext& write) = 0;

  // Appends an audit record on its own (e.g. an unmasked read). Fails closed: callers must not
  // return clear data when this fails.
  virtual absl::Status RecordAudit(const AuditRecord& record) = 0;

  // Newest first.
  virtual absl::StatusOr<Page<AuditRecord>> ListAudit(const AuditQuery& query) = 0;
};

// Sub-resources are created, changed and deleted only under an existing customer that is not
// archived: NOT_FOUND (CUSTOMER_NOT_FOUND) or FAILED_PRECONDITION (CUSTOMER_ARCHIVED) otherwise.
class ContactRepository {
 public:
  using Mutation = std::function<absl::StatusOr<std::vector<std::string>>(Contact&)>;
  virtual ~ContactRepository() = default;
  // Audit "contact.create". Same idempotency contract as CustomerRepository::Create.
  virtual absl::StatusOr<Contact> Create(const Contact& contact, const IdempotencyKey& key,
                                         const WriteContext& write) = 0;
  // NOT_FOUND (CONTACT_NOT_FOUND). Personal identifiers in clear.
  virtual absl::StatusOr<Contact> Get(const std::string& customer_id,
                                      const std::string& contact_id) = 0;
  // Ordered by creation. Personal identifiers as `view` asks, as CustomerRepository::Get.
  virtual absl::StatusOr<Page<Contact>> List(const std::string& customer_id, const PageQuery& page,
                                             PersonalDataView view) = 0;
  // Audit "contact.update"; ABORTED (ETAG_MISMATCH) on a stale revision.
  virtual absl::StatusOr<Contact> Update(const std::string& customer_id,
                                         const std::string& contact_id,
                                         std::optional<int64_t> expected_revision,
                                         const Mutation& mutate, const WriteContext& write) = 0;
  // Audit "contact.delete"; returns the deleted contact.
  virtual absl::StatusOr<Contact> Delete(const std::string& customer_id,
                                         const std::string& contact_id,
                                         std::optional<int64_t> expected_revision,
                                         const WriteContext& write) = 0;
};

class RelatedPartyRepository : public RelatedPartyGraph {
 public:
  virtual ~RelatedPartyRepository() = default;
  // Audit "related_party.create" and a RelatedPartyChanged event. NOT_FOUND (CUSTOMER_NOT_FOUND)
  // when related_customer_id names no customer. ALREADY_EXISTS (RELATED_PARTY_ALREADY_EXISTS)
  // for the same relation to the same party twice.
  virtual absl::StatusOr<RelatedParty> Create(const RelatedParty& party, const IdempotencyKey& key,
                                              const WriteContext& write) = 0;
  virtual absl::StatusOr<Page<RelatedParty>> List(const std::string& customer_id,
                                                  const PageQuery& page) = 0;
  // Audit "related_party.delete" and a RelatedPartyChanged(removed) event. NOT_FOUND
  // (RELATED_PARTY_NOT_FOUND).
  virtual absl::StatusOr<RelatedParty> Delete(const std::string& customer_id,
                                              const std::string& related_party_id,
                                              const WriteContext& write) = 0;
};

class ProjectRepository {
 public:
  using Mutation = std::function<absl::StatusOr<std::vector<std::string>>(Project&)>;
  virtual ~ProjectRepository() = default;
  // Audit "project.create".
  virtual absl::StatusOr<Project> Create(const Project& project, const IdempotencyKey& key,
                                         const WriteContext& write) = 0;
  // NOT_FOUND (PROJECT_NOT_FOUND).
  virtual absl::StatusOr<Project> Get(const std::string& customer_id,
                                      const std::string& project_id) = 0;
  virtual absl::StatusOr<Page<Project>> List(const std::string& customer_id,
                                             const PageQuery& page) = 0;
  // Audit "project.update"; ABORTED (ETAG_MISMATCH) on a stale revision.
  virtual absl::StatusOr<Project> Update(const std::string& customer_id,
                                         const std::string& project_id,
                                         std::optional<int64_t> expected_revision,
                                         const Mutation& mutate, const WriteContext& write) = 0;
};

class StatementRepository {
 public:
  virtual ~StatementRepository() = default;
  // Audit "financial_statement.submit" and a FinancialStatementSubmitted event. ALREADY_EXISTS
  // (STATEMENT_ALREADY_EXISTS) for a second statement of the same customer, period type, year,
  // quarter and audited flag.
  virtual absl::StatusOr<FinancialStatement> Submit(const FinancialStatement& statement,
                                                    const IdempotencyKey& key,
                                                    const WriteContext& write) = 0;
  // NOT_FOUND (STATEMENT_NOT_FOUND).
  virtual absl::StatusOr<FinancialStatement> Get(const std::string& customer_id,
                                                 const std::string& statement_id) = 0;
  // Newest period end first; `period_type` kUnspecified = all.
  virtual absl::StatusOr<Page<FinancialStatement>> List(const std::string& customer_id,
                                                        PeriodType period_type,
                                                        const PageQuery& page) = 0;
};

}  // namespace ccrm::customer
