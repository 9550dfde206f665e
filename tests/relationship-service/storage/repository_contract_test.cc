// The contract of the relationship-service repositories (see repository_contract.h), run
// against each implementation.
#include "tests/relationship-service/storage/repository_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

template <typename T, typename F>
std::vector<std::string> Project(const std::vector<T>& items, F field) {
  std::vector<std::string> out;
  for (const T& item : items) {
    out.push_back(field(item));
  }
  return out;
}

// ---- Managers ----

TEST_P(RelationshipContractTest, ManagerCreateIsIdempotentAndRefusesATakenId) {
  ASSERT_OK_AND_ASSIGN(
      RelationshipManager created,
      managers().Create(SampleManager("rm-1", "north"), Key("r1", "f1"), Write(0)));
  EXPECT_EQ(created.create_time, Micros(At(0)));
  EXPECT_EQ(created.revision, 1);
  ASSERT_OK_AND_ASSIGN(RelationshipManager replay, managers().Create(SampleManager("rm-1", "north"),
                                                                     Key("r1", "f1"), Write(5)));
  EXPECT_EQ(replay.create_time, Micros(At(0)));

  absl::StatusOr<RelationshipManager> reused =
      managers().Create(SampleManager("rm-2", "north"), Key("r1", "other"), Write(5));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");

  absl::StatusOr<RelationshipManager> taken =
      managers().Create(SampleManager("rm-1", "south"), Key("", ""), Write(6));
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "MANAGER_ALREADY_EXISTS");

  ASSERT_OK_AND_ASSIGN(RelationshipManager got, managers().Get("rm-1"));
  EXPECT_EQ(got.branch, "north");
  EXPECT_EQ(got.email, "rm-1@bank.example");
  EXPECT_EQ(got.max_portfolio_size, 40);
  EXPECT_TRUE(got.active);
  absl::StatusOr<RelationshipManager> missing = managers().Get("rm-9");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "MANAGER_NOT_FOUND");
}

TEST_P(RelationshipContractTest, ManagerListFiltersAndPagesByManagerId) {
  for (const char* id : {"rm-3", "rm-1", "rm-4", "rm-2"}) {
    RelationshipManager m = SampleManager(id, std::string(id) == "rm-4" ? "south" : "north");
    m.active = std::string(id) != "rm-2";
    ASSERT_OK(managers().Create(m, Key("", ""), Write(0)).status());
  }
  auto ids = [](const Page<RelationshipManager>& p) {
    return Project(p.items, [](const RelationshipManager& m) { return m.manager_id; });
  };
  ASSERT_OK_AND_ASSIGN(Page<RelationshipManager> first, managers().List("north", true, {2, {}}));
  EXPECT_THAT(ids(first), ElementsAre("rm-1", "rm-2"));
  EXPECT_THAT(first.next_key, ElementsAre("rm-2"));
  ASSERT_OK_AND_ASSIGN(Page<RelationshipManager> second,
                       managers().List("north", true, {2, first.next_key}));
  EXPECT_THAT(ids(second), ElementsAre("rm-3"));
  EXPECT_THAT(second.next_key, IsEmpty());
  ASSERT_OK_AND_ASSIGN(Page<RelationshipManager> active, managers().List("", false, {}));
  EXPECT_THAT(ids(active), ElementsAre("rm-1", "rm-3", "rm-4"));
  EXPECT_THAT(managers().List("", true, {2, {"a", "b"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// ---- Assignments ----

TEST_P(RelationshipContractTest, AssignEndsTheCurrentAssignmentAndKeepsHistory) {
  ASSERT_OK_AND_ASSIGN(
      Assignment first,
      managers().Assign(SampleAssignment(CustomerId(1), "rm-1", true), AnySize, Write(10)));
  EXPECT_EQ(first.start_time, Micros(At(10)));
  EXPECT_FALSE(first.end_time.has_value());
  ASSERT_OK(managers()
                .Assign(SampleAssignment(CustomerId(1), "rm-2", false), AnySize, Write(20))
                .status());
  ASSERT_OK(managers()
                .Assign(SampleAssignment(CustomerId(1), "rm-2", true), AnySize, Write(30))
                .status());

  ASSERT_OK_AND_ASSIGN(std::optional<Assignment> current,
                       managers().CurrentAssignment(CustomerId(1)));
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(current->manager_id, "rm-2");
  EXPECT_TRUE(current->dedicated);
  EXPECT_EQ(current->segment, Segment::kSme);
  EXPECT_EQ(current->reason, "onboarding");
  EXPECT_EQ(current->assigned_by, "rm-admin");

  ASSERT_OK_AND_ASSIGN(Page<Assignment> page1,
                       managers().AssignmentHistory(CustomerId(1), {2, {}}));
  ASSERT_EQ(page1.items.size(), 2u);
  EXPECT_EQ(page1.items[0].start_time, Micros(At(30)));
  EXPECT_FALSE(page1.items[0].end_time.has_value());
  EXPECT_EQ(page1.items[1].start_time, Micros(At(20)));
  EXPECT_EQ(page1.items[1].end_time, Micros(At(30)));
  EXPECT_EQ(page1.next_key.size(), 2u);
  ASSERT_OK_AND_ASSIGN(Page<Assignment> page2,
                       managers().AssignmentHistory(CustomerId(1), {2, page1.next_key}));
  ASSERT_EQ(page2.items.size(), 1u);
  EXPECT_EQ(page2.items[0].manager_id, "rm-1");
  EXPECT_EQ(page2.items[0].end_time, Micros(At(20)));
  EXPECT_THAT(page2.next_key, IsEmpty());

  ASSERT_OK_AND_ASSIGN(std::optional<Assignment> none, managers().CurrentAssignment(CustomerId(2)));
  EXPECT_FALSE(none.has_value());
}

TEST_P(RelationshipContractTest, AssignToTheSameManagerAndFlagIsAlreadyAssigned) {
  ASSERT_OK(
      managers().Assign(SampleAssignment(CustomerId(1), "rm-1", true), AnySize, Write(0)).status());
  absl::StatusOr<Assignment> again =
      managers().Assign(SampleAssignment(CustomerId(1), "rm-1", true), AnySize, Write(1));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "ALREADY_ASSIGNED");
  ASSERT_OK_AND_ASSIGN(Page<Assignment> history, managers().AssignmentHistory(CustomerId(1), {}));
  EXPECT_EQ(history.items.size(), 1u);
}

TEST_P(RelationshipContractTest, AssignChecksThePortfolioSizeAndWritesNothingWhenRefused) {
  for (int c = 1; c <= 3; ++c) {
    ASSERT_OK(managers()
                  .Assign(SampleAssignment(CustomerId(c), "rm-1", false), AnySize, Write(c))
                  .status());
  }
  ASSERT_OK(managers()
                .Assign(SampleAssignment(CustomerId(4), "rm-2", false), AnySize, Write(4))
                .status());
  int seen = -1;
  absl::StatusOr<Assignment> refused = managers().Assign(
      SampleAssignment(CustomerId(4), "rm-1", false),
      [&](int size) {
        seen = size;
        return absl::ResourceExhaustedError("portfolio full");
      },
      Write(5));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(seen, 3);
  ASSERT_OK_AND_ASSIGN(std::optional<Assignment> still,
                       managers().CurrentAssignment(CustomerId(4)));
  ASSERT_TRUE(still.has_value());
  EXPECT_EQ(still->manager_id, "rm-2");

  // A customer already in the portfolio is not counted again (a change of the dedicated flag).
  ASSERT_OK(managers()
                .Assign(
                    SampleAssignment(CustomerId(1), "rm-1", true),
                    [&](int size) {
                      seen = size;
                      return absl::OkStatus();
                    },
                    Write(6))
                .status());
  EXPECT_EQ(seen, 2);
}

TEST_P(RelationshipContractTest, PortfolioListsCurrentCustomersByCustomerId) {
  for (int c : {3, 1, 2}) {
    ASSERT_OK(managers()
                  .Assign(SampleAssignment(CustomerId(c), "rm-1", false), AnySize, Write(c))
                  .status());
  }
  ASSERT_OK(managers()
                .Assign(SampleAssignment(CustomerId(2), "rm-2", false), AnySize, Write(9))
                .status());
  auto customers = [](const Page<Assignment>& p) {
    return Project(p.items, [](const Assignment& a) { return a.customer_id; });
  };
  ASSERT_OK_AND_ASSIGN(Page<Assignment> first, managers().Portfolio("rm-1", {1, {}}));
  EXPECT_THAT(customers(first), ElementsAre(CustomerId(1)));
  ASSERT_OK_AND_ASSIGN(Page<Assignment> rest, managers().Portfolio("rm-1", {5, first.next_key}));
  EXPECT_THAT(customers(rest), ElementsAre(CustomerId(3)));
  EXPECT_THAT(rest.next_key, IsEmpty());
}

// ---- Interactions ----

Interaction SampleInteraction(int id, InteractionKind kind, absl::Time occur) {
  Interaction i;
  i.interaction_id = InteractionId(id);
  i.customer_id = CustomerId(1);
  i.kind = kind;
  i.occur_time = occur;
  i.manager_id = "rm-1";
  i.participants = {"Li Wei", "Zhang \"CFO\" San", "王芳"};
  i.summary = "Discussed the renewal";
  i.outcome = "Agreed terms";
  i.next_steps = "Send the offer";
  i.confidential = true;
  i.redacted = true;
  i.engagement_id = "";  // engagement links: engagement_contract_test.cc
  i.created_by = "rm-1";
  i.create_time = At(100);
  return i;
}

TEST_P(RelationshipContractTest, InteractionLogRoundTripsAndReplaysByKey) {
  ASSERT_OK_AND_ASSIGN(Interaction stored,
                       interactions().Log(SampleInteraction(1, InteractionKind::kVisit, At(0)),
                                          Key("i1", "f"), Write(100)));
  EXPECT_FALSE(stored.redacted);
  ASSERT_OK_AND_ASSIGN(Interaction replay,
                       interactions().Log(SampleInteraction(2, InteractionKind::kVisit, At(0)),
                                          Key("i1", "f"), Write(101)));
  EXPECT_EQ(replay.interaction_id, InteractionId(1));
  absl::StatusOr<Interaction> taken = interactions().Log(
      SampleInteraction(1, InteractionKind::kCall, At(0)), Key("", ""), Write(102));
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "INTERACTION_ALREADY_EXISTS");

  ASSERT_OK_AND_ASSIGN(Page<Interaction> page,
                       interactions().List(CustomerId(1), InteractionKind::kUnspecified, {}));
  ASSERT_EQ(page.items.size(), 1u);
  const Interaction& got = page.items[0];
  EXPECT_EQ(got.kind, InteractionKind::kVisit);
  EXPECT_EQ(got.occur_time, Micros(At(0)));
  EXPECT_THAT(got.participants, ElementsAre("Li Wei", "Zhang \"CFO\" San", "王芳"));
  EXPECT_EQ(got.summary, "Discussed the renewal");
  EXPECT_EQ(got.outcome, "Agreed terms");
  EXPECT_EQ(got.next_steps, "Send the offer");
  EXPECT_TRUE(got.confidential);
  EXPECT_FALSE(got.redacted);
  EXPECT_EQ(got.engagement_id, "");
  EXPECT_EQ(got.created_by, "rm-1");
  EXPECT_EQ(got.create_time, Micros(At(100)));
}

TEST_P(RelationshipContractTest, InteractionListIsNewestFirstByKindWithKeysetPages) {
  // Ids 2 and 3 share an occur time: the id breaks the tie (descending).
  ASSERT_OK(interactions()
                .Log(SampleInteraction(1, InteractionKind::kVisit, At(10)), Key("", ""), Write(0))
                .status());
  ASSERT_OK(interactions()
                .Log(SampleInteraction(2, InteractionKind::kCall, At(20)), Key("", ""), Write(0))
                .status());
  ASSERT_OK(interactions()
                .Log(SampleInteraction(3, InteractionKind::kVisit, At(20)), Key("", ""), Write(0))
                .status());
  ASSERT_OK(interactions()
                .Log(SampleInteraction(4, InteractionKind::kVisit, At(5)), Key("", ""), Write(0))
                .status());
  auto ids = [](const Page<Interaction>& p) {
    return Project(p.items, [](const Interaction& i) { return i.interaction_id; });
  };
  ASSERT_OK_AND_ASSIGN(Page<Interaction> first,
                       interactions().List(CustomerId(1), InteractionKind::kUnspecified, {2, {}}));
  EXPECT_THAT(ids(first), ElementsAre(InteractionId(3), InteractionId(2)));
  ASSERT_OK_AND_ASSIGN(
      Page<Interaction> second,
      interactions().List(CustomerId(1), InteractionKind::kUnspecified, {2, first.next_key}));
  EXPECT_THAT(ids(second), ElementsAre(InteractionId(1), InteractionId(4)));
  EXPECT_THAT(second.next_key, IsEmpty());
  ASSERT_OK_AND_ASSIGN(Page<Interaction> visits,
                       interactions().List(CustomerId(1), InteractionKind::kVisit, {}));
  EXPECT_THAT(ids(visits), ElementsAre(InteractionId(3), InteractionId(1), InteractionId(4)));
  ASSERT_OK_AND_ASSIGN(Page<Interaction> other,
                       interactions().List(CustomerId(2), InteractionKind::kUnspecified, {}));
  EXPECT_THAT(other.items, IsEmpty());
  EXPECT_THAT(interactions().List(CustomerId(1), InteractionKind::kUnspecified, {2, {"x", "y"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// ---- Tasks ----

TEST_P(RelationshipContractTest, TaskUpsertUpdatesTheOpenTaskOfTheSameSource) {
  ASSERT_OK_AND_ASSIGN(FollowUpTask first, tasks().Upsert(SampleTask(TaskId(1), "rm-1", "alerts/1",
                                                                     absl::CivilDay(2026, 3, 10)),
                                                          Write(0)));
  EXPECT_EQ(first.status, TaskStatus::kOpen);
  EXPECT_EQ(first.revision, 1);
  EXPECT_EQ(first.create_time, Micros(At(0)));

  FollowUpTask escalated = SampleTask(TaskId(2), "rm-1", "alerts/1", absl::CivilDay(2026, 3, 5));
  escalated.title = "Escalated: 60 days past due";
  escalated.detail = "now 60 days";
  ASSERT_OK_AND_ASSIGN(FollowUpTask updated, tasks().Upsert(escalated, Write(1)));
  EXPECT_EQ(updated.task_id, TaskId(1));
  EXPECT_EQ(updated.title, "Escalated: 60 days past due");
  EXPECT_EQ(updated.detail, "now 60 days");
  EXPECT_EQ(updated.due_date, absl::CivilDay(2026, 3, 5));
  EXPECT_EQ(updated.revision, 2);

  // Another manager, or another source: a task of its own.
  ASSERT_OK_AND_ASSIGN(FollowUpTask other, tasks().Upsert(SampleTask(TaskId(3), "rm-2", "alerts/1",
                                                                     absl::CivilDay(2026, 3, 5)),
                                                          Write(2)));
  EXPECT_EQ(other.task_id, TaskId(3));

  ASSERT_OK_AND_ASSIGN(Page<FollowUpTask> open, tasks().List("rm-1", TaskStatus::kOpen, {}));
  ASSERT_EQ(open.items.size(), 1u);
  EXPECT_EQ(open.items[0].title, "Escalated: 60 days past due");
  EXPECT_EQ(open.items[0].revision, 2);

  // Once DONE, the same source makes a new task.
  ASSERT_OK(tasks().Complete("rm-1", TaskId(1), 2, "called", Write(3)).status());
  ASSERT_OK_AND_ASSIGN(FollowUpTask fresh, tasks().Upsert(SampleTask(TaskId(4), "rm-1", "alerts/1",
                                                                     absl::CivilDay(2026, 4, 1)),
                                                          Write(4)));
  EXPECT_EQ(fresh.task_id, TaskId(4));
  EXPECT_EQ(fresh.revision, 1);

  absl::StatusOr<FollowUpTask> taken = tasks().Upsert(
      SampleTask(TaskId(4), "rm-1", "alerts/2", absl::CivilDay(2026, 4, 1)), Write(5));
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "TASK_ALREADY_EXISTS");
}

TEST_P(RelationshipContractTest, TaskCompleteChecksOwnerRevisionAndStatus) {
  ASSERT_OK(
      tasks()
          .Upsert(SampleTask(TaskId(1), "rm-1", "alerts/1", absl::CivilDay(2026, 3, 10)), Write(0))
          .status());
  absl::StatusOr<FollowUpTask> foreign = tasks().Complete("rm-2", TaskId(1), 0, "x", Write(1));
  EXPECT_THAT(foreign, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(foreign.status()), "TASK_NOT_FOUND");
  EXPECT_THAT(tasks().Complete("rm-1", TaskId(9), 0, "x", Write(1)),
              StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<FollowUpTask> stale = tasks().Complete("rm-1", TaskId(1), 7, "x", Write(1));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale.status()), "ETAG_MISMATCH");

  ASSERT_OK_AND_ASSIGN(FollowUpTask done,
                       tasks().Complete("rm-1", TaskId(1), 1, "called, paid", Write(2)));
  EXPECT_EQ(done.status, TaskStatus::kDone);
  EXPECT_EQ(done.completion_note, "called, paid");
  EXPECT_EQ(done.complete_time, Micros(At(2)));
  EXPECT_EQ(done.revision, 2);

  absl::StatusOr<FollowUpTask> again = tasks().Complete("rm-1", TaskId(1), 0, "x", Write(3));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "TASK_NOT_OPEN");

  ASSERT_OK_AND_ASSIGN(Page<FollowUpTask> listed, tasks().List("rm-1", TaskStatus::kDone, {}));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].completion_note, "called, paid");
  EXPECT_EQ(listed.items[0].complete_time, Micros(At(2)));
}

TEST_P(RelationshipContractTest, TaskListIsSoonestDueFirstWithKeysetPages) {
  ASSERT_OK(tasks()
                .Upsert(SampleTask(TaskId(3), "rm-1", "a/3", absl::CivilDay(2026, 3, 5)), Write(0))
                .status());
  ASSERT_OK(tasks()
                .Upsert(SampleTask(TaskId(1), "rm-1", "a/1", absl::CivilDay(2026, 3, 9)), Write(0))
                .status());
  ASSERT_OK(tasks()
                .Upsert(SampleTask(TaskId(2), "rm-1", "a/2", absl::CivilDay(2026, 3, 5)), Write(0))
                .status());
  ASSERT_OK(tasks()
                .Upsert(SampleTask(TaskId(4), "rm-2", "a/4", absl::CivilDay(2026, 3, 1)), Write(0))
                .status());
  auto ids = [](const Page<FollowUpTask>& p) {
    return Project(p.items, [](const FollowUpTask& t) { return t.task_id; });
  };
  ASSERT_OK_AND_ASSIGN(Page<FollowUpTask> first,
                       tasks().List("rm-1", TaskStatus::kUnspecified, {2, {}}));
  EXPECT_THAT(ids(first), ElementsAre(TaskId(2), TaskId(3)));
  EXPECT_THAT(first.next_key, ElementsAre("2026-03-05", TaskId(3)));
  ASSERT_OK_AND_ASSIGN(Page<FollowUpTask> second,
                       tasks().List("rm-1", TaskStatus::kUnspecified, {2, first.next_key}));
  EXPECT_THAT(ids(second), ElementsAre(TaskId(1)));
  EXPECT_THAT(second.next_key, IsEmpty());
  EXPECT_THAT(tasks().List("rm-1", TaskStatus::kOpen, {2, {"not-a-day", "x"}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace ccrm::relationship
