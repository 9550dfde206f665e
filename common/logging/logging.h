// Structured process logging: one JSON object per line, on stderr or in a file, e.g.
//   {"ts":"2026-11-22T08:01:02.123456Z","level":"info","service":"customer-profile","msg":"rpc",
//    "request_id":"7f3c…","method":"/ccrm.customer.v1.CustomerProfile/GetCustomer","code":"OK",
//    "latency_ms":1.9}
// "ts" is UTC with microseconds. Every string (message, keys, values) is JSON-escaped and invalid
// UTF-8 is replaced by U+FFFD, so a line always parses. The logger writes only what callers pass:
// never put personal data (names, ID numbers, phone numbers) into a message or a field.
//
// Logging works before InitLogging is called (service "ccrm", level info, stderr). All functions
// are safe to call from any thread; a line below the configured level costs one atomic load.
//
// Example:
//   RETURN_IF_ERROR(InitLogging("customer-profile", LogLevel::kInfo));
//   LogInfo("rpc", {{"request_id", request_id}, {"code", "OK"}, {"latency_ms", 1.9}});
//   if (LogEnabled(LogLevel::kDebug)) LogDebug("plan", {{"steps", ExpensiveDescription()}});
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/time/clock.h"

namespace ccrm {

namespace logging_internal {
class ProcessLogger;
}  // namespace logging_internal

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Parses "debug", "info", "warn" or "error" (ASCII case ignored).
// Returns INVALID_ARGUMENT for any other name.
absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name);

// The lower-case name written in the "level" field: "debug", "info", "warn" or "error".
const char* LogLevelName(LogLevel level);

// A field value. Pass integers as int64_t-convertible signed values; cast unsigned ones (size_t)
// explicitly, since std::variant refuses the narrowing conversion.
using LogValue = std::variant<std::string, int64_t, double, bool>;
// Extra fields, written after ts/level/service/msg in the given order. A key equal to one of those
// four is written with a leading underscore ("_msg") so it cannot overwrite them.
using LogFields = std::vector<std::pair<std::string, LogValue>>;

// Sets up the process logger; call once from main (a later call replaces the earlier setup).
// `path` empty writes to stderr, otherwise lines are appended to that file.
// Returns INVALID_ARGUMENT when `service_name` is empty, or the errno-derived status (e.g.
// NOT_FOUND, PERMISSION_DENIED) when the file cannot be opened; the previous setup stays then.
absl::Status InitLogging(std::string service_name, LogLevel level, const std::string& path = "");

// Changes the minimum level written, e.g. to turn on debug lines in a test.
void SetLogLevel(LogLevel level);

// Whether a line at `level` would be written; lets callers skip building expensive fields.
bool LogEnabled(LogLevel level);

// Makes "ts" come from `clock` (nullptr: the system clock again). The clock must outlive its use;
// meant for tests that check exact lines.
void SetLogClock(const Clock* clock);

// Writes one line when `level` is enabled. Never fails; a write error is dropped.
void Log(LogLevel level, absl::string_view message, const LogFields& fields = {});

inline void LogDebug(absl::string_view message, const LogFields& fields = {}) {
  Log(LogLevel::kDebug, message, fields);
}
inline void LogInfo(absl::string_view message, const LogFields& fields = {}) {
  Log(LogLevel::kInfo, message, fields);
}
inline void LogWarn(absl::string_view message, const LogFields& fields = {}) {
  Log(LogLevel::kWarn, message, fields);
}
inline void LogError(absl::string_view message, const LogFields& fields = {}) {
  Log(LogLevel::kError, message, fields);
}

// For tests: while alive, keeps a copy of every line written (without the trailing newline), in
// addition to the normal output. Several captures may be alive at once; each sees every line.
class ScopedLogCapture final {
 public:
  ScopedLogCapture();
  ~ScopedLogCapture();
  ScopedLogCapture(const ScopedLogCapture&) = delete;
  ScopedLogCapture& operator=(const ScopedLogCapture&) = delete;

  // The lines captured so far, oldest first.
  std::vector<std::string> lines() const;

 private:
  friend class logging_internal::ProcessLogger;
  void Append(const std::string& line);

  mutable absl::Mutex mu_;
  std::vector<std::string> lines_ ABSL_GUARDED_BY(mu_);
};

}  // namespace ccrm
