#include "services/relationship-service/storage/in_memory_satisfaction.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/pagination/keyset.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/storage/storage_rules.h"

namespace ccrm::relationship {
namespace {

// Orders a customer's surveys as "previous" is judged: by survey_time, then survey_id.
bool Before(const Survey& a, const Survey& b) {
  return std::tie(a.survey_time, a.survey_id) < std::tie(b.survey_time, b.survey_id);
}

}  // namespace

// ---- Surveys ----

class InMemorySatisfactionStore::Surveys final : public SurveyRepository {
 public:
  explicit Surveys(InMemorySatisfactionStore* store) : store_(store) {}

  absl::StatusOr<Survey> Record(const Survey& survey, const IdempotencyKey& key,
                                const RelationshipEventEncoder& encoder,
                                const WriteContext& write) override {
    Survey stored = survey;
    if (stored.survey_id.empty()) {
      stored.survey_id = NewUuidV7(write.now);
    }
    stored.survey_time = TruncateToMicros(stored.survey_time);
    stored.create_time = TruncateToMicros(stored.create_time);
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kSurveyRecordScope, key));
    if (earlier.has_value()) {
      auto it = store_->surveys_.find(LastNameSegment(*earlier));
      if (it == store_->surveys_.end()) {
        return IdempotentResultGone(*earlier);
      }
      return it->second;
    }
    if (store_->surveys_.count(stored.survey_id) > 0) {
      return WithReason(
          absl::AlreadyExistsError(absl::StrCat("survey ", stored.survey_id, " already exists")),
          "SURVEY_ALREADY_EXISTS");
    }
    std::optional<Survey> previous;
    for (const auto& [id, s] : store_->surveys_) {
      if (s.customer_id == stored.customer_id && Before(s, stored) &&
          (!previous.has_value() || Before(*previous, s))) {
        previous = s;
      }
    }
    store_->surveys_[stored.survey_id] = stored;
    std::optional<SurveyScores> previous_scores;
    if (previous.has_value()) {
      previous_scores = ScoresOf(*previous);
    }
    if (IsSatisfactionDrop(previous_scores, ScoresOf(stored))) {
      store_->AppendEventLocked(encoder.SatisfactionDropped(stored, previous, write), write);
    }
    store_->requests_.Claim(kSurveyRecordScope, key, SurveyName(stored));
    return stored;
  }

  absl::StatusOr<std::vector<SurveyScores>> ScoresSince(SurveySubject subject,
                                                        const std::string& id,
                                                        absl::Time since) override {
    std::vector<Survey> matching;
    if (subject == SurveySubject::kManager && id.empty()) {
      return std::vector<SurveyScores>();
    }
    {
      absl::MutexLock lock(&store_->mu_);
      for (const auto& [survey_id, s] : store_->surveys_) {
        const std::string& owner =
            subject == SurveySubject::kManager ? s.manager_id : s.customer_id;
        if (owner == id && s.survey_time >= since) {
          matching.push_back(s);
        }
      }
    }
    std::sort(matching.begin(), matching.end(), Before);
    std::vector<SurveyScores> scores;
    scores.reserve(matching.size());
    for (const Survey& s : matching) {
      scores.push_back(ScoresOf(s));
    }
    return scores;
  }

 private:
  InMemorySatisfactionStore* store_;
};

// ---- Contributions ----

class InMemorySatisfactionStore::Contributions final : public ContributionRepository {
 public:
  explicit Contributions(InMemorySatisfactionStore* store) : store_(store) {}

  absl::StatusOr<Contribution> Record(const Contribution& contribution, const IdempotencyKey& key,
                                      const WriteContext& /*write*/) override {
    RETURN_IF_ERROR(CheckStorable(contribution));
    Contribution stored = contribution;
    stored.record_time = TruncateToMicros(stored.record_time);
    absl::MutexLock lock(&store_->mu_);
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     store_->requests_.Find(kContributionRecordScope, key));
    if (earlier.has_value()) {
      // "customers/{customer_id}/contributions/{yyyy-mm}": the month as it stands now.
      std::vector<std::string> parts = absl::StrSplit(*earlier, '/');
      absl::CivilMonth month;
      if (parts.size() != 4 || !absl::ParseCivilTime(parts[3], &month)) {
        return IdempotentResultGone(*earlier);
      }
      auto it = store_->contributions_.find({parts[1], absl::CivilDay(month)});
      if (it == store_->contributions_.end()) {
        return IdempotentResultGone(*earlier);
      }
      return it->second;
    }
    store_->contributions_[{stored.customer_id, stored.month}] = stored;
    store_->requests_.Claim(kContributionRecordScope, key,
                            ContributionName(stored.customer_id, stored.month));
    return stored;
  }

  absl::StatusOr<std::vector<Contribution>> Since(const std::string& customer_id,
                                                  absl::CivilDay since) override {
    std::vector<Contribution> out;
    absl::MutexLock lock(&store_->mu_);
    for (auto it = store_->contributions_.lower_bound({customer_id, since});
         it != store_->contributions_.end() && it->first.first == customer_id; ++it) {
      out.push_back(it->second);
    }
    return out;
  }

 private:
  InMemorySatisfactionStore* store_;
};

// ---- The store ----

InMemorySatisfactionStore::InMemorySatisfactionStore()
    : surveys_repository_(std::make_unique<Surveys>(this)),
      contributions_repository_(std::make_unique<Contributions>(this)) {}

InMemorySatisfactionStore::~InMemorySatisfactionStore() = default;

SurveyRepository& InMemorySatisfactionStore::surveys() { return *surveys_repository_; }

ContributionRepository& InMemorySatisfactionStore::contributions() {
  return *contributions_repository_;
}

std::vector<events::OutboxEvent> InMemorySatisfactionStore::events() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

void InMemorySatisfactionStore::AppendEventLocked(events::OutboxEvent event,
                                                  const WriteContext& write) {
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
  events_.push_back(std::move(event));
}

}  // namespace ccrm::relationship
