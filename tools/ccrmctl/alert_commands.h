// alerts list | get | ack | resolve | assign | history — risk-warning's early-warning alerts
// and their lifecycle (open → acknowledged → in progress → resolved / false positive). The live
// stream, `alerts watch`, is in alert_watch.h.
//
// Example:
//   CommandTable table;
//   AddAlertCommands(table);
//   std::cout << AlertsTable(response.alerts());
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

void AddAlertCommands(CommandTable& table);

std::string AlertsTable(const google::protobuf::RepeatedPtrField<risk::v1::Alert>& list);
std::string AlertDetails(const risk::v1::Alert& alert);
std::string AlertHistoryTable(
    const google::protobuf::RepeatedPtrField<risk::v1::AlertChange>& list);

// The request `alerts list` sends: --customer, --assignee, --level (the lowest level shown),
// --status (comma-separated; unset = the open statuses), --indicator and the page flags.
// UsageError for an unknown level or status.
absl::StatusOr<risk::v1::ListAlertsRequest> ListAlertsRequestFrom(const Invocation& invocation);

// The request `alerts resolve ALERT` sends: RESOLVED, or FALSE_POSITIVE with --false_positive;
// --note (required) and --etag.
absl::StatusOr<risk::v1::UpdateAlertStatusRequest> ResolveAlertRequestFrom(
    const Invocation& invocation);

}  // namespace ccrm::ctl
