// The SurveyRepository and ContributionRepository contract (satisfaction_contract.h), run by
// satisfaction_in_memory_test.cc and satisfaction_mysql_test.cc against their backends.
#include "tests/relationship-service/storage/satisfaction_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// (csat, nps, survey_time) of each score, to compare lists.
std::vector<std::tuple<int, int, absl::Time>> Triples(const std::vector<SurveyScores>& scores) {
  std::vector<std::tuple<int, int, absl::Time>> out;
  for (const SurveyScores& s : scores) {
    out.emplace_back(s.csat, s.nps, s.survey_time);
  }
  return out;
}

std::vector<std::string> Payloads(const std::vector<events::OutboxEvent>& events) {
  std::vector<std::string> out;
  for (const events::OutboxEvent& e : events) {
    out.push_back(e.payload);
  }
  return out;
}

// ---- Surveys ----

TEST_P(SatisfactionContractTest, RecordKeepsTheSurveyToTheMicrosecond) {
  const Survey survey = SurveyOf(CustomerId(1), 1, 4, 8, 0);
  ASSERT_OK_AND_ASSIGN(Survey stored,
                       surveys().Record(survey, Key("req-1", "fp-1"), encoder_, Write(0)));
  EXPECT_EQ(stored.survey_id, survey.survey_id);
  EXPECT_EQ(stored.customer_id, CustomerId(1));
  EXPECT_EQ(stored.csat, 4);
  EXPECT_EQ(stored.nps, 8);
  EXPECT_EQ(stored.comment, survey.comment);
  EXPECT_EQ(stored.survey_time, Micros(At(0)));
  EXPECT_EQ(stored.manager_id, "rm-1");
  EXPECT_EQ(stored.recorded_by, "rm-1");
  EXPECT_EQ(stored.create_time, Micros(At(60)));

  ASSERT_OK_AND_ASSIGN(std::vector<SurveyScores> scores,
                       surveys().ScoresSince(SurveySubject::kCustomer, CustomerId(1), At(-1)));
  EXPECT_THAT(Triples(scores), ElementsAre(std::make_tuple(4, 8, Micros(At(0)))));
  // A first survey that is not low is no drop.
  EXPECT_THAT(Events(), IsEmpty());
}

TEST_P(SatisfactionContractTest, AnEmptySurveyIdGetsOne) {
  Survey survey = SurveyOf(CustomerId(1), 1, 5, 9, 0);
  survey.survey_id.clear();
  ASSERT_OK_AND_ASSIGN(Survey stored, surveys().Record(survey, Key("", ""), encoder_, Write(0)));
  EXPECT_EQ(stored.survey_id.size(), 36u);
}

TEST_P(SatisfactionContractTest, AReplayReturnsTheFirstSurveyAndPublishesOnce) {
  ASSERT_OK_AND_ASSIGN(Survey first, surveys().Record(SurveyOf(CustomerId(1), 1, 2, 3, 0),
                                                      Key("req-1", "fp-1"), encoder_, Write(0)));
  ASSERT_THAT(Events(), SizeIs(1));

  // A retry carries a freshly generated id; the first survey comes back.
  ASSERT_OK_AND_ASSIGN(Survey replay, surveys().Record(SurveyOf(CustomerId(1), 2, 2, 3, 0),
                                                       Key("req-1", "fp-1"), encoder_, Write(5)));
  EXPECT_EQ(replay.survey_id, first.survey_id);
  EXPECT_EQ(replay.create_time, first.create_time);
  EXPECT_THAT(Events(), SizeIs(1));

  absl::StatusOr<Survey> reused = surveys().Record(SurveyOf(CustomerId(1), 3, 1, 0, 10),
                                                   Key("req-1", "fp-other"), encoder_, Write(10));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_THAT(Events(), SizeIs(1));
  ASSERT_OK_AND_ASSIGN(std::vector<SurveyScores> scores,
                       surveys().ScoresSince(SurveySubject::kCustomer, CustomerId(1), At(-1)));
  EXPECT_THAT(scores, SizeIs(1));
}

TEST_P(SatisfactionContractTest, ATakenSurveyIdIsAlreadyExists) {
  ASSERT_OK(surveys()
                .Record(SurveyOf(CustomerId(1), 1, 5, 9, 0), Key("", ""), encoder_, Write(0))
                .status());
  absl::StatusOr<Survey> again =
      surveys().Record(SurveyOf(CustomerId(1), 1, 1, 0, 10), Key("", ""), encoder_, Write(10));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(again.status()), "SURVEY_ALREADY_EXISTS");
  EXPECT_THAT(Events(), IsEmpty());
}

TEST_P(SatisfactionContractTest, ADropIsJudgedAgainstTheLatestEarlierSurveyOfTheCustomer) {
  const std::string customer = CustomerId(1);
  // Satisfied to begin with; another customer's survey in between does not count.
  ASSERT_OK(surveys()
                .Record(SurveyOf(customer, 1, 5, 10, 0), Key("", ""), encoder_, Write(100))
                .status());
  ASSERT_OK(surveys()
                .Record(SurveyOf(CustomerId(2), 2, 5, 10, 5), Key("", ""), encoder_, Write(101))
                .status());
  EXPECT_THAT(Events(), IsEmpty());

  // 5 → 3 at t=10: a fall of two points.
  ASSERT_OK_AND_ASSIGN(Survey fell, surveys().Record(SurveyOf(customer, 3, 3, 8, 10), Key("", ""),
                                                     encoder_, Write(102)));
  std::vector<events::OutboxEvent> published = Events();
  ASSERT_THAT(published, SizeIs(1));
  EXPECT_EQ(published[0].event_type, "SatisfactionDropped");
  EXPECT_EQ(published[0].subject, "customers/" + customer + "/" + fell.survey_id);
  EXPECT_EQ(published[0].request_id, "req-1");
  EXPECT_EQ(published[0].occur_time, Micros(At(102)));
  EXPECT_EQ(published[0].payload, "5|3");

  // Backdated to t=5: judged against t=0 (CSAT 5), not against the later t=10 (CSAT 3).
  ASSERT_OK(
      surveys().Record(SurveyOf(customer, 4, 3, 9, 5), Key("", ""), encoder_, Write(103)).status());
  // At t=20 the previous is t=10 (NPS 8, not a promoter), not t=5 (NPS 9) recorded after it.
  ASSERT_OK(surveys()
                .Record(SurveyOf(customer, 5, 4, 6, 20), Key("", ""), encoder_, Write(104))
                .status());
  // CSAT 2 is low whatever came before.
  ASSERT_OK(surveys()
                .Record(SurveyOf(customer, 6, 2, 9, 30), Key("", ""), encoder_, Write(105))
                .status());
  // The other customer's own previous survey is its t=5 one.
  ASSERT_OK(surveys()
                .Record(SurveyOf(CustomerId(2), 7, 1, 0, 40), Key("", ""), encoder_, Write(106))
                .status());
  EXPECT_THAT(Payloads(Events()), ElementsAre("5|3", "5|3", "4|2", "5|1"));
}

TEST_P(SatisfactionContractTest, SurveysAtOneInstantAreOrderedBySurveyId) {
  const std::string customer = CustomerId(1);
  ASSERT_OK(
      surveys().Record(SurveyOf(customer, 1, 5, 9, 0), Key("", ""), encoder_, Write(0)).status());
  // Id 3 after id 1: a promoter turned detractor.
  ASSERT_OK(
      surveys().Record(SurveyOf(customer, 3, 4, 5, 0), Key("", ""), encoder_, Write(1)).status());
  // Id 2 comes between them: its previous is id 1 (CSAT 5), a fall of two.
  ASSERT_OK(
      surveys().Record(SurveyOf(customer, 2, 3, 7, 0), Key("", ""), encoder_, Write(2)).status());
  EXPECT_THAT(Payloads(Events()), ElementsAre("5|4", "5|3"));
}

TEST_P(SatisfactionContractTest, ScoresSinceAreACustomersOrAManagersOldestFirst) {
  ASSERT_OK(
      surveys()
          .Record(SurveyOf(CustomerId(1), 1, 3, 5, -100, "rm-1"), Key("", ""), encoder_, Write(0))
          .status());
  ASSERT_OK(
      surveys()
          .Record(SurveyOf(CustomerId(1), 2, 4, 7, 10, "rm-2"), Key("", ""), encoder_, Write(1))
          .status());
  ASSERT_OK(
      surveys()
          .Record(SurveyOf(CustomerId(1), 3, 5, 9, 0, "rm-1"), Key("", ""), encoder_, Write(2))
          .status());
  ASSERT_OK(
      surveys()
          .Record(SurveyOf(CustomerId(2), 4, 5, 10, 20, "rm-1"), Key("", ""), encoder_, Write(3))
          .status());
  ASSERT_OK(surveys()
                .Record(SurveyOf(CustomerId(3), 5, 4, 8, 30, ""), Key("", ""), encoder_, Write(4))
                .status());

  // `since` is inclusive, to the microsecond.
  ASSERT_OK_AND_ASSIGN(
      std::vector<SurveyScores> customer,
      surveys().ScoresSince(SurveySubject::kCustomer, CustomerId(1), Micros(At(0))));
  EXPECT_THAT(Triples(customer), ElementsAre(std::make_tuple(5, 9, Micros(At(0))),
                                             std::make_tuple(4, 7, Micros(At(10)))));
  ASSERT_OK_AND_ASSIGN(std::vector<SurveyScores> manager,
                       surveys().ScoresSince(SurveySubject::kManager, "rm-1", Micros(At(0))));
  EXPECT_THAT(Triples(manager), ElementsAre(std::make_tuple(5, 9, Micros(At(0))),
                                            std::make_tuple(5, 10, Micros(At(20)))));
  ASSERT_OK_AND_ASSIGN(std::vector<SurveyScores> everything,
                       surveys().ScoresSince(SurveySubject::kManager, "rm-1", At(-1000)));
  EXPECT_THAT(everything, SizeIs(3));
  // Surveys recorded without a manager belong to no manager.
  ASSERT_OK_AND_ASSIGN(std::vector<SurveyScores> nobody,
                       surveys().ScoresSince(SurveySubject::kManager, "", At(-1000)));
  EXPECT_THAT(nobody, IsEmpty());
  ASSERT_OK_AND_ASSIGN(std::vector<SurveyScores> unknown,
                       surveys().ScoresSince(SurveySubject::kCustomer, CustomerId(9), At(-1000)));
  EXPECT_THAT(unknown, IsEmpty());
}

// ---- Contributions ----

TEST_P(SatisfactionContractTest, ARecordedMonthIsReplacedByACorrection) {
  const absl::CivilDay october(2026, 10, 1);
  ASSERT_OK_AND_ASSIGN(
      Contribution first,
      contributions().Record(ContributionOf(CustomerId(1), october, 100'000, 10'000, 5'000'000),
                             Key("req-1", "fp-1"), Write(0)));
  EXPECT_EQ(first.interest_income, Money({"CNY", 100'000, 0}));
  EXPECT_EQ(first.record_time, Micros(At(0)));

  Contribution correction = ContributionOf(CustomerId(1), october, 120'000, 12'000, 5'500'000);
  correction.recorded_by = "rm-2";
  correction.record_time = At(30);
  ASSERT_OK(contributions().Record(correction, Key("req-2", "fp-2"), Write(30)).status());

  ASSERT_OK_AND_ASSIGN(std::vector<Contribution> months,
                       contributions().Since(CustomerId(1), october));
  ASSERT_THAT(months, SizeIs(1));
  EXPECT_EQ(months[0].month, october);
  EXPECT_EQ(months[0].interest_income, Money({"CNY", 120'000, 0}));
  EXPECT_EQ(months[0].fee_income, Money({"CNY", 12'000, 0}));
  EXPECT_EQ(months[0].average_deposits, Money({"CNY", 5'500'000, 0}));
  EXPECT_EQ(months[0].recorded_by, "rm-2");
  EXPECT_EQ(months[0].record_time, Micros(At(30)));

  // A replay of the first request changes nothing and answers with the month as it stands.
  ASSERT_OK_AND_ASSIGN(
      Contribution replay,
      contributions().Record(ContributionOf(CustomerId(1), october, 100'000, 10'000, 5'000'000),
                             Key("req-1", "fp-1"), Write(60)));
  EXPECT_EQ(replay.interest_income, Money({"CNY", 120'000, 0}));
  EXPECT_EQ(replay.recorded_by, "rm-2");

  absl::StatusOr<Contribution> reused = contributions().Record(
      ContributionOf(CustomerId(1), october, 1, 1, 1), Key("req-1", "fp-other"), Write(90));
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  ASSERT_OK_AND_ASSIGN(months, contributions().Since(CustomerId(1), october));
  ASSERT_THAT(months, SizeIs(1));
  EXPECT_EQ(months[0].interest_income, Money({"CNY", 120'000, 0}));
}

TEST_P(SatisfactionContractTest, SinceIsTheCustomersMonthsOldestFirst) {
  for (int month : {8, 10, 9, 7}) {
    ASSERT_OK(contributions()
                  .Record(ContributionOf(CustomerId(1), absl::CivilDay(2026, month, 1),
                                         month * 1000, month, month * 100'000),
                          Key("", ""), Write(month))
                  .status());
  }
  ASSERT_OK(contributions()
                .Record(ContributionOf(CustomerId(2), absl::CivilDay(2026, 9, 1), 1, 1, 1),
                        Key("", ""), Write(20))
                .status());

  ASSERT_OK_AND_ASSIGN(std::vector<Contribution> months,
                       contributions().Since(CustomerId(1), absl::CivilDay(2026, 9, 1)));
  ASSERT_THAT(months, SizeIs(2));
  EXPECT_EQ(months[0].month, absl::CivilDay(2026, 9, 1));
  EXPECT_EQ(months[0].interest_income, Money({"CNY", 9000, 0}));
  EXPECT_EQ(months[1].month, absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(months[1].customer_id, CustomerId(1));
  ASSERT_OK_AND_ASSIGN(months, contributions().Since(CustomerId(1), absl::CivilDay(2000, 1, 1)));
  EXPECT_THAT(months, SizeIs(4));
  ASSERT_OK_AND_ASSIGN(months, contributions().Since(CustomerId(3), absl::CivilDay(2000, 1, 1)));
  EXPECT_THAT(months, IsEmpty());
}

TEST_P(SatisfactionContractTest, AmountsKeepTheirNanosAndCurrency) {
  Contribution c = ContributionOf(CustomerId(1), absl::CivilDay(2026, 6, 1), 0, 0, 0);
  c.interest_income = Amount("USD", 1234, 567'890'123);
  c.fee_income = Amount("USD", 0, 1);
  c.average_deposits = Amount("USD", 9'000'000'000'000, 999'999'999);
  ASSERT_OK(contributions().Record(c, Key("", ""), Write(0)).status());
  ASSERT_OK_AND_ASSIGN(std::vector<Contribution> months,
                       contributions().Since(CustomerId(1), absl::CivilDay(2026, 6, 1)));
  ASSERT_THAT(months, SizeIs(1));
  EXPECT_EQ(months[0].interest_income, c.interest_income);
  EXPECT_EQ(months[0].fee_income, c.fee_income);
  EXPECT_EQ(months[0].average_deposits, c.average_deposits);
}

TEST_P(SatisfactionContractTest, AmountsInSeveralCurrenciesOrTooLargeAreRefused) {
  Contribution mixed = ContributionOf(CustomerId(1), absl::CivilDay(2026, 6, 1), 10, 1, 100);
  mixed.fee_income.currency_code = "USD";
  EXPECT_THAT(contributions().Record(mixed, Key("req-1", "fp-1"), Write(0)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  Contribution huge = ContributionOf(CustomerId(1), absl::CivilDay(2026, 6, 1), 10, 1, 100);
  huge.average_deposits.units = 1'000'000'000'000'000'000;
  EXPECT_THAT(contributions().Record(huge, Key("req-2", "fp-2"), Write(0)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(std::vector<Contribution> months,
                       contributions().Since(CustomerId(1), absl::CivilDay(2000, 1, 1)));
  EXPECT_THAT(months, IsEmpty());
}

}  // namespace
}  // namespace ccrm::relationship
