#include "common/mysql/sql_error.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::mysql {

bool IsConnectionLost(int e) {
  return e == kErrCantConnectLocal || e == kErrCantConnect || e == kErrServerGone ||
         e == kErrLostConnection || e == kErrServerLost;
}

bool IsRetryableTransactionError(int e) {
  return e == kErrDeadlock || e == kErrLockWaitTimeout || IsConnectionLost(e);
}

absl::Status SqlErrorToStatus(const sql::SQLException& e) {
  const int code = e.getErrorCode();
  std::string message =
      absl::StrCat("database error ", code, " (", e.getSQLState(), "): ", e.what());
  switch (code) {
    case kErrDuplicateKey:
      return WithReason(absl::AlreadyExistsError(message), "DATABASE_DUPLICATE_KEY");
    case kErrDeadlock:
    case kErrLockWaitTimeout:
      return WithReason(absl::AbortedError(message), "DATABASE_CONFLICT");
    case kErrAccessDeniedDb:
    case kErrAccessDenied:
    case kErrTableAccessDenied:
    case kErrColumnAccessDenied:
      return WithReason(absl::PermissionDeniedError(message), "DATABASE_ACCESS_DENIED");
    case kErrRowIsReferenced:
    case kErrNoReferencedRow:
      return WithReason(absl::FailedPreconditionError(message), "DATABASE_FOREIGN_KEY");
    case kErrStatementTimeout:
      return WithReason(absl::DeadlineExceededError(message), "DATABASE_TIMEOUT");
    case 1264:  // out of range value
    case 1406:  // data too long
    case 1366:  // incorrect value
    case 1267:  // illegal mix of collations: a non-ASCII value compared with an ASCII column
      // The caller's value: the server's text (which names the schema, table and column and
      // quotes the value) stays out of an answer the caller reads.
      return WithReason(
          absl::InvalidArgumentError(absl::StrCat(
              "database error ", code, ": a value of the request is not valid for the database")),
          "DATABASE_VALUE_REJECTED");
    default:
      break;
  }
  if (IsConnectionLost(code)) {
    return WithReason(absl::UnavailableError(message), "DATABASE_UNAVAILABLE");
  }
  return WithReason(absl::InternalError(message), "DATABASE_ERROR");
}

}  // namespace ccrm::mysql
