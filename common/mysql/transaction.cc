#include "common/mysql/transaction.h"

#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/mysql/sql_error.h"
#include "common/status/errors.h"

namespace ccrm::mysql {
namespace {

enum class Phase { kBody, kCommit };

}  // namespace

Transaction::Transaction(Session& session) : session_(session) {
  session_.TakeAfterCommit();  // nothing left over from an earlier transaction
  session_.Execute("START TRANSACTION");
}

Transaction::~Transaction() {
  if (!committed_) {
    session_.TakeAfterCommit();  // rolled back: what was to follow the commit never happens
    if (!session_.broken()) {
      session_.RollbackQuietly();
    }
  }
}

void Transaction::Commit() {
  session_.Commit();
  committed_ = true;
  for (const std::function<void()>& action : session_.TakeAfterCommit()) {
    action();
  }
}

namespace {

// The retry loop shared by writes (in a transaction) and reads (autocommit, one statement each).
absl::Status RunWithRetries(ConnectionPool& pool, const TxOptions& options, bool transaction,
                            const std::function<absl::Status(Session&)>& body) {
  absl::Status last = absl::UnknownError("no attempt made");
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    if (attempt > 1) {
      // Short, growing pause so competing transactions interleave differently.
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt * attempt));
    }
    // No attempt starts after the deadline, the first one included: its caller has given up.
    if (absl::Now() >= options.deadline) {
      return attempt == 1
                 ? absl::DeadlineExceededError("deadline passed before the transaction started")
                 : absl::DeadlineExceededError(absl::StrCat("deadline passed after ", attempt - 1,
                                                            " attempts: ", last.message()));
    }
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire(options.deadline);
    if (!lease.ok()) {
      return lease.status();
    }
    Session& session = **lease;
    Phase phase = Phase::kBody;
    try {
      // Rolls back on every way out of this block but a successful Commit().
      std::optional<Transaction> tx;
      if (transaction) {
        tx.emplace(session);
      }
      absl::Status status = body(session);
      if (!status.ok()) {
        return status;
      }
      if (tx.has_value()) {
        phase = Phase::kCommit;
        tx->Commit();
      }
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      const int code = e.getErrorCode();
      if (IsConnectionLost(code)) {
        session.MarkBroken();
        if (phase == Phase::kCommit) {
          return WithReason(
              absl::UnavailableError(absl::StrCat(
                  "connection lost during COMMIT; the outcome is unknown: ", e.what())),
              "COMMIT_OUTCOME_UNKNOWN");
        }
      }
      last = SqlErrorToStatus(e);
      if (!IsRetryableTransactionError(code)) {
        return last;
      }
    } catch (const std::exception& e) {
      // Not a database error (e.g. a bad conversion): the session state is unknown, drop it.
      session.MarkBroken();
      return absl::InternalError(absl::StrCat("transaction body failed: ", e.what()));
    }
  }
  return last;
}

}  // namespace

absl::Status RunInTransaction(ConnectionPool& pool, const TxOptions& options,
                              const std::function<absl::Status(Session&)>& body) {
  return RunWithRetries(pool, options, /*transaction=*/true, body);
}

absl::Status RunReadOnly(ConnectionPool& pool, const TxOptions& options,
                         const std::function<absl::Status(Session&)>& body) {
  return RunWithRetries(pool, options, /*transaction=*/false, body);
}

}  // namespace ccrm::mysql
