#include "services/risk-warning/domain/rule.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace ccrm::risk {
namespace {

constexpr char kEveryone[] = "default";

bool IsKnownSegment(const std::string& segment) {
  return segment == "SEGMENT_KEY" || segment == "SEGMENT_SME" ||
         segment == "SEGMENT_FIRST_TIME_BORROWER";
}

// A GB/T 4754 prefix: a section letter A-T, then up to four digits.
bool IsIndustryPrefix(const std::string& prefix) {
  if (prefix.empty() || prefix.size() > 5 || prefix[0] < 'A' || prefix[0] > 'T') {
    return false;
  }
  return std::all_of(prefix.begin() + 1, prefix.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// Thresholds in level order, unset ones skipped.
std::vector<std::pair<AlertLevel, double>> Ordered(const LevelThresholds& t) {
  std::vector<std::pair<AlertLevel, double>> out;
  if (t.blue) out.emplace_back(AlertLevel::kBlue, *t.blue);
  if (t.yellow) out.emplace_back(AlertLevel::kYellow, *t.yellow);
  if (t.orange) out.emplace_back(AlertLevel::kOrange, *t.orange);
  if (t.red) out.emplace_back(AlertLevel::kRed, *t.red);
  return out;
}

// Specificity of a rule's scope for a customer; -1 when it does not apply.
int Specificity(const Rule& rule, const std::string& segment, const std::string& industry_code) {
  if (!rule.segment.empty() && rule.segment != segment) {
    return -1;
  }
  if (!rule.industry_prefix.empty() && !absl::StartsWith(industry_code, rule.industry_prefix)) {
    return -1;
  }
  int score = 0;
  if (!rule.industry_prefix.empty()) {
    score += 10 + static_cast<int>(rule.industry_prefix.size());
  }
  if (!rule.segment.empty()) {
    score += 5;
  }
  if (!rule.industry_prefix.empty() && !rule.segment.empty()) {
    score += 100;
  }
  return score;
}

Rule DefaultRule(const char* indicator, LevelThresholds thresholds,
                 ContingencyScenario scenario = ContingencyScenario::kUnspecified,
                 bool auto_activate = false) {
  Rule rule;
  rule.rule_id = absl::StrCat(kEveryone, "-", indicator);
  rule.indicator = indicator;
  rule.thresholds = thresholds;
  rule.higher_is_worse = FindIndicator(indicator)->higher_is_worse;
  rule.contingency_scenario = scenario;
  rule.auto_activate_contingency = auto_activate;
  rule.version = 1;
  rule.updated_by = "migration";
  rule.update_time = absl::FromCivil(absl::CivilSecond(2026, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  rule.change_reason = "default rule set";
  return rule;
}

}  // namespace

const std::vector<IndicatorSpec>& Indicators() {
  static const auto* const kIndicators = new std::vector<IndicatorSpec>{
      {kDaysPastDue, true, "days", "days past due on the most overdue facility", false},
      {kOverdueRate, true, "percent", "overdue amount as a share of the outstanding", false},
      {kFundsOffPlan, true, "percent", "funds used outside the approved use-of-funds plan", false},
      {kProjectProgressDeviation, true, "percent", "project progress behind plan", false},
      {kDscrHeadroom, false, "percent", "DSCR headroom over its covenant", false},
      {kCurrentRatioHeadroom, false, "percent", "current-ratio headroom over its covenant", false},
      {kRatingDowngrade, true, "notches", "notches below the best grade of the last year", false},
      {kComplaints, true, "count", "complaints in the last 90 days", false},
      {kSlaBreaches, true, "count", "service-level breaches in the last 90 days", false},
      {kSatisfactionDrop, true, "count", "satisfaction drops in the last 180 days", false},
      {kMissedEngagements, true, "count", "missed engagements in the last 90 days", false},
      {kGroupDistress, true, "level", "distress elsewhere in the customer's group", true},
      {kCollateralCoverage, false, "percent", "collateral value over outstanding", false},
      {kStaleAppraisal, true, "days", "age of the oldest collateral appraisal", false},
      {kGuarantorDistress, true, "level", "distress of a guarantor", true},
  };
  return *kIndicators;
}

const IndicatorSpec* FindIndicator(const std::string& name) {
  for (const IndicatorSpec& spec : Indicators()) {
    if (name == spec.name) {
      return &spec;
    }
  }
  return nullptr;
}

LevelHit LevelFor(const Rule& rule, double value) {
  LevelHit hit;
  for (const auto& [level, threshold] : Ordered(rule.thresholds)) {
    const bool reached = rule.higher_is_worse ? value >= threshold : value <= threshold;
    if (reached) {
      hit = LevelHit{level, threshold};
    }
  }
  return hit;
}

std::vector<std::pair<std::string, std::string>> RuleProblems(const Rule& rule) {
  std::vector<std::pair<std::string, std::string>> problems;
  const IndicatorSpec* spec = FindIndicator(rule.indicator);
  if (spec == nullptr) {
    problems.emplace_back("rule.indicator", "is not a known indicator");
  }
  if (!rule.segment.empty() && !IsKnownSegment(rule.segment)) {
    problems.emplace_back("rule.segment",
                          "must be SEGMENT_KEY, SEGMENT_SME or SEGMENT_FIRST_TIME_BORROWER");
  }
  if (!rule.industry_prefix.empty() && !IsIndustryPrefix(rule.industry_prefix)) {
    problems.emplace_back("rule.industry_prefix",
                          "must be a GB/T 4754 prefix: a section letter A-T and up to 4 digits");
  }
  const auto ordered = Ordered(rule.thresholds);
  if (ordered.empty()) {
    problems.emplace_back("rule.thresholds", "must set at least one level");
  }
  const bool higher_is_worse = spec == nullptr || spec->higher_is_worse;
  for (size_t i = 1; i < ordered.size(); ++i) {
    const double previous = ordered[i - 1].second;
    const double current = ordered[i].second;
    if (higher_is_worse ? current <= previous : current >= previous) {
      problems.emplace_back("rule.thresholds",
                            higher_is_worse
                                ? "must rise from blue to red (a higher value is worse)"
                                : "must fall from blue to red (a lower value is worse)");
      break;
    }
  }
  for (const auto& [level, threshold] : ordered) {
    if (!(threshold > -1e9 && threshold < 1e9)) {
      problems.emplace_back("rule.thresholds", "must be finite numbers within ±1e9");
      break;
    }
  }
  if (rule.auto_activate_contingency &&
      rule.contingency_scenario == ContingencyScenario::kUnspecified) {
    problems.emplace_back("rule.contingency_scenario",
                          "is required when auto_activate_contingency is set");
  }
  return problems;
}

RuleBook::RuleBook(std::vector<Rule> rules) : rules_(std::move(rules)) {}

const Rule* RuleBook::Select(const std::string& indicator, const std::string& segment,
                             const std::string& industry_code) const {
  const Rule* best = nullptr;
  int best_score = -1;
  for (const Rule& rule : rules_) {
    if (rule.indicator != indicator) {
      continue;
    }
    const int score = Specificity(rule, segment, industry_code);
    if (!rule.enabled && score > 0) {
      continue;  // a disabled scoped rule falls back to a wider one
    }
    if (score > best_score ||
        (score == best_score && best != nullptr && rule.rule_id < best->rule_id)) {
      best = &rule;
      best_score = score;
    }
  }
  return best != nullptr && best->enabled ? best : nullptr;
}

std::vector<Rule> DefaultRules() {
  using S = ContingencyScenario;
  std::vector<Rule> rules = {
      DefaultRule(kDaysPastDue, {1, 30, 60, 90}, S::kBorrowerCannotRepay, true),
      DefaultRule(kOverdueRate, {0.01, 5, 10, 20}, S::kBorrowerCannotRepay),
      DefaultRule(kFundsOffPlan, {0.01, 5, 10, 20}, S::kFundsDiverted, true),
      DefaultRule(kProjectProgressDeviation, {10, 20, 30, 50}, S::kProjectHalted, true),
      DefaultRule(kDscrHeadroom, {10, -0.01, -10, -25}, S::kBorrowerCannotRepay),
      DefaultRule(kCurrentRatioHeadroom, {10, -0.01, -15, -30}),
      DefaultRule(kRatingDowngrade, {1, 2, 3, 5}, S::kBorrowerCannotRepay),
      DefaultRule(kComplaints, {1, 2, 4, std::nullopt}),
      DefaultRule(kSlaBreaches, {1, 3, std::nullopt, std::nullopt}),
      DefaultRule(kSatisfactionDrop, {1, 2, std::nullopt, std::nullopt}),
      DefaultRule(kMissedEngagements, {1, 2, 3, std::nullopt}),
      DefaultRule(kGroupDistress, {std::nullopt, 3, 4, std::nullopt}),
      DefaultRule(kCollateralCoverage, {130, 110, 100, 80}),
      DefaultRule(kStaleAppraisal, {365, 545, std::nullopt, std::nullopt}),
      DefaultRule(kGuarantorDistress, {std::nullopt, 3, 4, std::nullopt}, S::kGuarantorFails),
  };
  Rule first_time = DefaultRule(kDaysPastDue, {1, 15, 30, 60}, S::kBorrowerCannotRepay, true);
  first_time.rule_id = "default-days_past_due-first-time";
  first_time.segment = "SEGMENT_FIRST_TIME_BORROWER";
  first_time.change_reason = "default rule set: first-time borrowers are watched more closely";
  rules.push_back(first_time);
  return rules;
}

}  // namespace ccrm::risk
