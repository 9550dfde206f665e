#include "services/credit-rating/domain/scorecard.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/errors.h"
#include "services/credit-rating/domain/scorecard_inputs.h"

namespace ccrm::rating {
namespace {

constexpr size_t kMaxFamilyLength = 64;
constexpr int kMaxMonths = 36;
// ln(odds) is clamped to ±kMaxLogOdds so a PD stays strictly inside (0, 1) in doubles.
constexpr double kMaxLogOdds = 30;

// "<field>.<suffix>", or just the suffix when field is empty.
std::string Path(const std::string& field, const std::string& suffix) {
  return field.empty() ? suffix : absl::StrCat(field, ".", suffix);
}

std::string Indexed(const std::string& field, const char* list, size_t i) {
  return Path(field, absl::StrCat(list, "[", i, "]"));
}

void CheckFinite(FieldViolations& v, const std::string& field, double value) {
  if (!std::isfinite(value)) {
    v.Add(field, "must be a finite number");
  }
}

void CheckMonths(FieldViolations& v, const std::string& field, int months) {
  if (months < 1 || months > kMaxMonths) {
    v.Add(field, absl::StrCat("must be 1 to ", kMaxMonths, " months"));
  }
}

bool IsFamilyCharacter(char c) {
  return absl::ascii_islower(static_cast<unsigned char>(c)) ||
         absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-';
}

void CheckFamily(FieldViolations& v, const std::string& field, const std::string& family) {
  if (family.empty()) {
    v.Add(field, "is required");
  } else if (family.size() > kMaxFamilyLength) {
    v.Add(field, absl::StrCat("must be at most ", kMaxFamilyLength, " characters"));
  } else if (!std::all_of(family.begin(), family.end(), IsFamilyCharacter)) {
    v.Add(field, "may hold only a-z, 0-9 and '-'");
  }
}

bool IsAssessmentName(const std::string& category) {
  for (Assessment a : {Assessment::kStrong, Assessment::kGood, Assessment::kAdequate,
                       Assessment::kWeak, Assessment::kPoor}) {
    if (AssessmentName(a) == category) {
      return true;
    }
  }
  return false;
}

void CheckNumericBins(FieldViolations& v, const std::string& field,
                      const std::vector<NumericBin>& bins) {
  for (size_t k = 0; k < bins.size(); ++k) {
    const NumericBin& bin = bins[k];
    const std::string path = Indexed(field, "numeric_bins", k);
    CheckFinite(v, Path(path, "woe"), bin.woe);
    if (bin.lower_bound.has_value()) {
      CheckFinite(v, Path(path, "lower_bound"), *bin.lower_bound);
    } else if (k > 0) {
      v.Add(Path(path, "lower_bound"), "only the first bin may have an open lower bound");
    }
    if (bin.upper_bound.has_value()) {
      CheckFinite(v, Path(path, "upper_bound"), *bin.upper_bound);
    } else if (k + 1 < bins.size()) {
      v.Add(Path(path, "upper_bound"), "only the last bin may have an open upper bound");
    }
    if (bin.lower_bound.has_value() && bin.upper_bound.has_value() &&
        !(*bin.lower_bound < *bin.upper_bound)) {
      v.Add(path, absl::StrFormat("lower_bound %g must be below upper_bound %g", *bin.lower_bound,
                                  *bin.upper_bound));
    }
    if (k > 0 && bin.lower_bound.has_value() && bins[k - 1].upper_bound.has_value() &&
        *bin.lower_bound < *bins[k - 1].upper_bound) {
      v.Add(path, absl::StrFormat("overlaps numeric_bins[%d]: bins must ascend without overlap "
                                  "(lower_bound %g is below the previous upper_bound %g)",
                                  k - 1, *bin.lower_bound, *bins[k - 1].upper_bound));
    }
  }
}

void CheckCategoryBins(FieldViolations& v, const std::string& field,
                       const std::vector<CategoryBin>& bins) {
  std::map<std::string, size_t> seen;
  for (size_t k = 0; k < bins.size(); ++k) {
    const std::string path = Indexed(field, "category_bins", k);
    CheckFinite(v, Path(path, "woe"), bins[k].woe);
    if (!IsAssessmentName(bins[k].category)) {
      v.Add(Path(path, "category"), "must be one of STRONG, GOOD, ADEQUATE, WEAK, POOR");
    } else if (auto [it, inserted] = seen.emplace(bins[k].category, k); !inserted) {
      v.Add(Path(path, "category"), absl::StrCat("repeats category_bins[", it->second, "]"));
    }
  }
}

void CheckFactor(FieldViolations& v, const std::string& path, const ScorecardFactor& factor) {
  CheckFinite(v, Path(path, "coefficient"), factor.coefficient);
  CheckFinite(v, Path(path, "missing_woe"), factor.missing_woe);
  if (!IsKnownScorecardInput(factor.input)) {
    // The caller's value is not echoed: an answer must not reflect arbitrary request text.
    v.Add(Path(path, "input"),
          "is not a known scorecard input (see docs/credit-rating-analytics.md for the inputs)");
    if (!factor.numeric_bins.empty() && !factor.category_bins.empty()) {
      v.Add(path, "has both numeric_bins and category_bins");
    }
    return;
  }
  if (IsCategoryInput(factor.input)) {
    if (!factor.numeric_bins.empty()) {
      v.Add(Path(path, "numeric_bins"), "must be empty for a qualitative input");
    }
    if (factor.category_bins.empty()) {
      v.Add(Path(path, "category_bins"), "at least one bin is required");
    }
    CheckCategoryBins(v, path, factor.category_bins);
    return;
  }
  if (!factor.category_bins.empty()) {
    v.Add(Path(path, "category_bins"), "must be empty for a numeric input");
  }
  if (factor.numeric_bins.empty()) {
    v.Add(Path(path, "numeric_bins"), "at least one bin is required");
  }
  CheckNumericBins(v, path, factor.numeric_bins);
}

void CheckFactors(FieldViolations& v, const std::string& field,
                  const std::vector<ScorecardFactor>& factors) {
  if (factors.empty()) {
    v.Add(Path(field, "factors"), "at least one factor is required");
  }
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < factors.size(); ++i) {
    const std::string path = Indexed(field, "factors", i);
    CheckFactor(v, path, factors[i]);
    if (auto [it, inserted] = seen.emplace(factors[i].input, i); !inserted) {
      v.Add(Path(path, "input"), absl::StrCat("repeats factors[", it->second, "]"));
    }
  }
}

void CheckScaling(FieldViolations& v, const std::string& field, const ScoreScaling& s) {
  CheckFinite(v, Path(field, "base_score"), s.base_score);
  if (!std::isfinite(s.base_odds) || s.base_odds <= 0) {
    v.Add(Path(field, "base_odds"), "must be a positive number");
  }
  if (!std::isfinite(s.pdo) || s.pdo <= 0) {
    v.Add(Path(field, "pdo"), "must be a positive number");
  }
}

bool IsBandGrade(CreditGrade g) { return g >= CreditGrade::kAAA && g <= CreditGrade::kC; }

void CheckGradeBands(FieldViolations& v, const std::string& field,
                     const std::vector<GradeBand>& bands) {
  if (bands.empty()) {
    v.Add(Path(field, "grade_bands"), "at least one band is required");
  }
  // Index of each well-formed band by grade, best grade first.
  std::map<CreditGrade, size_t> by_grade;
  for (size_t j = 0; j < bands.size(); ++j) {
    const std::string path = Indexed(field, "grade_bands", j);
    const GradeBand& band = bands[j];
    bool ok = std::isfinite(band.min_score);
    CheckFinite(v, Path(path, "min_score"), band.min_score);
    if (band.grade == CreditGrade::kD) {
      v.Add(Path(path, "grade"), "D cannot have a band: it comes only from default evidence");
      ok = false;
    } else if (!IsBandGrade(band.grade)) {
      v.Add(Path(path, "grade"), "must be one of AAA, AA, A, BBB, BB, B, CCC, CC, C");
      ok = false;
    } else if (auto it = by_grade.find(band.grade); it != by_grade.end()) {
      v.Add(Path(path, "grade"), absl::StrCat("repeats grade_bands[", it->second, "]"));
      ok = false;
    }
    if (ok) {
      by_grade.emplace(band.grade, j);
    }
  }
  const GradeBand* better = nullptr;
  for (const auto& [grade, j] : by_grade) {
    const GradeBand& band = bands[j];
    if (better != nullptr && !(band.min_score < better->min_score)) {
      v.Add(Path(Indexed(field, "grade_bands", j), "min_score"),
            absl::StrFormat("must be below the min_score of %s (%g): a worse grade needs a "
                            "lower score",
                            GradeName(better->grade), better->min_score));
    }
    better = &band;
  }
}

// A GB/T 4754 code or prefix: a section letter A–T, then up to four digits.
bool IsIndustryPrefix(const std::string& prefix) {
  if (prefix.empty() || prefix.size() > 5 || prefix[0] < 'A' || prefix[0] > 'T') {
    return false;
  }
  return std::all_of(prefix.begin() + 1, prefix.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

void CheckIndustryAdjustments(FieldViolations& v, const std::string& field,
                              const std::vector<IndustryAdjustment>& adjustments) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < adjustments.size(); ++i) {
    const std::string path = Indexed(field, "industry_adjustments", i);
    const IndustryAdjustment& a = adjustments[i];
    CheckFinite(v, Path(path, "points"), a.points);
    if (!IsIndustryPrefix(a.industry_code_prefix)) {
      v.Add(Path(path, "industry_code_prefix"),
            "must be a GB/T 4754 code prefix: a letter A-T and up to four digits, e.g. \"C30\"");
    } else if (auto [it, inserted] = seen.emplace(a.industry_code_prefix, i); !inserted) {
      v.Add(Path(path, "industry_code_prefix"),
            absl::StrCat("repeats industry_adjustments[", it->second, "]"));
    }
  }
}

// The bin of `value`, or nullptr when it falls in none.
const NumericBin* FindNumericBin(const std::vector<NumericBin>& bins, double value) {
  for (const NumericBin& bin : bins) {
    if ((!bin.lower_bound.has_value() || *bin.lower_bound <= value) &&
        (!bin.upper_bound.has_value() || value < *bin.upper_bound)) {
      return &bin;
    }
  }
  return nullptr;
}

const CategoryBin* FindCategoryBin(const std::vector<CategoryBin>& bins,
                                   const std::string& category) {
  for (const CategoryBin& bin : bins) {
    if (bin.category == category) {
      return &bin;
    }
  }
  return nullptr;
}

std::string UndefinedValue(const ScorecardInputs& inputs, const std::string& input,
                           const std::string& fallback) {
  auto it = inputs.undefined_reasons.find(input);
  return absl::StrCat("undefined: ", it != inputs.undefined_reasons.end() ? it->second : fallback);
}

// The factor's input value as shown and its WoE (missing_woe when it has no bin).
FactorContribution Contribution(const ScorecardFactor& factor, const ScorecardInputs& inputs) {
  FactorContribution c;
  c.input = factor.input;
  c.woe = factor.missing_woe;
  if (IsCategoryInput(factor.input)) {
    auto it = inputs.categories.find(factor.input);
    if (it == inputs.categories.end()) {
      c.input_value = UndefinedValue(inputs, factor.input, "missing");
    } else if (const CategoryBin* bin = FindCategoryBin(factor.category_bins, it->second)) {
      c.input_value = it->second;
      c.woe = bin->woe;
    } else {
      c.input_value =
          UndefinedValue(inputs, factor.input, absl::StrCat("no bin for category ", it->second));
    }
    return c;
  }
  auto it = inputs.numeric.find(factor.input);
  if (it == inputs.numeric.end()) {
    c.input_value = UndefinedValue(inputs, factor.input, "missing");
  } else if (const NumericBin* bin = std::isfinite(it->second)
                                         ? FindNumericBin(factor.numeric_bins, it->second)
                                         : nullptr) {
    c.input_value = absl::StrFormat("%.6g", it->second);
    c.woe = bin->woe;
  } else {
    c.input_value =
        UndefinedValue(inputs, factor.input, absl::StrFormat("no bin for value %.6g", it->second));
  }
  return c;
}

// Points of the longest industry_code_prefix that `industry_code` starts with; 0 when none.
double IndustryPoints(const std::vector<IndustryAdjustment>& adjustments,
                      const std::string& industry_code) {
  const IndustryAdjustment* best = nullptr;
  for (const IndustryAdjustment& a : adjustments) {
    if (absl::StartsWith(industry_code, a.industry_code_prefix) &&
        (best == nullptr || a.industry_code_prefix.size() > best->industry_code_prefix.size())) {
      best = &a;
    }
  }
  return best == nullptr ? 0 : best->points;
}

// The best grade whose min_score `score` reaches; the worst listed band's grade below all.
CreditGrade GradeOf(const std::vector<GradeBand>& bands, double score) {
  CreditGrade best = CreditGrade::kUnspecified;
  CreditGrade worst = CreditGrade::kUnspecified;
  for (const GradeBand& band : bands) {
    if (score >= band.min_score && (best == CreditGrade::kUnspecified || band.grade < best)) {
      best = band.grade;
    }
    if (worst == CreditGrade::kUnspecified || band.grade > worst) {
      worst = band.grade;
    }
  }
  return best != CreditGrade::kUnspecified ? best : worst;
}

}  // namespace

double ScoreScaling::Factor() const { return pdo / std::log(2.0); }

double ScoreScaling::Offset() const { return base_score - Factor() * std::log(base_odds); }

double ProbabilityOfDefault(const ScoreScaling& scaling, double score) {
  const double log_odds =
      std::clamp((score - scaling.Offset()) / scaling.Factor(), -kMaxLogOdds, kMaxLogOdds);
  return 1.0 / (1.0 + std::exp(log_odds));
}

absl::Status ValidateScorecardModel(const ScorecardModel& model, const std::string& field) {
  FieldViolations v;
  CheckFamily(v, Path(field, "family"), model.family);
  CheckFinite(v, Path(field, "intercept"), model.intercept);
  CheckFactors(v, field, model.factors);
  CheckScaling(v, Path(field, "scaling"), model.scaling);
  CheckGradeBands(v, field, model.grade_bands);
  CheckIndustryAdjustments(v, field, model.industry_adjustments);
  CheckFinite(v, Path(field, "macro_adjustment_points"), model.macro_adjustment_points);
  CheckMonths(v, Path(field, "validity_months"), model.validity_months);
  CheckMonths(v, Path(field, "max_statement_age_months"), model.max_statement_age_months);
  return v.ToStatus();
}

absl::StatusOr<ScoreResult> EvaluateScorecard(const ScorecardModel& model,
                                              const ScorecardInputs& inputs,
                                              const std::string& industry_code) {
  if (absl::Status s = ValidateScorecardModel(model, "model"); !s.ok()) {
    return s;
  }
  const double factor = model.scaling.Factor();
  // Each factor carries an equal share of the offset and the intercept's points.
  const double shared_points = (model.scaling.Offset() + factor * model.intercept) /
                               static_cast<double>(model.factors.size());
  ScoreResult result;
  double points = 0;
  for (const ScorecardFactor& f : model.factors) {
    FactorContribution c = Contribution(f, inputs);
    c.points = factor * f.coefficient * c.woe + shared_points;
    points += c.points;
    result.contributions.push_back(std::move(c));
  }
  result.industry_adjustment_points = IndustryPoints(model.industry_adjustments, industry_code);
  result.macro_adjustment_points = model.macro_adjustment_points;
  result.score = points + result.industry_adjustment_points + result.macro_adjustment_points;
  result.probability_of_default = ProbabilityOfDefault(model.scaling, result.score);
  result.model_grade = GradeOf(model.grade_bands, result.score);
  return result;
}

}  // namespace ccrm::rating
