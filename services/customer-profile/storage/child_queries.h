// What the repositories of a customer's sub-resources (contacts, projects, related parties,
// financial statements) do alike: stamp a new row, create it at most once per request id, select
// one row by (customer, id), list a customer's rows oldest first by (create_time, id), and lock
// and revise a revisioned row while keeping the fields the storage owns.
//
// Example:
//   constexpr ChildTable kContacts{.table = "contacts",
//                                  .id_column = "contact_id",
//                                  .columns = "contact_id, customer_id, role, ...",
//                                  .collection = "contacts",
//                                  .not_found_reason = "CONTACT_NOT_FOUND",
//                                  .create_scope = "contacts.create"};
//   auto read_contact = [&](sql::ResultSet& rs) { return ReadContact(rs, codec_); };
//   ASSIGN_OR_RETURN(Contact current,
//                    LockChildAtRevision<Contact>(s, kContacts, customer_id, contact_id,
//                                                 expected_revision, read_contact));
//   return ListChildren(*pool_, kContacts, &Contact::contact_id, customer_id, page, read_contact);
#pragma once

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/mysql/connection_pool.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/query_params.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/repositories.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "services/customer-profile/storage/keyset_page.h"
#include "services/customer-profile/storage/row_values.h"

namespace ccrm::customer {

// One kind of row kept under a customer: its table, and how API names and errors call it.
struct ChildTable {
  const char* table;             // "contacts"
  const char* id_column;         // "contact_id"
  const char* columns;           // what the row reader reads, in row order, ", " between names
  const char* collection;        // in resource names: "customers/{id}/contacts/{contact_id}"
  const char* not_found_reason;  // "CONTACT_NOT_FOUND"
  const char* create_scope;      // idempotency scope of creates, before ":<customer_id>"
};

enum class RowLock { kNone, kForUpdate };

// "INSERT INTO <table> (<columns>) VALUES (?, ...)", one mark per column.
std::string InsertChildSql(const ChildTable& table);

// "UPDATE <table> SET <c> = ?, ... WHERE <id_column> = ?" for every column but the id and
// customer_id, in column order; binds those, then the child id.
std::string UpdateChildSql(const ChildTable& table);

// The result set of child `id` of customer `customer_id` (all of table.columns), on its row, in
// the session's open transaction. NOT_FOUND (reason table.not_found_reason) when there is no
// such row. Throws sql::SQLException.
absl::StatusOr<std::unique_ptr<sql::ResultSet>> SelectChildRow(mysql::Session& session,
                                                               const ChildTable& table,
                                                               const std::string& customer_id,
                                                               const std::string& id, RowLock lock);

// The SELECT of one page of a customer's rows in (create_time, id) order, LIMIT limit + 1, with
// its parameters added to `params`. INVALID_ARGUMENT ("page_token") for a key of another list.
absl::StatusOr<std::string> ChildPageSql(const ChildTable& table, const std::string& customer_id,
                                         const PageQuery& page, int limit,
                                         mysql::QueryParams& params);

// Deletes the row with id `id` in the session's open transaction. Throws sql::SQLException.
void DeleteChildRow(mysql::Session& session, const ChildTable& table, const std::string& id);

// `draft` as a new row: a UUIDv7 at `now` in the id field `id` when it is empty, create_time
// `now` to the microsecond.
template <typename T>
T NewChild(const T& draft, std::string T::*id, absl::Time now) {
  T row = draft;
  if ((row.*id).empty()) {
    row.*id = NewUuidV7(now);
  }
  row.create_time = TruncateToMicros(now);
  return row;
}

template <typename T>
struct Revision {
  T row;
  std::vector<std::string> changed_fields;
};

// `current` changed by `mutate` (which returns the changed field paths), with the id field `id`,
// customer_id and create_time put back, update_time `now` to the microsecond and the next
// revision. What `mutate` returns when it fails.
template <typename T, typename Mutation>
absl::StatusOr<Revision<T>> ReviseChild(const T& current, std::string T::*id,
                                        const Mutation& mutate, absl::Time now) {
  Revision<T> next{current, {}};
  ASSIGN_OR_RETURN(next.changed_fields, mutate(next.row));
  next.row.*id = current.*id;
  next.row.customer_id = current.customer_id;
  next.row.create_time = current.create_time;
  next.row.update_time = TruncateToMicros(now);
  next.row.revision = current.revision + 1;
  return next;
}

// SelectChildRow read by read_row (returning T or absl::StatusOr<T>); its errors, or what
// read_row returns. Throws sql::SQLException.
template <typename T, typename ReadRow>
absl::StatusOr<T> SelectChild(mysql::Session& session, const ChildTable& table,
                              const std::string& customer_id, const std::string& id, RowLock lock,
                              const ReadRow& read_row) {
  ASSIGN_OR_RETURN(std::unique_ptr<sql::ResultSet> rs,
                   SelectChildRow(session, table, customer_id, id, lock));
  return read_row(*rs);
}

// Share-locks the parent customer (NOT_FOUND CUSTOMER_NOT_FOUND, FAILED_PRECONDITION
// CUSTOMER_ARCHIVED: an archived customer's sub-resources are read-only), then SelectChild
// locked FOR UPDATE, then CheckRevision against `expected_revision` (ABORTED, ETAG_MISMATCH,
// when it is set and differs). Throws sql::SQLException.
template <typename T, typename ReadRow>
absl::StatusOr<T> LockChildAtRevision(mysql::Session& session, const ChildTable& table,
                                      const std::string& customer_id, const std::string& id,
                                      std::optional<int64_t> expected_revision,
                                      const ReadRow& read_row) {
  RETURN_IF_ERROR(LockParentCustomer(session, customer_id));
  ASSIGN_OR_RETURN(T current,
                   SelectChild<T>(session, table, customer_id, id, RowLock::kForUpdate, read_row));
  RETURN_IF_ERROR(CheckRevision(ChildResourceName(customer_id, table.collection, id),
                                expected_revision, current.revision));
  return current;
}

// SelectChild as a read of its own (RunReadOnly); database errors as RunReadOnly maps them.
template <typename T, typename ReadRow>
absl::StatusOr<T> GetChild(mysql::ConnectionPool& pool, const ChildTable& table,
                           const std::string& customer_id, const std::string& id,
                           const ReadRow& read_row) {
  return mysql::RunReadOnly<T>(
      pool, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<T> {
        return SelectChild<T>(s, table, customer_id, id, RowLock::kNone, read_row);
      });
}

// One page of the customer's rows, oldest first, keyed by (create_time, the id field `id`);
// empty for an unknown customer. INVALID_ARGUMENT ("page_token") for a key of another list;
// what read_row returns; database errors as RunInTransaction maps them.
template <typename T, typename ReadRow>
absl::StatusOr<Page<T>> ListChildren(mysql::ConnectionPool& pool, const ChildTable& table,
                                     std::string T::*id, const std::string& customer_id,
                                     const PageQuery& page, const ReadRow& read_row) {
  const int limit = PageLimit(page);
  mysql::QueryParams params;
  ASSIGN_OR_RETURN(std::string sql, ChildPageSql(table, customer_id, page, limit, params));
  ASSIGN_OR_RETURN(std::vector<T> rows, mysql::ReadAllRows<T>(pool, sql, params, read_row));
  return FinishPage(std::move(rows), limit, [id](const T& row) {
    return std::vector<std::string>{mysql::SqlTime(row.create_time), row.*id};
  });
}

// Creates child `id` of customer `customer_id` in one transaction, at most once per request id:
// claims key.request_id (ClaimRequestId, scope "<create_scope>:<customer_id>") and, when an
// earlier request with that id created a child, returns that child as read_row reads it;
// otherwise returns what insert(session) returns (it locks the parent and writes). Errors as
// ClaimRequestId, SelectChild and `insert` return them; database errors as RunInTransaction
// maps them.
template <typename T, typename ReadRow, typename Insert>
absl::StatusOr<T> CreateChildOnce(mysql::ConnectionPool& pool, const ChildTable& table,
                                  const std::string& customer_id, const std::string& id,
                                  const IdempotencyKey& key, absl::Time now,
                                  const ReadRow& read_row, const Insert& insert) {
  const std::string name = ChildResourceName(customer_id, table.collection, id);
  const std::string scope = std::string(table.create_scope) + ":" + customer_id;
  return mysql::RunInTransaction<T>(
      pool, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<T> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mysql::ClaimRequestId(s, scope, key, name, now));
        if (earlier.has_value()) {
          return SelectChild<T>(s, table, customer_id, LastNameSegment(*earlier), RowLock::kNone,
                                read_row);
        }
        return insert(s);
      });
}

}  // namespace ccrm::customer
