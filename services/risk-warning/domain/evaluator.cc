#include "services/risk-warning/domain/evaluator.h"

#include "common/ids/uuid.h"
#include "common/status/status_macros.h"

namespace ccrm::risk {

bool ChangesDistress(const Evaluation& evaluation) {
  for (const AlertChange& change : evaluation.changes) {
    const IndicatorSpec* spec = FindIndicator(change.alert.indicator);
    if (change.action != kActionUpdated && spec != nullptr && !spec->derived) {
      return true;
    }
  }
  return false;
}

absl::StatusOr<RuleBook> Evaluator::LoadRules() const {
  ASSIGN_OR_RETURN(std::vector<Rule> rules, rules_->List(""));
  return RuleBook(std::move(rules));
}

std::vector<events::OutboxEvent> Evaluator::EventsFor(const std::vector<AlertChange>& changes,
                                                      const WriteContext& write) const {
  std::vector<events::OutboxEvent> out;
  for (const AlertChange& change : changes) {
    if (change.action == kActionUpdated) {
      continue;  // value drift only: stored, not announced
    }
    if (Notifies(change)) {
      out.push_back(encoder_->AlertRaised(change, write));
    }
    out.push_back(encoder_->AlertChanged(change, write));
  }
  return out;
}

absl::StatusOr<Evaluation> Evaluator::ApplyIn(CustomerLedger& ledger, const RiskFile& file,
                                              const RuleBook& book,
                                              const WriteContext& write) const {
  const absl::Time now = write.now;
  Evaluation evaluation = Evaluate(file, book, now, policy_, [now] { return NewUuidV7(now); });
  if (IsNoOp(evaluation, file)) {
    return evaluation;
  }
  RETURN_IF_ERROR(ledger.ApplyEvaluation(evaluation, EventsFor(evaluation.changes, write), write));
  return evaluation;
}

absl::StatusOr<Evaluation> Evaluator::EvaluateIn(CustomerLedger& ledger,
                                                 const WriteContext& write) const {
  ASSIGN_OR_RETURN(std::vector<Rule> rules, ledger.ListRules());
  const RuleBook book(std::move(rules));
  ASSIGN_OR_RETURN(RiskFile file, ledger.LoadRiskFile());
  return ApplyIn(ledger, file, book, write);
}

}  // namespace ccrm::risk
