// Early-warning indicators and the rules that turn an indicator's value into a level: thresholds
// per level, scoped by segment and/or industry, versioned. The indicator catalogue is fixed in
// code (what each measures, which direction is worse); the thresholds are data (the `rules`
// table, seeded with DefaultRules()).
//
// Example:
//   RuleBook book(rules);
//   const Rule* rule = book.Select("days_past_due", "SEGMENT_SME", "E4810");
//   LevelHit hit = LevelFor(*rule, 35.0);  // {kYellow, 30}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/risk-warning/domain/alert.h"

namespace ccrm::risk {

enum class ContingencyScenario {
  kUnspecified = 0,
  kProjectHalted = 1,
  kBorrowerCannotRepay = 2,
  kFundsDiverted = 3,
  kGuarantorFails = 4,
};

// Indicator names (AlertRaised.indicator, Rule.indicator).
inline constexpr char kDaysPastDue[] = "days_past_due";
inline constexpr char kOverdueRate[] = "overdue_rate";
inline constexpr char kFundsOffPlan[] = "funds_off_plan";
inline constexpr char kProjectProgressDeviation[] = "project_progress_deviation";
inline constexpr char kDscrHeadroom[] = "dscr_headroom";
inline constexpr char kCurrentRatioHeadroom[] = "current_ratio_headroom";
inline constexpr char kRatingDowngrade[] = "rating_downgrade";
inline constexpr char kComplaints[] = "complaints";
inline constexpr char kSlaBreaches[] = "sla_breaches";
inline constexpr char kSatisfactionDrop[] = "satisfaction_drop";
inline constexpr char kMissedEngagements[] = "missed_engagements";
inline constexpr char kGroupDistress[] = "group_distress";
inline constexpr char kCollateralCoverage[] = "collateral_coverage";
inline constexpr char kStaleAppraisal[] = "stale_appraisal";
inline constexpr char kGuarantorDistress[] = "guarantor_distress";

struct IndicatorSpec {
  const char* name;
  bool higher_is_worse;
  // Unit of the value, e.g. "days", "percent", "notches", "count", "level".
  const char* unit;
  // One line for docs and alert titles.
  const char* description;
  // Derived from other customers' alerts (group, guarantor): never itself a source of
  // distress for others, so distress does not echo around a group.
  bool derived;
};

// Every indicator, in a fixed order.
const std::vector<IndicatorSpec>& Indicators();
// nullptr for an unknown name.
const IndicatorSpec* FindIndicator(const std::string& name);

struct LevelThresholds {
  std::optional<double> blue;
  std::optional<double> yellow;
  std::optional<double> orange;
  std::optional<double> red;
};

struct Rule {
  std::string rule_id;
  std::string indicator;
  // Empty = every segment.
  std::string segment;
  // Empty = every industry; else a prefix of the GB/T 4754 code.
  std::string industry_prefix;
  LevelThresholds thresholds;
  // From the indicator's spec.
  bool higher_is_worse = true;
  ContingencyScenario contingency_scenario = ContingencyScenario::kUnspecified;
  bool auto_activate_contingency = false;
  bool enabled = true;
  int64_t version = 1;
  std::string updated_by;
  absl::Time update_time;
  std::string change_reason;
};

struct LevelHit {
  AlertLevel level = AlertLevel::kNone;
  // The threshold of that level (0 for kNone).
  double threshold = 0;
};

// The highest level whose threshold `value` reaches (>= when higher is worse, <= otherwise).
LevelHit LevelFor(const Rule& rule, double value);

// INVALID_ARGUMENT-style problems of a rule as field → message pairs (empty when valid):
// unknown indicator, no threshold, thresholds not monotonic in the indicator's direction,
// segment not a known name, industry prefix not a GB/T 4754 prefix (letter + up to 4 digits),
// automatic activation without a scenario.
std::vector<std::pair<std::string, std::string>> RuleProblems(const Rule& rule);

// The enabled rules, and which one applies to a customer: the most specific scope wins —
// segment and industry, then industry, then segment, then the global rule; among industry
// rules the longest prefix. A disabled global rule switches the indicator off where no scoped
// rule applies.
class RuleBook final {
 public:
  explicit RuleBook(std::vector<Rule> rules);
  // nullptr when no enabled rule applies.
  const Rule* Select(const std::string& indicator, const std::string& segment,
                     const std::string& industry_code) const;
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  std::vector<Rule> rules_;
};

// The rule set shipped as data (migration 002 inserts exactly these; a test holds them equal):
// one global rule per indicator, plus a stricter days-past-due rule for first-time borrowers.
// rule ids are "default-{indicator}" (and "default-days_past_due-first-time").
std::vector<Rule> DefaultRules();

}  // namespace ccrm::risk
