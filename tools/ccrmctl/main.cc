// ccrmctl: a command-line client of the ccrm services for operators and developers. Parses the
// command line, runs the command against the one address it dials, exits 0 (done), 1 (the call
// failed) or 2 (usage). See docs/ccrmctl.md.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/commands.h"
#include "tools/ccrmctl/interrupt.h"

int main(int argc, char** argv) {
  using namespace ccrm::ctl;  // NOLINT(build/namespaces): main only wires the tool together
  InstallInterruptHandler();
  const CommandTable& table = AllCommands();
  Invocation invocation;
  const absl::Status parsed = ParseCommandLine(
      table, std::vector<std::string>(argv + 1, argv + argc), std::getenv, &invocation);
  if (!parsed.ok()) {
    std::cerr << "ccrmctl: " << RenderError(parsed) << "\n" << UsageFor(table, invocation);
    return ExitCodeFor(parsed);
  }
  if (invocation.help) {
    std::cout << UsageFor(table, invocation);
    return kExitOk;
  }
  return RunInvocation(invocation, std::cout, std::cerr, std::cin, ccrm::SystemClock::Get());
}
