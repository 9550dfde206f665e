#include "services/credit-rating/storage/mysql_support.h"

#include <cppconn/datatype.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/ids/uuid.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"

namespace ccrm::rating {

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
    stmt.setString(index, mysql::SqlTime(*t));
  } else {
    stmt.setNull(index, sql::DataType::TIMESTAMP);
  }
}

bool IsDuplicateKeyOn(const sql::SQLException& e, const char* key_name) {
  return e.getErrorCode() == mysql::kErrDuplicateKey && absl::StrContains(e.what(), key_name);
}

absl::Status KeyCollision(const std::string& what) {
  return WithReason(absl::AbortedError(absl::StrCat(what, "; retry the request")),
                    kCollisionReason);
}

bool IsKeyCollision(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted && ErrorReason(status) == kCollisionReason;
}

void AppendEvent(mysql::Session& session, events::OutboxEvent event, const WriteContext& write) {
  if (event.event_id.empty()) {
    event.event_id = NewUuidV7(write.now);
  }
  if (event.request_id.empty()) {
    event.request_id = write.request_id;
  }
  if (event.occur_time == absl::UnixEpoch()) {
    event.occur_time = write.now;
  }
  events::AppendToOutbox(session, event);
}

}  // namespace ccrm::rating
