// What MySQL repositories share beyond sessions and transactions: the keyset condition of a
// page (a page fetches one row more than its size to know whether another follows), optional
// instants as parameters, duplicate-key detection by key name, and re-running a transaction that
// lost a race on a unique key (two creates numbering the same version, two assignments of one
// customer).
//
// Example:
//   sql += KeysetCondition("create_time", "rating_id", /*descending=*/true);
//   return RunRetryingKeyCollisions<Rating>(pool, [&](Session& s) -> absl::StatusOr<Rating> {
//     try { insert.executeUpdate(); } catch (const sql::SQLException& e) {
//       if (IsDuplicateKeyOn(e, "uk_ratings_approved")) return KeyCollision("approved twice");
//       throw;
//     }
//   });
#pragma once

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mysql/connection_pool.h"
#include "common/mysql/transaction.h"

namespace ccrm::mysql {

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
absl::StatusOr<T> RunRetryingKeyCollisions(ConnectionPool& pool,
                                           const std::function<absl::StatusOr<T>(Session&)>& body) {
  constexpr int kAttempts = 5;
  absl::StatusOr<T> result = absl::UnknownError("transaction did not run");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    result = RunInTransaction<T>(pool, TxOptions{}, body);
    if (result.ok() || !IsKeyCollision(result.status())) {
      break;
    }
  }
  return result;
}

}  // namespace ccrm::mysql
