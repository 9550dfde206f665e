// The satisfaction surveys and monthly contributions of relationship-service in memory, for unit
// tests of SatisfactionService (and runs without a database). Keeps the contracts of
// domain/repositories.h as MySqlSurveyRepository and MySqlContributionRepository do: idempotent
// records (REQUEST_ID_REUSED for a request id reused with another fingerprint), the previous
// survey by (survey_time, survey_id) and a SatisfactionDropped event appended with the survey that
// drops, one row per customer and month, and instants kept to the microsecond. Published events
// are kept in order, as the outbox would hold them.
//
// Example:
//   InMemorySatisfactionStore store;
//   SatisfactionService satisfaction(&store.surveys(), &store.contributions(), &managers, ...);
//   EXPECT_EQ(store.events().size(), 1);
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/events/outbox_event.h"
#include "common/ids/request_claims.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

class InMemorySatisfactionStore final {
 public:
  InMemorySatisfactionStore();
  ~InMemorySatisfactionStore();
  InMemorySatisfactionStore(const InMemorySatisfactionStore&) = delete;
  InMemorySatisfactionStore& operator=(const InMemorySatisfactionStore&) = delete;

  // The repositories over this store; they live as long as it. Errors as the MySQL ones:
  // ALREADY_EXISTS (SURVEY_ALREADY_EXISTS) for a taken survey_id, INVALID_ARGUMENT for a
  // contribution whose amounts are in different currencies or reach 10^18 units,
  // REQUEST_ID_REUSED.
  SurveyRepository& surveys();
  ContributionRepository& contributions();

  // The events published so far, oldest first.
  std::vector<events::OutboxEvent> events() const;

 private:
  class Surveys;
  class Contributions;

  // Fills an empty event id, request id and occur time from `write`, as events::AppendEvent.
  void AppendEventLocked(events::OutboxEvent event, const WriteContext& write)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, Survey> surveys_ ABSL_GUARDED_BY(mu_);
  std::map<std::pair<std::string, absl::CivilDay>, Contribution> contributions_
      ABSL_GUARDED_BY(mu_);
  std::vector<events::OutboxEvent> events_ ABSL_GUARDED_BY(mu_);
  RequestClaims requests_ ABSL_GUARDED_BY(mu_);

  std::unique_ptr<Surveys> surveys_repository_;
  std::unique_ptr<Contributions> contributions_repository_;
};

}  // namespace ccrm::relationship
