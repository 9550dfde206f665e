// health — the standard grpc.health.v1 Check of the address ccrmctl dials (no token needed):
// SERVING exits 0; NOT_SERVING, SERVICE_UNKNOWN or a failed call exits 1, so scripts and probes
// can use it.
//
// Example:
//   CommandTable table;
//   AddHealthCommand(table);  // ccrmctl --address=127.0.0.1:50051 health
#pragma once

#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

void AddHealthCommand(CommandTable& table);

}  // namespace ccrm::ctl
