#include "tools/ccrmctl/cli_errors.h"

#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::ctl {
namespace {

// The payload that marks a usage error; it never leaves the process.
constexpr char kUsageErrorTypeUrl[] = "type.ccrm.bank/ccrmctl.UsageError";

}  // namespace

absl::Status UsageError(std::string message) {
  absl::Status status = absl::InvalidArgumentError(std::move(message));
  status.SetPayload(kUsageErrorTypeUrl, absl::Cord());
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return !status.ok() && status.GetPayload(kUsageErrorTypeUrl).has_value();
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) {
    return kExitOk;
  }
  return IsUsageError(status) ? kExitUsage : kExitFailed;
}

std::string RenderError(const absl::Status& status) {
  if (status.ok()) {
    return "";
  }
  if (IsUsageError(status)) {
    return absl::StrCat(status.message(), "\n");
  }
  std::string out =
      absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message(), "\n");
  const std::string reason = ErrorReason(status);
  if (!reason.empty()) {
    absl::StrAppend(&out, "  reason: ", reason, "\n");
  }
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (!violations.empty()) {
    absl::StrAppend(&out, "  field violations:\n");
    for (const FieldViolation& v : violations) {
      absl::StrAppend(&out, "    ", v.field.empty() ? "(request)" : v.field, ": ", v.description,
                      "\n");
    }
  }
  return out;
}

}  // namespace ccrm::ctl
