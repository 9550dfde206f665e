// Typed configuration from command-line flags with environment fallbacks. Each service declares a
// plain struct, binds its fields to flag names, parses, then validates the struct.
// Precedence: --flag=value on the command line, then the environment variable CCRM_<FLAG> (upper
// case), then the field's initial value.
//
// Example:
//   ServerConfig cfg;
//   FlagSet flags("customer-profile");
//   flags.Add("listen", &cfg.listen, "gRPC address host:port");
//   flags.Add("pool_size", &cfg.pool_size, "MySQL connections");
//   if (absl::Status s = flags.Parse(argc, argv); !s.ok()) { ExitWithUsage(flags, s); }
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace ccrm {

class FlagSet final {
 public:
  explicit FlagSet(std::string program) : program_(std::move(program)) {}

  void Add(std::string name, std::string* target, std::string help);
  void Add(std::string name, int* target, std::string help);
  void Add(std::string name, bool* target, std::string help);
  // Durations as absl::ParseDuration accepts them: "30s", "250ms", "1h".
  void Add(std::string name, absl::Duration* target, std::string help);

  // Reads argv then the environment (`env` is injectable for tests; nullptr = getenv).
  // INVALID_ARGUMENT naming the flag on an unknown flag, a malformed value, or a positional
  // argument. "--help" yields FAILED_PRECONDITION with the usage text as message.
  absl::Status Parse(int argc, const char* const* argv,
                     const std::function<const char*(const char*)>& env = nullptr);

  // One line per flag: name, env variable, default, help.
  std::string Usage() const;

  // The environment variable read for `flag_name`: "CCRM_" + upper-case name.
  static std::string EnvName(absl::string_view flag_name);

 private:
  struct Flag {
    std::string name;
    std::string help;
    std::string default_text;
    std::function<absl::Status(absl::string_view)> set;
    bool is_bool = false;
  };
  const Flag* Find(absl::string_view name) const;

  std::string program_;
  std::vector<Flag> flags_;
};

// Prints the error (and usage for --help) to stderr and exits: 0 for --help, 2 otherwise.
[[noreturn]] void ExitWithUsage(const FlagSet& flags, const absl::Status& status);

}  // namespace ccrm
