// The credit-rating repositories in memory, for unit tests of the domain services (and runs
// without a database). One store holds what the one database holds — models, ratings, the
// pricing table, re-rating jobs, the request ids of idempotent creates and the outbox — behind
// one mutex, and keeps the contracts of domain/repositories.h as the MySQL repositories do:
// idempotent creates (REQUEST_ID_REUSED for a request id reused with another fingerprint),
// version numbering per family, one ACTIVE model per family, revision checks (ETAG_MISMATCH),
// one APPROVED rating per customer (the previous one SUPERSEDED), Decide's events in the outbox
// only when it succeeds, and keyset pages in the MySQL order with the same keys. Instants are
// kept to the microsecond, as DATETIME(6) keeps them.
//
// Example:
//   InMemoryRatingStore store;
//   store.SetPricingTable(table);
//   RatingService service(&store.models(), &store.ratings(), &store.pricing(), ...);
//   ...
//   EXPECT_EQ(store.outbox().size(), 1u);
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/events/outbox_event.h"
#include "common/ids/request_claims.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

class InMemoryRatingStore final {
 public:
  InMemoryRatingStore();
  ~InMemoryRatingStore();
  InMemoryRatingStore(const InMemoryRatingStore&) = delete;
  InMemoryRatingStore& operator=(const InMemoryRatingStore&) = delete;

  // The repositories over this store; they live as long as it. Each method fails as its
  // interface and the MySQL repository of the same name say (same codes and reasons).
  ModelRepository& models();
  RatingRepository& ratings();
  // Load returns the table last set, whatever the day; FAILED_PRECONDITION (LPR_MISSING) until
  // a table with both loan prime rates is set.
  PricingRepository& pricing();
  ReratingJobRepository& jobs();

  void SetPricingTable(PricingTable table);

  // For tests: the events Decide has appended, oldest first.
  std::vector<events::OutboxEvent> outbox() const;

 private:
  class Models;
  class Ratings;
  class Pricing;
  class Jobs;

  // What an earlier create with a request id made.

  mutable absl::Mutex mu_;
  std::map<std::string, ScorecardModel> models_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Rating> ratings_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, ReratingJob> jobs_ ABSL_GUARDED_BY(mu_);
  std::optional<PricingTable> pricing_table_ ABSL_GUARDED_BY(mu_);
  RequestClaims requests_ ABSL_GUARDED_BY(mu_);
  std::vector<events::OutboxEvent> outbox_ ABSL_GUARDED_BY(mu_);

  std::unique_ptr<Models> models_repository_;
  std::unique_ptr<Ratings> ratings_repository_;
  std::unique_ptr<Pricing> pricing_repository_;
  std::unique_ptr<Jobs> jobs_repository_;
};

}  // namespace ccrm::rating
