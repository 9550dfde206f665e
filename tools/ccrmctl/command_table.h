// The commands ccrmctl knows: for each, its words ("alerts watch"), positional arguments, flags,
// one line of help and the function that runs it; and the usage text built from them. Each
// resource's file adds its own commands (customer_commands.h, alert_commands.h, ...).
//
// Example:
//   CommandTable table;
//   table.Add(CommandSpec("customers", "get", RunGetCustomer)
//                 .Arguments("CUSTOMER", 1, 1)
//                 .Summary("Show one customer")
//                 .Flag("unmasked", "", "personal identifiers in clear (audited)"));
//   const CommandSpec* get = table.Find("customers", "get");
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace ccrm::ctl {

struct Invocation;
class Session;

struct FlagSpec {
  // Without the leading "--".
  std::string name;
  // What the value is, for the usage text ("LEVEL", "N"); empty for a boolean flag, which takes
  // no value ("--unmasked") or an explicit one ("--unmasked=false").
  std::string value_name;
  std::string help;
};

// Runs a parsed command. Returns a UsageError (cli_errors.h) for a bad argument value, the
// service's error for a failed call, OK when the output was written.
using CommandHandler = std::function<absl::Status(const Invocation&, Session&)>;

struct CommandSpec {
  CommandSpec(std::string resource, std::string verb, CommandHandler run)
      : resource(std::move(resource)), verb(std::move(verb)), run(std::move(run)) {}

  // Setters that chain, so a command reads as one statement where it is added.
  CommandSpec& Arguments(std::string synopsis, int min, int max);
  CommandSpec& Summary(std::string text);
  CommandSpec& Flag(std::string name, std::string value_name, std::string help);

  // The command's words: "customers" "get"; verb is empty for one-word commands ("health").
  std::string resource;
  std::string verb;
  // The positional arguments as the usage text shows them, e.g. "CUSTOMER [PREFIX]".
  std::string arguments;
  int min_args = 0;
  int max_args = 0;
  std::string summary;
  std::vector<FlagSpec> flags;
  CommandHandler run;

  // "customers get", or "health".
  std::string Words() const;
  const FlagSpec* FindFlag(absl::string_view name) const;
};

class CommandTable final {
 public:
  void Add(CommandSpec command);

  // The command of these words, nullptr when there is none. One-word commands have verb "".
  const CommandSpec* Find(absl::string_view resource, absl::string_view verb) const;
  bool HasResource(absl::string_view resource) const;
  // True when the resource is itself a command ("summary") rather than a group of verbs.
  bool IsOneWord(absl::string_view resource) const;

  // The whole usage: synopsis, global flags, every command with its summary.
  std::string Usage() const;
  // The commands of one resource with their flags.
  std::string ResourceUsage(absl::string_view resource) const;
  // One command: synopsis, summary, its flags, then the global flags.
  std::string CommandUsage(const CommandSpec& command) const;

  const std::vector<CommandSpec>& commands() const { return commands_; }

 private:
  std::vector<CommandSpec> commands_;
};

// The flags every command takes (address, token, TLS, timeout, output, request id).
const std::vector<FlagSpec>& GlobalFlags();

}  // namespace ccrm::ctl
