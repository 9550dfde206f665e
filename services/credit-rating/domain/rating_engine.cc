#include "services/credit-rating/domain/rating_engine.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::rating {
namespace {

// A one-year horizon: the PD a grade stands for.
constexpr double kMertonHorizonYears = 1.0;
// Days past due at another institution beyond which an amount still overdue is a default.
constexpr int kDefaultDaysPastDue = 90;
constexpr char kNoBureauRecord[] = "no bureau record";

// `day` minus `months`, on the same day of the month or the month's last day when shorter.
absl::CivilDay MonthsBefore(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) - months;
  const absl::CivilDay last_of_month = absl::CivilDay(month + 1) - 1;
  return std::min(absl::CivilDay(month.year(), month.month(), day.day()), last_of_month);
}

// Ordering of candidate statements: later period end, then audited, then higher statement id
// (so the choice is deterministic).
bool Preferred(const StatementFigures& a, const StatementFigures& b) {
  return std::make_tuple(a.period_end_date, a.audited, a.statement_id) >
         std::make_tuple(b.period_end_date, b.audited, b.statement_id);
}

std::string MissingItem(const char* name) { return absl::StrCat(name, " is missing"); }

// Altman Z″ inputs from a statement's book figures, or why there are none.
std::optional<AltmanInputs> AltmanInputsOf(const StatementFigures& s, std::string* reason) {
  const std::pair<const char*, const std::optional<Money>*> required[] = {
      {"current_assets", &s.current_assets},       {"current_liabilities", &s.current_liabilities},
      {"retained_earnings", &s.retained_earnings}, {"ebit", &s.ebit},
      {"total_equity", &s.total_equity},           {"total_assets", &s.total_assets},
      {"total_liabilities", &s.total_liabilities}};
  for (const auto& [name, amount] : required) {
    if (!amount->has_value()) {
      *reason = MissingItem(name);
      return std::nullopt;
    }
  }
  AltmanInputs in;
  in.working_capital = ToDouble(*s.current_assets) - ToDouble(*s.current_liabilities);
  in.retained_earnings = ToDouble(*s.retained_earnings);
  in.ebit = ToDouble(*s.ebit);
  in.equity = ToDouble(*s.total_equity);
  // Z″ has no sales term; revenue is carried only when reported.
  in.revenue = s.revenue.has_value() ? ToDouble(*s.revenue) : 0;
  in.total_assets = ToDouble(*s.total_assets);
  in.total_liabilities = ToDouble(*s.total_liabilities);
  if (in.total_assets <= 0) {
    *reason = "total_assets is not positive";
    return std::nullopt;
  }
  if (in.total_liabilities <= 0) {
    *reason = "total_liabilities is not positive";
    return std::nullopt;
  }
  return in;
}

// The KMV default point of a statement, or why there is none. A missing debt item counts as
// zero when the other is reported; both missing means the debt is unknown.
std::optional<double> DefaultPointOf(const StatementFigures& s, std::string* reason) {
  if (!s.short_term_debt.has_value() && !s.long_term_debt.has_value()) {
    *reason = "short_term_debt and long_term_debt are missing";
    return std::nullopt;
  }
  const double short_term = s.short_term_debt.has_value() ? ToDouble(*s.short_term_debt) : 0;
  const double long_term = s.long_term_debt.has_value() ? ToDouble(*s.long_term_debt) : 0;
  const double point = KmvDefaultPoint(short_term, long_term);
  if (!(point > 0)) {
    *reason = "the default point (short-term debt + half long-term debt) is not positive";
    return std::nullopt;
  }
  return point;
}

void AddAssessment(ScorecardInputs& in, const char* name, Assessment assessment) {
  const std::string category = AssessmentName(assessment);
  if (category.empty()) {
    in.undefined_reasons[name] = "not assessed";
  } else {
    in.categories[name] = category;
  }
}

void AddBureauInputs(ScorecardInputs& in, const std::optional<BureauReport>& bureau,
                     const StatementFigures& latest) {
  namespace n = input_names;
  if (!bureau.has_value()) {
    for (const char* name :
         {n::kBureauMaxDaysOverdue, n::kBureauOpenLawsuits, n::kBureauGuaranteesToEquity}) {
      in.undefined_reasons[name] = kNoBureauRecord;
    }
    return;
  }
  in.numeric[n::kBureauMaxDaysOverdue] = bureau->max_days_overdue_24m;
  in.numeric[n::kBureauOpenLawsuits] = bureau->open_lawsuits;
  const bool no_guarantees = TotalNanos(bureau->guarantees_given) == 0;
  if (!latest.total_equity.has_value()) {
    in.undefined_reasons[n::kBureauGuaranteesToEquity] = MissingItem("total_equity");
  } else if (ToDouble(*latest.total_equity) <= 0) {
    in.undefined_reasons[n::kBureauGuaranteesToEquity] = "total_equity is not positive";
  } else if (!no_guarantees && bureau->guarantees_given.currency_code != latest.currency_code) {
    in.undefined_reasons[n::kBureauGuaranteesToEquity] =
        absl::StrCat("guarantees_given is in ", bureau->guarantees_given.currency_code,
                     ", the statement in ", latest.currency_code);
  } else {
    in.numeric[n::kBureauGuaranteesToEquity] =
        ToDouble(bureau->guarantees_given) / ToDouble(*latest.total_equity);
  }
}

absl::Status ValidateRequest(const RatingRequestInputs& inputs) {
  return ValidateRatingInputs(inputs.qualitative, inputs.market,
                              inputs.allow_unassessed_qualitative);
}

}  // namespace

absl::Status ValidateRatingInputs(const QualitativeInputs& qualitative,
                                  const std::optional<MarketInputs>& market,
                                  bool allow_unassessed) {
  FieldViolations v;
  const std::pair<const char*, Assessment> assessments[] = {
      {"qualitative.management_quality", qualitative.management_quality},
      {"qualitative.market_position", qualitative.market_position},
      {"qualitative.industry_outlook", qualitative.industry_outlook},
      {"qualitative.guarantee_strength", qualitative.guarantee_strength}};
  for (const auto& [field, assessment] : assessments) {
    if (assessment == Assessment::kUnspecified) {
      if (!allow_unassessed) {
        v.Add(field, "is required");
      }
    } else if (AssessmentName(assessment).empty()) {
      v.Add(field, "must be STRONG, GOOD, ADEQUATE, WEAK or POOR");
    }
  }
  if (market.has_value()) {
    const MarketInputs& m = *market;
    if (!std::isfinite(m.equity_value) || m.equity_value <= 0) {
      v.Add("market.equity_value", "must be positive");
    }
    if (!std::isfinite(m.equity_volatility) || m.equity_volatility <= 0 ||
        m.equity_volatility > 5) {
      v.Add("market.equity_volatility", "must be above 0 and at most 5");
    }
    if (!std::isfinite(m.risk_free_rate) || m.risk_free_rate < -0.05 || m.risk_free_rate > 0.5) {
      v.Add("market.risk_free_rate", "must be between -0.05 and 0.5");
    }
  }
  return v.ToStatus();
}

namespace {

// Merton/KMV of the latest statement and the market data; nullopt with the reason when it
// cannot be computed or does not converge.
std::optional<MertonResult> SolveMertonFor(const std::optional<MarketInputs>& market,
                                           const StatementFigures& latest, std::string* reason) {
  if (!market.has_value()) {
    *reason = "no market data (not listed)";
    return std::nullopt;
  }
  std::optional<double> default_point = DefaultPointOf(latest, reason);
  if (!default_point.has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<MertonResult> solved =
      SolveMerton(MertonInputs{market->equity_value, market->equity_volatility, *default_point,
                               market->risk_free_rate, kMertonHorizonYears});
  if (!solved.ok()) {
    *reason = std::string(solved.status().message());
    return std::nullopt;
  }
  return *solved;
}

// The default evidence in the inputs, as the reason the rating is D; "" when there is none.
std::string DefaultEvidence(const std::optional<BureauReport>& bureau) {
  if (bureau.has_value() && TotalNanos(bureau->current_overdue_amount) > 0 &&
      bureau->max_days_overdue_24m > kDefaultDaysPastDue) {
    return absl::StrCat("overdue more than ", kDefaultDaysPastDue,
                        " days at another institution (bureau report ", bureau->report_id, ")");
  }
  return "";
}

StatementPeriod PeriodOf(const StatementFigures& s) {
  StatementPeriod p;
  p.statement_id = s.statement_id;
  p.fiscal_year = s.fiscal_year;
  p.fiscal_quarter = s.fiscal_quarter;
  p.period_end_date = s.period_end_date;
  p.audited = s.audited;
  return p;
}

}  // namespace

absl::StatusOr<UsableStatements> SelectUsableStatements(
    const std::vector<StatementFigures>& statements, absl::Time now, int max_age_months) {
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  const absl::CivilDay oldest_period_end = MonthsBefore(today, max_age_months);
  const StatementFigures* latest = nullptr;
  for (const StatementFigures& s : statements) {
    if (s.period_type == PeriodType::kAnnual && s.period_end_date >= oldest_period_end &&
        (latest == nullptr || Preferred(s, *latest))) {
      latest = &s;
    }
  }
  if (latest == nullptr) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrFormat(
            "no annual financial statement with a period ending on or after %s (at most %d "
            "months before %s)",
            absl::FormatCivilTime(oldest_period_end), max_age_months,
            absl::FormatCivilTime(today))),
        "NO_USABLE_STATEMENTS");
  }
  UsableStatements usable;
  usable.latest = *latest;
  const StatementFigures* prior = nullptr;
  for (const StatementFigures& s : statements) {
    if (s.period_type == PeriodType::kAnnual && s.fiscal_year == latest->fiscal_year - 1 &&
        s.currency_code == latest->currency_code && (prior == nullptr || Preferred(s, *prior))) {
      prior = &s;
    }
  }
  if (prior != nullptr) {
    usable.prior_year = *prior;
  }
  return usable;
}

ScorecardInputs BuildScorecardInputs(const std::vector<RatioValue>& ratios,
                                     const QualitativeInputs& qualitative,
                                     const std::optional<AltmanResult>& altman,
                                     const std::optional<MertonResult>& merton,
                                     const std::optional<BureauReport>& bureau,
                                     const StatementFigures& latest) {
  namespace n = input_names;
  ScorecardInputs in;
  for (const RatioValue& r : ratios) {
    if (r.value.has_value()) {
      in.numeric[r.ratio] = *r.value;
    } else {
      in.undefined_reasons[r.ratio] = r.undefined_reason;
    }
  }
  AddAssessment(in, n::kManagementQuality, qualitative.management_quality);
  AddAssessment(in, n::kMarketPosition, qualitative.market_position);
  AddAssessment(in, n::kIndustryOutlook, qualitative.industry_outlook);
  AddAssessment(in, n::kGuaranteeStrength, qualitative.guarantee_strength);
  if (altman.has_value()) {
    in.numeric[n::kAltmanZDoublePrime] = altman->score;
  } else {
    std::string reason = "not computed";
    AltmanInputsOf(latest, &reason);
    in.undefined_reasons[n::kAltmanZDoublePrime] = reason;
  }
  if (merton.has_value()) {
    in.numeric[n::kMertonDefaultProbability] = merton->default_probability;
  } else {
    in.undefined_reasons[n::kMertonDefaultProbability] = "no market data (not listed)";
  }
  AddBureauInputs(in, bureau, latest);
  return in;
}

absl::StatusOr<RatingComputation> ComputeRating(const ScorecardModel& model,
                                                const RatingRequestInputs& inputs) {
  RETURN_IF_ERROR(ValidateRequest(inputs));
  RETURN_IF_ERROR(ValidateScorecardModel(model, "model"));
  ASSIGN_OR_RETURN(UsableStatements usable, SelectUsableStatements(inputs.statements, inputs.now,
                                                                   model.max_statement_age_months));
  const StatementFigures& latest = usable.latest;
  const StatementFigures* prior = usable.prior_year ? &*usable.prior_year : nullptr;

  RatingComputation c;
  c.model_id = model.model_id;
  c.model_version = model.version;
  c.ratios = ComputeRatios(latest, prior);
  c.statement_periods.push_back(PeriodOf(latest));
  if (prior != nullptr) {
    c.statement_periods.push_back(PeriodOf(*prior));
  }

  std::string altman_reason;
  if (std::optional<AltmanInputs> a = AltmanInputsOf(latest, &altman_reason)) {
    absl::StatusOr<AltmanResult> z = AltmanZ(AltmanVariant::kZDoublePrime, *a);
    if (z.ok()) {
      c.altman = *z;
    }
  }
  std::string merton_reason;
  c.merton = SolveMertonFor(inputs.market, latest, &merton_reason);

  ScorecardInputs scorecard_inputs =
      BuildScorecardInputs(c.ratios, inputs.qualitative, c.altman, c.merton, inputs.bureau, latest);
  if (!c.merton.has_value()) {
    scorecard_inputs.undefined_reasons[input_names::kMertonDefaultProbability] = merton_reason;
  }
  ASSIGN_OR_RETURN(ScoreResult score,
                   EvaluateScorecard(model, scorecard_inputs, inputs.customer.industry_code));
  c.score = score.score;
  c.model_grade = score.model_grade;
  c.probability_of_default = score.probability_of_default;
  c.contributions = std::move(score.contributions);
  c.industry_adjustment_points = score.industry_adjustment_points;
  c.macro_adjustment_points = score.macro_adjustment_points;

  c.default_reason = DefaultEvidence(inputs.bureau);
  if (!c.default_reason.empty()) {
    c.model_grade = CreditGrade::kD;
    c.probability_of_default = 1.0;
  }
  return c;
}

}  // namespace ccrm::rating
