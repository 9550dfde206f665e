// Runs a unit of work in one MySQL transaction, retrying the WHOLE unit when that is safe:
// deadlock, lock-wait timeout, or a connection lost before COMMIT was sent. A connection lost
// during COMMIT is not retried (the commit may have landed): UNAVAILABLE with reason
// COMMIT_OUTCOME_UNKNOWN; callers make writes idempotent (request_id) so a client retry is safe.
// The body may run more than once: it must not keep side effects outside the database.
//
// Example:
//   RETURN_IF_ERROR(RunInTransaction(pool, TxOptions{.deadline = call.deadline},
//       [&](Session& s) -> absl::Status {
//         sql::PreparedStatement& insert = s.Prepare("INSERT INTO t (id) VALUES (?)");
//         insert.setString(1, id);
//         insert.executeUpdate();
//         return absl::OkStatus();
//       }));
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mysql/connection_pool.h"

namespace ccrm::mysql {

// An open transaction on a session (RAII): START TRANSACTION when constructed, ROLLBACK when
// destroyed unless Commit() ran; Commit() then runs the session's AfterCommit actions.
// RunInTransaction uses one per attempt.
class Transaction final {
 public:
  // Throws sql::SQLException.
  explicit Transaction(Session& session);
  // Rolls back when not committed; never throws (a failed rollback marks the session broken).
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // Throws sql::SQLException.
  void Commit();

 private:
  Session& session_;
  bool committed_ = false;
};

struct TxOptions {
  // Attempts in all, the first included.
  int max_attempts = 3;
  // No new attempt starts after this; DEADLINE_EXCEEDED then.
  absl::Time deadline = absl::InfiniteFuture();
};

// START TRANSACTION, body, COMMIT. A non-OK status from the body rolls
// back and is returned unchanged. sql::SQLException thrown by the body is caught, rolled back and
// mapped with SqlErrorToStatus (after retries run out, when retryable).
absl::Status RunInTransaction(ConnectionPool& pool, const TxOptions& options,
                              const std::function<absl::Status(Session&)>& body);

// Runs reads without a transaction: sessions are in autocommit mode, so each statement is its
// own consistent snapshot and no BEGIN/COMMIT round trips are paid. For reads that need one
// snapshot across statements use RunInTransaction. Retried like RunInTransaction (a lost
// connection is always safe to retry for reads).
absl::Status RunReadOnly(ConnectionPool& pool, const TxOptions& options,
                         const std::function<absl::Status(Session&)>& body);

// The same for a body that produces a value.
template <typename T>
absl::StatusOr<T> RunInTransaction(ConnectionPool& pool, const TxOptions& options,
                                   const std::function<absl::StatusOr<T>(Session&)>& body) {
  absl::StatusOr<T> result = absl::UnknownError("transaction body did not run");
  absl::Status status = RunInTransaction(pool, options, [&](Session& s) -> absl::Status {
    result = body(s);
    return result.status();
  });
  if (!status.ok()) {
    return status;
  }
  return result;
}

template <typename T>
absl::StatusOr<T> RunReadOnly(ConnectionPool& pool, const TxOptions& options,
                              const std::function<absl::StatusOr<T>(Session&)>& body) {
  absl::StatusOr<T> result = absl::UnknownError("read body did not run");
  absl::Status status = RunReadOnly(pool, options, [&](Session& s) -> absl::Status {
    result = body(s);
    return result.status();
  });
  if (!status.ok()) {
    return status;
  }
  return result;
}

}  // namespace ccrm::mysql
