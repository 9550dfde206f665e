#include "services/customer-profile/storage/mysql_customer_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/query_params.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "services/customer-profile/storage/keyset_page.h"
#include "services/customer-profile/storage/row_values.h"
#include "services/customer-profile/storage/write_trail.h"

namespace ccrm::customer {
namespace {

constexpr char kCreateScope[] = "customers.create";
constexpr char kUsccKey[] = "uk_customers_uscc";

// Times the database will hand back, so the returned value equals a later read.
void TruncateTimes(Customer& c) {
  c.create_time = TruncateToMicros(c.create_time);
  c.update_time = TruncateToMicros(c.update_time);
  if (c.archive_time.has_value()) {
    c.archive_time = TruncateToMicros(*c.archive_time);
  }
  if (c.classification_override.has_value()) {
    c.classification_override->override_time =
        TruncateToMicros(c.classification_override->override_time);
  }
}

absl::Status UsccTaken(const std::string& uscc) {
  return WithReason(absl::AlreadyExistsError(absl::StrCat(
                        "a customer with unified social credit code ", uscc, " already exists")),
                    "CUSTOMER_ALREADY_EXISTS");
}

bool IsUsccConflict(const sql::SQLException& e) {
  return e.getErrorCode() == mysql::kErrDuplicateKey && absl::StrContains(e.what(), kUsccKey);
}

// Runs `write` (customer's row bound into an INSERT or UPDATE of customers). ALREADY_EXISTS
// (CUSTOMER_ALREADY_EXISTS) when another customer has its unified social credit code. Throws
// sql::SQLException on other errors.
absl::Status WriteCustomerRow(sql::PreparedStatement& write, const Customer& customer) {
  try {
    write.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (IsUsccConflict(e)) {
      return UsccTaken(customer.unified_social_credit_code);
    }
    throw;
  }
  return absl::OkStatus();
}

// The customer `sql` (binding the id as its only parameter) selects; NOT_FOUND when no row.
absl::StatusOr<Customer> SelectOneCustomer(mysql::Session& session, const std::string& sql,
                                           const std::string& customer_id,
                                           const PersonalDataCodec& codec, PersonalDataView view) {
  sql::PreparedStatement& select = session.Prepare(sql);
  select.setString(1, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return CustomerNotFound(customer_id);
  }
  return ReadCustomerRow(*rs, codec, view);
}

const std::string& SelectByIdSql() {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", CustomerColumns(), " FROM customers WHERE customer_id = ?"));
  return *sql;
}

const std::string& SelectForUpdateSql() {
  static const auto* sql = new std::string(absl::StrCat(
      "SELECT ", CustomerColumns(), " FROM customers WHERE customer_id = ? FOR UPDATE"));
  return *sql;
}

const char* OrderColumn(CustomerOrder order) {
  switch (order) {
    case CustomerOrder::kLegalName:
      return "legal_name";
    case CustomerOrder::kUpdateTime:
      return "update_time";
    case CustomerOrder::kCreateTime:
      break;
  }
  return "create_time";
}

std::vector<std::string> CustomerKey(CustomerOrder order, const Customer& c) {
  switch (order) {
    case CustomerOrder::kLegalName:
      return {c.legal_name, c.customer_id};
    case CustomerOrder::kUpdateTime:
      return {mysql::SqlTime(c.update_time), c.customer_id};
    case CustomerOrder::kCreateTime:
      break;
  }
  return {mysql::SqlTime(c.create_time), c.customer_id};
}

}  // namespace

MySqlCustomerRepository::MySqlCustomerRepository(mysql::ConnectionPool* pool,
                                                 const FieldCipher* cipher,
                                                 const EventEncoder* events)
    : pool_(pool), codec_(cipher), events_(events) {}

absl::StatusOr<Customer> MySqlCustomerRepository::Create(const Customer& customer,
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
  // Encrypt before the transaction starts: no locks are held while OpenSSL works.
  ASSIGN_OR_RETURN(SealedCustomerIdentifiers sealed, SealCustomerIdentifiers(stored, codec_));
  const std::string name = CustomerResourceName(stored.customer_id);

  return mysql::RunInTransaction<Customer>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Customer> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mysql::ClaimRequestId(s, kCreateScope, key, name, write.now));
        if (earlier.has_value()) {
          return SelectOneCustomer(s, SelectByIdSql(), LastNameSegment(*earlier), codec_,
                                   PersonalDataView::kUnmasked);
        }
        // No history row: customer_history keeps only revisions an update has replaced.
        sql::PreparedStatement& insert = s.Prepare(CustomerInsertSql("customers"));
        BindCustomerRow(insert, stored, sealed);
        RETURN_IF_ERROR(WriteCustomerRow(insert, stored));
        InsertAuditRecord(s, AuditOf(write, "customer.create", name, stored.customer_id, {}));
        events::AppendEvent(s, events_->CustomerCreated(stored, write), write);
        return stored;
      });
}

absl::StatusOr<Customer> MySqlCustomerRepository::Get(const std::string& customer_id,
                                                      PersonalDataView view) {
  return mysql::RunReadOnly<Customer>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Customer> {
        return SelectOneCustomer(s, SelectByIdSql(), customer_id, codec_, view);
      });
}

absl::StatusOr<Customer> MySqlCustomerRepository::GetAsOf(const std::string& customer_id,
                                                          absl::Time as_of, PersonalDataView view) {
  // The current row is the newest revision; customer_history holds the ones it replaced.
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", CustomerColumns(),
                   " FROM customers WHERE customer_id = ? AND update_time <= ?"
                   " UNION ALL SELECT ",
                   CustomerColumns(),
                   " FROM customer_history WHERE customer_id = ? AND update_time <= ?"
                   " ORDER BY revision DESC LIMIT 1"));
  return mysql::RunReadOnly<Customer>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Customer> {
        sql::PreparedStatement& select = s.Prepare(*sql);
        const std::string at = mysql::SqlTime(as_of);
        select.setString(1, customer_id);
        select.setString(2, at);
        select.setString(3, customer_id);
        select.setString(4, at);
        std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
        if (!rs->next()) {
          return WithReason(
              absl::NotFoundError(absl::StrCat("customer ", customer_id, " did not exist at ",
                                               absl::FormatTime(as_of))),
              "CUSTOMER_NOT_FOUND");
        }
        return ReadCustomerRow(*rs, codec_, view);
      });
}

absl::StatusOr<Page<Customer>> MySqlCustomerRepository::List(const CustomerQuery& query,
                                                             PersonalDataView view) {
  RETURN_IF_ERROR(CheckAfterKey(query.page, 2));
  const int limit = PageLimit(query.page);
  const std::string order_column = OrderColumn(query.order);
  std::string sql = absl::StrCat("SELECT ", CustomerColumns(), " FROM customers WHERE 1 = 1");
  mysql::QueryParams params;
  if (!query.include_archived) {
    sql += " AND archived = 0";
  }
  if (query.segment != Segment::kUnspecified) {
    sql += " AND segment = ?";
    params.AddInt(static_cast<int>(query.segment));
  }
  if (query.tier != Tier::kUnspecified) {
    sql += " AND tier = ?";
    params.AddInt(static_cast<int>(query.tier));
  }
  if (!query.industry_code_prefix.empty()) {
    sql += " AND industry_code LIKE ? ESCAPE '!'";
    params.AddString(LikePrefixPattern(query.industry_code_prefix));
  }
  if (query.lifecycle_stage != LifecycleStage::kUnspecified) {
    sql += " AND lifecycle_stage = ?";
    params.AddInt(static_cast<int>(query.lifecycle_stage));
  }
  if (!query.relationship_manager_id.empty()) {
    sql += " AND relationship_manager_id = ?";
    params.AddString(query.relationship_manager_id);
  }
  if (!query.name_prefix.empty()) {
    sql += " AND legal_name LIKE ? ESCAPE '!'";
    params.AddString(LikePrefixPattern(query.name_prefix));
  }
  if (!query.legal_representative_id_number.empty()) {
    sql += " AND legal_representative_id_number_bidx = ?";
    params.AddString(codec_.BlindIndex(PersonalField::kCustomerLegalRepresentativeIdNumber,
                                       query.legal_representative_id_number));
  }
  if (!query.page.after_key.empty()) {
    std::string sort_value = query.page.after_key[0];
    if (query.order != CustomerOrder::kLegalName) {
      ASSIGN_OR_RETURN(absl::Time t, ParseTimeKey(sort_value));
      sort_value = mysql::SqlTime(t);
    }
    sql += KeysetCondition(order_column, "customer_id", query.descending);
    params.AddString(sort_value);
    params.AddString(sort_value);
    params.AddString(query.page.after_key[1]);
  }
  const char* direction = query.descending ? " DESC" : " ASC";
  absl::StrAppend(&sql, " ORDER BY ", order_column, direction, ", customer_id", direction,
                  " LIMIT ?");
  params.AddInt(limit + 1);

  ASSIGN_OR_RETURN(
      std::vector<Customer> rows,
      mysql::ReadAllRows<Customer>(*pool_, sql, params, [this, view](sql::ResultSet& rs) {
        return ReadCustomerRow(rs, codec_, view);
      }));
  const CustomerOrder order = query.order;
  return FinishPage(std::move(rows), limit,
                    [order](const Customer& c) { return CustomerKey(order, c); });
}

absl::StatusOr<Customer> MySqlCustomerRepository::Update(const std::string& customer_id,
                                                         std::optional<int64_t> expected_revision,
                                                         const Mutation& mutate,
                                                         const WriteContext& write) {
  const std::string name = CustomerResourceName(customer_id);
  return mysql::RunInTransaction<Customer>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Customer> {
        ASSIGN_OR_RETURN(Customer current, SelectOneCustomer(s, SelectForUpdateSql(), customer_id,
                                                             codec_, PersonalDataView::kUnmasked));
        RETURN_IF_ERROR(CheckRevision(name, expected_revision, current.revision));
        Customer next = current;
        ASSIGN_OR_RETURN(CustomerChange change, mutate(next));
        next.customer_id = current.customer_id;
        next.create_time = current.create_time;
        next.revision = current.revision + 1;
        next.update_time = write.now;
        TruncateTimes(next);
        ASSIGN_OR_RETURN(SealedCustomerIdentifiers sealed, SealCustomerIdentifiers(next, codec_));
        // Keep the revision being replaced (the row is locked, so it is `current`).
        sql::PreparedStatement& history = s.Prepare(CustomerHistorySql());
        history.setString(1, customer_id);
        history.executeUpdate();
        sql::PreparedStatement& update = s.Prepare(CustomerUpdateSql());
        BindCustomerRow(update, next, sealed);
        update.setString(CustomerColumnCount() + 1, customer_id);
        RETURN_IF_ERROR(WriteCustomerRow(update, next));
        InsertAuditRecord(
            s, AuditOf(write, change.audit_action, name, customer_id, change.changed_fields));
        events::AppendEvent(s, events_->CustomerUpdated(next, change.changed_fields, write), write);
        return next;
      });
}

absl::Status MySqlCustomerRepository::RecordAudit(const AuditRecord& record) {
  return mysql::RunInTransaction(*pool_, mysql::TxOptions{},
                                 [&](mysql::Session& s) -> absl::Status {
                                   InsertAuditRecord(s, record);
                                   return absl::OkStatus();
                                 });
}

absl::StatusOr<Page<AuditRecord>> MySqlCustomerRepository::ListAudit(const AuditQuery& query) {
  RETURN_IF_ERROR(CheckAfterKey(query.page, 1));
  const int limit = PageLimit(query.page);
  std::string sql = absl::StrCat("SELECT ", kAuditColumns, " FROM audit_records WHERE 1 = 1");
  mysql::QueryParams params;
  if (!query.customer_id.empty()) {
    sql += " AND customer_id = ?";
    params.AddString(query.customer_id);
  }
  if (!query.actor.empty()) {
    sql += " AND actor = ?";
    params.AddString(query.actor);
  }
  if (!query.action.empty()) {
    sql += " AND action = ?";
    params.AddString(query.action);
  }
  if (query.start_time.has_value()) {
    sql += " AND record_time >= ?";
    params.AddString(mysql::SqlTime(*query.start_time));
  }
  if (query.end_time.has_value()) {
    sql += " AND record_time < ?";
    params.AddString(mysql::SqlTime(*query.end_time));
  }
  if (!query.page.after_key.empty()) {
    int64_t after = 0;
    if (!absl::SimpleAtoi(query.page.after_key[0], &after)) {
      return InvalidField("page_token", "the page token is malformed");
    }
    sql += " AND audit_id < ?";
    params.AddInt(after);
  }
  sql += " ORDER BY audit_id DESC LIMIT ?";
  params.AddInt(limit + 1);

  ASSIGN_OR_RETURN(std::vector<AuditRecord> rows,
                   mysql::ReadAllRows<AuditRecord>(*pool_, sql, params, ReadAuditRecord));
  return FinishPage(std::move(rows), limit, [](const AuditRecord& r) {
    return std::vector<std::string>{absl::StrCat(r.audit_id)};
  });
}

}  // namespace ccrm::customer
