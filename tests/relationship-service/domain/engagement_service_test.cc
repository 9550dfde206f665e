// Engagement plans end to end on the in-memory store with a fake customer-profile and a fake
// clock: plans generated from the segment's template (key customer, SME, first-time borrower),
// the refusals, idempotent replays, regeneration, listing by status on the clock's day, paging,
// the missed-engagement sweep and its events, completion by an interaction, and reassignment.
#include "services/relationship-service/domain/engagement_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/interaction_service.h"
#include "services/relationship-service/domain/manager_service.h"
#include "services/relationship-service/storage/in_memory_repositories.h"
#include "tests/relationship-service/domain/service_fakes.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

using fakes::As;
using fakes::FakeDirectory;
using fakes::kArchived;
using fakes::kKeyCustomer;
using fakes::kSmeCustomer;
using fakes::PlainEventEncoder;

using K = EngagementKind;
using S = EngagementStatus;

constexpr char kFirstTimeBorrower[] = "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0004";
constexpr char kUnknownCustomer[] = "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0999";

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

absl::Time Noon(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 12, 0, 0),
                         absl::UTCTimeZone());
}

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// "2026-12-02 PROJECT_PROGRESS(1)": what a plan says, comparable in one assertion.
std::vector<std::string> Schedule(const std::vector<Engagement>& engagements) {
  std::vector<std::string> out;
  for (const Engagement& e : engagements) {
    out.push_back(absl::StrCat(DayText(e.due_date), " ", static_cast<int>(e.kind)));
  }
  return out;
}

std::vector<std::string> Ids(const std::vector<Engagement>& engagements) {
  std::vector<std::string> out;
  for (const Engagement& e : engagements) {
    out.push_back(e.engagement_id);
  }
  return out;
}

class EngagementServiceTest : public ::testing::Test {
 protected:
  EngagementServiceTest()
      : clock_(Noon(Day(2026, 11, 2))),
        managers_(&store_.managers(), &directory_, &clock_),
        interactions_(&store_.interactions(), &store_.managers(), &directory_, &clock_),
        plans_(&store_.engagements(), &store_.managers(), &directory_, &encoder_, &clock_) {
    directory_.customers[kFirstTimeBorrower] = CustomerSummary{
        kFirstTimeBorrower, "闽侯新材", Segment::kFirstTimeBorrower, 4, "C2929", 30, false};
  }

  void AddManager(const std::string& id) {
    RelationshipManager m;
    m.manager_id = id;
    m.display_name = "客户经理 " + id;
    ASSERT_OK(managers_.Create(admin_, m, {}).status());
  }

  void Assign(const std::string& customer_id, const std::string& manager_id,
              const std::string& reason = "") {
    ASSERT_OK(managers_.Assign(admin_, customer_id, manager_id, false, reason).status());
  }

  // Generates a plan with no request id; fails the test on an error.
  EngagementPlan Plan(const std::string& customer_id, int horizon_months = 12) {
    absl::StatusOr<EngagementPlan> plan =
        plans_.Generate(admin_, customer_id, horizon_months, IdempotencyKey{});
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.value_or(EngagementPlan{});
  }

  // Every engagement of the customer (one big page), soonest due first.
  std::vector<Engagement> All(const std::string& customer_id, S status = S::kUnspecified) {
    absl::StatusOr<EngagementList> list =
        plans_.List(customer_id, "", status, std::nullopt, "", 1000);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? list->engagements : std::vector<Engagement>{};
  }

  Interaction Visit(const std::string& engagement_id) {
    Interaction i;
    i.kind = InteractionKind::kMeeting;
    i.occur_time = clock_.Now() - absl::Hours(1);
    i.summary = "月度项目进度会";
    i.engagement_id = engagement_id;
    return i;
  }

  absl::StatusOr<Interaction> Complete(const std::string& customer_id,
                                       const std::string& engagement_id,
                                       const std::string& request_id = "") {
    return interactions_.Log(rm_, customer_id, Visit(engagement_id),
                             IdempotencyKey{request_id, request_id.empty() ? "" : "fp"});
  }

  const Caller admin_ = As("admin-1", roles::kAdmin);
  const Caller rm_ = As("rm-001", roles::kRelationshipManager);
  FakeClock clock_;
  FakeDirectory directory_;
  PlainEventEncoder encoder_;
  InMemoryRelationshipStore store_;
  ManagerService managers_;
  InteractionService interactions_;
  EngagementService plans_;
};

// ---- Generate ----

TEST_F(EngagementServiceTest, KeyCustomerGetsMonthlyQuarterlyAndHalfYearlyMeetings) {
  AddManager("rm-001");
  Assign(kKeyCustomer, "rm-001");
  const EngagementPlan plan = Plan(kKeyCustomer);
  EXPECT_EQ(plan.customer_id, kKeyCustomer);
  EXPECT_EQ(plan.template_id, "key-customer");
  // From 2 November 2026 for 12 months: progress meetings monthly from +30 days, financial
  // analysis quarterly from +90 days (31 Jan, then clamped to 30 Apr), visits from +60 days.
  EXPECT_THAT(
      Schedule(plan.engagements),
      ElementsAre("2026-12-02 1", "2027-01-01 3", "2027-01-02 1", "2027-01-31 2", "2027-02-02 1",
                  "2027-03-02 1", "2027-04-02 1", "2027-04-30 2", "2027-05-02 1", "2027-06-02 1",
                  "2027-07-01 3", "2027-07-02 1", "2027-07-31 2", "2027-08-02 1", "2027-09-02 1",
                  "2027-10-02 1", "2027-10-31 2"));
  for (const Engagement& e : plan.engagements) {
    EXPECT_EQ(e.customer_id, kKeyCustomer);
    EXPECT_EQ(e.manager_id, "rm-001") << "the customer's current manager";
    EXPECT_EQ(e.template_id, "key-customer");
    EXPECT_EQ(e.grace_days, 7);
    EXPECT_EQ(e.state, EngagementState::kOpen);
    EXPECT_TRUE(IsUuid(e.engagement_id));
    EXPECT_EQ(e.create_time, clock_.Now());
  }
  EXPECT_EQ(directory_.last_identity.authorization, "Bearer admin-1-token");
  EXPECT_EQ(Ids(All(kKeyCustomer)), Ids(plan.engagements));
}

TEST_F(EngagementServiceTest, SmeGetsALighterCadenceAndNoManagerWhileUnassigned) {
  const EngagementPlan plan = Plan(kSmeCustomer);
  EXPECT_EQ(plan.template_id, "sme");
  EXPECT_THAT(Schedule(plan.engagements),
              ElementsAre("2026-12-02 6", "2027-01-31 2", "2027-03-02 6", "2027-05-01 3",
                          "2027-06-02 6", "2027-07-31 2", "2027-09-02 6"));
  for (const Engagement& e : plan.engagements) {
    EXPECT_EQ(e.manager_id, "");
    EXPECT_EQ(e.grace_days, 14);
  }
}

TEST_F(EngagementServiceTest, FirstTimeBorrowerGetsAnOnboardingProgramme) {
  const EngagementPlan plan = Plan(kFirstTimeBorrower);
  EXPECT_EQ(plan.template_id, "first-time-borrower");
  // Three onboarding sessions, one site inspection, then quarterly financial analysis.
  EXPECT_THAT(Schedule(plan.engagements),
              ElementsAre("2026-11-09 5", "2026-12-09 5", "2027-01-01 4", "2027-01-09 5",
                          "2027-01-31 2", "2027-04-30 2", "2027-07-31 2", "2027-10-31 2"));
  EXPECT_EQ(plan.engagements.front().grace_days, 10);
  // A shorter horizon: only what falls before 2 February 2027.
  EXPECT_THAT(
      Schedule(Plan(kFirstTimeBorrower, 3).engagements),
      ElementsAre("2026-11-09 5", "2026-12-09 5", "2027-01-01 4", "2027-01-09 5", "2027-01-31 2"));
}

TEST_F(EngagementServiceTest, GenerateRefusals) {
  absl::StatusOr<EngagementPlan> archived = plans_.Generate(admin_, kArchived, 12, {});
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(archived.status()), "CUSTOMER_ARCHIVED");
  EXPECT_THAT(plans_.Generate(admin_, kUnknownCustomer, 12, {}),
              StatusIs(absl::StatusCode::kNotFound));

  const int calls = directory_.calls;
  for (int bad : {-1, 37}) {
    absl::StatusOr<EngagementPlan> horizon = plans_.Generate(admin_, kSmeCustomer, bad, {});
    EXPECT_THAT(horizon, StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
    ASSERT_EQ(FieldViolationsOf(horizon.status()).size(), 1u);
    EXPECT_EQ(FieldViolationsOf(horizon.status())[0].field, "horizon_months");
  }
  EXPECT_EQ(directory_.calls, calls) << "a bad horizon is refused before asking customer-profile";

  directory_.customers[kUnknownCustomer] =
      CustomerSummary{kUnknownCustomer, "未分类", Segment::kUnspecified, 0, "", 0, false};
  absl::StatusOr<EngagementPlan> no_template = plans_.Generate(admin_, kUnknownCustomer, 12, {});
  EXPECT_THAT(no_template, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(no_template.status()), "NO_TEMPLATE_FOR_SEGMENT");

  directory_.failure = absl::UnavailableError("customer-profile is down");
  EXPECT_THAT(plans_.Generate(admin_, kSmeCustomer, 12, {}),
              StatusIs(absl::StatusCode::kUnavailable));
  directory_.failure = absl::OkStatus();
  for (const char* customer : {kArchived, kSmeCustomer, kUnknownCustomer}) {
    ASSERT_OK_AND_ASSIGN(bool any, store_.engagements().HasEngagements(customer));
    EXPECT_FALSE(any) << customer << ": nothing is stored when Generate fails";
  }

  // 0 is the default (12 months); 36 is the longest.
  EXPECT_EQ(Plan(kSmeCustomer, 0).engagements.size(), 7u);
  EXPECT_EQ(Plan(kSmeCustomer, 36).engagements.back().due_date, Day(2029, 9, 2));
}

TEST_F(EngagementServiceTest, GenerateIsIdempotentByRequestId) {
  const IdempotencyKey key{"plan-1", "fp-1"};
  ASSERT_OK_AND_ASSIGN(EngagementPlan first, plans_.Generate(admin_, kSmeCustomer, 12, key));
  clock_.Advance(absl::Hours(30));
  ASSERT_OK_AND_ASSIGN(EngagementPlan replay, plans_.Generate(admin_, kSmeCustomer, 12, key));
  EXPECT_EQ(Ids(replay.engagements), Ids(first.engagements));
  EXPECT_EQ(replay.template_id, "sme");
  EXPECT_EQ(Ids(All(kSmeCustomer)), Ids(first.engagements)) << "the replay stored nothing";

  absl::StatusOr<EngagementPlan> reused =
      plans_.Generate(admin_, kSmeCustomer, 12, IdempotencyKey{"plan-1", "another request"});
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
}

TEST_F(EngagementServiceTest, RegenerationReplacesOnlyFutureOpenEngagements) {
  const EngagementPlan first = Plan(kSmeCustomer);  // from 2026-11-02
  // The first courtesy call (due 2 Dec) is done early; the financial analysis of 31 Jan is not.
  clock_.Set(Noon(Day(2026, 11, 20)));
  ASSERT_OK(Complete(kSmeCustomer, first.engagements[0].engagement_id).status());

  clock_.Set(Noon(Day(2027, 2, 10)));
  const EngagementPlan second = Plan(kSmeCustomer);
  EXPECT_THAT(Schedule(second.engagements),
              ElementsAre("2027-03-12 6", "2027-05-11 2", "2027-06-12 6", "2027-08-09 3",
                          "2027-09-12 6", "2027-11-11 2", "2027-12-12 6"));
  const std::vector<Engagement> all = All(kSmeCustomer);
  // Kept: the completed call and the open engagement already due; the rest of the first plan
  // (due on or after 10 Feb) is gone.
  EXPECT_THAT(Schedule(all), ElementsAre("2026-12-02 6", "2027-01-31 2", "2027-03-12 6",
                                         "2027-05-11 2", "2027-06-12 6", "2027-08-09 3",
                                         "2027-09-12 6", "2027-11-11 2", "2027-12-12 6"));
  EXPECT_EQ(all[0].engagement_id, first.engagements[0].engagement_id);
  EXPECT_EQ(all[0].state, EngagementState::kCompleted);
  EXPECT_EQ(all[1].engagement_id, first.engagements[1].engagement_id);
  EXPECT_EQ(all[1].state, EngagementState::kOpen);
}

// ---- List ----

TEST_F(EngagementServiceTest, ListFiltersByStatusOnTheClocksDay) {
  AddManager("rm-001");
  AddManager("rm-002");
  Assign(kFirstTimeBorrower, "rm-001");
  Assign(kKeyCustomer, "rm-002");
  const EngagementPlan borrower = Plan(kFirstTimeBorrower);
  Plan(kKeyCustomer);
  clock_.Set(Noon(Day(2026, 11, 8)));
  ASSERT_OK(Complete(kFirstTimeBorrower, borrower.engagements[0].engagement_id).status());

  // On 5 January 2027 (grace 10 days): 9 Nov completed; 9 Dec missed (grace ended 19 Dec, not
  // yet swept); the 1 Jan inspection overdue; the 9 Jan session due (from 2 Jan); the rest
  // upcoming.
  clock_.Set(Noon(Day(2027, 1, 5)));
  auto schedule = [&](S status) { return Schedule(All(kFirstTimeBorrower, status)); };
  EXPECT_THAT(schedule(S::kCompleted), ElementsAre("2026-11-09 5"));
  EXPECT_THAT(schedule(S::kMissed), ElementsAre("2026-12-09 5"));
  EXPECT_THAT(schedule(S::kOverdue), ElementsAre("2027-01-01 4"));
  EXPECT_THAT(schedule(S::kDue), ElementsAre("2027-01-09 5"));
  EXPECT_THAT(schedule(S::kUpcoming),
              ElementsAre("2027-01-31 2", "2027-04-30 2", "2027-07-31 2", "2027-10-31 2"));
  EXPECT_EQ(All(kFirstTimeBorrower).size(), 8u);

  // Swept, the missed one is still MISSED.
  ASSERT_OK(plans_.SweepMissed(100).status());
  EXPECT_THAT(schedule(S::kMissed), ElementsAre("2026-12-09 5"));

  // By manager, and due on or before a day, across customers.
  ASSERT_OK_AND_ASSIGN(EngagementList mine,
                       plans_.List("", "rm-001", S::kUnspecified, Day(2027, 1, 9), "", 100));
  EXPECT_THAT(Schedule(mine.engagements),
              ElementsAre("2026-11-09 5", "2026-12-09 5", "2027-01-01 4", "2027-01-09 5"));
  ASSERT_OK_AND_ASSIGN(EngagementList overdue,
                       plans_.List("", "", S::kOverdue, std::nullopt, "", 100));
  // The key customer's 1 Jan visit and 2 Jan meeting (grace 7) are overdue too; the two due on
  // 1 Jan are ordered by their (random) ids.
  EXPECT_THAT(Schedule(overdue.engagements),
              ::testing::UnorderedElementsAre("2027-01-01 3", "2027-01-01 4", "2027-01-02 1"));
  ASSERT_EQ(overdue.engagements.size(), 3u);
  EXPECT_EQ(overdue.engagements[2].due_date, Day(2027, 1, 2));
}

TEST_F(EngagementServiceTest, ListPagesSoonestDueFirst) {
  const std::vector<Engagement> all = Plan(kKeyCustomer).engagements;
  ASSERT_EQ(all.size(), 17u);
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    ASSERT_OK_AND_ASSIGN(EngagementList page,
                         plans_.List(kKeyCustomer, "", S::kUnspecified, std::nullopt, token, 5));
    EXPECT_LE(page.engagements.size(), 5u);
    for (const Engagement& e : page.engagements) {
      seen.push_back(e.engagement_id);
    }
    token = page.next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen, Ids(all));

  ASSERT_OK_AND_ASSIGN(EngagementList first,
                       plans_.List(kKeyCustomer, "", S::kUnspecified, std::nullopt, "", 5));
  EXPECT_THAT(
      plans_.List(kSmeCustomer, "", S::kUnspecified, std::nullopt, first.next_page_token, 5),
      StatusIs(absl::StatusCode::kInvalidArgument))
      << "a token of another query";
  EXPECT_THAT(plans_.List("", "", static_cast<S>(9), std::nullopt, "", 5),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(plans_.List("", "", S::kUnspecified, std::nullopt, "", -1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// ---- Sweep ----

TEST_F(EngagementServiceTest, SweepMissedPublishesOneEventPerMissedEngagementOnce) {
  AddManager("rm-001");
  Assign(kFirstTimeBorrower, "rm-001");
  const EngagementPlan borrower = Plan(kFirstTimeBorrower);
  Plan(kSmeCustomer);
  // On 15 January 2027 every engagement whose grace ended by 14 January is missed: the
  // borrower's 9 Nov and 9 Dec sessions and 1 Jan inspection (10 days of grace) and the SME's
  // 2 Dec call (14 days). The borrower's 9 Jan session is overdue, still in its grace.
  clock_.Set(Noon(Day(2027, 1, 15)));
  ASSERT_OK_AND_ASSIGN(int first, plans_.SweepMissed(2));
  EXPECT_EQ(first, 2) << "at most the limit";
  ASSERT_OK_AND_ASSIGN(int rest, plans_.SweepMissed(100));
  EXPECT_EQ(rest, 2);
  ASSERT_OK_AND_ASSIGN(int again, plans_.SweepMissed(100));
  EXPECT_EQ(again, 0) << "a second sweep finds nothing";

  const std::vector<events::OutboxEvent> published = store_.events();
  std::vector<std::string> subjects;
  for (const events::OutboxEvent& e : published) {
    EXPECT_EQ(e.event_type, "EngagementMissed");
    EXPECT_FALSE(e.event_id.empty());
    EXPECT_EQ(e.occur_time, clock_.Now());
    subjects.push_back(e.subject);
  }
  std::vector<std::string> expected;
  for (const Engagement& e : All("", S::kMissed)) {
    EXPECT_EQ(e.state, EngagementState::kMissed) << "stored, not only computed";
    expected.push_back(absl::StrCat("customers/", e.customer_id, "/", e.engagement_id));
  }
  EXPECT_EQ(expected.size(), 4u);
  EXPECT_THAT(subjects, UnorderedElementsAreArray(expected));
  EXPECT_THAT(Schedule(All(kFirstTimeBorrower, S::kOverdue)), ElementsAre("2027-01-09 5"));
  ASSERT_OK_AND_ASSIGN(
      Engagement in_grace,
      store_.engagements().Get(kFirstTimeBorrower, borrower.engagements[3].engagement_id));
  EXPECT_EQ(in_grace.state, EngagementState::kOpen);
  // Soonest due first: the first sweep took 9 Nov (borrower) and 2 Dec (SME).
  EXPECT_EQ(published[0].subject, absl::StrCat("customers/", kFirstTimeBorrower, "/",
                                               borrower.engagements[0].engagement_id));
  EXPECT_EQ(published[0].payload, "rm-001") << "the manager it was missed by";

  ASSERT_OK_AND_ASSIGN(int none, plans_.SweepMissed(0));
  EXPECT_EQ(none, 0);
  EXPECT_EQ(store_.events().size(), 4u);
}

// ---- Completion ----

TEST_F(EngagementServiceTest, AnInteractionCompletesItsEngagement) {
  const EngagementPlan plan = Plan(kSmeCustomer);
  const std::string call = plan.engagements[0].engagement_id;
  clock_.Set(Noon(Day(2026, 12, 1)));
  ASSERT_OK_AND_ASSIGN(Interaction logged, Complete(kSmeCustomer, call, "log-1"));
  EXPECT_EQ(logged.engagement_id, call) << "the link is kept";
  ASSERT_OK_AND_ASSIGN(Engagement done, store_.engagements().Get(kSmeCustomer, call));
  EXPECT_EQ(done.state, EngagementState::kCompleted);
  EXPECT_EQ(done.completed_by, logged.interaction_id);
  EXPECT_EQ(done.complete_time, clock_.Now());
  EXPECT_THAT(Schedule(All(kSmeCustomer, S::kCompleted)), ElementsAre("2026-12-02 6"));

  // A replay of the same request answers as the first did.
  ASSERT_OK_AND_ASSIGN(Interaction replay, Complete(kSmeCustomer, call, "log-1"));
  EXPECT_EQ(replay.interaction_id, logged.interaction_id);

  absl::StatusOr<Interaction> twice = Complete(kSmeCustomer, call, "log-2");
  EXPECT_THAT(twice, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(twice.status()), "ENGAGEMENT_ALREADY_COMPLETED");

  absl::StatusOr<Interaction> unknown =
      Complete(kSmeCustomer, "0195c000-0000-7000-8000-000000000404");
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "ENGAGEMENT_NOT_FOUND");
  absl::StatusOr<Interaction> elsewhere = Complete(kKeyCustomer, plan.engagements[1].engagement_id);
  EXPECT_THAT(elsewhere, StatusIs(absl::StatusCode::kNotFound)) << "another customer's";
  EXPECT_EQ(ErrorReason(elsewhere.status()), "ENGAGEMENT_NOT_FOUND");

  for (const std::string& bad :
       {std::string("ENG-1"), std::string("eng_1"), std::string(65, 'a')}) {
    absl::StatusOr<Interaction> malformed = Complete(kSmeCustomer, bad);
    EXPECT_THAT(malformed, StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
    ASSERT_EQ(FieldViolationsOf(malformed.status()).size(), 1u) << bad;
    EXPECT_EQ(FieldViolationsOf(malformed.status())[0].field, "interaction.engagement");
  }

  ASSERT_OK_AND_ASSIGN(
      InteractionList timeline,
      interactions_.List(admin_, kSmeCustomer, InteractionKind::kUnspecified, "", 100));
  ASSERT_EQ(timeline.interactions.size(), 1u) << "the refused interactions were not stored";
  EXPECT_EQ(timeline.interactions[0].engagement_id, call);
}

TEST_F(EngagementServiceTest, AMissedEngagementCanStillBeCompletedLate) {
  const EngagementPlan plan = Plan(kSmeCustomer);
  clock_.Set(Noon(Day(2027, 1, 1)));  // the 2 Dec call's grace ended 16 Dec
  ASSERT_OK_AND_ASSIGN(int missed, plans_.SweepMissed(10));
  ASSERT_EQ(missed, 1);
  ASSERT_OK_AND_ASSIGN(Interaction late, Complete(kSmeCustomer, plan.engagements[0].engagement_id));
  ASSERT_OK_AND_ASSIGN(Engagement e,
                       store_.engagements().Get(kSmeCustomer, plan.engagements[0].engagement_id));
  EXPECT_EQ(e.state, EngagementState::kCompleted);
  EXPECT_EQ(e.completed_by, late.interaction_id);
  EXPECT_THAT(All(kSmeCustomer, S::kMissed), IsEmpty());
}

// ---- Reassignment ----

TEST_F(EngagementServiceTest, ReassignmentMovesOnlyOpenEngagements) {
  AddManager("rm-001");
  AddManager("rm-002");
  Assign(kSmeCustomer, "rm-001");
  const EngagementPlan plan = Plan(kSmeCustomer);
  clock_.Set(Noon(Day(2027, 1, 20)));
  ASSERT_OK(Complete(kSmeCustomer, plan.engagements[1].engagement_id).status());  // 31 Jan
  ASSERT_OK_AND_ASSIGN(int missed, plans_.SweepMissed(10));                       // 2 Dec
  ASSERT_EQ(missed, 1);

  Assign(kSmeCustomer, "rm-002", "rm-001 moved branch");
  for (const Engagement& e : All(kSmeCustomer)) {
    EXPECT_EQ(e.manager_id, e.state == EngagementState::kOpen ? "rm-002" : "rm-001")
        << DayText(e.due_date) << ": only open engagements move";
  }
  ASSERT_OK_AND_ASSIGN(EngagementList moved,
                       plans_.List("", "rm-002", S::kUnspecified, std::nullopt, "", 100));
  EXPECT_EQ(moved.engagements.size(), plan.engagements.size() - 2);
  ASSERT_OK_AND_ASSIGN(EngagementList kept,
                       plans_.List("", "rm-001", S::kUnspecified, std::nullopt, "", 100));
  EXPECT_THAT(Schedule(kept.engagements), ElementsAre("2026-12-02 6", "2027-01-31 2"));
}

}  // namespace
}  // namespace ccrm::relationship
