// The two flags every list command takes, --page_size and --page_token, and copying them into a
// List request (AIP-158 paging: the service picks a default size; the token is opaque).
//
// Example:
//   table.Add(WithPageFlags(CommandSpec("alerts", "list", RunListAlerts).Summary("...")));
//   v1::ListAlertsRequest request;
//   RETURN_IF_ERROR(SetPage(invocation, &request));
#pragma once

#include <limits>

#include "absl/status/status.h"
#include "common/status/status_macros.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

CommandSpec& WithPageFlags(CommandSpec& command);
CommandSpec WithPageFlags(CommandSpec&& command);

// Copies --page_size (a positive number, UsageError otherwise; the service caps it at its own
// maximum) and --page_token when given.
template <typename ListRequest>
absl::Status SetPage(const Invocation& invocation, ListRequest* request) {
  ASSIGN_OR_RETURN(const int page_size,
                   invocation.IntFlag("page_size", 0, 1, std::numeric_limits<int>::max()));
  request->set_page_size(page_size);
  request->set_page_token(invocation.Flag("page_token"));
  return absl::OkStatus();
}

}  // namespace ccrm::ctl
