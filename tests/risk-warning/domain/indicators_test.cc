#include "services/risk-warning/domain/indicators.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::Pair;

const absl::CivilDay kToday(2026, 11, 22);
constexpr char kCustomer[] = "0193a000-0000-7000-8000-000000000001";

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

ExposureFile Facility(const std::string& exposure_id, const std::string& facility_id) {
  ExposureFile file;
  Exposure& e = file.exposure;
  e.exposure_id = exposure_id;
  e.customer_id = kCustomer;
  e.facility_id = facility_id;
  e.amount = Cny(10000000);
  e.purpose = "plant construction";
  e.origination_date = absl::CivilDay(2025, 1, 1);
  e.maturity_date = absl::CivilDay(2028, 12, 31);
  e.status = ExposureStatus::kActive;
  return file;
}

Installment Due(absl::CivilDay day, int64_t principal, int64_t interest) {
  return Installment{day, Cny(principal), Cny(interest)};
}

Observation Paid(absl::CivilDay day, int64_t amount) {
  Observation o;
  o.kind = ObservationKind::kRepaymentPaid;
  o.date = day;
  o.amount = Cny(amount);
  return o;
}

Observation Usage(const std::string& category, const std::string& payee, int64_t amount) {
  Observation o;
  o.kind = ObservationKind::kFundUsage;
  o.date = absl::CivilDay(2026, 10, 1);
  o.category = category;
  o.payee = payee;
  o.amount = Cny(amount);
  return o;
}

Observation Progress(absl::CivilDay day, int64_t planned, int64_t actual, int due, int met) {
  Observation o;
  o.kind = ObservationKind::kProjectProgress;
  o.date = day;
  o.planned_amount = Cny(planned);
  o.amount = Cny(actual);
  o.milestones_due = due;
  o.milestones_met = met;
  return o;
}

Observation Figures(absl::CivilDay day, double dscr, double current_ratio) {
  Observation o;
  o.kind = ObservationKind::kCovenantFigures;
  o.date = day;
  o.dscr = dscr;
  o.current_ratio = current_ratio;
  return o;
}

Collateral Pledge(const std::string& id, Money value, absl::CivilDay appraised) {
  Collateral c;
  c.collateral_id = id;
  c.kind = CollateralKind::kPledge;
  c.asset_type = "receivables";
  c.appraised_value = std::move(value);
  c.appraisal_date = appraised;
  return c;
}

// A signal `days_ago` days before today (mid-morning UTC).
Signal SignalAt(SignalKind kind, int days_ago, int value = 1, int previous_value = 0) {
  Signal s;
  s.customer_id = kCustomer;
  s.kind = kind;
  s.occur_time =
      absl::FromCivil(absl::CivilSecond(kToday - days_ago) + 10 * 3600, absl::UTCTimeZone());
  s.value = value;
  s.previous_value = previous_value;
  s.source = "ratings/r-1";
  return s;
}

RiskFile FileOf(std::vector<ExposureFile> exposures) {
  RiskFile file;
  file.obligor.customer_id = kCustomer;
  file.exposures = std::move(exposures);
  return file;
}

// The reading of `indicator`, or nullptr.
const IndicatorReading* Find(std::vector<IndicatorReading>&& readings,
                             const std::string& indicator) = delete;
const IndicatorReading* Find(const std::vector<IndicatorReading>& readings,
                             const std::string& indicator) {
  for (const IndicatorReading& r : readings) {
    if (r.indicator == indicator) {
      return &r;
    }
  }
  return nullptr;
}

// The reading of `indicator` in the whole file's readings, if any.
std::optional<IndicatorReading> Read(const RiskFile& file, const std::string& indicator) {
  const std::vector<IndicatorReading> readings = ReadIndicators(file, kToday);
  const IndicatorReading* r = Find(readings, indicator);
  return r == nullptr ? std::nullopt : std::optional<IndicatorReading>(*r);
}

// The value of input `key`, or "<absent>".
std::string Input(const IndicatorReading& reading, const std::string& key) {
  for (const auto& [k, v] : reading.inputs) {
    if (k == key) {
      return v;
    }
  }
  return "<absent>";
}

// ---- Days past due ---------------------------------------------------------------------------

// Installments of 1000 principal + 100 interest on 08-20, 09-20 and (not yet due) 12-20.
ExposureFile ThreeInstallments() {
  ExposureFile f = Facility("e-1", "F-2026-0001");
  f.exposure.repayment_schedule = {Due(absl::CivilDay(2026, 8, 20), 1000, 100),
                                   Due(absl::CivilDay(2026, 9, 20), 1000, 100),
                                   Due(absl::CivilDay(2026, 12, 20), 1000, 100)};
  return f;
}

TEST(DaysPastDueTest, PartialPaymentCoversInterestBeforePrincipal) {
  ExposureFile f = ThreeInstallments();
  // 1100 settles August; 150 pays September's 100 interest and 50 of its principal.
  f.observations = {Paid(absl::CivilDay(2026, 8, 20), 1100),
                    Paid(absl::CivilDay(2026, 9, 25), 150)};
  // 2026-09-20 → 2026-11-22: 10 + 31 + 22 days.
  EXPECT_EQ(DaysPastDue(f, kToday), 63);

  const std::vector<IndicatorReading> readings = ReadIndicators(FileOf({f}), kToday);
  const IndicatorReading* dpd = Find(readings, kDaysPastDue);
  ASSERT_NE(dpd, nullptr);
  EXPECT_EQ(dpd->value, 63);
  EXPECT_EQ(dpd->exposure_id, "e-1");
  EXPECT_EQ(dpd->summary, "DPD 63 days on facility F-2026-0001");
  EXPECT_THAT(
      dpd->inputs,
      ElementsAre(Pair("facility", "F-2026-0001"), Pair("days_past_due", "63"),
                  Pair("oldest_unpaid_due_date", "2026-09-20"), Pair("unpaid_interest", "0.00"),
                  Pair("unpaid_principal", "950.00"), Pair("unpaid_amount", "950.00"),
                  Pair("overdue_amount", "950.00"), Pair("currency", "CNY")));
}

TEST(DaysPastDueTest, PaymentShortOfTheInterestLeavesInterestAndPrincipalUnpaid) {
  ExposureFile f = ThreeInstallments();
  f.observations = {Paid(absl::CivilDay(2026, 8, 20), 1100), Paid(absl::CivilDay(2026, 9, 20), 60)};
  std::optional<IndicatorReading> dpd = Read(FileOf({f}), kDaysPastDue);
  ASSERT_TRUE(dpd.has_value());
  EXPECT_EQ(dpd->value, 63);
  EXPECT_EQ(Input(*dpd, "unpaid_interest"), "40.00");
  EXPECT_EQ(Input(*dpd, "unpaid_principal"), "1000.00");
  EXPECT_EQ(Input(*dpd, "unpaid_amount"), "1040.00");
}

TEST(DaysPastDueTest, PaymentsGoToTheOldestInstallmentWhateverTheirDate) {
  ExposureFile f = Facility("e-1", "F-1");
  // Registered out of order: the schedule is read by due date.
  f.exposure.repayment_schedule = {Due(absl::CivilDay(2026, 8, 20), 1000, 0),
                                   Due(absl::CivilDay(2026, 7, 20), 1000, 0)};
  // Paid after August's date, but July is still open, so it settles July.
  f.observations = {Paid(absl::CivilDay(2026, 8, 21), 1000)};
  // 2026-08-20 → 2026-11-22: 31 + 30 + 31 + 2 days.
  EXPECT_EQ(DaysPastDue(f, kToday), 94);

  // A payment dated after today still counts.
  f.observations.push_back(Paid(kToday + 3, 1000));
  EXPECT_EQ(DaysPastDue(f, kToday), 0);
}

TEST(DaysPastDueTest, InstallmentDueTodayIsNotLate) {
  ExposureFile f = Facility("e-1", "F-1");
  f.exposure.repayment_schedule = {Due(kToday, 1000, 50)};
  EXPECT_EQ(DaysPastDue(f, kToday), 0);
  EXPECT_EQ(DaysPastDue(f, kToday + 1), 1);

  std::optional<IndicatorReading> dpd = Read(FileOf({f}), kDaysPastDue);
  ASSERT_TRUE(dpd.has_value());  // benign, still read
  EXPECT_EQ(dpd->value, 0);
  EXPECT_EQ(dpd->summary, "DPD 0 days on facility F-1");
  EXPECT_THAT(dpd->inputs, ElementsAre(Pair("facility", "F-1"), Pair("days_past_due", "0")));
}

TEST(DaysPastDueTest, FullyPaidScheduleIsNotLate) {
  ExposureFile f = ThreeInstallments();
  f.observations = {Paid(absl::CivilDay(2026, 8, 20), 1100),
                    Paid(absl::CivilDay(2026, 9, 20), 1100)};
  EXPECT_EQ(DaysPastDue(f, kToday), 0);
}

TEST(DaysPastDueTest, CustomerReadingIsTheMostOverdueExposure) {
  ExposureFile a = ThreeInstallments();  // 63 days
  a.observations = {Paid(absl::CivilDay(2026, 8, 20), 1100)};
  ExposureFile b = Facility("e-2", "F-2");
  b.exposure.repayment_schedule = {Due(absl::CivilDay(2026, 8, 20), 500, 0)};  // 94 days
  ExposureFile c = Facility("e-3", "F-3");                                     // nothing due

  std::optional<IndicatorReading> dpd = Read(FileOf({a, b, c}), kDaysPastDue);
  ASSERT_TRUE(dpd.has_value());
  EXPECT_EQ(dpd->value, 94);
  EXPECT_EQ(dpd->exposure_id, "e-2");
  EXPECT_EQ(Input(*dpd, "facility"), "F-2");
  EXPECT_EQ(dpd->summary, "DPD 94 days on facility F-2");
}

// ---- Overdue rate ----------------------------------------------------------------------------

TEST(OverdueRateTest, OverdueShareOfTheOutstanding) {
  ExposureFile f = ThreeInstallments();
  f.exposure.outstanding = Cny(2200);
  // Due to date 2 × 1100 = 2200; paid 1650; 550 overdue of 2200 outstanding → 25 %. December is
  // not due yet.
  f.observations = {Paid(absl::CivilDay(2026, 8, 20), 1100),
                    Paid(absl::CivilDay(2026, 9, 20), 550)};
  std::optional<IndicatorReading> rate = Read(FileOf({f}), kOverdueRate);
  ASSERT_TRUE(rate.has_value());
  EXPECT_DOUBLE_EQ(rate->value, 25.0);
  EXPECT_EQ(rate->exposure_id, "e-1");
  EXPECT_THAT(rate->inputs,
              ElementsAre(Pair("facility", "F-2026-0001"), Pair("installments_overdue", "1"),
                          Pair("overdue_amount", "550.00"), Pair("outstanding", "2200.00"),
                          Pair("currency", "CNY")));
  EXPECT_EQ(rate->summary,
            "25% of the outstanding overdue on facility F-2026-0001 (550.00 of 2200.00 CNY)");
}

TEST(OverdueRateTest, PrepaidScheduleReadsZero) {
  ExposureFile f = ThreeInstallments();
  f.exposure.outstanding = Cny(1000);
  f.observations = {Paid(absl::CivilDay(2026, 8, 20), 3300)};
  std::optional<IndicatorReading> rate = Read(FileOf({f}), kOverdueRate);
  ASSERT_TRUE(rate.has_value());
  EXPECT_EQ(rate->value, 0);
}

TEST(OverdueRateTest, NoReadingWhileNothingIsOutstanding) {
  ExposureFile f = ThreeInstallments();
  f.exposure.outstanding = Cny(0);
  EXPECT_FALSE(Read(FileOf({f}), kOverdueRate).has_value());
}

TEST(OverdueRateTest, WorstExposureStands) {
  ExposureFile a = ThreeInstallments();
  a.exposure.outstanding = Cny(2200);
  a.observations = {Paid(absl::CivilDay(2026, 8, 20), 1650)};  // 550 of 2200 → 25 %
  ExposureFile b = Facility("e-2", "F-2");
  b.exposure.outstanding = Cny(400);
  b.exposure.repayment_schedule = {Due(absl::CivilDay(2026, 10, 1), 300, 100)};
  b.observations = {Paid(absl::CivilDay(2026, 10, 1), 100)};  // 300 of 400 → 75 %
  std::optional<IndicatorReading> rate = Read(FileOf({a, b}), kOverdueRate);
  ASSERT_TRUE(rate.has_value());
  EXPECT_DOUBLE_EQ(rate->value, 75.0);
  EXPECT_EQ(rate->exposure_id, "e-2");
}

// ---- Funds off plan --------------------------------------------------------------------------

// Plan total 10,000,000: construction paid to Acme Builders, equipment and wages to anyone.
ExposureFile Planned() {
  ExposureFile f = Facility("e-1", "F-1");
  f.exposure.use_of_funds_plan = {{"construction", "Acme Builders", Cny(6000000)},
                                  {"equipment", "", Cny(3000000)},
                                  {"wages", "", Cny(1000000)}};
  return f;
}

std::optional<IndicatorReading> OffPlan(const ExposureFile& f) {
  const std::vector<IndicatorReading> readings = ReadIndicators(FileOf({f}), kToday);
  const IndicatorReading* r = Find(readings, kFundsOffPlan);
  return r == nullptr ? std::nullopt : std::optional<IndicatorReading>(*r);
}

TEST(FundsOffPlanTest, CategoryNotInThePlanIsOffPlanInFull) {
  ExposureFile f = Planned();
  f.observations = {Usage("construction", "Acme Builders", 2000000),
                    Usage("gifts", "Golf Club", 300000)};
  std::optional<IndicatorReading> r = OffPlan(f);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 3.0);
  EXPECT_EQ(r->exposure_id, "e-1");
  EXPECT_EQ(r->summary,
            "3% of funds used off plan on facility F-1 (category gifts not in the plan)");
  EXPECT_THAT(r->inputs, ElementsAre(Pair("facility", "F-1"), Pair("off_plan_amount", "300000.00"),
                                     Pair("plan_total", "10000000.00"),
                                     Pair("used_total", "2300000.00"), Pair("currency", "CNY"),
                                     Pair("largest_off_plan", "category gifts not in the plan")));
}

TEST(FundsOffPlanTest, PayeeTheCategoryLinesDoNotNameIsOffPlan) {
  ExposureFile f = Planned();
  f.observations = {Usage("construction", "Shadow Trading", 500000)};
  std::optional<IndicatorReading> r = OffPlan(f);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 5.0);
  EXPECT_EQ(r->summary,
            "5% of funds used off plan on facility F-1 (payee Shadow Trading not in the plan)");
}

TEST(FundsOffPlanTest, UsageAboveALineIsOffPlanByTheExcess) {
  ExposureFile f = Planned();
  f.observations = {Usage("construction", "Acme Builders", 5000000),
                    Usage("construction", "Acme Builders", 1250000)};
  std::optional<IndicatorReading> r = OffPlan(f);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 2.5);  // 250,000 over a 6,000,000 line, of 10,000,000
  EXPECT_EQ(Input(*r, "largest_off_plan"),
            "payee Acme Builders (construction) over its line by 250000.00");
}

TEST(FundsOffPlanTest, AnyPayeeLineTakesEveryPayeeUpToItsAmount) {
  ExposureFile f = Planned();
  f.observations = {Usage("equipment", "Sany Heavy", 1000000), Usage("equipment", "XCMG", 2000000)};
  std::optional<IndicatorReading> r = OffPlan(f);
  ASSERT_TRUE(r.has_value());  // benign, still read
  EXPECT_EQ(r->value, 0);
  EXPECT_EQ(r->summary, "0% of funds used off plan on facility F-1");
  EXPECT_EQ(Input(*r, "largest_off_plan"), "<absent>");

  f.observations.push_back(Usage("equipment", "Zoomlion", 400000));
  r = OffPlan(f);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 4.0);
  EXPECT_EQ(Input(*r, "largest_off_plan"), "category equipment over its line by 400000.00");
}

TEST(FundsOffPlanTest, PayeeLineIsUsedBeforeTheCategorysAnyPayeeLine) {
  ExposureFile f = Facility("e-1", "F-1");
  f.exposure.use_of_funds_plan = {{"construction", "Acme Builders", Cny(6000000)},
                                  {"construction", "", Cny(2000000)}};
  // Acme fills its own line exactly; others share the any-payee line (and exceed it by 500,000).
  f.observations = {Usage("construction", "Acme Builders", 6000000),
                    Usage("construction", "Beta Build", 1500000),
                    Usage("construction", "Gamma Build", 1000000)};
  std::optional<IndicatorReading> r = OffPlan(f);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 6.25);  // 500,000 of 8,000,000
}

TEST(FundsOffPlanTest, EveryKindOfDivertedUseAddsUp) {
  ExposureFile f = Planned();
  f.observations = {Usage("construction", "Acme Builders", 5000000),
                    Usage("construction", "Shadow Trading", 500000),  // payee: 500,000
                    Usage("equipment", "Sany Heavy", 3200000),        // excess: 200,000
                    Usage("gifts", "Golf Club", 300000)};             // category: 300,000
  std::optional<IndicatorReading> r = OffPlan(f);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 10.0);
  EXPECT_EQ(Input(*r, "off_plan_amount"), "1000000.00");
  EXPECT_EQ(Input(*r, "used_total"), "9000000.00");
  EXPECT_EQ(r->summary,
            "10% of funds used off plan on facility F-1 (payee Shadow Trading not in the plan)");
}

TEST(FundsOffPlanTest, NoReadingWithoutPlanOrUsage) {
  ExposureFile no_usage = Planned();
  EXPECT_FALSE(OffPlan(no_usage).has_value());
  ExposureFile no_plan = Facility("e-1", "F-1");
  no_plan.observations = {Usage("gifts", "Golf Club", 300000)};
  EXPECT_FALSE(OffPlan(no_plan).has_value());
}

// ---- Project progress ------------------------------------------------------------------------

TEST(ProjectProgressTest, LatestReportBehindPlanPlusTenPointsPerMissedMilestone) {
  ExposureFile f = Facility("e-1", "F-1");
  f.observations = {
      Progress(absl::CivilDay(2026, 9, 30), 20000000, 15000000, 4, 2),
      // Recorded later but about an earlier date: not the latest report.
      Progress(absl::CivilDay(2026, 6, 30), 10000000, 10000000, 2, 2),
  };
  std::optional<IndicatorReading> r = Read(FileOf({f}), kProjectProgressDeviation);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 45.0);  // 25 % behind + 2 × 10
  EXPECT_EQ(r->exposure_id, "e-1");
  EXPECT_THAT(r->inputs, ElementsAre(Pair("facility", "F-1"), Pair("as_of_date", "2026-09-30"),
                                     Pair("planned_investment", "20000000.00"),
                                     Pair("actual_investment", "15000000.00"),
                                     Pair("investment_behind_percent", "25"),
                                     Pair("milestones_due", "4"), Pair("milestones_met", "2")));
  EXPECT_EQ(r->summary,
            "Project 25% behind planned investment and 2 milestones missed on facility F-1 (as "
            "of 2026-09-30)");
}

TEST(ProjectProgressTest, AheadOfPlanCountsZero) {
  ExposureFile f = Facility("e-1", "F-1");
  f.observations = {Progress(absl::CivilDay(2026, 9, 30), 10000000, 12000000, 3, 2)};
  std::optional<IndicatorReading> r = Read(FileOf({f}), kProjectProgressDeviation);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->value, 10.0);  // 0 for investment, 1 milestone missed
}

TEST(ProjectProgressTest, NoReadingWithoutAReport) {
  EXPECT_FALSE(Read(FileOf({Facility("e-1", "F-1")}), kProjectProgressDeviation).has_value());
}

// ---- Covenant headroom -----------------------------------------------------------------------

TEST(CovenantHeadroomTest, LatestReportedFigureAgainstTheCovenant) {
  ExposureFile f = Facility("e-1", "F-1");
  f.exposure.covenants = {1.2, 1.0};
  f.observations = {Figures(absl::CivilDay(2026, 6, 30), 1.5, 1.3),
                    Figures(absl::CivilDay(2026, 9, 30), 1.05, 0)};  // no current ratio
  const std::vector<IndicatorReading> readings = ReadIndicators(FileOf({f}), kToday);

  const IndicatorReading* dscr = Find(readings, kDscrHeadroom);
  ASSERT_NE(dscr, nullptr);
  EXPECT_NEAR(dscr->value, -12.5, 1e-9);
  EXPECT_EQ(dscr->exposure_id, "e-1");
  EXPECT_EQ(dscr->summary, "DSCR 1.05 vs covenant 1.20 (headroom -12.5%) on facility F-1");
  EXPECT_THAT(dscr->inputs,
              ElementsAre(Pair("facility", "F-1"), Pair("dscr", "1.05"), Pair("min_dscr", "1.2"),
                          Pair("period_end_date", "2026-09-30")));

  // The September report has no current ratio: June's stands.
  const IndicatorReading* current = Find(readings, kCurrentRatioHeadroom);
  ASSERT_NE(current, nullptr);
  EXPECT_NEAR(current->value, 30.0, 1e-9);
  EXPECT_EQ(Input(*current, "period_end_date"), "2026-06-30");
  EXPECT_EQ(current->summary, "Current ratio 1.30 vs covenant 1.00 (headroom 30%) on facility F-1");
}

TEST(CovenantHeadroomTest, NoCovenantNoReading) {
  ExposureFile f = Facility("e-1", "F-1");
  f.exposure.covenants = {0, 1.0};
  f.observations = {Figures(absl::CivilDay(2026, 9, 30), 0.8, 0)};
  const std::vector<IndicatorReading> readings = ReadIndicators(FileOf({f}), kToday);
  EXPECT_EQ(Find(readings, kDscrHeadroom), nullptr);          // no DSCR covenant
  EXPECT_EQ(Find(readings, kCurrentRatioHeadroom), nullptr);  // covenant, no figure
}

TEST(CovenantHeadroomTest, LowestHeadroomAmongExposuresStands) {
  ExposureFile a = Facility("e-1", "F-1");
  a.exposure.covenants = {1.25, 0};
  a.observations = {Figures(absl::CivilDay(2026, 9, 30), 1.375, 0)};  // +10 %
  ExposureFile b = Facility("e-2", "F-2");
  b.exposure.covenants = {1.25, 0};
  b.observations = {Figures(absl::CivilDay(2026, 9, 30), 1.0, 0)};  // -20 %
  std::optional<IndicatorReading> r = Read(FileOf({a, b}), kDscrHeadroom);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->value, -20.0, 1e-9);
  EXPECT_EQ(r->exposure_id, "e-2");
}

// ---- Rating downgrade ------------------------------------------------------------------------

TEST(RatingDowngradeTest, NotchesBelowTheBestGradeOfTheYear) {
  RiskFile file = FileOf({Facility("e-1", "F-1")});
  file.signals = {
      SignalAt(SignalKind::kRatingChange, 380, 2, 1),  // AAA → AA, too old to count
      SignalAt(SignalKind::kRatingChange, 300, 4, 3),  // A → BBB
      SignalAt(SignalKind::kRatingChange, 200, 3, 4),  // BBB → A (upgrade)
      SignalAt(SignalKind::kRatingChange, 30, 5, 3),   // A → BB
  };
  std::optional<IndicatorReading> r = Read(file, kRatingDowngrade);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->value, 2);  // BB (5) − A (3)
  EXPECT_EQ(r->exposure_id, "");
  EXPECT_THAT(
      r->inputs,
      ElementsAre(Pair("latest_grade", "BB"), Pair("best_grade", "A"), Pair("rating_changes", "3"),
                  Pair("latest_change_date", "2026-10-23"), Pair("latest_source", "ratings/r-1")));
  EXPECT_EQ(r->summary, "Rating BB, 2 notches below the best of the last 365 days (A)");

  // Upgraded back to A: nothing below the year's best.
  file.signals.push_back(SignalAt(SignalKind::kRatingChange, 5, 3, 5));
  r = Read(file, kRatingDowngrade);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->value, 0);
}

TEST(RatingDowngradeTest, NoReadingWithoutRatingSignalsInTheYear) {
  RiskFile file = FileOf({Facility("e-1", "F-1")});
  file.signals = {SignalAt(SignalKind::kRatingChange, 366, 6, 3),
                  SignalAt(SignalKind::kComplaint, 3)};
  EXPECT_FALSE(Read(file, kRatingDowngrade).has_value());
}

// ---- Soft signals ----------------------------------------------------------------------------

TEST(SoftSignalTest, CountsWithinEachWindow) {
  RiskFile file = FileOf({Facility("e-1", "F-1")});
  file.signals = {
      SignalAt(SignalKind::kComplaint, 91),         SignalAt(SignalKind::kComplaint, 89),
      SignalAt(SignalKind::kSlaBreach, 10),         SignalAt(SignalKind::kSlaBreach, 0),
      SignalAt(SignalKind::kSatisfactionDrop, 181), SignalAt(SignalKind::kSatisfactionDrop, 179),
      SignalAt(SignalKind::kMissedEngagement, 91),
  };
  const std::vector<IndicatorReading> readings = ReadIndicators(file, kToday);

  const IndicatorReading* complaints = Find(readings, kComplaints);
  ASSERT_NE(complaints, nullptr);
  EXPECT_EQ(complaints->value, 1);
  EXPECT_EQ(complaints->summary, "1 complaint in the last 90 days");
  EXPECT_EQ(Input(*complaints, "latest_date"), "2026-08-25");

  const IndicatorReading* sla = Find(readings, kSlaBreaches);
  ASSERT_NE(sla, nullptr);
  EXPECT_EQ(sla->value, 2);
  EXPECT_EQ(sla->summary, "2 SLA breaches in the last 90 days");

  const IndicatorReading* satisfaction = Find(readings, kSatisfactionDrop);
  ASSERT_NE(satisfaction, nullptr);
  EXPECT_EQ(satisfaction->value, 1);
  EXPECT_EQ(Input(*satisfaction, "window_days"), "180");

  // Only one, outside the window: read as zero so an open alert can clear.
  const IndicatorReading* missed = Find(readings, kMissedEngagements);
  ASSERT_NE(missed, nullptr);
  EXPECT_EQ(missed->value, 0);
  EXPECT_EQ(missed->summary, "0 missed engagements in the last 90 days");
  EXPECT_THAT(missed->inputs, ElementsAre(Pair("count", "0"), Pair("window_days", "90")));
}

// ---- Related customers -----------------------------------------------------------------------

TEST(DistressTest, HighestLevelPerRelation) {
  RiskFile file = FileOf({Facility("e-1", "F-1"), Facility("e-2", "F-2")});
  file.related = {
      {"c-a", "group", "", AlertLevel::kYellow, "days_past_due"},
      {"c-b", "group", "", AlertLevel::kOrange, "funds_off_plan"},
      {"c-g", "guarantor", "e-2", AlertLevel::kRed, "days_past_due"},
      {"c-h", "guarantor", "e-1", AlertLevel::kNone, ""},
  };
  const std::vector<IndicatorReading> readings = ReadIndicators(file, kToday);

  const IndicatorReading* group = Find(readings, kGroupDistress);
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->value, 3);
  EXPECT_EQ(group->exposure_id, "");
  EXPECT_THAT(group->inputs,
              ElementsAre(Pair("distressed_count", "2"), Pair("customer_id", "c-b"),
                          Pair("level", "ORANGE"), Pair("indicator", "funds_off_plan")));
  EXPECT_EQ(group->summary, "Group member c-b at ORANGE on funds_off_plan");

  const IndicatorReading* guarantor = Find(readings, kGuarantorDistress);
  ASSERT_NE(guarantor, nullptr);
  EXPECT_EQ(guarantor->value, 4);
  EXPECT_EQ(guarantor->exposure_id, "e-2");
  EXPECT_EQ(Input(*guarantor, "facility"), "F-2");
  EXPECT_EQ(guarantor->summary, "Guarantor c-g at RED on days_past_due (facility F-2)");
}

TEST(DistressTest, NoneReadsZero) {
  const std::vector<IndicatorReading> readings =
      ReadIndicators(FileOf({Facility("e-1", "F-1")}), kToday);
  const IndicatorReading* group = Find(readings, kGroupDistress);
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->value, 0);
  EXPECT_EQ(group->summary, "No group member in distress");
  const IndicatorReading* guarantor = Find(readings, kGuarantorDistress);
  ASSERT_NE(guarantor, nullptr);
  EXPECT_EQ(guarantor->value, 0);
}

// ---- Collateral ------------------------------------------------------------------------------

TEST(CollateralIndicatorsTest, LowestCoverageAndOldestAppraisal) {
  ExposureFile a = Facility("e-1", "F-1");
  a.exposure.outstanding = Cny(1000000);
  a.collateral = {Pledge("col-1", Cny(600000), absl::CivilDay(2026, 5, 1)),
                  Pledge("col-2", Cny(250000), absl::CivilDay(2026, 3, 1)),
                  // Another currency is not counted.
                  Pledge("col-3", Money{"USD", 100000, 0}, absl::CivilDay(2026, 3, 1))};
  ExposureFile b = Facility("e-2", "F-2");
  b.exposure.outstanding = Cny(500000);
  b.collateral = {Pledge("col-4", Cny(700000), absl::CivilDay(2025, 10, 18))};
  const std::vector<IndicatorReading> readings = ReadIndicators(FileOf({a, b}), kToday);

  const IndicatorReading* coverage = Find(readings, kCollateralCoverage);
  ASSERT_NE(coverage, nullptr);
  EXPECT_DOUBLE_EQ(coverage->value, 85.0);  // 850,000 / 1,000,000 (F-2 has 140 %)
  EXPECT_EQ(coverage->exposure_id, "e-1");
  EXPECT_THAT(coverage->inputs,
              ElementsAre(Pair("facility", "F-1"), Pair("collateral_value", "850000.00"),
                          Pair("outstanding", "1000000.00"), Pair("collateral_items", "3"),
                          Pair("currency", "CNY")));
  EXPECT_EQ(coverage->summary,
            "Collateral covers 85% of the outstanding on facility F-1 (850000.00 of 1000000.00 "
            "CNY)");

  const IndicatorReading* stale = Find(readings, kStaleAppraisal);
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ(stale->value, 400);  // 2025-10-18 → 2026-11-22: 365 + 35 days
  EXPECT_EQ(stale->exposure_id, "e-2");
  EXPECT_EQ(Input(*stale, "collateral_id"), "col-4");
  EXPECT_EQ(stale->summary,
            "Oldest appraisal 400 days old (collateral col-4 on facility F-2, appraised "
            "2025-10-18)");
}

TEST(CollateralIndicatorsTest, CoverageNeedsSomethingOutstanding) {
  ExposureFile f = Facility("e-1", "F-1");
  f.exposure.outstanding = Cny(0);
  f.collateral = {Pledge("col-1", Cny(600000), absl::CivilDay(2026, 5, 1))};
  const std::vector<IndicatorReading> readings = ReadIndicators(FileOf({f}), kToday);
  EXPECT_EQ(Find(readings, kCollateralCoverage), nullptr);
  const IndicatorReading* stale = Find(readings, kStaleAppraisal);
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ(stale->value, 205);  // 2026-05-01 → 2026-11-22
}

TEST(CollateralIndicatorsTest, NoCollateralNoReadings) {
  ExposureFile f = Facility("e-1", "F-1");
  f.exposure.outstanding = Cny(1000000);
  const std::vector<IndicatorReading> readings = ReadIndicators(FileOf({f}), kToday);
  EXPECT_EQ(Find(readings, kCollateralCoverage), nullptr);
  EXPECT_EQ(Find(readings, kStaleAppraisal), nullptr);
}

// ---- The whole file --------------------------------------------------------------------------

TEST(ReadIndicatorsTest, CustomerWithoutActiveExposuresHasNoReadings) {
  ExposureFile closed = ThreeInstallments();
  closed.exposure.status = ExposureStatus::kClosed;
  RiskFile file = FileOf({closed});
  file.signals = {SignalAt(SignalKind::kComplaint, 3),
                  SignalAt(SignalKind::kRatingChange, 3, 6, 3)};
  file.related = {{"c-b", "group", "", AlertLevel::kRed, "days_past_due"}};
  EXPECT_THAT(ReadIndicators(file, kToday), IsEmpty());
  EXPECT_THAT(ReadIndicators(FileOf({}), kToday), IsEmpty());
}

TEST(ReadIndicatorsTest, ReadingsComeInCatalogueOrder) {
  ExposureFile f = Planned();
  f.exposure.repayment_schedule = {Due(absl::CivilDay(2026, 9, 20), 1000, 100)};
  f.exposure.covenants = {1.2, 1.0};
  f.exposure.outstanding = Cny(1000000);
  f.observations = {Usage("wages", "staff", 100), Figures(absl::CivilDay(2026, 9, 30), 1.3, 1.1),
                    Progress(absl::CivilDay(2026, 9, 30), 100, 90, 1, 1)};
  f.collateral = {Pledge("col-1", Cny(600000), absl::CivilDay(2026, 5, 1))};
  RiskFile file = FileOf({f});
  file.signals = {SignalAt(SignalKind::kRatingChange, 3, 6, 3)};

  std::vector<std::string> expected;
  for (const IndicatorSpec& spec : Indicators()) {
    expected.push_back(spec.name);
  }
  std::vector<std::string> got;
  for (const IndicatorReading& r : ReadIndicators(file, kToday)) {
    got.push_back(r.indicator);
  }
  EXPECT_THAT(got, ElementsAreArray(expected));
}

TEST(ReadIndicatorsTest, BareExposureHasOnlyTheAlwaysReadIndicators) {
  std::vector<std::string> got;
  for (const IndicatorReading& r : ReadIndicators(FileOf({Facility("e-1", "F-1")}), kToday)) {
    got.push_back(r.indicator);
  }
  EXPECT_THAT(got, ElementsAre(kDaysPastDue, kComplaints, kSlaBreaches, kSatisfactionDrop,
                               kMissedEngagements, kGroupDistress, kGuarantorDistress));
}

}  // namespace
}  // namespace ccrm::risk
