// Use cases on rules: list, read, add a scoped rule, change one (a new version, with who and
// why), and each rule's revisions. Only risk officers and admins change rules (permission
// table); every change needs a reason.
//
// Example:
//   ASSIGN_OR_RETURN(Rule r, rules.Update(caller, changed, "tighter for real estate", version));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/ids/idempotency_key.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

class RuleService final {
 public:
  RuleService(RuleRepository* rules, const Clock* clock) : rules_(rules), clock_(clock) {}

  absl::StatusOr<std::vector<Rule>> List(const std::string& indicator);
  absl::StatusOr<Rule> Get(const std::string& rule_id);
  // INVALID_ARGUMENT (RuleProblems; field reason); ALREADY_EXISTS RULE_SCOPE_TAKEN.
  absl::StatusOr<Rule> Create(const Caller& caller, Rule draft, const std::string& reason,
                              const IdempotencyKey& key);
  // Changes thresholds, scenario, auto flag, enabled. INVALID_ARGUMENT; NOT_FOUND; ABORTED.
  absl::StatusOr<Rule> Update(const Caller& caller, Rule changed, const std::string& reason,
                              int64_t expected_version);
  absl::StatusOr<std::vector<Rule>> Revisions(const std::string& rule_id);

 private:
  RuleRepository* rules_;
  const Clock* clock_;
};

}  // namespace ccrm::risk
