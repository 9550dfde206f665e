#include "services/risk-warning/domain/rule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ccrm::risk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using L = AlertLevel;
using Problems = std::vector<std::pair<std::string, std::string>>;

Rule Make(std::string rule_id, const char* indicator, LevelThresholds thresholds,
          std::string segment = "", std::string industry_prefix = "") {
  Rule rule;
  rule.rule_id = std::move(rule_id);
  rule.indicator = indicator;
  rule.thresholds = thresholds;
  rule.higher_is_worse = FindIndicator(indicator)->higher_is_worse;
  rule.segment = std::move(segment);
  rule.industry_prefix = std::move(industry_prefix);
  return rule;
}

void ExpectHit(const Rule& rule, double value, L level, double threshold) {
  const LevelHit hit = LevelFor(rule, value);
  EXPECT_EQ(hit.level, level) << "value " << value;
  EXPECT_EQ(hit.threshold, threshold) << "value " << value;
}

TEST(LevelForTest, HigherIsWorseReachesEachThresholdAtItsValue) {
  const Rule rule = Make("r", kDaysPastDue, {1, 30, 60, 90});
  ExpectHit(rule, 0, L::kNone, 0);
  ExpectHit(rule, 0.99, L::kNone, 0);
  ExpectHit(rule, 1, L::kBlue, 1);
  ExpectHit(rule, 29.99, L::kBlue, 1);
  ExpectHit(rule, 30, L::kYellow, 30);
  ExpectHit(rule, 60, L::kOrange, 60);
  ExpectHit(rule, 89, L::kOrange, 60);
  ExpectHit(rule, 90, L::kRed, 90);
  ExpectHit(rule, 5000, L::kRed, 90);
}

TEST(LevelForTest, LowerIsWorseReachesEachThresholdAtOrBelowIt) {
  const Rule rule = Make("r", kCollateralCoverage, {130, 110, 100, 80});
  ASSERT_FALSE(rule.higher_is_worse);
  ExpectHit(rule, 150, L::kNone, 0);
  ExpectHit(rule, 130.01, L::kNone, 0);
  ExpectHit(rule, 130, L::kBlue, 130);
  ExpectHit(rule, 110, L::kYellow, 110);
  ExpectHit(rule, 100.5, L::kYellow, 110);
  ExpectHit(rule, 100, L::kOrange, 100);
  ExpectHit(rule, 80, L::kRed, 80);
  ExpectHit(rule, 0, L::kRed, 80);
}

TEST(LevelForTest, NegativeHeadroomThresholds) {
  const Rule rule = Make("r", kDscrHeadroom, {10, -0.01, -10, -25});
  ExpectHit(rule, 12, L::kNone, 0);
  ExpectHit(rule, 0, L::kBlue, 10);
  ExpectHit(rule, -0.01, L::kYellow, -0.01);
  ExpectHit(rule, -30, L::kRed, -25);
}

TEST(LevelForTest, UnsetLevelsAreSkipped) {
  const Rule complaints = Make("r", kComplaints, {1, 2, 4, std::nullopt});
  ExpectHit(complaints, 40, L::kOrange, 4);
  const Rule distress = Make("r", kGroupDistress, {std::nullopt, 3, 4, std::nullopt});
  ExpectHit(distress, 2, L::kNone, 0);
  ExpectHit(distress, 3, L::kYellow, 3);
  ExpectHit(distress, 4, L::kOrange, 4);
}

TEST(RuleProblemsTest, ValidRuleHasNone) {
  Rule rule = Make("r", kDaysPastDue, {1, 30, 60, 90}, "SEGMENT_SME", "C3011");
  rule.contingency_scenario = ContingencyScenario::kBorrowerCannotRepay;
  rule.auto_activate_contingency = true;
  EXPECT_THAT(RuleProblems(rule), IsEmpty());
  // A section letter alone is a prefix too; one threshold is enough.
  EXPECT_THAT(
      RuleProblems(Make("r", kComplaints, {std::nullopt, 2, std::nullopt, std::nullopt}, "", "T")),
      IsEmpty());
}

TEST(RuleProblemsTest, UnknownIndicator) {
  Rule rule = Make("r", kDaysPastDue, {1, 30, 60, 90});
  rule.indicator = "days_overdue";
  EXPECT_THAT(RuleProblems(rule), ElementsAre(Pair("rule.indicator", "is not a known indicator")));
}

TEST(RuleProblemsTest, UnknownSegment) {
  EXPECT_THAT(RuleProblems(Make("r", kDaysPastDue, {1, 30, std::nullopt, std::nullopt}, "SME")),
              ElementsAre(Pair("rule.segment",
                               "must be SEGMENT_KEY, SEGMENT_SME or "
                               "SEGMENT_FIRST_TIME_BORROWER")));
}

TEST(RuleProblemsTest, IndustryPrefixMustBeASectionLetterAndUpToFourDigits) {
  for (const char* bad : {"c30", "U", "C30111", "C3A", "30", "CC"}) {
    const Problems problems =
        RuleProblems(Make("r", kDaysPastDue, {1, 30, std::nullopt, std::nullopt}, "", bad));
    ASSERT_EQ(problems.size(), 1u) << bad;
    EXPECT_EQ(problems[0].first, "rule.industry_prefix") << bad;
  }
  for (const char* good : {"A", "C30", "C3011", "T9"}) {
    EXPECT_THAT(
        RuleProblems(Make("r", kDaysPastDue, {1, 30, std::nullopt, std::nullopt}, "", good)),
        IsEmpty())
        << good;
  }
}

TEST(RuleProblemsTest, NoThreshold) {
  EXPECT_THAT(RuleProblems(Make("r", kDaysPastDue, {})),
              ElementsAre(Pair("rule.thresholds", "must set at least one level")));
}

TEST(RuleProblemsTest, ThresholdsMustMoveInTheIndicatorsDirection) {
  EXPECT_THAT(
      RuleProblems(Make("r", kDaysPastDue, {1, 30, 30, 90})),
      ElementsAre(Pair("rule.thresholds", "must rise from blue to red (a higher value is worse)")));
  EXPECT_THAT(
      RuleProblems(Make("r", kDaysPastDue, {std::nullopt, 60, std::nullopt, 30})),
      ElementsAre(Pair("rule.thresholds", "must rise from blue to red (a higher value is worse)")));
  EXPECT_THAT(
      RuleProblems(Make("r", kCollateralCoverage, {80, 100, 110, 130})),
      ElementsAre(Pair("rule.thresholds", "must fall from blue to red (a lower value is worse)")));
}

TEST(RuleProblemsTest, ThresholdsMustBeFiniteAndBounded) {
  EXPECT_THAT(RuleProblems(Make("r", kDaysPastDue, {1, 2e9, std::nullopt, std::nullopt})),
              ElementsAre(Pair("rule.thresholds", "must be finite numbers within ±1e9")));
  EXPECT_THAT(RuleProblems(Make("r", kDaysPastDue,
                                {std::nan(""), std::nullopt, std::nullopt, std::nullopt})),
              ElementsAre(Pair("rule.thresholds", "must be finite numbers within ±1e9")));
}

TEST(RuleProblemsTest, AutomaticActivationNeedsAScenario) {
  Rule rule = Make("r", kDaysPastDue, {1, 30, std::nullopt, std::nullopt});
  rule.auto_activate_contingency = true;
  EXPECT_THAT(RuleProblems(rule),
              ElementsAre(Pair("rule.contingency_scenario",
                               "is required when auto_activate_contingency is set")));
}

TEST(RuleProblemsTest, ListsEveryProblem) {
  Rule rule = Make("r", kDaysPastDue, {}, "VIP", "x");
  rule.indicator = "nope";
  rule.auto_activate_contingency = true;
  const Problems problems = RuleProblems(rule);
  std::vector<std::string> fields;
  for (const auto& [field, message] : problems) {
    fields.push_back(field);
  }
  EXPECT_THAT(fields, ElementsAre("rule.indicator", "rule.segment", "rule.industry_prefix",
                                  "rule.thresholds", "rule.contingency_scenario"));
}

class RuleBookTest : public ::testing::Test {
 protected:
  std::vector<Rule> Scoped() {
    return {
        Make("global", kDaysPastDue, {1, 30, 60, 90}),
        Make("sme", kDaysPastDue, {1, 20, 40, 60}, "SEGMENT_SME"),
        Make("manufacturing", kDaysPastDue, {1, 25, 50, 80}, "", "C"),
        Make("metal-products", kDaysPastDue, {1, 15, 30, 45}, "", "C33"),
        Make("sme-manufacturing", kDaysPastDue, {1, 10, 20, 30}, "SEGMENT_SME", "C"),
        Make("complaints", kComplaints, {1, 2, 4, std::nullopt}),
    };
  }

  static std::string Selected(const RuleBook& book, const std::string& segment,
                              const std::string& industry) {
    const Rule* rule = book.Select(kDaysPastDue, segment, industry);
    return rule == nullptr ? "(none)" : rule->rule_id;
  }
};

TEST_F(RuleBookTest, MostSpecificScopeWins) {
  const RuleBook book(Scoped());
  EXPECT_EQ(Selected(book, "SEGMENT_SME", "C3311"), "sme-manufacturing");
  EXPECT_EQ(Selected(book, "SEGMENT_KEY", "C3311"), "metal-products");
  EXPECT_EQ(Selected(book, "SEGMENT_KEY", "C3011"), "manufacturing");
  EXPECT_EQ(Selected(book, "SEGMENT_SME", "E4810"), "sme");
  EXPECT_EQ(Selected(book, "SEGMENT_KEY", "E4810"), "global");
  EXPECT_EQ(Selected(book, "", ""), "global");
}

TEST_F(RuleBookTest, IndustryBeatsSegmentAndLongerPrefixBeatsShorter) {
  std::vector<Rule> rules = Scoped();
  rules.erase(rules.begin() + 4);  // no segment-and-industry rule
  const RuleBook book(rules);
  EXPECT_EQ(Selected(book, "SEGMENT_SME", "C3011"), "manufacturing");
  EXPECT_EQ(Selected(book, "SEGMENT_SME", "C3311"), "metal-products");
}

TEST_F(RuleBookTest, DisabledScopedRuleFallsBackToAWiderOne) {
  std::vector<Rule> rules = Scoped();
  rules[3].enabled = false;  // metal-products
  rules[4].enabled = false;  // sme-manufacturing
  const RuleBook book(rules);
  EXPECT_EQ(Selected(book, "SEGMENT_KEY", "C3311"), "manufacturing");
  EXPECT_EQ(Selected(book, "SEGMENT_SME", "C3311"), "manufacturing");
}

TEST_F(RuleBookTest, DisabledGlobalRuleSwitchesTheIndicatorOffWhereNoScopedRuleApplies) {
  std::vector<Rule> rules = Scoped();
  rules[0].enabled = false;
  const RuleBook book(rules);
  EXPECT_EQ(Selected(book, "SEGMENT_KEY", "E4810"), "(none)");
  EXPECT_EQ(Selected(book, "", ""), "(none)");
  EXPECT_EQ(Selected(book, "SEGMENT_SME", "E4810"), "sme");
  EXPECT_EQ(Selected(book, "SEGMENT_KEY", "C3011"), "manufacturing");
}

TEST_F(RuleBookTest, OtherIndicatorsAndUnknownOnesAreSeparate) {
  const RuleBook book(Scoped());
  ASSERT_NE(book.Select(kComplaints, "SEGMENT_SME", "C3311"), nullptr);
  EXPECT_EQ(book.Select(kComplaints, "SEGMENT_SME", "C3311")->rule_id, "complaints");
  EXPECT_EQ(book.Select(kSlaBreaches, "SEGMENT_SME", "C3311"), nullptr);
  EXPECT_EQ(book.Select("unknown", "", ""), nullptr);
}

TEST(DefaultRulesTest, EveryIndicatorHasOneEnabledGlobalRule) {
  const std::vector<Rule> rules = DefaultRules();
  for (const IndicatorSpec& spec : Indicators()) {
    int globals = 0;
    for (const Rule& rule : rules) {
      if (rule.indicator == spec.name && rule.segment.empty() && rule.industry_prefix.empty()) {
        ++globals;
        EXPECT_TRUE(rule.enabled) << spec.name;
        EXPECT_EQ(rule.rule_id, std::string("default-") + spec.name);
        EXPECT_EQ(rule.higher_is_worse, spec.higher_is_worse) << spec.name;
      }
    }
    EXPECT_EQ(globals, 1) << spec.name;
  }
  EXPECT_EQ(rules.size(), Indicators().size() + 1);
}

TEST(DefaultRulesTest, AreValidWithUniqueIds) {
  std::set<std::string> ids;
  for (const Rule& rule : DefaultRules()) {
    EXPECT_THAT(RuleProblems(rule), IsEmpty()) << rule.rule_id;
    EXPECT_TRUE(ids.insert(rule.rule_id).second) << rule.rule_id;
    EXPECT_EQ(rule.version, 1) << rule.rule_id;
  }
}

TEST(DefaultRulesTest, FirstTimeBorrowersGetTheStricterDaysPastDueRule) {
  const RuleBook book(DefaultRules());
  const Rule* first_time = book.Select(kDaysPastDue, "SEGMENT_FIRST_TIME_BORROWER", "C3011");
  ASSERT_NE(first_time, nullptr);
  EXPECT_EQ(first_time->rule_id, "default-days_past_due-first-time");
  EXPECT_EQ(LevelFor(*first_time, 15).level, L::kYellow);
  const Rule* sme = book.Select(kDaysPastDue, "SEGMENT_SME", "C3011");
  ASSERT_NE(sme, nullptr);
  EXPECT_EQ(sme->rule_id, "default-days_past_due");
  EXPECT_EQ(LevelFor(*sme, 15).level, L::kBlue);
  EXPECT_EQ(LevelFor(*sme, 90).level, L::kRed);
  EXPECT_TRUE(sme->auto_activate_contingency);
  EXPECT_EQ(sme->contingency_scenario, ContingencyScenario::kBorrowerCannotRepay);
}

TEST(IndicatorsTest, CatalogueNamesAreUniqueAndFindable) {
  std::set<std::string> names;
  for (const IndicatorSpec& spec : Indicators()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    EXPECT_EQ(FindIndicator(spec.name), &spec);
  }
  EXPECT_EQ(names.size(), 15u);
  EXPECT_EQ(FindIndicator("nope"), nullptr);
  EXPECT_TRUE(FindIndicator(kGroupDistress)->derived);
  EXPECT_TRUE(FindIndicator(kGuarantorDistress)->derived);
  EXPECT_FALSE(FindIndicator(kDaysPastDue)->derived);
}

}  // namespace
}  // namespace ccrm::risk
