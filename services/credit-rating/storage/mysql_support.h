// What the credit-rating MySQL repositories share (besides repository_rules.h): query parameters
// bound in one go, keyset conditions (a page fetches one row more than its size to know whether
// another follows), outbox appends, and re-running a transaction that lost a race on a unique key
// (two creates numbering the same model version, two approvals for one customer).
//
// Example (CheckAfterKey, PageLimit and FinishPage are repository_rules.h's):
//   RETURN_IF_ERROR(CheckAfterKey(page, 2));
//   const int limit = PageLimit(page);
//   std::string sql = "SELECT ... FROM ratings WHERE customer_id = ?";
//   QueryParams params;
//   params.AddString(customer_id);
//   ... KeysetCondition("create_time", "rating_id", /*descending=*/true) ...
//   ASSIGN_OR_RETURN(std::vector<Rating> rows, ReadAllRows<Rating>(pool, sql, params, ReadRow));
//   return FinishPage(std::move(rows), limit, KeyOf);
#pragma once

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/mysql/connection_pool.h"
#include "common/mysql/query_params.h"
#include "common/mysql/transaction.h"

namespace ccrm::rating {

using ::ccrm::mysql::QueryParams;
using ::ccrm::mysql::ReadAllRows;

// " AND <sort> >= ? AND (<sort> > ? OR <id> > ?)" (with <=, <, < when descending): rows strictly
// after (sort value, id) in the list's order. Binds: the sort value twice, then the id.
std::string KeysetCondition(const std::string& sort_column, const std::string& id_column,
                            bool descending);

// Binds `t` as DATETIME(6) text, or NULL when unset.
void SetOptionalTime(sql::PreparedStatement& stmt, int index, const std::optional<absl::Time>& t);

// True when `e` is a duplicate-key error on the unique key named `key_name`.
bool IsDuplicateKeyOn(const sql::SQLException& e, const char* key_name);

// What a transaction body returns when it lost a race on a unique key, so that
// RunRetryingKeyCollisions runs it again: ABORTED (reason CONCURRENT_WRITE) saying `what`.
absl::Status KeyCollision(const std::string& what);
bool IsKeyCollision(const absl::Status& status);

// RunInTransaction<T>, run again (up to 5 times in all) while the body returns KeyCollision; then
// that ABORTED status (the caller may retry). Other results as RunInTransaction.
template <typename T>
absl::StatusOr<T> RunRetryingKeyCollisions(
    mysql::ConnectionPool& pool, const std::function<absl::StatusOr<T>(mysql::Session&)>& body) {
  constexpr int kAttempts = 5;
  absl::StatusOr<T> result = absl::UnknownError("transaction did not run");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    result = mysql::RunInTransaction<T>(pool, mysql::TxOptions{}, body);
    if (result.ok() || !IsKeyCollision(result.status())) {
      break;
    }
  }
  return result;
}

// Appends `event` to the outbox in the session's open transaction, filling an empty event_id (a
// UUIDv7 at write.now), request_id and occur_time from `write`. Call it last before COMMIT.
// Throws sql::SQLException.
void AppendEvent(mysql::Session& session, events::OutboxEvent event, const WriteContext& write);

}  // namespace ccrm::rating
