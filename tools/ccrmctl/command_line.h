// ccrmctl's command line: global flags (with their environment fallbacks) anywhere, then the
// command's words, its positional arguments and its own flags. Flags are "--name=value" or
// "--name value"; a boolean flag stands alone ("--unmasked") or takes "=true"/"=false".
// "--help", "-h" or "help" anywhere asks for the usage of what precedes it.
//
// Precedence of the global settings: the flag, then the environment ($CCRM_ADDRESS, $CCRM_TOKEN,
// $CCRM_TOKEN_FILE, $CCRM_TLS_CA_FILE), then the default. A token given as --token or
// --token_file wins over both variables; --token together with --token_file is refused.
//
// Example:
//   Invocation invocation;
//   absl::Status parsed = ParseCommandLine(table, {"--output=json", "alerts", "get", "alerts/7"},
//                                          std::getenv, &invocation);
//   // invocation.command->Words() == "alerts get", invocation.args == {"alerts/7"}
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

enum class OutputFormat { kTable, kJson };

inline constexpr char kDefaultAddress[] = "127.0.0.1:8080";
inline constexpr absl::Duration kDefaultTimeout = absl::Seconds(10);

struct GlobalOptions {
  std::string address = kDefaultAddress;
  // At most one of token / token_file is set once parsed.
  std::string token;
  std::string token_file;
  bool tls = false;
  std::string tls_ca_file;
  bool insecure = false;
  absl::Duration timeout = kDefaultTimeout;
  OutputFormat output = OutputFormat::kTable;
  // Empty: each create makes a fresh one.
  std::string request_id;
};

struct Invocation {
  // The command named, nullptr when the words named none (or only a resource).
  const CommandSpec* command = nullptr;
  // The first word, kept even when it named no command, to pick the usage text to show.
  std::string resource;
  // Positional arguments after the command's words.
  std::vector<std::string> args;
  // The command's own flags that were given; booleans as "true" / "false".
  std::map<std::string, std::string, std::less<>> flags;
  GlobalOptions global;
  // True when the usage was asked for; nothing is run.
  bool help = false;

  bool Has(absl::string_view flag) const;
  // The flag's value, `fallback` when it was not given.
  std::string Flag(absl::string_view flag, std::string fallback = "") const;
  // A boolean flag: true when given without a value or as =true.
  bool BoolFlag(absl::string_view flag) const;
  // An integer flag; UsageError naming the flag when it is not an integer in [min, max].
  absl::StatusOr<int> IntFlag(absl::string_view flag, int fallback, int min, int max) const;
  // A 64-bit integer flag (cursors); UsageError when it is not an integer >= min.
  absl::StatusOr<int64_t> Int64Flag(absl::string_view flag, int64_t fallback, int64_t min) const;
};

// Reads an environment variable; nullptr when unset (std::getenv fits).
using Environment = std::function<const char*(const char*)>;

// Fills `invocation` from `args` (argv without the program name) as far as it gets, so the
// caller can show the usage of what was named. Returns a UsageError (cli_errors.h) on an unknown
// command, verb or flag, a flag without its value, a bad boolean, duration or output format, a
// wrong number of arguments, an empty --address, or --token with --token_file.
absl::Status ParseCommandLine(const CommandTable& table, const std::vector<std::string>& args,
                              const Environment& env, Invocation* invocation);

// The most specific usage for what `invocation` names: the command's, the resource's, or all.
std::string UsageFor(const CommandTable& table, const Invocation& invocation);

}  // namespace ccrm::ctl
