// SatisfactionService on the in-memory stores with a fake customer-profile: survey validation,
// the manager kept with a survey, drops published once, quarterly trends of a customer and of a
// manager, contribution validation and corrections, and customer value with its key-customer
// reason and recommendations.
#include "services/relationship-service/domain/satisfaction_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "services/relationship-service/storage/in_memory_repositories.h"
#include "services/relationship-service/storage/in_memory_satisfaction.h"
#include "tests/relationship-service/domain/service_fakes.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

using fakes::As;
using fakes::FakeDirectory;
using fakes::kArchived;
using fakes::kKeyCustomer;
using fakes::kSmeCustomer;
using fakes::PlainEventEncoder;

absl::Time Utc(int year, int month, int day, int hour = 12) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, 0, 0), absl::UTCTimeZone());
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

std::vector<std::string> Products(const std::vector<Recommendation>& recommendations) {
  std::vector<std::string> out;
  for (const Recommendation& r : recommendations) {
    out.push_back(r.product);
  }
  return out;
}

class SatisfactionServiceTest : public ::testing::Test {
 protected:
  SatisfactionServiceTest()
      : clock_(absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0), absl::UTCTimeZone())),
        service_(&store_.surveys(), &store_.contributions(), &relationships_.managers(),
                 &directory_, &encoder_, &clock_) {}

  Survey Draft(int csat, int nps, absl::Time survey_time) {
    Survey s;
    s.csat = csat;
    s.nps = nps;
    s.comment = "对客户经理的响应速度比较满意";
    s.survey_time = survey_time;
    return s;
  }

  Contribution Month(absl::CivilDay month, Money interest, Money fees, Money deposits) {
    Contribution c;
    c.month = month;
    c.interest_income = std::move(interest);
    c.fee_income = std::move(fees);
    c.average_deposits = std::move(deposits);
    return c;
  }

  void AddManager(const std::string& manager_id) {
    RelationshipManager m;
    m.manager_id = manager_id;
    m.display_name = "客户经理 " + manager_id;
    m.branch = "福州分行";
    WriteContext write;
    write.actor = "admin-1";
    write.now = clock_.Now();
    ASSERT_OK(relationships_.managers().Create(m, {}, write).status());
  }

  void Assign(const std::string& customer_id, const std::string& manager_id) {
    Assignment next;
    next.customer_id = customer_id;
    next.manager_id = manager_id;
    next.reason = "portfolio rebalancing";
    next.assigned_by = "admin-1";
    WriteContext write;
    write.actor = "admin-1";
    write.now = clock_.Now();
    ASSERT_OK(relationships_.managers()
                  .Assign(
                      next, [](int) { return absl::OkStatus(); }, write)
                  .status());
  }

  // Records a survey of `customer_id` as rm-1; fails the test when it is refused.
  void Record(const std::string& customer_id, int csat, int nps, absl::Time survey_time) {
    ASSERT_OK(service_
                  .RecordSurvey(As("rm-1", roles::kRelationshipManager), customer_id,
                                Draft(csat, nps, survey_time), {})
                  .status());
  }

  FakeClock clock_;
  FakeDirectory directory_;
  PlainEventEncoder encoder_;
  InMemorySatisfactionStore store_;
  InMemoryRelationshipStore relationships_;
  SatisfactionService service_;
};

// ---- Surveys ----

TEST_F(SatisfactionServiceTest, ASurveyIsValidatedWithEveryProblemAtOnce) {
  const Caller rm = As("rm-1", roles::kRelationshipManager);
  Survey bad = Draft(0, 11, clock_.Now() + absl::Minutes(2));
  bad.comment.clear();
  for (int i = 0; i < 2001; ++i) {
    bad.comment += "好";
  }
  absl::StatusOr<Survey> refused = service_.RecordSurvey(rm, kKeyCustomer, bad, {});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ViolatedFields(refused.status()),
      UnorderedElementsAre("survey.csat", "survey.nps", "survey.survey_time", "survey.comment"));

  Survey unset = Draft(6, -1, absl::Time());
  unset.comment = "\xff\xfe";
  EXPECT_THAT(
      ViolatedFields(service_.RecordSurvey(rm, kKeyCustomer, unset, {}).status()),
      UnorderedElementsAre("survey.csat", "survey.nps", "survey.survey_time", "survey.comment"));
  EXPECT_THAT(
      ViolatedFields(
          service_.RecordSurvey(rm, kKeyCustomer, Draft(3, 5, Utc(1999, 12, 31)), {}).status()),
      ElementsAre("survey.survey_time"));
  EXPECT_EQ(directory_.calls, 0);

  // The edges: 2000 characters, a minute of clock skew, the lowest and highest scores.
  Survey edge = Draft(1, 10, clock_.Now() + absl::Minutes(1));
  edge.comment.clear();
  for (int i = 0; i < 2000; ++i) {
    edge.comment += "好";
  }
  EXPECT_OK(service_.RecordSurvey(rm, kKeyCustomer, edge, {}).status());
  EXPECT_OK(service_.RecordSurvey(rm, kKeyCustomer, Draft(5, 0, Utc(2000, 1, 1, 0)), {}).status());
}

TEST_F(SatisfactionServiceTest, ASurveyKeepsTheCustomersManagerOfTheMomentAndTheCaller) {
  AddManager("rm-7");
  Assign(kKeyCustomer, "rm-7");
  ASSERT_OK_AND_ASSIGN(Survey recorded,
                       service_.RecordSurvey(As("rm-9", roles::kRelationshipManager), kKeyCustomer,
                                             Draft(4, 8, clock_.Now() - absl::Hours(3)), {}));
  EXPECT_EQ(recorded.customer_id, kKeyCustomer);
  EXPECT_EQ(recorded.manager_id, "rm-7");
  EXPECT_EQ(recorded.recorded_by, "rm-9");
  EXPECT_EQ(recorded.create_time, clock_.Now());
  EXPECT_EQ(recorded.survey_id.size(), 36u);
  EXPECT_EQ(directory_.last_identity.authorization, "Bearer rm-9-token");

  // No manager yet: none is kept.
  ASSERT_OK_AND_ASSIGN(Survey unmanaged,
                       service_.RecordSurvey(As("rm-9", roles::kRelationshipManager), kSmeCustomer,
                                             Draft(4, 8, clock_.Now() - absl::Hours(3)), {}));
  EXPECT_EQ(unmanaged.manager_id, "");
}

TEST_F(SatisfactionServiceTest, ASurveyNeedsAKnownLiveCustomer) {
  const Caller rm = As("rm-1", roles::kRelationshipManager);
  const Survey low = Draft(1, 0, clock_.Now() - absl::Hours(1));
  EXPECT_THAT(service_.RecordSurvey(rm, "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0999", low, {}),
              StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<Survey> archived = service_.RecordSurvey(rm, kArchived, low, {});
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(archived.status()), "CUSTOMER_ARCHIVED");
  directory_.failure = absl::UnavailableError("customer-profile: connection refused");
  EXPECT_THAT(service_.RecordSurvey(rm, kKeyCustomer, low, {}),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(store_.events(), IsEmpty());
  ASSERT_OK_AND_ASSIGN(SatisfactionTrend trend,
                       service_.Trend(SurveySubject::kCustomer, kArchived, 8));
  EXPECT_THAT(trend.points, IsEmpty());
}

TEST_F(SatisfactionServiceTest, ADropPublishesOneEventWithThePreviousAndCurrentCsat) {
  Record(kKeyCustomer, 5, 9, clock_.Now() - absl::Hours(48));
  EXPECT_THAT(store_.events(), IsEmpty());
  ASSERT_OK_AND_ASSIGN(Survey fell,
                       service_.RecordSurvey(As("rm-1", roles::kRelationshipManager), kKeyCustomer,
                                             Draft(3, 8, clock_.Now() - absl::Hours(24)), {}));
  std::vector<events::OutboxEvent> published = store_.events();
  ASSERT_THAT(published, SizeIs(1));
  EXPECT_EQ(published[0].event_type, "SatisfactionDropped");
  EXPECT_EQ(published[0].subject, absl::StrCat("customers/", kKeyCustomer, "/", fell.survey_id));
  EXPECT_EQ(published[0].payload, "5|3");
  EXPECT_EQ(published[0].request_id, "req-rm-1");
  EXPECT_EQ(published[0].occur_time, clock_.Now());
}

TEST_F(SatisfactionServiceTest, NoDropNoEvent) {
  Record(kKeyCustomer, 5, 9, clock_.Now() - absl::Hours(48));
  // A point lower each time, and never a promoter turned detractor: no drop.
  Record(kKeyCustomer, 4, 8, clock_.Now() - absl::Hours(24));
  Record(kKeyCustomer, 3, 7, clock_.Now() - absl::Hours(1));
  EXPECT_THAT(store_.events(), IsEmpty());
}

TEST_F(SatisfactionServiceTest, AReplayReturnsTheFirstSurveyWithoutASecondEvent) {
  const Caller rm = As("rm-1", roles::kRelationshipManager);
  const Survey low = Draft(2, 4, clock_.Now() - absl::Hours(1));
  ASSERT_OK_AND_ASSIGN(Survey first,
                       service_.RecordSurvey(rm, kKeyCustomer, low, {"req-7", "fp-7"}));
  ASSERT_THAT(store_.events(), SizeIs(1));
  clock_.Advance(absl::Seconds(30));
  ASSERT_OK_AND_ASSIGN(Survey again,
                       service_.RecordSurvey(rm, kKeyCustomer, low, {"req-7", "fp-7"}));
  EXPECT_EQ(again.survey_id, first.survey_id);
  EXPECT_EQ(again.create_time, first.create_time);
  EXPECT_THAT(store_.events(), SizeIs(1));

  absl::StatusOr<Survey> reused =
      service_.RecordSurvey(rm, kKeyCustomer, Draft(1, 0, clock_.Now()), {"req-7", "fp-8"});
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_THAT(store_.events(), SizeIs(1));
}

// ---- Trends ----

TEST_F(SatisfactionServiceTest, ACustomersTrendIsByQuarterOverTheWindow) {
  // Today is 2026-11-02 (2026-Q4).
  Record(kKeyCustomer, 3, 7, Utc(2024, 12, 31));     // 2024-Q4
  Record(kKeyCustomer, 5, 10, Utc(2026, 8, 1));      // 2026-Q3
  Record(kKeyCustomer, 4, 8, Utc(2026, 9, 30, 23));  // 2026-Q3
  Record(kKeyCustomer, 4, 9,
         absl::FromCivil(absl::CivilSecond(2026, 10, 1, 0, 0, 0),
                         absl::UTCTimeZone()));   // 2026-Q4
  Record(kKeyCustomer, 2, 3, Utc(2026, 10, 20));  // 2026-Q4
  Record(kSmeCustomer, 1, 0, Utc(2026, 10, 21));  // another customer

  // The default eight quarters, 2025-Q1 … 2026-Q4.
  ASSERT_OK_AND_ASSIGN(SatisfactionTrend trend,
                       service_.Trend(SurveySubject::kCustomer, kKeyCustomer, 0));
  ASSERT_THAT(trend.points, SizeIs(2));
  EXPECT_EQ(trend.points[0].period, "2026-Q3");
  EXPECT_EQ(trend.points[0].surveys, 2);
  EXPECT_DOUBLE_EQ(trend.points[0].average_csat, 4.5);
  EXPECT_DOUBLE_EQ(trend.points[0].nps_score, 50.0);
  EXPECT_EQ(trend.points[1].period, "2026-Q4");
  EXPECT_EQ(trend.points[1].surveys, 2);
  EXPECT_DOUBLE_EQ(trend.points[1].average_csat, 3.0);
  EXPECT_DOUBLE_EQ(trend.points[1].nps_score, 0.0);

  // Nine quarters reach back to 2024-Q4; one is this quarter alone, from its first instant.
  ASSERT_OK_AND_ASSIGN(trend, service_.Trend(SurveySubject::kCustomer, kKeyCustomer, 9));
  ASSERT_THAT(trend.points, SizeIs(3));
  EXPECT_EQ(trend.points[0].period, "2024-Q4");
  ASSERT_OK_AND_ASSIGN(trend, service_.Trend(SurveySubject::kCustomer, kKeyCustomer, 1));
  ASSERT_THAT(trend.points, SizeIs(1));
  EXPECT_EQ(trend.points[0].period, "2026-Q4");
  EXPECT_EQ(trend.points[0].surveys, 2);

  // A customer's trend does not ask customer-profile.
  directory_.failure = absl::UnavailableError("customer-profile: down");
  EXPECT_OK(service_.Trend(SurveySubject::kCustomer, kKeyCustomer, 8).status());
}

TEST_F(SatisfactionServiceTest, AManagersTrendHasTheSurveysTakenWhileTheyLookedAfterTheCustomer) {
  AddManager("rm-1");
  AddManager("rm-2");
  Assign(kKeyCustomer, "rm-1");
  Assign(kSmeCustomer, "rm-1");
  Record(kKeyCustomer, 5, 10, Utc(2026, 7, 15));
  Record(kSmeCustomer, 3, 6, Utc(2026, 10, 10));
  Assign(kKeyCustomer, "rm-2");
  Record(kKeyCustomer, 2, 5, Utc(2026, 10, 30));

  ASSERT_OK_AND_ASSIGN(SatisfactionTrend first, service_.Trend(SurveySubject::kManager, "rm-1", 4));
  ASSERT_THAT(first.points, SizeIs(2));
  EXPECT_EQ(first.points[0].period, "2026-Q3");
  EXPECT_DOUBLE_EQ(first.points[0].nps_score, 100.0);
  EXPECT_EQ(first.points[1].period, "2026-Q4");
  EXPECT_EQ(first.points[1].surveys, 1);
  EXPECT_DOUBLE_EQ(first.points[1].average_csat, 3.0);
  EXPECT_DOUBLE_EQ(first.points[1].nps_score, -100.0);

  ASSERT_OK_AND_ASSIGN(SatisfactionTrend second,
                       service_.Trend(SurveySubject::kManager, "rm-2", 4));
  ASSERT_THAT(second.points, SizeIs(1));
  EXPECT_EQ(second.points[0].period, "2026-Q4");
  EXPECT_DOUBLE_EQ(second.points[0].average_csat, 2.0);
}

TEST_F(SatisfactionServiceTest, ATrendNeedsAKnownManagerAndOneToFortyQuarters) {
  absl::StatusOr<SatisfactionTrend> unknown =
      service_.Trend(SurveySubject::kManager, "rm-nobody", 8);
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(unknown.status()), "MANAGER_NOT_FOUND");
  for (int quarters : {-1, 41}) {
    absl::StatusOr<SatisfactionTrend> bad =
        service_.Trend(SurveySubject::kCustomer, kKeyCustomer, quarters);
    EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(ViolatedFields(bad.status()), ElementsAre("quarters"));
  }
  ASSERT_OK_AND_ASSIGN(SatisfactionTrend longest,
                       service_.Trend(SurveySubject::kCustomer, kKeyCustomer, 40));
  EXPECT_THAT(longest.points, IsEmpty());
}

// ---- Contributions and value ----

TEST_F(SatisfactionServiceTest, AContributionIsValidatedWithEveryProblemAtOnce) {
  const Caller rm = As("rm-1", roles::kRelationshipManager);
  Contribution bad = Month(absl::CivilDay(2026, 12, 15), Cny(-1), Money{"cny", 1, 0},
                           Money{"USD", 1, 1'000'000'000});
  absl::StatusOr<Contribution> refused = service_.RecordContribution(rm, kKeyCustomer, bad, {});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(refused.status()),
              UnorderedElementsAre(
                  "contribution.month", "contribution.month", "contribution.interest_income",
                  "contribution.fee_income.currency_code", "contribution.average_deposits.nanos",
                  "contribution.average_deposits.currency_code"));
  EXPECT_THAT(ViolatedFields(service_
                                 .RecordContribution(rm, kKeyCustomer,
                                                     Month(absl::CivilDay(1999, 12, 1), Cny(1),
                                                           Cny(1), Cny(1'000'000'000'000'000'000)),
                                                     {})
                                 .status()),
              UnorderedElementsAre("contribution.month", "contribution.average_deposits.units"));
  EXPECT_EQ(directory_.calls, 0);
  // This month is fine, and so is an amount of zero.
  EXPECT_OK(service_
                .RecordContribution(rm, kKeyCustomer,
                                    Month(absl::CivilDay(2026, 11, 1), Cny(0), Cny(0, 1), Cny(5)),
                                    {})
                .status());
}

TEST_F(SatisfactionServiceTest, ARecordedMonthIsCorrectedByRecordingItAgain) {
  const absl::CivilDay october(2026, 10, 1);
  ASSERT_OK_AND_ASSIGN(
      Contribution first,
      service_.RecordContribution(As("rm-1", roles::kRelationshipManager), kSmeCustomer,
                                  Month(october, Cny(100'000), Cny(10'000), Cny(1'000'000)),
                                  {"req-1", "fp-1"}));
  EXPECT_EQ(first.customer_id, kSmeCustomer);
  EXPECT_EQ(first.recorded_by, "rm-1");
  EXPECT_EQ(first.record_time, clock_.Now());
  clock_.Advance(absl::Hours(1));
  ASSERT_OK(service_
                .RecordContribution(As("rm-2", roles::kRelationshipManager), kSmeCustomer,
                                    Month(october, Cny(150'000), Cny(20'000), Cny(2'000'000)),
                                    {"req-2", "fp-2"})
                .status());

  ASSERT_OK_AND_ASSIGN(CustomerValue value,
                       service_.Value(As("rm-1", roles::kRelationshipManager), kSmeCustomer));
  EXPECT_EQ(value.summary.months, 1);
  EXPECT_EQ(value.summary.interest_income, Cny(150'000));
  EXPECT_EQ(value.summary.fee_income, Cny(20'000));
  EXPECT_EQ(value.summary.average_deposits, Cny(2'000'000));

  // Unknown customers are refused; an archived one's past months may still be recorded.
  EXPECT_THAT(service_.RecordContribution(As("rm-1", roles::kRelationshipManager),
                                          "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0999",
                                          Month(october, Cny(1), Cny(1), Cny(1)), {}),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(service_
                .RecordContribution(As("rm-1", roles::kRelationshipManager), kArchived,
                                    Month(october, Cny(1), Cny(1), Cny(1)), {})
                .status());
}

TEST_F(SatisfactionServiceTest, ValueSumsTheTrailingTwelveMonthsAndNamesWhyTheCustomerIsKey) {
  const Caller rm = As("rm-1", roles::kRelationshipManager);
  // Today is 2026-11-02: the window is 2025-12 … 2026-11; 2025-11 is left out.
  const std::vector<Contribution> months = {
      Month(absl::CivilDay(2025, 11, 1), Cny(9'000'000), Cny(0), Cny(900'000'000)),
      Month(absl::CivilDay(2025, 12, 1), Cny(2'000'000), Cny(100'000), Cny(40'000'000)),
      Month(absl::CivilDay(2026, 6, 1), Cny(2'500'000), Cny(500'000), Cny(60'000'000)),
      Month(absl::CivilDay(2026, 11, 1), Cny(1'000'000), Cny(0, 500'000'000), Cny(80'000'000)),
  };
  for (const Contribution& c : months) {
    ASSERT_OK(service_.RecordContribution(rm, kSmeCustomer, c, {}).status());
  }
  directory_.relations[kSmeCustomer].upstream_partners = 3;

  ASSERT_OK_AND_ASSIGN(CustomerValue value,
                       service_.Value(As("rm-4", roles::kRelationshipManager), kSmeCustomer));
  EXPECT_EQ(directory_.last_identity.authorization, "Bearer rm-4-token");
  EXPECT_EQ(value.customer_id, kSmeCustomer);
  EXPECT_EQ(value.summary.months, 3);
  EXPECT_EQ(value.summary.interest_income, Cny(5'500'000));
  EXPECT_EQ(value.summary.fee_income, Cny(600'000, 500'000'000));
  EXPECT_EQ(value.summary.total_contribution, Cny(6'100'000, 500'000'000));
  EXPECT_EQ(value.summary.average_deposits, Cny(60'000'000));

  // An SME by segment, key by its figures.
  EXPECT_TRUE(value.key_customer.key_customer);
  EXPECT_THAT(value.key_customer.reason,
              HasSubstr("contribution over the last 12 months CNY 6100000.50"));
  EXPECT_THAT(value.key_customer.reason, HasSubstr("average deposits CNY 60000000.00"));
  EXPECT_THAT(value.key_customer.reason, ::testing::Not(HasSubstr("segment")));

  // Upstream suppliers on file → supply-chain finance; deposits → cash management; industry
  // C3422 → FX hedging; 85 employees are too few for payroll services.
  EXPECT_THAT(Products(value.recommendations),
              ElementsAre("SUPPLY_CHAIN_FINANCE", "CASH_MANAGEMENT", "FX_HEDGING"));
  EXPECT_EQ(value.recommendations[0].reason, "3 upstream and 0 downstream trade partners on file");
}

TEST_F(SatisfactionServiceTest, ValueUsesTheSegmentEmployeesAndRelationsOfTheCustomer) {
  directory_.relations[kKeyCustomer].subsidiaries = 2;
  directory_.relations[kKeyCustomer].has_projects = true;
  ASSERT_OK_AND_ASSIGN(CustomerValue value,
                       service_.Value(As("rm-1", roles::kRelationshipManager), kKeyCustomer));
  EXPECT_EQ(value.summary.months, 0);
  EXPECT_EQ(value.summary.total_contribution, Cny(0));
  EXPECT_TRUE(value.key_customer.key_customer);
  EXPECT_EQ(value.key_customer.reason, "segment is KEY");
  // 1200 employees, two subsidiaries, projects; industry E4819 is no manufacturer.
  EXPECT_THAT(Products(value.recommendations),
              ElementsAre("GROUP_CASH_POOLING", "PAYROLL_SERVICES", "PROJECT_FINANCE_ADVISORY"));
}

TEST_F(SatisfactionServiceTest, ValueNeedsCustomerProfile) {
  const Caller rm = As("rm-1", roles::kRelationshipManager);
  EXPECT_THAT(service_.Value(rm, "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0999"),
              StatusIs(absl::StatusCode::kNotFound));
  directory_.failure = absl::UnavailableError("customer-profile: connection refused");
  EXPECT_THAT(service_.Value(rm, kKeyCustomer), StatusIs(absl::StatusCode::kUnavailable));
  directory_.failure = absl::DeadlineExceededError("customer-profile: too slow");
  EXPECT_THAT(service_.Value(rm, kKeyCustomer), StatusIs(absl::StatusCode::kDeadlineExceeded));
}

}  // namespace
}  // namespace ccrm::relationship
