// Evaluation: from a customer's risk file and the rule book, what changes — alerts opened,
// raised, lowered, cleared (one open alert per customer and indicator, its level moving in
// place), the five-category suggestions, and contingency plans a RED alert activates. Pure:
// storage loads the file and applies the result in the same transaction.
//
// Example:
//   Evaluation e = Evaluate(file, book, now, policy, [&] { return NewUuidV7(now); });
//   for (const AlertChange& c : e.changes) { ... }
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/classification.h"
#include "services/risk-warning/domain/contingency.h"
#include "services/risk-warning/domain/risk_file.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {

// The actor evaluation and the sweeps write as.
inline constexpr char kSystemActor[] = "risk-warning";

struct Evaluation {
  // Opened, raised, lowered, cleared and updated (value or inputs only) alerts, in indicator
  // order. Each carries the alert as it is to be stored.
  std::vector<AlertChange> changes;
  // Every active exposure's suggestion (storage writes those that differ).
  ObligorCategory classification;
  // Plans to activate (RED alerts whose rule activates one, when no plan of that scenario is
  // active for the customer).
  std::vector<ContingencyPlan> activations;
  // Suppressions to end (their indicator cleared) and to record (none are recorded here: only a
  // person marking an alert false positive records one).
  std::vector<std::string> suppressions_cleared;
};

// Counts of what an evaluation changed, for scans and responses.
struct EvaluationCounts {
  int opened = 0;
  int raised = 0;
  int lowered = 0;
  int cleared = 0;
  int plans_activated = 0;
};
EvaluationCounts CountOf(const Evaluation& evaluation);

// `new_id` makes ids for new alerts and plans. A new or raised OPEN alert gets an
// acknowledgement deadline of now + policy.For(level). A customer with no active exposure has
// no readings: its open alerts clear.
Evaluation Evaluate(const RiskFile& file, const RuleBook& rules, absl::Time now,
                    const AcknowledgePolicy& policy, const std::function<std::string()>& new_id);

// True when nothing is to be written (no alert change, no activation, no suppression to end,
// and every exposure's category, reason and days past due equal to what `file` holds).
bool IsNoOp(const Evaluation& evaluation, const RiskFile& file);

}  // namespace ccrm::risk
