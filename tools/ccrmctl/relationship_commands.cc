#include "tools/ccrmctl/relationship_commands.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "common/status/status_macros.h"
#include "common/wire/money_time_mapping.h"
#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/formatting.h"
#include "tools/ccrmctl/json_output.h"
#include "tools/ccrmctl/paging.h"
#include "tools/ccrmctl/resource_names.h"
#include "tools/ccrmctl/session.h"
#include "tools/ccrmctl/table.h"

namespace ccrm::ctl {
namespace {

namespace v1 = ::ccrm::relationship::v1;
using RelationshipStub = v1::RelationshipService::Stub;

// The flags that describe an interaction, which --from_file replaces.
constexpr const char* kInteractionFlags[] = {"kind",         "summary",    "outcome",
                                             "next_steps",   "at",         "manager",
                                             "participants", "engagement", "confidential"};

std::string Confidentiality(const v1::Interaction& i) {
  if (i.redacted()) {
    return "withheld";
  }
  return i.confidential() ? "yes" : "";
}

absl::Status RunListInteractions(const Invocation& invocation, Session& session) {
  v1::ListInteractionsRequest request;
  request.set_parent(QualifiedName("customers", invocation.args[0]));
  if (invocation.Has("kind")) {
    ASSIGN_OR_RETURN(
        int kind, ParseEnumFlag(v1::InteractionKind_descriptor(), "kind", invocation.Flag("kind")));
    request.set_kind(static_cast<v1::InteractionKind>(kind));
  }
  RETURN_IF_ERROR(SetPage(invocation, &request));
  auto stub = v1::RelationshipService::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::ListInteractionsResponse response,
                   session.Call(*stub, &RelationshipStub::ListInteractions, request));
  RETURN_IF_ERROR(
      session.output().Show(response, [&] { return InteractionsTable(response.interactions()); }));
  session.output().NextPageHint(response.next_page_token());
  return absl::OkStatus();
}

absl::Status RunLogInteraction(const Invocation& invocation, Session& session) {
  ASSIGN_OR_RETURN(
      v1::LogInteractionRequest request,
      LogInteractionRequestFrom(invocation, session.input(),
                                RequestIdFor(invocation.global, session.clock().Now())));
  auto stub = v1::RelationshipService::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Interaction interaction,
                   session.CallWithRequestId(*stub, &RelationshipStub::LogInteraction, request,
                                             request.request_id()));
  return session.output().Show(interaction, [&] { return InteractionDetails(interaction); });
}

absl::Status RunListTasks(const Invocation& invocation, Session& session) {
  v1::ListTasksRequest request;
  request.set_parent(QualifiedName("relationshipManagers", invocation.args[0]));
  if (invocation.Has("status")) {
    ASSIGN_OR_RETURN(int status, ParseEnumFlag(v1::TaskStatus_descriptor(), "status",
                                               invocation.Flag("status")));
    request.set_status(static_cast<v1::TaskStatus>(status));
  }
  RETURN_IF_ERROR(SetPage(invocation, &request));
  auto stub = v1::RelationshipService::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::ListTasksResponse response,
                   session.Call(*stub, &RelationshipStub::ListTasks, request));
  RETURN_IF_ERROR(session.output().Show(response, [&] { return TasksTable(response.tasks()); }));
  session.output().NextPageHint(response.next_page_token());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::LogInteractionRequest> LogInteractionRequestFrom(const Invocation& invocation,
                                                                    std::istream& stdin_stream,
                                                                    const std::string& request_id) {
  v1::LogInteractionRequest request;
  if (invocation.Has("from_file")) {
    for (const char* flag : kInteractionFlags) {
      if (invocation.Has(flag)) {
        return UsageError(absl::StrCat("--", flag, " and --from_file do not go together"));
      }
    }
    RETURN_IF_ERROR(ReadJsonFile(invocation.Flag("from_file"), stdin_stream, &request));
  } else {
    if (!invocation.Has("kind")) {
      return UsageError("interactions log needs --kind (or --from_file)");
    }
    v1::Interaction& interaction = *request.mutable_interaction();
    ASSIGN_OR_RETURN(
        int kind, ParseEnumFlag(v1::InteractionKind_descriptor(), "kind", invocation.Flag("kind")));
    interaction.set_kind(static_cast<v1::InteractionKind>(kind));
    if (invocation.Has("at")) {
      ASSIGN_OR_RETURN(absl::Time at, ParseTimeFlag("at", invocation.Flag("at")));
      ToProto(at, interaction.mutable_occur_time());
    }
    interaction.set_summary(invocation.Flag("summary"));
    interaction.set_outcome(invocation.Flag("outcome"));
    interaction.set_next_steps(invocation.Flag("next_steps"));
    interaction.set_manager_id(invocation.Flag("manager"));
    interaction.set_engagement(invocation.Flag("engagement"));
    interaction.set_confidential(invocation.BoolFlag("confidential"));
    for (absl::string_view participant :
         absl::StrSplit(invocation.Flag("participants"), ',', absl::SkipWhitespace())) {
      interaction.add_participants(std::string(absl::StripAsciiWhitespace(participant)));
    }
  }
  if (!invocation.args.empty()) {
    request.set_parent(QualifiedName("customers", invocation.args[0]));
  }
  if (request.parent().empty()) {
    return UsageError("interactions log needs the CUSTOMER");
  }
  if (!invocation.global.request_id.empty() || request.request_id().empty()) {
    request.set_request_id(request_id);
  }
  return request;
}

std::string InteractionsTable(const google::protobuf::RepeatedPtrField<v1::Interaction>& list) {
  Table table({"OCCURRED", "KIND", "MANAGER", "SUMMARY", "OUTCOME", "NEXT STEPS", "CONFIDENTIAL"});
  for (const v1::Interaction& i : list) {
    table.AddRow({FormatTimestamp(i.occur_time()), EnumLabel(i.kind()), i.manager_id(), i.summary(),
                  i.outcome(), i.next_steps(), Confidentiality(i)});
  }
  return table.Render();
}

std::string InteractionDetails(const v1::Interaction& i) {
  DetailList d;
  d.Add("name", i.name());
  d.Add("customer", i.customer_id());
  d.Add("kind", EnumLabel(i.kind()));
  d.Add("occurred", FormatTimestamp(i.occur_time()));
  d.Add("manager", i.manager_id());
  d.Add("participants", absl::StrJoin(i.participants(), ", "));
  d.Add("summary", i.summary());
  d.Add("outcome", i.outcome());
  d.Add("next steps", i.next_steps());
  d.Add("confidential", Confidentiality(i));
  d.Add("engagement", i.engagement());
  d.Add("logged by", i.created_by());
  d.Add("logged", FormatTimestamp(i.create_time()));
  return d.Render();
}

std::string TasksTable(const google::protobuf::RepeatedPtrField<v1::FollowUpTask>& list) {
  Table table({"NAME", "DUE", "STATUS", "CUSTOMER", "SOURCE", "TITLE"});
  for (const v1::FollowUpTask& t : list) {
    table.AddRow({t.name(), FormatDate(t.due_date()), EnumLabel(t.status()), t.customer_id(),
                  t.source(), t.title()});
  }
  return table.Render();
}

void AddRelationshipCommands(CommandTable& table) {
  const char* kKinds = "visit, call, email, meeting or site_inspection";
  table.Add(WithPageFlags(CommandSpec("interactions", "list", RunListInteractions)
                              .Arguments("CUSTOMER", 1, 1)
                              .Summary("A customer's interaction log, newest first")
                              .Flag("kind", "KIND", kKinds)));
  table.Add(
      CommandSpec("interactions", "log", RunLogInteraction)
          .Arguments("[CUSTOMER]", 0, 1)
          .Summary("Log an interaction with a customer, from flags or a JSON file")
          .Flag("kind", "KIND", kKinds)
          .Flag("summary", "TEXT", "what was discussed")
          .Flag("outcome", "TEXT", "what came of it")
          .Flag("next_steps", "TEXT", "what happens next")
          .Flag("participants", "A,B", "who took part at the customer, comma-separated")
          .Flag("at", "TIME", "when it happened (default: now, as the service records it)")
          .Flag("manager", "ID", "the bank's staff id (default: the caller)")
          .Flag("engagement", "NAME", "the engagement it completes (customers/{c}/engagements/{e})")
          .Flag("confidential", "", "only the manager, risk officers and auditors see the notes")
          .Flag("from_file", "FILE", "a LogInteractionRequest in JSON instead (- = stdin)"));
  table.Add(
      WithPageFlags(CommandSpec("tasks", "list", RunListTasks)
                        .Arguments("MANAGER", 1, 1)
                        .Summary("A relationship manager's follow-up tasks, soonest due first")
                        .Flag("status", "STATUS", "open or done")));
}

}  // namespace ccrm::ctl
