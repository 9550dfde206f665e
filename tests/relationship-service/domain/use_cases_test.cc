// The relationship-service use cases on the in-memory store with a fake customer-profile:
// managers and assignments, the interaction log and its confidentiality, follow-up tasks from
// alerts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "common/auth/principal.h"
#include "common/ids/etag.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/interaction_service.h"
#include "services/relationship-service/domain/manager_service.h"
#include "services/relationship-service/domain/task_service.h"
#include "services/relationship-service/storage/in_memory_repositories.h"
#include "tests/relationship-service/domain/service_fakes.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using fakes::As;
using fakes::FakeDirectory;
using fakes::kArchived;
using fakes::kKeyCustomer;
using fakes::kSmeCustomer;

class UseCasesTest : public ::testing::Test {
 protected:
  UseCasesTest()
      : clock_(absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0), absl::UTCTimeZone())),
        managers_(&store_.managers(), &directory_, &clock_),
        interactions_(&store_.interactions(), &store_.managers(), &directory_, &clock_),
        tasks_(&store_.tasks(), &store_.managers(), &clock_) {}

  RelationshipManager Manager(const std::string& id, int limit = 0) {
    RelationshipManager m;
    m.manager_id = id;
    m.display_name = "客户经理 " + id;
    m.branch = "福州分行";
    m.email = id + "@bank.example";
    m.max_portfolio_size = limit;
    return m;
  }

  void AddManager(const std::string& id, int limit = 0) {
    ASSERT_OK(managers_.Create(As("admin-1", roles::kAdmin), Manager(id, limit), {}).status());
  }

  Interaction Visit(const std::string& summary, bool confidential = false) {
    Interaction i;
    i.kind = InteractionKind::kVisit;
    i.occur_time = clock_.Now() - absl::Hours(2);
    i.participants = {"财务总监 王某"};
    i.summary = summary;
    i.outcome = "agreed to send Q3 accounts";
    i.next_steps = "review accounts";
    i.confidential = confidential;
    return i;
  }

  FakeClock clock_;
  FakeDirectory directory_;
  InMemoryRelationshipStore store_;
  ManagerService managers_;
  InteractionService interactions_;
  TaskService tasks_;
};

TEST_F(UseCasesTest, ManagersAreValidatedAndUnique) {
  RelationshipManager bad = Manager("RM 1");
  bad.display_name = "";
  bad.email = "not-an-address";
  bad.max_portfolio_size = -1;
  absl::StatusOr<RelationshipManager> created = managers_.Create(As("a", roles::kAdmin), bad, {});
  EXPECT_THAT(created, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(created.status())) {
    fields.push_back(v.field);
  }
  EXPECT_THAT(fields, ElementsAre("manager.manager_id", "manager.display_name", "manager.email",
                                  "manager.max_portfolio_size"));
  AddManager("rm-001");
  EXPECT_THAT(managers_.Create(As("a", roles::kAdmin), Manager("rm-001"), {}),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(UseCasesTest, KeyCustomersGetADedicatedManagerAndReassignmentKeepsHistory) {
  AddManager("rm-001");
  AddManager("rm-002");
  const Caller admin = As("admin-1", roles::kAdmin);
  ASSERT_OK_AND_ASSIGN(Assignment first,
                       managers_.Assign(admin, kKeyCustomer, "rm-001", /*dedicated=*/false, ""));
  EXPECT_TRUE(first.dedicated) << "a key customer is always dedicated";
  EXPECT_EQ(first.segment, Segment::kKey);
  EXPECT_EQ(directory_.last_identity.authorization, "Bearer admin-1-token");

  EXPECT_THAT(managers_.Assign(admin, kKeyCustomer, "rm-002", false, ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // The same manager again is no reassignment: no reason asked, nothing changes.
  absl::StatusOr<Assignment> again = managers_.Assign(admin, kKeyCustomer, "rm-001", false, "");
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(again.status()), "ALREADY_ASSIGNED");
  clock_.Advance(absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(Assignment second,
                       managers_.Assign(admin, kKeyCustomer, "rm-002", false, "rm-001 left"));
  EXPECT_EQ(second.manager_id, "rm-002");
  ASSERT_OK_AND_ASSIGN(AssignmentList history, managers_.History(kKeyCustomer, "", 10));
  ASSERT_EQ(history.assignments.size(), 2u);
  EXPECT_EQ(history.assignments[0].manager_id, "rm-002");
  EXPECT_FALSE(history.assignments[0].end_time.has_value());
  EXPECT_EQ(history.assignments[1].manager_id, "rm-001");
  EXPECT_EQ(history.assignments[1].end_time, clock_.Now());

  ASSERT_OK_AND_ASSIGN(AssignmentList portfolio, managers_.Portfolio("rm-001", "", 10));
  EXPECT_THAT(portfolio.assignments, IsEmpty());
  ASSERT_OK_AND_ASSIGN(portfolio, managers_.Portfolio("rm-002", "", 10));
  ASSERT_EQ(portfolio.assignments.size(), 1u);
}

TEST_F(UseCasesTest, AssignmentRefusals) {
  AddManager("rm-001", /*limit=*/1);
  const Caller admin = As("admin-1", roles::kAdmin);
  EXPECT_THAT(managers_.Assign(admin, kArchived, "rm-001", false, ""),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(managers_.Assign(admin, kKeyCustomer, "rm-404", false, ""),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(managers_.Assign(admin, "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0999", "rm-001", false, ""),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK(managers_.Assign(admin, kSmeCustomer, "rm-001", false, "").status());
  absl::StatusOr<Assignment> full = managers_.Assign(admin, kKeyCustomer, "rm-001", false, "");
  EXPECT_THAT(full, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(full.status()), "PORTFOLIO_FULL");

  directory_.failure = absl::UnavailableError("customer-profile is down");
  AddManager("rm-002");
  EXPECT_THAT(managers_.Assign(admin, kKeyCustomer, "rm-002", false, ""),
              StatusIs(absl::StatusCode::kUnavailable));
  ASSERT_OK_AND_ASSIGN(std::optional<Assignment> current,
                       store_.managers().CurrentAssignment(kKeyCustomer));
  EXPECT_FALSE(current.has_value()) << "nothing written when customer-profile is down";
}

TEST_F(UseCasesTest, ConfidentialInteractionsAreWithheldFromOthers) {
  AddManager("rm-001");
  ASSERT_OK(
      managers_.Assign(As("admin-1", roles::kAdmin), kSmeCustomer, "rm-001", false, "").status());
  const Caller rm = As("rm-001", roles::kRelationshipManager);
  ASSERT_OK_AND_ASSIGN(Interaction open,
                       interactions_.Log(rm, kSmeCustomer, Visit("routine visit"), {}));
  EXPECT_EQ(open.manager_id, "rm-001") << "defaults to the caller";
  clock_.Advance(absl::Minutes(5));
  ASSERT_OK(interactions_.Log(rm, kSmeCustomer, Visit("owner's health", true), {}).status());

  ASSERT_OK_AND_ASSIGN(InteractionList own,
                       interactions_.List(rm, kSmeCustomer, InteractionKind::kUnspecified, "", 10));
  ASSERT_EQ(own.interactions.size(), 2u);
  EXPECT_EQ(own.interactions[0].summary, "owner's health");
  EXPECT_FALSE(own.interactions[0].redacted);

  const Caller analyst = As("analyst-9", roles::kCreditAnalyst);
  ASSERT_OK_AND_ASSIGN(
      InteractionList other,
      interactions_.List(analyst, kSmeCustomer, InteractionKind::kUnspecified, "", 10));
  ASSERT_EQ(other.interactions.size(), 2u);
  EXPECT_TRUE(other.interactions[0].redacted);
  EXPECT_EQ(other.interactions[0].summary, "");
  EXPECT_EQ(other.interactions[1].summary, "routine visit");

  Interaction bad = Visit("");
  bad.kind = InteractionKind::kUnspecified;
  absl::StatusOr<Interaction> refused = interactions_.Log(rm, kSmeCustomer, bad, {});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(directory_.calls, 3) << "bad input is refused before customer-profile is asked";
}

TEST_F(UseCasesTest, AnAlertBecomesOneTaskForTheResponsibleManager) {
  AddManager("rm-001");
  ASSERT_OK(
      managers_.Assign(As("admin-1", roles::kAdmin), kSmeCustomer, "rm-001", false, "").status());
  AlertFacts alert{"alerts/a-1", kSmeCustomer, "days_past_due", 2, false, "", "DPD 12", "F-1"};
  ASSERT_OK_AND_ASSIGN(FollowUpTask task, tasks_.ApplyAlert(alert));
  EXPECT_EQ(task.manager_id, "rm-001");
  EXPECT_EQ(task.due_date, absl::CivilDay(2026, 11, 9));
  // Escalated to red: the same open task, sooner.
  alert.level = 4;
  alert.escalated = true;
  alert.title = "DPD 35";
  ASSERT_OK_AND_ASSIGN(FollowUpTask escalated, tasks_.ApplyAlert(alert));
  EXPECT_EQ(escalated.task_id, task.task_id);
  EXPECT_EQ(escalated.title, "DPD 35");
  EXPECT_EQ(escalated.due_date, absl::CivilDay(2026, 11, 3));
  ASSERT_OK_AND_ASSIGN(TaskList open, tasks_.List("rm-001", TaskStatus::kOpen, "", 10));
  ASSERT_EQ(open.tasks.size(), 1u);

  EXPECT_THAT(tasks_.Complete(As("rm-002", roles::kRelationshipManager), "rm-001", task.task_id, "",
                              "done"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(
      tasks_.Complete(As("rm-001", roles::kRelationshipManager), "rm-001", task.task_id, "", ""),
      StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(
      FollowUpTask done,
      tasks_.Complete(As("rm-001", roles::kRelationshipManager), "rm-001", task.task_id,
                      FormatEtag(escalated.revision), "called the CFO; repayment plan agreed"));
  EXPECT_EQ(done.status, TaskStatus::kDone);

  // No manager at all: the unassigned queue.
  AlertFacts orphan{"alerts/a-2", kKeyCustomer, "funds_off_plan", 3, false, "", "", ""};
  ASSERT_OK_AND_ASSIGN(FollowUpTask queued, tasks_.ApplyAlert(orphan));
  EXPECT_EQ(queued.manager_id, kUnassignedManager);
  EXPECT_EQ(queued.title, "Risk alert: funds_off_plan");
}

}  // namespace
}  // namespace ccrm::relationship
