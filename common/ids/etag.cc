#include "common/ids/etag.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm {

std::string FormatEtag(int64_t revision) { return absl::StrCat("r", revision); }

absl::StatusOr<std::optional<int64_t>> ParseEtag(absl::string_view etag, const std::string& field) {
  if (etag.empty()) {
    return std::optional<int64_t>();
  }
  int64_t revision = 0;
  if (etag.size() < 2 || etag[0] != 'r' || !absl::SimpleAtoi(etag.substr(1), &revision) ||
      revision < 1) {
    return InvalidField(field, "is not an etag this service issued");
  }
  return std::optional<int64_t>(revision);
}

absl::Status CheckRevision(const std::string& resource_name, int64_t expected, int64_t current) {
  if (expected == 0 || expected == current) {
    return absl::OkStatus();
  }
  return WithReason(absl::AbortedError(absl::StrCat(
                        resource_name, " changed since it was read: expected revision ", expected,
                        ", current revision ", current, "; read it again and retry")),
                    "ETAG_MISMATCH");
}

}  // namespace ccrm
