// The relationship-service repositories in memory, for unit tests of the domain services (and
// runs without a database). One store holds managers, assignments (with history), interactions,
// follow-up tasks and the request ids of idempotent creates behind one mutex, and keeps the
// contracts of domain/repositories.h as the MySQL repositories do: idempotent creates
// (REQUEST_ID_REUSED for a request id reused with another fingerprint), one current assignment
// per customer (ALREADY_ASSIGNED), one OPEN task per manager and source, revision checks
// (ETAG_MISMATCH), and keyset pages in the MySQL order with the same keys. Instants are kept to
// the microsecond, as DATETIME(6) keeps them.
//
// Example:
//   InMemoryRelationshipStore store;
//   RelationshipService service(&store.managers(), &store.interactions(), &store.tasks(), ...);
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
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

 private:
  class Managers;
  class Interactions;
  class Tasks;

  mutable absl::Mutex mu_;
  std::map<std::string, RelationshipManager> managers_ ABSL_GUARDED_BY(mu_);
  // In insertion order; at most one per customer without end_time.
  std::vector<Assignment> assignments_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Interaction> interactions_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, FollowUpTask> tasks_ ABSL_GUARDED_BY(mu_);
  RequestClaims requests_ ABSL_GUARDED_BY(mu_);

  std::unique_ptr<Managers> managers_repository_;
  std::unique_ptr<Interactions> interactions_repository_;
  std::unique_ptr<Tasks> tasks_repository_;
};

}  // namespace ccrm::relationship
