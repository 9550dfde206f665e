// Every ccrmctl command, in the order the usage lists them, and running one parsed command line:
// the channel and token from the global flags, the command's output, and the exit code.
//
// Example:
//   const CommandTable& table = AllCommands();
//   return RunInvocation(invocation, std::cout, std::cerr, std::cin, SystemClock::Get());
#pragma once

#include <istream>
#include <ostream>

#include "common/time/clock.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

const CommandTable& AllCommands();

// Opens the channel, runs invocation.command, prints what failed to `err`, and returns the exit
// code: 0 done, 1 the call failed (or health is not SERVING), 2 a usage error (a bad flag value,
// an unreadable file, plaintext refused).
int RunInvocation(const Invocation& invocation, std::ostream& out, std::ostream& err,
                  std::istream& in, const Clock& clock);

}  // namespace ccrm::ctl
