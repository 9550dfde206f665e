// The in-memory store: the repository contract (repository_contract_test.cc), plus what only it
// has (a settable pricing table; a Decide callback may call back into the store).
#include "services/credit-rating/storage/in_memory_repositories.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "tests/credit-rating/storage/repository_contract.h"
#include "tests/credit-rating/storage/storage_samples.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::SizeIs;

using DecideFn =
    std::function<absl::StatusOr<Decision>(Rating& rating, const std::optional<Rating>& previous)>;

class InMemoryBackend final : public RepositoryBackend {
 public:
  ModelRepository& models() override { return store_.models(); }
  RatingRepository& ratings() override { return store_.ratings(); }
  ReratingJobRepository& jobs() override { return store_.jobs(); }
  std::vector<events::OutboxEvent> Outbox() override { return store_.outbox(); }

 private:
  InMemoryRatingStore store_;
};

absl::StatusOr<std::unique_ptr<RepositoryBackend>> NewInMemoryBackend() {
  return std::unique_ptr<RepositoryBackend>(std::make_unique<InMemoryBackend>());
}

INSTANTIATE_TEST_SUITE_P(InMemory, RepositoryContractTest,
                         ::testing::Values(BackendFactory{"in-memory", &NewInMemoryBackend}));

TEST(InMemoryPricingTest, LoadsTheTableSetOnceBothRatesAreThere) {
  InMemoryRatingStore store;
  absl::StatusOr<PricingTable> none = store.pricing().Load(absl::CivilDay(2025, 6, 30));
  EXPECT_THAT(none, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(none.status()), "LPR_MISSING");

  PricingTable table;
  table.rules.push_back(PricingRule{CreditGrade::kA, Segment::kKey, true, 60, 84, "NONE", 0, 1.25,
                                    0.7, "BRANCH_CREDIT_COMMITTEE"});
  table.lpr = {300, 0};
  store.SetPricingTable(table);
  absl::StatusOr<PricingTable> half = store.pricing().Load(absl::CivilDay(2025, 6, 30));
  EXPECT_THAT(half, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(half.status()), "LPR_MISSING");

  table.lpr = {300, 350};
  store.SetPricingTable(table);
  ASSERT_OK_AND_ASSIGN(PricingTable loaded, store.pricing().Load(absl::CivilDay(2025, 6, 30)));
  ASSERT_THAT(loaded.rules, SizeIs(1));
  EXPECT_EQ(loaded.rules[0].spread_bps, 60);
  EXPECT_EQ(loaded.lpr.one_year_bps, 300);
  EXPECT_EQ(loaded.lpr.five_year_bps, 350);
}

TEST(InMemoryRatingStoreTest, DecideCallbackMayReadTheStore) {
  InMemoryRatingStore store;
  ASSERT_OK(store.ratings()
                .CreateDraft(SampleRating(CustomerId(1), RatingId(1), At(0)), Key("", ""), Write(0))
                .status());
  ASSERT_OK_AND_ASSIGN(
      Rating decided, store.ratings().Decide(
                          CustomerId(1), RatingId(1), 1,
                          [&](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
                            // A use case may look things up while deciding; the store must not
                            // deadlock.
                            absl::StatusOr<Rating> current =
                                store.ratings().Get(CustomerId(1), RatingId(1));
                            if (!current.ok()) {
                              return current.status();
                            }
                            r.state = RatingState::kRejected;
                            return Decision{};
                          },
                          Write(1)));
  EXPECT_EQ(decided.state, RatingState::kRejected);
}

TEST(InMemoryRatingStoreTest, DecideRunsTheCallbackAgainWhenWhatItSawChanged) {
  InMemoryRatingStore store;
  for (int id : {1, 2}) {
    ASSERT_OK(
        store.ratings()
            .CreateDraft(SampleRating(CustomerId(1), RatingId(id), At(0)), Key("", ""), Write(0))
            .status());
  }
  DecideFn approve = [](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
    r.state = RatingState::kApproved;
    return Decision{};
  };
  ASSERT_OK(store.ratings().Decide(CustomerId(1), RatingId(2), 1, approve, Write(1)).status());
  // While the callback runs, the approved rating is marked for review (as an event consumer
  // would): the `previous` the callback saw is stale, so it runs again with the fresh one.
  int calls = 0;
  bool last_saw_mark = false;
  ASSERT_OK_AND_ASSIGN(
      Rating decided,
      store.ratings().Decide(
          CustomerId(1), RatingId(1), 1,
          [&](Rating& r, const std::optional<Rating>& previous) -> absl::StatusOr<Decision> {
            ++calls;
            last_saw_mark = previous.has_value() && previous->review_required;
            (void)store.ratings().MarkReviewRequired(CustomerId(1), "new FY", At(2));
            r.state = RatingState::kApproved;
            return Decision{{Event("t", "s", "p")}};
          },
          Write(2)));
  EXPECT_EQ(decided.state, RatingState::kApproved);
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(last_saw_mark);
  EXPECT_THAT(store.outbox(), SizeIs(1));
  ASSERT_OK_AND_ASSIGN(Rating superseded, store.ratings().Get(CustomerId(1), RatingId(2)));
  EXPECT_EQ(superseded.state, RatingState::kSuperseded);
}

TEST(InMemoryRatingStoreTest, DecideIsAbortedWhenTheRatingChangedUnderItsRevision) {
  InMemoryRatingStore store;
  ASSERT_OK(store.ratings()
                .CreateDraft(SampleRating(CustomerId(1), RatingId(1), At(0)), Key("", ""), Write(0))
                .status());
  DecideFn reject = [](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
    r.state = RatingState::kRejected;
    return Decision{};
  };
  absl::StatusOr<Rating> result = store.ratings().Decide(
      CustomerId(1), RatingId(1), 1,
      [&](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
        // Another checker decides the same rating meanwhile.
        (void)store.ratings().Decide(CustomerId(1), RatingId(1), 0, reject, Write(1));
        r.state = RatingState::kApproved;
        return Decision{{Event("t", "s", "p")}};
      },
      Write(2));
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(result.status()), "ETAG_MISMATCH");
  ASSERT_OK_AND_ASSIGN(Rating stored, store.ratings().Get(CustomerId(1), RatingId(1)));
  EXPECT_EQ(stored.state, RatingState::kRejected);
  EXPECT_EQ(stored.revision, 2);
  EXPECT_THAT(store.outbox(), SizeIs(0));
}

}  // namespace
}  // namespace ccrm::rating
