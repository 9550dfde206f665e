// interactions list | log and tasks list — relationship-service's interaction log (往来记录) of
// a customer, logging a visit or call from flags or a JSON file, and a relationship manager's
// follow-up tasks (those risk alerts create among them). Confidential notes withheld from the
// caller are shown as the service returns them, with the row marked "withheld".
//
// Example:
//   CommandTable table;
//   AddRelationshipCommands(table);
//   std::cout << InteractionsTable(response.interactions());
#pragma once

#include <istream>
#include <string>

#include "absl/status/statusor.h"
#include "ccrm/relationship/v1/relationship.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

void AddRelationshipCommands(CommandTable& table);

std::string InteractionsTable(
    const google::protobuf::RepeatedPtrField<relationship::v1::Interaction>& list);
std::string InteractionDetails(const relationship::v1::Interaction& interaction);
std::string TasksTable(
    const google::protobuf::RepeatedPtrField<relationship::v1::FollowUpTask>& list);

// The request `interactions log` sends. With --from_file: the LogInteractionRequest in that file
// (CUSTOMER, when given, replaces its parent); otherwise CUSTOMER and the flags --kind (required),
// --summary, --outcome, --next_steps, --participants (comma-separated), --at, --manager,
// --engagement, --confidential. `request_id` is used unless the file has one and --request_id
// was not given. UsageError for a missing customer or kind, a bad kind or time, or --from_file
// together with the interaction flags.
absl::StatusOr<relationship::v1::LogInteractionRequest> LogInteractionRequestFrom(
    const Invocation& invocation, std::istream& stdin_stream, const std::string& request_id);

}  // namespace ccrm::ctl
