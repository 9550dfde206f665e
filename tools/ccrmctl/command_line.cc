#include "tools/ccrmctl/command_line.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/ccrmctl/cli_errors.h"

namespace ccrm::ctl {
namespace {

const FlagSpec* FindGlobalFlag(absl::string_view name) {
  for (const FlagSpec& flag : GlobalFlags()) {
    if (flag.name == name) {
      return &flag;
    }
  }
  return nullptr;
}

std::string VerbsOf(const CommandTable& table, absl::string_view resource) {
  std::vector<std::string> verbs;
  for (const CommandSpec& command : table.commands()) {
    if (command.resource == resource) {
      verbs.push_back(command.verb);
    }
  }
  return absl::StrJoin(verbs, ", ");
}

std::string ArgumentCount(int n) { return n == 1 ? "1 argument" : absl::StrCat(n, " arguments"); }

absl::Status CheckArgumentCount(const CommandSpec& command, size_t given) {
  const int n = static_cast<int>(given);
  if (n >= command.min_args && n <= command.max_args) {
    return absl::OkStatus();
  }
  std::string expected;
  if (command.max_args == 0) {
    expected = "no arguments";
  } else if (command.min_args == command.max_args) {
    expected = ArgumentCount(command.min_args);
  } else {
    expected = absl::StrCat(command.min_args, " to ", ArgumentCount(command.max_args));
  }
  if (!command.arguments.empty()) {
    absl::StrAppend(&expected, " (", command.arguments, ")");
  }
  return UsageError(absl::StrCat(command.Words(), " takes ", expected, ", got ", n));
}

// The value of a global setting: the flag, then the environment variable, then `fallback`.
std::string Setting(const std::map<std::string, std::string, std::less<>>& given,
                    const std::string& flag, const char* env_name, const Environment& env,
                    const std::string& fallback) {
  auto it = given.find(flag);
  if (it != given.end()) {
    return it->second;
  }
  const char* value = env_name != nullptr && env ? env(env_name) : nullptr;
  return value != nullptr ? std::string(value) : fallback;
}

absl::Status ResolveGlobals(const std::map<std::string, std::string, std::less<>>& given,
                            const Environment& env, GlobalOptions* global) {
  global->address = Setting(given, "address", "CCRM_ADDRESS", env, kDefaultAddress);
  if (global->address.empty()) {
    return UsageError("--address must not be empty");
  }
  const bool token_flag = given.count("token") != 0;
  const bool token_file_flag = given.count("token_file") != 0;
  if (token_flag && token_file_flag) {
    return UsageError("give --token or --token_file, not both");
  }
  if (token_flag) {
    global->token = given.at("token");
  } else if (token_file_flag) {
    global->token_file = given.at("token_file");
  } else {
    global->token = Setting(given, "token", "CCRM_TOKEN", env, "");
    if (global->token.empty()) {
      global->token_file = Setting(given, "token_file", "CCRM_TOKEN_FILE", env, "");
    }
  }
  global->tls = Setting(given, "tls", nullptr, env, "false") == "true";
  global->tls_ca_file = Setting(given, "tls_ca_file", "CCRM_TLS_CA_FILE", env, "");
  global->insecure = Setting(given, "insecure", nullptr, env, "false") == "true";
  if (given.count("timeout") != 0) {
    const std::string& text = given.at("timeout");
    if (!absl::ParseDuration(text, &global->timeout) || global->timeout <= absl::ZeroDuration()) {
      return UsageError(
          absl::StrCat("--timeout: \"", text, "\" is not a positive duration such as 10s"));
    }
  }
  const std::string output = Setting(given, "output", nullptr, env, "table");
  if (output == "table") {
    global->output = OutputFormat::kTable;
  } else if (output == "json") {
    global->output = OutputFormat::kJson;
  } else {
    return UsageError(absl::StrCat("--output: \"", output, "\" is not table or json"));
  }
  global->request_id = Setting(given, "request_id", nullptr, env, "");
  return absl::OkStatus();
}

}  // namespace

bool Invocation::Has(absl::string_view flag) const { return flags.find(flag) != flags.end(); }

std::string Invocation::Flag(absl::string_view flag, std::string fallback) const {
  auto it = flags.find(flag);
  return it == flags.end() ? fallback : it->second;
}

bool Invocation::BoolFlag(absl::string_view flag) const { return Flag(flag, "false") == "true"; }

absl::StatusOr<int> Invocation::IntFlag(absl::string_view flag, int fallback, int min,
                                        int max) const {
  auto it = flags.find(flag);
  if (it == flags.end()) {
    return fallback;
  }
  int value = 0;
  if (!absl::SimpleAtoi(it->second, &value) || value < min || value > max) {
    return UsageError(absl::StrCat("--", flag, ": \"", it->second, "\" is not a whole number from ",
                                   min, " to ", max));
  }
  return value;
}

absl::StatusOr<int64_t> Invocation::Int64Flag(absl::string_view flag, int64_t fallback,
                                              int64_t min) const {
  auto it = flags.find(flag);
  if (it == flags.end()) {
    return fallback;
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(it->second, &value) || value < min) {
    return UsageError(
        absl::StrCat("--", flag, ": \"", it->second, "\" is not a whole number >= ", min));
  }
  return value;
}

absl::Status ParseCommandLine(const CommandTable& table, const std::vector<std::string>& args,
                              const Environment& env, Invocation* invocation) {
  *invocation = Invocation();
  std::map<std::string, std::string, std::less<>> globals;
  bool words_done = false;
  bool only_positionals = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!only_positionals && (arg == "--help" || arg == "-h")) {
      invocation->help = true;
      continue;
    }
    if (!only_positionals && arg == "--") {
      only_positionals = true;
      continue;
    }
    if (!only_positionals && absl::StartsWith(arg, "--")) {
      const size_t eq = arg.find('=');
      const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      const FlagSpec* flag = FindGlobalFlag(name);
      const bool is_global = flag != nullptr;
      if (flag == nullptr && invocation->command != nullptr) {
        flag = invocation->command->FindFlag(name);
      }
      if (flag == nullptr) {
        if (invocation->command == nullptr && !invocation->help) {
          return UsageError(
              absl::StrCat("unknown flag --", name, " (a command's own flags go after it)"));
        }
        return UsageError(absl::StrCat("unknown flag --", name));
      }
      std::string value;
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
      } else if (flag->value_name.empty()) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return UsageError(absl::StrCat("flag --", name, " needs a value (", flag->value_name, ")"));
      }
      if (flag->value_name.empty()) {
        bool on = false;
        if (!absl::SimpleAtob(value, &on)) {
          return UsageError(
              absl::StrCat("flag --", name, ": \"", value, "\" is not true or false"));
        }
        value = on ? "true" : "false";
      }
      (is_global ? globals : invocation->flags)[name] = value;
      continue;
    }
    if (!only_positionals && arg.size() > 1 && arg[0] == '-') {
      return UsageError(absl::StrCat("unknown flag ", arg, " (flags start with --)"));
    }
    if (words_done) {
      invocation->args.push_back(arg);
      continue;
    }
    if (invocation->resource.empty()) {
      if (arg == "help") {
        invocation->help = true;
        continue;
      }
      invocation->resource = arg;
      if (!table.HasResource(arg)) {
        return UsageError(absl::StrCat("unknown command \"", arg, "\""));
      }
      if (table.IsOneWord(arg)) {
        invocation->command = table.Find(arg, "");
        words_done = true;
      }
      continue;
    }
    invocation->command = table.Find(invocation->resource, arg);
    if (invocation->command == nullptr) {
      return UsageError(absl::StrCat("unknown command \"", invocation->resource, " ", arg, "\"; ",
                                     invocation->resource, " takes ",
                                     VerbsOf(table, invocation->resource)));
    }
    words_done = true;
  }
  if (invocation->help) {
    return absl::OkStatus();
  }
  if (invocation->resource.empty()) {
    return UsageError("no command given");
  }
  if (invocation->command == nullptr) {
    return UsageError(absl::StrCat(invocation->resource,
                                   " needs one of: ", VerbsOf(table, invocation->resource)));
  }
  if (absl::Status counted = CheckArgumentCount(*invocation->command, invocation->args.size());
      !counted.ok()) {
    return counted;
  }
  return ResolveGlobals(globals, env, &invocation->global);
}

std::string UsageFor(const CommandTable& table, const Invocation& invocation) {
  if (invocation.command != nullptr) {
    return table.CommandUsage(*invocation.command);
  }
  if (!invocation.resource.empty() && table.HasResource(invocation.resource)) {
    return table.ResourceUsage(invocation.resource);
  }
  return table.Usage();
}

}  // namespace ccrm::ctl
