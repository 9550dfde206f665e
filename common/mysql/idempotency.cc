#include "common/mysql/idempotency.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::mysql {

absl::StatusOr<std::optional<std::string>> ClaimRequestId(Session& session,
                                                          const std::string& scope,
                                                          const IdempotencyKey& key,
                                                          const std::string& resource_name,
                                                          absl::Time now) {
  if (key.request_id.empty()) {
    return std::nullopt;
  }
  try {
    sql::PreparedStatement& insert = session.Prepare(
        "INSERT INTO idempotency_keys (scope, request_id, fingerprint, resource_name, created_at) "
        "VALUES (?, ?, ?, ?, ?)");
    insert.setString(1, scope);
    insert.setString(2, key.request_id);
    insert.setString(3, key.fingerprint);
    insert.setString(4, resource_name);
    insert.setString(5, SqlTime(now));
    insert.executeUpdate();
    return std::nullopt;
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kErrDuplicateKey) {
      throw;
    }
    // InnoDB rolled back only the failed INSERT; the transaction goes on.
  }
  ASSIGN_OR_RETURN(std::optional<std::string> earlier, LookupRequestId(session, scope, key));
  if (!earlier.has_value()) {
    // The row that collided is gone (expired between the two statements): let the caller retry.
    return WithReason(absl::AbortedError(absl::StrCat("request id ", key.request_id,
                                                      " changed hands; retry the request")),
                      "REQUEST_ID_CONFLICT");
  }
  return earlier;
}

absl::StatusOr<std::optional<std::string>> LookupRequestId(Session& session,
                                                           const std::string& scope,
                                                           const IdempotencyKey& key) {
  if (key.request_id.empty()) {
    return std::nullopt;
  }
  sql::PreparedStatement& select = session.Prepare(
      "SELECT fingerprint, resource_name FROM idempotency_keys WHERE scope = ? AND request_id = ?");
  select.setString(1, scope);
  select.setString(2, key.request_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::nullopt;
  }
  if (rs->getString("fingerprint") != key.fingerprint) {
    return RequestIdReused();
  }
  return std::optional<std::string>(rs->getString("resource_name"));
}

}  // namespace ccrm::mysql
