#include "services/risk-warning/domain/alert_lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/evaluation.h"

namespace ccrm::risk {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using L = AlertLevel;
using S = AlertStatus;

const absl::Time kOpened =
    absl::FromCivil(absl::CivilSecond(2026, 3, 2, 9, 0, 0), absl::UTCTimeZone());
const absl::Time kNow = kOpened + absl::Hours(2);

Alert OpenAlert(S status = S::kOpen, L evaluated = L::kYellow, int steps = 0) {
  Alert alert;
  alert.alert_id = "0195a1b2-0000-7000-8000-000000000001";
  alert.customer_id = "0195a1b2-0000-7000-8000-0000000000c1";
  alert.indicator = kDaysPastDue;
  alert.status = status;
  alert.evaluated_level = evaluated;
  alert.escalation_steps = steps;
  alert.level = static_cast<L>(std::min(4, static_cast<int>(evaluated) + steps));
  alert.value = 35;
  alert.threshold = 30;
  alert.rule_id = "default-days_past_due";
  alert.rule_version = 1;
  alert.assignee_manager_id = "rm.wang";
  alert.open_time = kOpened;
  if (status == S::kOpen) {
    alert.acknowledge_deadline = kOpened + absl::Hours(72);
  }
  alert.update_time = kOpened;
  alert.revision = 1;
  return alert;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(AlertTest, OpenStatuses) {
  EXPECT_TRUE(IsOpen(S::kOpen));
  EXPECT_TRUE(IsOpen(S::kAcknowledged));
  EXPECT_TRUE(IsOpen(S::kInProgress));
  EXPECT_FALSE(IsOpen(S::kResolved));
  EXPECT_FALSE(IsOpen(S::kFalsePositive));
  EXPECT_FALSE(IsOpen(S::kUnspecified));
}

TEST(AlertTest, LevelNames) {
  EXPECT_STREQ(LevelName(L::kNone), "NONE");
  EXPECT_STREQ(LevelName(L::kBlue), "BLUE");
  EXPECT_STREQ(LevelName(L::kYellow), "YELLOW");
  EXPECT_STREQ(LevelName(L::kOrange), "ORANGE");
  EXPECT_STREQ(LevelName(L::kRed), "RED");
}

TEST(AlertTest, DefaultAcknowledgePolicy) {
  const AcknowledgePolicy policy;
  EXPECT_EQ(policy.For(L::kRed), absl::Hours(4));
  EXPECT_EQ(policy.For(L::kOrange), absl::Hours(24));
  EXPECT_EQ(policy.For(L::kYellow), absl::Hours(72));
  EXPECT_EQ(policy.For(L::kBlue), absl::Hours(168));
  EXPECT_EQ(policy.For(L::kNone), absl::Hours(168));
  AcknowledgePolicy custom;
  custom.orange = absl::Minutes(90);
  EXPECT_EQ(custom.For(L::kOrange), absl::Minutes(90));
}

TEST(AlertTest, OnlyOpenedRaisedAndEscalatedNotify) {
  AlertChange change;
  for (const char* action : {kActionOpened, kActionRaised, kActionEscalated}) {
    change.action = action;
    EXPECT_TRUE(Notifies(change)) << action;
  }
  for (const char* action :
       {kActionLowered, kActionCleared, kActionUpdated, kActionAcknowledged, kActionInProgress,
        kActionResolved, kActionFalsePositive, kActionAssigned}) {
    change.action = action;
    EXPECT_FALSE(Notifies(change)) << action;
  }
}

TEST(ChangeStatusTest, AcknowledgeEndsTheDeadline) {
  ASSERT_OK_AND_ASSIGN(AlertChange c,
                       ChangeStatus(OpenAlert(), S::kAcknowledged, "", "rm.wang", kNow));
  EXPECT_EQ(c.action, "acknowledged");
  EXPECT_EQ(c.actor, "rm.wang");
  EXPECT_EQ(c.note, "");
  EXPECT_EQ(c.change_time, kNow);
  EXPECT_EQ(c.alert.status, S::kAcknowledged);
  EXPECT_EQ(c.alert.acknowledge_deadline, std::nullopt);
  EXPECT_EQ(c.alert.acknowledge_time, kNow);
  EXPECT_EQ(c.alert.close_time, std::nullopt);
  EXPECT_EQ(c.alert.update_time, kNow);
  EXPECT_EQ(c.alert.level, L::kYellow);
  EXPECT_EQ(c.alert.revision, 1);
}

TEST(ChangeStatusTest, InProgressStraightFromOpenAlsoAcknowledges) {
  ASSERT_OK_AND_ASSIGN(AlertChange c, ChangeStatus(OpenAlert(), S::kInProgress,
                                                   "calling the borrower", "rm.wang", kNow));
  EXPECT_EQ(c.action, "in_progress");
  EXPECT_EQ(c.note, "calling the borrower");
  EXPECT_EQ(c.alert.status, S::kInProgress);
  EXPECT_EQ(c.alert.acknowledge_deadline, std::nullopt);
  EXPECT_EQ(c.alert.acknowledge_time, kNow);
}

TEST(ChangeStatusTest, LaterStatusesKeepTheFirstAcknowledgement) {
  Alert acknowledged = OpenAlert(S::kAcknowledged);
  acknowledged.acknowledge_time = kOpened + absl::Hours(1);
  ASSERT_OK_AND_ASSIGN(AlertChange c,
                       ChangeStatus(acknowledged, S::kInProgress, "", "rm.wang", kNow));
  EXPECT_EQ(c.alert.acknowledge_time, kOpened + absl::Hours(1));
}

TEST(ChangeStatusTest, ResolveClosesWithTheNote) {
  ASSERT_OK_AND_ASSIGN(AlertChange c, ChangeStatus(OpenAlert(S::kInProgress), S::kResolved,
                                                   "arrears paid on 3 March", "rm.wang", kNow));
  EXPECT_EQ(c.action, "resolved");
  EXPECT_EQ(c.alert.status, S::kResolved);
  EXPECT_EQ(c.alert.close_time, kNow);
  EXPECT_EQ(c.alert.resolution_note, "arrears paid on 3 March");
  EXPECT_EQ(c.note, "arrears paid on 3 March");
}

TEST(ChangeStatusTest, FalsePositiveStraightFromOpen) {
  ASSERT_OK_AND_ASSIGN(AlertChange c,
                       ChangeStatus(OpenAlert(), S::kFalsePositive,
                                    "payment posted late by the core system", "risk.li", kNow));
  EXPECT_EQ(c.action, "false_positive");
  EXPECT_EQ(c.alert.status, S::kFalsePositive);
  EXPECT_EQ(c.alert.close_time, kNow);
  EXPECT_EQ(c.alert.acknowledge_deadline, std::nullopt);
  EXPECT_EQ(c.alert.acknowledge_time, kNow);
}

TEST(ChangeStatusTest, OpenAndUnspecifiedAreNotTargets) {
  for (S to : {S::kOpen, S::kUnspecified}) {
    auto c = ChangeStatus(OpenAlert(S::kAcknowledged), to, "", "rm.wang", kNow);
    EXPECT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(Fields(c.status()), ElementsAre("status"));
  }
}

TEST(ChangeStatusTest, ClosingNeedsANoteOfAtMost2000Characters) {
  for (S to : {S::kResolved, S::kFalsePositive}) {
    auto missing = ChangeStatus(OpenAlert(), to, "", "rm.wang", kNow);
    EXPECT_THAT(missing, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(Fields(missing.status()), ElementsAre("note"));
    auto blank = ChangeStatus(OpenAlert(), to, "  ", "rm.wang", kNow);
    EXPECT_THAT(Fields(blank.status()), ElementsAre("note"));
    auto too_long = ChangeStatus(OpenAlert(), to, std::string(2001, 'x'), "rm.wang", kNow);
    EXPECT_THAT(Fields(too_long.status()), ElementsAre("note"));
    // Counted in characters, not bytes.
    std::string chinese;
    for (int i = 0; i < 2000; ++i) {
      chinese += "款";
    }
    EXPECT_OK(ChangeStatus(OpenAlert(), to, chinese, "rm.wang", kNow));
  }
  auto long_ack = ChangeStatus(OpenAlert(), S::kAcknowledged, std::string(2001, 'x'), "rm", kNow);
  EXPECT_THAT(Fields(long_ack.status()), ElementsAre("note"));
}

TEST(ChangeStatusTest, ClosedAlertsRefuseEveryChange) {
  for (S closed : {S::kResolved, S::kFalsePositive}) {
    for (S to : {S::kAcknowledged, S::kInProgress, S::kResolved, S::kFalsePositive}) {
      auto c = ChangeStatus(OpenAlert(closed), to, "note", "rm.wang", kNow);
      EXPECT_THAT(c, StatusIs(absl::StatusCode::kFailedPrecondition));
      EXPECT_EQ(ErrorReason(c.status()), "ALERT_CLOSED");
    }
  }
}

TEST(ChangeStatusTest, NoStepBackNorToTheSameStatus) {
  const std::pair<S, S> refused[] = {
      {S::kAcknowledged, S::kAcknowledged},
      {S::kInProgress, S::kAcknowledged},
      {S::kInProgress, S::kInProgress},
  };
  for (const auto& [from, to] : refused) {
    auto c = ChangeStatus(OpenAlert(from), to, "", "rm.wang", kNow);
    EXPECT_THAT(c, StatusIs(absl::StatusCode::kFailedPrecondition));
    EXPECT_EQ(ErrorReason(c.status()), "INVALID_STATUS_CHANGE");
  }
}

TEST(ReassignTest, MovesTheAlertAndKeepsItsClock) {
  ASSERT_OK_AND_ASSIGN(AlertChange c,
                       Reassign(OpenAlert(), "rm.zhao", "rm.wang on leave", "risk.li", kNow));
  EXPECT_EQ(c.action, "assigned");
  EXPECT_EQ(c.actor, "risk.li");
  EXPECT_EQ(c.note, "rm.wang on leave");
  EXPECT_EQ(c.change_time, kNow);
  EXPECT_EQ(c.alert.assignee_manager_id, "rm.zhao");
  EXPECT_EQ(c.alert.status, S::kOpen);
  EXPECT_EQ(c.alert.acknowledge_deadline, kOpened + absl::Hours(72));
  EXPECT_EQ(c.alert.update_time, kNow);
}

TEST(ReassignTest, StaffIdAndReasonAreChecked) {
  for (const std::string& bad :
       {std::string(""), std::string("rm wang"), std::string("王"), std::string(65, 'a')}) {
    auto c = Reassign(OpenAlert(), bad, "cover", "risk.li", kNow);
    EXPECT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_THAT(Fields(c.status()), ElementsAre("assignee_manager_id")) << bad;
  }
  EXPECT_OK(Reassign(OpenAlert(), std::string(64, 'a'), "cover", "risk.li", kNow));
  EXPECT_OK(Reassign(OpenAlert(), "RM-01_a.b", "cover", "risk.li", kNow));
  auto no_reason = Reassign(OpenAlert(), "rm.zhao", "", "risk.li", kNow);
  EXPECT_THAT(Fields(no_reason.status()), ElementsAre("reason"));
  auto both = Reassign(OpenAlert(), "", "", "risk.li", kNow);
  EXPECT_THAT(Fields(both.status()), ElementsAre("assignee_manager_id", "reason"));
}

TEST(ReassignTest, ClosedOrAlreadyAssigned) {
  auto closed = Reassign(OpenAlert(S::kResolved), "rm.zhao", "cover", "risk.li", kNow);
  EXPECT_THAT(closed, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(closed.status()), "ALERT_CLOSED");
  auto same = Reassign(OpenAlert(), "rm.wang", "cover", "risk.li", kNow);
  EXPECT_THAT(same, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(same.status()), "ALREADY_ASSIGNED");
}

TEST(EscalateIfOverdueTest, NotBeforeOrAtTheDeadline) {
  const AcknowledgePolicy policy;
  const Alert alert = OpenAlert();
  EXPECT_FALSE(EscalateIfOverdue(alert, kOpened + absl::Hours(71), policy).has_value());
  EXPECT_FALSE(EscalateIfOverdue(alert, *alert.acknowledge_deadline, policy).has_value());
}

TEST(EscalateIfOverdueTest, OneLevelUpWithANewDeadline) {
  const AcknowledgePolicy policy;
  const Alert alert = OpenAlert();
  const absl::Time late = *alert.acknowledge_deadline + absl::Seconds(1);
  std::optional<AlertChange> c = EscalateIfOverdue(alert, late, policy);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->action, "escalated");
  EXPECT_EQ(c->actor, kSystemActor);
  EXPECT_EQ(c->note, "not acknowledged by 2026-03-05T09:00:00Z");
  EXPECT_EQ(c->change_time, late);
  EXPECT_TRUE(Notifies(*c));
  EXPECT_EQ(c->alert.escalation_steps, 1);
  EXPECT_EQ(c->alert.evaluated_level, L::kYellow);
  EXPECT_EQ(c->alert.level, L::kOrange);
  EXPECT_EQ(c->alert.acknowledge_deadline, late + absl::Hours(24));
  EXPECT_EQ(c->alert.status, S::kOpen);
  EXPECT_EQ(c->alert.update_time, late);

  // Missing the new deadline too goes up again.
  const absl::Time later = late + absl::Hours(25);
  std::optional<AlertChange> again = EscalateIfOverdue(c->alert, later, policy);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->alert.escalation_steps, 2);
  EXPECT_EQ(again->alert.level, L::kRed);
  EXPECT_EQ(again->alert.acknowledge_deadline, later + absl::Hours(4));
}

TEST(EscalateIfOverdueTest, RedStaysRedButTheStepCounts) {
  const AcknowledgePolicy policy;
  Alert alert = OpenAlert(S::kOpen, L::kOrange, 1);
  ASSERT_EQ(alert.level, L::kRed);
  alert.acknowledge_deadline = kOpened + absl::Hours(4);
  std::optional<AlertChange> c = EscalateIfOverdue(alert, kOpened + absl::Hours(5), policy);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->alert.level, L::kRed);
  EXPECT_EQ(c->alert.evaluated_level, L::kOrange);
  EXPECT_EQ(c->alert.escalation_steps, 2);
  EXPECT_EQ(c->alert.acknowledge_deadline, kOpened + absl::Hours(9));
}

TEST(EscalateIfOverdueTest, AcknowledgedOrClosedAlertsNeverEscalate) {
  const AcknowledgePolicy policy;
  const absl::Time much_later = kOpened + absl::Hours(24 * 365);
  for (S status : {S::kAcknowledged, S::kInProgress, S::kResolved, S::kFalsePositive}) {
    Alert alert = OpenAlert(status);
    // Even with a deadline left over.
    alert.acknowledge_deadline = kOpened + absl::Hours(1);
    EXPECT_FALSE(EscalateIfOverdue(alert, much_later, policy).has_value());
  }
  Alert no_deadline = OpenAlert();
  no_deadline.acknowledge_deadline.reset();
  EXPECT_FALSE(EscalateIfOverdue(no_deadline, much_later, policy).has_value());
}

}  // namespace
}  // namespace ccrm::risk
