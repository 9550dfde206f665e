// Use cases on alerts: read, list, history; status changes and reassignment by people (with the
// customer's lock, so an evaluation in flight cannot undo them); the escalation sweep.
//
// Who may do what (beyond the permission table): a relationship manager changes only alerts
// assigned to them and may not mark one a false positive; risk officers and admins may do
// anything; only risk officers and admins reassign.
//
// Example:
//   ASSIGN_OR_RETURN(Alert a, alerts.ChangeStatus(caller, id, AlertStatus::kAcknowledged, "", 0));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/pagination/page.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/evaluator.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

class AlertService final {
 public:
  AlertService(RiskStore* store, RiskReader* reader, const Evaluator* evaluator, const Clock* clock)
      : store_(store), reader_(reader), evaluator_(evaluator), clock_(clock) {}

  absl::StatusOr<Alert> Get(const std::string& alert_id);
  absl::StatusOr<Page<Alert>> List(const AlertFilter& filter, const PageQuery& page);
  absl::StatusOr<std::vector<AlertChange>> History(const std::string& alert_id);

  // See alert_lifecycle.h for the transitions; PERMISSION_DENIED (reason NOT_ALERT_ASSIGNEE /
  // FALSE_POSITIVE_NEEDS_RISK_OFFICER) as above; ABORTED ETAG_MISMATCH on a stale revision.
  // FALSE_POSITIVE also records the suppression.
  absl::StatusOr<Alert> ChangeStatus(const Caller& caller, const std::string& alert_id,
                                     AlertStatus to, const std::string& note,
                                     int64_t expected_revision);
  absl::StatusOr<Alert> Assign(const Caller& caller, const std::string& alert_id,
                               const std::string& manager_id, const std::string& reason,
                               int64_t expected_revision);

  // Escalates up to `batch` OPEN alerts past their acknowledgement deadline, each in its
  // customer's transaction (re-checked under the lock). Returns how many escalated.
  absl::StatusOr<int> EscalateOverdue(int batch);

 private:
  RiskStore* store_;
  RiskReader* reader_;
  const Evaluator* evaluator_;
  const Clock* clock_;
};

}  // namespace ccrm::risk
