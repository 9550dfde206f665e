#include "common/logging/logging.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace ccrm {
namespace logging_internal {

// The process-wide logger. Lines are formatted here; spdlog only owns the output (its `_mt` sinks
// serialize writes, so lines from different threads never interleave).
class ProcessLogger final {
 public:
  static ProcessLogger& Get() {
    // Leaked on purpose: threads may still log while static destructors run at exit.
    static ProcessLogger* const logger = new ProcessLogger();
    return *logger;
  }

  absl::Status Init(std::string service_name, LogLevel level, const std::string& path) {
    if (service_name.empty()) {
      return absl::InvalidArgumentError("logging service name must not be empty");
    }
    std::shared_ptr<spdlog::sinks::sink> sink;
    if (path.empty()) {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
      // Open once ourselves to report a precise status; spdlog only says "failed opening file".
      std::FILE* probe = std::fopen(path.c_str(), "a");
      if (probe == nullptr) {
        return absl::ErrnoToStatus(errno, absl::StrCat("cannot open log file ", path));
      }
      std::fclose(probe);
      try {
        sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, /*truncate=*/false);
      } catch (const std::exception& e) {
        return absl::UnavailableError(absl::StrCat("cannot open log file ", path, ": ", e.what()));
      }
    }
    auto output = std::make_shared<Output>(std::move(service_name), MakeSpdlogger(sink));
    {
      absl::MutexLock lock(&mu_);
      output_ = std::move(output);
    }
    SetLevel(level);
    return absl::OkStatus();
  }

  void SetLevel(LogLevel level) { min_level_.store(static_cast<int>(level)); }

  bool Enabled(LogLevel level) const {
    return static_cast<int>(level) >= min_level_.load(std::memory_order_relaxed);
  }

  void SetClock(const Clock* clock) { clock_.store(clock); }

  void Write(LogLevel level, absl::string_view message, const LogFields& fields) {
    if (!Enabled(level)) {
      return;
    }
    std::shared_ptr<const Output> output;
    {
      absl::ReaderMutexLock lock(&mu_);
      output = output_;
    }
    const Clock* clock = clock_.load();
    const absl::Time now = clock != nullptr ? clock->Now() : SystemClock::Get().Now();
    const std::string line = FormatLine(now, level, output->service, message, fields);
    output->spdlogger->log(spdlog::source_loc{}, ToSpdlogLevel(level),
                           spdlog::string_view_t(line.data(), line.size()));
    if (capture_count_.load() > 0) {
      absl::ReaderMutexLock lock(&mu_);
      for (ScopedLogCapture* capture : captures_) {
        capture->Append(line);
      }
    }
  }

  void AddCapture(ScopedLogCapture* capture) {
    absl::MutexLock lock(&mu_);
    captures_.push_back(capture);
    capture_count_.store(static_cast<int>(captures_.size()));
  }

  void RemoveCapture(ScopedLogCapture* capture) {
    absl::MutexLock lock(&mu_);
    captures_.erase(std::remove(captures_.begin(), captures_.end(), capture), captures_.end());
    capture_count_.store(static_cast<int>(captures_.size()));
  }

 private:
  // What a line is written with; replaced as a whole by Init so a writer never sees half of it.
  struct Output {
    Output(std::string service_name, std::shared_ptr<spdlog::logger> logger)
        : service(std::move(service_name)), spdlogger(std::move(logger)) {}
    const std::string service;
    const std::shared_ptr<spdlog::logger> spdlogger;
  };

  ProcessLogger()
      : output_(std::make_shared<Output>(
            "ccrm", MakeSpdlogger(std::make_shared<spdlog::sinks::stderr_sink_mt>()))) {}

  // Not registered in spdlog's global registry, so re-initialising never clashes on the name.
  static std::shared_ptr<spdlog::logger> MakeSpdlogger(std::shared_ptr<spdlog::sinks::sink> sink) {
    auto logger = std::make_shared<spdlog::logger>("ccrm", std::move(sink));
    logger->set_pattern("%v");  // The whole line is already formatted.
    logger->set_level(spdlog::level::trace);
    logger->flush_on(spdlog::level::trace);  // A crash must not swallow the last lines.
    return logger;
  }

  static spdlog::level::level_enum ToSpdlogLevel(LogLevel level) {
    switch (level) {
      case LogLevel::kDebug:
        return spdlog::level::debug;
      case LogLevel::kInfo:
        return spdlog::level::info;
      case LogLevel::kWarn:
        return spdlog::level::warn;
      case LogLevel::kError:
        return spdlog::level::err;
    }
    return spdlog::level::err;
  }

  static std::string FieldKey(const std::string& key) {
    if (key == "ts" || key == "level" || key == "service" || key == "msg") {
      return absl::StrCat("_", key);
    }
    return key;
  }

  static std::string FormatLine(absl::Time now, LogLevel level, const std::string& service,
                                absl::string_view message, const LogFields& fields) {
    nlohmann::ordered_json line = nlohmann::ordered_json::object();
    line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", now, absl::UTCTimeZone());
    line["level"] = LogLevelName(level);
    line["service"] = service;
    line["msg"] = std::string(message);
    for (const auto& [key, value] : fields) {
      nlohmann::ordered_json& slot = line[FieldKey(key)];
      std::visit([&slot](const auto& v) { slot = v; }, value);
    }
    // Replace invalid UTF-8 with U+FFFD instead of throwing; keep valid non-ASCII text readable.
    return line.dump(/*indent=*/-1, /*indent_char=*/' ', /*ensure_ascii=*/false,
                     nlohmann::ordered_json::error_handler_t::replace);
  }

  std::atomic<int> min_level_{static_cast<int>(LogLevel::kInfo)};
  std::atomic<const Clock*> clock_{nullptr};
  std::atomic<int> capture_count_{0};
  absl::Mutex mu_;
  std::shared_ptr<const Output> output_ ABSL_GUARDED_BY(mu_);
  std::vector<ScopedLogCapture*> captures_ ABSL_GUARDED_BY(mu_);
};

}  // namespace logging_internal

using logging_internal::ProcessLogger;

absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "debug") {
    return LogLevel::kDebug;
  }
  if (lower == "info") {
    return LogLevel::kInfo;
  }
  if (lower == "warn") {
    return LogLevel::kWarn;
  }
  if (lower == "error") {
    return LogLevel::kError;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown log level \"", name, "\"; expected debug, info, warn or error"));
}

const char* LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}

absl::Status InitLogging(std::string service_name, LogLevel level, const std::string& path) {
  return ProcessLogger::Get().Init(std::move(service_name), level, path);
}

void SetLogLevel(LogLevel level) { ProcessLogger::Get().SetLevel(level); }

bool LogEnabled(LogLevel level) { return ProcessLogger::Get().Enabled(level); }

void SetLogClock(const Clock* clock) { ProcessLogger::Get().SetClock(clock); }

void Log(LogLevel level, absl::string_view message, const LogFields& fields) {
  ProcessLogger::Get().Write(level, message, fields);
}

ScopedLogCapture::ScopedLogCapture() { ProcessLogger::Get().AddCapture(this); }

ScopedLogCapture::~ScopedLogCapture() { ProcessLogger::Get().RemoveCapture(this); }

std::vector<std::string> ScopedLogCapture::lines() const {
  absl::MutexLock lock(&mu_);
  return lines_;
}

void ScopedLogCapture::Append(const std::string& line) {
  absl::MutexLock lock(&mu_);
  lines_.push_back(line);
}

}  // namespace ccrm
