// The relationship-service repositories in memory, for unit tests of the domain services (and
// runs without a database). One store holds managers, assignments (with history), interactions,
// follow-up tasks, engagements, the request ids of idempotent creates and the events the MySQL
// repositories would have appended to the outbox, behind one mutex, and keeps the contracts of
// domain/repositories.h as the MySQL repositories do: idempotent creates (REQUEST_ID_REUSED for a
// request id reused with another fingerprint), one current assignment per customer
// (ALREADY_ASSIGNED) whose change moves the customer's open engagements, one OPEN task per
// manager and source, revision checks (ETAG_MISMATCH), an interaction completing its engagement
// in the same step (ENGAGEMENT_NOT_FOUND / ENGAGEMENT_ALREADY_COMPLETED), each missed engagement
// swept once, and keyset pages in the MySQL order with the same keys. Instants are kept to the
// microsecond, as DATETIME(6) keeps them.
//
// Example:
//   InMemoryRelationshipStore store;
//   EngagementService plans(&store.engagements(), &store.managers(), &directory, &encoder, &clock);
//   ASSERT_OK_AND_ASSIGN(int missed, plans.SweepMissed(100));
//   EXPECT_EQ(store.events().size(), missed);
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

class InMemoryRelationshipStore final {
 public:
  InMemoryRelationshipStore();
  ~InMemoryRelationshipStore();
  InMemoryRelationshipStore(const InMemoryRelationshipStore&) = delete;
  InMemoryRelationshipStore& operator=(const InMemoryRelationshipStore&) = delete;

  // The repositories over this store; they live as long as it. Each method fails as its
  // interface and the MySQL repository of the same name say (same codes and reasons). Assign's
  // `check` runs under the store's lock and must not call back into the store.
  ManagerRepository& managers();
  InteractionRepository& interactions();
  TaskRepository& tasks();
  EngagementRepository& engagements();

  // Every event appended so far (as AppendEvent would have stored it: event id, request id and
  // occur time filled in from the write when empty), in order.
  std::vector<events::OutboxEvent> events() const;

 private:
  class Managers;
  class Interactions;
  class Tasks;
  class Engagements;

  // Appends `event` as events::AppendEvent would store it (ids and time filled from `write`).
  void AppendEventLocked(events::OutboxEvent event, const WriteContext& write)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, RelationshipManager> managers_ ABSL_GUARDED_BY(mu_);
  // In insertion order; at most one per customer without end_time.
  std::vector<Assignment> assignments_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Interaction> interactions_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, FollowUpTask> tasks_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Engagement> engagements_ ABSL_GUARDED_BY(mu_);
  // Plan resource name (EngagementPlanName) → the ids of the engagements that plan stored.
  std::map<std::string, std::vector<std::string>> plans_ ABSL_GUARDED_BY(mu_);
  RequestClaims requests_ ABSL_GUARDED_BY(mu_);
  std::vector<events::OutboxEvent> events_ ABSL_GUARDED_BY(mu_);

  std::unique_ptr<Managers> managers_repository_;
  std::unique_ptr<Interactions> interactions_repository_;
  std::unique_ptr<Tasks> tasks_repository_;
  std::unique_ptr<Engagements> engagements_repository_;
};

}  // namespace ccrm::relationship
