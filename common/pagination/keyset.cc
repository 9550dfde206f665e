#include "common/pagination/keyset.h"

#include <algorithm>

#include "common/pagination/page_token.h"
#include "common/status/errors.h"

namespace ccrm {

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

std::string TimeKey(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseTimeKey(const std::string& part) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", part, absl::UTCTimeZone(), &t, &error)) {
    return InvalidField("page_token", "the page token is malformed");
  }
  return t;
}

absl::Time TruncateToMicros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

}  // namespace ccrm
