#include "services/risk-warning/domain/evaluation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "common/validation/field_checks.h"
#include "services/risk-warning/domain/indicators.h"

namespace ccrm::risk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using L = AlertLevel;

const absl::TimeZone kUtc = absl::UTCTimeZone();
const absl::CivilDay kToday(2026, 6, 30);
const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 6, 30, 9, 0, 0), kUtc);
constexpr char kCustomer[] = "0195a1b2-0000-7000-8000-0000000000c1";

Money Cny(int64_t units) { return Money{"CNY", units, 0}; }

// Thresholds 1 / 30 / 60 / 90 days, so the level follows from how late the one installment is.
Rule DpdRule(bool auto_activate = false) {
  Rule rule;
  rule.rule_id = "r-dpd";
  rule.indicator = kDaysPastDue;
  rule.thresholds = {1, 30, 60, 90};
  rule.higher_is_worse = true;
  rule.contingency_scenario = ContingencyScenario::kBorrowerCannotRepay;
  rule.auto_activate_contingency = auto_activate;
  rule.version = 3;
  return rule;
}

// Any arrears at all are RED under this rule, whatever share of the loan they are.
Rule OverdueRateRule(bool auto_activate = false) {
  Rule rule;
  rule.rule_id = "r-overdue";
  rule.indicator = kOverdueRate;
  rule.thresholds = {0.001, 0.002, 0.003, 0.004};
  rule.higher_is_worse = true;
  rule.contingency_scenario = ContingencyScenario::kBorrowerCannotRepay;
  rule.auto_activate_contingency = auto_activate;
  rule.version = 1;
  return rule;
}

// A customer with one active loan whose only installment is `days_past_due` days late on kToday
// (0: not due yet).
RiskFile FileWithDpd(int days_past_due) {
  RiskFile file;
  file.obligor.customer_id = kCustomer;
  file.obligor.segment = "SEGMENT_SME";
  file.obligor.industry_code = "C3011";
  file.obligor.manager_id = "rm.wang";
  ExposureFile loan;
  Exposure& e = loan.exposure;
  e.exposure_id = "0195a1b2-0000-7000-8000-0000000000e1";
  e.customer_id = kCustomer;
  e.facility_id = "F-2026-0001";
  e.amount = Cny(5'000'000);
  e.outstanding = Cny(5'000'000);
  e.origination_date = absl::CivilDay(2025, 1, 1);
  e.maturity_date = absl::CivilDay(2028, 12, 31);
  const absl::CivilDay due = days_past_due > 0 ? kToday - days_past_due : kToday + 20;
  e.repayment_schedule.push_back({due, Cny(400'000), Cny(25'000)});
  file.exposures.push_back(std::move(loan));
  return file;
}

IndicatorReading ReadingOf(const RiskFile& file, const std::string& indicator,
                           absl::CivilDay today = kToday) {
  for (IndicatorReading& reading : ReadIndicators(file, today)) {
    if (reading.indicator == indicator) {
      return reading;
    }
  }
  ADD_FAILURE() << "no reading of " << indicator;
  return {};
}

Evaluation EvaluateFile(const RiskFile& file, std::vector<Rule> rules, absl::Time now = kNow,
                        const AcknowledgePolicy& policy = AcknowledgePolicy()) {
  int next = 0;
  return Evaluate(file, RuleBook(std::move(rules)), now, policy,
                  [&next] { return "id-" + std::to_string(++next); });
}

// An open days-past-due alert as an earlier evaluation left it.
Alert OpenDpdAlert(L evaluated, int steps = 0, AlertStatus status = AlertStatus::kOpen) {
  Alert alert;
  alert.alert_id = "alert-dpd";
  alert.customer_id = kCustomer;
  alert.indicator = kDaysPastDue;
  alert.status = status;
  alert.evaluated_level = evaluated;
  alert.escalation_steps = steps;
  alert.level = static_cast<L>(std::min(4, static_cast<int>(evaluated) + steps));
  alert.value = 31;
  alert.threshold = 30;
  alert.rule_id = "r-dpd";
  alert.rule_version = 3;
  alert.title = "earlier title";
  alert.detail = "earlier detail";
  alert.assignee_manager_id = "rm.zhao";
  alert.open_time = kNow - absl::Hours(24 * 20);
  if (status == AlertStatus::kOpen) {
    alert.acknowledge_deadline = kNow + absl::Hours(5);
  } else {
    alert.acknowledge_time = kNow - absl::Hours(24 * 19);
  }
  alert.update_time = kNow - absl::Hours(24);
  alert.revision = 4;
  return alert;
}

std::vector<std::string> Actions(const Evaluation& e) {
  std::vector<std::string> actions;
  for (const AlertChange& c : e.changes) {
    actions.push_back(c.action + " " + c.alert.indicator);
  }
  return actions;
}

TEST(EvaluateTest, OpensAnAlertWithADeadline) {
  const RiskFile file = FileWithDpd(35);
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  const AlertChange& c = e.changes[0];
  EXPECT_EQ(c.action, "opened");
  EXPECT_EQ(c.actor, "risk-warning");
  EXPECT_EQ(c.note, "");
  EXPECT_EQ(c.change_time, kNow);
  EXPECT_TRUE(Notifies(c));
  const Alert& a = c.alert;
  const IndicatorReading reading = ReadingOf(file, kDaysPastDue);
  EXPECT_EQ(a.alert_id, "id-1");
  EXPECT_EQ(a.customer_id, kCustomer);
  EXPECT_EQ(a.indicator, "days_past_due");
  EXPECT_EQ(a.status, AlertStatus::kOpen);
  EXPECT_EQ(a.level, L::kYellow);
  EXPECT_EQ(a.evaluated_level, L::kYellow);
  EXPECT_EQ(a.escalation_steps, 0);
  EXPECT_EQ(a.value, 35);
  EXPECT_EQ(a.threshold, 30);
  EXPECT_EQ(a.rule_id, "r-dpd");
  EXPECT_EQ(a.rule_version, 3);
  EXPECT_EQ(a.inputs, reading.inputs);
  EXPECT_EQ(a.title, "YELLOW days past due on the most overdue facility — " + reading.summary);
  EXPECT_EQ(a.detail, reading.summary + "; rule r-dpd v3: YELLOW at 30");
  EXPECT_EQ(a.assignee_manager_id, "rm.wang");
  EXPECT_EQ(a.open_time, kNow);
  EXPECT_EQ(a.acknowledge_deadline, kNow + absl::Hours(72));
  EXPECT_FALSE(a.acknowledge_time.has_value());
  EXPECT_FALSE(a.close_time.has_value());
  EXPECT_EQ(a.update_time, kNow);

  EXPECT_THAT(e.activations, IsEmpty());
  EXPECT_THAT(e.suppressions_cleared, IsEmpty());
  const EvaluationCounts counts = CountOf(e);
  EXPECT_EQ(counts.opened, 1);
  EXPECT_EQ(counts.raised + counts.lowered + counts.cleared + counts.plans_activated, 0);
  ASSERT_EQ(e.classification.exposures.size(), 1u);
  EXPECT_EQ(e.classification.exposures[0].days_past_due, 35);
  EXPECT_EQ(e.classification.exposures[0].category, LoanCategory::kSpecialMention);
}

TEST(EvaluateTest, DeadlineFollowsThePolicyForTheLevel) {
  AcknowledgePolicy policy;
  policy.red = absl::Minutes(90);
  const Evaluation e = EvaluateFile(FileWithDpd(95), {DpdRule()}, kNow, policy);
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].alert.level, L::kRed);
  EXPECT_EQ(e.changes[0].alert.acknowledge_deadline, kNow + absl::Minutes(90));
}

TEST(EvaluateTest, TodayIsTheUtcDayOfNow) {
  // 23:30 UTC is still 30 June, though it is 1 July in Beijing.
  const absl::Time late_evening = absl::FromCivil(absl::CivilSecond(2026, 6, 30, 23, 30, 0), kUtc);
  const Evaluation e = EvaluateFile(FileWithDpd(30), {DpdRule()}, late_evening);
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].alert.value, 30);
}

TEST(EvaluateTest, WithinEveryThresholdNothingOpens) {
  const Evaluation e = EvaluateFile(FileWithDpd(0), {DpdRule()});
  EXPECT_THAT(e.changes, IsEmpty());
  ASSERT_EQ(e.classification.exposures.size(), 1u);
  EXPECT_EQ(e.classification.exposures[0].category, LoanCategory::kNormal);
}

TEST(EvaluateTest, IndicatorsWithoutARuleHaveNoLevel) {
  // Overdue rate has a reading here too, but only days past due has a rule.
  const Evaluation e = EvaluateFile(FileWithDpd(35), {DpdRule()});
  EXPECT_THAT(Actions(e), ElementsAre("opened days_past_due"));
}

TEST(EvaluateTest, ChangesComeInIndicatorOrder) {
  const Evaluation e = EvaluateFile(FileWithDpd(35), {OverdueRateRule(), DpdRule()});
  EXPECT_THAT(Actions(e), ElementsAre("opened days_past_due", "opened overdue_rate"));
  EXPECT_EQ(e.changes[0].alert.alert_id, "id-1");
  EXPECT_EQ(e.changes[1].alert.alert_id, "id-2");
  EXPECT_EQ(e.changes[1].alert.level, L::kRed);
}

TEST(EvaluateTest, TheCustomersScopedRuleApplies) {
  RiskFile file = FileWithDpd(20);
  file.obligor.segment = "SEGMENT_FIRST_TIME_BORROWER";
  const Evaluation e = EvaluateFile(file, DefaultRules());
  ASSERT_FALSE(e.changes.empty());
  EXPECT_EQ(e.changes[0].alert.indicator, "days_past_due");
  EXPECT_EQ(e.changes[0].alert.rule_id, "default-days_past_due-first-time");
  EXPECT_EQ(e.changes[0].alert.level, L::kYellow);
  EXPECT_EQ(e.changes[0].alert.threshold, 15);
}

TEST(EvaluateTest, RaisesInPlaceWithANewDeadlineWhileOpen) {
  RiskFile file = FileWithDpd(65);
  file.open_alerts = {OpenDpdAlert(L::kYellow)};
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  const AlertChange& c = e.changes[0];
  EXPECT_EQ(c.action, "raised");
  EXPECT_TRUE(Notifies(c));
  EXPECT_EQ(c.alert.alert_id, "alert-dpd");
  EXPECT_EQ(c.alert.status, AlertStatus::kOpen);
  EXPECT_EQ(c.alert.level, L::kOrange);
  EXPECT_EQ(c.alert.evaluated_level, L::kOrange);
  EXPECT_EQ(c.alert.value, 65);
  EXPECT_EQ(c.alert.threshold, 60);
  EXPECT_EQ(c.alert.acknowledge_deadline, kNow + absl::Hours(24));
  EXPECT_EQ(c.alert.update_time, kNow);
  // What the evaluation does not own stays.
  EXPECT_EQ(c.alert.open_time, kNow - absl::Hours(24 * 20));
  EXPECT_EQ(c.alert.assignee_manager_id, "rm.zhao");
  EXPECT_EQ(c.alert.revision, 4);
  const IndicatorReading reading = ReadingOf(file, kDaysPastDue);
  EXPECT_EQ(c.alert.title,
            "ORANGE days past due on the most overdue facility — " + reading.summary);
  EXPECT_EQ(c.alert.detail, reading.summary + "; rule r-dpd v3: ORANGE at 60");
  EXPECT_EQ(CountOf(e).raised, 1);
}

TEST(EvaluateTest, RaisingAnAcknowledgedAlertSetsNoDeadline) {
  RiskFile file = FileWithDpd(65);
  file.open_alerts = {OpenDpdAlert(L::kYellow, 0, AlertStatus::kAcknowledged)};
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].action, "raised");
  EXPECT_EQ(e.changes[0].alert.status, AlertStatus::kAcknowledged);
  EXPECT_EQ(e.changes[0].alert.level, L::kOrange);
  EXPECT_FALSE(e.changes[0].alert.acknowledge_deadline.has_value());
}

TEST(EvaluateTest, LowersInPlaceKeepingTheDeadline) {
  RiskFile file = FileWithDpd(35);
  file.open_alerts = {OpenDpdAlert(L::kOrange)};
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  const AlertChange& c = e.changes[0];
  EXPECT_EQ(c.action, "lowered");
  EXPECT_FALSE(Notifies(c));
  EXPECT_EQ(c.alert.level, L::kYellow);
  EXPECT_EQ(c.alert.evaluated_level, L::kYellow);
  EXPECT_EQ(c.alert.threshold, 30);
  EXPECT_EQ(c.alert.acknowledge_deadline, kNow + absl::Hours(5));
  EXPECT_EQ(CountOf(e).lowered, 1);
}

TEST(EvaluateTest, EscalationStepsStayOnTopOfTheEvaluatedLevel) {
  // BLUE escalated once (YELLOW) now evaluates ORANGE: ORANGE + 1 = RED.
  RiskFile file = FileWithDpd(65);
  file.open_alerts = {OpenDpdAlert(L::kBlue, 1)};
  Evaluation e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].action, "raised");
  EXPECT_EQ(e.changes[0].alert.evaluated_level, L::kOrange);
  EXPECT_EQ(e.changes[0].alert.level, L::kRed);
  EXPECT_EQ(e.changes[0].alert.escalation_steps, 1);
  EXPECT_EQ(e.changes[0].alert.acknowledge_deadline, kNow + absl::Hours(4));

  // ORANGE escalated once (RED) now evaluates YELLOW: YELLOW + 1 = ORANGE.
  file = FileWithDpd(35);
  file.open_alerts = {OpenDpdAlert(L::kOrange, 1)};
  e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].action, "lowered");
  EXPECT_EQ(e.changes[0].alert.level, L::kOrange);
  EXPECT_EQ(e.changes[0].alert.evaluated_level, L::kYellow);
}

TEST(EvaluateTest, CappedAtRedTheEvaluatedLevelStillMoves) {
  const std::pair<L, int> capped[] = {{L::kOrange, 1}, {L::kYellow, 2}};
  for (const auto& [evaluated, steps] : capped) {
    RiskFile file = FileWithDpd(95);
    file.open_alerts = {OpenDpdAlert(evaluated, steps)};
    const Evaluation e = EvaluateFile(file, {DpdRule(/*auto_activate=*/true)});
    ASSERT_EQ(e.changes.size(), 1u);
    const AlertChange& c = e.changes[0];
    EXPECT_EQ(c.action, "updated");
    EXPECT_FALSE(Notifies(c));
    EXPECT_EQ(c.alert.level, L::kRed);
    EXPECT_EQ(c.alert.evaluated_level, L::kRed);
    EXPECT_EQ(c.alert.escalation_steps, steps);
    EXPECT_EQ(c.alert.value, 95);
    EXPECT_EQ(c.alert.threshold, 90);
    EXPECT_EQ(c.alert.acknowledge_deadline, kNow + absl::Hours(5));
    // Already RED before: no plan is activated by staying RED.
    EXPECT_THAT(e.activations, IsEmpty());
    const EvaluationCounts counts = CountOf(e);
    EXPECT_EQ(counts.opened + counts.raised + counts.lowered + counts.cleared, 0);
  }
}

TEST(EvaluateTest, ClearsWhenTheIndicatorIsWithinEveryThreshold) {
  RiskFile file = FileWithDpd(35);
  Observation paid;
  paid.kind = ObservationKind::kRepaymentPaid;
  paid.exposure_id = file.exposures[0].exposure.exposure_id;
  paid.date = kToday - 1;
  paid.amount = Cny(425'000);
  file.exposures[0].observations.push_back(paid);
  file.open_alerts = {OpenDpdAlert(L::kYellow)};
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  const AlertChange& c = e.changes[0];
  const std::string expected_note =
      "cleared by evaluation: " + ReadingOf(file, kDaysPastDue).summary;
  EXPECT_EQ(c.action, "cleared");
  EXPECT_FALSE(Notifies(c));
  EXPECT_EQ(c.actor, "risk-warning");
  EXPECT_EQ(c.note, expected_note);
  EXPECT_EQ(c.alert.status, AlertStatus::kResolved);
  EXPECT_EQ(c.alert.close_time, kNow);
  EXPECT_FALSE(c.alert.acknowledge_deadline.has_value());
  EXPECT_EQ(c.alert.resolution_note, expected_note);
  EXPECT_EQ(c.alert.level, L::kYellow);
  EXPECT_EQ(c.alert.evaluated_level, L::kYellow);
  EXPECT_EQ(c.alert.update_time, kNow);
  EXPECT_EQ(CountOf(e).cleared, 1);
  EXPECT_EQ(e.classification.exposures[0].days_past_due, 0);
}

TEST(EvaluateTest, WithoutActiveExposuresEveryOpenAlertClears) {
  RiskFile file = FileWithDpd(35);
  file.exposures.clear();
  Alert complaints = OpenDpdAlert(L::kBlue, 0, AlertStatus::kInProgress);
  complaints.alert_id = "alert-complaints";
  complaints.indicator = kComplaints;
  file.open_alerts = {complaints, OpenDpdAlert(L::kRed)};
  const Evaluation e = EvaluateFile(file, DefaultRules());
  EXPECT_THAT(Actions(e), ElementsAre("cleared days_past_due", "cleared complaints"));
  for (const AlertChange& c : e.changes) {
    EXPECT_EQ(c.alert.resolution_note, "cleared by evaluation: no longer measured");
    EXPECT_EQ(c.note, "cleared by evaluation: no longer measured");
    EXPECT_EQ(c.alert.status, AlertStatus::kResolved);
  }
  EXPECT_THAT(e.classification.exposures, IsEmpty());
  EXPECT_EQ(CountOf(e).cleared, 2);
}

TEST(EvaluateTest, AnIndicatorWithoutAnEnabledRuleClears) {
  RiskFile file = FileWithDpd(35);
  file.open_alerts = {OpenDpdAlert(L::kYellow)};
  Rule disabled = DpdRule();
  disabled.enabled = false;
  const Evaluation e = EvaluateFile(file, {disabled});
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].action, "cleared");
  EXPECT_EQ(e.changes[0].alert.resolution_note,
            "cleared by evaluation: no enabled rule for days_past_due");
}

TEST(EvaluateTest, AlertsOfIndicatorsNoLongerInTheCatalogueClear) {
  RiskFile file = FileWithDpd(0);
  Alert retired = OpenDpdAlert(L::kYellow);
  retired.indicator = "retired_indicator";
  file.open_alerts = {retired};
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  EXPECT_THAT(Actions(e), ElementsAre("cleared retired_indicator"));
  EXPECT_EQ(e.changes[0].alert.resolution_note, "cleared by evaluation: no longer measured");
}

TEST(EvaluateTest, ANewValueAtTheSameLevelIsAnUpdate) {
  const RiskFile first = FileWithDpd(35);
  const Alert opened = EvaluateFile(first, {DpdRule()}).changes.at(0).alert;
  // The next day the installment is 36 days late.
  RiskFile next = first;
  next.open_alerts = {opened};
  const absl::Time tomorrow = kNow + absl::Hours(24);
  const Evaluation e = EvaluateFile(next, {DpdRule()}, tomorrow);
  ASSERT_EQ(e.changes.size(), 1u);
  const AlertChange& c = e.changes[0];
  EXPECT_EQ(c.action, "updated");
  EXPECT_FALSE(Notifies(c));
  EXPECT_EQ(c.alert.value, 36);
  EXPECT_EQ(c.alert.level, L::kYellow);
  EXPECT_EQ(c.alert.inputs, ReadingOf(next, kDaysPastDue, kToday + 1).inputs);
  EXPECT_EQ(c.alert.acknowledge_deadline, opened.acknowledge_deadline);
  EXPECT_EQ(c.alert.open_time, kNow);
  EXPECT_EQ(c.alert.update_time, tomorrow);
  const EvaluationCounts counts = CountOf(e);
  EXPECT_EQ(counts.opened + counts.raised + counts.lowered + counts.cleared, 0);
}

TEST(EvaluateTest, ANewRuleVersionIsAnUpdate) {
  RiskFile file = FileWithDpd(35);
  file.open_alerts = {EvaluateFile(file, {DpdRule()}).changes.at(0).alert};
  Rule revised = DpdRule();
  revised.version = 4;
  const Evaluation e = EvaluateFile(file, {revised});
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].action, "updated");
  EXPECT_EQ(e.changes[0].alert.rule_version, 4);
  EXPECT_THAT(e.changes[0].alert.detail, ::testing::EndsWith("; rule r-dpd v4: YELLOW at 30"));
}

TEST(EvaluateTest, NothingChangedIsNoChangeAndANoOp) {
  RiskFile file = FileWithDpd(35);
  const Evaluation first = EvaluateFile(file, {DpdRule()});
  file.open_alerts = {first.changes.at(0).alert};
  Exposure& stored = file.exposures[0].exposure;
  stored.suggested_category = first.classification.exposures[0].category;
  stored.category_reason = first.classification.exposures[0].reason;
  stored.days_past_due = first.classification.exposures[0].days_past_due;

  const Evaluation again = EvaluateFile(file, {DpdRule()});
  EXPECT_THAT(again.changes, IsEmpty());
  EXPECT_TRUE(IsNoOp(again, file));

  RiskFile stale_reason = file;
  stale_reason.exposures[0].exposure.category_reason = "DPD 34 > 0: 关注";
  EXPECT_FALSE(IsNoOp(again, stale_reason));
  RiskFile stale_days = file;
  stale_days.exposures[0].exposure.days_past_due = 34;
  EXPECT_FALSE(IsNoOp(again, stale_days));
  RiskFile stale_category = file;
  stale_category.exposures[0].exposure.suggested_category = LoanCategory::kNormal;
  EXPECT_FALSE(IsNoOp(again, stale_category));
}

TEST(EvaluateTest, AnyChangeIsNotANoOp) {
  RiskFile file = FileWithDpd(0);
  const Evaluation quiet = EvaluateFile(file, {DpdRule()});
  file.exposures[0].exposure.category_reason = quiet.classification.exposures[0].reason;
  ASSERT_TRUE(IsNoOp(quiet, file));
  Evaluation with_change = quiet;
  with_change.changes.emplace_back();
  EXPECT_FALSE(IsNoOp(with_change, file));
  Evaluation with_plan = quiet;
  with_plan.activations.emplace_back();
  EXPECT_FALSE(IsNoOp(with_plan, file));
  Evaluation with_suppression = quiet;
  with_suppression.suppressions_cleared.push_back(kDaysPastDue);
  EXPECT_FALSE(IsNoOp(with_suppression, file));
}

TEST(EvaluateTest, SuppressionHoldsAtOrBelowItsLevel) {
  for (int days : {35, 5}) {  // YELLOW, BLUE
    RiskFile file = FileWithDpd(days);
    file.suppressed[kDaysPastDue] = L::kYellow;
    const Evaluation e = EvaluateFile(file, {DpdRule()});
    EXPECT_THAT(e.changes, IsEmpty()) << days;
    EXPECT_THAT(e.suppressions_cleared, IsEmpty()) << days;
  }
}

TEST(EvaluateTest, SuppressionGivesWayAboveItsLevel) {
  RiskFile file = FileWithDpd(65);
  file.suppressed[kDaysPastDue] = L::kYellow;
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  EXPECT_THAT(Actions(e), ElementsAre("opened days_past_due"));
  EXPECT_EQ(e.changes[0].alert.level, L::kOrange);
  EXPECT_THAT(e.suppressions_cleared, IsEmpty());
}

TEST(EvaluateTest, SuppressionEndsWhenTheIndicatorClears) {
  RiskFile file = FileWithDpd(0);
  file.suppressed[kDaysPastDue] = L::kOrange;
  file.suppressed[kComplaints] = L::kBlue;  // no rule for it here: no level either
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  EXPECT_THAT(e.changes, IsEmpty());
  EXPECT_THAT(e.suppressions_cleared, ElementsAre("days_past_due", "complaints"));
  EXPECT_FALSE(IsNoOp(e, file));
}

TEST(EvaluateTest, RedActivatesTheRulesPlan) {
  const Evaluation e = EvaluateFile(FileWithDpd(95), {DpdRule(/*auto_activate=*/true)});
  ASSERT_EQ(e.changes.size(), 1u);
  EXPECT_EQ(e.changes[0].alert.level, L::kRed);
  ASSERT_EQ(e.activations.size(), 1u);
  const ContingencyPlan& plan = e.activations[0];
  EXPECT_EQ(plan.plan_id, "id-2");
  EXPECT_EQ(plan.customer_id, kCustomer);
  EXPECT_EQ(plan.scenario, ContingencyScenario::kBorrowerCannotRepay);
  EXPECT_EQ(plan.alert_id, "id-1");
  EXPECT_EQ(plan.status, PlanStatus::kActive);
  EXPECT_TRUE(plan.automatic);
  EXPECT_EQ(plan.activated_by, "risk-warning");
  EXPECT_EQ(plan.activate_time, kNow);
  const ContingencyTemplate& tmpl = *TemplateFor(ContingencyScenario::kBorrowerCannotRepay);
  ASSERT_EQ(plan.steps.size(), tmpl.steps.size());
  for (const ContingencyStep& step : plan.steps) {
    EXPECT_EQ(step.owner, step.owner_role == "relationship_manager" ? "rm.wang" : "risk-warning");
  }
  EXPECT_EQ(CountOf(e).plans_activated, 1);
}

TEST(EvaluateTest, RaisedIntoRedActivatesToo) {
  RiskFile file = FileWithDpd(95);
  file.open_alerts = {OpenDpdAlert(L::kOrange)};
  const Evaluation e = EvaluateFile(file, {DpdRule(/*auto_activate=*/true)});
  EXPECT_THAT(Actions(e), ElementsAre("raised days_past_due"));
  ASSERT_EQ(e.activations.size(), 1u);
  EXPECT_EQ(e.activations[0].alert_id, "alert-dpd");
  EXPECT_EQ(e.activations[0].plan_id, "id-1");
}

TEST(EvaluateTest, NoPlanWhenOneIsActiveOrTheRuleDoesNotSayOrBelowRed) {
  RiskFile active = FileWithDpd(95);
  active.active_plan_scenarios = {ContingencyScenario::kBorrowerCannotRepay};
  EXPECT_THAT(EvaluateFile(active, {DpdRule(/*auto_activate=*/true)}).activations, IsEmpty());

  const Evaluation manual = EvaluateFile(FileWithDpd(95), {DpdRule(/*auto_activate=*/false)});
  EXPECT_EQ(manual.changes.at(0).alert.level, L::kRed);
  EXPECT_THAT(manual.activations, IsEmpty());

  const Evaluation orange = EvaluateFile(FileWithDpd(65), {DpdRule(/*auto_activate=*/true)});
  EXPECT_EQ(orange.changes.at(0).alert.level, L::kOrange);
  EXPECT_THAT(orange.activations, IsEmpty());
}

TEST(EvaluateTest, OnePlanPerScenario) {
  // Days past due and overdue rate both turn RED, both rules name the same scenario.
  const Evaluation e =
      EvaluateFile(FileWithDpd(95), {DpdRule(/*auto_activate=*/true), OverdueRateRule(true)});
  EXPECT_THAT(Actions(e), ElementsAre("opened days_past_due", "opened overdue_rate"));
  EXPECT_EQ(e.changes[1].alert.level, L::kRed);
  ASSERT_EQ(e.activations.size(), 1u);
  EXPECT_EQ(e.activations[0].alert_id, "id-1");
  EXPECT_EQ(e.activations[0].plan_id, "id-2");
  EXPECT_EQ(e.changes[1].alert.alert_id, "id-3");
}

TEST(EvaluateTest, ClassificationSeesTheAlertsAfterTheChanges) {
  // Not overdue, but a RED alert opens on funds off plan: at least 关注.
  RiskFile file = FileWithDpd(0);
  Exposure& e = file.exposures[0].exposure;
  e.use_of_funds_plan.push_back({"equipment", "", Cny(1'000'000)});
  Observation usage;
  usage.kind = ObservationKind::kFundUsage;
  usage.exposure_id = e.exposure_id;
  usage.date = kToday - 3;
  usage.amount = Cny(400'000);
  usage.category = "dividends";
  usage.payee = "Shareholder Co.";
  file.exposures[0].observations.push_back(usage);
  Rule funds;
  funds.rule_id = "r-funds";
  funds.indicator = kFundsOffPlan;
  funds.thresholds = {0.01, 5, 10, 20};

  const Evaluation opened = EvaluateFile(file, {funds});
  ASSERT_THAT(Actions(opened), ElementsAre("opened funds_off_plan"));
  EXPECT_EQ(opened.changes[0].alert.level, L::kRed);
  EXPECT_EQ(opened.classification.exposures[0].category, LoanCategory::kSpecialMention);
  EXPECT_EQ(opened.classification.exposures[0].reason, "open RED alert on funds_off_plan: 关注");

  // An open ORANGE alert that this evaluation clears no longer floors the category.
  RiskFile cleared = FileWithDpd(0);
  Alert old = OpenDpdAlert(L::kOrange);
  old.indicator = kFundsOffPlan;
  cleared.open_alerts = {old};
  const Evaluation after = EvaluateFile(cleared, {funds});
  EXPECT_THAT(Actions(after), ElementsAre("cleared funds_off_plan"));
  EXPECT_EQ(after.classification.exposures[0].category, LoanCategory::kNormal);
}

TEST(EvaluateTest, TitleIsCutAtThreeHundredCharacters) {
  RiskFile file = FileWithDpd(35);
  std::string facility;
  for (int i = 0; i < 400; ++i) {
    facility += "贷";
  }
  file.exposures[0].exposure.facility_id = facility;
  const Evaluation e = EvaluateFile(file, {DpdRule()});
  ASSERT_EQ(e.changes.size(), 1u);
  const std::string& title = e.changes[0].alert.title;
  EXPECT_EQ(Utf8CodePointCount(title), 300u);
  EXPECT_THAT(title, ::testing::StartsWith("YELLOW days past due"));
  EXPECT_THAT(title, ::testing::EndsWith("贷…"));
  // The detail has room for it.
  EXPECT_THAT(e.changes[0].alert.detail, ::testing::EndsWith("; rule r-dpd v3: YELLOW at 30"));
}

}  // namespace
}  // namespace ccrm::risk
