// How the credit-rating tables and the rating document spell domain values: enum names
// ("APPROVED", "BBB", "SME", "STRONG"; "" for unspecified) and instants at the precision
// DATETIME(6) keeps. Names, not numbers, so that constraints (one APPROVED rating per customer)
// and the shipped pricing data say what they mean.
//
// Example:
//   stmt.setString(3, RatingStateName(rating.state));
//   ASSIGN_OR_RETURN(rating.state, ParseRatingState(rs.getString("state").asStdString()));
//   rating.create_time = TruncateToMicros(write.now);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/pagination/keyset.h"
#include "services/credit-rating/domain/altman.h"
#include "services/credit-rating/domain/grade.h"
#include "services/credit-rating/domain/pricing.h"
#include "services/credit-rating/domain/rating.h"
#include "services/credit-rating/domain/rerating_job.h"
#include "services/credit-rating/domain/scorecard.h"
#include "services/credit-rating/domain/scorecard_inputs.h"

namespace ccrm::rating {

// Each Name function gives "" for the unspecified value; each Parse function accepts exactly
// what its Name function gives (so "" parses as unspecified) and returns INVALID_ARGUMENT for
// anything else.
std::string RatingStateName(RatingState state);
absl::StatusOr<RatingState> ParseRatingState(absl::string_view name);

std::string ModelStateName(ModelState state);
absl::StatusOr<ModelState> ParseModelState(absl::string_view name);

std::string ReratingJobStateName(ReratingJobState state);
absl::StatusOr<ReratingJobState> ParseReratingJobState(absl::string_view name);

// "KEY", "SME", "FIRST_TIME_BORROWER".
std::string SegmentName(Segment segment);
absl::StatusOr<Segment> ParseSegment(absl::string_view name);

// As GradeName / ParseGrade (domain/grade.h), with "" for kUnspecified.
absl::StatusOr<CreditGrade> ParseGradeColumn(absl::string_view name);

// As AssessmentName (domain/scorecard_inputs.h).
absl::StatusOr<Assessment> ParseAssessment(absl::string_view name);

// "Z", "Z_PRIME", "Z_DOUBLE_PRIME" and "SAFE", "GREY", "DISTRESS".
std::string AltmanVariantName(AltmanVariant variant);
absl::StatusOr<AltmanVariant> ParseAltmanVariant(absl::string_view name);
std::string AltmanZoneName(AltmanZone zone);
absl::StatusOr<AltmanZone> ParseAltmanZone(absl::string_view name);

}  // namespace ccrm::rating
