// Contingency plans (应急预案): a template per scenario (project halted, borrower cannot repay,
// funds diverted, guarantor fails) with steps, owners and deadlines; a plan is activated for a
// customer (by hand, or automatically by a RED alert whose rule says so) and its steps tracked.
//
// Example:
//   ContingencyPlan plan = ActivatePlan(TemplateFor(ContingencyScenario::kFundsDiverted),
//                                       customer_id, alert_id, manager_id, write);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {

struct StepTemplate {
  std::string title;
  // "relationship_manager", "risk_officer", "credit_approver", "legal".
  std::string owner_role;
  int due_after_days = 0;
};

struct ContingencyTemplate {
  ContingencyScenario scenario = ContingencyScenario::kUnspecified;
  std::string title;
  std::vector<StepTemplate> steps;
};

// The four templates, in scenario order.
const std::vector<ContingencyTemplate>& ContingencyTemplates();
// nullptr for kUnspecified.
const ContingencyTemplate* TemplateFor(ContingencyScenario scenario);

enum class PlanStatus { kUnspecified = 0, kActive = 1, kCompleted = 2 };
enum class StepStatus { kUnspecified = 0, kPending = 1, kDone = 2 };

struct ContingencyStep {
  int step_number = 0;  // from 1
  std::string title;
  std::string owner_role;
  std::string owner;
  absl::Time due_time;
  StepStatus status = StepStatus::kPending;
  std::string completed_by;
  std::optional<absl::Time> complete_time;
  std::string note;
};

struct ContingencyPlan {
  std::string plan_id;
  std::string customer_id;
  ContingencyScenario scenario = ContingencyScenario::kUnspecified;
  // Empty when activated without an alert.
  std::string alert_id;
  PlanStatus status = PlanStatus::kActive;
  bool automatic = false;
  std::string activated_by;
  absl::Time activate_time;
  std::vector<ContingencyStep> steps;
  int64_t revision = 1;
};

// A new ACTIVE plan from the template: steps due activate_time + due_after_days; owner of a
// relationship_manager step is `manager_id` (or `activated_by` when empty), of the other steps
// `activated_by`.
ContingencyPlan BuildPlan(const ContingencyTemplate& tmpl, std::string plan_id,
                          std::string customer_id, std::string alert_id, std::string manager_id,
                          std::string activated_by, bool automatic, absl::Time activate_time);

// Percent of steps done (0..100, rounded down).
int ProgressPercent(const ContingencyPlan& plan);

// Marks step `step_number` DONE (and the plan COMPLETED when it was the last pending step).
// INVALID_ARGUMENT (field step_number) for no such step; FAILED_PRECONDITION reason
// STEP_ALREADY_DONE, or PLAN_NOT_ACTIVE for a completed plan.
absl::Status CompleteStep(ContingencyPlan& plan, int step_number, const std::string& actor,
                          const std::string& note, absl::Time now);

}  // namespace ccrm::risk
