#include "common/mysql/repository_support.h"

#include <cppconn/datatype.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"

namespace ccrm::mysql {
namespace {

constexpr char kCollisionReason[] = "CONCURRENT_WRITE";

}  // namespace

std::string KeysetCondition(const std::string& sort_column, const std::string& id_column,
                            bool descending) {
  const char* inclusive = descending ? " <= ?" : " >= ?";
  const char* strict = descending ? " < ?" : " > ?";
  return absl::StrCat(" AND ", sort_column, inclusive, " AND (", sort_column, strict, " OR ",
                      id_column, strict, ")");
}

void SetOptionalTime(sql::PreparedStatement& stmt, int index, const std::optional<absl::Time>& t) {
  if (t.has_value()) {
    stmt.setString(index, SqlTime(*t));
  } else {
    stmt.setNull(index, sql::DataType::TIMESTAMP);
  }
}

bool IsDuplicateKeyOn(const sql::SQLException& e, const char* key_name) {
  return e.getErrorCode() == kErrDuplicateKey && absl::StrContains(e.what(), key_name);
}

absl::Status KeyCollision(const std::string& what) {
  return WithReason(absl::AbortedError(absl::StrCat(what, "; retry the request")),
                    kCollisionReason);
}

bool IsKeyCollision(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted && ErrorReason(status) == kCollisionReason;
}

}  // namespace ccrm::mysql
