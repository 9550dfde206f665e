#include "tools/ccrmctl/command_table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ccrm::ctl {
namespace {

constexpr char kSynopsis[] = "usage: ccrmctl [global flags] COMMAND [ARGUMENTS] [flags]\n";

std::string FlagLines(const std::vector<FlagSpec>& flags, int indent = 2) {
  std::string out;
  for (const FlagSpec& flag : flags) {
    const std::string left = flag.value_name.empty()
                                 ? absl::StrCat("--", flag.name)
                                 : absl::StrCat("--", flag.name, "=", flag.value_name);
    absl::StrAppendFormat(&out, "%*s%-28s %s\n", indent, "", left, flag.help);
  }
  return out;
}

std::string CommandLine(const CommandSpec& command) {
  std::string left = command.Words();
  if (!command.arguments.empty()) {
    absl::StrAppend(&left, " ", command.arguments);
  }
  return absl::StrFormat("  %-38s %s\n", left, command.summary);
}

}  // namespace

CommandSpec& CommandSpec::Arguments(std::string synopsis, int min, int max) {
  arguments = std::move(synopsis);
  min_args = min;
  max_args = max;
  return *this;
}

CommandSpec& CommandSpec::Summary(std::string text) {
  summary = std::move(text);
  return *this;
}

CommandSpec& CommandSpec::Flag(std::string name, std::string value_name, std::string help) {
  flags.push_back({std::move(name), std::move(value_name), std::move(help)});
  return *this;
}

std::string CommandSpec::Words() const {
  return verb.empty() ? resource : absl::StrCat(resource, " ", verb);
}

const FlagSpec* CommandSpec::FindFlag(absl::string_view name) const {
  for (const FlagSpec& flag : flags) {
    if (flag.name == name) {
      return &flag;
    }
  }
  return nullptr;
}

void CommandTable::Add(CommandSpec command) { commands_.push_back(std::move(command)); }

const CommandSpec* CommandTable::Find(absl::string_view resource, absl::string_view verb) const {
  for (const CommandSpec& command : commands_) {
    if (command.resource == resource && command.verb == verb) {
      return &command;
    }
  }
  return nullptr;
}

bool CommandTable::HasResource(absl::string_view resource) const {
  return std::any_of(commands_.begin(), commands_.end(),
                     [&](const CommandSpec& c) { return c.resource == resource; });
}

bool CommandTable::IsOneWord(absl::string_view resource) const {
  return Find(resource, "") != nullptr;
}

std::string CommandTable::Usage() const {
  std::string out = absl::StrCat(kSynopsis, "\ncommands:\n");
  for (const CommandSpec& command : commands_) {
    absl::StrAppend(&out, CommandLine(command));
  }
  absl::StrAppend(&out, "\nglobal flags:\n", FlagLines(GlobalFlags()),
                  "\n`ccrmctl COMMAND --help` shows a command's own flags.\n");
  return out;
}

std::string CommandTable::ResourceUsage(absl::string_view resource) const {
  std::string out = absl::StrCat("usage: ccrmctl [global flags] ", resource,
                                 " VERB [ARGUMENTS] [flags]\n\ncommands:\n");
  for (const CommandSpec& command : commands_) {
    if (command.resource != resource) {
      continue;
    }
    absl::StrAppend(&out, CommandLine(command));
    absl::StrAppend(&out, FlagLines(command.flags, 6));
  }
  absl::StrAppend(&out, "\n`ccrmctl --help` lists the global flags.\n");
  return out;
}

std::string CommandTable::CommandUsage(const CommandSpec& command) const {
  std::string out = absl::StrCat("usage: ccrmctl [global flags] ", command.Words());
  if (!command.arguments.empty()) {
    absl::StrAppend(&out, " ", command.arguments);
  }
  absl::StrAppend(&out, command.flags.empty() ? "" : " [flags]", "\n\n", command.summary, "\n");
  if (!command.flags.empty()) {
    absl::StrAppend(&out, "\nflags:\n", FlagLines(command.flags));
  }
  absl::StrAppend(&out, "\nglobal flags:\n", FlagLines(GlobalFlags()));
  return out;
}

const std::vector<FlagSpec>& GlobalFlags() {
  static const std::vector<FlagSpec>* const kFlags = new std::vector<FlagSpec>{
      {"address", "HOST:PORT",
       "where to call ($CCRM_ADDRESS; default 127.0.0.1:8080, the local API gateway; a "
       "service's own address works too)"},
      {"token", "JWT", "bearer token sent as authorization ($CCRM_TOKEN)"},
      {"token_file", "PATH", "file holding the bearer token ($CCRM_TOKEN_FILE)"},
      {"tls", "", "use TLS with the system's root certificates"},
      {"tls_ca_file", "PATH", "use TLS, trusting the CA certificates in PATH ($CCRM_TLS_CA_FILE)"},
      {"insecure", "", "allow plaintext to an address that is not loopback"},
      {"timeout", "DURATION", "deadline of each call, e.g. 10s, 500ms (default 10s)"},
      {"output", "table|json", "table (default) or the protobuf JSON of each response, one a line"},
      {"request_id", "ID", "idempotency key of a create (default: a fresh UUID)"},
  };
  return *kFlags;
}

}  // namespace ccrm::ctl
