#include "services/risk-warning/domain/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::risk {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kToday(2026, 11, 22);
constexpr char kBorrower[] = "0193a000-0000-7000-8000-000000000001";
constexpr char kOtherCustomer[] = "0193a000-0000-7000-8000-000000000002";
constexpr char kProjectId[] = "0193a000-0000-7000-8000-0000000000aa";

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }
Money Usd(int64_t units) { return Money{"USD", units, 0}; }

Exposure ValidExposure() {
  Exposure e;
  e.exposure_id = "0193a000-0000-7000-8000-0000000000e1";
  e.customer_id = kBorrower;
  e.facility_id = "F-2026.0001_a";
  e.amount = Cny(50000000);
  e.purpose = "新厂房建设 plant construction";
  e.project = std::string("customers/") + kBorrower + "/projects/" + kProjectId;
  e.use_of_funds_plan = {{"construction", "Acme Builders", Cny(30000000)},
                         {"equipment", "", Cny(20000000)}};
  e.origination_date = absl::CivilDay(2026, 1, 15);
  e.maturity_date = absl::CivilDay(2029, 1, 15);
  e.repayment_schedule = {{absl::CivilDay(2026, 6, 30), Cny(0), Cny(1200000)},
                          {absl::CivilDay(2026, 12, 31), Cny(10000000), Cny(1200000)},
                          {absl::CivilDay(2029, 1, 15), Cny(40000000), Cny(600000)}};
  e.covenants = {1.2, 1.0};
  return e;
}

std::vector<FieldViolation> ExposureViolations(const Exposure& e) {
  return FieldViolationsOf(ValidateNewExposure(e));
}

// ---- Exposures -------------------------------------------------------------------------------

TEST(ValidateNewExposureTest, AcceptsAValidExposure) {
  EXPECT_OK(ValidateNewExposure(ValidExposure()));
  Exposure minimal = ValidExposure();
  minimal.project.clear();
  minimal.use_of_funds_plan.clear();
  minimal.repayment_schedule.clear();
  minimal.covenants = {0, 0};
  EXPECT_OK(ValidateNewExposure(minimal));
}

TEST(ValidateNewExposureTest, CustomerIdMustBeAUuid) {
  Exposure e = ValidExposure();
  e.customer_id = "cust-1";
  absl::Status s = ValidateNewExposure(e);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(s), "INVALID_ARGUMENT");
  // The project no longer names the customer either.
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"exposure.customer_id", "must be a UUID"},
                          FieldViolation{"exposure.project",
                                         "must be a project of the exposure's customer"}));
  e.customer_id.clear();
  e.project.clear();
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.customer_id", "is required"}));
}

TEST(ValidateNewExposureTest, FacilityIdCharactersAndLength) {
  const FieldViolation bad{"exposure.facility_id", "must be 1 to 64 characters of [A-Za-z0-9._-]"};
  Exposure e = ValidExposure();
  e.facility_id = "F 2026/1";
  EXPECT_THAT(ExposureViolations(e), ElementsAre(bad));
  e.facility_id = "";
  EXPECT_THAT(ExposureViolations(e), ElementsAre(bad));
  e.facility_id = std::string(65, 'F');
  EXPECT_THAT(ExposureViolations(e), ElementsAre(bad));
  e.facility_id = std::string(64, 'F');
  EXPECT_THAT(ExposureViolations(e), IsEmpty());
}

TEST(ValidateNewExposureTest, AmountMustBePositiveWithACurrency) {
  Exposure e = ValidExposure();
  e.amount = Cny(0);
  e.use_of_funds_plan.clear();
  e.repayment_schedule.clear();
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.amount", "must be greater than zero"}));
  e.amount = Money{"cny", 100, 0};
  EXPECT_THAT(
      ExposureViolations(e),
      ElementsAre(FieldViolation{"exposure.amount.currency_code",
                                 "must be an ISO 4217 currency code (three upper-case letters)"}));
}

TEST(ValidateNewExposureTest, PurposeLength) {
  Exposure e = ValidExposure();
  e.purpose = " ";
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.purpose", "is required"}));
  e.purpose = std::string(501, 'p');
  EXPECT_THAT(
      ExposureViolations(e),
      ElementsAre(FieldViolation{"exposure.purpose", "must be 1 to 500 characters, got 501"}));
}

TEST(ValidateNewExposureTest, PlanCategoryIsASnakeCaseCode) {
  Exposure e = ValidExposure();
  e.use_of_funds_plan[1].category = "Heavy Equipment";
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.use_of_funds_plan[1].category",
                                         "must be 1 to 64 characters of [a-z0-9_]"}));
}

TEST(ValidateNewExposureTest, PlanPayeeAtMost200Characters) {
  Exposure e = ValidExposure();
  e.use_of_funds_plan[0].payee = std::string(201, 'a');
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.use_of_funds_plan[0].payee",
                                         "must be at most 200 characters, got 201"}));
}

TEST(ValidateNewExposureTest, PlanAmountPositiveInTheExposuresCurrency) {
  Exposure e = ValidExposure();
  e.use_of_funds_plan[0].amount = Cny(0);
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.use_of_funds_plan[0].amount",
                                         "must be greater than zero"}));
  e.use_of_funds_plan[0].amount = Usd(1000);
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.use_of_funds_plan[0].amount.currency_code",
                                         "must be the exposure's currency CNY"}));
}

TEST(ValidateNewExposureTest, PlanTotalNotAboveTheAmount) {
  Exposure e = ValidExposure();
  e.use_of_funds_plan[1].amount = Cny(20000000, 1);
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.use_of_funds_plan",
                                         "must not total more than the exposure amount "
                                         "(50000000.000000001 > 50000000.000000000)"}));
}

TEST(ValidateNewExposureTest, InstallmentWithinTheTerm) {
  Exposure e = ValidExposure();
  e.repayment_schedule[0].due_date = absl::CivilDay(2026, 1, 14);
  e.repayment_schedule[2].due_date = absl::CivilDay(2029, 1, 16);
  const std::string message =
      "must be within origination_date..maturity_date (2026-01-15..2029-01-15)";
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.repayment_schedule[0].due_date", message},
                          FieldViolation{"exposure.repayment_schedule[2].due_date", message}));
  e.repayment_schedule[0].due_date = absl::CivilDay();
  e.repayment_schedule[2].due_date = absl::CivilDay(2029, 1, 15);
  EXPECT_THAT(
      ExposureViolations(e),
      ElementsAre(FieldViolation{"exposure.repayment_schedule[0].due_date", "is required"}));
}

TEST(ValidateNewExposureTest, InstallmentAmountsNotNegative) {
  Exposure e = ValidExposure();
  e.repayment_schedule[1].principal = Cny(-1);
  e.repayment_schedule[1].interest = Cny(0, -1);
  EXPECT_THAT(
      ExposureViolations(e),
      ElementsAre(
          FieldViolation{"exposure.repayment_schedule[1].principal", "must not be negative"},
          FieldViolation{"exposure.repayment_schedule[1].interest", "must not be negative"}));
}

TEST(ValidateNewExposureTest, InstallmentNotAllZero) {
  Exposure e = ValidExposure();
  e.repayment_schedule[0].interest = Cny(0);
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.repayment_schedule[0]",
                                         "principal and interest must not both be zero"}));
}

TEST(ValidateNewExposureTest, InstallmentInTheExposuresCurrency) {
  Exposure e = ValidExposure();
  e.repayment_schedule[1].interest = Usd(100);
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.repayment_schedule[1].interest.currency_code",
                                         "must be the exposure's currency CNY"}));
}

TEST(ValidateNewExposureTest, NoTwoInstallmentsOnOneDay) {
  Exposure e = ValidExposure();
  e.repayment_schedule[1].due_date = absl::CivilDay(2026, 6, 30);
  EXPECT_THAT(
      ExposureViolations(e),
      ElementsAre(FieldViolation{"exposure.repayment_schedule[1].due_date",
                                 "repeats the due date of repayment_schedule[0] (2026-06-30)"}));
}

TEST(ValidateNewExposureTest, PrincipalTotalNotAboveTheAmount) {
  Exposure e = ValidExposure();
  e.repayment_schedule[2].principal = Cny(40000001);
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.repayment_schedule",
                                         "principal must not total more than the exposure amount "
                                         "(50000001.000000000 > 50000000.000000000)"}));
}

TEST(ValidateNewExposureTest, OriginationNotAfterMaturity) {
  Exposure e = ValidExposure();
  e.repayment_schedule.clear();
  e.maturity_date = absl::CivilDay(2026, 1, 14);
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.maturity_date",
                                         "must not be before origination_date (2026-01-15)"}));
  e.maturity_date = e.origination_date;
  EXPECT_THAT(ExposureViolations(e), IsEmpty());
}

TEST(ValidateNewExposureTest, TermDatesRequired) {
  Exposure e = ValidExposure();
  e.repayment_schedule.clear();
  e.origination_date = absl::CivilDay();
  e.maturity_date = absl::CivilDay();
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.origination_date", "is required"},
                          FieldViolation{"exposure.maturity_date", "is required"}));
}

TEST(ValidateNewExposureTest, CovenantsWithin0To100) {
  Exposure e = ValidExposure();
  e.covenants = {-0.1, 100.5};
  const std::string message = "must be between 0 and 100 (0 = no covenant)";
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.covenants.min_dscr", message},
                          FieldViolation{"exposure.covenants.min_current_ratio", message}));
  e.covenants = {std::numeric_limits<double>::quiet_NaN(), 100};
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.covenants.min_dscr", message}));
}

TEST(ValidateNewExposureTest, ProjectOfTheSameCustomer) {
  Exposure e = ValidExposure();
  e.project = std::string("customers/") + kOtherCustomer + "/projects/" + kProjectId;
  EXPECT_THAT(ExposureViolations(e),
              ElementsAre(FieldViolation{"exposure.project",
                                         "must be a project of the exposure's customer"}));
  e.project = "projects/p-1";
  EXPECT_THAT(
      ExposureViolations(e),
      ElementsAre(FieldViolation{"exposure.project",
                                 "must be \"customers/{customer_id}/projects/{project_id}\""}));
}

TEST(ValidateNewExposureTest, ListsEveryProblemAtOnce) {
  Exposure e = ValidExposure();
  e.customer_id = "nope";
  e.project.clear();
  e.facility_id = "";
  e.purpose = "";
  e.use_of_funds_plan[0].category = "";
  e.use_of_funds_plan[1].amount = Usd(5);
  e.repayment_schedule[0].interest = Cny(0);
  e.covenants.min_current_ratio = -1;
  EXPECT_THAT(
      ExposureViolations(e),
      UnorderedElementsAre(
          FieldViolation{"exposure.customer_id", "must be a UUID"},
          FieldViolation{"exposure.facility_id", "must be 1 to 64 characters of [A-Za-z0-9._-]"},
          FieldViolation{"exposure.purpose", "is required"},
          FieldViolation{"exposure.use_of_funds_plan[0].category",
                         "must be 1 to 64 characters of [a-z0-9_]"},
          FieldViolation{"exposure.use_of_funds_plan[1].amount.currency_code",
                         "must be the exposure's currency CNY"},
          FieldViolation{"exposure.repayment_schedule[0]",
                         "principal and interest must not both be zero"},
          FieldViolation{"exposure.covenants.min_current_ratio",
                         "must be between 0 and 100 (0 = no covenant)"}));
}

// ---- Observations ----------------------------------------------------------------------------

Observation Of(ObservationKind kind) {
  Observation o;
  o.kind = kind;
  o.date = kToday;
  o.amount = Cny(1000);
  return o;
}

std::vector<FieldViolation> ObservationViolations(const Observation& o) {
  return FieldViolationsOf(ValidateObservation(o, ValidExposure(), kToday));
}

TEST(ValidateObservationTest, AcceptsEachValidKind) {
  const Exposure e = ValidExposure();
  Observation due = Of(ObservationKind::kRepaymentDue);
  due.date = absl::CivilDay(2027, 6, 30);  // in the future
  due.amount = Cny(0);
  due.interest = Cny(600000);  // interest only
  EXPECT_OK(ValidateObservation(due, e, kToday));
  EXPECT_OK(ValidateObservation(Of(ObservationKind::kRepaymentPaid), e, kToday));
  EXPECT_OK(ValidateObservation(Of(ObservationKind::kDisbursement), e, kToday));
  Observation usage = Of(ObservationKind::kFundUsage);
  usage.category = "Gifts";  // off plan, but recordable
  usage.payee = "高尔夫俱乐部";
  EXPECT_OK(ValidateObservation(usage, e, kToday));
  Observation progress = Of(ObservationKind::kProjectProgress);
  progress.planned_amount = Cny(1000);
  progress.amount = Cny(0);
  progress.milestones_due = 1000;
  progress.milestones_met = 1000;
  EXPECT_OK(ValidateObservation(progress, e, kToday));
  Observation figures = Of(ObservationKind::kCovenantFigures);
  figures.dscr = 0;
  figures.current_ratio = 1000;
  EXPECT_OK(ValidateObservation(figures, e, kToday));
}

TEST(ValidateObservationTest, KindRequired) {
  EXPECT_THAT(ObservationViolations(Of(ObservationKind::kUnspecified)),
              ElementsAre(FieldViolation{"observation.kind",
                                         "must be one of repayment_due, repayment_paid, "
                                         "disbursement, fund_usage, project_progress, "
                                         "covenant_figures"}));
}

TEST(ValidateObservationTest, RepaymentDueDateWithinTheTermPlusTenYears) {
  Observation o = Of(ObservationKind::kRepaymentDue);
  const std::string message =
      "must be within 2026-01-15..2039-01-15 (origination to maturity + 10 years)";
  o.date = absl::CivilDay(2039, 1, 15);
  EXPECT_THAT(ObservationViolations(o), IsEmpty());
  o.date = absl::CivilDay(2039, 1, 16);
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.repayment_due.due_date", message}));
  o.date = absl::CivilDay(2026, 1, 14);
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.repayment_due.due_date", message}));
  o.date = absl::CivilDay();
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.repayment_due.due_date", "is required"}));
}

TEST(ValidateObservationTest, RepaymentDueZeroPartMayBeLeftOut) {
  Observation o = Of(ObservationKind::kRepaymentDue);
  o.interest = Money{};  // principal only, no interest given
  EXPECT_THAT(ObservationViolations(o), IsEmpty());
  o.amount = Money{};
  o.interest = Cny(300);
  EXPECT_THAT(ObservationViolations(o), IsEmpty());
}

TEST(ValidateObservationTest, RepaymentDueAmounts) {
  Observation o = Of(ObservationKind::kRepaymentDue);
  o.amount = Cny(0);
  o.interest = Cny(0);
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.repayment_due",
                                         "principal or interest must be greater than zero"}));
  o.amount = Cny(-5);
  o.interest = Usd(5);
  EXPECT_THAT(
      ObservationViolations(o),
      ElementsAre(FieldViolation{"observation.repayment_due.principal", "must not be negative"},
                  FieldViolation{"observation.repayment_due.interest.currency_code",
                                 "must be the exposure's currency CNY"}));
}

TEST(ValidateObservationTest, RepaymentPaidNotInTheFuture) {
  Observation o = Of(ObservationKind::kRepaymentPaid);
  o.date = kToday + 1;
  EXPECT_THAT(
      ObservationViolations(o),
      ElementsAre(FieldViolation{"observation.repayment_paid.paid_date",
                                 "must not be in the future (2026-11-23 is after 2026-11-22)"}));
}

TEST(ValidateObservationTest, RepaymentPaidAmountPositiveInTheExposuresCurrency) {
  Observation o = Of(ObservationKind::kRepaymentPaid);
  o.amount = Cny(0);
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.repayment_paid.amount",
                                         "must be greater than zero"}));
  o.amount = Usd(10);
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.repayment_paid.amount.currency_code",
                                         "must be the exposure's currency CNY"}));
}

TEST(ValidateObservationTest, DisbursementDateAndAmount) {
  Observation o = Of(ObservationKind::kDisbursement);
  o.date = absl::CivilDay();
  o.amount = Cny(-1);
  EXPECT_THAT(
      ObservationViolations(o),
      ElementsAre(FieldViolation{"observation.disbursement.disbursed_date", "is required"},
                  FieldViolation{"observation.disbursement.amount", "must be greater than zero"}));
}

TEST(ValidateObservationTest, FundUsageNeedsCategoryAndPayee) {
  Observation o = Of(ObservationKind::kFundUsage);
  o.date = kToday + 2;
  EXPECT_THAT(
      ObservationViolations(o),
      ElementsAre(FieldViolation{"observation.fund_usage.paid_date",
                                 "must not be in the future (2026-11-24 is after 2026-11-22)"},
                  FieldViolation{"observation.fund_usage.category", "is required"},
                  FieldViolation{"observation.fund_usage.payee", "is required"}));
  o.date = kToday;
  o.category = "construction";
  o.payee = "Acme Builders";
  o.amount = Cny(0);
  EXPECT_THAT(ObservationViolations(o), ElementsAre(FieldViolation{"observation.fund_usage.amount",
                                                                   "must be greater than zero"}));
}

TEST(ValidateObservationTest, ProjectProgressInvestments) {
  Observation o = Of(ObservationKind::kProjectProgress);
  o.planned_amount = Cny(0);
  o.amount = Cny(-1);
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.project_progress.planned_investment",
                                         "must be greater than zero"},
                          FieldViolation{"observation.project_progress.actual_investment",
                                         "must not be negative"}));
  o.planned_amount = Usd(1);
  o.amount = Cny(0);
  EXPECT_THAT(
      ObservationViolations(o),
      ElementsAre(FieldViolation{"observation.project_progress.planned_investment.currency_code",
                                 "must be the exposure's currency CNY"}));
}

TEST(ValidateObservationTest, ProjectProgressMilestones) {
  Observation o = Of(ObservationKind::kProjectProgress);
  o.planned_amount = Cny(1000);
  o.milestones_due = 1001;
  o.milestones_met = -1;
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.project_progress.milestones_due",
                                         "must be between 0 and 1000"},
                          FieldViolation{"observation.project_progress.milestones_met",
                                         "must not be negative"}));
  o.milestones_due = 3;
  o.milestones_met = 4;
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.project_progress.milestones_met",
                                         "must not exceed milestones_due (3)"}));
}

TEST(ValidateObservationTest, ProjectProgressAsOfDateNotInTheFuture) {
  Observation o = Of(ObservationKind::kProjectProgress);
  o.planned_amount = Cny(1000);
  o.date = kToday + 1;
  EXPECT_THAT(
      ObservationViolations(o),
      ElementsAre(FieldViolation{"observation.project_progress.as_of_date",
                                 "must not be in the future (2026-11-23 is after 2026-11-22)"}));
}

TEST(ValidateObservationTest, CovenantFiguresFiniteWithinRange) {
  Observation o = Of(ObservationKind::kCovenantFigures);
  const std::string message = "must be a finite number between 0 and 1000 (0 = not reported)";
  o.dscr = std::numeric_limits<double>::infinity();
  o.current_ratio = -0.5;
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.covenant_figures.dscr", message},
                          FieldViolation{"observation.covenant_figures.current_ratio", message}));
  o.dscr = std::numeric_limits<double>::quiet_NaN();
  o.current_ratio = 1000.5;
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.covenant_figures.dscr", message},
                          FieldViolation{"observation.covenant_figures.current_ratio", message}));
}

TEST(ValidateObservationTest, CovenantFiguresReportAtLeastOne) {
  Observation o = Of(ObservationKind::kCovenantFigures);
  EXPECT_THAT(ObservationViolations(o),
              ElementsAre(FieldViolation{"observation.covenant_figures",
                                         "must report dscr or current_ratio"}));
  o.dscr = 1.1;
  o.date = absl::CivilDay();
  EXPECT_THAT(
      ObservationViolations(o),
      ElementsAre(FieldViolation{"observation.covenant_figures.period_end_date", "is required"}));
}

TEST(ValidateObservationTest, ExposureMustBeActive) {
  Exposure closed = ValidExposure();
  closed.status = ExposureStatus::kClosed;
  absl::Status s = ValidateObservation(Of(ObservationKind::kRepaymentPaid), closed, kToday);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(s), "EXPOSURE_CLOSED");

  // A malformed observation is reported as such first.
  Observation bad = Of(ObservationKind::kRepaymentPaid);
  bad.amount = Cny(0);
  EXPECT_THAT(ValidateObservation(bad, closed, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ValidateObservationTest, ListsEveryProblemAtOnce) {
  Observation o = Of(ObservationKind::kProjectProgress);
  o.date = absl::CivilDay();
  o.planned_amount = Money{"cny", 1, 0};
  o.amount = Cny(-3);
  o.milestones_due = 2;
  o.milestones_met = 5;
  EXPECT_THAT(
      ObservationViolations(o),
      UnorderedElementsAre(
          FieldViolation{"observation.project_progress.as_of_date", "is required"},
          FieldViolation{"observation.project_progress.planned_investment.currency_code",
                         "must be an ISO 4217 currency code (three upper-case letters)"},
          FieldViolation{"observation.project_progress.actual_investment", "must not be negative"},
          FieldViolation{"observation.project_progress.milestones_met",
                         "must not exceed milestones_due (2)"}));
}

// ---- Collateral ------------------------------------------------------------------------------

Collateral ValidCollateral() {
  Collateral c;
  c.kind = CollateralKind::kMortgage;
  c.asset_type = "land_use_right";
  c.description = "工业用地 40,000 m², 苏(2025)昆山市不动产权第0012345号";
  c.appraised_value = Cny(80000000);
  c.appraisal_date = absl::CivilDay(2026, 1, 10);
  c.lien_rank = 1;
  return c;
}

std::vector<FieldViolation> CollateralViolations(const Collateral& c) {
  return FieldViolationsOf(ValidateCollateral(c, ValidExposure(), kToday));
}

TEST(ValidateCollateralTest, AcceptsValidCollateral) {
  EXPECT_OK(ValidateCollateral(ValidCollateral(), ValidExposure(), kToday));
  Collateral c = ValidCollateral();
  c.kind = CollateralKind::kPledge;
  c.description.clear();
  c.lien_rank = 9;
  c.appraisal_date = kToday;
  EXPECT_OK(ValidateCollateral(c, ValidExposure(), kToday));
}

TEST(ValidateCollateralTest, KindRequired) {
  Collateral c = ValidCollateral();
  c.kind = CollateralKind::kUnspecified;
  EXPECT_THAT(CollateralViolations(c),
              ElementsAre(FieldViolation{"collateral.kind", "must be MORTGAGE or PLEDGE"}));
}

TEST(ValidateCollateralTest, AssetTypeIsASnakeCaseCode) {
  Collateral c = ValidCollateral();
  c.asset_type = "Land Use Right";
  EXPECT_THAT(CollateralViolations(c),
              ElementsAre(FieldViolation{"collateral.asset_type",
                                         "must be 1 to 64 characters of [a-z0-9_]"}));
}

TEST(ValidateCollateralTest, DescriptionAtMost500Characters) {
  Collateral c = ValidCollateral();
  c.description = std::string(501, 'd');
  EXPECT_THAT(CollateralViolations(c),
              ElementsAre(FieldViolation{"collateral.description",
                                         "must be at most 500 characters, got 501"}));
}

TEST(ValidateCollateralTest, AppraisedValuePositiveInTheExposuresCurrency) {
  Collateral c = ValidCollateral();
  c.appraised_value = Cny(0);
  EXPECT_THAT(CollateralViolations(c), ElementsAre(FieldViolation{"collateral.appraised_value",
                                                                  "must be greater than zero"}));
  c.appraised_value = Usd(100);
  EXPECT_THAT(CollateralViolations(c),
              ElementsAre(FieldViolation{"collateral.appraised_value.currency_code",
                                         "must be the exposure's currency CNY"}));
}

TEST(ValidateCollateralTest, AppraisalDateSetAndNotInTheFuture) {
  Collateral c = ValidCollateral();
  c.appraisal_date = absl::CivilDay();
  EXPECT_THAT(CollateralViolations(c),
              ElementsAre(FieldViolation{"collateral.appraisal_date", "is required"}));
  c.appraisal_date = kToday + 1;
  EXPECT_THAT(
      CollateralViolations(c),
      ElementsAre(FieldViolation{"collateral.appraisal_date",
                                 "must not be in the future (2026-11-23 is after 2026-11-22)"}));
}

TEST(ValidateCollateralTest, LienRank1To9) {
  Collateral c = ValidCollateral();
  c.lien_rank = 0;
  EXPECT_THAT(CollateralViolations(c),
              ElementsAre(FieldViolation{"collateral.lien_rank", "must be between 1 and 9"}));
  c.lien_rank = 10;
  EXPECT_THAT(CollateralViolations(c),
              ElementsAre(FieldViolation{"collateral.lien_rank", "must be between 1 and 9"}));
}

TEST(ValidateCollateralTest, ListsEveryProblemAtOnce) {
  Collateral c;
  c.lien_rank = 0;
  EXPECT_THAT(
      CollateralViolations(c),
      UnorderedElementsAre(
          FieldViolation{"collateral.kind", "must be MORTGAGE or PLEDGE"},
          FieldViolation{"collateral.asset_type", "must be 1 to 64 characters of [a-z0-9_]"},
          FieldViolation{"collateral.appraised_value.currency_code",
                         "must be an ISO 4217 currency code (three upper-case letters)"},
          FieldViolation{"collateral.appraised_value", "must be greater than zero"},
          FieldViolation{"collateral.appraisal_date", "is required"},
          FieldViolation{"collateral.lien_rank", "must be between 1 and 9"}));
}

// ---- Guarantors ------------------------------------------------------------------------------

Guarantor CustomerGuarantor() {
  Guarantor g;
  g.customer_id = kOtherCustomer;
  g.amount_guaranteed = Cny(10000000);
  return g;
}

std::vector<FieldViolation> GuarantorViolations(const Guarantor& g) {
  return FieldViolationsOf(ValidateGuarantor(g, ValidExposure()));
}

TEST(ValidateGuarantorTest, AcceptsACustomerOrAnOutsideParty) {
  EXPECT_OK(ValidateGuarantor(CustomerGuarantor(), ValidExposure()));
  Guarantor outside;
  outside.outside_party_name = "江苏省信用再担保集团";
  outside.amount_guaranteed = Cny(5000000);
  EXPECT_OK(ValidateGuarantor(outside, ValidExposure()));
}

TEST(ValidateGuarantorTest, ExactlyOneOfCustomerAndOutsideParty) {
  Guarantor g = CustomerGuarantor();
  g.outside_party_name = "Someone Else Ltd";
  EXPECT_THAT(GuarantorViolations(g),
              ElementsAre(FieldViolation{"guarantor.outside_party_name",
                                         "must be empty when customer_id is set"}));
  g.customer_id.clear();
  g.outside_party_name.clear();
  EXPECT_THAT(GuarantorViolations(g),
              ElementsAre(FieldViolation{"guarantor.customer_id",
                                         "customer_id or outside_party_name is required"}));
}

TEST(ValidateGuarantorTest, CustomerIdIsAUuidOtherThanTheBorrower) {
  Guarantor g = CustomerGuarantor();
  g.customer_id = "c-2";
  EXPECT_THAT(GuarantorViolations(g),
              ElementsAre(FieldViolation{"guarantor.customer_id", "must be a UUID"}));
  g.customer_id = "0193A000-0000-7000-8000-000000000001";  // the borrower, upper case
  EXPECT_THAT(
      GuarantorViolations(g),
      ElementsAre(FieldViolation{"guarantor.customer_id", "must not be the borrower itself"}));
}

TEST(ValidateGuarantorTest, OutsidePartyNameLength) {
  Guarantor g;
  g.outside_party_name = std::string(201, 'n');
  g.amount_guaranteed = Cny(1);
  EXPECT_THAT(GuarantorViolations(g),
              ElementsAre(FieldViolation{"guarantor.outside_party_name",
                                         "must be 1 to 200 characters, got 201"}));
  g.outside_party_name = "   ";
  EXPECT_THAT(GuarantorViolations(g),
              ElementsAre(FieldViolation{"guarantor.outside_party_name", "is required"}));
}

TEST(ValidateGuarantorTest, AmountPositiveInTheExposuresCurrency) {
  Guarantor g = CustomerGuarantor();
  g.amount_guaranteed = Cny(0);
  EXPECT_THAT(GuarantorViolations(g), ElementsAre(FieldViolation{"guarantor.amount_guaranteed",
                                                                 "must be greater than zero"}));
  g.amount_guaranteed = Usd(1);
  EXPECT_THAT(GuarantorViolations(g),
              ElementsAre(FieldViolation{"guarantor.amount_guaranteed.currency_code",
                                         "must be the exposure's currency CNY"}));
}

TEST(ValidateGuarantorTest, ListsEveryProblemAtOnce) {
  Guarantor g;
  g.customer_id = kBorrower;
  g.outside_party_name = "Both Ltd";
  g.amount_guaranteed = Usd(0);
  EXPECT_THAT(
      GuarantorViolations(g),
      UnorderedElementsAre(
          FieldViolation{"guarantor.outside_party_name", "must be empty when customer_id is set"},
          FieldViolation{"guarantor.customer_id", "must not be the borrower itself"},
          FieldViolation{"guarantor.amount_guaranteed", "must be greater than zero"},
          FieldViolation{"guarantor.amount_guaranteed.currency_code",
                         "must be the exposure's currency CNY"}));
}

}  // namespace
}  // namespace ccrm::risk
