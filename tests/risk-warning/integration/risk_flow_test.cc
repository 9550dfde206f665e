// risk-warning through its real path: the binary on its own database, customer-profile for the
// obligors, tokens checked; exposures and observations evaluated on write, the alert lifecycle,
// the watch stream resumed from a cursor, rules with their revisions, collateral coverage, the
// summary, and bad input refused with nothing written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

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
using ::ccrm::customer::itest::Cny;
using ::ccrm::customer::itest::SmeEnterprise;
using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

CCRM_SUITE_SHARED_SERVICES(SuiteEnvOptions{{"--consume_relationship_events=false"}});

ccrm::common::v1::Date DaysFromToday(int days) {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + days;
  ccrm::common::v1::Date out;
  out.set_year(static_cast<int>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

class RiskFlowTest : public ::testing::Test {
 protected:
  SuiteEnv& env() { return SharedSuiteEnv(); }
  std::string Officer() { return env().TokenFor(roles::kRiskOfficer); }
  std::string ManagerToken(const std::string& manager) {
    return env().Token(manager, {roles::kRelationshipManager});
  }

  // An SME customer managed by `manager`, its id.
  std::string NewCustomer(const std::string& manager) {
    std::unique_ptr<CustomerStub> customers = env().CustomerClient();
    cv1::CreateCustomerRequest create;
    *create.mutable_customer() = SmeEnterprise(absl::StrCat("福建风险测试企业", ++serial_));
    create.mutable_customer()->set_relationship_manager_id(manager);
    absl::StatusOr<cv1::Customer> customer =
        CallWithToken(*customers, &CustomerStub::CreateCustomer, ManagerToken(manager), create);
    EXPECT_OK(customer.status());
    return customer.ok() ? customer->customer_id() : "";
  }

  v1::CreateExposureRequest ExposureRequest(const std::string& customer_id) {
    v1::CreateExposureRequest request;
    request.set_request_id(absl::StrCat("exp-", customer_id));
    v1::Exposure& e = *request.mutable_exposure();
    e.set_customer_id(customer_id);
    e.set_facility_id(absl::StrCat("F-IT-", ++serial_));
    *e.mutable_amount() = Cny(10'000'000);
    e.set_purpose("流动资金贷款：原材料采购");
    *e.mutable_origination_date() = DaysFromToday(-200);
    *e.mutable_maturity_date() = DaysFromToday(500);
    v1::PlannedUse& steel = *e.add_use_of_funds_plan();
    steel.set_category("raw_materials");
    steel.set_payee("福建钢铁贸易有限公司");
    *steel.mutable_amount() = Cny(6'000'000);
    v1::PlannedUse& wages = *e.add_use_of_funds_plan();
    wages.set_category("wages");
    *wages.mutable_amount() = Cny(4'000'000);
    e.mutable_covenants()->set_min_dscr(1.2);
    return request;
  }

  absl::StatusOr<v1::Exposure> NewExposure(const std::string& customer_id) {
    return env().Call(&RiskStub::CreateExposure, Officer(), ExposureRequest(customer_id));
  }

  absl::StatusOr<v1::RecordObservationResponse> Record(const std::string& exposure,
                                                       const v1::Observation& observation) {
    v1::RecordObservationRequest request;
    request.set_parent(exposure);
    request.set_request_id(absl::StrCat("obs-", ++serial_));
    *request.mutable_observation() = observation;
    return env().Call(&RiskStub::RecordObservation, Officer(), request);
  }

  static v1::Observation Usage(const std::string& category, const std::string& payee,
                               int64_t amount) {
    v1::Observation o;
    v1::FundUsage& u = *o.mutable_fund_usage();
    *u.mutable_paid_date() = DaysFromToday(-10);
    u.set_category(category);
    u.set_payee(payee);
    *u.mutable_amount() = Cny(amount);
    return o;
  }

  absl::StatusOr<std::vector<v1::Alert>> OpenAlerts(const std::string& customer_id) {
    v1::ListAlertsRequest request;
    request.set_customer_id(customer_id);
    ASSIGN_OR_RETURN(v1::ListAlertsResponse response,
                     env().Call(&RiskStub::ListAlerts, Officer(), request));
    return std::vector<v1::Alert>(response.alerts().begin(), response.alerts().end());
  }

  static int serial_;
};
int RiskFlowTest::serial_ = 0;

TEST_F(RiskFlowTest, ExposureIsRegisteredOnceAndReadBack) {
  const std::string customer_id = NewCustomer("rm-flow-1");
  const v1::CreateExposureRequest request = ExposureRequest(customer_id);
  ASSERT_OK_AND_ASSIGN(v1::Exposure created,
                       env().Call(&RiskStub::CreateExposure, Officer(), request));
  EXPECT_EQ(created.customer_id(), customer_id);
  EXPECT_EQ(created.status(), v1::EXPOSURE_STATUS_ACTIVE);
  EXPECT_EQ(created.segment(), "SEGMENT_SME");
  EXPECT_EQ(created.industry_code(), "F5124");
  EXPECT_EQ(created.suggested_category(), v1::LOAN_CATEGORY_NORMAL);
  EXPECT_EQ(created.use_of_funds_plan_size(), 2);
  ASSERT_OK_AND_ASSIGN(v1::Exposure replay,
                       env().Call(&RiskStub::CreateExposure, Officer(), request));
  EXPECT_EQ(replay.name(), created.name());

  v1::CreateExposureRequest same_facility = ExposureRequest(customer_id);
  same_facility.set_request_id("another-request");
  same_facility.mutable_exposure()->set_facility_id(created.facility_id());
  EXPECT_THAT(env().Call(&RiskStub::CreateExposure, Officer(), same_facility),
              FailsWith(absl::StatusCode::kAlreadyExists, "FACILITY_ALREADY_REGISTERED"));

  v1::ListExposuresRequest list;
  list.set_customer_id(customer_id);
  ASSERT_OK_AND_ASSIGN(v1::ListExposuresResponse listed,
                       env().Call(&RiskStub::ListExposures, Officer(), list));
  ASSERT_EQ(listed.exposures_size(), 1);
  EXPECT_EQ(listed.exposures(0).name(), created.name());
}

TEST_F(RiskFlowTest, BadExposuresAreRefusedWithTheirFields) {
  const std::string customer_id = NewCustomer("rm-flow-2");
  v1::CreateExposureRequest request = ExposureRequest(customer_id);
  *request.mutable_exposure()->mutable_amount() = Cny(-5);
  request.mutable_exposure()->set_purpose("");
  // A negative amount also leaves the plan and the schedule above it.
  EXPECT_THAT(ViolatedFields(env().Call(&RiskStub::CreateExposure, Officer(), request)),
              UnorderedElementsAre("exposure.amount", "exposure.purpose",
                                   "exposure.use_of_funds_plan", "exposure.repayment_schedule"));

  v1::CreateExposureRequest unknown = ExposureRequest("0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091");
  EXPECT_THAT(env().Call(&RiskStub::CreateExposure, Officer(), unknown),
              FailsWith(absl::StatusCode::kNotFound, "CUSTOMER_NOT_FOUND"));
  // An auditor reads; it does not register.
  EXPECT_THAT(env().Call(&RiskStub::CreateExposure, env().TokenFor(roles::kAuditor),
                         ExposureRequest(customer_id)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::ListExposuresRequest list;
  list.set_customer_id(customer_id);
  ASSERT_OK_AND_ASSIGN(v1::ListExposuresResponse listed,
                       env().Call(&RiskStub::ListExposures, Officer(), list));
  EXPECT_THAT(listed.exposures(), IsEmpty());
}

TEST_F(RiskFlowTest, FundsUsedOffPlanRaiseAnAlertThatIsWorkedToResolution) {
  const std::string manager = "rm-flow-3";
  const std::string customer_id = NewCustomer(manager);
  ASSERT_OK_AND_ASSIGN(v1::Exposure exposure, NewExposure(customer_id));
  ASSERT_OK(
      Record(exposure.name(), Usage("raw_materials", "福建钢铁贸易有限公司", 2'000'000)).status());
  ASSERT_OK_AND_ASSIGN(std::vector<v1::Alert> none, OpenAlerts(customer_id));
  EXPECT_THAT(none, IsEmpty());

  // CNY 1.5 million to a payee outside the plan: 15 % of the plan, ORANGE.
  ASSERT_OK_AND_ASSIGN(
      v1::RecordObservationResponse recorded,
      Record(exposure.name(), Usage("raw_materials", "某房地产开发公司", 1'500'000)));
  ASSERT_EQ(recorded.evaluation().changes_size(), 1);
  const v1::Alert& alert = recorded.evaluation().changes(0).alert();
  EXPECT_EQ(recorded.evaluation().changes(0).action(), "opened");
  EXPECT_EQ(alert.indicator(), "funds_off_plan");
  EXPECT_EQ(alert.level(), v1::ALERT_LEVEL_ORANGE);
  EXPECT_DOUBLE_EQ(alert.value(), 15.0);
  EXPECT_EQ(alert.rule(), "rules/default-funds_off_plan");
  EXPECT_EQ(alert.assignee_manager_id(), manager);

  v1::UpdateAlertStatusRequest ack;
  ack.set_name(alert.name());
  ack.set_status(v1::ALERT_STATUS_ACKNOWLEDGED);
  EXPECT_THAT(env().Call(&RiskStub::UpdateAlertStatus, ManagerToken("rm-someone-else"), ack),
              FailsWith(absl::StatusCode::kPermissionDenied, "NOT_ALERT_ASSIGNEE"));
  ASSERT_OK_AND_ASSIGN(v1::Alert acknowledged,
                       env().Call(&RiskStub::UpdateAlertStatus, ManagerToken(manager), ack));
  EXPECT_EQ(acknowledged.status(), v1::ALERT_STATUS_ACKNOWLEDGED);
  EXPECT_FALSE(acknowledged.has_acknowledge_deadline());

  v1::UpdateAlertStatusRequest dismiss;
  dismiss.set_name(alert.name());
  dismiss.set_status(v1::ALERT_STATUS_FALSE_POSITIVE);
  dismiss.set_note("payee is the supplier's parent");
  EXPECT_THAT(env().Call(&RiskStub::UpdateAlertStatus, ManagerToken(manager), dismiss),
              FailsWith(absl::StatusCode::kPermissionDenied, "FALSE_POSITIVE_NEEDS_RISK_OFFICER"));

  v1::UpdateAlertStatusRequest resolve;
  resolve.set_name(alert.name());
  resolve.set_status(v1::ALERT_STATUS_RESOLVED);
  EXPECT_THAT(
      ViolatedFields(env().Call(&RiskStub::UpdateAlertStatus, ManagerToken(manager), resolve)),
      ElementsAre("note"));
  resolve.set_note("funds returned to the loan account");
  resolve.set_etag("r1");
  EXPECT_THAT(env().Call(&RiskStub::UpdateAlertStatus, ManagerToken(manager), resolve),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  resolve.set_etag(acknowledged.etag());
  ASSERT_OK_AND_ASSIGN(v1::Alert resolved,
                       env().Call(&RiskStub::UpdateAlertStatus, ManagerToken(manager), resolve));
  EXPECT_EQ(resolved.status(), v1::ALERT_STATUS_RESOLVED);
  EXPECT_EQ(resolved.resolution_note(), "funds returned to the loan account");

  v1::ListAlertHistoryRequest history;
  history.set_name(alert.name());
  ASSERT_OK_AND_ASSIGN(v1::ListAlertHistoryResponse changes,
                       env().Call(&RiskStub::ListAlertHistory, Officer(), history));
  std::vector<std::string> actions;
  for (const v1::AlertChange& change : changes.changes()) {
    actions.push_back(change.action());
  }
  EXPECT_THAT(actions, ElementsAre("opened", "acknowledged", "resolved"));
  EXPECT_EQ(changes.changes(1).actor(), manager);
}

TEST_F(RiskFlowTest, AWatchResumedFromItsCursorMissesNothing) {
  const std::string customer_id = NewCustomer("rm-flow-4");
  ASSERT_OK_AND_ASSIGN(v1::Exposure exposure, NewExposure(customer_id));
  std::unique_ptr<RiskStub> stub = env().RiskClient();
  auto watch = [&](int64_t after, int want) {
    grpc::ClientContext context;
    ::ccrm::testing::PrepareContext(context, env().TokenFor(roles::kAuditor), absl::Seconds(20));
    v1::WatchAlertsRequest request;
    request.set_after_sequence(after);
    request.set_customer_id(customer_id);
    std::unique_ptr<grpc::ClientReader<v1::AlertUpdate>> reader =
        stub->WatchAlerts(&context, request);
    std::vector<v1::AlertUpdate> updates;
    v1::AlertUpdate update;
    while (static_cast<int>(updates.size()) < want && reader->Read(&update)) {
      updates.push_back(update);
    }
    context.TryCancel();
    reader->Finish().IgnoreError();
    return updates;
  };
  // Off plan 5.5 % (YELLOW), then the covenant breached.
  ASSERT_OK(Record(exposure.name(), Usage("equipment", "某设备公司", 550'000)).status());
  std::vector<v1::AlertUpdate> first = watch(0, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].change().action(), "opened");
  EXPECT_EQ(first[0].change().alert().indicator(), "funds_off_plan");

  // While nobody watches: the usage grows (raised) and DSCR falls below its covenant (opened).
  ASSERT_OK(Record(exposure.name(), Usage("equipment", "某设备公司", 700'000)).status());
  v1::Observation covenant;
  *covenant.mutable_covenant_figures()->mutable_period_end_date() = DaysFromToday(-30);
  covenant.mutable_covenant_figures()->set_dscr(1.0);
  ASSERT_OK(Record(exposure.name(), covenant).status());

  std::vector<v1::AlertUpdate> resumed = watch(first[0].sequence(), 2);
  ASSERT_EQ(resumed.size(), 2u);
  EXPECT_GT(resumed[0].sequence(), first[0].sequence());
  EXPECT_EQ(resumed[0].change().action(), "raised");
  EXPECT_EQ(resumed[0].change().alert().level(), v1::ALERT_LEVEL_ORANGE);
  EXPECT_EQ(resumed[1].change().action(), "opened");
  EXPECT_EQ(resumed[1].change().alert().indicator(), "dscr_headroom");

  v1::WatchAlertsRequest bad;
  bad.set_after_sequence(-1);
  grpc::ClientContext context;
  ::ccrm::testing::PrepareContext(context, Officer());
  auto reader = stub->WatchAlerts(&context, bad);
  v1::AlertUpdate ignored;
  EXPECT_FALSE(reader->Read(&ignored));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RiskFlowTest, RuleChangesAreVersionedAndOnlyRiskOfficersMakeThem) {
  v1::GetRuleRequest get;
  get.set_name("rules/default-complaints");
  ASSERT_OK_AND_ASSIGN(v1::Rule rule, env().Call(&RiskStub::GetRule, Officer(), get));
  EXPECT_EQ(rule.version(), 1);
  v1::UpdateRuleRequest update;
  *update.mutable_rule() = rule;
  update.mutable_rule()->mutable_thresholds()->set_blue(2);
  update.mutable_rule()->mutable_thresholds()->set_yellow(3);
  update.set_reason("one complaint a quarter is normal for this book");
  EXPECT_THAT(env().Call(&RiskStub::UpdateRule, ManagerToken("rm-flow-5"), update),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_OK_AND_ASSIGN(v1::Rule updated, env().Call(&RiskStub::UpdateRule, Officer(), update));
  EXPECT_EQ(updated.version(), 2);
  EXPECT_EQ(updated.updated_by(), "it-risk_officer");
  EXPECT_EQ(updated.thresholds().blue(), 2);
  EXPECT_THAT(env().Call(&RiskStub::UpdateRule, Officer(), update),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  v1::ListRuleRevisionsRequest revisions;
  revisions.set_name(rule.name());
  ASSERT_OK_AND_ASSIGN(v1::ListRuleRevisionsResponse listed,
                       env().Call(&RiskStub::ListRuleRevisions, Officer(), revisions));
  ASSERT_EQ(listed.revisions_size(), 2);
  EXPECT_EQ(listed.revisions(0).version(), 2);
  EXPECT_EQ(listed.revisions(0).change_reason(), "one complaint a quarter is normal for this book");
  EXPECT_EQ(listed.revisions(1).thresholds().blue(), 1);
}

TEST_F(RiskFlowTest, CollateralCoverageIsComputedAndMonitored) {
  const std::string customer_id = NewCustomer("rm-flow-6");
  ASSERT_OK_AND_ASSIGN(v1::Exposure exposure, NewExposure(customer_id));
  v1::Observation draw;
  *draw.mutable_disbursement()->mutable_disbursed_date() = DaysFromToday(-190);
  *draw.mutable_disbursement()->mutable_amount() = Cny(10'000'000);
  ASSERT_OK(Record(exposure.name(), draw).status());
  v1::AddCollateralRequest add;
  add.set_parent(exposure.name());
  add.set_request_id(absl::StrCat("col-", customer_id));
  v1::Collateral& c = *add.mutable_collateral();
  c.set_kind(v1::COLLATERAL_KIND_MORTGAGE);
  c.set_asset_type("building");
  c.set_description("厂房 8000 平方米");
  *c.mutable_appraised_value() = Cny(10'500'000);
  *c.mutable_appraisal_date() = DaysFromToday(-400);
  c.set_lien_rank(1);
  ASSERT_OK_AND_ASSIGN(v1::Collateral stored, env().Call(&RiskStub::AddCollateral, Officer(), add));
  EXPECT_TRUE(stored.appraisal_stale());
  v1::GetCoverageRequest get;
  get.set_name(exposure.name());
  ASSERT_OK_AND_ASSIGN(v1::Coverage coverage, env().Call(&RiskStub::GetCoverage, Officer(), get));
  EXPECT_DOUBLE_EQ(coverage.coverage_percent(), 105.0);
  EXPECT_THAT(coverage.stale_appraisals(), ElementsAre(stored.name()));
  ASSERT_OK_AND_ASSIGN(std::vector<v1::Alert> alerts, OpenAlerts(customer_id));
  std::vector<std::pair<std::string, int>> levels;
  for (const v1::Alert& a : alerts) {
    levels.emplace_back(a.indicator(), a.level());
  }
  // 105 % ≤ 110: YELLOW; appraisal 400 days old ≥ 365: BLUE.
  EXPECT_THAT(levels, UnorderedElementsAre(std::make_pair(std::string("collateral_coverage"),
                                                          static_cast<int>(v1::ALERT_LEVEL_YELLOW)),
                                           std::make_pair(std::string("stale_appraisal"),
                                                          static_cast<int>(v1::ALERT_LEVEL_BLUE))));

  v1::GetPortfolioSummaryRequest summary_request;
  ASSERT_OK_AND_ASSIGN(v1::PortfolioSummary summary,
                       env().Call(&RiskStub::GetPortfolioSummary, Officer(), summary_request));
  EXPECT_GE(summary.active_exposures(), 1);
  EXPECT_EQ(summary.currency_code(), "CNY");
}

}  // namespace
}  // namespace ccrm::risk::itest
