// The parts of the repository contracts (domain/repositories.h) that the MySQL and the in-memory
// implementations share, so that both page, check and fail alike: page sizes, page keys, the
// revision check, resource names, and the errors the contracts promise (codes and reasons).
//
// Example:
//   RETURN_IF_ERROR(CheckAfterKey(page, 2));
//   RETURN_IF_ERROR(CheckRevision(ModelName(id), expected_revision, current.revision));
//   if (!found) return ModelNotFound(id);
//   return FinishPage(std::move(rows), PageLimit(page), ModelPageKey);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/ids/etag.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/keyset.h"
#include "common/pagination/page.h"
#include "services/credit-rating/domain/rating.h"
#include "services/credit-rating/domain/rerating_job.h"
#include "services/credit-rating/domain/scorecard.h"

namespace ccrm::rating {

// Idempotency scopes of the creates.
inline constexpr char kModelCreateScope[] = "scorecard_models.create";
inline constexpr char kRatingCreateScope[] = "ratings.create";
inline constexpr char kJobCreateScope[] = "rerating_jobs.create";

// "scorecardModels/{id}", "customers/{customer_id}/ratings/{id}", "reratingJobs/{id}".
std::string ModelName(const std::string& model_id);
std::string RatingName(const std::string& customer_id, const std::string& rating_id);
std::string JobName(const std::string& job_id);

// Page keys. Models: {family, version zero-padded to 10 digits}. Ratings of a customer and jobs:
// {create time, id}. Due for review: {"0" when review_required else "1", valid_until (or
// kNeverExpires), rating id}.
inline constexpr char kNeverExpires[] = "9999-12-31 23:59:59.999999";
std::vector<std::string> ModelPageKey(const ScorecardModel& m);
std::vector<std::string> RatingPageKey(const Rating& r);
std::vector<std::string> JobPageKey(const ReratingJob& j);
std::vector<std::string> DueForReviewPageKey(const Rating& r);
// The version of a model page key; INVALID_ARGUMENT ("page_token") when malformed.
absl::StatusOr<int> ParseVersionKey(const std::string& part);
// The first part of a due-for-review key as 0 (review required) or 1; INVALID_ARGUMENT
// ("page_token") when malformed.
absl::StatusOr<int> ParseReviewFlagKey(const std::string& part);

// The errors of the contracts.
// NOT_FOUND: MODEL_NOT_FOUND, RATING_NOT_FOUND, RERATING_JOB_NOT_FOUND.
absl::Status ModelNotFound(const std::string& model_id);
absl::Status RatingNotFound(const std::string& customer_id, const std::string& rating_id);
absl::Status JobNotFound(const std::string& job_id);
// ALREADY_EXISTS for a create with a taken id: MODEL_ALREADY_EXISTS, RATING_ALREADY_EXISTS,
// RERATING_JOB_ALREADY_EXISTS.
absl::Status ModelAlreadyExists(const std::string& model_id);
absl::Status RatingAlreadyExists(const std::string& rating_id);
absl::Status JobAlreadyExists(const std::string& job_id);
// FAILED_PRECONDITION MODEL_RETIRED.
absl::Status ModelRetired(const ScorecardModel& model);
// FAILED_PRECONDITION JOB_NOT_RUNNING.
absl::Status JobNotRunning(const ReratingJob& job);
// INVALID_ARGUMENT (field "state") unless `state` is SUCCEEDED, FAILED or CANCELLED.
absl::Status CheckFinalJobState(ReratingJobState state);
// FAILED_PRECONDITION LPR_MISSING: no rate of `term` ("1-year", "5-year") in force on `day`.
absl::Status LprMissing(const std::string& term, absl::CivilDay day);

}  // namespace ccrm::rating
