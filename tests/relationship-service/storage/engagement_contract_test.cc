// The engagement contract (see engagement_contract.h), run against each implementation.
#include "tests/relationship-service/storage/engagement_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using S = EngagementStatus;

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

std::vector<std::string> Ids(const std::vector<Engagement>& engagements) {
  std::vector<std::string> out;
  for (const Engagement& e : engagements) {
    out.push_back(e.engagement_id);
  }
  return out;
}

// The engagement_id numbers of a page, e.g. {3, 1}.
std::vector<int> Numbers(const std::vector<Engagement>& engagements) {
  std::vector<int> out;
  for (const Engagement& e : engagements) {
    for (int n = 0; n < 1000; ++n) {
      if (EngagementId(n) == e.engagement_id) {
        out.push_back(n);
        break;
      }
    }
  }
  return out;
}

TEST_P(EngagementContractTest, ReplacePlanStoresOpenEngagementsByDueDateAndReplaysByKey) {
  Engagement visit =
      SampleEngagement(3, CustomerId(1), Day(2026, 6, 1), 7, EngagementKind::kRelationshipVisit);
  visit.state = EngagementState::kMissed;  // stored OPEN whatever it says
  visit.completed_by = "someone";
  visit.template_id = "key-customer";
  visit.manager_id = "";
  visit.create_time = At(5);
  const std::vector<Engagement> plan = {SampleEngagement(2, CustomerId(1), Day(2026, 4, 1)), visit,
                                        SampleEngagement(1, CustomerId(1), Day(2026, 3, 15))};
  ASSERT_OK_AND_ASSIGN(
      std::vector<Engagement> stored,
      engagements().ReplacePlan(CustomerId(1), Day(2026, 3, 1), plan, Key("p1", "f1"), Write(10)));
  EXPECT_THAT(Numbers(stored), ElementsAre(1, 2, 3));
  EXPECT_EQ(stored[2].state, EngagementState::kOpen);
  EXPECT_EQ(stored[2].completed_by, "");
  EXPECT_EQ(stored[2].create_time, Micros(At(5)));

  ASSERT_OK_AND_ASSIGN(Engagement got, engagements().Get(CustomerId(1), EngagementId(3)));
  EXPECT_EQ(got.customer_id, CustomerId(1));
  EXPECT_EQ(got.kind, EngagementKind::kRelationshipVisit);
  EXPECT_EQ(got.due_date, Day(2026, 6, 1));
  EXPECT_EQ(got.manager_id, "");
  EXPECT_EQ(got.template_id, "key-customer");
  EXPECT_EQ(got.grace_days, 7);
  EXPECT_EQ(got.state, EngagementState::kOpen);
  EXPECT_EQ(got.completed_by, "");
  EXPECT_FALSE(got.complete_time.has_value());
  EXPECT_EQ(got.create_time, Micros(At(5)));
  ASSERT_OK_AND_ASSIGN(got, engagements().Get(CustomerId(1), EngagementId(1)));
  EXPECT_EQ(got.kind, EngagementKind::kCourtesyCall);
  EXPECT_EQ(got.manager_id, "rm-1");
  EXPECT_EQ(got.template_id, "sme");

  // A replay answers with the first call's engagements and stores nothing.
  ASSERT_OK_AND_ASSIGN(
      std::vector<Engagement> replay,
      engagements().ReplacePlan(CustomerId(1), Day(2026, 3, 2),
                                {SampleEngagement(9, CustomerId(1), Day(2026, 3, 20))},
                                Key("p1", "f1"), Write(20)));
  EXPECT_THAT(Numbers(replay), ElementsAre(1, 2, 3));
  EXPECT_THAT(engagements().Get(CustomerId(1), EngagementId(9)),
              StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<std::vector<Engagement>> reused = engagements().ReplacePlan(
      CustomerId(1), Day(2026, 3, 2), {}, Key("p1", "another request"), Write(20));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  ASSERT_OK_AND_ASSIGN(bool has, engagements().HasEngagements(CustomerId(1)));
  EXPECT_TRUE(has);
  ASSERT_OK_AND_ASSIGN(has, engagements().HasEngagements(CustomerId(2)));
  EXPECT_FALSE(has);

  absl::StatusOr<Engagement> elsewhere = engagements().Get(CustomerId(2), EngagementId(1));
  EXPECT_THAT(elsewhere, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(elsewhere.status()), "ENGAGEMENT_NOT_FOUND");
  absl::StatusOr<Engagement> missing = engagements().Get(CustomerId(1), EngagementId(404));
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "ENGAGEMENT_NOT_FOUND");
}

TEST_P(EngagementContractTest, ReplacePlanReplacesOnlyOpenEngagementsFromItsStart) {
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                             {SampleEngagement(1, CustomerId(1), Day(2026, 2, 1)),
                              SampleEngagement(2, CustomerId(1), Day(2026, 3, 5)),
                              SampleEngagement(3, CustomerId(1), Day(2026, 3, 1)),
                              SampleEngagement(4, CustomerId(1), Day(2026, 4, 1))},
                             Key("", ""), Write(0))
                .status());
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(2), Day(2026, 1, 1),
                             {SampleEngagement(5, CustomerId(2), Day(2026, 3, 10))}, Key("", ""),
                             Write(0))
                .status());
  // Number 2 (due after the new start) is completed, so it stays.
  ASSERT_OK(
      interactions()
          .Log(CompletingInteraction(1, CustomerId(1), EngagementId(2)), Key("", ""), Write(1))
          .status());

  ASSERT_OK_AND_ASSIGN(
      std::vector<Engagement> stored,
      engagements().ReplacePlan(CustomerId(1), Day(2026, 3, 1),
                                {SampleEngagement(7, CustomerId(1), Day(2026, 4, 15)),
                                 SampleEngagement(6, CustomerId(1), Day(2026, 3, 15))},
                                Key("", ""), Write(2)));
  EXPECT_THAT(Numbers(stored), ElementsAre(6, 7));

  EngagementFilter mine;
  mine.customer_id = CustomerId(1);
  mine.today = Day(2026, 3, 1);
  ASSERT_OK_AND_ASSIGN(Page<Engagement> page, engagements().List(mine, {}));
  // 1 was due before the start, 2 is completed; 3 (due on the start day) and 4 were replaced.
  EXPECT_THAT(Numbers(page.items), ElementsAre(1, 2, 6, 7));
  EXPECT_OK(engagements().Get(CustomerId(2), EngagementId(5)).status())
      << "another customer's plan is untouched";
}

TEST_P(EngagementContractTest, ReplacePlanWithATakenIdChangesNothing) {
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(2), Day(2026, 1, 1),
                             {SampleEngagement(1, CustomerId(2), Day(2026, 3, 10))}, Key("", ""),
                             Write(0))
                .status());
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                             {SampleEngagement(2, CustomerId(1), Day(2026, 3, 10))}, Key("", ""),
                             Write(0))
                .status());
  absl::StatusOr<std::vector<Engagement>> taken =
      engagements().ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                                {SampleEngagement(3, CustomerId(1), Day(2026, 3, 1)),
                                 SampleEngagement(1, CustomerId(1), Day(2026, 4, 1))},
                                Key("t1", "f"), Write(1));
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "ENGAGEMENT_ALREADY_EXISTS");
  EXPECT_OK(engagements().Get(CustomerId(1), EngagementId(2)).status()) << "not deleted";
  EXPECT_THAT(engagements().Get(CustomerId(1), EngagementId(3)),
              StatusIs(absl::StatusCode::kNotFound));
  // The request id was not claimed: the same request may be tried again.
  ASSERT_OK_AND_ASSIGN(
      std::vector<Engagement> retried,
      engagements().ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                                {SampleEngagement(3, CustomerId(1), Day(2026, 3, 1))},
                                Key("t1", "f"), Write(2)));
  EXPECT_THAT(Numbers(retried), ElementsAre(3));
}

TEST_P(EngagementContractTest, ListFiltersByStatusOnToday) {
  // Today is 20 March 2026; the due window is 7 days, grace 5 days unless said.
  const absl::CivilDay today = Day(2026, 3, 20);
  std::vector<Engagement> plan = {
      SampleEngagement(1, CustomerId(1), Day(2026, 3, 28), 5),  // upcoming (today + 8)
      SampleEngagement(2, CustomerId(1), Day(2026, 3, 27), 5),  // due (today + 7)
      SampleEngagement(3, CustomerId(1), Day(2026, 3, 20), 5),  // due (today)
      SampleEngagement(4, CustomerId(1), Day(2026, 3, 19), 5),  // overdue
      SampleEngagement(5, CustomerId(1), Day(2026, 3, 15), 5),  // overdue (last grace day)
      SampleEngagement(6, CustomerId(1), Day(2026, 3, 14), 5),  // missed, not swept
      SampleEngagement(7, CustomerId(1), Day(2026, 3, 19), 0),  // missed: no grace
      SampleEngagement(8, CustomerId(1), Day(2026, 3, 10), 5),  // completed
      SampleEngagement(9, CustomerId(1), Day(2026, 3, 1), 5)};  // missed, swept
  plan[0].manager_id = "rm-2";
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(1), Day(2026, 1, 1), plan, Key("", ""), Write(0))
                .status());
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(2), Day(2026, 1, 1),
                             {SampleEngagement(10, CustomerId(2), Day(2026, 3, 20), 5)},  // due
                             Key("", ""), Write(0))
                .status());
  ASSERT_OK(
      interactions()
          .Log(CompletingInteraction(1, CustomerId(1), EngagementId(8)), Key("", ""), Write(1))
          .status());
  ASSERT_OK_AND_ASSIGN(int swept,
                       engagements().SweepMissed(Day(2026, 3, 10), 100, encoder_, Write(2)));
  ASSERT_EQ(swept, 1) << "only number 9 was past its grace on 10 March";

  auto numbers = [&](S status, const std::string& customer_id = CustomerId(1)) {
    EngagementFilter filter;
    filter.customer_id = customer_id;
    filter.status = status;
    filter.today = today;
    absl::StatusOr<Page<Engagement>> page = engagements().List(filter, {});
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? Numbers(page->items) : std::vector<int>{};
  };
  EXPECT_THAT(numbers(S::kUpcoming), ElementsAre(1));
  EXPECT_THAT(numbers(S::kDue), ElementsAre(3, 2));
  EXPECT_THAT(numbers(S::kOverdue), ElementsAre(5, 4));
  EXPECT_THAT(numbers(S::kMissed), ElementsAre(9, 6, 7));
  EXPECT_THAT(numbers(S::kCompleted), ElementsAre(8));
  EXPECT_THAT(numbers(S::kUnspecified), ElementsAre(9, 8, 6, 5, 4, 7, 3, 2, 1));
  EXPECT_THAT(numbers(S::kDue, ""), ElementsAre(3, 10, 2)) << "any customer";

  EngagementFilter filter;
  filter.manager_id = "rm-2";
  filter.today = today;
  ASSERT_OK_AND_ASSIGN(Page<Engagement> by_manager, engagements().List(filter, {}));
  EXPECT_THAT(Numbers(by_manager.items), ElementsAre(1));
  filter.manager_id = "";
  filter.customer_id = CustomerId(1);
  filter.due_before = Day(2026, 3, 15);
  filter.status = S::kOverdue;
  ASSERT_OK_AND_ASSIGN(Page<Engagement> due_before, engagements().List(filter, {}));
  EXPECT_THAT(Numbers(due_before.items), ElementsAre(5)) << "due on or before 15 March";
}

TEST_P(EngagementContractTest, ListPagesByDueDateThenId) {
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                             {SampleEngagement(5, CustomerId(1), Day(2026, 4, 1)),
                              SampleEngagement(4, CustomerId(1), Day(2026, 3, 1)),
                              SampleEngagement(2, CustomerId(1), Day(2026, 3, 1)),
                              SampleEngagement(3, CustomerId(1), Day(2026, 3, 1)),
                              SampleEngagement(1, CustomerId(1), Day(2026, 5, 1))},
                             Key("", ""), Write(0))
                .status());
  EngagementFilter filter;
  filter.customer_id = CustomerId(1);
  filter.today = Day(2026, 3, 1);
  ASSERT_OK_AND_ASSIGN(Page<Engagement> first, engagements().List(filter, {2, {}}));
  EXPECT_THAT(Numbers(first.items), ElementsAre(2, 3));
  EXPECT_THAT(first.next_key, ElementsAre("2026-03-01", EngagementId(3)));
  ASSERT_OK_AND_ASSIGN(Page<Engagement> second, engagements().List(filter, {2, first.next_key}));
  EXPECT_THAT(Numbers(second.items), ElementsAre(4, 5));
  ASSERT_OK_AND_ASSIGN(Page<Engagement> last, engagements().List(filter, {2, second.next_key}));
  EXPECT_THAT(Numbers(last.items), ElementsAre(1));
  EXPECT_THAT(last.next_key, IsEmpty());

  EXPECT_THAT(engagements().List(filter, {2, {"2026-03-01"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(engagements().List(filter, {2, {"not a day", EngagementId(3)}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(EngagementContractTest, SweepMissedMarksEachOnceWithAnEvent) {
  Engagement within_grace = SampleEngagement(4, CustomerId(1), Day(2026, 3, 10), 10);
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                             {SampleEngagement(3, CustomerId(1), Day(2026, 3, 1), 5),
                              SampleEngagement(1, CustomerId(1), Day(2026, 2, 1), 5),
                              SampleEngagement(2, CustomerId(1), Day(2026, 2, 1), 0), within_grace,
                              SampleEngagement(5, CustomerId(1), Day(2026, 2, 1), 5)},
                             Key("", ""), Write(0))
                .status());
  ASSERT_OK(
      interactions()
          .Log(CompletingInteraction(1, CustomerId(1), EngagementId(5)), Key("", ""), Write(1))
          .status());

  // On 20 March: 1, 2 (February) and 3 (grace to 6 March) are missed; 4 is in grace to 20
  // March; 5 is completed.
  WriteContext sweep = Write(50);
  sweep.actor = "system:engagement-sweep";
  sweep.request_id = "sweep-1";
  ASSERT_OK_AND_ASSIGN(int first, engagements().SweepMissed(Day(2026, 3, 20), 2, encoder_, sweep));
  EXPECT_EQ(first, 2);
  ASSERT_OK_AND_ASSIGN(int rest, engagements().SweepMissed(Day(2026, 3, 20), 10, encoder_, sweep));
  EXPECT_EQ(rest, 1);
  ASSERT_OK_AND_ASSIGN(int none, engagements().SweepMissed(Day(2026, 3, 20), 10, encoder_, sweep));
  EXPECT_EQ(none, 0);

  const std::vector<events::OutboxEvent> events = published();
  ASSERT_EQ(events.size(), 3u);
  std::set<std::string> event_ids;
  std::vector<std::string> payloads;
  for (const events::OutboxEvent& e : events) {
    EXPECT_EQ(e.event_type, "EngagementMissed");
    EXPECT_EQ(e.request_id, "sweep-1");
    EXPECT_EQ(e.occur_time, Micros(At(50)));
    EXPECT_EQ(e.event_id.size(), 36u);
    event_ids.insert(e.event_id);
    payloads.push_back(e.payload);
  }
  EXPECT_EQ(event_ids.size(), 3u);
  // Soonest due first, each as stored (MISSED).
  EXPECT_THAT(payloads, ElementsAre(EngagementId(1) + "|rm-1|2026-02-01|MISSED",
                                    EngagementId(2) + "|rm-1|2026-02-01|MISSED",
                                    EngagementId(3) + "|rm-1|2026-03-01|MISSED"));
  EXPECT_EQ(events[0].subject, "customers/" + CustomerId(1) + "/engagements/" + EngagementId(1));

  for (int n : {1, 2, 3}) {
    ASSERT_OK_AND_ASSIGN(Engagement e, engagements().Get(CustomerId(1), EngagementId(n)));
    EXPECT_EQ(e.state, EngagementState::kMissed) << n;
  }
  ASSERT_OK_AND_ASSIGN(Engagement open, engagements().Get(CustomerId(1), EngagementId(4)));
  EXPECT_EQ(open.state, EngagementState::kOpen);
  ASSERT_OK_AND_ASSIGN(Engagement done, engagements().Get(CustomerId(1), EngagementId(5)));
  EXPECT_EQ(done.state, EngagementState::kCompleted);

  // The next day 4's grace has ended too.
  ASSERT_OK_AND_ASSIGN(int next_day,
                       engagements().SweepMissed(Day(2026, 3, 21), 10, encoder_, sweep));
  EXPECT_EQ(next_day, 1);
  EXPECT_EQ(published().size(), 4u);
}

TEST_P(EngagementContractTest, InteractionLogCompletesItsEngagement) {
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                             {SampleEngagement(1, CustomerId(1), Day(2026, 3, 1)),
                              SampleEngagement(2, CustomerId(1), Day(2026, 2, 1), 0)},
                             Key("", ""), Write(0))
                .status());
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(2), Day(2026, 1, 1),
                             {SampleEngagement(3, CustomerId(2), Day(2026, 3, 1))}, Key("", ""),
                             Write(0))
                .status());

  ASSERT_OK_AND_ASSIGN(Interaction logged,
                       interactions().Log(CompletingInteraction(1, CustomerId(1), EngagementId(1)),
                                          Key("i1", "f"), Write(10)));
  EXPECT_EQ(logged.engagement_id, EngagementId(1));
  ASSERT_OK_AND_ASSIGN(Engagement done, engagements().Get(CustomerId(1), EngagementId(1)));
  EXPECT_EQ(done.state, EngagementState::kCompleted);
  EXPECT_EQ(done.completed_by, InteractionId(1));
  EXPECT_EQ(done.complete_time, Micros(At(10)));

  // A replay answers as the first did, though the engagement is completed now.
  ASSERT_OK_AND_ASSIGN(Interaction replay,
                       interactions().Log(CompletingInteraction(9, CustomerId(1), EngagementId(1)),
                                          Key("i1", "f"), Write(11)));
  EXPECT_EQ(replay.interaction_id, InteractionId(1));

  absl::StatusOr<Interaction> twice = interactions().Log(
      CompletingInteraction(2, CustomerId(1), EngagementId(1)), Key("i2", "f"), Write(12));
  EXPECT_THAT(twice, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(twice.status()), "ENGAGEMENT_ALREADY_COMPLETED");
  absl::StatusOr<Interaction> missing = interactions().Log(
      CompletingInteraction(3, CustomerId(1), EngagementId(404)), Key("i3", "f"), Write(12));
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "ENGAGEMENT_NOT_FOUND");
  absl::StatusOr<Interaction> elsewhere = interactions().Log(
      CompletingInteraction(4, CustomerId(1), EngagementId(3)), Key("i4", "f"), Write(12));
  EXPECT_THAT(elsewhere, StatusIs(absl::StatusCode::kNotFound)) << "another customer's";
  EXPECT_EQ(ErrorReason(elsewhere.status()), "ENGAGEMENT_NOT_FOUND");
  ASSERT_OK_AND_ASSIGN(Engagement untouched, engagements().Get(CustomerId(2), EngagementId(3)));
  EXPECT_EQ(untouched.state, EngagementState::kOpen);

  // A missed engagement is still completed (late).
  ASSERT_OK_AND_ASSIGN(int swept,
                       engagements().SweepMissed(Day(2026, 2, 10), 10, encoder_, Write(20)));
  ASSERT_EQ(swept, 1);
  ASSERT_OK(
      interactions()
          .Log(CompletingInteraction(5, CustomerId(1), EngagementId(2)), Key("", ""), Write(30))
          .status());
  ASSERT_OK_AND_ASSIGN(Engagement late, engagements().Get(CustomerId(1), EngagementId(2)));
  EXPECT_EQ(late.state, EngagementState::kCompleted);
  EXPECT_EQ(late.completed_by, InteractionId(5));

  // Only the interactions that went through are stored; the refused request ids are free.
  ASSERT_OK_AND_ASSIGN(Page<Interaction> timeline,
                       interactions().List(CustomerId(1), InteractionKind::kUnspecified, {}));
  std::set<std::string> ids;
  for (const Interaction& i : timeline.items) {
    ids.insert(i.interaction_id);
    if (i.interaction_id == InteractionId(1)) {
      EXPECT_EQ(i.engagement_id, EngagementId(1)) << "the link is stored with the interaction";
    }
  }
  EXPECT_EQ(ids, (std::set<std::string>{InteractionId(1), InteractionId(5)}));
  ASSERT_OK(
      interactions()
          .Log(CompletingInteraction(6, CustomerId(2), EngagementId(3)), Key("i4", "f"), Write(40))
          .status());
}

TEST_P(EngagementContractTest, ReassignmentMovesTheCustomersOpenEngagements) {
  ASSERT_OK(managers()
                .Assign(SampleAssignment(CustomerId(1), "rm-1", false), AnySize, Write(0))
                .status());
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(1), Day(2026, 1, 1),
                             {SampleEngagement(1, CustomerId(1), Day(2026, 3, 1)),
                              SampleEngagement(2, CustomerId(1), Day(2026, 2, 1), 0),
                              SampleEngagement(3, CustomerId(1), Day(2026, 4, 1)),
                              SampleEngagement(4, CustomerId(1), Day(2026, 5, 1))},
                             Key("", ""), Write(0))
                .status());
  ASSERT_OK(engagements()
                .ReplacePlan(CustomerId(2), Day(2026, 1, 1),
                             {SampleEngagement(5, CustomerId(2), Day(2026, 3, 1))}, Key("", ""),
                             Write(0))
                .status());
  ASSERT_OK(
      interactions()
          .Log(CompletingInteraction(1, CustomerId(1), EngagementId(1)), Key("", ""), Write(1))
          .status());
  ASSERT_OK(engagements().SweepMissed(Day(2026, 2, 10), 10, encoder_, Write(2)).status());

  // A refused reassignment moves nothing.
  EXPECT_THAT(managers().Assign(
                  SampleAssignment(CustomerId(1), "rm-2", false),
                  [](int) { return absl::FailedPreconditionError("portfolio full"); }, Write(3)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(Engagement still, engagements().Get(CustomerId(1), EngagementId(3)));
  EXPECT_EQ(still.manager_id, "rm-1");

  ASSERT_OK(managers()
                .Assign(SampleAssignment(CustomerId(1), "rm-2", false), AnySize, Write(4))
                .status());
  std::vector<std::string> managers_now;
  for (int n : {1, 2, 3, 4}) {
    ASSERT_OK_AND_ASSIGN(Engagement e, engagements().Get(CustomerId(1), EngagementId(n)));
    managers_now.push_back(e.manager_id);
  }
  // 1 is completed and 2 missed: they stay with who had them.
  EXPECT_THAT(managers_now, ElementsAre("rm-1", "rm-1", "rm-2", "rm-2"));
  ASSERT_OK_AND_ASSIGN(Engagement other, engagements().Get(CustomerId(2), EngagementId(5)));
  EXPECT_EQ(other.manager_id, "rm-1") << "another customer's engagements stay";

  EngagementFilter filter;
  filter.manager_id = "rm-2";
  filter.today = Day(2026, 2, 10);
  ASSERT_OK_AND_ASSIGN(Page<Engagement> page, engagements().List(filter, {}));
  EXPECT_THAT(Numbers(page.items), ElementsAre(3, 4));
  EXPECT_THAT(Ids(page.items), ElementsAre(EngagementId(3), EngagementId(4)));
}

}  // namespace
}  // namespace ccrm::relationship
