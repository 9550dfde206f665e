// How ccrmctl tells its two kinds of failure apart and shows them: a usage error (the command
// line itself is wrong: unknown command or flag, a bad flag value, an unreadable request file)
// exits 2 after the usage text; anything else (an RPC refused or failed) exits 1 after the gRPC
// code, message, error reason and field violations the service attached (common/status/errors.h).
//
// Example:
//   if (!IsCustomerName(arg)) return UsageError("NAME must look like customers/{id}");
//   std::cerr << RenderError(status);  // "PERMISSION_DENIED: calling ... needs one of ..."
//   return ExitCodeFor(status);        // 0, 1 or 2
#pragma once

#include <string>

#include "absl/status/status.h"

namespace ccrm::ctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// INVALID_ARGUMENT marked as a mistake in the command line, not an answer from a service.
absl::Status UsageError(std::string message);
bool IsUsageError(const absl::Status& status);

// kExitOk for OK, kExitUsage for a usage error, kExitFailed for everything else.
int ExitCodeFor(const absl::Status& status);

// What a failure looks like on stderr, newline-terminated:
//   PERMISSION_DENIED: calling ... needs one of the roles [...]
//     reason: ROLE_NOT_PERMITTED
//     field violations:
//       customer.legal_name: must not be empty
// A usage error is only its message.
std::string RenderError(const absl::Status& status);

}  // namespace ccrm::ctl
