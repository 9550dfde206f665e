#include "tools/ccrmctl/alert_commands.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/status/status_macros.h"
#include "tools/ccrmctl/alert_watch.h"
#include "tools/ccrmctl/cli_errors.h"
#include "tools/ccrmctl/formatting.h"
#include "tools/ccrmctl/paging.h"
#include "tools/ccrmctl/resource_names.h"
#include "tools/ccrmctl/session.h"
#include "tools/ccrmctl/table.h"

namespace ccrm::ctl {
namespace {

namespace v1 = ::ccrm::risk::v1;
using RiskStub = v1::RiskWarning::Stub;

std::string Inputs(const v1::Alert& alert) {
  std::vector<std::string> parts;
  for (const v1::AlertInput& input : alert.inputs()) {
    parts.push_back(absl::StrCat(input.key(), "=", input.value()));
  }
  return absl::StrJoin(parts, ", ");
}

absl::Status ShowAlert(Session& session, const v1::Alert& alert) {
  return session.output().Show(alert, [&] { return AlertDetails(alert); });
}

absl::Status RunList(const Invocation& invocation, Session& session) {
  ASSIGN_OR_RETURN(v1::ListAlertsRequest request, ListAlertsRequestFrom(invocation));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::ListAlertsResponse response,
                   session.Call(*stub, &RiskStub::ListAlerts, request));
  RETURN_IF_ERROR(session.output().Show(response, [&] { return AlertsTable(response.alerts()); }));
  session.output().NextPageHint(response.next_page_token());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& invocation, Session& session) {
  v1::GetAlertRequest request;
  request.set_name(QualifiedName("alerts", invocation.args[0]));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Alert alert, session.Call(*stub, &RiskStub::GetAlert, request));
  return ShowAlert(session, alert);
}

absl::Status RunAcknowledge(const Invocation& invocation, Session& session) {
  v1::UpdateAlertStatusRequest request;
  request.set_name(QualifiedName("alerts", invocation.args[0]));
  request.set_status(v1::ALERT_STATUS_ACKNOWLEDGED);
  request.set_note(invocation.Flag("note"));
  request.set_etag(invocation.Flag("etag"));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Alert alert, session.Call(*stub, &RiskStub::UpdateAlertStatus, request));
  return ShowAlert(session, alert);
}

absl::Status RunResolve(const Invocation& invocation, Session& session) {
  ASSIGN_OR_RETURN(v1::UpdateAlertStatusRequest request, ResolveAlertRequestFrom(invocation));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Alert alert, session.Call(*stub, &RiskStub::UpdateAlertStatus, request));
  return ShowAlert(session, alert);
}

absl::Status RunAssign(const Invocation& invocation, Session& session) {
  v1::AssignAlertRequest request;
  request.set_name(QualifiedName("alerts", invocation.args[0]));
  request.set_assignee_manager_id(BareId("relationshipManagers", invocation.args[1]));
  request.set_reason(invocation.Flag("reason"));
  request.set_etag(invocation.Flag("etag"));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Alert alert, session.Call(*stub, &RiskStub::AssignAlert, request));
  return ShowAlert(session, alert);
}

absl::Status RunHistory(const Invocation& invocation, Session& session) {
  v1::ListAlertHistoryRequest request;
  request.set_name(QualifiedName("alerts", invocation.args[0]));
  auto stub = v1::RiskWarning::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::ListAlertHistoryResponse response,
                   session.Call(*stub, &RiskStub::ListAlertHistory, request));
  return session.output().Show(response, [&] { return AlertHistoryTable(response.changes()); });
}

}  // namespace

absl::StatusOr<v1::ListAlertsRequest> ListAlertsRequestFrom(const Invocation& invocation) {
  v1::ListAlertsRequest request;
  request.set_customer_id(BareId("customers", invocation.Flag("customer")));
  request.set_assignee_manager_id(BareId("relationshipManagers", invocation.Flag("assignee")));
  request.set_indicator(invocation.Flag("indicator"));
  if (invocation.Has("level")) {
    ASSIGN_OR_RETURN(int level,
                     ParseEnumFlag(v1::AlertLevel_descriptor(), "level", invocation.Flag("level")));
    request.set_min_level(static_cast<v1::AlertLevel>(level));
  }
  for (absl::string_view status :
       absl::StrSplit(invocation.Flag("status"), ',', absl::SkipWhitespace())) {
    ASSIGN_OR_RETURN(int value, ParseEnumFlag(v1::AlertStatus_descriptor(), "status",
                                              absl::StripAsciiWhitespace(status)));
    request.add_statuses(static_cast<v1::AlertStatus>(value));
  }
  RETURN_IF_ERROR(SetPage(invocation, &request));
  return request;
}

absl::StatusOr<v1::UpdateAlertStatusRequest> ResolveAlertRequestFrom(const Invocation& invocation) {
  v1::UpdateAlertStatusRequest request;
  request.set_name(QualifiedName("alerts", invocation.args[0]));
  request.set_status(invocation.BoolFlag("false_positive") ? v1::ALERT_STATUS_FALSE_POSITIVE
                                                           : v1::ALERT_STATUS_RESOLVED);
  request.set_note(invocation.Flag("note"));
  if (request.note().empty()) {
    return UsageError("alerts resolve needs --note: what was done, or why it was no risk");
  }
  request.set_etag(invocation.Flag("etag"));
  return request;
}

std::string AlertsTable(const google::protobuf::RepeatedPtrField<v1::Alert>& list) {
  Table table(
      {"NAME", "LEVEL", "STATUS", "INDICATOR", "VALUE", "CUSTOMER", "ASSIGNEE", "OPENED", "TITLE"});
  for (const v1::Alert& a : list) {
    table.AddRow({a.name(), EnumLabel(a.level()), EnumLabel(a.status()), a.indicator(),
                  FormatNumber(a.value()), a.customer_id(), a.assignee_manager_id(),
                  FormatTimestamp(a.open_time()), a.title()});
  }
  return table.Render();
}

std::string AlertDetails(const v1::Alert& a) {
  DetailList d;
  d.Add("name", a.name());
  d.Add("customer", a.customer_id());
  d.Add("indicator", a.indicator());
  d.Add("status", EnumLabel(a.status()));
  d.Add("level", EnumLabel(a.level()));
  d.Add("evaluated level", EnumLabel(a.evaluated_level()));
  d.Add("escalation steps", absl::StrCat(a.escalation_steps()));
  d.Add("value", FormatNumber(a.value()));
  d.Add("threshold", FormatNumber(a.threshold()));
  d.Add("rule",
        a.rule().empty() ? "" : absl::StrCat(a.rule(), " (version ", a.rule_version(), ")"));
  d.Add("inputs", Inputs(a));
  d.Add("title", a.title());
  d.Add("detail", a.detail());
  d.Add("assignee", a.assignee_manager_id());
  d.Add("opened", FormatTimestamp(a.open_time()));
  d.Add("acknowledge by", FormatTimestamp(a.acknowledge_deadline()));
  d.Add("acknowledged", FormatTimestamp(a.acknowledge_time()));
  d.Add("closed", FormatTimestamp(a.close_time()));
  d.Add("resolution note", a.resolution_note());
  d.Add("updated", FormatTimestamp(a.update_time()));
  d.Add("etag", a.etag());
  return d.Render();
}

std::string AlertHistoryTable(const google::protobuf::RepeatedPtrField<v1::AlertChange>& list) {
  Table table({"TIME", "ACTION", "LEVEL", "STATUS", "ACTOR", "NOTE"});
  for (const v1::AlertChange& c : list) {
    table.AddRow({FormatTimestamp(c.change_time()), c.action(), EnumLabel(c.alert().level()),
                  EnumLabel(c.alert().status()), c.actor(), c.note()});
  }
  return table.Render();
}

void AddAlertCommands(CommandTable& table) {
  table.Add(WithPageFlags(
      CommandSpec("alerts", "list", RunList)
          .Summary("Alerts, highest level first (open ones unless --status says otherwise)")
          .Flag("customer", "CUSTOMER", "one customer's alerts")
          .Flag("assignee", "MANAGER", "alerts assigned to this manager")
          .Flag("level", "LEVEL", "at least this level: blue, yellow, orange or red")
          .Flag("status", "S1,S2", "open, acknowledged, in_progress, resolved, false_positive")
          .Flag("indicator", "NAME", "one indicator, e.g. days_past_due")));
  table.Add(CommandSpec("alerts", "get", RunGet)
                .Arguments("ALERT", 1, 1)
                .Summary("Show one alert (alerts/{id} or the id)"));
  table.Add(CommandSpec("alerts", "ack", RunAcknowledge)
                .Arguments("ALERT", 1, 1)
                .Summary("Acknowledge an alert (stops its escalation clock)")
                .Flag("note", "TEXT", "a note kept in the alert's history")
                .Flag("etag", "ETAG", "fail with ABORTED if the alert changed since"));
  table.Add(CommandSpec("alerts", "resolve", RunResolve)
                .Arguments("ALERT", 1, 1)
                .Summary("Close an alert as resolved, or as a false positive")
                .Flag("note", "TEXT", "what was done (required)")
                .Flag("false_positive", "", "close it as a false positive (risk officers)")
                .Flag("etag", "ETAG", "fail with ABORTED if the alert changed since"));
  table.Add(CommandSpec("alerts", "assign", RunAssign)
                .Arguments("ALERT MANAGER", 2, 2)
                .Summary("Give an alert to another relationship manager")
                .Flag("reason", "TEXT", "why (kept in the alert's history)")
                .Flag("etag", "ETAG", "fail with ABORTED if the alert changed since"));
  table.Add(CommandSpec("alerts", "history", RunHistory)
                .Arguments("ALERT", 1, 1)
                .Summary("Every change of an alert, oldest first"));
  AddAlertWatchCommand(table);
}

}  // namespace ccrm::ctl
