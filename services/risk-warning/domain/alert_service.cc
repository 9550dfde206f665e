#include "services/risk-warning/domain/alert_service.h"

#include <utility>

#include "common/auth/principal.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/domain/alert_lifecycle.h"

namespace ccrm::risk {
namespace {

bool IsRiskOfficerOrAdmin(const Caller& caller) {
  return caller.principal.HasRole(roles::kRiskOfficer) || caller.principal.HasRole(roles::kAdmin);
}

// A relationship manager works only the alerts assigned to them.
absl::Status CheckMayWork(const Caller& caller, const Alert& alert) {
  if (IsRiskOfficerOrAdmin(caller) || alert.assignee_manager_id == caller.principal.subject) {
    return absl::OkStatus();
  }
  return WithReason(absl::PermissionDeniedError("the alert is assigned to someone else"),
                    "NOT_ALERT_ASSIGNEE");
}

}  // namespace

absl::StatusOr<Alert> AlertService::Get(const std::string& alert_id) {
  return reader_->GetAlert(alert_id);
}

absl::StatusOr<Page<Alert>> AlertService::List(const AlertFilter& filter, const PageQuery& page) {
  return reader_->ListAlerts(filter, page);
}

absl::StatusOr<std::vector<AlertChange>> AlertService::History(const std::string& alert_id) {
  return reader_->AlertHistory(alert_id);
}

absl::StatusOr<Alert> AlertService::ChangeStatus(const Caller& caller, const std::string& alert_id,
                                                 AlertStatus to, const std::string& note,
                                                 int64_t expected_revision) {
  if (to == AlertStatus::kFalsePositive && !IsRiskOfficerOrAdmin(caller)) {
    return WithReason(
        absl::PermissionDeniedError("only a risk officer may mark an alert a false positive"),
        "FALSE_POSITIVE_NEEDS_RISK_OFFICER");
  }
  ASSIGN_OR_RETURN(std::string customer_id, store_->CustomerOfAlert(alert_id));
  const absl::Time now = clock_->Now();
  const WriteContext write = caller.Write(now);
  Alert result;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(Alert alert, ledger.GetAlert(alert_id));
        RETURN_IF_ERROR(CheckMayWork(caller, alert));
        ASSIGN_OR_RETURN(AlertChange change,
                         risk::ChangeStatus(alert, to, note, caller.principal.subject, now));
        RETURN_IF_ERROR(ledger.SaveAlertChange(change, expected_revision,
                                               evaluator_->EventsFor({change}, write)));
        if (to == AlertStatus::kFalsePositive) {
          RETURN_IF_ERROR(ledger.Suppress(alert.indicator, alert.evaluated_level, alert_id));
        }
        ASSIGN_OR_RETURN(result, ledger.GetAlert(alert_id));
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<Alert> AlertService::Assign(const Caller& caller, const std::string& alert_id,
                                           const std::string& manager_id, const std::string& reason,
                                           int64_t expected_revision) {
  if (!IsRiskOfficerOrAdmin(caller)) {
    return WithReason(absl::PermissionDeniedError("only risk officers and admins reassign alerts"),
                      "REASSIGNMENT_NEEDS_RISK_OFFICER");
  }
  ASSIGN_OR_RETURN(std::string customer_id, store_->CustomerOfAlert(alert_id));
  const absl::Time now = clock_->Now();
  const WriteContext write = caller.Write(now, reason);
  Alert result;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(Alert alert, ledger.GetAlert(alert_id));
        ASSIGN_OR_RETURN(AlertChange change,
                         Reassign(alert, manager_id, reason, caller.principal.subject, now));
        RETURN_IF_ERROR(ledger.SaveAlertChange(change, expected_revision,
                                               evaluator_->EventsFor({change}, write)));
        ASSIGN_OR_RETURN(result, ledger.GetAlert(alert_id));
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<int> AlertService::EscalateOverdue(int batch) {
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(auto candidates, reader_->OverdueAcknowledgements(now, batch));
  const WriteContext write{kSystemActor, {}, "", now, "not acknowledged in time"};
  int escalated = 0;
  for (const auto& candidate : candidates) {
    // Not a structured binding: C++17 lambdas cannot capture those (clang refuses).
    const std::string& alert_id = candidate.first;
    const std::string& customer_id = candidate.second;
    bool done = false;
    RETURN_IF_ERROR(store_->InCustomerTransaction(
        customer_id, now + absl::Seconds(30), [&](CustomerLedger& ledger) -> absl::Status {
          done = false;
          ASSIGN_OR_RETURN(Alert alert, ledger.GetAlert(alert_id));
          // Re-checked under the lock: another replica may have escalated it, or someone
          // acknowledged it, since the candidates were read.
          std::optional<AlertChange> change = EscalateIfOverdue(alert, now, evaluator_->policy());
          if (!change.has_value()) {
            return absl::OkStatus();
          }
          RETURN_IF_ERROR(ledger.SaveAlertChange(*change, alert.revision,
                                                 evaluator_->EventsFor({*change}, write)));
          done = true;
          // The higher level may move the classification suggestions.
          return evaluator_->EvaluateIn(ledger, write).status();
        }));
    escalated += done ? 1 : 0;
  }
  return escalated;
}

}  // namespace ccrm::risk
