#include "services/risk-warning/domain/contingency.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::risk {
namespace {

constexpr char kRelationshipManager[] = "relationship_manager";
constexpr char kRiskOfficer[] = "risk_officer";
constexpr char kCreditApprover[] = "credit_approver";
constexpr char kLegal[] = "legal";

// The steps follow the order a credit department works a distressed name: first find out what
// is happening (on site, from the borrower), then stop the bank's exposure from growing, then
// decide on the remedy and report it.
std::vector<ContingencyTemplate> BuildTemplates() {
  using S = ContingencyScenario;
  std::vector<ContingencyTemplate> templates;
  templates.push_back(
      {S::kProjectHalted,
       "Project halted: establish the cause and protect the undrawn commitment",
       {
           {"Inspect the project site and document its state (photos, site log, contractors "
            "present)",
            kRelationshipManager, 2},
           {"Obtain the borrower's written account of the halt and a dated restart plan",
            kRelationshipManager, 5},
           {"Re-assess the project's cash flows and repayment capacity under the delay",
            kRiskOfficer, 10},
           {"Decide whether to freeze undrawn amounts until construction resumes", kCreditApprover,
            10},
           {"Report the findings and the proposed measures to the credit committee", kRiskOfficer,
            15},
       }});
  templates.push_back(
      {S::kBorrowerCannotRepay,
       "Borrower cannot repay: secure repayment sources and prepare recovery",
       {
           {"Contact the borrower and every guarantor; record their statements on the arrears",
            kRelationshipManager, 1},
           {"Verify the borrower's cash position, receivables and other bank debts", kRiskOfficer,
            3},
           {"Freeze the undrawn part of the facility", kCreditApprover, 3},
           {"Negotiate a restructuring or decide to enforce the collateral and guarantees",
            kCreditApprover, 20},
           {"Prepare legal steps: demand letters, asset preservation, claims against guarantors",
            kLegal, 30},
       }});
  templates.push_back(
      {S::kFundsDiverted,
       "Funds diverted: stop disbursements and recover misused funds",
       {
           {"Stop further disbursements on the facility", kCreditApprover, 1},
           {"Trace the off-plan payments through the account statements and payee records",
            kRiskOfficer, 5},
           {"Demand in writing that the misused funds be returned to the project account",
            kRelationshipManager, 7},
           {"Review the contract's default and acceleration clauses and prepare notices", kLegal,
            10},
           {"Decide whether to accelerate the loan under the use-of-funds covenant",
            kCreditApprover, 15},
       }});
  templates.push_back(
      {S::kGuarantorFails,
       "Guarantor fails: restore the credit support",
       {
           {"Assess the guarantor's financial position and ability to honour the guarantee",
            kRiskOfficer, 5},
           {"Inform the borrower and require substitute security or a new guarantor",
            kRelationshipManager, 7},
           {"Re-assess collateral and guarantee coverage of the exposure", kRiskOfficer, 10},
           {"Decide on the facility's terms if no substitute security is provided", kCreditApprover,
            30},
       }});
  return templates;
}

}  // namespace

const std::vector<ContingencyTemplate>& ContingencyTemplates() {
  static const auto* const kTemplates = new std::vector<ContingencyTemplate>(BuildTemplates());
  return *kTemplates;
}

const ContingencyTemplate* TemplateFor(ContingencyScenario scenario) {
  for (const ContingencyTemplate& tmpl : ContingencyTemplates()) {
    if (tmpl.scenario == scenario) {
      return &tmpl;
    }
  }
  return nullptr;
}

ContingencyPlan BuildPlan(const ContingencyTemplate& tmpl, std::string plan_id,
                          std::string customer_id, std::string alert_id, std::string manager_id,
                          std::string activated_by, bool automatic, absl::Time activate_time) {
  ContingencyPlan plan;
  plan.plan_id = std::move(plan_id);
  plan.customer_id = std::move(customer_id);
  plan.scenario = tmpl.scenario;
  plan.alert_id = std::move(alert_id);
  plan.status = PlanStatus::kActive;
  plan.automatic = automatic;
  plan.activate_time = activate_time;
  const std::string& manager = manager_id.empty() ? activated_by : manager_id;
  int number = 0;
  for (const StepTemplate& step_template : tmpl.steps) {
    ContingencyStep step;
    step.step_number = ++number;
    step.title = step_template.title;
    step.owner_role = step_template.owner_role;
    step.owner = step_template.owner_role == kRelationshipManager ? manager : activated_by;
    step.due_time = activate_time + absl::Hours(24 * step_template.due_after_days);
    step.status = StepStatus::kPending;
    plan.steps.push_back(std::move(step));
  }
  plan.activated_by = std::move(activated_by);
  return plan;
}

int ProgressPercent(const ContingencyPlan& plan) {
  if (plan.steps.empty()) {
    return 0;
  }
  int done = 0;
  for (const ContingencyStep& step : plan.steps) {
    if (step.status == StepStatus::kDone) {
      ++done;
    }
  }
  return done * 100 / static_cast<int>(plan.steps.size());
}

absl::Status CompleteStep(ContingencyPlan& plan, int step_number, const std::string& actor,
                          const std::string& note, absl::Time now) {
  ContingencyStep* step = nullptr;
  for (ContingencyStep& candidate : plan.steps) {
    if (candidate.step_number == step_number) {
      step = &candidate;
    }
  }
  if (step == nullptr) {
    return InvalidField("step_number", absl::StrCat("must be one of the plan's steps (1..",
                                                    plan.steps.size(), ")"));
  }
  if (plan.status != PlanStatus::kActive) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat("plan ", plan.plan_id, " is not active")),
        "PLAN_NOT_ACTIVE");
  }
  if (step->status == StepStatus::kDone) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat("step ", step_number, " of plan ",
                                                                 plan.plan_id, " is already done")),
                      "STEP_ALREADY_DONE");
  }
  step->status = StepStatus::kDone;
  step->completed_by = actor;
  step->complete_time = now;
  step->note = note;
  bool all_done = true;
  for (const ContingencyStep& other : plan.steps) {
    if (other.status != StepStatus::kDone) {
      all_done = false;
    }
  }
  if (all_done) {
    plan.status = PlanStatus::kCompleted;
  }
  return absl::OkStatus();
}

}  // namespace ccrm::risk
