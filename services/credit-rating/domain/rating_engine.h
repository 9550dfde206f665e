// Rates a customer with a scorecard model: statements → ratios; Altman Z″ from the latest
// statement's book figures; Merton/KMV when market data is given; bureau findings; the analyst's
// qualitative inputs → scorecard inputs → score, model grade, PD and contributions. Default
// evidence (the bureau reports an amount overdue now and more than 90 days past due; see
// docs/credit-rating-analytics.md) makes the grade D with PD 1. Pure: same inputs, same result —
// which is how a stored rating is reproduced.
//
// Example:
//   RatingRequestInputs in{customer, statements, qualitative, market, bureau, now};
//   ASSIGN_OR_RETURN(RatingComputation c, ComputeRating(model, in));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/credit-rating/domain/rating.h"
#include "services/credit-rating/domain/statement_figures.h"

namespace ccrm::rating {

struct RatedCustomer {
  std::string customer_id;
  std::string industry_code;
  Segment segment = Segment::kUnspecified;
};

struct RatingRequestInputs {
  RatedCustomer customer;
  // The customer's statements, any order (all of them, or at least the latest two annual).
  std::vector<StatementFigures> statements;
  QualitativeInputs qualitative;
  std::optional<MarketInputs> market;
  std::optional<BureauReport> bureau;
  absl::Time now;
  // Portfolio re-rating drafts for customers never assessed before: an unspecified qualitative
  // assessment is then a missing input ("not assessed", the factor's missing_woe) instead of
  // INVALID_ARGUMENT.
  bool allow_unassessed_qualitative = false;
};

// The annual statement a rating uses: the latest annual one whose period ended no more than
// `max_age_months` before `now`, and the one a year before it (growth). FAILED_PRECONDITION
// (reason NO_USABLE_STATEMENTS) when there is none.
struct UsableStatements {
  StatementFigures latest;
  std::optional<StatementFigures> prior_year;
};
absl::StatusOr<UsableStatements> SelectUsableStatements(
    const std::vector<StatementFigures>& statements, absl::Time now, int max_age_months);

// The analyst's inputs alone, so a caller can refuse bad ones before fetching anything:
// INVALID_ARGUMENT ("qualitative.<field>" unspecified unless allow_unassessed, or not a known
// assessment; "market.<field>" out of range), every problem at once.
absl::Status ValidateRatingInputs(const QualitativeInputs& qualitative,
                                  const std::optional<MarketInputs>& market, bool allow_unassessed);

// The scorecard inputs of a rating (exposed for tests and explanations).
ScorecardInputs BuildScorecardInputs(const std::vector<RatioValue>& ratios,
                                     const QualitativeInputs& qualitative,
                                     const std::optional<AltmanResult>& altman,
                                     const std::optional<MertonResult>& merton,
                                     const std::optional<BureauReport>& bureau,
                                     const StatementFigures& latest);

// INVALID_ARGUMENT ("qualitative.<field>") for an unspecified qualitative assessment or
// ("market.<field>") for bad market data; FAILED_PRECONDITION NO_USABLE_STATEMENTS;
// INVALID_ARGUMENT for an invalid model; a Merton solve that does not converge leaves the Merton
// input missing (recorded) rather than failing the rating.
absl::StatusOr<RatingComputation> ComputeRating(const ScorecardModel& model,
                                                const RatingRequestInputs& inputs);

}  // namespace ccrm::rating
