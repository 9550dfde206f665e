#include "services/customer-profile/storage/row_values.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"

namespace ccrm::customer {

absl::Time TruncateToMicros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

std::string LikePrefixPattern(const std::string& prefix) {
  std::string pattern;
  pattern.reserve(prefix.size() + 2);
  for (char c : prefix) {
    if (c == '!' || c == '%' || c == '_') {
      pattern.push_back('!');
    }
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

std::string JoinCommaList(const std::vector<std::string>& items) {
  return absl::StrJoin(items, ",");
}

std::vector<std::string> SplitCommaList(const std::string& joined) {
  if (joined.empty()) {
    return {};
  }
  return absl::StrSplit(joined, ',');
}

absl::Status CheckRevision(const std::string& resource_name, std::optional<int64_t> expected,
                           int64_t current) {
  if (!expected.has_value() || *expected == current) {
    return absl::OkStatus();
  }
  return WithReason(absl::AbortedError(absl::StrCat(
                        resource_name, " changed since it was read: expected revision ", *expected,
                        ", current revision ", current, "; read it again and retry")),
                    "ETAG_MISMATCH");
}

}  // namespace ccrm::customer
