// The flow that ties the suite together, through the four real services: a customer is created
// (customer-profile), statements submitted and the customer rated (credit-rating); an exposure
// is registered whose repayments fall overdue (risk-warning); the alert fires, is not
// acknowledged and escalates, and a task appears for the manager (relationship-service, from
// risk-warning's events) — with relationship-service stopped while that happens and started
// again: the task still appears, once; the rating is downgraded and a rating alert rises; a
// longer arrear turns the arrears alert RED and the contingency plan activates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/risk-warning/integration/suite_env.h"

namespace ccrm::risk::itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
namespace rv1 = ::ccrm::rating::v1;
namespace relv1 = ::ccrm::relationship::v1;
using ::ccrm::customer::itest::Cny;
using ::ccrm::customer::itest::KeyEnterprise;
using ::ccrm::customer::itest::SoundAnnualStatement;

constexpr char kManager[] = "rm-e2e";

// Unacknowledged YELLOW alerts escalate after 2 s; the others wait long enough not to.
CCRM_SUITE_SHARED_SERVICES(SuiteEnvOptions{{"--acknowledge_yellow=2s", "--acknowledge_blue=1h",
                                            "--acknowledge_orange=1h", "--acknowledge_red=1h"}});

ccrm::common::v1::Date DaysFromToday(int days) {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + days;
  ccrm::common::v1::Date out;
  out.set_year(static_cast<int>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

class SuiteFlowTest : public ::testing::Test {
 protected:
  SuiteEnv& env() { return SharedSuiteEnv(); }
  std::string Rm() { return env().Token(kManager, {roles::kRelationshipManager}); }

  // The manager's follow-up tasks of one alert.
  std::vector<relv1::FollowUpTask> TasksOf(const std::string& alert_name) {
    relv1::ListTasksRequest request;
    request.set_parent(absl::StrCat("relationshipManagers/", kManager));
    std::unique_ptr<RelationshipStub> stub = env().RelationshipClient();
    absl::StatusOr<relv1::ListTasksResponse> tasks =
        CallWithToken(*stub, &RelationshipStub::ListTasks, Rm(), request);
    std::vector<relv1::FollowUpTask> out;
    if (tasks.ok()) {
      for (const relv1::FollowUpTask& task : tasks->tasks()) {
        if (task.source() == alert_name) {
          out.push_back(task);
        }
      }
    }
    return out;
  }

  absl::StatusOr<v1::Alert> OpenAlert(const std::string& customer_id,
                                      const std::string& indicator) {
    v1::ListAlertsRequest request;
    request.set_customer_id(customer_id);
    request.set_indicator(indicator);
    ASSIGN_OR_RETURN(
        v1::ListAlertsResponse alerts,
        env().Call(&RiskStub::ListAlerts, env().TokenFor(roles::kRiskOfficer), request));
    if (alerts.alerts_size() != 1) {
      return absl::NotFoundError(absl::StrCat(alerts.alerts_size(), " open alerts of ", indicator));
    }
    return alerts.alerts(0);
  }
};

TEST_F(SuiteFlowTest, OverdueRepaymentsRaiseAnAlertThatBecomesOneTaskAndAPlan) {
  // The manager, in relationship-service; the customer, in customer-profile, managed by them.
  {
    relv1::CreateRelationshipManagerRequest request;
    request.mutable_manager()->set_manager_id(kManager);
    request.mutable_manager()->set_display_name("端到端客户经理");
    request.mutable_manager()->set_branch("福州分行");
    request.mutable_manager()->set_max_portfolio_size(50);
    std::unique_ptr<RelationshipStub> stub = env().RelationshipClient();
    ASSERT_OK(CallWithToken(*stub, &RelationshipStub::CreateRelationshipManager,
                            env().TokenFor(roles::kAdmin), request)
                  .status());
  }
  std::unique_ptr<CustomerStub> customers = env().CustomerClient();
  cv1::CreateCustomerRequest create;
  *create.mutable_customer() = KeyEnterprise("福建端到端建设有限公司");
  create.mutable_customer()->set_relationship_manager_id(kManager);
  ASSERT_OK_AND_ASSIGN(cv1::Customer customer,
                       CallWithToken(*customers, &CustomerStub::CreateCustomer, Rm(), create));
  const std::string customer_id = customer.customer_id();
  for (int year : {2024, 2025}) {
    cv1::SubmitFinancialStatementRequest submit;
    submit.set_parent(customer.name());
    *submit.mutable_statement() = SoundAnnualStatement(year, 800);
    ASSERT_OK(
        CallWithToken(*customers, &CustomerStub::SubmitFinancialStatement, Rm(), submit).status());
  }

  // The exposure: CNY 50 million drawn, an installment 35 days overdue.
  v1::CreateExposureRequest register_exposure;
  register_exposure.set_request_id("e2e-exposure");
  v1::Exposure& exposure = *register_exposure.mutable_exposure();
  exposure.set_customer_id(customer_id);
  exposure.set_facility_id(absl::StrCat("F-E2E-", customer_id.substr(0, 8)));
  *exposure.mutable_amount() = Cny(50'000'000);
  exposure.set_purpose("项目建设贷款：厂房与生产线");
  *exposure.mutable_origination_date() = DaysFromToday(-300);
  *exposure.mutable_maturity_date() = DaysFromToday(1000);
  v1::PlannedUse& use = *exposure.add_use_of_funds_plan();
  use.set_category("construction");
  *use.mutable_amount() = Cny(50'000'000);
  v1::ScheduledRepayment& late = *exposure.add_repayment_schedule();
  *late.mutable_due_date() = DaysFromToday(-35);
  *late.mutable_principal() = Cny(1'000'000);
  *late.mutable_interest() = Cny(200'000);

  // relationship-service is down while the alert is raised and escalates.
  env().relationship().Stop();
  ASSERT_OK_AND_ASSIGN(v1::Exposure created,
                       env().Call(&RiskStub::CreateExposure, env().TokenFor(roles::kRiskOfficer),
                                  register_exposure));
  v1::RecordObservationRequest draw;
  draw.set_parent(created.name());
  draw.set_request_id("e2e-draw");
  *draw.mutable_observation()->mutable_disbursement()->mutable_disbursed_date() =
      DaysFromToday(-290);
  *draw.mutable_observation()->mutable_disbursement()->mutable_amount() = Cny(50'000'000);
  ASSERT_OK(
      env().Call(&RiskStub::RecordObservation, env().TokenFor(roles::kRiskOfficer), draw).status());

  ASSERT_OK_AND_ASSIGN(v1::Alert arrears, OpenAlert(customer_id, "days_past_due"));
  EXPECT_EQ(arrears.evaluated_level(), v1::ALERT_LEVEL_YELLOW);
  EXPECT_EQ(arrears.assignee_manager_id(), kManager);
  EXPECT_EQ(arrears.value(), 35);
  // Not acknowledged within 2 s: one step up.
  ASSERT_TRUE(Eventually([&] {
    absl::StatusOr<v1::Alert> now = OpenAlert(customer_id, "days_past_due");
    return now.ok() && now->level() == v1::ALERT_LEVEL_ORANGE;
  }));
  ASSERT_OK_AND_ASSIGN(arrears, OpenAlert(customer_id, "days_past_due"));
  EXPECT_EQ(arrears.escalation_steps(), 1);

  // relationship-service back: it catches up from its cursor; one task for the alert, at the
  // escalated level.
  ASSERT_OK(env().relationship().Start());
  ASSERT_TRUE(Eventually([&] {
    std::vector<relv1::FollowUpTask> tasks = TasksOf(arrears.name());
    return tasks.size() == 1 && absl::StrContains(tasks[0].title(), "ORANGE");
  })) << "tasks: "
      << TasksOf(arrears.name()).size();

  // Rated, then downgraded three notches by the approver: a rating alert rises.
  std::unique_ptr<RatingStub> ratings = env().RatingClient();
  auto rate = [&]() -> absl::StatusOr<rv1::Rating> {
    rv1::RateCustomerRequest request;
    request.set_customer(customer.name());
    rv1::QualitativeInputs& q = *request.mutable_qualitative();
    q.set_management_quality(rv1::ASSESSMENT_GOOD);
    q.set_market_position(rv1::ASSESSMENT_GOOD);
    q.set_industry_outlook(rv1::ASSESSMENT_ADEQUATE);
    q.set_guarantee_strength(rv1::ASSESSMENT_GOOD);
    return CallWithToken(*ratings, &RatingStub::RateCustomer, env().TokenFor(roles::kCreditAnalyst),
                         request);
  };
  ASSERT_OK_AND_ASSIGN(rv1::Rating first, rate());
  rv1::ApproveRatingRequest approve;
  approve.set_name(first.name());
  approve.set_etag(first.etag());
  ASSERT_OK_AND_ASSIGN(rv1::Rating first_approved,
                       CallWithToken(*ratings, &RatingStub::ApproveRating,
                                     env().TokenFor(roles::kCreditApprover), approve));
  ASSERT_OK_AND_ASSIGN(rv1::Rating second, rate());
  approve.set_name(second.name());
  approve.set_etag(second.etag());
  const int downgraded_grade = static_cast<int>(first_approved.final_grade()) + 3;
  approve.set_override_grade(static_cast<rv1::CreditGrade>(downgraded_grade));
  approve.set_override_reason("project delays and arrears on the construction loan");
  ASSERT_OK(CallWithToken(*ratings, &RatingStub::ApproveRating,
                          env().TokenFor(roles::kCreditApprover), approve)
                .status());
  ASSERT_TRUE(Eventually([&] { return OpenAlert(customer_id, "rating_downgrade").ok(); }));
  ASSERT_OK_AND_ASSIGN(v1::Alert downgrade, OpenAlert(customer_id, "rating_downgrade"));
  EXPECT_EQ(downgrade.value(), 3);
  EXPECT_EQ(downgrade.evaluated_level(), v1::ALERT_LEVEL_ORANGE);

  // An older installment unpaid for 95 days: the arrears alert turns RED in place and the
  // borrower-cannot-repay plan activates.
  v1::RecordObservationRequest older;
  older.set_parent(created.name());
  older.set_request_id("e2e-older-installment");
  v1::ScheduledRepayment& due = *older.mutable_observation()->mutable_repayment_due();
  *due.mutable_due_date() = DaysFromToday(-95);
  *due.mutable_principal() = Cny(1'000'000);
  *due.mutable_interest() = Cny(250'000);
  ASSERT_OK_AND_ASSIGN(
      v1::RecordObservationResponse recorded,
      env().Call(&RiskStub::RecordObservation, env().TokenFor(roles::kRiskOfficer), older));
  ASSERT_EQ(recorded.evaluation().activated_plans_size(), 1);
  ASSERT_OK_AND_ASSIGN(v1::Alert red, OpenAlert(customer_id, "days_past_due"));
  EXPECT_EQ(red.name(), arrears.name()) << "the same alert, raised in place";
  EXPECT_EQ(red.level(), v1::ALERT_LEVEL_RED);
  v1::GetContingencyPlanRequest get_plan;
  get_plan.set_name(recorded.evaluation().activated_plans(0));
  ASSERT_OK_AND_ASSIGN(v1::ContingencyPlan plan,
                       env().Call(&RiskStub::GetContingencyPlan, Rm(), get_plan));
  EXPECT_EQ(plan.scenario(), v1::CONTINGENCY_SCENARIO_BORROWER_CANNOT_REPAY);
  EXPECT_TRUE(plan.automatic());
  EXPECT_EQ(plan.alert(), arrears.name());
  EXPECT_GE(plan.steps_size(), 4);

  // Still one task for the arrears alert (updated by the escalations), plus one for the rating.
  ASSERT_TRUE(Eventually([&] {
    std::vector<relv1::FollowUpTask> tasks = TasksOf(arrears.name());
    return tasks.size() == 1 && absl::StrContains(tasks[0].title(), "RED");
  }));
  ASSERT_TRUE(Eventually([&] { return TasksOf(downgrade.name()).size() == 1; }));

  // The classification follows: DPD 95 > 90 is 次级, and so is all of the obligor.
  v1::GetObligorClassificationRequest classify;
  classify.set_name(customer.name());
  ASSERT_OK_AND_ASSIGN(v1::ObligorClassification category,
                       env().Call(&RiskStub::GetObligorClassification, Rm(), classify));
  EXPECT_EQ(category.category(), v1::LOAN_CATEGORY_SUBSTANDARD);
}

}  // namespace
}  // namespace ccrm::risk::itest
