#include "services/risk-warning/domain/rule_service.h"

#include <utility>

#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/validation/field_checks.h"

namespace ccrm::risk {
namespace {

absl::Status CheckRule(const Rule& rule, const std::string& reason) {
  FieldViolations violations;
  for (const auto& [field, message] : RuleProblems(rule)) {
    violations.Add(field, message);
  }
  CheckText(violations, "reason", reason, TextRule::Required(3, 1000));
  return violations.ToStatus();
}

}  // namespace

absl::StatusOr<std::vector<Rule>> RuleService::List(const std::string& indicator) {
  if (!indicator.empty() && FindIndicator(indicator) == nullptr) {
    return InvalidField("indicator", "is not a known indicator");
  }
  return rules_->List(indicator);
}

absl::StatusOr<Rule> RuleService::Get(const std::string& rule_id) { return rules_->Get(rule_id); }

absl::StatusOr<Rule> RuleService::Create(const Caller& caller, Rule draft,
                                         const std::string& reason, const IdempotencyKey& key) {
  if (const IndicatorSpec* spec = FindIndicator(draft.indicator); spec != nullptr) {
    draft.higher_is_worse = spec->higher_is_worse;
  }
  draft.enabled = true;
  RETURN_IF_ERROR(CheckRule(draft, reason));
  return rules_->Create(draft, key, caller.Write(clock_->Now(), reason));
}

absl::StatusOr<Rule> RuleService::Update(const Caller& caller, Rule changed,
                                         const std::string& reason, int64_t expected_version) {
  ASSIGN_OR_RETURN(Rule stored, rules_->Get(changed.rule_id));
  // Scope and indicator are the rule's identity: a different scope is a new rule.
  stored.thresholds = changed.thresholds;
  stored.contingency_scenario = changed.contingency_scenario;
  stored.auto_activate_contingency = changed.auto_activate_contingency;
  stored.enabled = changed.enabled;
  RETURN_IF_ERROR(CheckRule(stored, reason));
  return rules_->Update(stored, expected_version, caller.Write(clock_->Now(), reason));
}

absl::StatusOr<std::vector<Rule>> RuleService::Revisions(const std::string& rule_id) {
  return rules_->Revisions(rule_id);
}

}  // namespace ccrm::risk
