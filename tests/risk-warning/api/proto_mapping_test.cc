#include "services/risk-warning/api/proto_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/wire/money_time_mapping.h"
#include "google/protobuf/descriptor.h"

namespace ccrm::risk {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kCustomerId[] = "0193a0f1-0000-7000-8000-000000000001";
constexpr char kGuarantorCustomerId[] = "0193a0f1-0000-7000-8000-000000000002";
constexpr char kExposureId[] = "0193f000-0000-7000-8000-0000000000e1";
constexpr char kObservationId[] = "0193f100-0000-7000-8000-0000000000b1";
constexpr char kCollateralId[] = "0193f200-0000-7000-8000-0000000000c1";
constexpr char kOtherCollateralId[] = "0193f200-0000-7000-8000-0000000000c2";
constexpr char kGuarantorId[] = "0193f300-0000-7000-8000-0000000000a1";
constexpr char kAlertId[] = "0193f400-0000-7000-8000-0000000000d1";
constexpr char kPlanId[] = "0193f500-0000-7000-8000-0000000000f1";
constexpr char kExposureName[] = "exposures/0193f000-0000-7000-8000-0000000000e1";

const absl::Time kCreated =
    absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 15, 30), absl::UTCTimeZone()) +
    absl::Nanoseconds(125000007);
const absl::Time kLater = kCreated + absl::Hours(50) + absl::Microseconds(3);
const absl::CivilDay kToday(2026, 3, 10);

// 50,000,000.50 CNY: units and nanos both carried, never through a double.
const Money kAmount{"CNY", 50000000, 500000000};

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return ::ccrm::FromProto(timestamp);
}

absl::CivilDay DayOf(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

Money MoneyOf(const common::v1::Money& money) {
  return Money{money.currency_code(), money.units(), money.nanos()};
}

void SetDate(int year, int month, int day, common::v1::Date* out) {
  out->set_year(year);
  out->set_month(month);
  out->set_day(day);
}

void SetMoney(const std::string& currency, int64_t units, int32_t nanos, common::v1::Money* out) {
  out->set_currency_code(currency);
  out->set_units(units);
  out->set_nanos(nanos);
}

// "field: description" of every violation `status` carries, in order.
std::vector<std::string> Violations(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    out.push_back(v.field + ": " + v.description);
  }
  return out;
}

template <typename T>
std::vector<std::string> Violations(const absl::StatusOr<T>& result) {
  return Violations(result.status());
}

MATCHER_P(IsOkAndHolds, expected, "is OK and holds the expected value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return *arg == expected;
}

// ---- Enums ----

template <typename Domain, typename Proto>
using FromProtoFn = absl::StatusOr<Domain> (*)(Proto, const std::string&);

// Every pair maps both ways, and the pairs cover every value the proto enum defines.
template <typename Domain, typename Proto>
void ExpectBothWays(FromProtoFn<Domain, Proto> from_proto,
                    const std::vector<std::pair<Domain, Proto>>& pairs,
                    const google::protobuf::EnumDescriptor* descriptor) {
  ASSERT_EQ(pairs.size(), static_cast<size_t>(descriptor->value_count())) << descriptor->name();
  for (const auto& [domain, proto] : pairs) {
    const std::string name = descriptor->FindValueByNumber(proto)->name();
    EXPECT_EQ(ToProto(domain), proto) << name;
    EXPECT_THAT(from_proto(proto, "field"), IsOkAndHolds(domain)) << name;
  }
}

// An unknown number is one violation on exactly the given field, saying which number.
template <typename Domain, typename Proto>
void ExpectUnknown(FromProtoFn<Domain, Proto> from_proto, int number, const std::string& field) {
  const absl::StatusOr<Domain> read = from_proto(static_cast<Proto>(number), field);
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument)) << field << " " << number;
  EXPECT_EQ(ErrorReason(read.status()), "INVALID_ARGUMENT");
  EXPECT_THAT(Violations(read),
              ElementsAre(field + ": unknown enum value " + std::to_string(number)));
}

TEST(EnumMappingTest, AlertLevelEveryValueBothWaysUnspecifiedIsNone) {
  ExpectBothWays<AlertLevel, v1::AlertLevel>(&LevelFromProto,
                                             {{AlertLevel::kNone, v1::ALERT_LEVEL_UNSPECIFIED},
                                              {AlertLevel::kBlue, v1::ALERT_LEVEL_BLUE},
                                              {AlertLevel::kYellow, v1::ALERT_LEVEL_YELLOW},
                                              {AlertLevel::kOrange, v1::ALERT_LEVEL_ORANGE},
                                              {AlertLevel::kRed, v1::ALERT_LEVEL_RED}},
                                             v1::AlertLevel_descriptor());
}

TEST(EnumMappingTest, AlertStatusEveryValueBothWays) {
  ExpectBothWays<AlertStatus, v1::AlertStatus>(
      &AlertStatusFromProto,
      {{AlertStatus::kUnspecified, v1::ALERT_STATUS_UNSPECIFIED},
       {AlertStatus::kOpen, v1::ALERT_STATUS_OPEN},
       {AlertStatus::kAcknowledged, v1::ALERT_STATUS_ACKNOWLEDGED},
       {AlertStatus::kInProgress, v1::ALERT_STATUS_IN_PROGRESS},
       {AlertStatus::kResolved, v1::ALERT_STATUS_RESOLVED},
       {AlertStatus::kFalsePositive, v1::ALERT_STATUS_FALSE_POSITIVE}},
      v1::AlertStatus_descriptor());
}

TEST(EnumMappingTest, ScenarioEveryValueBothWays) {
  ExpectBothWays<ContingencyScenario, v1::ContingencyScenario>(
      &ScenarioFromProto,
      {{ContingencyScenario::kUnspecified, v1::CONTINGENCY_SCENARIO_UNSPECIFIED},
       {ContingencyScenario::kProjectHalted, v1::CONTINGENCY_SCENARIO_PROJECT_HALTED},
       {ContingencyScenario::kBorrowerCannotRepay, v1::CONTINGENCY_SCENARIO_BORROWER_CANNOT_REPAY},
       {ContingencyScenario::kFundsDiverted, v1::CONTINGENCY_SCENARIO_FUNDS_DIVERTED},
       {ContingencyScenario::kGuarantorFails, v1::CONTINGENCY_SCENARIO_GUARANTOR_FAILS}},
      v1::ContingencyScenario_descriptor());
}

TEST(EnumMappingTest, ExposureStatusEveryValueBothWays) {
  ExpectBothWays<ExposureStatus, v1::ExposureStatus>(
      &ExposureStatusFromProto,
      {{ExposureStatus::kUnspecified, v1::EXPOSURE_STATUS_UNSPECIFIED},
       {ExposureStatus::kActive, v1::EXPOSURE_STATUS_ACTIVE},
       {ExposureStatus::kClosed, v1::EXPOSURE_STATUS_CLOSED}},
      v1::ExposureStatus_descriptor());
}

TEST(EnumMappingTest, LoanCategoryEveryValueBothWays) {
  ExpectBothWays<LoanCategory, v1::LoanCategory>(
      &LoanCategoryFromProto,
      {{LoanCategory::kUnspecified, v1::LOAN_CATEGORY_UNSPECIFIED},
       {LoanCategory::kNormal, v1::LOAN_CATEGORY_NORMAL},
       {LoanCategory::kSpecialMention, v1::LOAN_CATEGORY_SPECIAL_MENTION},
       {LoanCategory::kSubstandard, v1::LOAN_CATEGORY_SUBSTANDARD},
       {LoanCategory::kDoubtful, v1::LOAN_CATEGORY_DOUBTFUL},
       {LoanCategory::kLoss, v1::LOAN_CATEGORY_LOSS}},
      v1::LoanCategory_descriptor());
}

TEST(EnumMappingTest, PlanStatusEveryValueBothWays) {
  ExpectBothWays<PlanStatus, v1::PlanStatus>(
      &PlanStatusFromProto,
      {{PlanStatus::kUnspecified, v1::PLAN_STATUS_UNSPECIFIED},
       {PlanStatus::kActive, v1::PLAN_STATUS_ACTIVE},
       {PlanStatus::kCompleted, v1::PLAN_STATUS_COMPLETED}},
      v1::PlanStatus_descriptor());
}

TEST(EnumMappingTest, CollateralKindEveryValueBothWays) {
  ExpectBothWays<CollateralKind, v1::CollateralKind>(
      &CollateralKindFromProto,
      {{CollateralKind::kUnspecified, v1::COLLATERAL_KIND_UNSPECIFIED},
       {CollateralKind::kMortgage, v1::COLLATERAL_KIND_MORTGAGE},
       {CollateralKind::kPledge, v1::COLLATERAL_KIND_PLEDGE}},
      v1::CollateralKind_descriptor());
}

TEST(EnumMappingTest, StepStatusToProto) {
  EXPECT_EQ(ToProto(StepStatus::kUnspecified), v1::STEP_STATUS_UNSPECIFIED);
  EXPECT_EQ(ToProto(StepStatus::kPending), v1::STEP_STATUS_PENDING);
  EXPECT_EQ(ToProto(StepStatus::kDone), v1::STEP_STATUS_DONE);
}

TEST(EnumMappingTest, UnknownNumbersAreRefusedOnTheField) {
  ExpectUnknown<AlertLevel, v1::AlertLevel>(&LevelFromProto, 5, "min_level");
  ExpectUnknown<AlertLevel, v1::AlertLevel>(&LevelFromProto, -1, "min_level");
  ExpectUnknown<AlertStatus, v1::AlertStatus>(&AlertStatusFromProto, 6, "status");
  ExpectUnknown<AlertStatus, v1::AlertStatus>(&AlertStatusFromProto, 42, "statuses[1]");
  ExpectUnknown<ContingencyScenario, v1::ContingencyScenario>(&ScenarioFromProto, 5, "scenario");
  ExpectUnknown<ExposureStatus, v1::ExposureStatus>(&ExposureStatusFromProto, 3, "status");
  ExpectUnknown<LoanCategory, v1::LoanCategory>(&LoanCategoryFromProto, 6, "category");
  ExpectUnknown<PlanStatus, v1::PlanStatus>(&PlanStatusFromProto, 3, "status");
  ExpectUnknown<CollateralKind, v1::CollateralKind>(&CollateralKindFromProto, -2,
                                                    "collateral.kind");
}

// ---- Exposures ----

Exposure FullExposure() {
  Exposure e;
  e.exposure_id = kExposureId;
  e.customer_id = kCustomerId;
  e.facility_id = "F-2026-0001";
  e.amount = kAmount;
  e.purpose = "Working capital for the Pudong plant";
  e.project = "customers/0193a0f1-0000-7000-8000-000000000001/projects/p-7";
  e.use_of_funds_plan = {{"construction", "Shanghai Construction Group", {"CNY", 30000000, 0}},
                         {"equipment", "", {"CNY", 12000000, 250000000}}};
  e.repayment_schedule = {
      {absl::CivilDay(2026, 9, 20), {"CNY", 5000000, 0}, {"CNY", 812500, 120000000}},
      {absl::CivilDay(2027, 3, 20), {"CNY", 0, 0}, {"CNY", 700000, 0}}};
  e.origination_date = absl::CivilDay(2026, 3, 20);
  e.maturity_date = absl::CivilDay(2029, 3, 20);
  e.covenants = {1.25, 1.1};
  e.status = ExposureStatus::kClosed;
  e.outstanding = {"CNY", 45000000, 999999999};
  e.suggested_category = LoanCategory::kSpecialMention;
  e.category_reason = "逾期 35 天";
  e.days_past_due = 35;
  e.segment = "SEGMENT_SME";
  e.industry_code = "C3011";
  e.create_time = kCreated;
  e.update_time = kLater;
  e.revision = 7;
  return e;
}

TEST(ExposureMappingTest, ToProtoWritesEveryField) {
  v1::Exposure out;
  ToProto(FullExposure(), &out);
  EXPECT_EQ(out.name(), kExposureName);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.facility_id(), "F-2026-0001");
  EXPECT_EQ(MoneyOf(out.amount()), kAmount);
  EXPECT_EQ(out.purpose(), "Working capital for the Pudong plant");
  EXPECT_EQ(out.project(), "customers/0193a0f1-0000-7000-8000-000000000001/projects/p-7");
  ASSERT_EQ(out.use_of_funds_plan_size(), 2);
  EXPECT_EQ(out.use_of_funds_plan(0).category(), "construction");
  EXPECT_EQ(out.use_of_funds_plan(0).payee(), "Shanghai Construction Group");
  EXPECT_EQ(MoneyOf(out.use_of_funds_plan(1).amount()), (Money{"CNY", 12000000, 250000000}));
  EXPECT_EQ(out.use_of_funds_plan(1).payee(), "");
  ASSERT_EQ(out.repayment_schedule_size(), 2);
  EXPECT_EQ(DayOf(out.repayment_schedule(0).due_date()), absl::CivilDay(2026, 9, 20));
  EXPECT_EQ(MoneyOf(out.repayment_schedule(0).principal()), (Money{"CNY", 5000000, 0}));
  EXPECT_EQ(MoneyOf(out.repayment_schedule(0).interest()), (Money{"CNY", 812500, 120000000}));
  EXPECT_EQ(DayOf(out.origination_date()), absl::CivilDay(2026, 3, 20));
  EXPECT_EQ(DayOf(out.maturity_date()), absl::CivilDay(2029, 3, 20));
  EXPECT_EQ(out.covenants().min_dscr(), 1.25);
  EXPECT_EQ(out.covenants().min_current_ratio(), 1.1);
  EXPECT_EQ(out.status(), v1::EXPOSURE_STATUS_CLOSED);
  EXPECT_EQ(MoneyOf(out.outstanding()), (Money{"CNY", 45000000, 999999999}));
  EXPECT_EQ(out.suggested_category(), v1::LOAN_CATEGORY_SPECIAL_MENTION);
  EXPECT_EQ(out.category_reason(), "逾期 35 天");
  EXPECT_EQ(out.days_past_due(), 35);
  EXPECT_EQ(out.segment(), "SEGMENT_SME");
  EXPECT_EQ(out.industry_code(), "C3011");
  EXPECT_EQ(TimeOf(out.create_time()), kCreated);
  EXPECT_EQ(TimeOf(out.update_time()), kLater);
  EXPECT_EQ(out.etag(), "r7");
}

TEST(ExposureMappingTest, RoundTripKeepsTheInputFieldsExactly) {
  const Exposure original = FullExposure();
  v1::Exposure wire;
  ToProto(original, &wire);
  ASSERT_OK_AND_ASSIGN(Exposure read, ExposureFromProto(wire, "exposure"));
  EXPECT_EQ(read.customer_id, original.customer_id);
  EXPECT_EQ(read.facility_id, original.facility_id);
  EXPECT_EQ(read.amount, kAmount);
  EXPECT_EQ(read.purpose, original.purpose);
  EXPECT_EQ(read.project, original.project);
  ASSERT_EQ(read.use_of_funds_plan.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(read.use_of_funds_plan[i].category, original.use_of_funds_plan[i].category);
    EXPECT_EQ(read.use_of_funds_plan[i].payee, original.use_of_funds_plan[i].payee);
    EXPECT_EQ(read.use_of_funds_plan[i].amount, original.use_of_funds_plan[i].amount);
  }
  ASSERT_EQ(read.repayment_schedule.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(read.repayment_schedule[i].due_date, original.repayment_schedule[i].due_date);
    EXPECT_EQ(read.repayment_schedule[i].principal, original.repayment_schedule[i].principal);
    EXPECT_EQ(read.repayment_schedule[i].interest, original.repayment_schedule[i].interest);
  }
  EXPECT_EQ(read.origination_date, original.origination_date);
  EXPECT_EQ(read.maturity_date, original.maturity_date);
  EXPECT_EQ(read.covenants.min_dscr, 1.25);
  EXPECT_EQ(read.covenants.min_current_ratio, 1.1);
}

TEST(ExposureMappingTest, FromProtoIgnoresOutputOnlyFieldsAndANewExposureIsActive) {
  v1::Exposure wire;
  ToProto(FullExposure(), &wire);
  ASSERT_OK_AND_ASSIGN(Exposure read, ExposureFromProto(wire, "exposure"));
  const Exposure defaults;
  EXPECT_EQ(read.exposure_id, "");
  EXPECT_EQ(read.status, ExposureStatus::kActive);
  EXPECT_EQ(read.outstanding, defaults.outstanding);
  EXPECT_EQ(read.suggested_category, defaults.suggested_category);
  EXPECT_EQ(read.category_reason, "");
  EXPECT_EQ(read.days_past_due, 0);
  EXPECT_EQ(read.segment, "");
  EXPECT_EQ(read.industry_code, "");
  EXPECT_EQ(read.create_time, absl::Time());
  EXPECT_EQ(read.update_time, absl::Time());
  EXPECT_EQ(read.revision, 0);
}

TEST(ExposureMappingTest, AnAbsentInstallmentAmountIsZeroInTheOthersCurrency) {
  v1::Exposure wire;
  ToProto(FullExposure(), &wire);
  wire.mutable_repayment_schedule(0)->clear_interest();
  wire.mutable_repayment_schedule(1)->clear_principal();
  ASSERT_OK_AND_ASSIGN(Exposure read, ExposureFromProto(wire, "exposure"));
  EXPECT_EQ(read.repayment_schedule[0].principal, (Money{"CNY", 5000000, 0}));
  EXPECT_EQ(read.repayment_schedule[0].interest, (Money{"CNY", 0, 0}));
  EXPECT_EQ(read.repayment_schedule[1].principal, (Money{"CNY", 0, 0}));
  EXPECT_EQ(read.repayment_schedule[1].interest, (Money{"CNY", 700000, 0}));
}

TEST(ExposureMappingTest, AnEmptyExposureNeedsAmountAndDates) {
  const auto read = ExposureFromProto(v1::Exposure(), "exposure");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Violations(read),
              ElementsAre("exposure.amount: is required", "exposure.origination_date: is required",
                          "exposure.maturity_date: is required"));
}

TEST(ExposureMappingTest, EveryMalformedFieldIsReportedAtOnceWithItsPath) {
  v1::Exposure wire;
  ToProto(FullExposure(), &wire);
  wire.mutable_amount()->set_currency_code("cny");
  wire.mutable_use_of_funds_plan(0)->mutable_amount()->set_nanos(-5);  // sign differs from units
  wire.mutable_use_of_funds_plan(1)->clear_amount();
  SetDate(2027, 2, 30, wire.mutable_repayment_schedule(0)->mutable_due_date());
  wire.mutable_repayment_schedule(1)->clear_principal();
  wire.mutable_repayment_schedule(1)->clear_interest();
  SetDate(2026, 13, 1, wire.mutable_origination_date());
  SetDate(0, 0, 0, wire.mutable_maturity_date());  // the all-zero Date means "not set"
  wire.mutable_covenants()->set_min_dscr(std::numeric_limits<double>::quiet_NaN());
  wire.mutable_covenants()->set_min_current_ratio(std::numeric_limits<double>::infinity());
  const auto read = ExposureFromProto(wire, "exposure");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(read.status()), "INVALID_ARGUMENT");
  EXPECT_THAT(
      Violations(read),
      ElementsAre(
          "exposure.amount.currency_code: must be an ISO 4217 code of three upper-case letters",
          "exposure.use_of_funds_plan[0].amount.nanos: "
          "must be -999999999..999999999 with the same sign as units",
          "exposure.use_of_funds_plan[1].amount: is required",
          "exposure.repayment_schedule[0].due_date: is not a calendar date: 2027-2-30",
          "exposure.repayment_schedule[1].principal: principal or interest is required",
          "exposure.origination_date: must be a calendar date of the years 1..9999",
          "exposure.maturity_date: is required",
          "exposure.covenants.min_dscr: must be a finite number",
          "exposure.covenants.min_current_ratio: must be a finite number"));
}

TEST(ExposureMappingTest, MalformedInterestIsReportedOnInterest) {
  v1::Exposure wire;
  ToProto(FullExposure(), &wire);
  wire.mutable_repayment_schedule(1)->mutable_interest()->set_currency_code("");
  EXPECT_THAT(Violations(ExposureFromProto(wire, "exposure")),
              ElementsAre("exposure.repayment_schedule[1].interest.currency_code: "
                          "must be an ISO 4217 code of three upper-case letters"));
}

TEST(ExposureMappingTest, TopLevelFieldPathsHaveNoPrefix) {
  v1::Exposure wire;
  ToProto(FullExposure(), &wire);
  wire.clear_amount();
  EXPECT_THAT(Violations(ExposureFromProto(wire, "")), ElementsAre("amount: is required"));
}

// ---- Observations ----

Observation BaseObservation(ObservationKind kind) {
  Observation o;
  o.observation_id = kObservationId;
  o.exposure_id = kExposureId;
  o.customer_id = kCustomerId;
  o.kind = kind;
  o.recorded_by = "rm-042";
  o.record_time = kCreated;
  return o;
}

const std::string kObservationName =
    "exposures/0193f000-0000-7000-8000-0000000000e1/observations/"
    "0193f100-0000-7000-8000-0000000000b1";

TEST(ObservationMappingTest, RepaymentDueBothWays) {
  Observation o = BaseObservation(ObservationKind::kRepaymentDue);
  o.date = absl::CivilDay(2026, 9, 20);
  o.amount = {"CNY", 5000000, 10};
  o.interest = {"CNY", 812500, 120000000};
  v1::Observation wire;
  ToProto(o, &wire);
  EXPECT_EQ(wire.name(), kObservationName);
  ASSERT_EQ(wire.kind_case(), v1::Observation::kRepaymentDue);
  EXPECT_EQ(DayOf(wire.repayment_due().due_date()), absl::CivilDay(2026, 9, 20));
  EXPECT_EQ(MoneyOf(wire.repayment_due().principal()), (Money{"CNY", 5000000, 10}));
  EXPECT_EQ(MoneyOf(wire.repayment_due().interest()), (Money{"CNY", 812500, 120000000}));
  EXPECT_EQ(wire.recorded_by(), "rm-042");
  EXPECT_EQ(TimeOf(wire.record_time()), kCreated);

  ASSERT_OK_AND_ASSIGN(Observation read, ObservationFromProto(wire, "observation"));
  EXPECT_EQ(read.kind, ObservationKind::kRepaymentDue);
  EXPECT_EQ(read.date, absl::CivilDay(2026, 9, 20));
  EXPECT_EQ(read.amount, (Money{"CNY", 5000000, 10}));
  EXPECT_EQ(read.interest, (Money{"CNY", 812500, 120000000}));
  // Identity and who recorded it are the service's, not the client's.
  EXPECT_EQ(read.observation_id, "");
  EXPECT_EQ(read.exposure_id, "");
  EXPECT_EQ(read.recorded_by, "");
  EXPECT_EQ(read.record_time, absl::Time());
}

TEST(ObservationMappingTest, RepaymentPaidBothWays) {
  Observation o = BaseObservation(ObservationKind::kRepaymentPaid);
  o.date = absl::CivilDay(2026, 9, 21);
  o.amount = {"CNY", 5812500, 120000000};
  v1::Observation wire;
  ToProto(o, &wire);
  ASSERT_EQ(wire.kind_case(), v1::Observation::kRepaymentPaid);
  EXPECT_EQ(DayOf(wire.repayment_paid().paid_date()), absl::CivilDay(2026, 9, 21));
  EXPECT_EQ(MoneyOf(wire.repayment_paid().amount()), (Money{"CNY", 5812500, 120000000}));
  ASSERT_OK_AND_ASSIGN(Observation read, ObservationFromProto(wire, "observation"));
  EXPECT_EQ(read.kind, ObservationKind::kRepaymentPaid);
  EXPECT_EQ(read.date, absl::CivilDay(2026, 9, 21));
  EXPECT_EQ(read.amount, (Money{"CNY", 5812500, 120000000}));
}

TEST(ObservationMappingTest, DisbursementBothWays) {
  Observation o = BaseObservation(ObservationKind::kDisbursement);
  o.date = absl::CivilDay(2026, 3, 25);
  o.amount = {"CNY", 20000000, 0};
  v1::Observation wire;
  ToProto(o, &wire);
  ASSERT_EQ(wire.kind_case(), v1::Observation::kDisbursement);
  EXPECT_EQ(DayOf(wire.disbursement().disbursed_date()), absl::CivilDay(2026, 3, 25));
  EXPECT_EQ(MoneyOf(wire.disbursement().amount()), (Money{"CNY", 20000000, 0}));
  ASSERT_OK_AND_ASSIGN(Observation read, ObservationFromProto(wire, "observation"));
  EXPECT_EQ(read.kind, ObservationKind::kDisbursement);
  EXPECT_EQ(read.date, absl::CivilDay(2026, 3, 25));
  EXPECT_EQ(read.amount, (Money{"CNY", 20000000, 0}));
}

TEST(ObservationMappingTest, FundUsageBothWays) {
  Observation o = BaseObservation(ObservationKind::kFundUsage);
  o.date = absl::CivilDay(2026, 4, 2);
  o.category = "construction";
  o.payee = "Shanghai Construction Group";
  o.amount = {"CNY", 3000000, 1};
  v1::Observation wire;
  ToProto(o, &wire);
  ASSERT_EQ(wire.kind_case(), v1::Observation::kFundUsage);
  EXPECT_EQ(DayOf(wire.fund_usage().paid_date()), absl::CivilDay(2026, 4, 2));
  EXPECT_EQ(wire.fund_usage().category(), "construction");
  EXPECT_EQ(wire.fund_usage().payee(), "Shanghai Construction Group");
  EXPECT_EQ(MoneyOf(wire.fund_usage().amount()), (Money{"CNY", 3000000, 1}));
  ASSERT_OK_AND_ASSIGN(Observation read, ObservationFromProto(wire, "observation"));
  EXPECT_EQ(read.kind, ObservationKind::kFundUsage);
  EXPECT_EQ(read.date, absl::CivilDay(2026, 4, 2));
  EXPECT_EQ(read.category, "construction");
  EXPECT_EQ(read.payee, "Shanghai Construction Group");
  EXPECT_EQ(read.amount, (Money{"CNY", 3000000, 1}));
}

TEST(ObservationMappingTest, ProjectProgressBothWays) {
  Observation o = BaseObservation(ObservationKind::kProjectProgress);
  o.date = absl::CivilDay(2026, 6, 30);
  o.planned_amount = {"CNY", 18000000, 0};
  o.amount = {"CNY", 9000000, 500000000};
  o.milestones_due = 4;
  o.milestones_met = 2;
  v1::Observation wire;
  ToProto(o, &wire);
  ASSERT_EQ(wire.kind_case(), v1::Observation::kProjectProgress);
  EXPECT_EQ(DayOf(wire.project_progress().as_of_date()), absl::CivilDay(2026, 6, 30));
  EXPECT_EQ(MoneyOf(wire.project_progress().planned_investment()), (Money{"CNY", 18000000, 0}));
  EXPECT_EQ(MoneyOf(wire.project_progress().actual_investment()),
            (Money{"CNY", 9000000, 500000000}));
  EXPECT_EQ(wire.project_progress().milestones_due(), 4);
  EXPECT_EQ(wire.project_progress().milestones_met(), 2);
  ASSERT_OK_AND_ASSIGN(Observation read, ObservationFromProto(wire, "observation"));
  EXPECT_EQ(read.kind, ObservationKind::kProjectProgress);
  EXPECT_EQ(read.date, absl::CivilDay(2026, 6, 30));
  EXPECT_EQ(read.planned_amount, (Money{"CNY", 18000000, 0}));
  EXPECT_EQ(read.amount, (Money{"CNY", 9000000, 500000000}));
  EXPECT_EQ(read.milestones_due, 4);
  EXPECT_EQ(read.milestones_met, 2);
}

TEST(ObservationMappingTest, ProjectProgressWithNothingInvestedIsZeroActual) {
  v1::Observation wire;
  v1::ProjectProgress* progress = wire.mutable_project_progress();
  SetDate(2026, 6, 30, progress->mutable_as_of_date());
  SetMoney("USD", 100, 0, progress->mutable_planned_investment());
  ASSERT_OK_AND_ASSIGN(Observation read, ObservationFromProto(wire, "observation"));
  EXPECT_EQ(read.amount, (Money{"USD", 0, 0}));
}

TEST(ObservationMappingTest, CovenantFiguresBothWays) {
  Observation o = BaseObservation(ObservationKind::kCovenantFigures);
  o.date = absl::CivilDay(2025, 12, 31);
  o.dscr = 1.05;
  o.current_ratio = 0.9;
  v1::Observation wire;
  ToProto(o, &wire);
  ASSERT_EQ(wire.kind_case(), v1::Observation::kCovenantFigures);
  EXPECT_EQ(DayOf(wire.covenant_figures().period_end_date()), absl::CivilDay(2025, 12, 31));
  EXPECT_EQ(wire.covenant_figures().dscr(), 1.05);
  EXPECT_EQ(wire.covenant_figures().current_ratio(), 0.9);
  ASSERT_OK_AND_ASSIGN(Observation read, ObservationFromProto(wire, "observation"));
  EXPECT_EQ(read.kind, ObservationKind::kCovenantFigures);
  EXPECT_EQ(read.date, absl::CivilDay(2025, 12, 31));
  EXPECT_EQ(read.dscr, 1.05);
  EXPECT_EQ(read.current_ratio, 0.9);
}

TEST(ObservationMappingTest, NoKindIsAViolationOnKind) {
  v1::Observation wire;
  wire.set_recorded_by("rm-042");
  const auto read = ObservationFromProto(wire, "observation");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Violations(read),
              ElementsAre("observation.kind: must set one of repayment_due, repayment_paid, "
                          "disbursement, fund_usage, project_progress, covenant_figures"));
}

TEST(ObservationMappingTest, UnspecifiedKindSetsNoOneof) {
  v1::Observation wire;
  ToProto(BaseObservation(ObservationKind::kUnspecified), &wire);
  EXPECT_EQ(wire.kind_case(), v1::Observation::KIND_NOT_SET);
  EXPECT_EQ(wire.name(), kObservationName);
}

TEST(ObservationMappingTest, ViolationsNameTheKindsFields) {
  {
    v1::Observation wire;
    wire.mutable_repayment_due();
    EXPECT_THAT(Violations(ObservationFromProto(wire, "observation")),
                ElementsAre("observation.repayment_due.due_date: is required",
                            "observation.repayment_due.principal: "
                            "principal or interest is required"));
  }
  {
    v1::Observation wire;
    SetDate(2026, 9, 31, wire.mutable_repayment_paid()->mutable_paid_date());
    EXPECT_THAT(Violations(ObservationFromProto(wire, "observation")),
                ElementsAre("observation.repayment_paid.paid_date: "
                            "is not a calendar date: 2026-9-31",
                            "observation.repayment_paid.amount: is required"));
  }
  {
    v1::Observation wire;
    SetDate(2026, 3, 25, wire.mutable_disbursement()->mutable_disbursed_date());
    SetMoney("CNY", 1, -1, wire.mutable_disbursement()->mutable_amount());
    EXPECT_THAT(Violations(ObservationFromProto(wire, "observation")),
                ElementsAre("observation.disbursement.amount.nanos: "
                            "must be -999999999..999999999 with the same sign as units"));
  }
  {
    v1::Observation wire;
    wire.mutable_fund_usage()->set_category("construction");
    SetMoney("RMB1", 10, 0, wire.mutable_fund_usage()->mutable_amount());
    EXPECT_THAT(Violations(ObservationFromProto(wire, "observation")),
                ElementsAre("observation.fund_usage.paid_date: is required",
                            "observation.fund_usage.amount.currency_code: "
                            "must be an ISO 4217 code of three upper-case letters"));
  }
  {
    v1::Observation wire;
    SetDate(2026, 6, 30, wire.mutable_project_progress()->mutable_as_of_date());
    SetMoney("CNY", 5, 0, wire.mutable_project_progress()->mutable_actual_investment());
    EXPECT_THAT(Violations(ObservationFromProto(wire, "observation")),
                ElementsAre("observation.project_progress.planned_investment: is required"));
  }
  {
    v1::Observation wire;
    SetDate(2025, 12, 31, wire.mutable_covenant_figures()->mutable_period_end_date());
    wire.mutable_covenant_figures()->set_dscr(std::numeric_limits<double>::quiet_NaN());
    wire.mutable_covenant_figures()->set_current_ratio(-std::numeric_limits<double>::infinity());
    EXPECT_THAT(Violations(ObservationFromProto(wire, "observation")),
                ElementsAre("observation.covenant_figures.dscr: must be a finite number",
                            "observation.covenant_figures.current_ratio: must be a finite number"));
  }
}

// ---- Collateral, guarantors, coverage ----

Collateral FullCollateral() {
  Collateral c;
  c.collateral_id = kCollateralId;
  c.exposure_id = kExposureId;
  c.kind = CollateralKind::kMortgage;
  c.asset_type = "land_use_right";
  c.description = "Plot 12, Pudong";
  c.appraised_value = {"CNY", 80000000, 5};
  c.appraisal_date = kToday - 400;  // older than the yearly re-appraisal policy
  c.lien_rank = 2;
  c.update_time = kLater;
  c.revision = 3;
  return c;
}

TEST(CollateralMappingTest, ToProtoWritesEveryFieldAndStaleness) {
  v1::Collateral out;
  ToProto(FullCollateral(), kToday, &out);
  EXPECT_EQ(out.name(),
            "exposures/0193f000-0000-7000-8000-0000000000e1/collateral/"
            "0193f200-0000-7000-8000-0000000000c1");
  EXPECT_EQ(out.kind(), v1::COLLATERAL_KIND_MORTGAGE);
  EXPECT_EQ(out.asset_type(), "land_use_right");
  EXPECT_EQ(out.description(), "Plot 12, Pudong");
  EXPECT_EQ(MoneyOf(out.appraised_value()), (Money{"CNY", 80000000, 5}));
  EXPECT_EQ(DayOf(out.appraisal_date()), kToday - 400);
  EXPECT_EQ(out.lien_rank(), 2);
  EXPECT_TRUE(out.appraisal_stale());
  EXPECT_EQ(TimeOf(out.update_time()), kLater);
  EXPECT_EQ(out.etag(), "r3");
}

TEST(CollateralMappingTest, ARecentAppraisalIsNotStale) {
  Collateral fresh = FullCollateral();
  fresh.appraisal_date = kToday - 30;
  v1::Collateral out;
  ToProto(fresh, kToday, &out);
  EXPECT_FALSE(out.appraisal_stale());
}

TEST(CollateralMappingTest, RoundTripKeepsTheInputFields) {
  v1::Collateral wire;
  ToProto(FullCollateral(), kToday, &wire);
  ASSERT_OK_AND_ASSIGN(Collateral read, CollateralFromProto(wire, "collateral"));
  EXPECT_EQ(read.kind, CollateralKind::kMortgage);
  EXPECT_EQ(read.asset_type, "land_use_right");
  EXPECT_EQ(read.description, "Plot 12, Pudong");
  EXPECT_EQ(read.appraised_value, (Money{"CNY", 80000000, 5}));
  EXPECT_EQ(read.appraisal_date, kToday - 400);
  EXPECT_EQ(read.lien_rank, 2);
  EXPECT_EQ(read.collateral_id, "");
  EXPECT_EQ(read.revision, 0);
}

TEST(CollateralMappingTest, ViolationsWithTheirPaths) {
  v1::Collateral wire;
  wire.set_kind(static_cast<v1::CollateralKind>(7));
  wire.set_asset_type("building");
  const auto read = CollateralFromProto(wire, "collateral");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Violations(read), ElementsAre("collateral.kind: unknown enum value 7",
                                            "collateral.appraised_value: is required",
                                            "collateral.appraisal_date: is required"));
}

TEST(CollateralMappingTest, UnsetKindAndLienRankAreLeftToTheDomain) {
  v1::Collateral wire;
  ToProto(FullCollateral(), kToday, &wire);
  wire.clear_kind();
  wire.clear_lien_rank();
  ASSERT_OK_AND_ASSIGN(Collateral read, CollateralFromProto(wire, "collateral"));
  EXPECT_EQ(read.kind, CollateralKind::kUnspecified);
  EXPECT_EQ(read.lien_rank, 0);
}

Guarantor FullGuarantor() {
  Guarantor g;
  g.guarantor_id = kGuarantorId;
  g.exposure_id = kExposureId;
  g.customer_id = kGuarantorCustomerId;
  g.outside_party_name = "";
  g.amount_guaranteed = {"CNY", 10000000, 250000000};
  g.create_time = kCreated;
  return g;
}

TEST(GuarantorMappingTest, BothWays) {
  v1::Guarantor wire;
  ToProto(FullGuarantor(), &wire);
  EXPECT_EQ(wire.name(),
            "exposures/0193f000-0000-7000-8000-0000000000e1/guarantors/"
            "0193f300-0000-7000-8000-0000000000a1");
  EXPECT_EQ(wire.customer_id(), kGuarantorCustomerId);
  EXPECT_EQ(wire.outside_party_name(), "");
  EXPECT_EQ(MoneyOf(wire.amount_guaranteed()), (Money{"CNY", 10000000, 250000000}));
  EXPECT_EQ(TimeOf(wire.create_time()), kCreated);

  wire.set_customer_id("");
  wire.set_outside_party_name("上海某担保有限公司");
  ASSERT_OK_AND_ASSIGN(Guarantor read, GuarantorFromProto(wire, "guarantor"));
  EXPECT_EQ(read.customer_id, "");
  EXPECT_EQ(read.outside_party_name, "上海某担保有限公司");
  EXPECT_EQ(read.amount_guaranteed, (Money{"CNY", 10000000, 250000000}));
  EXPECT_EQ(read.guarantor_id, "");
  EXPECT_EQ(read.create_time, absl::Time());
}

TEST(GuarantorMappingTest, AmountIsRequiredAndWellFormed) {
  v1::Guarantor wire;
  wire.set_customer_id(kGuarantorCustomerId);
  EXPECT_THAT(Violations(GuarantorFromProto(wire, "guarantor")),
              ElementsAre("guarantor.amount_guaranteed: is required"));
  SetMoney("CNY", -1, 5, wire.mutable_amount_guaranteed());
  EXPECT_THAT(Violations(GuarantorFromProto(wire, "guarantor")),
              ElementsAre("guarantor.amount_guaranteed.nanos: "
                          "must be -999999999..999999999 with the same sign as units"));
}

TEST(CoverageMappingTest, ToProtoWritesFiguresItemsAndStaleNames) {
  CoverageView view;
  view.exposure_id = kExposureId;
  view.figures.outstanding = {"CNY", 45000000, 0};
  view.figures.collateral_value = {"CNY", 90000000, 500000000};
  view.figures.guaranteed_amount = {"CNY", 10000000, 0};
  view.figures.coverage_percent = 201.1;
  view.figures.loan_to_value_percent = 49.7;
  view.figures.total_security_percent = 223.3;
  view.figures.stale_collateral_ids = {kCollateralId};
  Collateral fresh = FullCollateral();
  fresh.collateral_id = kOtherCollateralId;
  fresh.appraisal_date = kToday - 10;
  view.collateral = {FullCollateral(), fresh};
  view.guarantors = {FullGuarantor()};

  v1::Coverage out;
  ToProto(view, kToday, &out);
  EXPECT_EQ(out.exposure(), kExposureName);
  EXPECT_EQ(MoneyOf(out.outstanding()), (Money{"CNY", 45000000, 0}));
  EXPECT_EQ(MoneyOf(out.collateral_value()), (Money{"CNY", 90000000, 500000000}));
  EXPECT_EQ(MoneyOf(out.guaranteed_amount()), (Money{"CNY", 10000000, 0}));
  EXPECT_EQ(out.coverage_percent(), 201.1);
  EXPECT_EQ(out.loan_to_value_percent(), 49.7);
  EXPECT_EQ(out.total_security_percent(), 223.3);
  ASSERT_EQ(out.collateral_size(), 2);
  EXPECT_TRUE(out.collateral(0).appraisal_stale());
  EXPECT_FALSE(out.collateral(1).appraisal_stale());
  EXPECT_EQ(out.collateral(1).name(), CollateralName(kExposureId, kOtherCollateralId));
  ASSERT_EQ(out.guarantors_size(), 1);
  EXPECT_EQ(out.guarantors(0).customer_id(), kGuarantorCustomerId);
  EXPECT_THAT(out.stale_appraisals(),
              ElementsAre("exposures/0193f000-0000-7000-8000-0000000000e1/collateral/"
                          "0193f200-0000-7000-8000-0000000000c1"));
}

// ---- Rules ----

Rule FullRule() {
  Rule r;
  r.rule_id = "default-days_past_due";
  r.indicator = "days_past_due";
  r.segment = "SEGMENT_SME";
  r.industry_prefix = "E48";
  r.thresholds.blue = 1;
  r.thresholds.yellow = 30;
  r.thresholds.orange = 60;
  r.thresholds.red = 90;
  r.higher_is_worse = true;
  r.contingency_scenario = ContingencyScenario::kBorrowerCannotRepay;
  r.auto_activate_contingency = true;
  r.enabled = true;
  r.version = 4;
  r.updated_by = "risk-officer-7";
  r.update_time = kLater;
  r.change_reason = "stricter for construction";
  return r;
}

TEST(RuleMappingTest, ToProtoWritesEveryField) {
  v1::Rule out;
  ToProto(FullRule(), &out);
  EXPECT_EQ(out.name(), "rules/default-days_past_due");
  EXPECT_EQ(out.indicator(), "days_past_due");
  EXPECT_EQ(out.segment(), "SEGMENT_SME");
  EXPECT_EQ(out.industry_prefix(), "E48");
  ASSERT_TRUE(out.thresholds().has_blue());
  EXPECT_EQ(out.thresholds().blue(), 1);
  EXPECT_EQ(out.thresholds().yellow(), 30);
  EXPECT_EQ(out.thresholds().orange(), 60);
  EXPECT_EQ(out.thresholds().red(), 90);
  EXPECT_TRUE(out.higher_is_worse());
  EXPECT_EQ(out.contingency_scenario(), v1::CONTINGENCY_SCENARIO_BORROWER_CANNOT_REPAY);
  EXPECT_TRUE(out.auto_activate_contingency());
  EXPECT_TRUE(out.enabled());
  EXPECT_EQ(out.version(), 4);
  EXPECT_EQ(out.updated_by(), "risk-officer-7");
  EXPECT_EQ(TimeOf(out.update_time()), kLater);
  EXPECT_EQ(out.change_reason(), "stricter for construction");
  EXPECT_EQ(out.etag(), "r4");
}

TEST(RuleMappingTest, RoundTripKeepsTheInputFields) {
  v1::Rule wire;
  ToProto(FullRule(), &wire);
  ASSERT_OK_AND_ASSIGN(Rule read, RuleFromProto(wire, "rule"));
  EXPECT_EQ(read.indicator, "days_past_due");
  EXPECT_EQ(read.segment, "SEGMENT_SME");
  EXPECT_EQ(read.industry_prefix, "E48");
  EXPECT_EQ(read.thresholds.blue, 1);
  EXPECT_EQ(read.thresholds.yellow, 30);
  EXPECT_EQ(read.thresholds.orange, 60);
  EXPECT_EQ(read.thresholds.red, 90);
  EXPECT_EQ(read.contingency_scenario, ContingencyScenario::kBorrowerCannotRepay);
  EXPECT_TRUE(read.auto_activate_contingency);
  EXPECT_TRUE(read.enabled);
  // The service fills these in.
  EXPECT_EQ(read.rule_id, "");
  EXPECT_EQ(read.version, Rule().version);
  EXPECT_EQ(read.updated_by, "");
  EXPECT_EQ(read.change_reason, "");
}

TEST(RuleMappingTest, UnsetLevelsStayUnsetAndAZeroThresholdIsSet) {
  Rule rule = FullRule();
  rule.thresholds.blue.reset();
  rule.thresholds.yellow = 0;
  rule.thresholds.orange.reset();
  v1::Rule wire;
  ToProto(rule, &wire);
  EXPECT_FALSE(wire.thresholds().has_blue());
  EXPECT_TRUE(wire.thresholds().has_yellow());
  EXPECT_FALSE(wire.thresholds().has_orange());
  EXPECT_TRUE(wire.thresholds().has_red());

  ASSERT_OK_AND_ASSIGN(Rule read, RuleFromProto(wire, "rule"));
  EXPECT_FALSE(read.thresholds.blue.has_value());
  ASSERT_TRUE(read.thresholds.yellow.has_value());
  EXPECT_EQ(*read.thresholds.yellow, 0);
  EXPECT_FALSE(read.thresholds.orange.has_value());
  EXPECT_EQ(read.thresholds.red, 90);
}

TEST(RuleMappingTest, NoThresholdsAtAllReadAsNoneSet) {
  v1::Rule wire;
  wire.set_indicator("complaints");
  ASSERT_OK_AND_ASSIGN(Rule read, RuleFromProto(wire, "rule"));
  EXPECT_FALSE(read.thresholds.blue.has_value());
  EXPECT_FALSE(read.thresholds.yellow.has_value());
  EXPECT_FALSE(read.thresholds.orange.has_value());
  EXPECT_FALSE(read.thresholds.red.has_value());
  EXPECT_FALSE(read.enabled);  // proto3: an unset bool is false
  EXPECT_EQ(read.contingency_scenario, ContingencyScenario::kUnspecified);
}

TEST(RuleMappingTest, NonFiniteThresholdsAndUnknownScenarioAreViolations) {
  v1::Rule wire;
  ToProto(FullRule(), &wire);
  wire.mutable_thresholds()->set_blue(std::numeric_limits<double>::infinity());
  wire.mutable_thresholds()->set_orange(std::numeric_limits<double>::quiet_NaN());
  wire.set_contingency_scenario(static_cast<v1::ContingencyScenario>(9));
  const auto read = RuleFromProto(wire, "rule");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Violations(read), ElementsAre("rule.thresholds.blue: must be a finite number",
                                            "rule.thresholds.orange: must be a finite number",
                                            "rule.contingency_scenario: unknown enum value 9"));
}

// ---- Alerts ----

Alert OpenAlert() {
  Alert a;
  a.alert_id = kAlertId;
  a.customer_id = kCustomerId;
  a.indicator = "days_past_due";
  a.status = AlertStatus::kOpen;
  a.level = AlertLevel::kOrange;
  a.evaluated_level = AlertLevel::kYellow;
  a.escalation_steps = 1;
  a.value = 35;
  a.threshold = 30;
  a.rule_id = "default-days_past_due";
  a.rule_version = 2;
  a.inputs = {{"facility", "F-2026-0001"}, {"days_past_due", "35"}};
  a.title = "DPD 35 days on facility F-2026-0001";
  a.detail = "Installment of 2026-09-20 unpaid";
  a.assignee_manager_id = "rm-042";
  a.open_time = kCreated;
  a.update_time = kLater;
  a.revision = 5;
  return a;
}

TEST(AlertMappingTest, ToProtoWritesEveryFieldAndNoUnsetTimes) {
  v1::Alert out;
  ToProto(OpenAlert(), &out);
  EXPECT_EQ(out.name(), "alerts/0193f400-0000-7000-8000-0000000000d1");
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.indicator(), "days_past_due");
  EXPECT_EQ(out.status(), v1::ALERT_STATUS_OPEN);
  EXPECT_EQ(out.level(), v1::ALERT_LEVEL_ORANGE);
  EXPECT_EQ(out.evaluated_level(), v1::ALERT_LEVEL_YELLOW);
  EXPECT_EQ(out.escalation_steps(), 1);
  EXPECT_EQ(out.value(), 35);
  EXPECT_EQ(out.threshold(), 30);
  EXPECT_EQ(out.rule(), "rules/default-days_past_due");
  EXPECT_EQ(out.rule_version(), 2);
  ASSERT_EQ(out.inputs_size(), 2);
  EXPECT_EQ(out.inputs(0).key(), "facility");
  EXPECT_EQ(out.inputs(0).value(), "F-2026-0001");
  EXPECT_EQ(out.inputs(1).key(), "days_past_due");
  EXPECT_EQ(out.inputs(1).value(), "35");
  EXPECT_EQ(out.title(), "DPD 35 days on facility F-2026-0001");
  EXPECT_EQ(out.detail(), "Installment of 2026-09-20 unpaid");
  EXPECT_EQ(out.assignee_manager_id(), "rm-042");
  EXPECT_EQ(TimeOf(out.open_time()), kCreated);
  EXPECT_FALSE(out.has_acknowledge_deadline());
  EXPECT_FALSE(out.has_acknowledge_time());
  EXPECT_FALSE(out.has_close_time());
  EXPECT_EQ(out.resolution_note(), "");
  EXPECT_EQ(TimeOf(out.update_time()), kLater);
  EXPECT_EQ(out.etag(), "r5");
}

TEST(AlertMappingTest, SetOptionalTimesAreWritten) {
  Alert closed = OpenAlert();
  closed.status = AlertStatus::kResolved;
  closed.acknowledge_deadline = kCreated + absl::Hours(24);
  closed.acknowledge_time = kCreated + absl::Hours(2);
  closed.close_time = kLater;
  closed.resolution_note = "Customer paid in full";
  v1::Alert out;
  ToProto(closed, &out);
  EXPECT_EQ(out.status(), v1::ALERT_STATUS_RESOLVED);
  ASSERT_TRUE(out.has_acknowledge_deadline());
  EXPECT_EQ(TimeOf(out.acknowledge_deadline()), kCreated + absl::Hours(24));
  ASSERT_TRUE(out.has_acknowledge_time());
  EXPECT_EQ(TimeOf(out.acknowledge_time()), kCreated + absl::Hours(2));
  ASSERT_TRUE(out.has_close_time());
  EXPECT_EQ(TimeOf(out.close_time()), kLater);
  EXPECT_EQ(out.resolution_note(), "Customer paid in full");
}

TEST(AlertMappingTest, ChangeCarriesTheAlertAfterIt) {
  AlertChange change;
  change.action = kActionAcknowledged;
  change.alert = OpenAlert();
  change.alert.status = AlertStatus::kAcknowledged;
  change.actor = "rm-042";
  change.note = "calling the CFO";
  change.change_time = kLater;
  v1::AlertChange out;
  ToProto(change, &out);
  EXPECT_EQ(out.action(), "acknowledged");
  EXPECT_EQ(out.alert().name(), "alerts/0193f400-0000-7000-8000-0000000000d1");
  EXPECT_EQ(out.alert().status(), v1::ALERT_STATUS_ACKNOWLEDGED);
  EXPECT_EQ(out.actor(), "rm-042");
  EXPECT_EQ(out.note(), "calling the CFO");
  EXPECT_EQ(TimeOf(out.change_time()), kLater);
}

// ---- Evaluation, scan, classification ----

TEST(EvaluationMappingTest, OutcomeListsChangesButNotValueUpdatesAndNamesActivatedPlans) {
  Evaluation evaluation;
  for (const char* action :
       {kActionOpened, kActionUpdated, kActionRaised, kActionLowered, kActionCleared}) {
    AlertChange change;
    change.action = action;
    change.alert = OpenAlert();
    change.change_time = kLater;
    evaluation.changes.push_back(change);
  }
  ContingencyPlan plan;
  plan.plan_id = kPlanId;
  evaluation.activations.push_back(plan);

  v1::EvaluationOutcome out;
  ToProto(evaluation, &out);
  std::vector<std::string> actions;
  for (const v1::AlertChange& change : out.changes()) {
    actions.push_back(change.action());
  }
  EXPECT_THAT(actions, ElementsAre("opened", "raised", "lowered", "cleared"));
  EXPECT_EQ(out.changes(0).alert().name(), "alerts/0193f400-0000-7000-8000-0000000000d1");
  EXPECT_THAT(out.activated_plans(),
              ElementsAre("contingencyPlans/0193f500-0000-7000-8000-0000000000f1"));
}

TEST(EvaluationMappingTest, EmptyEvaluationIsAnEmptyOutcome) {
  v1::EvaluationOutcome out;
  out.add_activated_plans("stale");
  ToProto(Evaluation(), &out);
  EXPECT_THAT(out.changes(), IsEmpty());
  EXPECT_THAT(out.activated_plans(), IsEmpty());
}

TEST(ScanMappingTest, EveryCountAndBothTimes) {
  ScanResult result;
  result.customers_evaluated = 1200;
  result.exposures_evaluated = 3400;
  result.alerts_opened = 11;
  result.alerts_raised = 7;
  result.alerts_lowered = 5;
  result.alerts_cleared = 3;
  result.classifications_changed = 2;
  result.plans_activated = 1;
  result.start_time = kCreated;
  result.end_time = kLater;
  v1::PortfolioScanResult out;
  ToProto(result, &out);
  EXPECT_EQ(out.customers_evaluated(), 1200);
  EXPECT_EQ(out.exposures_evaluated(), 3400);
  EXPECT_EQ(out.alerts_opened(), 11);
  EXPECT_EQ(out.alerts_raised(), 7);
  EXPECT_EQ(out.alerts_lowered(), 5);
  EXPECT_EQ(out.alerts_cleared(), 3);
  EXPECT_EQ(out.classifications_changed(), 2);
  EXPECT_EQ(out.plans_activated(), 1);
  EXPECT_EQ(TimeOf(out.start_time()), kCreated);
  EXPECT_EQ(TimeOf(out.end_time()), kLater);
}

TEST(ClassificationMappingTest, ObligorAndEachExposure) {
  ObligorCategory category;
  category.category = LoanCategory::kSubstandard;
  category.non_performing_percent = 62.5;
  category.reason = "次级：逾期 120 天";
  ExposureCategory exposure;
  exposure.exposure_id = kExposureId;
  exposure.facility_id = "F-2026-0001";
  exposure.outstanding = {"CNY", 45000000, 10};
  exposure.days_past_due = 120;
  exposure.exposure_category = LoanCategory::kSpecialMention;
  exposure.category = LoanCategory::kSubstandard;
  exposure.reason = "obligor rule";
  category.exposures = {exposure};

  v1::ObligorClassification out;
  ToProto(kCustomerId, category, &out);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.category(), v1::LOAN_CATEGORY_SUBSTANDARD);
  EXPECT_EQ(out.non_performing_percent(), 62.5);
  EXPECT_EQ(out.reason(), "次级：逾期 120 天");
  ASSERT_EQ(out.exposures_size(), 1);
  const v1::ExposureClassification& e = out.exposures(0);
  EXPECT_EQ(e.exposure(), kExposureName);
  EXPECT_EQ(e.facility_id(), "F-2026-0001");
  EXPECT_EQ(MoneyOf(e.outstanding()), (Money{"CNY", 45000000, 10}));
  EXPECT_EQ(e.days_past_due(), 120);
  EXPECT_EQ(e.exposure_category(), v1::LOAN_CATEGORY_SPECIAL_MENTION);
  EXPECT_EQ(e.category(), v1::LOAN_CATEGORY_SUBSTANDARD);
  EXPECT_EQ(e.reason(), "obligor rule");
}

// ---- Contingency plans ----

TEST(ContingencyMappingTest, TemplateWithSteps) {
  ContingencyTemplate tmpl;
  tmpl.scenario = ContingencyScenario::kFundsDiverted;
  tmpl.title = "Funds diverted";
  tmpl.steps = {{"Freeze undrawn amount", "credit_approver", 1},
                {"Visit the customer", "relationship_manager", 3}};
  v1::ContingencyTemplate out;
  ToProto(tmpl, &out);
  EXPECT_EQ(out.scenario(), v1::CONTINGENCY_SCENARIO_FUNDS_DIVERTED);
  EXPECT_EQ(out.title(), "Funds diverted");
  ASSERT_EQ(out.steps_size(), 2);
  EXPECT_EQ(out.steps(0).title(), "Freeze undrawn amount");
  EXPECT_EQ(out.steps(0).owner_role(), "credit_approver");
  EXPECT_EQ(out.steps(0).due_after_days(), 1);
  EXPECT_EQ(out.steps(1).owner_role(), "relationship_manager");
  EXPECT_EQ(out.steps(1).due_after_days(), 3);
}

ContingencyPlan PlanWithOneOfThreeDone() {
  ContingencyPlan plan;
  plan.plan_id = kPlanId;
  plan.customer_id = kCustomerId;
  plan.scenario = ContingencyScenario::kBorrowerCannotRepay;
  plan.alert_id = kAlertId;
  plan.status = PlanStatus::kActive;
  plan.automatic = true;
  plan.activated_by = "risk-warning";
  plan.activate_time = kCreated;
  ContingencyStep done;
  done.step_number = 1;
  done.title = "Call the customer";
  done.owner_role = "relationship_manager";
  done.owner = "rm-042";
  done.due_time = kCreated + absl::Hours(24);
  done.status = StepStatus::kDone;
  done.completed_by = "rm-042";
  done.complete_time = kLater;
  done.note = "CFO reached";
  ContingencyStep pending;
  pending.step_number = 2;
  pending.title = "Re-appraise collateral";
  pending.owner_role = "risk_officer";
  pending.owner = "risk-warning";
  pending.due_time = kCreated + absl::Hours(72);
  ContingencyStep third = pending;
  third.step_number = 3;
  plan.steps = {done, pending, third};
  plan.revision = 2;
  return plan;
}

TEST(ContingencyMappingTest, PlanWithProgressAndSteps) {
  v1::ContingencyPlan out;
  ToProto(PlanWithOneOfThreeDone(), &out);
  EXPECT_EQ(out.name(), "contingencyPlans/0193f500-0000-7000-8000-0000000000f1");
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.scenario(), v1::CONTINGENCY_SCENARIO_BORROWER_CANNOT_REPAY);
  EXPECT_EQ(out.alert(), "alerts/0193f400-0000-7000-8000-0000000000d1");
  EXPECT_EQ(out.status(), v1::PLAN_STATUS_ACTIVE);
  EXPECT_TRUE(out.automatic());
  EXPECT_EQ(out.activated_by(), "risk-warning");
  EXPECT_EQ(TimeOf(out.activate_time()), kCreated);
  EXPECT_EQ(out.progress_percent(), 33);  // 1 of 3, rounded down
  EXPECT_EQ(out.etag(), "r2");
  ASSERT_EQ(out.steps_size(), 3);
  const v1::ContingencyStep& done = out.steps(0);
  EXPECT_EQ(done.step_number(), 1);
  EXPECT_EQ(done.title(), "Call the customer");
  EXPECT_EQ(done.owner_role(), "relationship_manager");
  EXPECT_EQ(done.owner(), "rm-042");
  EXPECT_EQ(TimeOf(done.due_time()), kCreated + absl::Hours(24));
  EXPECT_EQ(done.status(), v1::STEP_STATUS_DONE);
  EXPECT_EQ(done.completed_by(), "rm-042");
  ASSERT_TRUE(done.has_complete_time());
  EXPECT_EQ(TimeOf(done.complete_time()), kLater);
  EXPECT_EQ(done.note(), "CFO reached");
  const v1::ContingencyStep& pending = out.steps(1);
  EXPECT_EQ(pending.status(), v1::STEP_STATUS_PENDING);
  EXPECT_EQ(pending.owner(), "risk-warning");
  EXPECT_FALSE(pending.has_complete_time());
  EXPECT_EQ(pending.completed_by(), "");
}

TEST(ContingencyMappingTest, PlanWithoutAlertHasNoAlertName) {
  ContingencyPlan plan = PlanWithOneOfThreeDone();
  plan.alert_id = "";
  v1::ContingencyPlan out;
  ToProto(plan, &out);
  EXPECT_EQ(out.alert(), "");
}

// ---- Portfolio summary ----

TEST(PortfolioMappingTest, SummaryWithEveryBucketList) {
  PortfolioSummary summary;
  summary.currency_code = "CNY";
  summary.active_exposures = 42;
  summary.total_outstanding = {"CNY", 1234567890, 120000000};
  summary.by_level = {{"RED", 2, 3, {"CNY", 100, 1}, 4}, {"NONE", 30, 31, {"CNY", 900, 0}, 0}};
  summary.by_category = {{"NORMAL", 35, 38, {"CNY", 800, 0}, 1}};
  summary.by_industry = {{"C", 12, 14, {"CNY", 500, 0}, 2}};
  summary.by_manager = {{"unassigned", 1, 1, {"CNY", 5, 0}, 0}};
  summary.other_currency_exposures = 3;
  summary.as_of_time = kLater;

  v1::PortfolioSummary out;
  ToProto(summary, &out);
  EXPECT_EQ(out.currency_code(), "CNY");
  EXPECT_EQ(out.active_exposures(), 42);
  EXPECT_EQ(MoneyOf(out.total_outstanding()), (Money{"CNY", 1234567890, 120000000}));
  ASSERT_EQ(out.by_level_size(), 2);
  EXPECT_EQ(out.by_level(0).key(), "RED");
  EXPECT_EQ(out.by_level(0).customers(), 2);
  EXPECT_EQ(out.by_level(0).exposures(), 3);
  EXPECT_EQ(MoneyOf(out.by_level(0).outstanding()), (Money{"CNY", 100, 1}));
  EXPECT_EQ(out.by_level(0).open_alerts(), 4);
  EXPECT_EQ(out.by_level(1).key(), "NONE");
  ASSERT_EQ(out.by_category_size(), 1);
  EXPECT_EQ(out.by_category(0).key(), "NORMAL");
  ASSERT_EQ(out.by_industry_size(), 1);
  EXPECT_EQ(out.by_industry(0).key(), "C");
  EXPECT_EQ(out.by_industry(0).open_alerts(), 2);
  ASSERT_EQ(out.by_manager_size(), 1);
  EXPECT_EQ(out.by_manager(0).key(), "unassigned");
  EXPECT_EQ(out.other_currency_exposures(), 3);
  EXPECT_EQ(TimeOf(out.as_of_time()), kLater);
}

// ---- Resource names ----

TEST(ResourceNameTest, EveryName) {
  EXPECT_EQ(ExposureName("e1"), "exposures/e1");
  EXPECT_EQ(AlertName("a1"), "alerts/a1");
  EXPECT_EQ(PlanName("p1"), "contingencyPlans/p1");
  EXPECT_EQ(RuleName("default-complaints"), "rules/default-complaints");
  EXPECT_EQ(CollateralName("e1", "c1"), "exposures/e1/collateral/c1");
  EXPECT_EQ(GuarantorName("e1", "g1"), "exposures/e1/guarantors/g1");
  EXPECT_EQ(ObservationName("e1", "o1"), "exposures/e1/observations/o1");
}

}  // namespace
}  // namespace ccrm::risk
