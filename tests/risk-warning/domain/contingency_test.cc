#include "services/risk-warning/domain/contingency.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::risk {
namespace {

using ::ccrm::testing::StatusIs;
using Scenario = ContingencyScenario;

const absl::Time kActivated =
    absl::FromCivil(absl::CivilSecond(2026, 4, 1, 10, 30, 0), absl::UTCTimeZone());

ContingencyPlan Plan(const std::string& manager_id = "rm.wang") {
  return BuildPlan(*TemplateFor(Scenario::kBorrowerCannotRepay), "plan-1", "cust-1", "alert-1",
                   manager_id, "risk.li", /*automatic=*/false, kActivated);
}

TEST(ContingencyTemplatesTest, OnePerScenarioInScenarioOrder) {
  const auto& templates = ContingencyTemplates();
  ASSERT_EQ(templates.size(), 4u);
  EXPECT_EQ(templates[0].scenario, Scenario::kProjectHalted);
  EXPECT_EQ(templates[1].scenario, Scenario::kBorrowerCannotRepay);
  EXPECT_EQ(templates[2].scenario, Scenario::kFundsDiverted);
  EXPECT_EQ(templates[3].scenario, Scenario::kGuarantorFails);
  for (const ContingencyTemplate& tmpl : templates) {
    EXPECT_EQ(TemplateFor(tmpl.scenario), &tmpl);
  }
  EXPECT_EQ(TemplateFor(Scenario::kUnspecified), nullptr);
}

TEST(ContingencyTemplatesTest, StepsAreOwnedAndDueWithinAMonth) {
  const std::set<std::string> roles = {"relationship_manager", "risk_officer", "credit_approver",
                                       "legal"};
  for (const ContingencyTemplate& tmpl : ContingencyTemplates()) {
    EXPECT_FALSE(tmpl.title.empty());
    EXPECT_GE(tmpl.steps.size(), 4u) << tmpl.title;
    EXPECT_LE(tmpl.steps.size(), 6u) << tmpl.title;
    int previous_due = 0;
    for (const StepTemplate& step : tmpl.steps) {
      EXPECT_FALSE(step.title.empty());
      EXPECT_LE(step.title.size(), 300u) << step.title;
      EXPECT_EQ(roles.count(step.owner_role), 1u) << step.owner_role;
      EXPECT_GE(step.due_after_days, 1) << step.title;
      EXPECT_LE(step.due_after_days, 30) << step.title;
      // Listed in the order they fall due.
      EXPECT_GE(step.due_after_days, previous_due) << step.title;
      previous_due = step.due_after_days;
    }
  }
}

TEST(ContingencyTemplatesTest, ProjectHaltedStartsWithASiteInspectionWithinTwoDays) {
  const ContingencyTemplate* tmpl = TemplateFor(Scenario::kProjectHalted);
  ASSERT_NE(tmpl, nullptr);
  EXPECT_THAT(tmpl->steps[0].title, ::testing::HasSubstr("site"));
  EXPECT_EQ(tmpl->steps[0].owner_role, "relationship_manager");
  EXPECT_EQ(tmpl->steps[0].due_after_days, 2);
  const ContingencyTemplate* diverted = TemplateFor(Scenario::kFundsDiverted);
  EXPECT_EQ(diverted->steps[0].owner_role, "credit_approver");
  EXPECT_EQ(diverted->steps[0].due_after_days, 1);
}

TEST(BuildPlanTest, StepsFromTheTemplate) {
  const ContingencyTemplate& tmpl = *TemplateFor(Scenario::kBorrowerCannotRepay);
  const ContingencyPlan plan = Plan();
  EXPECT_EQ(plan.plan_id, "plan-1");
  EXPECT_EQ(plan.customer_id, "cust-1");
  EXPECT_EQ(plan.scenario, Scenario::kBorrowerCannotRepay);
  EXPECT_EQ(plan.alert_id, "alert-1");
  EXPECT_EQ(plan.status, PlanStatus::kActive);
  EXPECT_FALSE(plan.automatic);
  EXPECT_EQ(plan.activated_by, "risk.li");
  EXPECT_EQ(plan.activate_time, kActivated);
  ASSERT_EQ(plan.steps.size(), tmpl.steps.size());
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const ContingencyStep& step = plan.steps[i];
    EXPECT_EQ(step.step_number, static_cast<int>(i) + 1);
    EXPECT_EQ(step.title, tmpl.steps[i].title);
    EXPECT_EQ(step.owner_role, tmpl.steps[i].owner_role);
    EXPECT_EQ(step.owner, step.owner_role == "relationship_manager" ? "rm.wang" : "risk.li");
    EXPECT_EQ(step.due_time, kActivated + absl::Hours(24 * tmpl.steps[i].due_after_days));
    EXPECT_EQ(step.status, StepStatus::kPending);
    EXPECT_EQ(step.completed_by, "");
    EXPECT_FALSE(step.complete_time.has_value());
  }
  // The first step: the manager calls the borrower within a day.
  EXPECT_EQ(plan.steps[0].owner, "rm.wang");
  EXPECT_EQ(plan.steps[0].due_time, kActivated + absl::Hours(24));
}

TEST(BuildPlanTest, WithoutAManagerTheActivatorOwnsEveryStep) {
  const ContingencyPlan plan = Plan("");
  for (const ContingencyStep& step : plan.steps) {
    EXPECT_EQ(step.owner, "risk.li");
  }
}

TEST(ProgressPercentTest, RoundsDown) {
  ContingencyPlan plan = Plan();
  ASSERT_EQ(plan.steps.size(), 5u);
  EXPECT_EQ(ProgressPercent(plan), 0);
  plan.steps[0].status = StepStatus::kDone;
  EXPECT_EQ(ProgressPercent(plan), 20);
  plan.steps.pop_back();
  plan.steps.pop_back();  // 1 of 3
  EXPECT_EQ(ProgressPercent(plan), 33);
  plan.steps[1].status = StepStatus::kDone;  // 2 of 3
  EXPECT_EQ(ProgressPercent(plan), 66);
  plan.steps[2].status = StepStatus::kDone;
  EXPECT_EQ(ProgressPercent(plan), 100);
  plan.steps.clear();
  EXPECT_EQ(ProgressPercent(plan), 0);
}

TEST(CompleteStepTest, MarksTheStepDone) {
  ContingencyPlan plan = Plan();
  const absl::Time now = kActivated + absl::Hours(3);
  ASSERT_OK(CompleteStep(plan, 2, "risk.li", "cash 1.2m, receivables 8m", now));
  EXPECT_EQ(plan.steps[1].status, StepStatus::kDone);
  EXPECT_EQ(plan.steps[1].completed_by, "risk.li");
  EXPECT_EQ(plan.steps[1].complete_time, now);
  EXPECT_EQ(plan.steps[1].note, "cash 1.2m, receivables 8m");
  EXPECT_EQ(plan.steps[0].status, StepStatus::kPending);
  EXPECT_EQ(plan.status, PlanStatus::kActive);
  EXPECT_EQ(ProgressPercent(plan), 20);
}

TEST(CompleteStepTest, TheLastPendingStepCompletesThePlan) {
  ContingencyPlan plan = Plan();
  for (int step : {5, 1, 3, 2}) {
    ASSERT_OK(CompleteStep(plan, step, "risk.li", "", kActivated));
    EXPECT_EQ(plan.status, PlanStatus::kActive) << step;
  }
  ASSERT_OK(CompleteStep(plan, 4, "risk.li", "restructuring agreed", kActivated));
  EXPECT_EQ(plan.status, PlanStatus::kCompleted);
  EXPECT_EQ(ProgressPercent(plan), 100);
}

TEST(CompleteStepTest, NoSuchStep) {
  ContingencyPlan plan = Plan();
  for (int step : {0, -1, 6}) {
    absl::Status s = CompleteStep(plan, step, "risk.li", "", kActivated);
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
    ASSERT_EQ(FieldViolationsOf(s).size(), 1u);
    EXPECT_EQ(FieldViolationsOf(s)[0].field, "step_number");
  }
}

TEST(CompleteStepTest, AlreadyDone) {
  ContingencyPlan plan = Plan();
  ASSERT_OK(CompleteStep(plan, 1, "rm.wang", "", kActivated));
  absl::Status s = CompleteStep(plan, 1, "risk.li", "again", kActivated + absl::Hours(1));
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(s), "STEP_ALREADY_DONE");
  // The first completion stands.
  EXPECT_EQ(plan.steps[0].completed_by, "rm.wang");
}

TEST(CompleteStepTest, CompletedPlanIsNotActive) {
  ContingencyPlan plan = Plan();
  for (int step = 1; step <= 5; ++step) {
    ASSERT_OK(CompleteStep(plan, step, "risk.li", "", kActivated));
  }
  absl::Status s = CompleteStep(plan, 3, "risk.li", "", kActivated);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(s), "PLAN_NOT_ACTIVE");
}

}  // namespace
}  // namespace ccrm::risk
