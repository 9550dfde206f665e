#include "services/customer-profile/storage/keyset_page.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/mysql/sql_values.h"
#include "common/pagination/page_token.h"
#include "common/status/errors.h"

namespace ccrm::customer {

int PageLimit(const PageQuery& page) {
  if (page.page_size <= 0) {
    return kDefaultPageSize;
  }
  return std::min(page.page_size, kMaxPageSize);
}

absl::Status CheckAfterKey(const PageQuery& page, size_t parts) {
  if (page.after_key.empty() || page.after_key.size() == parts) {
    return absl::OkStatus();
  }
  return InvalidField("page_token", "the page token does not belong to this list");
}

absl::StatusOr<absl::Time> ParseTimeKey(const std::string& part) {
  absl::Time t = mysql::ParseSqlTime(part);
  if (t == absl::InfinitePast()) {
    return InvalidField("page_token", "the page token is malformed");
  }
  return t;
}

absl::StatusOr<absl::CivilDay> ParseDateKey(const std::string& part) {
  std::optional<absl::CivilDay> day = mysql::ParseSqlDate(part);
  if (!day.has_value()) {
    return InvalidField("page_token", "the page token is malformed");
  }
  return *day;
}

std::string KeysetCondition(const std::string& sort_column, const std::string& id_column,
                            bool descending) {
  const char* inclusive = descending ? " <= ?" : " >= ?";
  const char* strict = descending ? " < ?" : " > ?";
  return absl::StrCat(" AND ", sort_column, inclusive, " AND (", sort_column, strict, " OR ",
                      id_column, strict, ")");
}

}  // namespace ccrm::customer
