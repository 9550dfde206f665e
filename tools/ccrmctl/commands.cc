#include "tools/ccrmctl/commands.h"

#include "common/status/status_macros.h"
#include "tools/ccrmctl/alert_commands.h"
#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/connection.h"
#include "tools/ccrmctl/customer_commands.h"
#include "tools/ccrmctl/exposure_commands.h"
#include "tools/ccrmctl/health_command.h"
#include "tools/ccrmctl/output.h"
#include "tools/ccrmctl/rating_commands.h"
#include "tools/ccrmctl/relationship_commands.h"
#include "tools/ccrmctl/session.h"

namespace ccrm::ctl {
namespace {

int Fail(const Invocation& invocation, const absl::Status& status, std::ostream& err) {
  err << "ccrmctl: " << RenderError(status);
  if (IsUsageError(status)) {
    err << "(`ccrmctl " << invocation.command->Words() << " --help` shows its usage)\n";
  }
  return ExitCodeFor(status);
}

absl::Status Execute(const Invocation& invocation, std::ostream& out, std::ostream& err,
                     std::istream& in, const Clock& clock) {
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, OpenChannel(invocation.global));
  CallOptions call_options;
  ASSIGN_OR_RETURN(call_options.token, BearerToken(invocation.global));
  call_options.timeout = invocation.global.timeout;
  Output output(invocation.global.output, &out, &err);
  Session session(channel, call_options, &output, &in, &clock);
  return invocation.command->run(invocation, session);
}

}  // namespace

const CommandTable& AllCommands() {
  static const CommandTable* const kTable = [] {
    auto* table = new CommandTable();
    AddCustomerCommands(*table);
    AddRatingCommands(*table);
    AddRelationshipCommands(*table);
    AddAlertCommands(*table);
    AddExposureCommands(*table);
    AddHealthCommand(*table);
    return table;
  }();
  return *kTable;
}

int RunInvocation(const Invocation& invocation, std::ostream& out, std::ostream& err,
                  std::istream& in, const Clock& clock) {
  const absl::Status status = Execute(invocation, out, err, in, clock);
  return status.ok() ? kExitOk : Fail(invocation, status, err);
}

}  // namespace ccrm::ctl
