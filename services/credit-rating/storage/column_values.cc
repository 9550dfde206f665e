#include "services/credit-rating/storage/column_values.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql/enum_names.h"

namespace ccrm::rating {
namespace {

using ::ccrm::mysql::NameIn;
using ::ccrm::mysql::NameOf;
using ::ccrm::mysql::ParseIn;

constexpr NameOf<RatingState> kRatingStates[] = {{RatingState::kDraft, "DRAFT"},
                                                 {RatingState::kApproved, "APPROVED"},
                                                 {RatingState::kRejected, "REJECTED"},
                                                 {RatingState::kSuperseded, "SUPERSEDED"}};
constexpr NameOf<ModelState> kModelStates[] = {{ModelState::kDraft, "DRAFT"},
                                               {ModelState::kActive, "ACTIVE"},
                                               {ModelState::kRetired, "RETIRED"}};
constexpr NameOf<ReratingJobState> kJobStates[] = {{ReratingJobState::kRunning, "RUNNING"},
                                                   {ReratingJobState::kSucceeded, "SUCCEEDED"},
                                                   {ReratingJobState::kCancelled, "CANCELLED"},
                                                   {ReratingJobState::kFailed, "FAILED"}};
constexpr NameOf<Segment> kSegments[] = {{Segment::kKey, "KEY"},
                                         {Segment::kSme, "SME"},
                                         {Segment::kFirstTimeBorrower, "FIRST_TIME_BORROWER"}};
constexpr NameOf<AltmanVariant> kAltmanVariants[] = {
    {AltmanVariant::kZ, "Z"},
    {AltmanVariant::kZPrime, "Z_PRIME"},
    {AltmanVariant::kZDoublePrime, "Z_DOUBLE_PRIME"}};
constexpr NameOf<AltmanZone> kAltmanZones[] = {
    {AltmanZone::kSafe, "SAFE"}, {AltmanZone::kGrey, "GREY"}, {AltmanZone::kDistress, "DISTRESS"}};

}  // namespace

std::string RatingStateName(RatingState state) { return NameIn(kRatingStates, state); }
absl::StatusOr<RatingState> ParseRatingState(absl::string_view name) {
  return ParseIn(kRatingStates, name, "rating state");
}

std::string ModelStateName(ModelState state) { return NameIn(kModelStates, state); }
absl::StatusOr<ModelState> ParseModelState(absl::string_view name) {
  return ParseIn(kModelStates, name, "model state");
}

std::string ReratingJobStateName(ReratingJobState state) { return NameIn(kJobStates, state); }
absl::StatusOr<ReratingJobState> ParseReratingJobState(absl::string_view name) {
  return ParseIn(kJobStates, name, "re-rating job state");
}

std::string SegmentName(Segment segment) { return NameIn(kSegments, segment); }
absl::StatusOr<Segment> ParseSegment(absl::string_view name) {
  return ParseIn(kSegments, name, "segment");
}

absl::StatusOr<CreditGrade> ParseGradeColumn(absl::string_view name) {
  if (name.empty()) {
    return CreditGrade::kUnspecified;
  }
  return ParseGrade(name);
}

absl::StatusOr<Assessment> ParseAssessment(absl::string_view name) {
  if (name.empty()) {
    return Assessment::kUnspecified;
  }
  for (Assessment a : {Assessment::kStrong, Assessment::kGood, Assessment::kAdequate,
                       Assessment::kWeak, Assessment::kPoor}) {
    if (name == AssessmentName(a)) {
      return a;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown assessment \"", name, "\""));
}

std::string AltmanVariantName(AltmanVariant variant) { return NameIn(kAltmanVariants, variant); }
absl::StatusOr<AltmanVariant> ParseAltmanVariant(absl::string_view name) {
  return ParseIn(kAltmanVariants, name, "Altman variant");
}

std::string AltmanZoneName(AltmanZone zone) { return NameIn(kAltmanZones, zone); }
absl::StatusOr<AltmanZone> ParseAltmanZone(absl::string_view name) {
  return ParseIn(kAltmanZones, name, "Altman zone");
}

}  // namespace ccrm::rating
