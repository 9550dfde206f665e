// A credit rating of a customer: what the model computed (score, grade, PD, each factor's
// contribution), everything it was computed from (inputs kept so it can be explained and
// reproduced), and the maker-checker decision.
//
// Example:
//   Rating r = ...;
//   if (r.state == RatingState::kDraft && r.maker != checker) { ... approve ... }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/credit-rating/domain/altman.h"
#include "services/credit-rating/domain/credit_bureau.h"
#include "services/credit-rating/domain/grade.h"
#include "services/credit-rating/domain/merton.h"
#include "services/credit-rating/domain/pricing.h"
#include "services/credit-rating/domain/ratios.h"
#include "services/credit-rating/domain/scorecard.h"
#include "services/credit-rating/domain/scorecard_inputs.h"

namespace ccrm::rating {

enum class RatingState {
  kUnspecified = 0,
  kDraft = 1,
  kApproved = 2,
  kRejected = 3,
  kSuperseded = 4
};

struct QualitativeInputs {
  Assessment management_quality = Assessment::kUnspecified;
  Assessment market_position = Assessment::kUnspecified;
  Assessment industry_outlook = Assessment::kUnspecified;
  Assessment guarantee_strength = Assessment::kUnspecified;
};

// Market data of a listed customer, for the Merton input.
struct MarketInputs {
  double equity_value = 0;
  double equity_volatility = 0;
  double risk_free_rate = 0;
};

struct StatementPeriod {
  std::string statement_id;
  int fiscal_year = 0;
  int fiscal_quarter = 0;
  absl::CivilDay period_end_date;
  bool audited = false;
};

// What the engine computes (rating_engine.h); stored with the rating.
struct RatingComputation {
  std::string model_id;
  int model_version = 0;
  double score = 0;
  CreditGrade model_grade = CreditGrade::kUnspecified;
  double probability_of_default = 0;
  std::vector<FactorContribution> contributions;
  double industry_adjustment_points = 0;
  double macro_adjustment_points = 0;
  std::vector<RatioValue> ratios;
  std::vector<StatementPeriod> statement_periods;
  std::optional<MertonResult> merton;
  std::optional<AltmanResult> altman;
  // Non-empty when default evidence made the grade D.
  std::string default_reason;
};

struct Rating {
  std::string rating_id;
  std::string customer_id;
  RatingState state = RatingState::kDraft;
  // Inputs.
  QualitativeInputs qualitative;
  std::optional<MarketInputs> market;
  std::string industry_code;
  Segment segment = Segment::kUnspecified;
  std::optional<BureauReport> bureau_report;
  // Results.
  RatingComputation computed;
  CreditGrade final_grade = CreditGrade::kUnspecified;
  // Maker-checker.
  std::string maker;
  std::string checker;
  std::string override_reason;
  std::string rejection_reason;
  absl::Time create_time;
  std::optional<absl::Time> decision_time;
  std::optional<absl::Time> valid_until;
  bool review_required = false;
  std::string review_reason;
  // "reratingJobs/{id}" for batch drafts.
  std::string rerating_job;
  int64_t revision = 1;
};

}  // namespace ccrm::rating
