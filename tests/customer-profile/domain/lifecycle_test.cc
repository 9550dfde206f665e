#include "services/customer-profile/domain/lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using S = LifecycleStage;

constexpr S kStages[] = {S::kProspect, S::kOnboarding, S::kActive,
                         S::kWatch,    S::kExiting,    S::kClosed};

// The allowed moves, written out independently of the implementation.
const std::set<std::pair<S, S>>& AllowedMoves() {
  static const auto* moves = new std::set<std::pair<S, S>>{
      {S::kProspect, S::kOnboarding}, {S::kProspect, S::kClosed}, {S::kOnboarding, S::kActive},
      {S::kOnboarding, S::kClosed},   {S::kActive, S::kWatch},    {S::kActive, S::kExiting},
      {S::kWatch, S::kActive},        {S::kWatch, S::kExiting},   {S::kExiting, S::kClosed},
      {S::kExiting, S::kActive},
  };
  return *moves;
}

TEST(CheckLifecycleTransitionTest, EveryPairOfStages) {
  for (S from : kStages) {
    for (S to : kStages) {
      absl::Status s = CheckLifecycleTransition(from, to);
      if (AllowedMoves().count({from, to}) > 0) {
        EXPECT_OK(s) << LifecycleStageName(from) << " -> " << LifecycleStageName(to);
      } else {
        EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition))
            << LifecycleStageName(from) << " -> " << LifecycleStageName(to);
        EXPECT_EQ(ErrorReason(s), "LIFECYCLE_TRANSITION_NOT_ALLOWED");
      }
    }
  }
}

TEST(CheckLifecycleTransitionTest, MessageNamesStagesAndAllowedMoves) {
  EXPECT_THAT(CheckLifecycleTransition(S::kProspect, S::kActive),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "cannot move a customer from prospect to active; allowed from prospect: "
                       "onboarding, closed"));
  EXPECT_THAT(CheckLifecycleTransition(S::kClosed, S::kActive),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "cannot move a customer from closed to active; closed is final"));
}

TEST(CheckLifecycleTransitionTest, SameStageIsNotATransition) {
  absl::Status s = CheckLifecycleTransition(S::kActive, S::kActive);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition,
                          "the customer is already active; staying in a stage is not a "
                          "transition; allowed from active: watch, exiting"));
  EXPECT_EQ(ErrorReason(s), kLifecycleTransitionNotAllowed);
}

TEST(CheckLifecycleTransitionTest, TargetStageMustBeKnown) {
  absl::Status s = CheckLifecycleTransition(S::kActive, S::kUnspecified);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s), ElementsAre(FieldViolation{"to_stage", "is required"}));

  s = CheckLifecycleTransition(S::kActive, static_cast<S>(7));
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"to_stage", "is not a known lifecycle stage (7)"}));
}

TEST(CheckLifecycleTransitionTest, UnknownCurrentStageAllowsNothing) {
  absl::Status s = CheckLifecycleTransition(S::kUnspecified, S::kActive);
  EXPECT_THAT(
      s, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no known lifecycle stage")));
  EXPECT_EQ(ErrorReason(s), kLifecycleTransitionNotAllowed);
}

TEST(AllowedNextStagesTest, ListsInLifecycleOrder) {
  EXPECT_THAT(AllowedNextStages(S::kProspect), ElementsAre(S::kOnboarding, S::kClosed));
  EXPECT_THAT(AllowedNextStages(S::kOnboarding), ElementsAre(S::kActive, S::kClosed));
  EXPECT_THAT(AllowedNextStages(S::kActive), ElementsAre(S::kWatch, S::kExiting));
  EXPECT_THAT(AllowedNextStages(S::kWatch), ElementsAre(S::kActive, S::kExiting));
  EXPECT_THAT(AllowedNextStages(S::kExiting), ElementsAre(S::kActive, S::kClosed));
  EXPECT_THAT(AllowedNextStages(S::kClosed), IsEmpty());
  EXPECT_THAT(AllowedNextStages(S::kUnspecified), IsEmpty());
}

Customer InStage(S stage, bool archived = false) {
  Customer c;
  c.lifecycle_stage = stage;
  c.archived = archived;
  return c;
}

TEST(CheckArchivableTest, OnlyProspectsAndClosedCustomers) {
  EXPECT_OK(CheckArchivable(InStage(S::kProspect)));
  EXPECT_OK(CheckArchivable(InStage(S::kClosed)));
  for (S stage : {S::kOnboarding, S::kActive, S::kWatch, S::kExiting}) {
    absl::Status s = CheckArchivable(InStage(stage));
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition,
                            HasSubstr("this customer is " + LifecycleStageName(stage))));
    EXPECT_EQ(ErrorReason(s), "CUSTOMER_NOT_ARCHIVABLE");
  }
}

TEST(CheckArchivableTest, NotTwice) {
  absl::Status s = CheckArchivable(InStage(S::kClosed, /*archived=*/true));
  EXPECT_THAT(s,
              StatusIs(absl::StatusCode::kFailedPrecondition, "the customer is already archived"));
  EXPECT_EQ(ErrorReason(s), "CUSTOMER_ARCHIVED");
}

TEST(CheckNotArchivedTest, ArchivedCustomersAreReadOnly) {
  EXPECT_OK(CheckNotArchived(InStage(S::kActive)));
  absl::Status s = CheckNotArchived(InStage(S::kClosed, /*archived=*/true));
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(s), "CUSTOMER_ARCHIVED");
}

TEST(LifecycleStageNameTest, NamesAndParsing) {
  EXPECT_EQ(LifecycleStageName(S::kProspect), "prospect");
  EXPECT_EQ(LifecycleStageName(S::kOnboarding), "onboarding");
  EXPECT_EQ(LifecycleStageName(S::kActive), "active");
  EXPECT_EQ(LifecycleStageName(S::kWatch), "watch");
  EXPECT_EQ(LifecycleStageName(S::kExiting), "exiting");
  EXPECT_EQ(LifecycleStageName(S::kClosed), "closed");
  EXPECT_EQ(LifecycleStageName(S::kUnspecified), "unspecified");
  EXPECT_EQ(LifecycleStageName(static_cast<S>(99)), "unspecified");
  for (S stage : kStages) {
    absl::StatusOr<S> parsed = ParseLifecycleStage(LifecycleStageName(stage));
    ASSERT_OK(parsed.status());
    EXPECT_EQ(*parsed, stage);
  }
  EXPECT_THAT(ParseLifecycleStage("Active"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLifecycleStage("unspecified"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseLifecycleStage(""), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ccrm::customer
