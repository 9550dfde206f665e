// Use cases on contingency plans: the templates, activation by hand (for a customer, optionally
// naming one of its alerts), reading, listing, and completing steps.
//
// Example:
//   ASSIGN_OR_RETURN(ContingencyPlan p, plans.Activate(caller, customer_id,
//                    ContingencyScenario::kFundsDiverted, alert_id, key));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/page.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/contingency.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

class ContingencyService final {
 public:
  ContingencyService(RiskStore* store, RiskReader* reader, const Clock* clock)
      : store_(store), reader_(reader), clock_(clock) {}

  // INVALID_ARGUMENT (field scenario); NOT_FOUND OBLIGOR_NOT_FOUND (no exposure here) or
  // ALERT_NOT_FOUND (not this customer's); ALREADY_EXISTS PLAN_ALREADY_ACTIVE.
  absl::StatusOr<ContingencyPlan> Activate(const Caller& caller, const std::string& customer_id,
                                           ContingencyScenario scenario,
                                           const std::string& alert_id, const IdempotencyKey& key);
  absl::StatusOr<ContingencyPlan> Get(const std::string& plan_id);
  absl::StatusOr<Page<ContingencyPlan>> List(const PlanFilter& filter, const PageQuery& page);
  // See CompleteStep in contingency.h; note 1..2000 characters; ABORTED ETAG_MISMATCH.
  absl::StatusOr<ContingencyPlan> CompleteStep(const Caller& caller, const std::string& plan_id,
                                               int step_number, const std::string& note,
                                               int64_t expected_revision);

 private:
  RiskStore* store_;
  RiskReader* reader_;
  const Clock* clock_;
};

}  // namespace ccrm::risk
