#include "common/config/flags.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ccrm {
namespace {

absl::Status BadValue(absl::string_view name, absl::string_view value, absl::string_view want) {
  return absl::InvalidArgumentError(
      absl::StrCat("flag --", name, ": \"", value, "\" is not ", want));
}

}  // namespace

void FlagSet::Add(std::string name, std::string* target, std::string help) {
  flags_.push_back({std::move(name), std::move(help), *target, [target](absl::string_view v) {
                      *target = std::string(v);
                      return absl::OkStatus();
                    }});
}

void FlagSet::Add(std::string name, int* target, std::string help) {
  std::string n = name;
  flags_.push_back(
      {std::move(name), std::move(help), absl::StrCat(*target), [target, n](absl::string_view v) {
         if (!absl::SimpleAtoi(v, target)) {
           return BadValue(n, v, "an integer");
         }
         return absl::OkStatus();
       }});
}

void FlagSet::Add(std::string name, bool* target, std::string help) {
  std::string n = name;
  Flag f{std::move(name), std::move(help), *target ? "true" : "false",
         [target, n](absl::string_view v) {
           if (!absl::SimpleAtob(v, target)) {
             return BadValue(n, v, "a boolean");
           }
           return absl::OkStatus();
         }};
  f.is_bool = true;
  flags_.push_back(std::move(f));
}

void FlagSet::Add(std::string name, absl::Duration* target, std::string help) {
  std::string n = name;
  flags_.push_back({std::move(name), std::move(help), absl::FormatDuration(*target),
                    [target, n](absl::string_view v) {
                      if (!absl::ParseDuration(std::string(v), target)) {
                        return BadValue(n, v, "a duration such as 30s or 250ms");
                      }
                      return absl::OkStatus();
                    }});
}

const FlagSet::Flag* FlagSet::Find(absl::string_view name) const {
  for (const Flag& f : flags_) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

std::string FlagSet::EnvName(absl::string_view flag_name) {
  return absl::StrCat("CCRM_", absl::AsciiStrToUpper(flag_name));
}

absl::Status FlagSet::Parse(int argc, const char* const* argv,
                            const std::function<const char*(const char*)>& env) {
  std::vector<std::string> seen;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      return absl::FailedPreconditionError(Usage());
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", arg, "\""));
    }
    arg.remove_prefix(2);
    size_t eq = arg.find('=');
    absl::string_view name = arg.substr(0, eq);
    const Flag* flag = Find(name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    absl::string_view value;
    if (eq != absl::string_view::npos) {
      value = arg.substr(eq + 1);
    } else if (flag->is_bool) {
      value = "true";
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
    }
    if (absl::Status s = flag->set(value); !s.ok()) {
      return s;
    }
    seen.emplace_back(name);
  }
  for (const Flag& f : flags_) {
    if (std::find(seen.begin(), seen.end(), f.name) != seen.end()) {
      continue;
    }
    std::string var = EnvName(f.name);
    const char* value = env ? env(var.c_str()) : std::getenv(var.c_str());
    if (value != nullptr) {
      if (absl::Status s = f.set(value); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(s.message(), " (from $", var, ")"));
      }
    }
  }
  return absl::OkStatus();
}

std::string FlagSet::Usage() const {
  std::string out = absl::StrCat("usage: ", program_, " [--flag=value ...]\n");
  for (const Flag& f : flags_) {
    absl::StrAppendFormat(&out, "  --%-28s $%-30s default: %s\n      %s\n", f.name, EnvName(f.name),
                          f.default_text.empty() ? "\"\"" : f.default_text, f.help);
  }
  return out;
}

void ExitWithUsage(const FlagSet& flags, const absl::Status& status) {
  if (status.code() == absl::StatusCode::kFailedPrecondition) {
    std::fprintf(stdout, "%s", std::string(status.message()).c_str());
    std::exit(0);
  }
  std::fprintf(stderr, "error: %s\n\n%s", std::string(status.message()).c_str(),
               flags.Usage().c_str());
  std::exit(2);
}

}  // namespace ccrm
