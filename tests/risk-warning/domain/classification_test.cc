#include "services/risk-warning/domain/classification.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {
namespace {

using C = LoanCategory;

const absl::CivilDay kToday(2026, 6, 30);

Money Cny(int64_t units) { return Money{"CNY", units, 0}; }

// An active loan whose only installment is `days_past_due` days late (0: not yet due).
ExposureFile Loan(std::string exposure_id, int days_past_due, int64_t outstanding) {
  ExposureFile file;
  Exposure& e = file.exposure;
  e.exposure_id = exposure_id;
  e.customer_id = "cust-1";
  e.facility_id = "F-" + exposure_id;
  e.amount = Cny(10'000'000);
  e.outstanding = Cny(outstanding);
  e.origination_date = absl::CivilDay(2024, 1, 1);
  e.maturity_date = absl::CivilDay(2029, 12, 31);
  const absl::CivilDay due = days_past_due > 0 ? kToday - days_past_due : kToday + 30;
  e.repayment_schedule.push_back({due, Cny(500'000), Cny(20'000)});
  return file;
}

RiskFile FileOf(std::vector<ExposureFile> exposures) {
  RiskFile file;
  file.obligor.customer_id = "cust-1";
  file.obligor.segment = "SEGMENT_SME";
  file.obligor.industry_code = "C3011";
  file.exposures = std::move(exposures);
  return file;
}

Alert OpenAlert(const char* indicator, AlertLevel level, AlertStatus status = AlertStatus::kOpen) {
  Alert alert;
  alert.alert_id = std::string("alert-") + indicator;
  alert.indicator = indicator;
  alert.status = status;
  alert.level = level;
  alert.evaluated_level = level;
  return alert;
}

Signal Rating(int grade, int previous, absl::CivilDay day) {
  Signal signal;
  signal.customer_id = "cust-1";
  signal.kind = SignalKind::kRatingChange;
  signal.value = grade;
  signal.previous_value = previous;
  signal.occur_time = absl::FromCivil(day, absl::UTCTimeZone());
  return signal;
}

TEST(CategoryNamesTest, StoredAndChineseNames) {
  const std::pair<C, std::pair<const char*, const char*>> names[] = {
      {C::kNormal, {"NORMAL", "正常"}},
      {C::kSpecialMention, {"SPECIAL_MENTION", "关注"}},
      {C::kSubstandard, {"SUBSTANDARD", "次级"}},
      {C::kDoubtful, {"DOUBTFUL", "可疑"}},
      {C::kLoss, {"LOSS", "损失"}},
  };
  for (const auto& [category, name] : names) {
    EXPECT_STREQ(CategoryName(category), name.first);
    EXPECT_STREQ(CategoryChineseName(category), name.second);
  }
}

TEST(CategoryForDaysPastDueTest, Thresholds) {
  EXPECT_EQ(CategoryForDaysPastDue(0), C::kNormal);
  EXPECT_EQ(CategoryForDaysPastDue(1), C::kSpecialMention);
  EXPECT_EQ(CategoryForDaysPastDue(90), C::kSpecialMention);
  EXPECT_EQ(CategoryForDaysPastDue(91), C::kSubstandard);
  EXPECT_EQ(CategoryForDaysPastDue(270), C::kSubstandard);
  EXPECT_EQ(CategoryForDaysPastDue(271), C::kDoubtful);
  EXPECT_EQ(CategoryForDaysPastDue(360), C::kDoubtful);
  EXPECT_EQ(CategoryForDaysPastDue(361), C::kLoss);
}

TEST(ClassifyObligorTest, DaysPastDueOnEitherSideOfEachThreshold) {
  const std::pair<int, std::pair<C, const char*>> cases[] = {
      {0, {C::kNormal, "no payment overdue: 正常"}},  {1, {C::kSpecialMention, "DPD 1 > 0: 关注"}},
      {90, {C::kSpecialMention, "DPD 90 > 0: 关注"}}, {91, {C::kSubstandard, "DPD 91 > 90: 次级"}},
      {270, {C::kSubstandard, "DPD 270 > 90: 次级"}}, {271, {C::kDoubtful, "DPD 271 > 270: 可疑"}},
      {360, {C::kDoubtful, "DPD 360 > 270: 可疑"}},   {361, {C::kLoss, "DPD 361 > 360: 损失"}},
  };
  for (const auto& [days, expected] : cases) {
    const ObligorCategory result = ClassifyObligor(FileOf({Loan("e1", days, 500'000)}), {}, kToday);
    ASSERT_EQ(result.exposures.size(), 1u);
    const ExposureCategory& e = result.exposures[0];
    EXPECT_EQ(e.days_past_due, days);
    EXPECT_EQ(e.exposure_category, expected.first) << days;
    EXPECT_EQ(e.category, expected.first) << days;
    EXPECT_EQ(e.reason, expected.second) << days;
    EXPECT_EQ(result.category, expected.first) << days;
  }
}

TEST(ClassifyObligorTest, FillsTheExposureFigures) {
  const ObligorCategory result =
      ClassifyObligor(FileOf({Loan("e1", 35, 750'000), Loan("e2", 0, 250'000)}), {}, kToday);
  ASSERT_EQ(result.exposures.size(), 2u);
  EXPECT_EQ(result.exposures[0].exposure_id, "e1");
  EXPECT_EQ(result.exposures[0].facility_id, "F-e1");
  EXPECT_EQ(result.exposures[0].outstanding, Cny(750'000));
  EXPECT_EQ(result.exposures[0].days_past_due, 35);
  EXPECT_EQ(result.exposures[1].exposure_id, "e2");
  EXPECT_EQ(result.exposures[1].days_past_due, 0);
  EXPECT_EQ(result.category, C::kSpecialMention);
  EXPECT_EQ(result.non_performing_percent, 0);
  EXPECT_EQ(result.reason, "worst F-e1: DPD 35 > 0: 关注; 0.0% of outstanding non-performing");
}

TEST(ClassifyObligorTest, PaymentsCoveringTheInstallmentMeanNoArrears) {
  ExposureFile loan = Loan("e1", 120, 500'000);
  Observation paid;
  paid.kind = ObservationKind::kRepaymentPaid;
  paid.date = kToday - 100;
  paid.amount = Cny(520'000);
  loan.observations.push_back(paid);
  const ObligorCategory result = ClassifyObligor(FileOf({loan}), {}, kToday);
  EXPECT_EQ(result.exposures[0].days_past_due, 0);
  EXPECT_EQ(result.exposures[0].category, C::kNormal);
}

TEST(ClassifyObligorTest, OpenOrangeOrRedAlertIsAtLeastSpecialMention) {
  const RiskFile file = FileOf({Loan("e1", 0, 500'000)});
  const ObligorCategory orange =
      ClassifyObligor(file, {OpenAlert(kDscrHeadroom, AlertLevel::kOrange)}, kToday);
  EXPECT_EQ(orange.exposures[0].category, C::kSpecialMention);
  EXPECT_EQ(orange.exposures[0].reason, "open ORANGE alert on dscr_headroom: 关注");

  // The worst alert is named.
  const ObligorCategory red = ClassifyObligor(
      file,
      {OpenAlert(kDscrHeadroom, AlertLevel::kOrange), OpenAlert(kFundsOffPlan, AlertLevel::kRed),
       OpenAlert(kComplaints, AlertLevel::kYellow, AlertStatus::kAcknowledged)},
      kToday);
  EXPECT_EQ(red.exposures[0].reason, "open RED alert on funds_off_plan: 关注");

  // Days past due gives the same category: it names the objective measure.
  const ObligorCategory late = ClassifyObligor(
      FileOf({Loan("e1", 10, 500'000)}), {OpenAlert(kFundsOffPlan, AlertLevel::kRed)}, kToday);
  EXPECT_EQ(late.exposures[0].category, C::kSpecialMention);
  EXPECT_EQ(late.exposures[0].reason, "DPD 10 > 0: 关注");
}

TEST(ClassifyObligorTest, AlertsThatDoNotFloor) {
  const RiskFile file = FileOf({Loan("e1", 0, 500'000)});
  const std::vector<Alert> ignored = {
      OpenAlert(kDscrHeadroom, AlertLevel::kYellow),
      // Derived from other customers' distress.
      OpenAlert(kGroupDistress, AlertLevel::kRed),
      OpenAlert(kGuarantorDistress, AlertLevel::kOrange),
      // Closed.
      OpenAlert(kFundsOffPlan, AlertLevel::kRed, AlertStatus::kResolved),
      OpenAlert(kDaysPastDue, AlertLevel::kRed, AlertStatus::kFalsePositive),
  };
  const ObligorCategory result = ClassifyObligor(file, ignored, kToday);
  EXPECT_EQ(result.exposures[0].category, C::kNormal);
}

TEST(ClassifyObligorTest, LatestRatingCcOrWorseIsAtLeastSubstandard) {
  RiskFile file = FileOf({Loan("e1", 0, 500'000)});
  file.signals = {Rating(6, 5, absl::CivilDay(2026, 1, 5)), Rating(8, 6, kToday - 3)};
  const ObligorCategory result = ClassifyObligor(file, {}, kToday);
  EXPECT_EQ(result.exposures[0].exposure_category, C::kSubstandard);
  EXPECT_EQ(result.exposures[0].reason, "latest rating CC (grade 8) is CC or worse: 次级");
  EXPECT_EQ(result.non_performing_percent, 100);
}

TEST(ClassifyObligorTest, OnlyTheLatestRatingCounts) {
  RiskFile file = FileOf({Loan("e1", 0, 500'000)});
  // Downgraded to D, then upgraded to CCC.
  file.signals = {Rating(10, 7, absl::CivilDay(2026, 1, 5)), Rating(7, 10, kToday - 3)};
  EXPECT_EQ(ClassifyObligor(file, {}, kToday).exposures[0].category, C::kNormal);
  // Other signals carry no grade.
  Signal complaint;
  complaint.kind = SignalKind::kComplaint;
  complaint.value = 9;
  complaint.occur_time = absl::FromCivil(kToday - 1, absl::UTCTimeZone());
  file.signals.push_back(complaint);
  EXPECT_EQ(ClassifyObligor(file, {}, kToday).exposures[0].category, C::kNormal);
}

TEST(ClassifyObligorTest, WorstRuleWins) {
  RiskFile file = FileOf({Loan("e1", 300, 500'000)});
  file.signals = {Rating(9, 8, kToday - 3)};
  const ObligorCategory result =
      ClassifyObligor(file, {OpenAlert(kDaysPastDue, AlertLevel::kRed)}, kToday);
  EXPECT_EQ(result.exposures[0].category, C::kDoubtful);
  EXPECT_EQ(result.exposures[0].reason, "DPD 300 > 270: 可疑");
}

TEST(ClassifyObligorTest, ExactlyTenPercentNonPerformingIsNotMoreThanTenPercent) {
  const ObligorCategory result =
      ClassifyObligor(FileOf({Loan("bad", 91, 100'000), Loan("good", 0, 900'000)}), {}, kToday);
  EXPECT_EQ(result.non_performing_percent, 10);
  EXPECT_EQ(result.exposures[1].category, C::kNormal);
  EXPECT_EQ(result.exposures[1].reason, "no payment overdue: 正常");
  EXPECT_EQ(result.category, C::kSubstandard);
  EXPECT_EQ(result.reason, "worst F-bad: DPD 91 > 90: 次级; 10.0% of outstanding non-performing");
}

TEST(ClassifyObligorTest, MoreThanTenPercentNonPerformingDragsEveryExposureToSubstandard) {
  const ObligorCategory result = ClassifyObligor(
      FileOf({Loan("bad", 95, 235'000), Loan("good", 0, 665'000), Loan("watch", 20, 100'000)}), {},
      kToday);
  EXPECT_DOUBLE_EQ(result.non_performing_percent, 23.5);
  ASSERT_EQ(result.exposures.size(), 3u);
  EXPECT_EQ(result.exposures[0].category, C::kSubstandard);
  EXPECT_EQ(result.exposures[0].reason, "DPD 95 > 90: 次级");
  EXPECT_EQ(result.exposures[1].exposure_category, C::kNormal);
  EXPECT_EQ(result.exposures[1].category, C::kSubstandard);
  EXPECT_EQ(result.exposures[1].reason, "obligor: 23.5% of outstanding non-performing > 10%: 次级");
  EXPECT_EQ(result.exposures[2].exposure_category, C::kSpecialMention);
  EXPECT_EQ(result.exposures[2].category, C::kSubstandard);
  EXPECT_EQ(result.category, C::kSubstandard);
  EXPECT_EQ(result.reason,
            "23.5% of outstanding non-performing > 10%: every exposure 次级 or worse; worst F-bad: "
            "次级");
}

TEST(ClassifyObligorTest, ObligorRuleDoesNotLowerWorseExposures) {
  const ObligorCategory result =
      ClassifyObligor(FileOf({Loan("loss", 400, 200'000), Loan("good", 0, 800'000)}), {}, kToday);
  EXPECT_EQ(result.exposures[0].category, C::kLoss);
  EXPECT_EQ(result.exposures[0].reason, "DPD 400 > 360: 损失");
  EXPECT_EQ(result.exposures[1].category, C::kSubstandard);
  EXPECT_EQ(result.category, C::kLoss);
}

TEST(ClassifyObligorTest, JustOverTenPercent) {
  const ObligorCategory result =
      ClassifyObligor(FileOf({Loan("bad", 91, 100'001), Loan("good", 0, 899'999)}), {}, kToday);
  EXPECT_EQ(result.exposures[1].category, C::kSubstandard);
  EXPECT_EQ(result.exposures[1].reason, "obligor: 10.0% of outstanding non-performing > 10%: 次级");
}

TEST(ClassifyObligorTest, NoExposures) {
  const ObligorCategory result = ClassifyObligor(FileOf({}), {}, kToday);
  EXPECT_TRUE(result.exposures.empty());
  EXPECT_EQ(result.category, C::kNormal);
  EXPECT_EQ(result.non_performing_percent, 0);
  EXPECT_EQ(result.reason, "no active exposure: 正常");
}

TEST(ClassifyObligorTest, NothingOutstandingIsNoShare) {
  const ObligorCategory result =
      ClassifyObligor(FileOf({Loan("bad", 91, 0), Loan("good", 0, 0)}), {}, kToday);
  EXPECT_EQ(result.non_performing_percent, 0);
  EXPECT_EQ(result.exposures[1].category, C::kNormal);
}

}  // namespace
}  // namespace ccrm::risk
