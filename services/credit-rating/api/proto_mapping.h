// ccrm.rating.v1 messages ↔ credit-rating domain values. FromProto functions validate what they
// read and report every problem at once as field violations under the given field path
// (INVALID_ARGUMENT); ToProto functions never fail. Etags are FormatEtag(revision).
//
// Example:
//   ASSIGN_OR_RETURN(ScorecardModel draft, FromProto(request->model(), "model"));
//   ToProto(rating, response);
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "ccrm/rating/v1/credit_rating.pb.h"
#include "services/credit-rating/domain/altman.h"
#include "services/credit-rating/domain/merton.h"
#include "services/credit-rating/domain/pricing.h"
#include "services/credit-rating/domain/rating.h"
#include "services/credit-rating/domain/rating_service.h"
#include "services/credit-rating/domain/rerating_job.h"
#include "services/credit-rating/domain/scorecard.h"

namespace ccrm::rating {

// Enums. FromProto of an unknown enum number (not in the proto) → INVALID_ARGUMENT on `field`;
// UNSPECIFIED maps to the domain's kUnspecified (callers decide whether that is allowed).
absl::StatusOr<CreditGrade> FromProto(v1::CreditGrade grade, const std::string& field);
v1::CreditGrade ToProto(CreditGrade grade);
absl::StatusOr<Segment> FromProto(v1::Segment segment, const std::string& field);
v1::Segment ToProto(Segment segment);
absl::StatusOr<RatingState> FromProto(v1::RatingState state, const std::string& field);
v1::RatingState ToProto(RatingState state);
v1::ModelState ToProto(ModelState state);
v1::ReratingJobState ToProto(ReratingJobState state);
absl::StatusOr<AltmanVariant> FromProto(v1::AltmanVariant variant, const std::string& field);

// Scorecard models. FromProto reads the definition fields only (identity / output-only fields
// are ignored) and checks enum values and finiteness; ValidateScorecardModel does the rest.
absl::StatusOr<ScorecardModel> FromProto(const v1::ScorecardModel& model, const std::string& field);
void ToProto(const ScorecardModel& model, v1::ScorecardModel* out);

// Rating inputs. Qualitative: unknown enum numbers are violations ("<field>.management_quality"
// …); unspecified is left to the domain. Market: equity_value a well-formed positive amount,
// 0 < equity_volatility ≤ 5, risk_free_rate in [−0.05, 0.5], all finite.
absl::StatusOr<QualitativeInputs> FromProto(const v1::QualitativeInputs& qualitative,
                                            const std::string& field);
absl::StatusOr<MarketInputs> FromProto(const v1::MarketInputs& market, const std::string& field);

void ToProto(const Rating& rating, v1::Rating* out);
void ToProto(const StatementRatios& ratios, v1::FinancialRatios* out);
void ToProto(const RatioValue& ratio, v1::RatioValue* out);
void ToProto(const MertonResult& result, v1::MertonResult* out);
void ToProto(const AltmanResult& result, v1::AltmanResult* out);
void ToProto(const PricingTerms& terms, v1::PricingRecommendation* out);
void ToProto(const ReratingJob& job, v1::ReratingJob* out);
void ToProto(const BureauReport& report, v1::BureauReport* out);

// Analytics requests → domain inputs. Merton: equity_value and either debt or
// short_term_debt/long_term_debt (KMV default point) as well-formed positive amounts in one
// currency; volatility, rate, horizon (default 1) as SolveMerton documents. Altman: a known
// variant and well-formed amounts in one currency.
absl::StatusOr<MertonInputs> FromProto(const v1::CalculateMertonRequest& request);
absl::StatusOr<AltmanInputs> FromProto(const v1::CalculateAltmanZRequest& request,
                                       AltmanVariant& variant);

}  // namespace ccrm::rating
