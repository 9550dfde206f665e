// The contract of the credit-rating repositories (see repository_contract.h), run against each
// implementation.
#include "tests/credit-rating/storage/repository_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "services/credit-rating/domain/model_definition.h"
#include "tests/credit-rating/storage/storage_samples.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

using DecideFn =
    std::function<absl::StatusOr<Decision>(Rating& rating, const std::optional<Rating>& previous)>;

constexpr absl::Duration kYear = absl::Hours(24 * 365);

// Approves as `checker` at `at`, valid for a year, appending `events`.
DecideFn Approve(std::string checker, absl::Time at, std::vector<events::OutboxEvent> events = {}) {
  return [=](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
    r.state = RatingState::kApproved;
    r.checker = checker;
    r.decision_time = at;
    r.valid_until = at + kYear;
    return Decision{events};
  };
}

// Approves with valid_until = `valid_until`.
DecideFn ApproveUntil(absl::Time valid_until) {
  return [=](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
    r.state = RatingState::kApproved;
    r.checker = "checker-1";
    r.decision_time = At(0);
    r.valid_until = valid_until;
    return Decision{};
  };
}

std::vector<std::string> IdsOf(const std::vector<Rating>& ratings) {
  std::vector<std::string> ids;
  for (const Rating& r : ratings) {
    ids.push_back(r.rating_id);
  }
  return ids;
}

std::vector<int> VersionsOf(const std::vector<ScorecardModel>& models) {
  std::vector<int> versions;
  for (const ScorecardModel& m : models) {
    versions.push_back(m.version);
  }
  return versions;
}

// ---- Models ----

TEST_P(RepositoryContractTest, ModelCreateNumbersVersionsWithinTheFamilyAsDrafts) {
  ScorecardModel draft = SampleModel("corporate");
  draft.version = 99;
  draft.state = ModelState::kActive;
  draft.revision = 7;
  draft.activate_time = At(1);
  ASSERT_OK_AND_ASSIGN(ScorecardModel first, models().Create(draft, Key("", ""), Write(0)));
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(first.state, ModelState::kDraft);
  EXPECT_EQ(first.revision, 1);
  EXPECT_EQ(first.activate_time, std::nullopt);
  EXPECT_THAT(first.model_id, SizeIs(36));
  EXPECT_EQ(first.create_time, Micros(At(0)));

  draft.model_id = ModelId(2);
  ASSERT_OK_AND_ASSIGN(ScorecardModel second, models().Create(draft, Key("", ""), Write(1)));
  EXPECT_EQ(second.model_id, ModelId(2));
  EXPECT_EQ(second.version, 2);
  draft.model_id.clear();
  ASSERT_OK_AND_ASSIGN(ScorecardModel other,
                       models().Create(SampleModel("sme"), Key("", ""), Write(2)));
  EXPECT_EQ(other.version, 1);

  ASSERT_OK_AND_ASSIGN(ScorecardModel got, models().Get(second.model_id));
  EXPECT_EQ(got.family, "corporate");
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.description, "model of corporate");
  EXPECT_EQ(got.created_by, "modeller-1");
  EXPECT_EQ(got.create_time, Micros(At(0)));
  EXPECT_EQ(got.state, ModelState::kDraft);
  EXPECT_EQ(got.revision, 1);
  // The definition (factors, bins, scaling, bands, adjustments) round-trips.
  EXPECT_EQ(ModelDefinitionToJson(got), ModelDefinitionToJson(second));
  EXPECT_EQ(got.factors.size(), draft.factors.size());
  EXPECT_EQ(got.grade_bands.size(), draft.grade_bands.size());
}

TEST_P(RepositoryContractTest, ModelCreateIsIdempotentPerRequestId) {
  ASSERT_OK_AND_ASSIGN(ScorecardModel first,
                       models().Create(SampleModel("corporate"), Key("r-1", "fp-1"), Write(0)));
  ScorecardModel again = SampleModel("corporate");
  again.model_id = ModelId(9);
  ASSERT_OK_AND_ASSIGN(ScorecardModel replay, models().Create(again, Key("r-1", "fp-1"), Write(5)));
  EXPECT_EQ(replay.model_id, first.model_id);
  EXPECT_EQ(replay.version, 1);
  EXPECT_THAT(models().Get(ModelId(9)), StatusIs(absl::StatusCode::kNotFound));

  absl::StatusOr<ScorecardModel> reused =
      models().Create(SampleModel("corporate"), Key("r-1", "fp-2"), Write(6));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  ASSERT_OK_AND_ASSIGN(Page<ScorecardModel> all, models().List("", PageQuery{}));
  EXPECT_THAT(VersionsOf(all.items), ElementsAre(1));
}

TEST_P(RepositoryContractTest, ModelGetOfUnknownIsNotFoundAndNoActiveIsNullopt) {
  absl::StatusOr<ScorecardModel> got = models().Get(ModelId(404));
  EXPECT_THAT(got, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(got.status()), "MODEL_NOT_FOUND");
  ASSERT_OK_AND_ASSIGN(std::optional<ScorecardModel> active, models().GetActive("corporate"));
  EXPECT_EQ(active, std::nullopt);
}

TEST_P(RepositoryContractTest, ActivateRetiresTheFamilysPreviousActiveVersion) {
  ASSERT_OK_AND_ASSIGN(ScorecardModel v1,
                       models().Create(SampleModel("corporate"), Key("", ""), Write(0)));
  ASSERT_OK_AND_ASSIGN(ScorecardModel v2,
                       models().Create(SampleModel("corporate"), Key("", ""), Write(1)));
  ASSERT_OK_AND_ASSIGN(ScorecardModel sme,
                       models().Create(SampleModel("sme"), Key("", ""), Write(2)));
  ASSERT_OK(models().Activate(sme.model_id, 1, Write(3)).status());

  ASSERT_OK_AND_ASSIGN(ScorecardModel active1, models().Activate(v1.model_id, 1, Write(10)));
  EXPECT_EQ(active1.state, ModelState::kActive);
  EXPECT_EQ(active1.revision, 2);
  EXPECT_EQ(active1.activate_time, Micros(At(10)));
  ASSERT_OK_AND_ASSIGN(std::optional<ScorecardModel> active, models().GetActive("corporate"));
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->model_id, v1.model_id);

  ASSERT_OK_AND_ASSIGN(ScorecardModel active2, models().Activate(v2.model_id, 1, Write(20)));
  EXPECT_EQ(active2.state, ModelState::kActive);
  ASSERT_OK_AND_ASSIGN(ScorecardModel retired, models().Get(v1.model_id));
  EXPECT_EQ(retired.state, ModelState::kRetired);
  EXPECT_EQ(retired.revision, 3);
  EXPECT_EQ(retired.activate_time, Micros(At(10)));
  ASSERT_OK_AND_ASSIGN(active, models().GetActive("corporate"));
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->model_id, v2.model_id);
  // Another family's active version is left alone.
  ASSERT_OK_AND_ASSIGN(ScorecardModel sme_now, models().Get(sme.model_id));
  EXPECT_EQ(sme_now.state, ModelState::kActive);
}

TEST_P(RepositoryContractTest, ActivateChecksRevisionRefusesRetiredAndKeepsActive) {
  ASSERT_OK_AND_ASSIGN(ScorecardModel v1,
                       models().Create(SampleModel("corporate"), Key("", ""), Write(0)));
  ASSERT_OK_AND_ASSIGN(ScorecardModel v2,
                       models().Create(SampleModel("corporate"), Key("", ""), Write(1)));

  absl::StatusOr<ScorecardModel> stale = models().Activate(v1.model_id, 5, Write(2));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted, HasSubstr("read it again")));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  ASSERT_OK_AND_ASSIGN(ScorecardModel unchanged, models().Get(v1.model_id));
  EXPECT_EQ(unchanged.state, ModelState::kDraft);
  EXPECT_EQ(unchanged.revision, 1);

  ASSERT_OK_AND_ASSIGN(ScorecardModel active, models().Activate(v1.model_id, 0, Write(3)));
  // Activating the active model again returns it unchanged.
  ASSERT_OK_AND_ASSIGN(ScorecardModel again, models().Activate(v1.model_id, 1, Write(4)));
  EXPECT_EQ(again.revision, active.revision);
  EXPECT_EQ(again.activate_time, Micros(At(3)));

  ASSERT_OK(models().Activate(v2.model_id, 0, Write(5)).status());
  absl::StatusOr<ScorecardModel> retired = models().Activate(v1.model_id, 0, Write(6));
  EXPECT_THAT(retired, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(retired.status()), "MODEL_RETIRED");

  absl::StatusOr<ScorecardModel> unknown = models().Activate(ModelId(404), 0, Write(7));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "MODEL_NOT_FOUND");
}

TEST_P(RepositoryContractTest, ModelListIsByFamilyThenNewestVersionAndPages) {
  for (const char* family : {"corporate", "sme", "corporate", "agri", "corporate", "sme"}) {
    ASSERT_OK(models().Create(SampleModel(family), Key("", ""), Write(0)).status());
  }
  PageQuery page{2, {}};
  std::vector<std::string> seen;
  std::vector<std::vector<std::string>> keys;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(Page<ScorecardModel> p, models().List("", page));
    for (const ScorecardModel& m : p.items) {
      seen.push_back(absl::StrCat(m.family, m.version));
    }
    keys.push_back(p.next_key);
    if (p.next_key.empty()) {
      break;
    }
    page.after_key = p.next_key;
  }
  EXPECT_THAT(seen, ElementsAre("agri1", "corporate3", "corporate2", "corporate1", "sme2", "sme1"));
  ASSERT_THAT(keys, SizeIs(3));
  EXPECT_THAT(keys[0], ElementsAre("corporate", "0000000003"));
  EXPECT_THAT(keys[2], IsEmpty());

  ASSERT_OK_AND_ASSIGN(Page<ScorecardModel> corporate, models().List("corporate", PageQuery{}));
  EXPECT_THAT(VersionsOf(corporate.items), ElementsAre(3, 2, 1));
  EXPECT_THAT(corporate.next_key, IsEmpty());

  EXPECT_THAT(models().List("", PageQuery{2, {"corporate"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(models().List("", PageQuery{2, {"corporate", "x3"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(RepositoryContractTest, SeedInsertsAsGivenOnceAndKeepsTheStoredModel) {
  ScorecardModel shipped = SampleModel("corporate");
  shipped.model_id = kDefaultCorporateModelId;
  shipped.version = 1;
  shipped.state = ModelState::kActive;
  shipped.activate_time = At(0);
  ASSERT_OK(models().Seed(shipped));
  ASSERT_OK_AND_ASSIGN(ScorecardModel seeded, models().Get(kDefaultCorporateModelId));
  EXPECT_EQ(seeded.state, ModelState::kActive);
  EXPECT_EQ(seeded.version, 1);
  EXPECT_EQ(seeded.activate_time, Micros(At(0)));

  shipped.description = "changed";
  ASSERT_OK(models().Seed(shipped));
  ASSERT_OK_AND_ASSIGN(seeded, models().Get(kDefaultCorporateModelId));
  EXPECT_EQ(seeded.description, "model of corporate");

  ASSERT_OK_AND_ASSIGN(ScorecardModel next,
                       models().Create(SampleModel("corporate"), Key("", ""), Write(1)));
  EXPECT_EQ(next.version, 2);

  ScorecardModel clash = shipped;
  clash.model_id = ModelId(5);
  EXPECT_THAT(models().Seed(clash), StatusIs(absl::StatusCode::kAlreadyExists));  // version 1
  clash.version = 9;
  EXPECT_THAT(models().Seed(clash), StatusIs(absl::StatusCode::kAlreadyExists));  // 2nd active
  EXPECT_THAT(models().Get(ModelId(5)), StatusIs(absl::StatusCode::kNotFound));
}

// ---- Ratings ----

TEST_P(RepositoryContractTest, CreateDraftThenGetRoundTripsEveryField) {
  Rating draft = SampleRating(CustomerId(1), RatingId(1), At(0));
  draft.state = RatingState::kApproved;  // ignored: a new rating is a draft
  draft.revision = 9;
  draft.decision_time = At(3);
  draft.valid_until = At(4);
  draft.review_required = true;
  draft.review_reason = "r";
  draft.checker = "c";
  draft.override_reason = "o";
  draft.rejection_reason = "x";
  ASSERT_OK_AND_ASSIGN(Rating created, ratings().CreateDraft(draft, Key("", ""), Write(0)));
  EXPECT_EQ(created.state, RatingState::kDraft);
  EXPECT_EQ(created.revision, 1);
  EXPECT_EQ(created.create_time, Micros(At(0)));
  EXPECT_EQ(created.decision_time, Micros(At(3)));
  ASSERT_OK_AND_ASSIGN(Rating got, ratings().Get(CustomerId(1), RatingId(1)));
  ExpectSameRating(got, created);
  EXPECT_EQ(got.review_reason, "r");

  Rating minimal;
  minimal.customer_id = CustomerId(2);
  minimal.create_time = At(1);
  minimal.computed.ratios = {{"dscr", std::nullopt, "debt_service is missing"}};
  ASSERT_OK_AND_ASSIGN(Rating bare, ratings().CreateDraft(minimal, Key("", ""), Write(1)));
  EXPECT_THAT(bare.rating_id, SizeIs(36));
  ASSERT_OK_AND_ASSIGN(Rating bare_got, ratings().Get(CustomerId(2), bare.rating_id));
  ExpectSameRating(bare_got, bare);
  EXPECT_EQ(bare_got.market, std::nullopt);
  EXPECT_EQ(bare_got.bureau_report, std::nullopt);
  EXPECT_EQ(bare_got.computed.merton, std::nullopt);
  EXPECT_EQ(bare_got.computed.altman, std::nullopt);
  EXPECT_EQ(bare_got.computed.ratios[0].value, std::nullopt);
}

TEST_P(RepositoryContractTest, CreateDraftIsIdempotentPerRequestId) {
  ASSERT_OK_AND_ASSIGN(Rating first,
                       ratings().CreateDraft(SampleRating(CustomerId(1), RatingId(1), At(0)),
                                             Key("rate-1", "fp"), Write(0)));
  ASSERT_OK_AND_ASSIGN(Rating replay,
                       ratings().CreateDraft(SampleRating(CustomerId(1), RatingId(2), At(1)),
                                             Key("rate-1", "fp"), Write(1)));
  ExpectSameRating(replay, first);
  EXPECT_THAT(ratings().Get(CustomerId(1), RatingId(2)), StatusIs(absl::StatusCode::kNotFound));

  absl::StatusOr<Rating> reused = ratings().CreateDraft(
      SampleRating(CustomerId(1), RatingId(3), At(2)), Key("rate-1", "other"), Write(2));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  absl::StatusOr<Rating> taken = ratings().CreateDraft(
      SampleRating(CustomerId(1), RatingId(1), At(3)), Key("rate-2", "fp"), Write(3));
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "RATING_ALREADY_EXISTS");
}

TEST_P(RepositoryContractTest, FindCreatedAnswersAReplayWithoutWriting) {
  ASSERT_OK_AND_ASSIGN(std::optional<Rating> none, ratings().FindCreated(Key("rate-1", "fp")));
  EXPECT_FALSE(none.has_value());
  ASSERT_OK_AND_ASSIGN(none, ratings().FindCreated(Key("", "")));
  EXPECT_FALSE(none.has_value());
  ASSERT_OK_AND_ASSIGN(Rating first,
                       ratings().CreateDraft(SampleRating(CustomerId(1), RatingId(1), At(0)),
                                             Key("rate-1", "fp"), Write(0)));
  ASSERT_OK_AND_ASSIGN(std::optional<Rating> found, ratings().FindCreated(Key("rate-1", "fp")));
  ASSERT_TRUE(found.has_value());
  ExpectSameRating(*found, first);
  absl::StatusOr<std::optional<Rating>> reused = ratings().FindCreated(Key("rate-1", "other"));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
}

TEST_P(RepositoryContractTest, GetOfAnotherCustomersRatingIsNotFound) {
  ASSERT_OK(ratings()
                .CreateDraft(SampleRating(CustomerId(1), RatingId(1), At(0)), Key("", ""), Write(0))
                .status());
  absl::StatusOr<Rating> other = ratings().Get(CustomerId(2), RatingId(1));
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(other.status()), "RATING_NOT_FOUND");
  EXPECT_THAT(ratings().Get(CustomerId(1), RatingId(2)), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RepositoryContractTest, ListForCustomerIsNewestFirstFilteredAndPaged) {
  const std::vector<std::pair<int, int>> id_and_second = {{1, 0}, {2, 1}, {3, 2}, {4, 2}, {5, 3}};
  for (const auto& [id, second] : id_and_second) {
    ASSERT_OK(ratings()
                  .CreateDraft(SampleRating(CustomerId(1), RatingId(id), At(second)), Key("", ""),
                               Write(second))
                  .status());
  }
  ASSERT_OK(ratings()
                .CreateDraft(SampleRating(CustomerId(2), RatingId(9), At(9)), Key("", ""), Write(9))
                .status());
  ASSERT_OK(
      ratings().Decide(CustomerId(1), RatingId(2), 1, Approve("c", At(20)), Write(20)).status());

  PageQuery page{2, {}};
  std::vector<std::string> seen;
  std::vector<std::vector<std::string>> keys;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(Page<Rating> p, ratings().ListForCustomer(CustomerId(1), {}, page));
    for (const std::string& id : IdsOf(p.items)) {
      seen.push_back(id);
    }
    keys.push_back(p.next_key);
    if (p.next_key.empty()) {
      break;
    }
    page.after_key = p.next_key;
  }
  EXPECT_THAT(seen, ElementsAre(RatingId(5), RatingId(4), RatingId(3), RatingId(2), RatingId(1)));
  ASSERT_THAT(keys, SizeIs(3));
  EXPECT_THAT(keys[0], ElementsAre("2026-03-01 09:00:02.123456", RatingId(4)));

  ASSERT_OK_AND_ASSIGN(Page<Rating> approved,
                       ratings().ListForCustomer(CustomerId(1), {RatingState::kApproved}, {}));
  EXPECT_THAT(IdsOf(approved.items), ElementsAre(RatingId(2)));
  ASSERT_OK_AND_ASSIGN(Page<Rating> drafts,
                       ratings().ListForCustomer(CustomerId(1), {RatingState::kDraft}, {}));
  EXPECT_THAT(IdsOf(drafts.items), ElementsAre(RatingId(5), RatingId(4), RatingId(3), RatingId(1)));

  EXPECT_THAT(ratings().ListForCustomer(CustomerId(1), {}, PageQuery{2, {"x"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ratings().ListForCustomer(CustomerId(1), {}, PageQuery{2, {"yesterday", "x"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(RepositoryContractTest, ApprovalSupersedesThePreviousAndAppendsItsEvents) {
  for (int id : {1, 2, 3}) {
    ASSERT_OK(
        ratings()
            .CreateDraft(SampleRating(CustomerId(1), RatingId(id), At(id)), Key("", ""), Write(id))
            .status());
  }
  std::optional<Rating> seen_previous = Rating{};
  DecideFn first = [&](Rating& r, const std::optional<Rating>& previous) {
    seen_previous = previous;
    // Identity and bookkeeping are the store's: these changes are ignored.
    r.rating_id = "changed";
    r.customer_id = "changed";
    r.create_time = At(999);
    r.revision = 77;
    return Approve("checker-1", At(10),
                   {Event("ccrm.rating.v1.RatingApproved",
                          "customers/" + CustomerId(1) + "/ratings/" + RatingId(1), "first")})(
        r, previous);
  };
  ASSERT_OK_AND_ASSIGN(Rating approved1,
                       ratings().Decide(CustomerId(1), RatingId(1), 1, first, Write(10, "req-a")));
  EXPECT_EQ(seen_previous, std::nullopt);
  EXPECT_EQ(approved1.rating_id, RatingId(1));
  EXPECT_EQ(approved1.customer_id, CustomerId(1));
  EXPECT_EQ(approved1.create_time, Micros(At(1)));
  EXPECT_EQ(approved1.state, RatingState::kApproved);
  EXPECT_EQ(approved1.revision, 2);
  EXPECT_EQ(approved1.checker, "checker-1");
  EXPECT_EQ(approved1.decision_time, Micros(At(10)));
  EXPECT_EQ(approved1.valid_until, Micros(At(10) + kYear));
  ASSERT_OK_AND_ASSIGN(Rating got1, ratings().Get(CustomerId(1), RatingId(1)));
  ExpectSameRating(got1, approved1);

  std::optional<Rating> previous_of_second;
  DecideFn second = [&](Rating& r, const std::optional<Rating>& previous) {
    previous_of_second = previous;
    return Approve("checker-2", At(20),
                   {Event("ccrm.rating.v1.RatingApproved", "second-subject", "second"),
                    Event("ccrm.rating.v1.RatingDowngraded", "second-subject", "down")})(r,
                                                                                         previous);
  };
  ASSERT_OK_AND_ASSIGN(Rating approved2,
                       ratings().Decide(CustomerId(1), RatingId(2), 1, second, Write(20, "req-b")));
  ASSERT_TRUE(previous_of_second.has_value());
  EXPECT_EQ(previous_of_second->rating_id, RatingId(1));
  EXPECT_EQ(previous_of_second->state, RatingState::kApproved);
  EXPECT_EQ(approved2.state, RatingState::kApproved);
  ASSERT_OK_AND_ASSIGN(Rating superseded, ratings().Get(CustomerId(1), RatingId(1)));
  EXPECT_EQ(superseded.state, RatingState::kSuperseded);
  EXPECT_EQ(superseded.revision, 3);
  ASSERT_OK_AND_ASSIGN(std::optional<Rating> latest, ratings().LatestApproved(CustomerId(1)));
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->rating_id, RatingId(2));

  // A rejection leaves the approved rating alone.
  DecideFn reject = [](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
    r.state = RatingState::kRejected;
    r.rejection_reason = "statements unaudited";
    return Decision{};
  };
  ASSERT_OK_AND_ASSIGN(Rating rejected,
                       ratings().Decide(CustomerId(1), RatingId(3), 1, reject, Write(30)));
  EXPECT_EQ(rejected.state, RatingState::kRejected);
  ASSERT_OK_AND_ASSIGN(latest, ratings().LatestApproved(CustomerId(1)));
  EXPECT_EQ(latest->rating_id, RatingId(2));
  ASSERT_OK_AND_ASSIGN(std::optional<Rating> none, ratings().LatestApproved(CustomerId(2)));
  EXPECT_EQ(none, std::nullopt);

  std::vector<events::OutboxEvent> outbox = Outbox();
  ASSERT_THAT(outbox, SizeIs(3));
  EXPECT_EQ(outbox[0].event_type, "ccrm.rating.v1.RatingApproved");
  EXPECT_EQ(outbox[0].subject, "customers/" + CustomerId(1) + "/ratings/" + RatingId(1));
  EXPECT_EQ(outbox[0].payload, "first");
  EXPECT_EQ(outbox[0].request_id, "req-a");
  EXPECT_EQ(outbox[0].occur_time, Micros(At(10)));
  EXPECT_EQ(outbox[1].payload, "second");
  EXPECT_EQ(outbox[1].request_id, "req-b");
  EXPECT_EQ(outbox[2].event_type, "ccrm.rating.v1.RatingDowngraded");
  EXPECT_EQ(outbox[2].payload, "down");
  for (const events::OutboxEvent& e : outbox) {
    EXPECT_THAT(e.event_id, SizeIs(36));
  }
  EXPECT_NE(outbox[1].event_id, outbox[2].event_id);
}

TEST_P(RepositoryContractTest, FailedDecisionWritesNothing) {
  for (int id : {1, 2}) {
    ASSERT_OK(
        ratings()
            .CreateDraft(SampleRating(CustomerId(1), RatingId(id), At(id)), Key("", ""), Write(id))
            .status());
  }
  ASSERT_OK(ratings()
                .Decide(CustomerId(1), RatingId(1), 1,
                        Approve("c", At(10), {Event("t", "s", "approved")}), Write(10))
                .status());
  DecideFn failing = [](Rating& r, const std::optional<Rating>&) -> absl::StatusOr<Decision> {
    r.state = RatingState::kApproved;
    r.checker = "c";
    return absl::FailedPreconditionError("the maker cannot check their own rating");
  };
  EXPECT_THAT(ratings().Decide(CustomerId(1), RatingId(2), 1, failing, Write(20)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("maker")));
  ASSERT_OK_AND_ASSIGN(Rating draft, ratings().Get(CustomerId(1), RatingId(2)));
  EXPECT_EQ(draft.state, RatingState::kDraft);
  EXPECT_EQ(draft.checker, "");
  EXPECT_EQ(draft.revision, 1);
  ASSERT_OK_AND_ASSIGN(Rating approved, ratings().Get(CustomerId(1), RatingId(1)));
  EXPECT_EQ(approved.state, RatingState::kApproved);
  EXPECT_EQ(approved.revision, 2);
  EXPECT_THAT(Outbox(), SizeIs(1));
}

TEST_P(RepositoryContractTest, DecideChecksRevisionAndExistence) {
  ASSERT_OK(ratings()
                .CreateDraft(SampleRating(CustomerId(1), RatingId(1), At(0)), Key("", ""), Write(0))
                .status());
  bool called = false;
  DecideFn spy = [&](Rating& r, const std::optional<Rating>& p) {
    called = true;
    return Approve("c", At(1))(r, p);
  };
  absl::StatusOr<Rating> stale = ratings().Decide(CustomerId(1), RatingId(1), 2, spy, Write(1));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted, HasSubstr("read it again")));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_FALSE(called);

  absl::StatusOr<Rating> unknown = ratings().Decide(CustomerId(1), RatingId(2), 0, spy, Write(1));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "RATING_NOT_FOUND");
  EXPECT_THAT(ratings().Decide(CustomerId(2), RatingId(1), 0, spy, Write(1)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_FALSE(called);

  ASSERT_OK_AND_ASSIGN(Rating decided,
                       ratings().Decide(CustomerId(1), RatingId(1), 0, spy, Write(1)));
  EXPECT_TRUE(called);
  EXPECT_EQ(decided.revision, 2);
}

TEST_P(RepositoryContractTest, DueForReviewIsRequiredFirstThenSoonestExpiryAndPages) {
  struct Setup {
    int customer;
    int rating;
    int64_t valid_until_seconds;
    bool mark;
  };
  // Due before At(1000): review-required ones whatever their expiry, then expiring ones.
  const std::vector<Setup> setups = {
      {1, 1, 100, false},   // expiring, tie on expiry with 7 (sorted by id)
      {2, 2, 50, true},     // required
      {3, 3, 5000, false},  // not due
      {4, 4, 200, false},   // expiring
      {5, 5, 3000, true},   // required, not expiring soon
      {7, 7, 100, false},   // expiring
  };
  for (const Setup& s : setups) {
    ASSERT_OK(ratings()
                  .CreateDraft(SampleRating(CustomerId(s.customer), RatingId(s.rating), At(0)),
                               Key("", ""), Write(0))
                  .status());
    ASSERT_OK(ratings()
                  .Decide(CustomerId(s.customer), RatingId(s.rating), 1,
                          ApproveUntil(At(s.valid_until_seconds)), Write(1))
                  .status());
    if (s.mark) {
      ASSERT_OK_AND_ASSIGN(bool marked,
                           ratings().MarkReviewRequired(CustomerId(s.customer), "new FY", At(2)));
      EXPECT_TRUE(marked);
    }
  }
  // A draft that would be due is not listed.
  ASSERT_OK(ratings()
                .CreateDraft(SampleRating(CustomerId(6), RatingId(6), At(0)), Key("", ""), Write(0))
                .status());

  PageQuery page{2, {}};
  std::vector<std::string> seen;
  std::vector<std::vector<std::string>> keys;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(Page<Rating> p, ratings().ListDueForReview(At(1000), page));
    for (const std::string& id : IdsOf(p.items)) {
      seen.push_back(id);
    }
    keys.push_back(p.next_key);
    if (p.next_key.empty()) {
      break;
    }
    page.after_key = p.next_key;
  }
  EXPECT_THAT(seen, ElementsAre(RatingId(2), RatingId(5), RatingId(1), RatingId(7), RatingId(4)));
  ASSERT_THAT(keys, SizeIs(3));
  EXPECT_THAT(keys[0], ElementsAre("0", "2026-03-01 09:50:00.123456", RatingId(5)));
  EXPECT_THAT(keys[1], ElementsAre("1", "2026-03-01 09:01:40.123456", RatingId(7)));

  ASSERT_OK_AND_ASSIGN(Page<Rating> early, ratings().ListDueForReview(At(60), PageQuery{}));
  EXPECT_THAT(IdsOf(early.items), ElementsAre(RatingId(2), RatingId(5)));

  EXPECT_THAT(ratings().ListDueForReview(At(0), PageQuery{2, {"2", "x", "y"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ratings().ListDueForReview(At(0), PageQuery{2, {"0", "y"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(RepositoryContractTest, MarkReviewRequiredMarksTheApprovedRatingOnce) {
  ASSERT_OK_AND_ASSIGN(bool marked, ratings().MarkReviewRequired(CustomerId(1), "new FY", At(1)));
  EXPECT_FALSE(marked);  // no approved rating
  for (int id : {1, 2}) {
    ASSERT_OK(
        ratings()
            .CreateDraft(SampleRating(CustomerId(1), RatingId(id), At(id)), Key("", ""), Write(id))
            .status());
  }
  ASSERT_OK(
      ratings().Decide(CustomerId(1), RatingId(1), 1, Approve("c", At(5)), Write(5)).status());

  ASSERT_OK_AND_ASSIGN(marked,
                       ratings().MarkReviewRequired(CustomerId(1), "new statement FY2025", At(6)));
  EXPECT_TRUE(marked);
  ASSERT_OK_AND_ASSIGN(Rating approved, ratings().Get(CustomerId(1), RatingId(1)));
  EXPECT_TRUE(approved.review_required);
  EXPECT_EQ(approved.review_reason, "new statement FY2025");
  EXPECT_EQ(approved.revision, 3);

  ASSERT_OK_AND_ASSIGN(marked, ratings().MarkReviewRequired(CustomerId(1), "again", At(7)));
  EXPECT_FALSE(marked);
  ASSERT_OK_AND_ASSIGN(approved, ratings().Get(CustomerId(1), RatingId(1)));
  EXPECT_EQ(approved.review_reason, "new statement FY2025");
  EXPECT_EQ(approved.revision, 3);
  ASSERT_OK_AND_ASSIGN(Rating draft, ratings().Get(CustomerId(1), RatingId(2)));
  EXPECT_FALSE(draft.review_required);
}

// ---- Re-rating jobs ----

ReratingJob SampleJob(int n) {
  ReratingJob job;
  job.job_id = JobId(n);
  job.state = ReratingJobState::kFailed;  // ignored: a new job runs
  job.segment = Segment::kSme;
  job.model_family = "corporate";
  job.created_by = "analyst-7";
  job.last_error = "ignored";
  return job;
}

TEST_P(RepositoryContractTest, JobCreateRunsAndIsIdempotent) {
  ASSERT_OK_AND_ASSIGN(ReratingJob job, jobs().Create(SampleJob(1), Key("j-1", "fp"), Write(0)));
  EXPECT_EQ(job.job_id, JobId(1));
  EXPECT_EQ(job.state, ReratingJobState::kRunning);
  EXPECT_EQ(job.create_time, Micros(At(0)));
  EXPECT_EQ(job.update_time, Micros(At(0)));
  EXPECT_EQ(job.finish_time, std::nullopt);
  EXPECT_EQ(job.last_error, "");
  ASSERT_OK_AND_ASSIGN(ReratingJob got, jobs().Get(JobId(1)));
  EXPECT_EQ(got.segment, Segment::kSme);
  EXPECT_EQ(got.model_family, "corporate");
  EXPECT_EQ(got.created_by, "analyst-7");
  EXPECT_EQ(got.page_token, "");
  EXPECT_EQ(got.create_time, Micros(At(0)));
  EXPECT_EQ(got.state, ReratingJobState::kRunning);

  ASSERT_OK_AND_ASSIGN(ReratingJob replay, jobs().Create(SampleJob(2), Key("j-1", "fp"), Write(1)));
  EXPECT_EQ(replay.job_id, JobId(1));
  absl::StatusOr<ReratingJob> reused = jobs().Create(SampleJob(3), Key("j-1", "fp2"), Write(1));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  absl::StatusOr<ReratingJob> unknown = jobs().Get(JobId(2));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "RERATING_JOB_NOT_FOUND");
}

TEST_P(RepositoryContractTest, RecordProgressCountsEachPageOnceWhileRunning) {
  ASSERT_OK(jobs().Create(SampleJob(1), Key("", ""), Write(0)).status());
  ASSERT_OK_AND_ASSIGN(ReratingJob job, jobs().RecordProgress(JobId(1), "", {10, 8, 1, 1}, "tok-1",
                                                              "customers/x: timeout", At(5)));
  EXPECT_EQ(job.counts.processed, 10);
  EXPECT_EQ(job.counts.rated, 8);
  EXPECT_EQ(job.counts.skipped, 1);
  EXPECT_EQ(job.counts.failed, 1);
  EXPECT_EQ(job.page_token, "tok-1");
  EXPECT_EQ(job.last_error, "customers/x: timeout");
  EXPECT_EQ(job.update_time, Micros(At(5)));

  // Another replica recording the same page (its cursor is stale) changes nothing.
  ASSERT_OK_AND_ASSIGN(job, jobs().RecordProgress(JobId(1), "", {10, 8, 1, 1}, "tok-1", "", At(6)));
  EXPECT_EQ(job.counts.processed, 10);
  EXPECT_EQ(job.update_time, Micros(At(5)));

  ASSERT_OK_AND_ASSIGN(job,
                       jobs().RecordProgress(JobId(1), "tok-1", {5, 5, 0, 0}, "tok-2", "", At(7)));
  EXPECT_EQ(job.counts.processed, 15);
  EXPECT_EQ(job.counts.rated, 13);
  EXPECT_EQ(job.page_token, "tok-2");
  EXPECT_EQ(job.last_error, "customers/x: timeout");  // kept when the page had none
  ASSERT_OK_AND_ASSIGN(ReratingJob stored, jobs().Get(JobId(1)));
  EXPECT_EQ(stored.counts.processed, 15);
  EXPECT_EQ(stored.page_token, "tok-2");
  EXPECT_EQ(stored.update_time, Micros(At(7)));

  ASSERT_OK(
      jobs().Finish(JobId(1), ReratingJobState::kCancelled, "cancelled by boss", At(8)).status());
  ASSERT_OK_AND_ASSIGN(job,
                       jobs().RecordProgress(JobId(1), "tok-2", {1, 1, 0, 0}, "tok-3", "", At(9)));
  EXPECT_EQ(job.state, ReratingJobState::kCancelled);
  EXPECT_EQ(job.counts.processed, 15);
  EXPECT_EQ(job.page_token, "tok-2");

  absl::StatusOr<ReratingJob> unknown = jobs().RecordProgress(JobId(2), "", {}, "", "", At(9));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "RERATING_JOB_NOT_FOUND");
}

TEST_P(RepositoryContractTest, FinishEndsARunningJobOnce) {
  ASSERT_OK(jobs().Create(SampleJob(1), Key("", ""), Write(0)).status());
  ASSERT_OK(
      jobs().RecordProgress(JobId(1), "", {3, 2, 0, 1}, "", "customers/y: boom", At(1)).status());
  EXPECT_THAT(jobs().Finish(JobId(1), ReratingJobState::kRunning, "", At(2)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(ReratingJob done,
                       jobs().Finish(JobId(1), ReratingJobState::kSucceeded, "", At(3)));
  EXPECT_EQ(done.state, ReratingJobState::kSucceeded);
  EXPECT_EQ(done.finish_time, Micros(At(3)));
  EXPECT_EQ(done.update_time, Micros(At(3)));
  EXPECT_EQ(done.last_error, "customers/y: boom");
  ASSERT_OK_AND_ASSIGN(ReratingJob stored, jobs().Get(JobId(1)));
  EXPECT_EQ(stored.state, ReratingJobState::kSucceeded);
  EXPECT_EQ(stored.finish_time, Micros(At(3)));
  EXPECT_EQ(stored.counts.failed, 1);

  absl::StatusOr<ReratingJob> again =
      jobs().Finish(JobId(1), ReratingJobState::kCancelled, "late cancel", At(4));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "JOB_NOT_RUNNING");

  ASSERT_OK(jobs().Create(SampleJob(2), Key("", ""), Write(5)).status());
  ASSERT_OK_AND_ASSIGN(ReratingJob failed,
                       jobs().Finish(JobId(2), ReratingJobState::kFailed, "listing failed", At(6)));
  EXPECT_EQ(failed.last_error, "listing failed");
  absl::StatusOr<ReratingJob> unknown =
      jobs().Finish(JobId(3), ReratingJobState::kFailed, "", At(6));
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "RERATING_JOB_NOT_FOUND");
}

TEST_P(RepositoryContractTest, JobListIsNewestFirstAndRunningOnesOldestFirst) {
  for (int n : {1, 2, 3}) {
    ASSERT_OK(jobs().Create(SampleJob(n), Key("", ""), Write(n)).status());
  }
  ASSERT_OK(jobs().Finish(JobId(2), ReratingJobState::kSucceeded, "", At(9)).status());

  ASSERT_OK_AND_ASSIGN(Page<ReratingJob> first, jobs().List(PageQuery{2, {}}));
  ASSERT_THAT(first.items, SizeIs(2));
  EXPECT_EQ(first.items[0].job_id, JobId(3));
  EXPECT_EQ(first.items[1].job_id, JobId(2));
  EXPECT_THAT(first.next_key, ElementsAre("2026-03-01 09:00:02.123456", JobId(2)));
  ASSERT_OK_AND_ASSIGN(Page<ReratingJob> second, jobs().List(PageQuery{2, first.next_key}));
  ASSERT_THAT(second.items, SizeIs(1));
  EXPECT_EQ(second.items[0].job_id, JobId(1));
  EXPECT_THAT(second.next_key, IsEmpty());
  EXPECT_THAT(jobs().List(PageQuery{2, {"x"}}), StatusIs(absl::StatusCode::kInvalidArgument));

  ASSERT_OK_AND_ASSIGN(std::vector<ReratingJob> running, jobs().ListRunning());
  ASSERT_THAT(running, SizeIs(2));
  EXPECT_EQ(running[0].job_id, JobId(1));
  EXPECT_EQ(running[1].job_id, JobId(3));
}

}  // namespace
}  // namespace ccrm::rating
