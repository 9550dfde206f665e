#include "services/relationship-service/api/alert_events.h"

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/wire/money_time_mapping.h"
#include "services/relationship-service/storage/mysql_manager_repository.h"
#include "services/relationship-service/storage/mysql_task_repository.h"

namespace ccrm::relationship {
namespace {

constexpr char kAlertRaised[] = "ccrm.risk.v1.AlertRaised";

}  // namespace

std::vector<std::string> AlertEventTypes() { return {kAlertRaised}; }

AlertFacts ToAlertFacts(const risk::v1::AlertRaised& alert) {
  AlertFacts facts;
  facts.alert = alert.alert();
  facts.customer_id = alert.customer_id();
  facts.indicator = alert.indicator();
  facts.level = static_cast<int>(alert.level());
  facts.escalated = alert.escalated();
  facts.assignee_manager_id = alert.assignee_manager_id();
  facts.title = alert.title();
  facts.detail = alert.detail();
  return facts;
}

absl::Status ApplyAlertEvent(const ccrm::common::v1::Event& event, mysql::Session& session) {
  if (event.event_type() != kAlertRaised) {
    return absl::OkStatus();
  }
  risk::v1::AlertRaised raised;
  if (!event.payload().UnpackTo(&raised) || raised.alert().empty() ||
      raised.customer_id().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("event ", event.event_id(), " (",
                                                   event.event_type(),
                                                   ") does not parse or names no alert"));
  }
  const AlertFacts facts = ToAlertFacts(raised);
  std::string current_manager_id;
  if (facts.assignee_manager_id.empty()) {
    ASSIGN_OR_RETURN(current_manager_id, CurrentManagerIn(session, facts.customer_id));
  }
  const std::string manager_id = ResponsibleManagerOf(facts, current_manager_id);
  const absl::Time occurred = FromProto(event.occur_time());
  return UpsertTaskIn(session, TaskFromAlert(facts, manager_id, occurred), occurred).status();
}

}  // namespace ccrm::relationship
