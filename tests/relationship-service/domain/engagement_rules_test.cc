#include "services/relationship-service/domain/engagement_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using K = EngagementKind;
using ES = EngagementStatus;

MATCHER_P2(Planned, kind, due, "") { return arg.kind == kind && arg.due_date == due; }

MATCHER_P4(CadenceIs, kind, interval, first_due, occurrences, "") {
  return arg.kind == kind && arg.interval_months == interval && arg.first_due_days == first_due &&
         arg.occurrences == occurrences;
}

EngagementTemplate Single(EngagementCadence cadence) {
  EngagementTemplate t;
  t.template_id = "t";
  t.segment = Segment::kSme;
  t.cadences = {cadence};
  return t;
}

TEST(DefaultTemplatesTest, OnePerSegmentWithTheAgreedCadences) {
  std::vector<EngagementTemplate> templates = DefaultTemplates();
  ASSERT_EQ(templates.size(), 3u);

  EXPECT_EQ(templates[0].template_id, "key-customer");
  EXPECT_EQ(templates[0].segment, Segment::kKey);
  EXPECT_EQ(templates[0].grace_days, 7);
  EXPECT_THAT(templates[0].cadences, ElementsAre(CadenceIs(K::kProjectProgressMeeting, 1, 30, 0),
                                                 CadenceIs(K::kFinancialAnalysisMeeting, 3, 90, 0),
                                                 CadenceIs(K::kRelationshipVisit, 6, 60, 0)));

  EXPECT_EQ(templates[1].template_id, "sme");
  EXPECT_EQ(templates[1].segment, Segment::kSme);
  EXPECT_EQ(templates[1].grace_days, 14);
  EXPECT_THAT(templates[1].cadences, ElementsAre(CadenceIs(K::kCourtesyCall, 3, 30, 0),
                                                 CadenceIs(K::kFinancialAnalysisMeeting, 6, 90, 0),
                                                 CadenceIs(K::kRelationshipVisit, 12, 180, 0)));

  EXPECT_EQ(templates[2].template_id, "first-time-borrower");
  EXPECT_EQ(templates[2].segment, Segment::kFirstTimeBorrower);
  EXPECT_EQ(templates[2].grace_days, 10);
  EXPECT_THAT(templates[2].cadences,
              ElementsAre(CadenceIs(K::kOnboardingSession, 1, 7, 3),
                          CadenceIs(K::kSiteInspection, 12, 60, 1),
                          CadenceIs(K::kFinancialAnalysisMeeting, 3, 90, 0)));
}

TEST(DefaultTemplatesTest, AllAreValid) {
  for (const EngagementTemplate& t : DefaultTemplates()) {
    EXPECT_OK(ValidateTemplate(t, "template")) << t.template_id;
    EXPECT_FALSE(t.description.empty()) << t.template_id;
  }
}

TEST(TemplateForTest, FindsBySegment) {
  ASSERT_OK_AND_ASSIGN(EngagementTemplate t, TemplateFor(DefaultTemplates(), Segment::kSme));
  EXPECT_EQ(t.template_id, "sme");
}

TEST(TemplateForTest, NoTemplateIsNotFound) {
  std::vector<EngagementTemplate> only_sme = {DefaultTemplates()[1]};
  absl::StatusOr<EngagementTemplate> t = TemplateFor(only_sme, Segment::kKey);
  EXPECT_THAT(t, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(t.status()), "NO_TEMPLATE_FOR_SEGMENT");
}

TEST(ValidateTemplateTest, ReportsEveryProblemWithItsPath) {
  EngagementTemplate t;
  t.template_id = "Key_Customer";
  t.segment = Segment::kUnspecified;
  t.grace_days = 91;
  t.cadences = {{K::kCourtesyCall, 1, 0, 0}, {K::kUnspecified, 25, 367, 121}};
  absl::Status s = ValidateTemplate(t, "template");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      FieldViolationsOf(s),
      ElementsAre(
          FieldViolation{"template.template_id", "must be 1-64 characters of [a-z0-9-]"},
          FieldViolation{"template.segment", "must be KEY, SME or FIRST_TIME_BORROWER"},
          FieldViolation{"template.cadences[1].kind", "must be a known engagement kind"},
          FieldViolation{"template.cadences[1].interval_months", "must be between 1 and 24"},
          FieldViolation{"template.cadences[1].first_due_days", "must be between 0 and 366"},
          FieldViolation{"template.cadences[1].occurrences",
                         "must be between 0 and 120 (0 = no limit)"},
          FieldViolation{"template.grace_days", "must be between 0 and 90"}));
}

TEST(ValidateTemplateTest, BoundsAreInclusive) {
  EngagementTemplate t = Single({K::kCourtesyCall, 24, 366, 120});
  t.template_id = std::string(64, 'a');
  t.grace_days = 90;
  EXPECT_OK(ValidateTemplate(t, "template"));
  t.cadences[0] = {K::kCourtesyCall, 0, -1, -1};
  t.grace_days = -1;
  t.template_id = std::string(65, 'a');
  EXPECT_THAT(FieldViolationsOf(ValidateTemplate(t, "")),
              ElementsAre(FieldViolation{"template_id", "must be 1-64 characters of [a-z0-9-]"},
                          FieldViolation{"cadences[0].interval_months", "must be between 1 and 24"},
                          FieldViolation{"cadences[0].first_due_days", "must be between 0 and 366"},
                          FieldViolation{"cadences[0].occurrences",
                                         "must be between 0 and 120 (0 = no limit)"},
                          FieldViolation{"grace_days", "must be between 0 and 90"}));
}

TEST(ValidateTemplateTest, NeedsACadence) {
  EngagementTemplate t = Single({K::kCourtesyCall, 1, 0, 0});
  t.cadences.clear();
  EXPECT_THAT(FieldViolationsOf(ValidateTemplate(t, "template")),
              ElementsAre(FieldViolation{"template.cadences", "must have at least one cadence"}));
}

TEST(PlanEngagementsTest, KeyCustomerFirstSixMonths) {
  std::vector<PlannedEngagement> plan =
      PlanEngagements(DefaultTemplates()[0], absl::CivilDay(2026, 1, 1), 6);
  // Ends before 2026-07-01: project progress from Jan 31 (clamped in Feb, Apr, Jun), financial
  // analysis from Apr 1, relationship visit from Mar 2.
  EXPECT_THAT(plan, ElementsAre(Planned(K::kProjectProgressMeeting, absl::CivilDay(2026, 1, 31)),
                                Planned(K::kProjectProgressMeeting, absl::CivilDay(2026, 2, 28)),
                                Planned(K::kRelationshipVisit, absl::CivilDay(2026, 3, 2)),
                                Planned(K::kProjectProgressMeeting, absl::CivilDay(2026, 3, 31)),
                                Planned(K::kFinancialAnalysisMeeting, absl::CivilDay(2026, 4, 1)),
                                Planned(K::kProjectProgressMeeting, absl::CivilDay(2026, 4, 30)),
                                Planned(K::kProjectProgressMeeting, absl::CivilDay(2026, 5, 31)),
                                Planned(K::kProjectProgressMeeting, absl::CivilDay(2026, 6, 30))));
}

TEST(PlanEngagementsTest, ClampingDoesNotDrift) {
  EngagementTemplate t = Single({K::kCourtesyCall, 1, 30, 0});
  // First due 2024-01-31; leap-year February clamps to the 29th, March is back on the 31st.
  std::vector<PlannedEngagement> plan = PlanEngagements(t, absl::CivilDay(2024, 1, 1), 4);
  EXPECT_THAT(plan, ElementsAre(Planned(K::kCourtesyCall, absl::CivilDay(2024, 1, 31)),
                                Planned(K::kCourtesyCall, absl::CivilDay(2024, 2, 29)),
                                Planned(K::kCourtesyCall, absl::CivilDay(2024, 3, 31)),
                                Planned(K::kCourtesyCall, absl::CivilDay(2024, 4, 30))));
}

TEST(PlanEngagementsTest, HorizonEndIsExclusive) {
  EngagementTemplate t = Single({K::kCourtesyCall, 3, 0, 0});
  // Due Mar 15, Jun 15, Sep 15; the horizon ends on Sep 15, which is left out.
  EXPECT_THAT(PlanEngagements(t, absl::CivilDay(2026, 3, 15), 6),
              ElementsAre(Planned(K::kCourtesyCall, absl::CivilDay(2026, 3, 15)),
                          Planned(K::kCourtesyCall, absl::CivilDay(2026, 6, 15))));
}

TEST(PlanEngagementsTest, HorizonEndClampsToo) {
  EngagementTemplate t = Single({K::kCourtesyCall, 1, 29, 0});
  // From Jan 31 2024 a one-month horizon ends on Feb 29 (exclusive), the first due date.
  EXPECT_TRUE(PlanEngagements(t, absl::CivilDay(2024, 1, 31), 1).empty());
  // Two months end on Mar 31: Feb 29 and Feb 29 + 1 month = Mar 29.
  EXPECT_THAT(PlanEngagements(t, absl::CivilDay(2024, 1, 31), 2),
              ElementsAre(Planned(K::kCourtesyCall, absl::CivilDay(2024, 2, 29)),
                          Planned(K::kCourtesyCall, absl::CivilDay(2024, 3, 29))));
}

TEST(PlanEngagementsTest, OccurrencesLimitTheCount) {
  std::vector<PlannedEngagement> plan =
      PlanEngagements(DefaultTemplates()[2], absl::CivilDay(2026, 1, 1), 24);
  int onboarding = 0;
  int inspections = 0;
  int financial = 0;
  for (const PlannedEngagement& p : plan) {
    onboarding += p.kind == K::kOnboardingSession ? 1 : 0;
    inspections += p.kind == K::kSiteInspection ? 1 : 0;
    financial += p.kind == K::kFinancialAnalysisMeeting ? 1 : 0;
  }
  EXPECT_EQ(onboarding, 3);
  EXPECT_EQ(inspections, 1);
  EXPECT_EQ(financial, 7);  // Apr 1 2026 .. Oct 1 2027; Jan 1 2028 is the (excluded) horizon end
  ASSERT_GE(plan.size(), 4u);
  EXPECT_THAT(std::vector<PlannedEngagement>(plan.begin(), plan.begin() + 4),
              ElementsAre(Planned(K::kOnboardingSession, absl::CivilDay(2026, 1, 8)),
                          Planned(K::kOnboardingSession, absl::CivilDay(2026, 2, 8)),
                          Planned(K::kSiteInspection, absl::CivilDay(2026, 3, 2)),
                          Planned(K::kOnboardingSession, absl::CivilDay(2026, 3, 8))));
}

TEST(PlanEngagementsTest, SameDayOrderedByKind) {
  EngagementTemplate t = Single({K::kCourtesyCall, 1, 0, 1});
  t.cadences.push_back({K::kProjectProgressMeeting, 1, 0, 1});
  EXPECT_THAT(PlanEngagements(t, absl::CivilDay(2026, 5, 5), 1),
              ElementsAre(Planned(K::kProjectProgressMeeting, absl::CivilDay(2026, 5, 5)),
                          Planned(K::kCourtesyCall, absl::CivilDay(2026, 5, 5))));
}

TEST(PlanEngagementsTest, NonPositiveHorizonIsEmpty) {
  EXPECT_TRUE(PlanEngagements(DefaultTemplates()[0], absl::CivilDay(2026, 1, 1), 0).empty());
  EXPECT_TRUE(PlanEngagements(DefaultTemplates()[0], absl::CivilDay(2026, 1, 1), -3).empty());
}

TEST(StatusOnTest, Boundaries) {
  const absl::CivilDay due(2026, 3, 20);
  EXPECT_EQ(StatusOn(due, false, due - 8, 7), ES::kUpcoming);
  EXPECT_EQ(StatusOn(due, false, due - 7, 7), ES::kDue);
  EXPECT_EQ(StatusOn(due, false, due, 7), ES::kDue);
  EXPECT_EQ(StatusOn(due, false, due + 1, 7), ES::kOverdue);
  EXPECT_EQ(StatusOn(due, false, due + 7, 7), ES::kOverdue);
  EXPECT_EQ(StatusOn(due, false, due + 8, 7), ES::kMissed);
}

TEST(StatusOnTest, ZeroGraceMissesTheNextDay) {
  const absl::CivilDay due(2026, 3, 20);
  EXPECT_EQ(StatusOn(due, false, due, 0), ES::kDue);
  EXPECT_EQ(StatusOn(due, false, due + 1, 0), ES::kMissed);
}

TEST(StatusOnTest, CompletedWinsAtAnyDate) {
  const absl::CivilDay due(2026, 3, 20);
  EXPECT_EQ(StatusOn(due, true, due - 30, 7), ES::kCompleted);
  EXPECT_EQ(StatusOn(due, true, due + 30, 7), ES::kCompleted);
}

}  // namespace
}  // namespace ccrm::relationship
