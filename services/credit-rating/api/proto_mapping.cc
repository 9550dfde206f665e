#include "services/credit-rating/api/proto_mapping.h"

#include <cmath>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/ids/etag.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "common/wire/money_time_mapping.h"

namespace ccrm::rating {

// The shared wire mappings (common/wire) overload the same names.
using ::ccrm::FromProto;
using ::ccrm::ToProto;

namespace {

// Request bounds of the market data, the same as SolveMerton's (merton.h), so that a request that
// passes here never fails there for its inputs.
constexpr double kMaxEquityVolatility = 5;
constexpr double kMinRiskFreeRate = -0.05;
constexpr double kMaxRiskFreeRate = 0.5;
constexpr double kMaxHorizonYears = 30;

constexpr char kVolatilityRange[] = "must be above 0 and at most 5 (500% a year)";
constexpr char kRateRange[] = "must be between -0.05 and 0.5";

// "prefix.field", or "field" when there is no prefix (top-level request fields).
std::string Path(const std::string& prefix, absl::string_view field) {
  if (prefix.empty()) {
    return std::string(field);
  }
  return absl::StrCat(prefix, ".", field);
}

// "prefix.field[index]".
std::string Indexed(const std::string& prefix, absl::string_view field, int index) {
  return absl::StrCat(Path(prefix, field), "[", index, "]");
}

std::string ModelName(const std::string& model_id) {
  return absl::StrCat("scorecardModels/", model_id);
}

std::string RatingName(const std::string& customer_id, const std::string& rating_id) {
  return absl::StrCat("customers/", customer_id, "/ratings/", rating_id);
}

std::string StatementName(const std::string& customer_id, const std::string& statement_id) {
  return absl::StrCat("customers/", customer_id, "/financialStatements/", statement_id);
}

std::string ReratingJobName(const std::string& job_id) {
  return absl::StrCat("reratingJobs/", job_id);
}

void CheckFinite(double value, const std::string& field, FieldViolations& violations) {
  if (!std::isfinite(value)) {
    violations.Add(field, "must be a finite number");
  }
}

void AddUnknownEnum(int value, const std::string& field, FieldViolations& violations) {
  violations.Add(field, absl::StrCat("unknown enum value ", value));
}

absl::Status UnknownEnum(int value, const std::string& field) {
  return InvalidField(field, absl::StrCat("unknown enum value ", value));
}

// Reads the Money fields of one request, which must all be in one currency: the first
// well-formed amount sets it, and a later one in another currency is a violation on its
// currency_code.
class OneCurrencyAmounts final {
 public:
  explicit OneCurrencyAmounts(FieldViolations* violations) : violations_(violations) {}

  // The amount, or nullopt with violations added when it is malformed or in another currency.
  std::optional<Money> Read(const common::v1::Money& money, const std::string& field) {
    std::optional<Money> amount = MoneyFromProto(money, field, *violations_);
    if (!amount.has_value()) {
      return std::nullopt;
    }
    if (first_field_.empty()) {
      first_field_ = field;
      currency_ = amount->currency_code;
    } else if (amount->currency_code != currency_) {
      violations_->Add(
          Path(field, "currency_code"),
          absl::StrCat("must be the currency of ", first_field_, " (", currency_, ")"));
      return std::nullopt;
    }
    return amount;
  }

 private:
  FieldViolations* violations_;
  std::string first_field_;
  std::string currency_;
};

// ---- Enums: the private halves ----

std::optional<CreditGrade> KnownGrade(v1::CreditGrade grade) {
  switch (grade) {
    case v1::CREDIT_GRADE_UNSPECIFIED:
      return CreditGrade::kUnspecified;
    case v1::CREDIT_GRADE_AAA:
      return CreditGrade::kAAA;
    case v1::CREDIT_GRADE_AA:
      return CreditGrade::kAA;
    case v1::CREDIT_GRADE_A:
      return CreditGrade::kA;
    case v1::CREDIT_GRADE_BBB:
      return CreditGrade::kBBB;
    case v1::CREDIT_GRADE_BB:
      return CreditGrade::kBB;
    case v1::CREDIT_GRADE_B:
      return CreditGrade::kB;
    case v1::CREDIT_GRADE_CCC:
      return CreditGrade::kCCC;
    case v1::CREDIT_GRADE_CC:
      return CreditGrade::kCC;
    case v1::CREDIT_GRADE_C:
      return CreditGrade::kC;
    case v1::CREDIT_GRADE_D:
      return CreditGrade::kD;
    default:
      return std::nullopt;
  }
}

std::optional<Assessment> KnownAssessment(v1::Assessment assessment) {
  switch (assessment) {
    case v1::ASSESSMENT_UNSPECIFIED:
      return Assessment::kUnspecified;
    case v1::ASSESSMENT_STRONG:
      return Assessment::kStrong;
    case v1::ASSESSMENT_GOOD:
      return Assessment::kGood;
    case v1::ASSESSMENT_ADEQUATE:
      return Assessment::kAdequate;
    case v1::ASSESSMENT_WEAK:
      return Assessment::kWeak;
    case v1::ASSESSMENT_POOR:
      return Assessment::kPoor;
    default:
      return std::nullopt;
  }
}

v1::Assessment AssessmentToProto(Assessment assessment) {
  switch (assessment) {
    case Assessment::kStrong:
      return v1::ASSESSMENT_STRONG;
    case Assessment::kGood:
      return v1::ASSESSMENT_GOOD;
    case Assessment::kAdequate:
      return v1::ASSESSMENT_ADEQUATE;
    case Assessment::kWeak:
      return v1::ASSESSMENT_WEAK;
    case Assessment::kPoor:
      return v1::ASSESSMENT_POOR;
    case Assessment::kUnspecified:
      break;
  }
  return v1::ASSESSMENT_UNSPECIFIED;
}

v1::AltmanVariant VariantToProto(AltmanVariant variant) {
  switch (variant) {
    case AltmanVariant::kZ:
      return v1::ALTMAN_VARIANT_Z;
    case AltmanVariant::kZPrime:
      return v1::ALTMAN_VARIANT_Z_PRIME;
    case AltmanVariant::kZDoublePrime:
      return v1::ALTMAN_VARIANT_Z_DOUBLE_PRIME;
    case AltmanVariant::kUnspecified:
      break;
  }
  return v1::ALTMAN_VARIANT_UNSPECIFIED;
}

v1::AltmanZone ZoneToProto(AltmanZone zone) {
  switch (zone) {
    case AltmanZone::kSafe:
      return v1::ALTMAN_ZONE_SAFE;
    case AltmanZone::kGrey:
      return v1::ALTMAN_ZONE_GREY;
    case AltmanZone::kDistress:
      return v1::ALTMAN_ZONE_DISTRESS;
    case AltmanZone::kUnspecified:
      break;
  }
  return v1::ALTMAN_ZONE_UNSPECIFIED;
}

// ---- Scorecard model parts ----

NumericBin NumericBinFromProto(const v1::NumericBin& bin, const std::string& path,
                               FieldViolations& violations) {
  NumericBin out;
  if (bin.has_lower_bound()) {
    CheckFinite(bin.lower_bound(), Path(path, "lower_bound"), violations);
    out.lower_bound = bin.lower_bound();
  }
  if (bin.has_upper_bound()) {
    CheckFinite(bin.upper_bound(), Path(path, "upper_bound"), violations);
    out.upper_bound = bin.upper_bound();
  }
  CheckFinite(bin.woe(), Path(path, "woe"), violations);
  out.woe = bin.woe();
  return out;
}

ScorecardFactor FactorFromProto(const v1::ScorecardFactor& factor, const std::string& path,
                                FieldViolations& violations) {
  ScorecardFactor out;
  out.input = factor.input();
  CheckFinite(factor.coefficient(), Path(path, "coefficient"), violations);
  out.coefficient = factor.coefficient();
  for (int i = 0; i < factor.numeric_bins_size(); ++i) {
    out.numeric_bins.push_back(
        NumericBinFromProto(factor.numeric_bins(i), Indexed(path, "numeric_bins", i), violations));
  }
  for (int i = 0; i < factor.category_bins_size(); ++i) {
    const v1::CategoryBin& bin = factor.category_bins(i);
    CheckFinite(bin.woe(), Path(Indexed(path, "category_bins", i), "woe"), violations);
    out.category_bins.push_back(CategoryBin{bin.category(), bin.woe()});
  }
  CheckFinite(factor.missing_woe(), Path(path, "missing_woe"), violations);
  out.missing_woe = factor.missing_woe();
  return out;
}

void FactorToProto(const ScorecardFactor& factor, v1::ScorecardFactor* out) {
  out->set_input(factor.input);
  out->set_coefficient(factor.coefficient);
  for (const NumericBin& bin : factor.numeric_bins) {
    v1::NumericBin* b = out->add_numeric_bins();
    if (bin.lower_bound.has_value()) {
      b->set_lower_bound(*bin.lower_bound);
    }
    if (bin.upper_bound.has_value()) {
      b->set_upper_bound(*bin.upper_bound);
    }
    b->set_woe(bin.woe);
  }
  for (const CategoryBin& bin : factor.category_bins) {
    v1::CategoryBin* b = out->add_category_bins();
    b->set_category(bin.category);
    b->set_woe(bin.woe);
  }
  out->set_missing_woe(factor.missing_woe);
}

// ---- Rating parts ----

void QualitativeToProto(const QualitativeInputs& qualitative, v1::QualitativeInputs* out) {
  out->set_management_quality(AssessmentToProto(qualitative.management_quality));
  out->set_market_position(AssessmentToProto(qualitative.market_position));
  out->set_industry_outlook(AssessmentToProto(qualitative.industry_outlook));
  out->set_guarantee_strength(AssessmentToProto(qualitative.guarantee_strength));
}

void ContributionToProto(const FactorContribution& contribution, v1::FactorContribution* out) {
  out->set_input(contribution.input);
  out->set_input_value(contribution.input_value);
  out->set_woe(contribution.woe);
  out->set_points(contribution.points);
}

void PeriodToProto(const std::string& customer_id, const StatementPeriod& period,
                   v1::StatementPeriod* out) {
  out->set_statement(StatementName(customer_id, period.statement_id));
  out->set_fiscal_year(period.fiscal_year);
  out->set_fiscal_quarter(period.fiscal_quarter);
  ToProto(period.period_end_date, out->mutable_period_end_date());
  out->set_audited(period.audited);
}

using AltmanRequest = v1::CalculateAltmanZRequest;

// One Money field of CalculateAltmanZRequest and where it goes in AltmanInputs.
struct AltmanAmount {
  const char* name;
  bool (AltmanRequest::*has)() const;
  const common::v1::Money& (AltmanRequest::*get)() const;
  double AltmanInputs::*value;
  // Positive as well as required (the ratios' denominators).
  bool denominator;
};

const AltmanAmount kAltmanAmounts[] = {
    {"working_capital", &AltmanRequest::has_working_capital, &AltmanRequest::working_capital,
     &AltmanInputs::working_capital, false},
    {"retained_earnings", &AltmanRequest::has_retained_earnings, &AltmanRequest::retained_earnings,
     &AltmanInputs::retained_earnings, false},
    {"ebit", &AltmanRequest::has_ebit, &AltmanRequest::ebit, &AltmanInputs::ebit, false},
    {"equity", &AltmanRequest::has_equity, &AltmanRequest::equity, &AltmanInputs::equity, false},
    {"revenue", &AltmanRequest::has_revenue, &AltmanRequest::revenue, &AltmanInputs::revenue,
     false},
    {"total_assets", &AltmanRequest::has_total_assets, &AltmanRequest::total_assets,
     &AltmanInputs::total_assets, true},
    {"total_liabilities", &AltmanRequest::has_total_liabilities, &AltmanRequest::total_liabilities,
     &AltmanInputs::total_liabilities, true},
};

}  // namespace

// ---- Enums ----

absl::StatusOr<CreditGrade> FromProto(v1::CreditGrade grade, const std::string& field) {
  std::optional<CreditGrade> known = KnownGrade(grade);
  if (!known.has_value()) {
    return UnknownEnum(grade, field);
  }
  return *known;
}

v1::CreditGrade ToProto(CreditGrade grade) {
  switch (grade) {
    case CreditGrade::kAAA:
      return v1::CREDIT_GRADE_AAA;
    case CreditGrade::kAA:
      return v1::CREDIT_GRADE_AA;
    case CreditGrade::kA:
      return v1::CREDIT_GRADE_A;
    case CreditGrade::kBBB:
      return v1::CREDIT_GRADE_BBB;
    case CreditGrade::kBB:
      return v1::CREDIT_GRADE_BB;
    case CreditGrade::kB:
      return v1::CREDIT_GRADE_B;
    case CreditGrade::kCCC:
      return v1::CREDIT_GRADE_CCC;
    case CreditGrade::kCC:
      return v1::CREDIT_GRADE_CC;
    case CreditGrade::kC:
      return v1::CREDIT_GRADE_C;
    case CreditGrade::kD:
      return v1::CREDIT_GRADE_D;
    case CreditGrade::kUnspecified:
      break;
  }
  return v1::CREDIT_GRADE_UNSPECIFIED;
}

absl::StatusOr<Segment> FromProto(v1::Segment segment, const std::string& field) {
  switch (segment) {
    case v1::SEGMENT_UNSPECIFIED:
      return Segment::kUnspecified;
    case v1::SEGMENT_KEY:
      return Segment::kKey;
    case v1::SEGMENT_SME:
      return Segment::kSme;
    case v1::SEGMENT_FIRST_TIME_BORROWER:
      return Segment::kFirstTimeBorrower;
    default:
      return UnknownEnum(segment, field);
  }
}

v1::Segment ToProto(Segment segment) {
  switch (segment) {
    case Segment::kKey:
      return v1::SEGMENT_KEY;
    case Segment::kSme:
      return v1::SEGMENT_SME;
    case Segment::kFirstTimeBorrower:
      return v1::SEGMENT_FIRST_TIME_BORROWER;
    case Segment::kUnspecified:
      break;
  }
  return v1::SEGMENT_UNSPECIFIED;
}

absl::StatusOr<RatingState> FromProto(v1::RatingState state, const std::string& field) {
  switch (state) {
    case v1::RATING_STATE_UNSPECIFIED:
      return RatingState::kUnspecified;
    case v1::RATING_STATE_DRAFT:
      return RatingState::kDraft;
    case v1::RATING_STATE_APPROVED:
      return RatingState::kApproved;
    case v1::RATING_STATE_REJECTED:
      return RatingState::kRejected;
    case v1::RATING_STATE_SUPERSEDED:
      return RatingState::kSuperseded;
    default:
      return UnknownEnum(state, field);
  }
}

v1::RatingState ToProto(RatingState state) {
  switch (state) {
    case RatingState::kDraft:
      return v1::RATING_STATE_DRAFT;
    case RatingState::kApproved:
      return v1::RATING_STATE_APPROVED;
    case RatingState::kRejected:
      return v1::RATING_STATE_REJECTED;
    case RatingState::kSuperseded:
      return v1::RATING_STATE_SUPERSEDED;
    case RatingState::kUnspecified:
      break;
  }
  return v1::RATING_STATE_UNSPECIFIED;
}

v1::ModelState ToProto(ModelState state) {
  switch (state) {
    case ModelState::kDraft:
      return v1::MODEL_STATE_DRAFT;
    case ModelState::kActive:
      return v1::MODEL_STATE_ACTIVE;
    case ModelState::kRetired:
      return v1::MODEL_STATE_RETIRED;
    case ModelState::kUnspecified:
      break;
  }
  return v1::MODEL_STATE_UNSPECIFIED;
}

v1::ReratingJobState ToProto(ReratingJobState state) {
  switch (state) {
    case ReratingJobState::kRunning:
      return v1::RERATING_JOB_STATE_RUNNING;
    case ReratingJobState::kSucceeded:
      return v1::RERATING_JOB_STATE_SUCCEEDED;
    case ReratingJobState::kCancelled:
      return v1::RERATING_JOB_STATE_CANCELLED;
    case ReratingJobState::kFailed:
      return v1::RERATING_JOB_STATE_FAILED;
    case ReratingJobState::kUnspecified:
      break;
  }
  return v1::RERATING_JOB_STATE_UNSPECIFIED;
}

absl::StatusOr<AltmanVariant> FromProto(v1::AltmanVariant variant, const std::string& field) {
  switch (variant) {
    case v1::ALTMAN_VARIANT_UNSPECIFIED:
      return AltmanVariant::kUnspecified;
    case v1::ALTMAN_VARIANT_Z:
      return AltmanVariant::kZ;
    case v1::ALTMAN_VARIANT_Z_PRIME:
      return AltmanVariant::kZPrime;
    case v1::ALTMAN_VARIANT_Z_DOUBLE_PRIME:
      return AltmanVariant::kZDoublePrime;
    default:
      return UnknownEnum(variant, field);
  }
}

// ---- Scorecard models ----

absl::StatusOr<ScorecardModel> FromProto(const v1::ScorecardModel& model,
                                         const std::string& field) {
  FieldViolations violations;
  ScorecardModel out;
  out.family = model.family();
  out.description = model.description();
  CheckFinite(model.intercept(), Path(field, "intercept"), violations);
  out.intercept = model.intercept();
  for (int i = 0; i < model.factors_size(); ++i) {
    out.factors.push_back(
        FactorFromProto(model.factors(i), Indexed(field, "factors", i), violations));
  }
  // An absent scaling reads as zeros, which ValidateScorecardModel rejects: no silent defaults.
  const std::string scaling = Path(field, "scaling");
  CheckFinite(model.scaling().base_score(), Path(scaling, "base_score"), violations);
  CheckFinite(model.scaling().base_odds(), Path(scaling, "base_odds"), violations);
  CheckFinite(model.scaling().pdo(), Path(scaling, "pdo"), violations);
  out.scaling.base_score = model.scaling().base_score();
  out.scaling.base_odds = model.scaling().base_odds();
  out.scaling.pdo = model.scaling().pdo();
  for (int i = 0; i < model.grade_bands_size(); ++i) {
    const v1::GradeBand& band = model.grade_bands(i);
    const std::string path = Indexed(field, "grade_bands", i);
    GradeBand domain_band;
    if (std::optional<CreditGrade> grade = KnownGrade(band.grade()); grade.has_value()) {
      domain_band.grade = *grade;
    } else {
      AddUnknownEnum(band.grade(), Path(path, "grade"), violations);
    }
    CheckFinite(band.min_score(), Path(path, "min_score"), violations);
    domain_band.min_score = band.min_score();
    out.grade_bands.push_back(domain_band);
  }
  for (int i = 0; i < model.industry_adjustments_size(); ++i) {
    const v1::IndustryAdjustment& adjustment = model.industry_adjustments(i);
    CheckFinite(adjustment.points(), Path(Indexed(field, "industry_adjustments", i), "points"),
                violations);
    out.industry_adjustments.push_back(
        IndustryAdjustment{adjustment.industry_code_prefix(), adjustment.points()});
  }
  CheckFinite(model.macro_adjustment_points(), Path(field, "macro_adjustment_points"), violations);
  out.macro_adjustment_points = model.macro_adjustment_points();
  if (model.validity_months() < 0) {
    violations.Add(Path(field, "validity_months"), "must not be negative");
  }
  out.validity_months = model.validity_months();
  if (model.max_statement_age_months() < 0) {
    violations.Add(Path(field, "max_statement_age_months"), "must not be negative");
  }
  out.max_statement_age_months = model.max_statement_age_months();
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

void ToProto(const ScorecardModel& model, v1::ScorecardModel* out) {
  out->Clear();
  out->set_name(ModelName(model.model_id));
  out->set_model_id(model.model_id);
  out->set_family(model.family);
  out->set_version(model.version);
  out->set_description(model.description);
  out->set_state(ToProto(model.state));
  out->set_intercept(model.intercept);
  for (const ScorecardFactor& factor : model.factors) {
    FactorToProto(factor, out->add_factors());
  }
  v1::ScoreScaling* scaling = out->mutable_scaling();
  scaling->set_base_score(model.scaling.base_score);
  scaling->set_base_odds(model.scaling.base_odds);
  scaling->set_pdo(model.scaling.pdo);
  for (const GradeBand& band : model.grade_bands) {
    v1::GradeBand* b = out->add_grade_bands();
    b->set_grade(ToProto(band.grade));
    b->set_min_score(band.min_score);
  }
  for (const IndustryAdjustment& adjustment : model.industry_adjustments) {
    v1::IndustryAdjustment* a = out->add_industry_adjustments();
    a->set_industry_code_prefix(adjustment.industry_code_prefix);
    a->set_points(adjustment.points);
  }
  out->set_macro_adjustment_points(model.macro_adjustment_points);
  out->set_validity_months(model.validity_months);
  out->set_max_statement_age_months(model.max_statement_age_months);
  out->set_created_by(model.created_by);
  ToProto(model.create_time, out->mutable_create_time());
  if (model.activate_time.has_value()) {
    ToProto(*model.activate_time, out->mutable_activate_time());
  }
  out->set_etag(FormatEtag(model.revision));
}

// ---- Rating inputs ----

absl::StatusOr<QualitativeInputs> FromProto(const v1::QualitativeInputs& qualitative,
                                            const std::string& field) {
  FieldViolations violations;
  QualitativeInputs out;
  const struct {
    const char* name;
    v1::Assessment value;
    Assessment* target;
  } assessments[] = {
      {"management_quality", qualitative.management_quality(), &out.management_quality},
      {"market_position", qualitative.market_position(), &out.market_position},
      {"industry_outlook", qualitative.industry_outlook(), &out.industry_outlook},
      {"guarantee_strength", qualitative.guarantee_strength(), &out.guarantee_strength},
  };
  for (const auto& assessment : assessments) {
    if (std::optional<Assessment> known = KnownAssessment(assessment.value); known.has_value()) {
      *assessment.target = *known;
    } else {
      AddUnknownEnum(assessment.value, Path(field, assessment.name), violations);
    }
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

absl::StatusOr<MarketInputs> FromProto(const v1::MarketInputs& market, const std::string& field) {
  FieldViolations violations;
  MarketInputs out;
  const std::string equity = Path(field, "equity_value");
  if (!market.has_equity_value()) {
    violations.Add(equity, "is required");
  } else if (std::optional<Money> amount =
                 MoneyFromProto(market.equity_value(), equity, violations);
             amount.has_value()) {
    if (TotalNanos(*amount) <= 0) {
      violations.Add(equity, "must be positive");
    }
    out.equity_value = ToDouble(*amount);
  }
  const double volatility = market.equity_volatility();
  if (!std::isfinite(volatility) || volatility <= 0 || volatility > kMaxEquityVolatility) {
    violations.Add(Path(field, "equity_volatility"), kVolatilityRange);
  }
  out.equity_volatility = volatility;
  const double rate = market.risk_free_rate();
  if (!std::isfinite(rate) || rate < kMinRiskFreeRate || rate > kMaxRiskFreeRate) {
    violations.Add(Path(field, "risk_free_rate"), kRateRange);
  }
  out.risk_free_rate = rate;
  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return out;
}

// ---- Domain → proto ----

void ToProto(const Rating& rating, v1::Rating* out) {
  out->Clear();
  const RatingComputation& computed = rating.computed;
  out->set_name(RatingName(rating.customer_id, rating.rating_id));
  out->set_rating_id(rating.rating_id);
  out->set_customer_id(rating.customer_id);
  out->set_state(ToProto(rating.state));
  if (!computed.model_id.empty()) {
    out->set_model(ModelName(computed.model_id));
  }
  out->set_model_version(computed.model_version);
  out->set_score(computed.score);
  out->set_model_grade(ToProto(computed.model_grade));
  out->set_final_grade(ToProto(rating.final_grade));
  out->set_probability_of_default(computed.probability_of_default);
  for (const FactorContribution& contribution : computed.contributions) {
    ContributionToProto(contribution, out->add_contributions());
  }
  out->set_industry_adjustment_points(computed.industry_adjustment_points);
  out->set_macro_adjustment_points(computed.macro_adjustment_points);
  QualitativeToProto(rating.qualitative, out->mutable_qualitative());
  for (const RatioValue& ratio : computed.ratios) {
    ToProto(ratio, out->add_ratios());
  }
  for (const StatementPeriod& period : computed.statement_periods) {
    PeriodToProto(rating.customer_id, period, out->add_statement_periods());
  }
  out->set_industry_code(rating.industry_code);
  out->set_segment(ToProto(rating.segment));
  if (rating.bureau_report.has_value()) {
    ToProto(*rating.bureau_report, out->mutable_bureau_report());
  }
  if (computed.merton.has_value()) {
    ToProto(*computed.merton, out->mutable_merton());
  }
  if (computed.altman.has_value()) {
    ToProto(*computed.altman, out->mutable_altman());
  }
  out->set_default_reason(computed.default_reason);
  out->set_maker(rating.maker);
  out->set_checker(rating.checker);
  out->set_override_reason(rating.override_reason);
  out->set_rejection_reason(rating.rejection_reason);
  ToProto(rating.create_time, out->mutable_create_time());
  if (rating.decision_time.has_value()) {
    ToProto(*rating.decision_time, out->mutable_decision_time());
  }
  if (rating.valid_until.has_value()) {
    ToProto(*rating.valid_until, out->mutable_valid_until());
  }
  out->set_review_required(rating.review_required);
  out->set_review_reason(rating.review_reason);
  out->set_rerating_job(rating.rerating_job);
  out->set_etag(FormatEtag(rating.revision));
}

void ToProto(const StatementRatios& ratios, v1::FinancialRatios* out) {
  out->Clear();
  const StatementFigures& statement = ratios.statement;
  out->set_customer_id(ratios.customer_id);
  out->set_statement(StatementName(ratios.customer_id, statement.statement_id));
  out->set_fiscal_year(statement.fiscal_year);
  out->set_fiscal_quarter(statement.fiscal_quarter);
  ToProto(statement.period_end_date, out->mutable_period_end_date());
  out->set_audited(statement.audited);
  out->set_currency_code(statement.currency_code);
  if (ratios.prior_year.has_value()) {
    out->set_prior_statement(StatementName(ratios.customer_id, ratios.prior_year->statement_id));
  }
  for (const RatioValue& ratio : ratios.ratios) {
    ToProto(ratio, out->add_ratios());
  }
}

void ToProto(const RatioValue& ratio, v1::RatioValue* out) {
  out->Clear();
  out->set_ratio(ratio.ratio);
  // Exactly one of the oneof: a value the domain failed to keep finite is reported as undefined
  // rather than put on the wire as inf or NaN.
  if (ratio.value.has_value() && std::isfinite(*ratio.value)) {
    out->set_value(*ratio.value);
  } else if (ratio.value.has_value()) {
    out->set_undefined_reason("not a finite number");
  } else {
    out->set_undefined_reason(ratio.undefined_reason.empty() ? "undefined"
                                                             : ratio.undefined_reason);
  }
}

void ToProto(const MertonResult& result, v1::MertonResult* out) {
  out->Clear();
  out->set_asset_value(result.asset_value);
  out->set_asset_volatility(result.asset_volatility);
  out->set_default_point(result.default_point);
  out->set_distance_to_default(result.distance_to_default);
  out->set_default_probability(result.default_probability);
  out->set_iterations(result.iterations);
}

void ToProto(const AltmanResult& result, v1::AltmanResult* out) {
  out->Clear();
  out->set_variant(VariantToProto(result.variant));
  out->set_score(result.score);
  out->set_zone(ZoneToProto(result.zone));
  for (double ratio : result.ratios) {
    out->add_ratios(ratio);
  }
}

void ToProto(const PricingTerms& terms, v1::PricingRecommendation* out) {
  out->Clear();
  out->set_grade(ToProto(terms.grade));
  out->set_segment(ToProto(terms.segment));
  out->set_tenor_months(terms.tenor_months);
  out->set_eligible(terms.eligible);
  out->set_reason(terms.reason);
  out->set_lpr_term(terms.lpr_term);
  out->set_lpr_bps(terms.lpr_bps);
  out->set_spread_bps(terms.spread_bps);
  out->set_all_in_rate_bps(terms.all_in_rate_bps);
  out->set_max_tenor_months(terms.max_tenor_months);
  out->set_collateral_requirement(terms.collateral_requirement);
  out->set_min_collateral_coverage_bps(terms.min_collateral_coverage_bps);
  out->set_min_dscr(terms.min_dscr);
  out->set_max_debt_to_asset(terms.max_debt_to_asset);
  out->set_approval_authority(terms.approval_authority);
}

void ToProto(const ReratingJob& job, v1::ReratingJob* out) {
  out->Clear();
  out->set_name(ReratingJobName(job.job_id));
  out->set_job_id(job.job_id);
  out->set_state(ToProto(job.state));
  out->set_segment(ToProto(job.segment));
  out->set_model_family(job.model_family);
  out->set_processed(job.counts.processed);
  out->set_rated(job.counts.rated);
  out->set_skipped(job.counts.skipped);
  out->set_failed(job.counts.failed);
  out->set_created_by(job.created_by);
  ToProto(job.create_time, out->mutable_create_time());
  ToProto(job.update_time, out->mutable_update_time());
  if (job.finish_time.has_value()) {
    ToProto(*job.finish_time, out->mutable_finish_time());
  }
  out->set_last_error(job.last_error);
}

void ToProto(const BureauReport& report, v1::BureauReport* out) {
  out->Clear();
  out->set_source(report.source);
  out->set_report_id(report.report_id);
  ToProto(report.report_date, out->mutable_report_date());
  out->set_max_days_overdue_24m(report.max_days_overdue_24m);
  ToProto(report.current_overdue_amount, out->mutable_current_overdue_amount());
  ToProto(report.guarantees_given, out->mutable_guarantees_given());
  out->set_open_lawsuits(report.open_lawsuits);
  ToProto(report.other_bank_loans, out->mutable_other_bank_loans());
}

// ---- Analytics requests ----

absl::StatusOr<MertonInputs> FromProto(const v1::CalculateMertonRequest& request) {
  FieldViolations violations;
  OneCurrencyAmounts amounts(&violations);
  MertonInputs in;

  if (!request.has_equity_value()) {
    violations.Add("equity_value", "is required");
  } else if (std::optional<Money> equity = amounts.Read(request.equity_value(), "equity_value");
             equity.has_value()) {
    if (TotalNanos(*equity) <= 0) {
      violations.Add("equity_value", "must be positive");
    }
    in.equity_value = ToDouble(*equity);
  }

  const double volatility = request.equity_volatility();
  if (!std::isfinite(volatility) || volatility <= 0 || volatility > kMaxEquityVolatility) {
    violations.Add("equity_volatility", kVolatilityRange);
  }
  in.equity_volatility = volatility;

  // The default point: `debt` as given, or the KMV point of the short- and long-term debt. Every
  // amount given is read (well-formed, one currency) even when the combination is wrong.
  const bool kmv = request.has_short_term_debt() || request.has_long_term_debt();
  std::optional<Money> debt;
  std::optional<Money> short_term;
  std::optional<Money> long_term;
  if (request.has_debt()) {
    debt = amounts.Read(request.debt(), "debt");
  }
  if (request.has_short_term_debt()) {
    short_term = amounts.Read(request.short_term_debt(), "short_term_debt");
  }
  if (request.has_long_term_debt()) {
    long_term = amounts.Read(request.long_term_debt(), "long_term_debt");
  }
  if (request.has_debt() && kmv) {
    violations.Add("debt",
                   "give either debt or short_term_debt and long_term_debt (KMV), not both");
  } else if (request.has_debt()) {
    if (debt.has_value()) {
      if (TotalNanos(*debt) <= 0) {
        violations.Add("debt", "must be positive");
      }
      in.default_point = ToDouble(*debt);
    }
  } else if (kmv) {
    bool readable = (!request.has_short_term_debt() || short_term.has_value()) &&
                    (!request.has_long_term_debt() || long_term.has_value());
    if (short_term.has_value() && TotalNanos(*short_term) < 0) {
      violations.Add("short_term_debt", "must not be negative");
      readable = false;
    }
    if (long_term.has_value() && TotalNanos(*long_term) < 0) {
      violations.Add("long_term_debt", "must not be negative");
      readable = false;
    }
    if (readable) {
      in.default_point = KmvDefaultPoint(short_term.has_value() ? ToDouble(*short_term) : 0.0,
                                         long_term.has_value() ? ToDouble(*long_term) : 0.0);
      if (in.default_point <= 0) {
        violations.Add(request.has_short_term_debt() ? "short_term_debt" : "long_term_debt",
                       "the KMV default point (short_term_debt + half of long_term_debt) must be "
                       "positive");
      }
    }
  } else {
    violations.Add("debt",
                   "is required (or short_term_debt and long_term_debt for the KMV default point)");
  }

  const double rate = request.risk_free_rate();
  if (!std::isfinite(rate) || rate < kMinRiskFreeRate || rate > kMaxRiskFreeRate) {
    violations.Add("risk_free_rate", kRateRange);
  }
  in.risk_free_rate = rate;

  in.horizon_years = request.horizon_years() == 0 ? 1.0 : request.horizon_years();
  if (!std::isfinite(in.horizon_years) || in.horizon_years <= 0 ||
      in.horizon_years > kMaxHorizonYears) {
    violations.Add("horizon_years", "must be above 0 and at most 30 (0 means 1)");
  }

  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    return status;
  }
  return in;
}

absl::StatusOr<AltmanInputs> FromProto(const v1::CalculateAltmanZRequest& request,
                                       AltmanVariant& variant) {
  FieldViolations violations;
  variant = AltmanVariant::kUnspecified;
  if (absl::StatusOr<AltmanVariant> known = FromProto(request.variant(), "variant"); !known.ok()) {
    AddUnknownEnum(request.variant(), "variant", violations);
  } else if (*known == AltmanVariant::kUnspecified) {
    violations.Add("variant", "is required: Z, Z_PRIME or Z_DOUBLE_PRIME");
  } else {
    variant = *known;
  }

  OneCurrencyAmounts amounts(&violations);
  AltmanInputs in;
  for (const AltmanAmount& field : kAltmanAmounts) {
    if (!(request.*field.has)()) {
      // Every amount the variant uses is required: a missing one must not count as zero. Z″
      // does not use revenue.
      const bool used = variant != AltmanVariant::kZDoublePrime ||
                        std::string(field.name) != "revenue";
      if (field.denominator || used) {
        violations.Add(field.name, "is required");
      }
      continue;
    }
    std::optional<Money> amount = amounts.Read((request.*field.get)(), field.name);
    if (!amount.has_value()) {
      continue;
    }
    if (field.denominator && TotalNanos(*amount) <= 0) {
      violations.Add(field.name, "must be positive");
    }
    in.*field.value = ToDouble(*amount);
  }

  if (absl::Status status = violations.ToStatus(); !status.ok()) {
    variant = AltmanVariant::kUnspecified;
    return status;
  }
  return in;
}

}  // namespace ccrm::rating
