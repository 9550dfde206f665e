#include "services/customer-profile/storage/in_memory_repositories.h"

#include <algorithm>
#include <functional>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/pagination/page_token.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/customer_group.h"
#include "services/customer-profile/domain/privacy_policy.h"
#include "services/customer-profile/domain/resource_name.h"
#include "services/customer-profile/domain/statement_line_items.h"

namespace ccrm::customer {
namespace {

constexpr char kCustomerCreateScope[] = "customers.create";

// `t` to the microsecond, as DATETIME(6) keeps it.
absl::Time Micros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

void TruncateTimes(Customer& c) {
  c.create_time = Micros(c.create_time);
  c.update_time = Micros(c.update_time);
  if (c.archive_time.has_value()) {
    c.archive_time = Micros(*c.archive_time);
  }
  if (c.classification_override.has_value()) {
    c.classification_override->override_time = Micros(c.classification_override->override_time);
  }
}

AuditRecord AuditOf(const WriteContext& write, std::string action, std::string resource,
                    std::string customer_id, std::vector<std::string> fields) {
  AuditRecord record;
  record.actor = write.actor;
  record.actor_roles = write.actor_roles;
  record.action = std::move(action);
  record.resource = std::move(resource);
  record.customer_id = std::move(customer_id);
  record.fields = std::move(fields);
  record.reason = write.reason;
  record.request_id = write.request_id;
  record.record_time = write.now;
  return record;
}

// `record` (identifiers in clear) as a read for `view` returns it.
template <typename T>
T InView(T record, PersonalDataView view) {
  if (view == PersonalDataView::kMasked) {
    MaskPersonalData(record);
  }
  return record;
}

absl::Status CustomerNotFound(const std::string& customer_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("customer ", customer_id, " not found")),
                    "CUSTOMER_NOT_FOUND");
}

absl::Status ChildNotFound(const std::string& customer_id, const std::string& collection,
                           const std::string& child_id, const std::string& reason) {
  return WithReason(absl::NotFoundError(absl::StrCat(
                        ChildResourceName(customer_id, collection, child_id), " not found")),
                    reason);
}

absl::Status RevisionMismatch(const std::string& resource_name, int64_t expected, int64_t current) {
  return WithReason(absl::AbortedError(absl::StrCat(
                        resource_name, " changed since it was read: expected revision ", expected,
                        ", current revision ", current, "; read it again and retry")),
                    "ETAG_MISMATCH");
}

absl::Status CheckRevision(const std::string& resource_name, std::optional<int64_t> expected,
                           int64_t current) {
  if (expected.has_value() && *expected != current) {
    return RevisionMismatch(resource_name, *expected, current);
  }
  return absl::OkStatus();
}

// --- Keyset pages -------------------------------------------------------------------------------

int PageLimit(const PageQuery& page) {
  if (page.page_size <= 0) {
    return kDefaultPageSize;
  }
  return std::min(page.page_size, kMaxPageSize);
}

absl::Status CheckAfterKey(const PageQuery& page, size_t parts) {
  if (page.after_key.empty() || page.after_key.size() == parts) {
    return absl::OkStatus();
  }
  return InvalidField("page_token", "the page token does not belong to this list");
}

absl::Status MalformedPageToken() {
  return InvalidField("page_token", "the page token is malformed");
}

// Instants in keys are Unix microseconds.
std::string TimeKey(absl::Time t) { return absl::StrCat(absl::ToUnixMicros(t)); }

absl::StatusOr<absl::Time> ParseTimeKey(const std::string& part) {
  int64_t micros = 0;
  if (!absl::SimpleAtoi(part, &micros)) {
    return MalformedPageToken();
  }
  return absl::FromUnixMicros(micros);
}

std::string DateKey(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::StatusOr<absl::CivilDay> ParseDateKey(const std::string& part) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(part, &day)) {
    return MalformedPageToken();
  }
  return day;
}

// Sorts `rows` by `less`, drops those not strictly after `after` (a value holding the last key
// seen) when set, and keeps `limit` of the rest; next_key is the last kept row's key when more
// rows follow.
template <typename T, typename Less, typename KeyOf>
Page<T> CutPage(std::vector<T> rows, const Less& less, const std::optional<T>& after, int limit,
                const KeyOf& key_of) {
  std::sort(rows.begin(), rows.end(), less);
  Page<T> page;
  for (T& row : rows) {
    if (after.has_value() && !less(*after, row)) {
      continue;
    }
    if (page.items.size() == static_cast<size_t>(limit)) {
      page.next_key = key_of(page.items.back());
      break;
    }
    page.items.push_back(std::move(row));
  }
  return page;
}

// --- Customers ----------------------------------------------------------------------------------

// Orders customers by (sort column, id) as the MySQL List does.
class CustomerLess {
 public:
  CustomerLess(CustomerOrder order, bool descending) : order_(order), descending_(descending) {}
  bool operator()(const Customer& a, const Customer& b) const {
    return descending_ ? Ascending(b, a) : Ascending(a, b);
  }

 private:
  bool Ascending(const Customer& a, const Customer& b) const {
    switch (order_) {
      case CustomerOrder::kLegalName:
        return std::tie(a.legal_name, a.customer_id) < std::tie(b.legal_name, b.customer_id);
      case CustomerOrder::kUpdateTime:
        return std::tie(a.update_time, a.customer_id) < std::tie(b.update_time, b.customer_id);
      case CustomerOrder::kCreateTime:
        break;
    }
    return std::tie(a.create_time, a.customer_id) < std::tie(b.create_time, b.customer_id);
  }

  CustomerOrder order_;
  bool descending_;
};

std::vector<std::string> CustomerKey(CustomerOrder order, const Customer& c) {
  switch (order) {
    case CustomerOrder::kLegalName:
      return {c.legal_name, c.customer_id};
    case CustomerOrder::kUpdateTime:
      return {TimeKey(c.update_time), c.customer_id};
    case CustomerOrder::kCreateTime:
      break;
  }
  return {TimeKey(c.create_time), c.customer_id};
}

// A customer holding the sort key `after_key` names, to compare rows with.
absl::StatusOr<std::optional<Customer>> CustomerAfter(const CustomerQuery& query) {
  if (query.page.after_key.empty()) {
    return std::optional<Customer>();
  }
  Customer probe;
  probe.customer_id = query.page.after_key[1];
  switch (query.order) {
    case CustomerOrder::kLegalName:
      probe.legal_name = query.page.after_key[0];
      break;
    case CustomerOrder::kUpdateTime: {
      ASSIGN_OR_RETURN(probe.update_time, ParseTimeKey(query.page.after_key[0]));
      break;
    }
    case CustomerOrder::kCreateTime: {
      ASSIGN_OR_RETURN(probe.create_time, ParseTimeKey(query.page.after_key[0]));
      break;
    }
  }
  return std::optional<Customer>(std::move(probe));
}

bool Matches(const CustomerQuery& q, const Customer& c) {
  return (q.include_archived || !c.archived) &&
         (q.segment == Segment::kUnspecified || c.segment == q.segment) &&
         (q.tier == Tier::kUnspecified || c.tier == q.tier) &&
         absl::StartsWith(c.industry_code, q.industry_code_prefix) &&
         (q.lifecycle_stage == LifecycleStage::kUnspecified ||
          c.lifecycle_stage == q.lifecycle_stage) &&
         (q.relationship_manager_id.empty() ||
          c.relationship_manager_id == q.relationship_manager_id) &&
         absl::StartsWith(c.legal_name, q.name_prefix) &&
         (q.legal_representative_id_number.empty() ||
          c.legal_representative_id_number == q.legal_representative_id_number);
}

bool Matches(const AuditQuery& q, const AuditRecord& r) {
  return (q.customer_id.empty() || r.customer_id == q.customer_id) &&
         (q.actor.empty() || r.actor == q.actor) && (q.action.empty() || r.action == q.action) &&
         (!q.start_time.has_value() || r.record_time >= *q.start_time) &&
         (!q.end_time.has_value() || r.record_time < *q.end_time);
}

// Rows of a sub-resource collection in (create_time, id) order, as the MySQL lists give them.
template <typename T>
struct ByCreateTime {
  std::string T::*id;
  bool operator()(const T& a, const T& b) const {
    return std::tie(a.create_time, a.*id) < std::tie(b.create_time, b.*id);
  }
};

// The page of `rows` (one customer's sub-resources) after `page.after_key`.
template <typename T>
absl::StatusOr<Page<T>> CreateTimePage(std::vector<T> rows, std::string T::*id,
                                       const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  std::optional<T> after;
  if (!page.after_key.empty()) {
    after.emplace();
    ASSIGN_OR_RETURN(after->create_time, ParseTimeKey(page.after_key[0]));
    (*after).*id = page.after_key[1];
  }
  return CutPage(std::move(rows), ByCreateTime<T>{id}, after, PageLimit(page), [id](const T& row) {
    return std::vector<std::string>{TimeKey(row.create_time), row.*id};
  });
}

// --- Related parties ----------------------------------------------------------------------------

// Who the party is, for the "same relation to the same party once" rule.
std::string PartyKey(const RelatedParty& p) {
  if (!p.related_customer_id.empty()) {
    return absl::StrCat("c:", p.related_customer_id);
  }
  if (!p.party_unified_social_credit_code.empty()) {
    return absl::StrCat("u:", p.party_unified_social_credit_code);
  }
  return absl::StrCat("n:", p.party_name);
}

// --- Statements ---------------------------------------------------------------------------------

bool SamePeriod(const FinancialStatement& a, const FinancialStatement& b) {
  return a.customer_id == b.customer_id && a.period_type == b.period_type &&
         a.fiscal_year == b.fiscal_year && a.fiscal_quarter == b.fiscal_quarter &&
         a.audited == b.audited;
}

// Newest period end first, then statement id descending.
bool NewestPeriodFirst(const FinancialStatement& a, const FinancialStatement& b) {
  const absl::CivilDay a_end = a.period_end_date.value_or(absl::CivilDay());
  const absl::CivilDay b_end = b.period_end_date.value_or(absl::CivilDay());
  return std::tie(b_end, b.statement_id) < std::tie(a_end, a.statement_id);
}

}  // namespace

// === InMemoryCustomerRepository ==================================================================

InMemoryCustomerRepository::InMemoryCustomerRepository(const EventEncoder* events)
    : events_(events) {}

const Customer* InMemoryCustomerRepository::FindLocked(const std::string& customer_id) const {
  auto it = customers_.find(customer_id);
  return it == customers_.end() ? nullptr : &it->second;
}

absl::Status InMemoryCustomerRepository::CheckWritableParentLocked(
    const std::string& customer_id) const {
  const Customer* parent = FindLocked(customer_id);
  if (parent == nullptr) {
    return CustomerNotFound(customer_id);
  }
  if (parent->archived) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "customer ", customer_id, " is archived; its records are read-only")),
                      "CUSTOMER_ARCHIVED");
  }
  return absl::OkStatus();
}

void InMemoryCustomerRepository::AppendAuditLocked(AuditRecord record) {
  record.audit_id = static_cast<int64_t>(audit_.size()) + 1;
  record.record_time = Micros(record.record_time);
  audit_.push_back(std::move(record));
}

void InMemoryCustomerRepository::AppendEventLocked(events::OutboxEvent event,
                                                   const WriteContext& write) {
  if (event.event_id.empty()) {
    event.event_id = NewUuidV7(write.now);
  }
  if (event.request_id.empty()) {
    event.request_id = write.request_id;
  }
  if (event.occur_time == absl::UnixEpoch()) {
    event.occur_time = write.now;
  }
  outbox_.push_back(std::move(event));
}

absl::Status InMemoryCustomerRepository::CheckUsccFreeLocked(const Customer& customer) const {
  if (customer.unified_social_credit_code.empty()) {
    return absl::OkStatus();
  }
  for (const auto& [id, other] : customers_) {
    if (id != customer.customer_id &&
        other.unified_social_credit_code == customer.unified_social_credit_code) {
      return WithReason(absl::AlreadyExistsError(
                            absl::StrCat("a customer with unified social credit code ",
                                         customer.unified_social_credit_code, " already exists")),
                        "CUSTOMER_ALREADY_EXISTS");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Customer> InMemoryCustomerRepository::Create(const Customer& customer,
                                                            const IdempotencyKey& key,
                                                            const WriteContext& write) {
  Customer stored = customer;
  if (stored.customer_id.empty()) {
    stored.customer_id = NewUuidV7(write.now);
  }
  stored.create_time = write.now;
  stored.update_time = write.now;
  stored.revision = 1;
  TruncateTimes(stored);
  const std::string name = CustomerResourceName(stored.customer_id);

  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier, requests_.Find(kCustomerCreateScope, key));
  if (earlier.has_value()) {
    const Customer* created = FindLocked(LastNameSegment(*earlier));
    if (created == nullptr) {
      return CustomerNotFound(LastNameSegment(*earlier));
    }
    return *created;
  }
  if (customers_.count(stored.customer_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
  }
  RETURN_IF_ERROR(CheckUsccFreeLocked(stored));
  customers_[stored.customer_id] = stored;
  requests_.Claim(kCustomerCreateScope, key, name);
  AppendAuditLocked(AuditOf(write, "customer.create", name, stored.customer_id, {}));
  AppendEventLocked(events_->CustomerCreated(stored, write), write);
  return stored;
}

absl::StatusOr<Customer> InMemoryCustomerRepository::Get(const std::string& customer_id,
                                                         PersonalDataView view) {
  Customer found;
  {
    absl::ReaderMutexLock lock(&mu_);
    const Customer* customer = FindLocked(customer_id);
    if (customer == nullptr) {
      return CustomerNotFound(customer_id);
    }
    found = *customer;
  }
  return InView(std::move(found), view);
}

absl::StatusOr<Customer> InMemoryCustomerRepository::GetAsOf(const std::string& customer_id,
                                                             absl::Time as_of,
                                                             PersonalDataView view) {
  Customer found;
  {
    absl::ReaderMutexLock lock(&mu_);
    const Customer* current = FindLocked(customer_id);
    const Customer* in_force = nullptr;
    if (current != nullptr && current->update_time <= as_of) {
      in_force = current;
    } else if (auto it = history_.find(customer_id); it != history_.end()) {
      for (const Customer& revision : it->second) {
        if (revision.update_time <= as_of &&
            (in_force == nullptr || revision.revision > in_force->revision)) {
          in_force = &revision;
        }
      }
    }
    if (in_force == nullptr) {
      return WithReason(
          absl::NotFoundError(absl::StrCat("customer ", customer_id, " did not exist at ",
                                           absl::FormatTime(as_of))),
          "CUSTOMER_NOT_FOUND");
    }
    found = *in_force;
  }
  return InView(std::move(found), view);
}

absl::StatusOr<Page<Customer>> InMemoryCustomerRepository::List(const CustomerQuery& query,
                                                                PersonalDataView view) {
  RETURN_IF_ERROR(CheckAfterKey(query.page, 2));
  ASSIGN_OR_RETURN(std::optional<Customer> after, CustomerAfter(query));
  std::vector<Customer> rows;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (const auto& [id, customer] : customers_) {
      if (Matches(query, customer)) {
        rows.push_back(customer);
      }
    }
  }
  const CustomerOrder order = query.order;
  Page<Customer> page =
      CutPage(std::move(rows), CustomerLess(order, query.descending), after, PageLimit(query.page),
              [order](const Customer& c) { return CustomerKey(order, c); });
  for (Customer& c : page.items) {
    c = InView(std::move(c), view);
  }
  return page;
}

absl::StatusOr<Customer> InMemoryCustomerRepository::Update(
    const std::string& customer_id, std::optional<int64_t> expected_revision,
    const Mutation& mutate, const WriteContext& write) {
  const std::string name = CustomerResourceName(customer_id);
  absl::MutexLock lock(&mu_);
  const Customer* current = FindLocked(customer_id);
  if (current == nullptr) {
    return CustomerNotFound(customer_id);
  }
  RETURN_IF_ERROR(CheckRevision(name, expected_revision, current->revision));
  Customer next = *current;
  ASSIGN_OR_RETURN(CustomerChange change, mutate(next));
  next.customer_id = current->customer_id;
  next.create_time = current->create_time;
  next.revision = current->revision + 1;
  next.update_time = write.now;
  TruncateTimes(next);
  RETURN_IF_ERROR(CheckUsccFreeLocked(next));
  history_[customer_id].push_back(*current);
  customers_[customer_id] = next;
  AppendAuditLocked(AuditOf(write, change.audit_action, name, customer_id, change.changed_fields));
  AppendEventLocked(events_->CustomerUpdated(next, change.changed_fields, write), write);
  return next;
}

absl::Status InMemoryCustomerRepository::RecordAudit(const AuditRecord& record) {
  absl::MutexLock lock(&mu_);
  AppendAuditLocked(record);
  return absl::OkStatus();
}

absl::StatusOr<Page<AuditRecord>> InMemoryCustomerRepository::ListAudit(const AuditQuery& query) {
  RETURN_IF_ERROR(CheckAfterKey(query.page, 1));
  std::optional<AuditRecord> after;
  if (!query.page.after_key.empty()) {
    after.emplace();
    if (!absl::SimpleAtoi(query.page.after_key[0], &after->audit_id)) {
      return MalformedPageToken();
    }
  }
  std::vector<AuditRecord> rows;
  {
    absl::ReaderMutexLock lock(&mu_);
    for (const AuditRecord& record : audit_) {
      if (Matches(query, record)) {
        rows.push_back(record);
      }
    }
  }
  return CutPage(
      std::move(rows),
      [](const AuditRecord& a, const AuditRecord& b) { return a.audit_id > b.audit_id; }, after,
      PageLimit(query.page),
      [](const AuditRecord& r) { return std::vector<std::string>{absl::StrCat(r.audit_id)}; });
}

std::vector<events::OutboxEvent> InMemoryCustomerRepository::outbox() const {
  absl::ReaderMutexLock lock(&mu_);
  return outbox_;
}

std::vector<AuditRecord> InMemoryCustomerRepository::audit_records() const {
  absl::ReaderMutexLock lock(&mu_);
  return audit_;
}

std::vector<Customer> InMemoryCustomerRepository::history(const std::string& customer_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = history_.find(customer_id);
  return it == history_.end() ? std::vector<Customer>() : it->second;
}

// === InMemoryContactRepository ===================================================================

namespace {
constexpr char kContacts[] = "contacts";
}  // namespace

InMemoryContactRepository::InMemoryContactRepository(InMemoryCustomerRepository* customers)
    : customers_(customers) {}

absl::StatusOr<Contact*> InMemoryContactRepository::FindLocked(const std::string& customer_id,
                                                               const std::string& contact_id) {
  auto it = contacts_.find(contact_id);
  if (it == contacts_.end() || it->second.customer_id != customer_id) {
    return ChildNotFound(customer_id, kContacts, contact_id, "CONTACT_NOT_FOUND");
  }
  return &it->second;
}

absl::StatusOr<Contact> InMemoryContactRepository::Create(const Contact& contact,
                                                          const IdempotencyKey& key,
                                                          const WriteContext& write) {
  Contact stored = contact;
  if (stored.contact_id.empty()) {
    stored.contact_id = NewUuidV7(write.now);
  }
  stored.create_time = Micros(write.now);
  stored.update_time = stored.create_time;
  stored.revision = 1;
  const std::string name = ChildResourceName(stored.customer_id, kContacts, stored.contact_id);
  const std::string scope = absl::StrCat("contacts.create:", stored.customer_id);

  absl::MutexLock lock(&customers_->mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier, customers_->requests_.Find(scope, key));
  if (earlier.has_value()) {
    ASSIGN_OR_RETURN(Contact * created, FindLocked(stored.customer_id, LastNameSegment(*earlier)));
    return *created;
  }
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(stored.customer_id));
  if (contacts_.count(stored.contact_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
  }
  contacts_[stored.contact_id] = stored;
  customers_->requests_.Claim(scope, key, name);
  customers_->AppendAuditLocked(AuditOf(write, "contact.create", name, stored.customer_id, {}));
  return stored;
}

absl::StatusOr<Contact> InMemoryContactRepository::Get(const std::string& customer_id,
                                                       const std::string& contact_id) {
  absl::MutexLock lock(&customers_->mu_);
  ASSIGN_OR_RETURN(Contact * contact, FindLocked(customer_id, contact_id));
  return *contact;
}

absl::StatusOr<Page<Contact>> InMemoryContactRepository::List(const std::string& customer_id,
                                                              const PageQuery& page,
                                                              PersonalDataView view) {
  std::vector<Contact> rows;
  {
    absl::ReaderMutexLock lock(&customers_->mu_);
    for (const auto& [id, contact] : contacts_) {
      if (contact.customer_id == customer_id) {
        rows.push_back(contact);
      }
    }
  }
  ASSIGN_OR_RETURN(Page<Contact> found,
                   CreateTimePage(std::move(rows), &Contact::contact_id, page));
  for (Contact& c : found.items) {
    c = InView(std::move(c), view);
  }
  return found;
}

absl::StatusOr<Contact> InMemoryContactRepository::Update(const std::string& customer_id,
                                                          const std::string& contact_id,
                                                          std::optional<int64_t> expected_revision,
                                                          const Mutation& mutate,
                                                          const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kContacts, contact_id);
  absl::MutexLock lock(&customers_->mu_);
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(customer_id));
  ASSIGN_OR_RETURN(Contact * current, FindLocked(customer_id, contact_id));
  RETURN_IF_ERROR(CheckRevision(name, expected_revision, current->revision));
  Contact next = *current;
  ASSIGN_OR_RETURN(std::vector<std::string> changed, mutate(next));
  next.contact_id = current->contact_id;
  next.customer_id = current->customer_id;
  next.create_time = current->create_time;
  next.update_time = Micros(write.now);
  next.revision = current->revision + 1;
  *current = next;
  customers_->AppendAuditLocked(
      AuditOf(write, "contact.update", name, customer_id, std::move(changed)));
  return next;
}

absl::StatusOr<Contact> InMemoryContactRepository::Delete(const std::string& customer_id,
                                                          const std::string& contact_id,
                                                          std::optional<int64_t> expected_revision,
                                                          const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kContacts, contact_id);
  absl::MutexLock lock(&customers_->mu_);
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(customer_id));
  ASSIGN_OR_RETURN(Contact * current, FindLocked(customer_id, contact_id));
  RETURN_IF_ERROR(CheckRevision(name, expected_revision, current->revision));
  Contact deleted = std::move(*current);
  contacts_.erase(contact_id);
  customers_->AppendAuditLocked(AuditOf(write, "contact.delete", name, customer_id, {}));
  return deleted;
}

// === InMemoryRelatedPartyRepository ==============================================================

namespace {
constexpr char kRelatedParties[] = "relatedParties";
}  // namespace

InMemoryRelatedPartyRepository::InMemoryRelatedPartyRepository(
    InMemoryCustomerRepository* customers)
    : customers_(customers) {}

absl::StatusOr<RelatedParty> InMemoryRelatedPartyRepository::Create(const RelatedParty& party,
                                                                    const IdempotencyKey& key,
                                                                    const WriteContext& write) {
  RelatedParty stored = party;
  if (stored.related_party_id.empty()) {
    stored.related_party_id = NewUuidV7(write.now);
  }
  stored.create_time = Micros(write.now);
  const std::string name =
      ChildResourceName(stored.customer_id, kRelatedParties, stored.related_party_id);
  const std::string scope = absl::StrCat("related_parties.create:", stored.customer_id);

  absl::MutexLock lock(&customers_->mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier, customers_->requests_.Find(scope, key));
  if (earlier.has_value()) {
    auto it = parties_.find(LastNameSegment(*earlier));
    if (it == parties_.end() || it->second.customer_id != stored.customer_id) {
      return ChildNotFound(stored.customer_id, kRelatedParties, LastNameSegment(*earlier),
                           "RELATED_PARTY_NOT_FOUND");
    }
    return it->second;
  }
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(stored.customer_id));
  if (!stored.related_customer_id.empty()) {
    const Customer* related = customers_->FindLocked(stored.related_customer_id);
    if (related == nullptr) {
      return WithReason(
          absl::NotFoundError(absl::StrCat("related_party.related_customer_id: customer ",
                                           stored.related_customer_id, " not found")),
          "CUSTOMER_NOT_FOUND");
    }
    stored.party_name = related->legal_name;
    stored.party_unified_social_credit_code = related->unified_social_credit_code;
  }
  const std::string party_key = PartyKey(stored);
  for (const auto& [id, other] : parties_) {
    if (other.customer_id == stored.customer_id && other.relation_type == stored.relation_type &&
        PartyKey(other) == party_key) {
      return WithReason(absl::AlreadyExistsError(absl::StrCat(
                            "customer ", stored.customer_id, " already records this party as ",
                            RelationTypeLabel(stored.relation_type))),
                        "RELATED_PARTY_ALREADY_EXISTS");
    }
  }
  if (parties_.count(stored.related_party_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
  }
  parties_[stored.related_party_id] = stored;
  customers_->requests_.Claim(scope, key, name);
  customers_->AppendAuditLocked(
      AuditOf(write, "related_party.create", name, stored.customer_id, {}));
  customers_->AppendEventLocked(
      customers_->events_->RelatedPartyChanged(stored, /*removed=*/false, write), write);
  return stored;
}

absl::StatusOr<Page<RelatedParty>> InMemoryRelatedPartyRepository::List(
    const std::string& customer_id, const PageQuery& page) {
  std::vector<RelatedParty> rows;
  {
    absl::ReaderMutexLock lock(&customers_->mu_);
    for (const auto& [id, party] : parties_) {
      if (party.customer_id == customer_id) {
        rows.push_back(party);
      }
    }
  }
  return CreateTimePage(std::move(rows), &RelatedParty::related_party_id, page);
}

absl::StatusOr<RelatedParty> InMemoryRelatedPartyRepository::Delete(
    const std::string& customer_id, const std::string& related_party_id,
    const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kRelatedParties, related_party_id);
  absl::MutexLock lock(&customers_->mu_);
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(customer_id));
  auto it = parties_.find(related_party_id);
  if (it == parties_.end() || it->second.customer_id != customer_id) {
    return ChildNotFound(customer_id, kRelatedParties, related_party_id, "RELATED_PARTY_NOT_FOUND");
  }
  RelatedParty deleted = std::move(it->second);
  parties_.erase(it);
  customers_->AppendAuditLocked(AuditOf(write, "related_party.delete", name, customer_id, {}));
  customers_->AppendEventLocked(
      customers_->events_->RelatedPartyChanged(deleted, /*removed=*/true, write), write);
  return deleted;
}

absl::StatusOr<std::vector<RelatedParty>> InMemoryRelatedPartyRepository::EdgesTouching(
    const std::string& customer_id) {
  std::vector<RelatedParty> edges;
  {
    absl::ReaderMutexLock lock(&customers_->mu_);
    for (const auto& [id, party] : parties_) {
      if (party.customer_id == customer_id || party.related_customer_id == customer_id) {
        edges.push_back(party);
      }
    }
  }
  std::sort(edges.begin(), edges.end(),
            ByCreateTime<RelatedParty>{&RelatedParty::related_party_id});
  return edges;
}

absl::StatusOr<std::pair<std::string, std::string>> InMemoryRelatedPartyRepository::NameAndCode(
    const std::string& customer_id) {
  absl::ReaderMutexLock lock(&customers_->mu_);
  const Customer* customer = customers_->FindLocked(customer_id);
  if (customer == nullptr) {
    return CustomerNotFound(customer_id);
  }
  return std::make_pair(customer->legal_name, customer->unified_social_credit_code);
}

// === InMemoryProjectRepository ===================================================================

namespace {
constexpr char kProjects[] = "projects";
}  // namespace

InMemoryProjectRepository::InMemoryProjectRepository(InMemoryCustomerRepository* customers)
    : customers_(customers) {}

absl::StatusOr<Project*> InMemoryProjectRepository::FindLocked(const std::string& customer_id,
                                                               const std::string& project_id) {
  auto it = projects_.find(project_id);
  if (it == projects_.end() || it->second.customer_id != customer_id) {
    return ChildNotFound(customer_id, kProjects, project_id, "PROJECT_NOT_FOUND");
  }
  return &it->second;
}

absl::StatusOr<Project> InMemoryProjectRepository::Create(const Project& project,
                                                          const IdempotencyKey& key,
                                                          const WriteContext& write) {
  Project stored = project;
  if (stored.project_id.empty()) {
    stored.project_id = NewUuidV7(write.now);
  }
  stored.create_time = Micros(write.now);
  stored.update_time = stored.create_time;
  stored.revision = 1;
  const std::string name = ChildResourceName(stored.customer_id, kProjects, stored.project_id);
  const std::string scope = absl::StrCat("projects.create:", stored.customer_id);

  absl::MutexLock lock(&customers_->mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier, customers_->requests_.Find(scope, key));
  if (earlier.has_value()) {
    ASSIGN_OR_RETURN(Project * created, FindLocked(stored.customer_id, LastNameSegment(*earlier)));
    return *created;
  }
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(stored.customer_id));
  if (projects_.count(stored.project_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
  }
  projects_[stored.project_id] = stored;
  customers_->requests_.Claim(scope, key, name);
  customers_->AppendAuditLocked(AuditOf(write, "project.create", name, stored.customer_id, {}));
  return stored;
}

absl::StatusOr<Project> InMemoryProjectRepository::Get(const std::string& customer_id,
                                                       const std::string& project_id) {
  absl::MutexLock lock(&customers_->mu_);
  ASSIGN_OR_RETURN(Project * project, FindLocked(customer_id, project_id));
  return *project;
}

absl::StatusOr<Page<Project>> InMemoryProjectRepository::List(const std::string& customer_id,
                                                              const PageQuery& page) {
  std::vector<Project> rows;
  {
    absl::ReaderMutexLock lock(&customers_->mu_);
    for (const auto& [id, project] : projects_) {
      if (project.customer_id == customer_id) {
        rows.push_back(project);
      }
    }
  }
  return CreateTimePage(std::move(rows), &Project::project_id, page);
}

absl::StatusOr<Project> InMemoryProjectRepository::Update(const std::string& customer_id,
                                                          const std::string& project_id,
                                                          std::optional<int64_t> expected_revision,
                                                          const Mutation& mutate,
                                                          const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kProjects, project_id);
  absl::MutexLock lock(&customers_->mu_);
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(customer_id));
  ASSIGN_OR_RETURN(Project * current, FindLocked(customer_id, project_id));
  RETURN_IF_ERROR(CheckRevision(name, expected_revision, current->revision));
  Project next = *current;
  ASSIGN_OR_RETURN(std::vector<std::string> changed, mutate(next));
  next.project_id = current->project_id;
  next.customer_id = current->customer_id;
  next.create_time = current->create_time;
  next.update_time = Micros(write.now);
  next.revision = current->revision + 1;
  *current = next;
  customers_->AppendAuditLocked(
      AuditOf(write, "project.update", name, customer_id, std::move(changed)));
  return next;
}

// === InMemoryStatementRepository =================================================================

namespace {
constexpr char kStatements[] = "financialStatements";
}  // namespace

InMemoryStatementRepository::InMemoryStatementRepository(InMemoryCustomerRepository* customers)
    : customers_(customers) {}

absl::StatusOr<FinancialStatement> InMemoryStatementRepository::Submit(
    const FinancialStatement& statement, const IdempotencyKey& key, const WriteContext& write) {
  RETURN_IF_ERROR(CheckStorable(statement));
  FinancialStatement stored = statement;
  if (stored.statement_id.empty()) {
    stored.statement_id = NewUuidV7(write.now);
  }
  stored.create_time = Micros(write.now);
  const std::string name = ChildResourceName(stored.customer_id, kStatements, stored.statement_id);
  const std::string scope = absl::StrCat("financial_statements.submit:", stored.customer_id);

  absl::MutexLock lock(&customers_->mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier, customers_->requests_.Find(scope, key));
  if (earlier.has_value()) {
    auto it = statements_.find(LastNameSegment(*earlier));
    if (it == statements_.end() || it->second.customer_id != stored.customer_id) {
      return ChildNotFound(stored.customer_id, kStatements, LastNameSegment(*earlier),
                           "STATEMENT_NOT_FOUND");
    }
    return it->second;
  }
  RETURN_IF_ERROR(customers_->CheckWritableParentLocked(stored.customer_id));
  for (const auto& [id, other] : statements_) {
    if (SamePeriod(other, stored)) {
      return WithReason(absl::AlreadyExistsError(absl::StrCat(
                            "customer ", stored.customer_id, " already has an ",
                            stored.audited ? "audited " : "unaudited ",
                            stored.period_type == PeriodType::kQuarterly ? "quarterly" : "annual",
                            " statement for fiscal year ", stored.fiscal_year,
                            stored.period_type == PeriodType::kQuarterly
                                ? absl::StrCat(" quarter ", stored.fiscal_quarter)
                                : std::string())),
                        "STATEMENT_ALREADY_EXISTS");
    }
  }
  if (statements_.count(stored.statement_id) > 0) {
    return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
  }
  statements_[stored.statement_id] = stored;
  customers_->requests_.Claim(scope, key, name);
  customers_->AppendAuditLocked(
      AuditOf(write, "financial_statement.submit", name, stored.customer_id, {}));
  customers_->AppendEventLocked(customers_->events_->FinancialStatementSubmitted(stored, write),
                                write);
  return stored;
}

absl::StatusOr<FinancialStatement> InMemoryStatementRepository::Get(
    const std::string& customer_id, const std::string& statement_id) {
  absl::ReaderMutexLock lock(&customers_->mu_);
  auto it = statements_.find(statement_id);
  if (it == statements_.end() || it->second.customer_id != customer_id) {
    return ChildNotFound(customer_id, kStatements, statement_id, "STATEMENT_NOT_FOUND");
  }
  return it->second;
}

absl::StatusOr<Page<FinancialStatement>> InMemoryStatementRepository::List(
    const std::string& customer_id, PeriodType period_type, const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  std::optional<FinancialStatement> after;
  if (!page.after_key.empty()) {
    after.emplace();
    ASSIGN_OR_RETURN(after->period_end_date, ParseDateKey(page.after_key[0]));
    after->statement_id = page.after_key[1];
  }
  std::vector<FinancialStatement> rows;
  {
    absl::ReaderMutexLock lock(&customers_->mu_);
    for (const auto& [id, statement] : statements_) {
      if (statement.customer_id == customer_id &&
          (period_type == PeriodType::kUnspecified || statement.period_type == period_type)) {
        rows.push_back(statement);
      }
    }
  }
  return CutPage(std::move(rows), NewestPeriodFirst, after, PageLimit(page),
                 [](const FinancialStatement& s) {
                   return std::vector<std::string>{
                       DateKey(s.period_end_date.value_or(absl::CivilDay())), s.statement_id};
                 });
}

}  // namespace ccrm::customer
