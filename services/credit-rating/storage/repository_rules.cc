#include "services/credit-rating/storage/repository_rules.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/pagination/page_token.h"
#include "common/status/errors.h"
#include "services/credit-rating/storage/column_values.h"

namespace ccrm::rating {

std::string ModelName(const std::string& model_id) {
  return absl::StrCat("scorecardModels/", model_id);
}

std::string RatingName(const std::string& customer_id, const std::string& rating_id) {
  return absl::StrCat("customers/", customer_id, "/ratings/", rating_id);
}

std::string JobName(const std::string& job_id) { return absl::StrCat("reratingJobs/", job_id); }

namespace {
absl::Status MalformedKey() { return InvalidField("page_token", "the page token is malformed"); }
}  // namespace

std::vector<std::string> ModelPageKey(const ScorecardModel& m) {
  return {m.family, absl::StrFormat("%010d", m.version)};
}

std::vector<std::string> RatingPageKey(const Rating& r) {
  return {TimeKey(r.create_time), r.rating_id};
}

std::vector<std::string> JobPageKey(const ReratingJob& j) {
  return {TimeKey(j.create_time), j.job_id};
}

std::vector<std::string> DueForReviewPageKey(const Rating& r) {
  return {r.review_required ? "0" : "1",
          r.valid_until.has_value() ? TimeKey(*r.valid_until) : kNeverExpires, r.rating_id};
}

absl::StatusOr<int> ParseVersionKey(const std::string& part) {
  int version = 0;
  if (!absl::SimpleAtoi(part, &version)) {
    return MalformedKey();
  }
  return version;
}

absl::StatusOr<int> ParseReviewFlagKey(const std::string& part) {
  if (part == "0") {
    return 0;
  }
  if (part == "1") {
    return 1;
  }
  return MalformedKey();
}

absl::Status ModelNotFound(const std::string& model_id) {
  return WithReason(
      absl::NotFoundError(absl::StrCat("scorecard model ", model_id, " does not exist")),
      "MODEL_NOT_FOUND");
}

absl::Status RatingNotFound(const std::string& customer_id, const std::string& rating_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("rating ", rating_id, " of customer ",
                                                     customer_id, " does not exist")),
                    "RATING_NOT_FOUND");
}

absl::Status JobNotFound(const std::string& job_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("re-rating job ", job_id, " does not exist")),
                    "RERATING_JOB_NOT_FOUND");
}

absl::Status ModelAlreadyExists(const std::string& model_id) {
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat("scorecard model ", model_id, " already exists")),
      "MODEL_ALREADY_EXISTS");
}

absl::Status RatingAlreadyExists(const std::string& rating_id) {
  return WithReason(absl::AlreadyExistsError(absl::StrCat("rating ", rating_id, " already exists")),
                    "RATING_ALREADY_EXISTS");
}

absl::Status JobAlreadyExists(const std::string& job_id) {
  return WithReason(
      absl::AlreadyExistsError(absl::StrCat("re-rating job ", job_id, " already exists")),
      "RERATING_JOB_ALREADY_EXISTS");
}

absl::Status ModelRetired(const ScorecardModel& model) {
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        "scorecard model ", model.model_id, " (", model.family, " version ",
                        model.version, ") is retired and cannot be activated again")),
                    "MODEL_RETIRED");
}

absl::Status JobNotRunning(const ReratingJob& job) {
  return WithReason(absl::FailedPreconditionError(
                        absl::StrCat("re-rating job ", job.job_id, " is not running (it is ",
                                     ReratingJobStateName(job.state), ")")),
                    "JOB_NOT_RUNNING");
}

absl::Status CheckFinalJobState(ReratingJobState state) {
  if (state == ReratingJobState::kSucceeded || state == ReratingJobState::kFailed ||
      state == ReratingJobState::kCancelled) {
    return absl::OkStatus();
  }
  return InvalidField("state", "a job finishes as SUCCEEDED, FAILED or CANCELLED");
}

absl::Status LprMissing(const std::string& term, absl::CivilDay day) {
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat("no ", term, " loan prime rate is in force on ",
                                                 absl::FormatCivilTime(day))),
      "LPR_MISSING");
}

}  // namespace ccrm::rating
