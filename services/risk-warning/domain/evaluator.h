// Runs an evaluation inside a customer's transaction: loads the risk file, evaluates it against
// the current rules, and writes the result with its events (AlertRaised for opened, raised and
// escalated alerts; AlertChange for every change but "updated"). Shared by every write that can
// change a customer's risk (observations, collateral, signals, re-evaluation, the scan).
//
// Example:
//   ASSIGN_OR_RETURN(Evaluation e, evaluator.EvaluateIn(ledger, write));
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/evaluation.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

// True when the evaluation moved the level of an alert on a non-derived indicator (what group
// members and guaranteed customers see of this customer).
bool ChangesDistress(const Evaluation& evaluation);

class Evaluator final {
 public:
  Evaluator(RuleRepository* rules, const RiskEventEncoder* encoder, AcknowledgePolicy policy)
      : rules_(rules), encoder_(encoder), policy_(policy) {}

  // Loads, evaluates at write.now, applies. Returns what changed.
  absl::StatusOr<Evaluation> EvaluateIn(CustomerLedger& ledger, const WriteContext& write) const;
  // The same for a file already loaded (the scan re-checks under the lock with this).
  absl::StatusOr<Evaluation> ApplyIn(CustomerLedger& ledger, const RiskFile& file,
                                     const RuleBook& book, const WriteContext& write) const;
  // The events a set of alert changes publishes, in order.
  std::vector<events::OutboxEvent> EventsFor(const std::vector<AlertChange>& changes,
                                             const WriteContext& write) const;
  absl::StatusOr<RuleBook> LoadRules() const;
  const AcknowledgePolicy& policy() const { return policy_; }

 private:
  RuleRepository* rules_;
  const RiskEventEncoder* encoder_;
  AcknowledgePolicy policy_;
};

}  // namespace ccrm::risk
