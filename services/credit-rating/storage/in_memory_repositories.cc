#include "services/credit-rating/storage/in_memory_repositories.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/credit-rating/storage/column_values.h"
#include "services/credit-rating/storage/repository_rules.h"

namespace ccrm::rating {
namespace {

// How often Decide runs its callback again when the rating or the customer's approved one
// changed while the callback ran (it runs outside the lock, like a transaction that retries).
constexpr int kDecideAttempts = 5;

void TruncateTimes(ScorecardModel& m) {
  m.create_time = TruncateToMicros(m.create_time);
  if (m.activate_time.has_value()) {
    m.activate_time = TruncateToMicros(*m.activate_time);
  }
}

void TruncateTimes(Rating& r) {
  r.create_time = TruncateToMicros(r.create_time);
  if (r.decision_time.has_value()) {
    r.decision_time = TruncateToMicros(*r.decision_time);
  }
  if (r.valid_until.has_value()) {
    r.valid_until = TruncateToMicros(*r.valid_until);
  }
}

// Where ListDueForReview sorts a rating: an approved one without valid_until never expires.
absl::Time ExpiryOf(const Rating& r) {
  static const absl::Time kNever = *ParseTimeKey(kNeverExpires);
  return r.valid_until.value_or(kNever);
}

}  // namespace

// ---- Models ----

class InMemoryRatingStore::Models final : public ModelRepository {
 public:
  explicit Models(InMemoryRatingStore* store) : store_(store) {}

  absl::StatusOr<ScorecardModel> Create(const ScorecardModel& model, const IdempotencyKey& key,
                                        const WriteContext& write) override {
    ScorecardModel stored = model;
    if (stored.model_id.empty()) {
      stored.model_id = NewUuidV7(write.now);
    }
    stored.state = ModelState::kDraft;
    stored.activate_time.reset();
    stored.revision = 1;
    TruncateTimes(stored);
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kModelCreateScope, key));
    if (earlier.has_value()) {
      return GetLocked(LastNameSegment(*earlier));
    }
    if (store_->models_.count(stored.model_id) > 0) {
      return ModelAlreadyExists(stored.model_id);
    }
    int max_version = 0;
    for (const auto& [id, m] : store_->models_) {
      if (m.family == stored.family) {
        max_version = std::max(max_version, m.version);
      }
    }
    stored.version = max_version + 1;
    store_->models_[stored.model_id] = stored;
    store_->requests_.Claim(kModelCreateScope, key, ModelName(stored.model_id));
    return stored;
  }

  absl::StatusOr<ScorecardModel> Get(const std::string& model_id) override {
    absl::MutexLock lock(&store_->mu_);
    return GetLocked(model_id);
  }

  absl::StatusOr<std::optional<ScorecardModel>> GetActive(const std::string& family) override {
    absl::MutexLock lock(&store_->mu_);
    for (const auto& [id, m] : store_->models_) {
      if (m.family == family && m.state == ModelState::kActive) {
        return std::optional<ScorecardModel>(m);
      }
    }
    return std::optional<ScorecardModel>();
  }

  absl::StatusOr<Page<ScorecardModel>> List(const std::string& family,
                                            const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 2));
    int after_version = 0;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_version, ParseVersionKey(page.after_key[1]));
    }
    std::vector<ScorecardModel> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, m] : store_->models_) {
        if (family.empty() || m.family == family) {
          rows.push_back(m);
        }
      }
    }
    auto before = [](const ScorecardModel& a, const ScorecardModel& b) {
      return std::make_tuple(a.family, -a.version) < std::make_tuple(b.family, -b.version);
    };
    auto is_after = [&](const ScorecardModel& m) {
      if (page.after_key.empty()) {
        return true;
      }
      const std::string& after_family = page.after_key[0];
      return m.family > after_family || (m.family == after_family && m.version < after_version);
    };
    return PageOf(std::move(rows), page, before, is_after, ModelPageKey);
  }

  absl::StatusOr<ScorecardModel> Activate(const std::string& model_id, int64_t expected_revision,
                                          const WriteContext& write) override {
    absl::MutexLock lock(&store_->mu_);
    auto it = store_->models_.find(model_id);
    if (it == store_->models_.end()) {
      return ModelNotFound(model_id);
    }
    ScorecardModel& model = it->second;
    if (model.state == ModelState::kActive) {
      return model;
    }
    RETURN_IF_ERROR(CheckRevision(ModelName(model_id), expected_revision, model.revision));
    if (model.state == ModelState::kRetired) {
      return ModelRetired(model);
    }
    for (auto& [id, m] : store_->models_) {
      if (m.family == model.family && m.state == ModelState::kActive) {
        m.state = ModelState::kRetired;
        ++m.revision;
      }
    }
    model.state = ModelState::kActive;
    model.activate_time = TruncateToMicros(write.now);
    ++model.revision;
    return model;
  }

  absl::Status Seed(const ScorecardModel& model) override {
    ScorecardModel seed = model;
    TruncateTimes(seed);
    absl::MutexLock lock(&store_->mu_);
    if (store_->models_.count(seed.model_id) > 0) {
      return absl::OkStatus();
    }
    for (const auto& [id, m] : store_->models_) {
      const bool same_version = m.family == seed.family && m.version == seed.version;
      const bool second_active = m.family == seed.family && m.state == ModelState::kActive &&
                                 seed.state == ModelState::kActive;
      if (same_version || second_active) {
        return WithReason(
            absl::AlreadyExistsError(absl::StrCat(
                "cannot seed scorecard model ", seed.model_id, ": model family ", seed.family,
                same_version ? absl::StrCat(" already has a version ", seed.version)
                             : std::string(" already has an active version"))),
            "MODEL_ALREADY_EXISTS");
      }
    }
    store_->models_[seed.model_id] = seed;
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<ScorecardModel> GetLocked(const std::string& model_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_->mu_) {
    auto it = store_->models_.find(model_id);
    if (it == store_->models_.end()) {
      return ModelNotFound(model_id);
    }
    return it->second;
  }

  InMemoryRatingStore* const store_;
};

// ---- Ratings ----

class InMemoryRatingStore::Ratings final : public RatingRepository {
 public:
  explicit Ratings(InMemoryRatingStore* store) : store_(store) {}

  absl::StatusOr<Rating> CreateDraft(const Rating& rating, const IdempotencyKey& key,
                                     const WriteContext& write) override {
    Rating stored = rating;
    if (stored.rating_id.empty()) {
      stored.rating_id = NewUuidV7(write.now);
    }
    stored.state = RatingState::kDraft;
    stored.revision = 1;
    TruncateTimes(stored);
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kRatingCreateScope, key));
    if (earlier.has_value()) {
      std::vector<std::string> parts = absl::StrSplit(*earlier, '/');
      return GetLocked(parts[1], parts[3]);
    }
    if (store_->ratings_.count(stored.rating_id) > 0) {
      return RatingAlreadyExists(stored.rating_id);
    }
    store_->ratings_[stored.rating_id] = stored;
    store_->requests_.Claim(kRatingCreateScope, key,
                            RatingName(stored.customer_id, stored.rating_id));
    return stored;
  }

  absl::StatusOr<std::optional<Rating>> FindCreated(const IdempotencyKey& key) override {
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kRatingCreateScope, key));
    if (!earlier.has_value()) {
      return std::optional<Rating>();
    }
    std::vector<std::string> parts = absl::StrSplit(*earlier, '/');
    ASSIGN_OR_RETURN(Rating rating, GetLocked(parts[1], parts[3]));
    return std::optional<Rating>(std::move(rating));
  }

  absl::StatusOr<Rating> Get(const std::string& customer_id,
                             const std::string& rating_id) override {
    absl::MutexLock lock(&store_->mu_);
    return GetLocked(customer_id, rating_id);
  }

  absl::StatusOr<Page<Rating>> ListForCustomer(const std::string& customer_id,
                                               const RatingFilter& filter,
                                               const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 2));
    absl::Time after_time;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_time, ParseTimeKey(page.after_key[0]));
    }
    std::vector<Rating> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, r] : store_->ratings_) {
        if (r.customer_id == customer_id &&
            (filter.state == RatingState::kUnspecified || r.state == filter.state)) {
          rows.push_back(r);
        }
      }
    }
    auto before = [](const Rating& a, const Rating& b) {
      return std::tie(a.create_time, a.rating_id) > std::tie(b.create_time, b.rating_id);
    };
    auto is_after = [&](const Rating& r) {
      return page.after_key.empty() ||
             std::tie(r.create_time, r.rating_id) < std::tie(after_time, page.after_key[1]);
    };
    return PageOf(std::move(rows), page, before, is_after, RatingPageKey);
  }

  absl::StatusOr<std::optional<Rating>> LatestApproved(const std::string& customer_id) override {
    absl::MutexLock lock(&store_->mu_);
    const Rating* approved = ApprovedLocked(customer_id, "");
    if (approved == nullptr) {
      return std::optional<Rating>();
    }
    return std::optional<Rating>(*approved);
  }

  absl::StatusOr<Rating> Decide(const std::string& customer_id, const std::string& rating_id,
                                int64_t expected_revision,
                                const std::function<absl::StatusOr<Decision>(
                                    Rating& rating, const std::optional<Rating>& previous)>& decide,
                                const WriteContext& write) override {
    for (int attempt = 0; attempt < kDecideAttempts; ++attempt) {
      Rating current;
      std::optional<Rating> previous;
      {
        absl::MutexLock lock(&store_->mu_);
        ASSIGN_OR_RETURN(current, GetLocked(customer_id, rating_id));
        RETURN_IF_ERROR(
            CheckRevision(RatingName(customer_id, rating_id), expected_revision, current.revision));
        if (const Rating* approved = ApprovedLocked(customer_id, rating_id); approved != nullptr) {
          previous = *approved;
        }
      }
      // The callback runs unlocked (it may call into the store); what it read is checked again
      // below, as a row lock would have kept it.
      Rating next = current;
      ASSIGN_OR_RETURN(Decision decision, decide(next, previous));
      next.rating_id = current.rating_id;
      next.customer_id = current.customer_id;
      next.create_time = current.create_time;
      next.revision = current.revision + 1;
      TruncateTimes(next);

      absl::MutexLock lock(&store_->mu_);
      const Rating& now_current = store_->ratings_.at(rating_id);
      const Rating* now_previous = ApprovedLocked(customer_id, rating_id);
      const bool unchanged =
          now_current.revision == current.revision &&
          (now_previous == nullptr
               ? !previous.has_value()
               : previous.has_value() && now_previous->rating_id == previous->rating_id &&
                     now_previous->revision == previous->revision);
      if (!unchanged) {
        if (now_current.revision != current.revision && expected_revision != 0) {
          return CheckRevision(RatingName(customer_id, rating_id), expected_revision,
                               now_current.revision);
        }
        continue;
      }
      if (next.state == RatingState::kApproved && previous.has_value()) {
        Rating& superseded = store_->ratings_.at(previous->rating_id);
        superseded.state = RatingState::kSuperseded;
        ++superseded.revision;
      }
      store_->ratings_[rating_id] = next;
      for (events::OutboxEvent event : decision.events) {
        if (event.event_id.empty()) {
          event.event_id = NewUuidV7(write.now);
        }
        if (event.request_id.empty()) {
          event.request_id = write.request_id;
        }
        if (event.occur_time == absl::UnixEpoch()) {
          event.occur_time = write.now;
        }
        event.occur_time = TruncateToMicros(event.occur_time);
        store_->outbox_.push_back(std::move(event));
      }
      return next;
    }
    return WithReason(
        absl::AbortedError(absl::StrCat("rating ", rating_id, " of customer ", customer_id,
                                        " kept changing while it was decided; retry the request")),
        "CONCURRENT_WRITE");
  }

  absl::StatusOr<Page<Rating>> ListDueForReview(absl::Time due_before,
                                                const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 3));
    int after_flag = 0;
    absl::Time after_expiry;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_flag, ParseReviewFlagKey(page.after_key[0]));
      ASSIGN_OR_RETURN(after_expiry, ParseTimeKey(page.after_key[1]));
    }
    std::vector<Rating> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, r] : store_->ratings_) {
        if (r.state == RatingState::kApproved &&
            (r.review_required || (r.valid_until.has_value() && *r.valid_until < due_before))) {
          rows.push_back(r);
        }
      }
    }
    auto sort_key = [](const Rating& r) {
      return std::make_tuple(r.review_required ? 0 : 1, ExpiryOf(r), r.rating_id);
    };
    auto before = [&](const Rating& a, const Rating& b) { return sort_key(a) < sort_key(b); };
    auto is_after = [&](const Rating& r) {
      return page.after_key.empty() ||
             sort_key(r) > std::make_tuple(after_flag, after_expiry, page.after_key[2]);
    };
    return PageOf(std::move(rows), page, before, is_after, DueForReviewPageKey);
  }

  absl::StatusOr<bool> MarkReviewRequired(const std::string& customer_id, const std::string& reason,
                                          absl::Time information_time) override {
    absl::MutexLock lock(&store_->mu_);
    Rating* approved = ApprovedLocked(customer_id, "");
    if (approved == nullptr || approved->review_required ||
        approved->create_time >= information_time) {
      return false;
    }
    approved->review_required = true;
    approved->review_reason = reason;
    ++approved->revision;
    return true;
  }

 private:
  absl::StatusOr<Rating> GetLocked(const std::string& customer_id, const std::string& rating_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_->mu_) {
    auto it = store_->ratings_.find(rating_id);
    if (it == store_->ratings_.end() || it->second.customer_id != customer_id) {
      return RatingNotFound(customer_id, rating_id);
    }
    return it->second;
  }

  // The customer's APPROVED rating other than `except_rating_id`, or nullptr.
  Rating* ApprovedLocked(const std::string& customer_id, const std::string& except_rating_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_->mu_) {
    for (auto& [id, r] : store_->ratings_) {
      if (r.customer_id == customer_id && r.state == RatingState::kApproved &&
          id != except_rating_id) {
        return &r;
      }
    }
    return nullptr;
  }

  InMemoryRatingStore* const store_;
};

// ---- Pricing ----

class InMemoryRatingStore::Pricing final : public PricingRepository {
 public:
  explicit Pricing(InMemoryRatingStore* store) : store_(store) {}

  absl::StatusOr<PricingTable> Load(absl::CivilDay today) override {
    absl::MutexLock lock(&store_->mu_);
    if (!store_->pricing_table_.has_value() || store_->pricing_table_->lpr.one_year_bps <= 0) {
      return LprMissing("1-year", today);
    }
    if (store_->pricing_table_->lpr.five_year_bps <= 0) {
      return LprMissing("5-year", today);
    }
    return *store_->pricing_table_;
  }

 private:
  InMemoryRatingStore* const store_;
};

// ---- Re-rating jobs ----

class InMemoryRatingStore::Jobs final : public ReratingJobRepository {
 public:
  explicit Jobs(InMemoryRatingStore* store) : store_(store) {}

  absl::StatusOr<ReratingJob> Create(const ReratingJob& job, const IdempotencyKey& key,
                                     const WriteContext& write) override {
    ReratingJob stored = job;
    if (stored.job_id.empty()) {
      stored.job_id = NewUuidV7(write.now);
    }
    if (stored.created_by.empty()) {
      stored.created_by = write.actor;
    }
    stored.state = ReratingJobState::kRunning;
    stored.create_time = TruncateToMicros(write.now);
    stored.update_time = stored.create_time;
    stored.finish_time.reset();
    stored.last_error.clear();
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kJobCreateScope, key));
    if (earlier.has_value()) {
      return GetLocked(LastNameSegment(*earlier));
    }
    if (store_->jobs_.count(stored.job_id) > 0) {
      return JobAlreadyExists(stored.job_id);
    }
    store_->jobs_[stored.job_id] = stored;
    store_->requests_.Claim(kJobCreateScope, key, JobName(stored.job_id));
    return stored;
  }

  absl::StatusOr<ReratingJob> Get(const std::string& job_id) override {
    absl::MutexLock lock(&store_->mu_);
    return GetLocked(job_id);
  }

  absl::StatusOr<Page<ReratingJob>> List(const PageQuery& page) override {
    RETURN_IF_ERROR(CheckAfterKey(page, 2));
    absl::Time after_time;
    if (!page.after_key.empty()) {
      ASSIGN_OR_RETURN(after_time, ParseTimeKey(page.after_key[0]));
    }
    std::vector<ReratingJob> rows;
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [id, j] : store_->jobs_) {
        rows.push_back(j);
      }
    }
    auto before = [](const ReratingJob& a, const ReratingJob& b) {
      return std::tie(a.create_time, a.job_id) > std::tie(b.create_time, b.job_id);
    };
    auto is_after = [&](const ReratingJob& j) {
      return page.after_key.empty() ||
             std::tie(j.create_time, j.job_id) < std::tie(after_time, page.after_key[1]);
    };
    return PageOf(std::move(rows), page, before, is_after, JobPageKey);
  }

  absl::StatusOr<std::vector<ReratingJob>> ListRunning() override {
    std::vector<ReratingJob> rows;
    absl::MutexLock lock(&store_->mu_);
    for (const auto& [id, j] : store_->jobs_) {
      if (j.state == ReratingJobState::kRunning) {
        rows.push_back(j);
      }
    }
    std::sort(rows.begin(), rows.end(), [](const ReratingJob& a, const ReratingJob& b) {
      return std::tie(a.create_time, a.job_id) < std::tie(b.create_time, b.job_id);
    });
    return rows;
  }

  absl::StatusOr<ReratingJob> RecordProgress(const std::string& job_id,
                                             const std::string& expected_page_token,
                                             const ReratingProgress& progress,
                                             const std::string& next_page_token,
                                             const std::string& last_error,
                                             absl::Time now) override {
    absl::MutexLock lock(&store_->mu_);
    auto it = store_->jobs_.find(job_id);
    if (it == store_->jobs_.end()) {
      return JobNotFound(job_id);
    }
    ReratingJob& job = it->second;
    if (job.state != ReratingJobState::kRunning || job.page_token != expected_page_token) {
      return job;
    }
    job.counts.processed += progress.processed;
    job.counts.rated += progress.rated;
    job.counts.skipped += progress.skipped;
    job.counts.failed += progress.failed;
    job.page_token = next_page_token;
    if (!last_error.empty()) {
      job.last_error = last_error;
    }
    job.update_time = TruncateToMicros(now);
    return job;
  }

  absl::StatusOr<ReratingJob> Finish(const std::string& job_id, ReratingJobState state,
                                     const std::string& last_error, absl::Time now) override {
    RETURN_IF_ERROR(CheckFinalJobState(state));
    absl::MutexLock lock(&store_->mu_);
    auto it = store_->jobs_.find(job_id);
    if (it == store_->jobs_.end()) {
      return JobNotFound(job_id);
    }
    ReratingJob& job = it->second;
    if (job.state != ReratingJobState::kRunning) {
      return JobNotRunning(job);
    }
    job.state = state;
    job.finish_time = TruncateToMicros(now);
    job.update_time = *job.finish_time;
    if (!last_error.empty()) {
      job.last_error = last_error;
    }
    return job;
  }

 private:
  absl::StatusOr<ReratingJob> GetLocked(const std::string& job_id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_->mu_) {
    auto it = store_->jobs_.find(job_id);
    if (it == store_->jobs_.end()) {
      return JobNotFound(job_id);
    }
    return it->second;
  }

  InMemoryRatingStore* const store_;
};

// ---- The store ----

InMemoryRatingStore::InMemoryRatingStore()
    : models_repository_(std::make_unique<Models>(this)),
      ratings_repository_(std::make_unique<Ratings>(this)),
      pricing_repository_(std::make_unique<Pricing>(this)),
      jobs_repository_(std::make_unique<Jobs>(this)) {}

InMemoryRatingStore::~InMemoryRatingStore() = default;

ModelRepository& InMemoryRatingStore::models() { return *models_repository_; }
RatingRepository& InMemoryRatingStore::ratings() { return *ratings_repository_; }
PricingRepository& InMemoryRatingStore::pricing() { return *pricing_repository_; }
ReratingJobRepository& InMemoryRatingStore::jobs() { return *jobs_repository_; }

void InMemoryRatingStore::SetPricingTable(PricingTable table) {
  absl::MutexLock lock(&mu_);
  pricing_table_ = std::move(table);
}

std::vector<events::OutboxEvent> InMemoryRatingStore::outbox() const {
  absl::MutexLock lock(&mu_);
  return outbox_;
}

}  // namespace ccrm::rating
