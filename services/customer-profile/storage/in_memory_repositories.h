// The customer-profile repositories in memory, for unit tests of the domain services (and any
// run without a database). They keep the contracts of domain/repositories.h as the MySQL ones do:
// idempotent creates (REQUEST_ID_REUSED for a request id reused with another fingerprint), one
// customer per unified social credit code, etag checks (ETAG_MISMATCH), parent checks
// (CUSTOMER_NOT_FOUND, CUSTOMER_ARCHIVED), earlier revisions for GetAsOf, the audit trail and an
// outbox of the events the EventEncoder makes, with keyset pages in the MySQL order.
//
// Like the one database the MySQL repositories share, the sub-resource repositories share the
// customer repository's store: one mutex, one audit trail, one outbox. So a sub-resource create
// checks its parent and inserts atomically, and ListAudit sees "contact.create" records too.
// Instants are kept to the microsecond, as DATETIME(6) keeps them.
//
// Example:
//   FakeEventEncoder encoder;
//   InMemoryCustomerRepository customers(&encoder);
//   InMemoryContactRepository contacts(&customers);
//   CustomerService service(&customers, &clock, ClassificationRules::Default());
//   ...
//   EXPECT_EQ(customers.outbox().size(), 1u);
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/events/outbox_event.h"
#include "common/ids/request_claims.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

// Customers, their revision history, and the store the other four share: the audit trail, the
// request ids of idempotent creates and the outbox. Methods fail as CustomerRepository says.
class InMemoryCustomerRepository final : public CustomerRepository {
 public:
  // Borrows `events`; it must outlive the repository.
  explicit InMemoryCustomerRepository(const EventEncoder* events);

  // As CustomerRepository::Create. An empty customer_id gets a new UUIDv7; revision 1 and
  // create/update time write.now whatever the draft says.
  absl::StatusOr<Customer> Create(const Customer& customer, const IdempotencyKey& key,
                                  const WriteContext& write) override;
  // The reads keep identifiers in clear and mask them with MaskPersonalData for kMasked, as the
  // masked forms the MySQL repository stores are made.
  absl::StatusOr<Customer> Get(const std::string& customer_id, PersonalDataView view) override;
  // The current revision when its update_time <= as_of, else the newest earlier one that is.
  absl::StatusOr<Customer> GetAsOf(const std::string& customer_id, absl::Time as_of,
                                   PersonalDataView view) override;
  // INVALID_ARGUMENT (field "page_token") for an after_key of another list or a malformed one.
  absl::StatusOr<Page<Customer>> List(const CustomerQuery& query, PersonalDataView view) override;
  // As CustomerRepository::Update. The id, create time and revision are the store's: what
  // `mutate` does to them is ignored. ALREADY_EXISTS (CUSTOMER_ALREADY_EXISTS) when the change
  // gives the customer a unified social credit code another customer has.
  absl::StatusOr<Customer> Update(const std::string& customer_id,
                                  std::optional<int64_t> expected_revision, const Mutation& mutate,
                                  const WriteContext& write) override;
  // Always OK: assigns the next audit_id.
  absl::Status RecordAudit(const AuditRecord& record) override;
  // INVALID_ARGUMENT (field "page_token") for an after_key of another list or a malformed one.
  absl::StatusOr<Page<AuditRecord>> ListAudit(const AuditQuery& query) override;

  // For tests: what the repositories sharing this store have written, oldest first.
  std::vector<events::OutboxEvent> outbox() const;
  std::vector<AuditRecord> audit_records() const;
  // The revisions updates have replaced (as customer_history keeps them), oldest first; empty
  // for an unknown or never updated customer.
  std::vector<Customer> history(const std::string& customer_id) const;

 private:
  friend class InMemoryContactRepository;
  friend class InMemoryRelatedPartyRepository;
  friend class InMemoryProjectRepository;
  friend class InMemoryStatementRepository;

  // What an earlier create with a request id made.
  // NOT_FOUND (CUSTOMER_NOT_FOUND) or FAILED_PRECONDITION (CUSTOMER_ARCHIVED) unless a
  // sub-resource may be created under the customer.
  absl::Status CheckWritableParentLocked(const std::string& customer_id) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // The customer as stored; nullptr when unknown.
  const Customer* FindLocked(const std::string& customer_id) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void AppendAuditLocked(AuditRecord record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Fills an empty event_id, request_id and occur_time from `write`, as the MySQL outbox does.
  void AppendEventLocked(events::OutboxEvent event, const WriteContext& write)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // ALREADY_EXISTS (CUSTOMER_ALREADY_EXISTS) when another customer holds the customer's code.
  absl::Status CheckUsccFreeLocked(const Customer& customer) const ABSL_SHARED_LOCKS_REQUIRED(mu_);

  const EventEncoder* events_;
  mutable absl::Mutex mu_;
  std::map<std::string, Customer> customers_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<Customer>> history_ ABSL_GUARDED_BY(mu_);
  std::vector<AuditRecord> audit_ ABSL_GUARDED_BY(mu_);
  RequestClaims requests_ ABSL_GUARDED_BY(mu_);
  std::vector<events::OutboxEvent> outbox_ ABSL_GUARDED_BY(mu_);
};

// Contacts, in the customer repository's store. Methods fail as ContactRepository says; like the
// MySQL one, updates and deletes do not look at the parent customer.
class InMemoryContactRepository final : public ContactRepository {
 public:
  // Borrows `customers` (parents, audit trail); it must outlive the repository.
  explicit InMemoryContactRepository(InMemoryCustomerRepository* customers);

  absl::StatusOr<Contact> Create(const Contact& contact, const IdempotencyKey& key,
                                 const WriteContext& write) override;
  absl::StatusOr<Contact> Get(const std::string& customer_id,
                              const std::string& contact_id) override;
  // INVALID_ARGUMENT (field "page_token") for an after_key of another list or a malformed one.
  // Identifiers masked with MaskPersonalData for kMasked.
  absl::StatusOr<Page<Contact>> List(const std::string& customer_id, const PageQuery& page,
                                     PersonalDataView view) override;
  absl::StatusOr<Contact> Update(const std::string& customer_id, const std::string& contact_id,
                                 std::optional<int64_t> expected_revision, const Mutation& mutate,
                                 const WriteContext& write) override;
  absl::StatusOr<Contact> Delete(const std::string& customer_id, const std::string& contact_id,
                                 std::optional<int64_t> expected_revision,
                                 const WriteContext& write) override;

 private:
  // The stored contact of that customer, or NOT_FOUND (CONTACT_NOT_FOUND).
  absl::StatusOr<Contact*> FindLocked(const std::string& customer_id, const std::string& contact_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(customers_->mu_);

  InMemoryCustomerRepository* const customers_;
  std::map<std::string, Contact> contacts_ ABSL_GUARDED_BY(customers_->mu_);
};

// Related-party edges, in the customer repository's store; also the graph the group walk reads.
// Methods fail as RelatedPartyRepository says.
class InMemoryRelatedPartyRepository final : public RelatedPartyRepository {
 public:
  // Borrows `customers` (parents, related customers' names, audit trail, outbox); it must outlive
  // the repository.
  explicit InMemoryRelatedPartyRepository(InMemoryCustomerRepository* customers);

  // As RelatedPartyRepository::Create; copies the related customer's legal name and code onto
  // the edge.
  absl::StatusOr<RelatedParty> Create(const RelatedParty& party, const IdempotencyKey& key,
                                      const WriteContext& write) override;
  absl::StatusOr<Page<RelatedParty>> List(const std::string& customer_id,
                                          const PageQuery& page) override;
  absl::StatusOr<RelatedParty> Delete(const std::string& customer_id,
                                      const std::string& related_party_id,
                                      const WriteContext& write) override;
  absl::StatusOr<std::vector<RelatedParty>> EdgesTouching(const std::string& customer_id) override;
  // NOT_FOUND (CUSTOMER_NOT_FOUND) for an unknown customer.
  absl::StatusOr<std::pair<std::string, std::string>> NameAndCode(
      const std::string& customer_id) override;

 private:
  InMemoryCustomerRepository* const customers_;
  std::map<std::string, RelatedParty> parties_ ABSL_GUARDED_BY(customers_->mu_);
};

// Projects, in the customer repository's store. Methods fail as ProjectRepository says.
class InMemoryProjectRepository final : public ProjectRepository {
 public:
  // Borrows `customers` (parents, audit trail); it must outlive the repository.
  explicit InMemoryProjectRepository(InMemoryCustomerRepository* customers);

  absl::StatusOr<Project> Create(const Project& project, const IdempotencyKey& key,
                                 const WriteContext& write) override;
  absl::StatusOr<Project> Get(const std::string& customer_id,
                              const std::string& project_id) override;
  absl::StatusOr<Page<Project>> List(const std::string& customer_id,
                                     const PageQuery& page) override;
  absl::StatusOr<Project> Update(const std::string& customer_id, const std::string& project_id,
                                 std::optional<int64_t> expected_revision, const Mutation& mutate,
                                 const WriteContext& write) override;

 private:
  // The stored project of that customer, or NOT_FOUND (PROJECT_NOT_FOUND).
  absl::StatusOr<Project*> FindLocked(const std::string& customer_id, const std::string& project_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(customers_->mu_);

  InMemoryCustomerRepository* const customers_;
  std::map<std::string, Project> projects_ ABSL_GUARDED_BY(customers_->mu_);
};

// Financial statements, in the customer repository's store. Methods fail as StatementRepository
// says.
class InMemoryStatementRepository final : public StatementRepository {
 public:
  // Borrows `customers` (parents, audit trail, outbox); it must outlive the repository.
  explicit InMemoryStatementRepository(InMemoryCustomerRepository* customers);

  // As StatementRepository::Submit. INVALID_ARGUMENT, as the MySQL table would refuse it, when
  // period_end_date is missing or a line item is not in the statement's currency.
  absl::StatusOr<FinancialStatement> Submit(const FinancialStatement& statement,
                                            const IdempotencyKey& key,
                                            const WriteContext& write) override;
  absl::StatusOr<FinancialStatement> Get(const std::string& customer_id,
                                         const std::string& statement_id) override;
  absl::StatusOr<Page<FinancialStatement>> List(const std::string& customer_id,
                                                PeriodType period_type,
                                                const PageQuery& page) override;

 private:
  InMemoryCustomerRepository* const customers_;
  std::map<std::string, FinancialStatement> statements_ ABSL_GUARDED_BY(customers_->mu_);
};

}  // namespace ccrm::customer
