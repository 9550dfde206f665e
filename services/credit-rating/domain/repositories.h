// The storage the credit-rating domain needs, as interfaces it owns; storage/ implements them on
// MySQL and in memory. Every write is one transaction; approvals also append their events to the
// outbox in that transaction.
//
// Example:
//   ASSIGN_OR_RETURN(Rating approved, ratings.Decide(customer_id, rating_id, revision,
//       [&](Rating& r, const std::optional<Rating>& previous) -> absl::StatusOr<Decision> {
//         r.state = RatingState::kApproved;
//         return Decision{{encoder.RatingApproved(r, previous, write)}};
//       }, write));
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/page.h"
#include "services/credit-rating/domain/pricing.h"
#include "services/credit-rating/domain/rating.h"
#include "services/credit-rating/domain/rerating_job.h"
#include "services/credit-rating/domain/scorecard.h"

namespace ccrm::rating {

class ModelRepository {
 public:
  virtual ~ModelRepository() = default;
  // Stores a new DRAFT version of model.family, numbered max(version)+1 within the family (the
  // model's own version is ignored); model_id, created_by, create_time as given. Idempotent by
  // key (scope "scorecard_models.create"): a replay returns the first model. INVALID_ARGUMENT
  // REQUEST_ID_REUSED as mysql::ClaimRequestId.
  virtual absl::StatusOr<ScorecardModel> Create(const ScorecardModel& model,
                                                const IdempotencyKey& key,
                                                const WriteContext& write) = 0;
  // NOT_FOUND.
  virtual absl::StatusOr<ScorecardModel> Get(const std::string& model_id) = 0;
  // The ACTIVE version of the family, or nullopt.
  virtual absl::StatusOr<std::optional<ScorecardModel>> GetActive(const std::string& family) = 0;
  // Ordered by family, then version descending. Key: {family, version (zero-padded)}.
  virtual absl::StatusOr<Page<ScorecardModel>> List(const std::string& family,
                                                    const PageQuery& page) = 0;
  // Makes the model ACTIVE (activate_time = write.now) and the family's previously active
  // version RETIRED, in one transaction. NOT_FOUND; ABORTED when expected_revision (0 = don't
  // check) differs; FAILED_PRECONDITION (reason MODEL_RETIRED) for a retired model. Activating
  // the active model again returns it unchanged.
  virtual absl::StatusOr<ScorecardModel> Activate(const std::string& model_id,
                                                  int64_t expected_revision,
                                                  const WriteContext& write) = 0;
  // Inserts a shipped model exactly as given (id, family, version, state) unless a model with
  // its id already exists (then nothing changes). For the default model at start-up.
  virtual absl::Status Seed(const ScorecardModel& model) = 0;
};

// What Decide's callback wants written besides the rating: outbox events.
struct Decision {
  std::vector<events::OutboxEvent> events;
};

// Filters of a customer's rating history.
struct RatingFilter {
  RatingState state = RatingState::kUnspecified;  // unspecified = any
};

class RatingRepository {
 public:
  virtual ~RatingRepository() = default;
  // Stores a DRAFT rating (rating_id, create_time, revision 1 as given). Idempotent by key
  // (scope "ratings.create"): a replay returns the earlier rating. INVALID_ARGUMENT
  // REQUEST_ID_REUSED.
  virtual absl::StatusOr<Rating> CreateDraft(const Rating& rating, const IdempotencyKey& key,
                                             const WriteContext& write) = 0;
  // The rating an earlier CreateDraft with this key stored, or nullopt (also for an empty key),
  // so a replay is answered before the work a rating needs. INVALID_ARGUMENT REQUEST_ID_REUSED
  // when the key's request id was used for a different request.
  virtual absl::StatusOr<std::optional<Rating>> FindCreated(const IdempotencyKey& key) = 0;
  // NOT_FOUND (also when the rating belongs to another customer).
  virtual absl::StatusOr<Rating> Get(const std::string& customer_id,
                                     const std::string& rating_id) = 0;
  // Newest first (create_time, rating_id descending). Key: {create_time, rating_id}.
  virtual absl::StatusOr<Page<Rating>> ListForCustomer(const std::string& customer_id,
                                                       const RatingFilter& filter,
                                                       const PageQuery& page) = 0;
  // The customer's APPROVED rating (at most one is APPROVED at a time), or nullopt.
  virtual absl::StatusOr<std::optional<Rating>> LatestApproved(const std::string& customer_id) = 0;
  // In one transaction: locks the rating, checks expected_revision (ABORTED on mismatch; 0 =
  // don't check), reads the customer's current APPROVED rating (nullopt if none), runs `decide`
  // which changes the rating in place; stores it with revision + 1; if it became APPROVED, the
  // previous approved one becomes SUPERSEDED; appends the decision's events last. NOT_FOUND;
  // `decide`'s error rolls everything back and is returned.
  virtual absl::StatusOr<Rating> Decide(
      const std::string& customer_id, const std::string& rating_id, int64_t expected_revision,
      const std::function<absl::StatusOr<Decision>(Rating& rating,
                                                   const std::optional<Rating>& previous)>& decide,
      const WriteContext& write) = 0;
  // APPROVED ratings that need review: review_required, or valid_until < due_before. Soonest
  // first: review_required ones first, then by valid_until, rating_id. Key: {review_required
  // ("0"/"1" inverted so required sorts first), valid_until, rating_id}.
  virtual absl::StatusOr<Page<Rating>> ListDueForReview(absl::Time due_before,
                                                        const PageQuery& page) = 0;
  // Marks the customer's APPROVED rating review_required with `reason` when it was created
  // before `information_time` (the time the new information — a statement, a watch-list move —
  // arrived; a rating made after it already used it). A no-op when there is no such rating or it
  // is already marked. Returns whether a rating was marked.
  virtual absl::StatusOr<bool> MarkReviewRequired(const std::string& customer_id,
                                                  const std::string& reason,
                                                  absl::Time information_time) = 0;
};

class PricingRepository {
 public:
  virtual ~PricingRepository() = default;
  // The pricing table and the loan prime rates in force on `today` (latest effective date not
  // after it). FAILED_PRECONDITION (reason LPR_MISSING) when no rate is in force.
  virtual absl::StatusOr<PricingTable> Load(absl::CivilDay today) = 0;
};

class ReratingJobRepository {
 public:
  virtual ~ReratingJobRepository() = default;
  // Stores a RUNNING job. Idempotent by key (scope "rerating_jobs.create").
  virtual absl::StatusOr<ReratingJob> Create(const ReratingJob& job, const IdempotencyKey& key,
                                             const WriteContext& write) = 0;
  // NOT_FOUND.
  virtual absl::StatusOr<ReratingJob> Get(const std::string& job_id) = 0;
  // Newest first. Key: {create_time, job_id}.
  virtual absl::StatusOr<Page<ReratingJob>> List(const PageQuery& page) = 0;
  // Every RUNNING job (to resume after a restart), oldest first.
  virtual absl::StatusOr<std::vector<ReratingJob>> ListRunning() = 0;
  // Adds `progress` to the counters, stores next_page_token (the cursor a resumed job starts
  // from) and last_error (when non-empty), in one transaction, only while the job is RUNNING
  // and its stored page_token still equals `expected_page_token` (so that two replicas that
  // both resumed the job never count a page twice: the second sees the cursor moved and
  // changes nothing). Returns the job as stored afterwards (its state tells the runner whether
  // it was cancelled meanwhile, its page_token where to go on). NOT_FOUND.
  virtual absl::StatusOr<ReratingJob> RecordProgress(const std::string& job_id,
                                                     const std::string& expected_page_token,
                                                     const ReratingProgress& progress,
                                                     const std::string& next_page_token,
                                                     const std::string& last_error,
                                                     absl::Time now) = 0;
  // RUNNING → state (SUCCEEDED, FAILED or CANCELLED) with finish_time and last_error.
  // FAILED_PRECONDITION (reason JOB_NOT_RUNNING) when the job is not running. NOT_FOUND.
  virtual absl::StatusOr<ReratingJob> Finish(const std::string& job_id, ReratingJobState state,
                                             const std::string& last_error, absl::Time now) = 0;
};

// Turns rating decisions into outbox rows (payload encoding lives in api/).
class RatingEventEncoder {
 public:
  virtual ~RatingEventEncoder() = default;
  virtual events::OutboxEvent RatingApproved(const Rating& rating,
                                             const std::optional<Rating>& previous,
                                             const WriteContext& write) const = 0;
  virtual events::OutboxEvent RatingDowngraded(const Rating& rating, const Rating& previous,
                                               int notches, const WriteContext& write) const = 0;
};

}  // namespace ccrm::rating
