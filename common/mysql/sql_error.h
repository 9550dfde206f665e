// Maps Connector/C++ exceptions to absl::Status, and says which failures allow retrying a whole
// transaction. Exceptions stop in storage code: nothing above it sees sql::SQLException.
//
// Example:
//   try { stmt->executeUpdate(); } catch (const sql::SQLException& e) { return SqlErrorToStatus(e);
//   }
#pragma once

#include <cppconn/exception.h>

#include "absl/status/status.h"

namespace ccrm::mysql {

// MySQL/MariaDB error numbers this project acts on.
inline constexpr int kErrAccessDeniedDb = 1044;
inline constexpr int kErrAccessDenied = 1045;
inline constexpr int kErrDuplicateKey = 1062;
inline constexpr int kErrTableAccessDenied = 1142;
inline constexpr int kErrColumnAccessDenied = 1143;
inline constexpr int kErrLockWaitTimeout = 1205;
inline constexpr int kErrDeadlock = 1213;
inline constexpr int kErrRowIsReferenced = 1451;
inline constexpr int kErrNoReferencedRow = 1452;
inline constexpr int kErrStatementTimeout = 1969;
inline constexpr int kErrCantConnectLocal = 2002;
inline constexpr int kErrCantConnect = 2003;
inline constexpr int kErrServerGone = 2006;
inline constexpr int kErrLostConnection = 2013;
inline constexpr int kErrServerLost = 2055;

// ALREADY_EXISTS (duplicate key), ABORTED (deadlock, lock wait timeout), UNAVAILABLE (connection
// lost or refused), PERMISSION_DENIED (access denied), FAILED_PRECONDITION (foreign key),
// DEADLINE_EXCEEDED (statement timeout), INVALID_ARGUMENT (value out of range / too long),
// INTERNAL otherwise. The message carries the MySQL error number. The reason is
// "DATABASE_<CODE NAME>" where it matters to callers (e.g. "DATABASE_UNAVAILABLE").
absl::Status SqlErrorToStatus(const sql::SQLException& e);

// True when the error means the connection is unusable and must be discarded.
bool IsConnectionLost(int mysql_error);

// True when re-running the whole transaction from the start may succeed.
bool IsRetryableTransactionError(int mysql_error);

}  // namespace ccrm::mysql
