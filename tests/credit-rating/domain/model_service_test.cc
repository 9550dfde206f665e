// ModelService over the in-memory repositories: seeding the shipped model, creating (validated,
// numbered per family, idempotent), activating (the previous version retires) and the active
// model of a family.
#include "services/credit-rating/domain/model_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/ids/etag.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "services/credit-rating/domain/model_definition.h"
#include "services/credit-rating/storage/in_memory_repositories.h"
#include "tests/credit-rating/domain/service_fakes.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::UnorderedElementsAre;

Caller ModelOwner() {
  return Caller{Principal{"model-owner-2", {roles::kRiskOfficer}}, "req-model", "Bearer x",
                absl::InfiniteFuture()};
}

ScorecardModel ShippedDefinition() {
  absl::StatusOr<ScorecardModel> m = ModelDefinitionFromJson(DefaultCorporateModelJson());
  EXPECT_TRUE(m.ok()) << m.status();
  return m.value_or(ScorecardModel{});
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

class ModelServiceTest : public ::testing::Test {
 protected:
  FakeClock clock_{Utc(2025, 6, 30)};
  InMemoryRatingStore store_;
  ModelService models_{&store_.models(), &clock_};
};

TEST_F(ModelServiceTest, SeedMakesTheShippedModelActiveVersionOneOfCorporate) {
  ASSERT_OK(models_.SeedDefaultModel());
  ASSERT_OK_AND_ASSIGN(ScorecardModel active, models_.Active("corporate"));
  EXPECT_EQ(active.model_id, kDefaultCorporateModelId);
  EXPECT_EQ(active.family, "corporate");
  EXPECT_EQ(active.version, 1);
  EXPECT_EQ(active.state, ModelState::kActive);
  EXPECT_EQ(active.create_time, Utc(2025, 6, 30));
  EXPECT_EQ(active.activate_time, Utc(2025, 6, 30));
  EXPECT_EQ(active.factors.size(), ShippedDefinition().factors.size());
}

TEST_F(ModelServiceTest, SeedIsIdempotent) {
  ASSERT_OK(models_.SeedDefaultModel());
  clock_.Advance(absl::Hours(1));
  // A restart (or a second replica) seeds again: nothing changes.
  ASSERT_OK(models_.SeedDefaultModel());
  ASSERT_OK_AND_ASSIGN(ModelList list, models_.List("corporate", "", 0));
  ASSERT_EQ(list.models.size(), 1u);
  EXPECT_EQ(list.models[0].model_id, kDefaultCorporateModelId);
  EXPECT_EQ(list.models[0].activate_time, Utc(2025, 6, 30));
}

TEST_F(ModelServiceTest, CreateRefusesAnInvalidModelWithFieldPathsUnderModel) {
  ScorecardModel draft = ShippedDefinition();
  draft.family = "Corporate Banking";
  draft.factors.clear();
  draft.validity_months = 0;
  absl::StatusOr<ScorecardModel> created =
      models_.Create(ModelOwner(), draft, IdempotencyKey{"req-bad", "fp-bad"});
  EXPECT_THAT(created, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(created.status()),
              UnorderedElementsAre("model.family", "model.factors", "model.validity_months"));
  ASSERT_OK_AND_ASSIGN(ModelList list, models_.List("", "", 0));
  EXPECT_TRUE(list.models.empty());
}

TEST_F(ModelServiceTest, CreateNumbersVersionsWithinTheFamily) {
  ASSERT_OK(models_.SeedDefaultModel());
  clock_.Advance(absl::Minutes(5));
  ScorecardModel draft = ShippedDefinition();
  draft.version = 42;                 // ignored
  draft.state = ModelState::kActive;  // ignored: a new model is a draft
  ASSERT_OK_AND_ASSIGN(ScorecardModel v2,
                       models_.Create(ModelOwner(), draft, IdempotencyKey{"req-v2", "fp-v2"}));
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.state, ModelState::kDraft);
  EXPECT_EQ(v2.created_by, "model-owner-2");
  EXPECT_EQ(v2.create_time, Utc(2025, 6, 30, 10, 5));
  EXPECT_FALSE(v2.activate_time.has_value());
  EXPECT_NE(v2.model_id, kDefaultCorporateModelId);
  ASSERT_OK_AND_ASSIGN(ScorecardModel v3,
                       models_.Create(ModelOwner(), draft, IdempotencyKey{"req-v3", "fp-v3"}));
  EXPECT_EQ(v3.version, 3);
  ScorecardModel sme = ShippedDefinition();
  sme.family = "sme";
  ASSERT_OK_AND_ASSIGN(ScorecardModel sme1,
                       models_.Create(ModelOwner(), sme, IdempotencyKey{"req-sme", "fp-sme"}));
  EXPECT_EQ(sme1.version, 1);

  // The active version is still the seeded one.
  ASSERT_OK_AND_ASSIGN(ScorecardModel active, models_.Active("corporate"));
  EXPECT_EQ(active.model_id, kDefaultCorporateModelId);
  ASSERT_OK_AND_ASSIGN(ModelList list, models_.List("corporate", "", 0));
  EXPECT_THAT(list.models,
              ElementsAre(Field(&ScorecardModel::version, 3), Field(&ScorecardModel::version, 2),
                          Field(&ScorecardModel::version, 1)));
}

TEST_F(ModelServiceTest, CreateIsIdempotentByKey) {
  ScorecardModel draft = ShippedDefinition();
  const IdempotencyKey key{"req-once", "fp-once"};
  ASSERT_OK_AND_ASSIGN(ScorecardModel first, models_.Create(ModelOwner(), draft, key));
  clock_.Advance(absl::Seconds(30));
  ASSERT_OK_AND_ASSIGN(ScorecardModel replay, models_.Create(ModelOwner(), draft, key));
  EXPECT_EQ(replay.model_id, first.model_id);
  EXPECT_EQ(replay.version, 1);
  EXPECT_THAT(models_.Create(ModelOwner(), draft, IdempotencyKey{"req-once", "other-fp"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(ModelList list, models_.List("corporate", "", 0));
  EXPECT_EQ(list.models.size(), 1u);
}

TEST_F(ModelServiceTest, ActivateRetiresThePreviousActiveVersion) {
  ASSERT_OK(models_.SeedDefaultModel());
  ASSERT_OK_AND_ASSIGN(ScorecardModel v2, models_.Create(ModelOwner(), ShippedDefinition(),
                                                         IdempotencyKey{"req-v2", "fp-v2"}));
  clock_.Advance(absl::Hours(2));
  ASSERT_OK_AND_ASSIGN(ScorecardModel activated,
                       models_.Activate(ModelOwner(), v2.model_id, FormatEtag(v2.revision)));
  EXPECT_EQ(activated.state, ModelState::kActive);
  EXPECT_EQ(activated.activate_time, Utc(2025, 6, 30, 12, 0));
  EXPECT_GT(activated.revision, v2.revision);

  ASSERT_OK_AND_ASSIGN(ScorecardModel active, models_.Active("corporate"));
  EXPECT_EQ(active.model_id, v2.model_id);
  ASSERT_OK_AND_ASSIGN(ScorecardModel v1, models_.Get(kDefaultCorporateModelId));
  EXPECT_EQ(v1.state, ModelState::kRetired);

  // A retired version cannot come back.
  absl::StatusOr<ScorecardModel> again = models_.Activate(ModelOwner(), v1.model_id, "");
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "MODEL_RETIRED");
}

TEST_F(ModelServiceTest, ActivateWithAStaleEtagIsAborted) {
  ASSERT_OK(models_.SeedDefaultModel());
  ASSERT_OK_AND_ASSIGN(ScorecardModel v2, models_.Create(ModelOwner(), ShippedDefinition(),
                                                         IdempotencyKey{"req-v2", "fp-v2"}));
  absl::StatusOr<ScorecardModel> stale =
      models_.Activate(ModelOwner(), v2.model_id, FormatEtag(v2.revision + 1));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_THAT(models_.Activate(ModelOwner(), v2.model_id, "not-an-etag"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(models_.Activate(ModelOwner(), "no-such-model", ""),
              StatusIs(absl::StatusCode::kNotFound));
  // Nothing changed.
  ASSERT_OK_AND_ASSIGN(ScorecardModel active, models_.Active("corporate"));
  EXPECT_EQ(active.model_id, kDefaultCorporateModelId);
}

TEST_F(ModelServiceTest, ActiveOfAFamilyWithoutOneIsNoActiveModel) {
  absl::StatusOr<ScorecardModel> none = models_.Active("corporate");
  EXPECT_THAT(none, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(none.status()), "NO_ACTIVE_MODEL");

  // A draft of the family is not enough.
  ScorecardModel sme = ShippedDefinition();
  sme.family = "sme";
  ASSERT_OK(models_.Create(ModelOwner(), sme, IdempotencyKey{"req-sme", "fp-sme"}).status());
  absl::StatusOr<ScorecardModel> draft_only = models_.Active("sme");
  EXPECT_THAT(draft_only, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(draft_only.status()), "NO_ACTIVE_MODEL");
}

TEST_F(ModelServiceTest, GetOfAnUnknownModelIsNotFound) {
  EXPECT_THAT(models_.Get("0193b000-0000-7000-8000-000000000001"),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace ccrm::rating
