#include "services/relationship-service/domain/service_request_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tuple>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using S = ServiceRequestStatus;
using T = ServiceRequestType;
using P = Priority;

const absl::Time kCreated = absl::FromUnixSeconds(1'760'000'000);

// The shipped row for a combination; fails the test when it is missing or duplicated.
SlaRule Row(T type, P priority, bool green) {
  SlaRule found;
  int matches = 0;
  for (const SlaRule& r : DefaultSlaTable().rules) {
    if (r.type == type && r.priority == priority && r.green_channel == green) {
      found = r;
      ++matches;
    }
  }
  EXPECT_EQ(matches, 1);
  return found;
}

TEST(DefaultSlaTableTest, HasOneRowPerCombination) {
  EXPECT_EQ(DefaultSlaTable().rules.size(), 16u);
}

TEST(DefaultSlaTableTest, NormalChannelHours) {
  const std::tuple<T, P, int, int> expected[] = {
      {T::kComplaint, P::kUrgent, 2, 24}, {T::kComplaint, P::kHigh, 4, 48},
      {T::kComplaint, P::kMedium, 8, 72}, {T::kComplaint, P::kLow, 24, 120},
      {T::kInquiry, P::kUrgent, 4, 24},   {T::kInquiry, P::kHigh, 8, 48},
      {T::kInquiry, P::kMedium, 24, 96},  {T::kInquiry, P::kLow, 48, 168},
  };
  for (const auto& [type, priority, response, resolution] : expected) {
    SlaRule r = Row(type, priority, false);
    EXPECT_EQ(r.response_hours, response) << static_cast<int>(type) << static_cast<int>(priority);
    EXPECT_EQ(r.resolution_hours, resolution)
        << static_cast<int>(type) << static_cast<int>(priority);
  }
}

TEST(DefaultSlaTableTest, GreenChannelHalvesEachTime) {
  const std::tuple<T, P, int, int> expected[] = {
      {T::kComplaint, P::kUrgent, 1, 12}, {T::kComplaint, P::kHigh, 2, 24},
      {T::kComplaint, P::kMedium, 4, 36}, {T::kComplaint, P::kLow, 12, 60},
      {T::kInquiry, P::kUrgent, 2, 12},   {T::kInquiry, P::kHigh, 4, 24},
      {T::kInquiry, P::kMedium, 12, 48},  {T::kInquiry, P::kLow, 24, 84},
  };
  for (const auto& [type, priority, response, resolution] : expected) {
    SlaRule r = Row(type, priority, true);
    EXPECT_EQ(r.response_hours, response) << static_cast<int>(type) << static_cast<int>(priority);
    EXPECT_EQ(r.resolution_hours, resolution)
        << static_cast<int>(type) << static_cast<int>(priority);
  }
}

TEST(DeadlinesForTest, AddsTheRowsHoursToCreation) {
  ASSERT_OK_AND_ASSIGN(SlaDeadlines d,
                       DeadlinesFor(DefaultSlaTable(), T::kComplaint, P::kUrgent, false, kCreated));
  EXPECT_EQ(d.response_due, kCreated + absl::Hours(2));
  EXPECT_EQ(d.resolution_due, kCreated + absl::Hours(24));
  ASSERT_OK_AND_ASSIGN(SlaDeadlines g,
                       DeadlinesFor(DefaultSlaTable(), T::kComplaint, P::kUrgent, true, kCreated));
  EXPECT_EQ(g.response_due, kCreated + absl::Hours(1));
  EXPECT_EQ(g.resolution_due, kCreated + absl::Hours(12));
}

TEST(DeadlinesForTest, UsesACustomTableAsGiven) {
  SlaTable table;
  table.rules.push_back({T::kInquiry, P::kLow, true, 3, 7});
  ASSERT_OK_AND_ASSIGN(SlaDeadlines d, DeadlinesFor(table, T::kInquiry, P::kLow, true, kCreated));
  EXPECT_EQ(d.response_due, kCreated + absl::Hours(3));
  EXPECT_EQ(d.resolution_due, kCreated + absl::Hours(7));
}

TEST(DeadlinesForTest, UnspecifiedTypeAndPriorityReportedTogether) {
  absl::StatusOr<SlaDeadlines> d =
      DeadlinesFor(DefaultSlaTable(), T::kUnspecified, P::kUnspecified, false, kCreated);
  EXPECT_THAT(d, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(d.status()),
              ElementsAre(FieldViolation{"type", "must be INQUIRY or COMPLAINT"},
                          FieldViolation{"priority", "must be LOW, MEDIUM, HIGH or URGENT"}));
}

TEST(DeadlinesForTest, MissingRowIsFailedPrecondition) {
  SlaTable table;
  table.rules.push_back({T::kInquiry, P::kLow, false, 48, 168});
  absl::StatusOr<SlaDeadlines> d = DeadlinesFor(table, T::kInquiry, P::kLow, true, kCreated);
  EXPECT_THAT(d, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("INQUIRY LOW")));
  EXPECT_EQ(ErrorReason(d.status()), "SLA_RULE_MISSING");
}

TEST(CheckStatusChangeTest, AllowedChanges) {
  EXPECT_OK(CheckStatusChange(S::kOpen, S::kInProgress, ""));
  EXPECT_OK(CheckStatusChange(S::kOpen, S::kResolved, "fee refunded"));
  EXPECT_OK(CheckStatusChange(S::kInProgress, S::kResolved, "explained the charge"));
  EXPECT_OK(CheckStatusChange(S::kResolved, S::kClosed, ""));
  EXPECT_OK(CheckStatusChange(S::kResolved, S::kInProgress, "customer disputes the answer"));
}

TEST(CheckStatusChangeTest, ForbiddenChangesNameBothStatuses) {
  const std::pair<S, S> forbidden[] = {{S::kOpen, S::kClosed},       {S::kInProgress, S::kOpen},
                                       {S::kInProgress, S::kClosed}, {S::kResolved, S::kOpen},
                                       {S::kClosed, S::kOpen},       {S::kClosed, S::kInProgress},
                                       {S::kClosed, S::kResolved}};
  for (const auto& [from, to] : forbidden) {
    absl::Status s = CheckStatusChange(from, to, "a note");
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
    EXPECT_EQ(ErrorReason(s), "INVALID_STATUS_CHANGE");
  }
  EXPECT_THAT(CheckStatusChange(S::kClosed, S::kResolved, "x"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cannot go from CLOSED to RESOLVED")));
}

TEST(CheckStatusChangeTest, UnspecifiedTargetIsInvalid) {
  absl::Status s = CheckStatusChange(S::kOpen, S::kUnspecified, "");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s), ElementsAre(FieldViolation{"status", "must be specified"}));
}

TEST(CheckStatusChangeTest, SameStatusIsInvalid) {
  absl::Status s = CheckStatusChange(S::kInProgress, S::kInProgress, "");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"status", "is already IN_PROGRESS"}));
}

TEST(CheckStatusChangeTest, ResolvingNeedsANote) {
  absl::Status s = CheckStatusChange(S::kInProgress, S::kResolved, " \t");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"note", "must describe the resolution"}));
}

TEST(CheckStatusChangeTest, ReopeningNeedsANote) {
  absl::Status s = CheckStatusChange(S::kResolved, S::kInProgress, "");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(s),
              ElementsAre(FieldViolation{"note", "must say why the request is re-opened"}));
}

SlaClock OpenClock() {
  SlaClock c;
  c.status = S::kOpen;
  c.response_due = kCreated + absl::Hours(2);
  c.resolution_due = kCreated + absl::Hours(24);
  return c;
}

TEST(EscalationDueTest, NothingAtTheResponseDeadlineItself) {
  SlaClock c = OpenClock();
  EXPECT_EQ(EscalationDue(c, c.response_due), std::nullopt);
  EXPECT_FALSE(IsBreached(c, c.response_due));
}

TEST(EscalationDueTest, ResponseMissedEscalatesToLevelOne) {
  SlaClock c = OpenClock();
  std::optional<Escalation> e = EscalationDue(c, c.response_due + absl::Seconds(1));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->deadline, "response");
  EXPECT_EQ(e->new_level, 1);
  EXPECT_TRUE(IsBreached(c, c.response_due + absl::Seconds(1)));
}

TEST(EscalationDueTest, RespondedRequestIsNotEscalatedForResponse) {
  SlaClock c = OpenClock();
  c.first_response_time = kCreated + absl::Hours(1);
  EXPECT_EQ(EscalationDue(c, c.response_due + absl::Hours(1)), std::nullopt);
  c.first_response_time.reset();
  c.status = S::kInProgress;
  EXPECT_EQ(EscalationDue(c, c.response_due + absl::Hours(1)), std::nullopt);
}

TEST(EscalationDueTest, AlreadyEscalatedForResponseWaitsForResolution) {
  SlaClock c = OpenClock();
  c.escalation_level = 1;
  EXPECT_EQ(EscalationDue(c, c.resolution_due), std::nullopt);
  std::optional<Escalation> e = EscalationDue(c, c.resolution_due + absl::Seconds(1));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->deadline, "resolution");
  EXPECT_EQ(e->new_level, 2);
}

TEST(EscalationDueTest, OneStepPerCallWhenBothDeadlinesPassed) {
  SlaClock c = OpenClock();
  const absl::Time late = c.resolution_due + absl::Hours(1);
  std::optional<Escalation> first = EscalationDue(c, late);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->deadline, "response");
  EXPECT_EQ(first->new_level, 1);
  c.escalation_level = first->new_level;
  std::optional<Escalation> second = EscalationDue(c, late);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->deadline, "resolution");
  EXPECT_EQ(second->new_level, 2);
  c.escalation_level = second->new_level;
  EXPECT_EQ(EscalationDue(c, late), std::nullopt);
}

TEST(EscalationDueTest, RespondedButUnresolvedGoesStraightToLevelTwo) {
  SlaClock c = OpenClock();
  c.status = S::kInProgress;
  c.first_response_time = kCreated + absl::Minutes(30);
  std::optional<Escalation> e = EscalationDue(c, c.resolution_due + absl::Minutes(1));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->deadline, "resolution");
  EXPECT_EQ(e->new_level, 2);
}

TEST(EscalationDueTest, ResolvedOrClosedIsNeverEscalated) {
  for (S status : {S::kResolved, S::kClosed}) {
    SlaClock c = OpenClock();
    c.status = status;
    EXPECT_EQ(EscalationDue(c, c.resolution_due + absl::Hours(100)), std::nullopt);
    EXPECT_FALSE(IsBreached(c, c.resolution_due + absl::Hours(100)));
  }
}

TEST(IsBreachedTest, LateFirstResponseStaysBreached) {
  SlaClock c = OpenClock();
  c.status = S::kResolved;
  c.first_response_time = c.response_due + absl::Minutes(5);
  EXPECT_TRUE(IsBreached(c, c.response_due + absl::Hours(1)));
  c.first_response_time = c.response_due;  // exactly on time
  EXPECT_FALSE(IsBreached(c, c.response_due + absl::Hours(1)));
}

TEST(IsBreachedTest, ResolutionDeadlinePassedUnresolved) {
  SlaClock c = OpenClock();
  c.status = S::kInProgress;
  c.first_response_time = kCreated;
  EXPECT_FALSE(IsBreached(c, c.resolution_due));
  EXPECT_TRUE(IsBreached(c, c.resolution_due + absl::Seconds(1)));
}

}  // namespace
}  // namespace ccrm::relationship
