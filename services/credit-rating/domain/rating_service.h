// Use cases on ratings: rate a customer (statements and identity read from customer-profile on
// the caller's behalf, bureau findings, the active model → a DRAFT rating), maker-checker
// approval with an optional recorded override (a downgrade is published), rejection, history,
// the latest approved rating, ratings due for periodic review, financial ratios and pricing.
//
// Example:
//   RatingService ratings(deps);
//   ASSIGN_OR_RETURN(Rating draft, ratings.Rate(analyst, RateRequest{customer_id, q}, key));
//   ASSIGN_OR_RETURN(Rating approved, ratings.Approve(approver, customer_id, draft.rating_id,
//                                                    FormatEtag(draft.revision), {}));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/credit-rating/domain/caller.h"
#include "services/credit-rating/domain/credit_bureau.h"
#include "services/credit-rating/domain/customer_directory.h"
#include "services/credit-rating/domain/model_service.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

struct RatingServiceDeps {
  RatingRepository* ratings = nullptr;
  ModelService* models = nullptr;
  PricingRepository* pricing = nullptr;
  CustomerDirectory* directory = nullptr;
  CreditBureau* bureau = nullptr;
  const RatingEventEncoder* encoder = nullptr;
  const Clock* clock = nullptr;
};

struct RateRequest {
  std::string customer_id;
  QualitativeInputs qualitative;
  std::optional<MarketInputs> market;
  // A specific (active) model; empty = the active version of model_family.
  std::string model_id;
  std::string model_family = "corporate";
  // Set by portfolio re-rating: "reratingJobs/{id}"; qualitative inputs may then be unassessed.
  std::string rerating_job;
};

struct ApproveRequest {
  // Unspecified = keep the model's grade.
  CreditGrade override_grade = CreditGrade::kUnspecified;
  std::string override_reason;
};

struct RatingList {
  std::vector<Rating> ratings;
  std::string next_page_token;
};

// Ratios of one statement, for ComputeFinancialRatios.
struct StatementRatios {
  std::string customer_id;
  StatementFigures statement;
  std::optional<StatementFigures> prior_year;
  std::vector<RatioValue> ratios;
};

class RatingService final {
 public:
  explicit RatingService(RatingServiceDeps deps) : deps_(deps) {}

  // A DRAFT rating by the caller (the maker). INVALID_ARGUMENT for unassessed qualitative inputs
  // or bad market data; NOT_FOUND for an unknown customer or model; FAILED_PRECONDITION for an
  // archived customer (CUSTOMER_ARCHIVED), no active model (NO_ACTIVE_MODEL), a model that is not
  // active (MODEL_NOT_ACTIVE) or no usable statements (NO_USABLE_STATEMENTS); UNAVAILABLE /
  // DEADLINE_EXCEEDED when customer-profile or the bureau cannot answer in time (nothing is
  // written then). Idempotent by key.
  absl::StatusOr<Rating> Rate(const Caller& caller, const RateRequest& request,
                              const IdempotencyKey& key);
  absl::StatusOr<Rating> Get(const std::string& customer_id, const std::string& rating_id);
  // OK when `family` has an active model; FAILED_PRECONDITION (NO_ACTIVE_MODEL) otherwise.
  absl::Status CheckModelFamily(const std::string& family);
  absl::StatusOr<RatingList> List(const std::string& customer_id, const RatingFilter& filter,
                                  const std::string& page_token, int page_size);
  // NOT_FOUND (reason NO_APPROVED_RATING) when the customer has none.
  absl::StatusOr<Rating> LatestApproved(const std::string& customer_id);
  // The checker approves a DRAFT. PERMISSION_DENIED (MAKER_CANNOT_APPROVE) for the maker,
  // (APPROVER_ROLE_REQUIRED) without the credit_approver role; FAILED_PRECONDITION for a rating
  // that is not a draft (RATING_NOT_DRAFT), older than the approved rating in force
  // (RATING_OUTDATED), or a D from default evidence being overridden (DEFAULT_NOT_OVERRIDABLE);
  // INVALID_ARGUMENT for an override without a reason; ABORTED on a stale etag. Publishes
  // RatingApproved, and RatingDowngraded when the grade is below the previous approved one.
  absl::StatusOr<Rating> Approve(const Caller& caller, const std::string& customer_id,
                                 const std::string& rating_id, const std::string& etag,
                                 const ApproveRequest& request);
  // As Approve's checks; INVALID_ARGUMENT without a reason.
  absl::StatusOr<Rating> Reject(const Caller& caller, const std::string& customer_id,
                                const std::string& rating_id, const std::string& etag,
                                const std::string& reason);
  // Approved ratings that expire within `within_days` (0..366) or need review now.
  absl::StatusOr<RatingList> DueForReview(int within_days, const std::string& page_token,
                                          int page_size);
  // Ratios of the annual statement of fiscal_year (0 = the latest). NOT_FOUND for an unknown
  // customer; FAILED_PRECONDITION (NO_USABLE_STATEMENTS) when there is no such statement.
  absl::StatusOr<StatementRatios> Ratios(const Caller& caller, const std::string& customer_id,
                                         int fiscal_year);
  // Terms for a grade and segment, or for a customer's latest approved rating (grade and
  // segment taken from it; FAILED_PRECONDITION NO_APPROVED_RATING without one).
  absl::StatusOr<PricingTerms> Pricing(CreditGrade grade, Segment segment,
                                       const std::string& customer_id, int tenor_months);

 private:
  absl::StatusOr<ScorecardModel> ModelFor(const RateRequest& request);

  RatingServiceDeps deps_;
};

}  // namespace ccrm::rating
