// Scorecard models: factors with binned weights of evidence and logistic coefficients, an
// intercept, points-to-double-odds scaling, grade bands, and industry and macro adjustments.
//
//   ln(odds of good) = intercept + Σ coefficient_i × woe_i
//   score            = offset + factor × ln(odds) + industry points + macro points
//   factor = pdo / ln 2,  offset = base_score − factor × ln(base_odds)
//   PD(score)        = 1 / (1 + exp((score − offset) / factor))
//
// Each factor's points are factor × coefficient × woe plus an equal share of
// offset + factor × intercept, so the contributions add up to the unadjusted score.
//
// Example:
//   ASSIGN_OR_RETURN(ScoreResult r, EvaluateScorecard(model, inputs, "C3011"));
//   // r.score, r.model_grade, r.probability_of_default, r.contributions
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/credit-rating/domain/grade.h"

namespace ccrm::rating {

enum class ModelState { kUnspecified = 0, kDraft = 1, kActive = 2, kRetired = 3 };

// [lower_bound, upper_bound); nullopt bounds are open.
struct NumericBin {
  std::optional<double> lower_bound;
  std::optional<double> upper_bound;
  double woe = 0;
};

struct CategoryBin {
  std::string category;
  double woe = 0;
};

struct ScorecardFactor {
  // A ratio name, a qualitative input, an analytic or a bureau finding (scorecard_inputs.h).
  std::string input;
  double coefficient = 0;
  // A factor has numeric bins or category bins, not both.
  std::vector<NumericBin> numeric_bins;
  std::vector<CategoryBin> category_bins;
  double missing_woe = 0;
};

struct ScoreScaling {
  double base_score = 600;
  double base_odds = 50;
  double pdo = 20;

  double Factor() const;  // pdo / ln 2
  double Offset() const;  // base_score − Factor() × ln(base_odds)
};

struct GradeBand {
  CreditGrade grade = CreditGrade::kUnspecified;
  double min_score = 0;
};

struct IndustryAdjustment {
  std::string industry_code_prefix;
  double points = 0;
};

struct ScorecardModel {
  std::string model_id;
  std::string family;
  int version = 0;
  std::string description;
  ModelState state = ModelState::kDraft;
  double intercept = 0;
  std::vector<ScorecardFactor> factors;
  ScoreScaling scaling;
  // Any order; evaluation picks the best grade whose min_score the score reaches.
  std::vector<GradeBand> grade_bands;
  std::vector<IndustryAdjustment> industry_adjustments;
  double macro_adjustment_points = 0;
  int validity_months = 12;
  int max_statement_age_months = 18;
  std::string created_by;
  absl::Time create_time;
  std::optional<absl::Time> activate_time;
  int64_t revision = 1;
};

// The inputs a scorecard reads, by name. An input absent from both maps is missing.
struct ScorecardInputs {
  std::map<std::string, double> numeric;
  std::map<std::string, std::string> categories;
  // Why an input is missing, e.g. {"dscr": "debt_service is missing"}; shown in contributions.
  std::map<std::string, std::string> undefined_reasons;
};

struct FactorContribution {
  std::string input;
  // "1.25", "STRONG", or "undefined: <reason>".
  std::string input_value;
  double woe = 0;
  double points = 0;
};

struct ScoreResult {
  // After industry and macro adjustments.
  double score = 0;
  double industry_adjustment_points = 0;
  double macro_adjustment_points = 0;
  CreditGrade model_grade = CreditGrade::kUnspecified;
  // PD of the adjusted score.
  double probability_of_default = 0;
  std::vector<FactorContribution> contributions;
};

// Checks a model a person submitted, every problem at once as field violations under `field`
// (e.g. "model.factors[2].numeric_bins"): family (1–64 of [a-z0-9-]), at least one factor,
// known inputs, finite numbers, bins non-overlapping and ascending, category bins unique,
// scaling (base_odds > 0, pdo > 0), grade bands (known grades, min_score strictly decreasing as
// grades worsen, no D band: D comes only from default evidence), validity 1–36 months,
// max statement age 1–36 months. OK or INVALID_ARGUMENT.
absl::Status ValidateScorecardModel(const ScorecardModel& model, const std::string& field);

// Scores `inputs` with `model` for a customer in `industry_code`. INVALID_ARGUMENT if the
// model is invalid (as ValidateScorecardModel). A score below every band gets the worst band's
// grade.
absl::StatusOr<ScoreResult> EvaluateScorecard(const ScorecardModel& model,
                                              const ScorecardInputs& inputs,
                                              const std::string& industry_code);

// Probability of default at `score` under `scaling`, in (0, 1).
double ProbabilityOfDefault(const ScoreScaling& scaling, double score);

}  // namespace ccrm::rating
