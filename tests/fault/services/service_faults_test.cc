// Services killed and stopped under load: customer-profile SIGKILLed in the middle of writes
// (and of serving its event feed), relationship-service SIGKILLed in the middle of applying a
// backlog of events, and relationship-service stopped for a while under load. Every acknowledged
// write survives whole, unacknowledged ones are whole or absent, callers see only UNAVAILABLE
// while the producer is away, and the consumer applies every event exactly once, resuming from its
// cursor. Figures go to the report section "service_faults".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/testing/status_matchers.h"
#include "tests/fault/report/reliability_report.h"
#include "tests/fault/support/fault_checks.h"
#include "tests/fault/support/fault_suite.h"
#include "tests/fault/support/write_load.h"

namespace ccrm::fault {
namespace {

using reliability::ReliabilityReport;
using reliability::ReliabilityTable;

class ServiceFaultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<FaultSuite>> suite = FaultSuite::Start(FaultSuiteOptions{});
    ASSERT_OK(suite.status());
    suite_ = suite->release();
    report_ = new ReliabilityReport("service_faults", "Service faults");
    table_ = &report_->AddTable(
        "Per fault (CreateCustomer from 6 writers, 2 s deadline; relationship-service plans each "
        "new customer's engagements from customer-profile's events)",
        {"fault", "attempts", "acknowledged", "failed (codes)", "unacked: whole / absent",
         "partial", "acked lost", "back after (s)", "events produced / applied / lost / twice",
         "consumer caught up in (s)", "cursor at the last event"});
  }

  static void TearDownTestSuite() {
    if (report_ != nullptr) {
      report_->AddNote(
          "The consumer's cursor and its record of applied events live in its own schema and "
          "move in the transaction that applies the event, so a kill at any point replays at "
          "most the event in flight, and the replay is skipped.");
      EXPECT_OK(report_->Write());
    }
    delete report_;
    delete suite_;
    report_ = nullptr;
    suite_ = nullptr;
  }

  // Audits the writes of `tag` and the consumer, checks them, and adds a report row.
  void AuditAndRecord(const std::string& tag, const std::string& label,
                      const std::vector<WriteAttempt>& attempts, absl::Time injected,
                      absl::Time healed, bool writes_may_fail) {
    absl::StatusOr<FaultOutcome> outcome = AuditFault(*suite_, tag, attempts, injected, healed);
    ASSERT_OK(outcome.status());
    const int64_t last_event =
        QueryInt(suite_->customer_db(),
                 "SELECT COALESCE(MAX(sequence), 0) FROM outbox_events WHERE event_type = "
                 "'ccrm.customer.v1.CustomerCreated'");
    const int64_t cursor =
        QueryInt(suite_->relationship_db(),
                 "SELECT last_sequence FROM event_cursors WHERE producer = 'customer-profile'");
    ExpectNothingLost(*outcome, label, writes_may_fail);
    EXPECT_EQ(cursor, last_event) << label;

    const LoadSummary& summary = outcome->summary;
    table_->AddRow(
        {label, absl::StrCat(summary.attempts), absl::StrCat(summary.acknowledged),
         FailuresText(summary.failures), UnacknowledgedCell(outcome->writes),
         absl::StrCat(outcome->writes.partial), absl::StrCat(outcome->writes.acknowledged_missing),
         writes_may_fail ? Seconds(summary.recovery) : "-", EventsCell(outcome->consumer),
         Seconds(outcome->consumer.catch_up), cursor == last_event ? "yes" : "no"});
    AddFaultTotals(*report_, *outcome, !HasFailure());
  }

  static int Rounds() { return reliability::LongRun() ? 3 : 1; }

  static FaultSuite* suite_;
  static ReliabilityReport* report_;
  static ReliabilityTable* table_;
};

FaultSuite* ServiceFaultsTest::suite_ = nullptr;
ReliabilityReport* ServiceFaultsTest::report_ = nullptr;
ReliabilityTable* ServiceFaultsTest::table_ = nullptr;

TEST_F(ServiceFaultsTest, ProducerKilledMidWriteAndMidDelivery) {
  ASSERT_NE(suite_, nullptr);
  for (int round = 0; round < Rounds(); ++round) {
    const std::string tag = absl::StrCat("cpkill", round);
    std::unique_ptr<WriteLoad> load = CustomerWriteLoad(*suite_, tag);
    load->Start();
    absl::SleepFor(absl::Milliseconds(1500));
    // Writes are in flight and relationship-service is reading the feed: kill the producer.
    const absl::Time injected = absl::Now();
    suite_->customer_profile().Kill();
    absl::SleepFor(absl::Milliseconds(500));
    ASSERT_OK(suite_->customer_profile().Start());
    const absl::Time healed = absl::Now();
    load->WaitForNextAcknowledgement(kRecoveryBound, absl::Seconds(1));
    load->Stop();
    AuditAndRecord(tag, "customer-profile SIGKILLed mid-write and mid-feed, restarted",
                   load->attempts(), injected, healed, /*writes_may_fail=*/true);
  }
}

TEST_F(ServiceFaultsTest, ConsumerKilledMidDelivery) {
  ASSERT_NE(suite_, nullptr);
  for (int round = 0; round < Rounds(); ++round) {
    const std::string tag = absl::StrCat("relkill", round);
    // A backlog: the consumer is stopped while 300+ customers are created.
    const int64_t consumed_before =
        QueryInt(suite_->relationship_db(), "SELECT COUNT(*) FROM consumed_events");
    suite_->relationship().Stop();
    std::unique_ptr<WriteLoad> load = CustomerWriteLoad(*suite_, tag);
    load->Start();
    while (load->acknowledged() < 300) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    load->Stop();
    // Started again, it catches up; kill it once it has applied some of the backlog, not all.
    ASSERT_OK(suite_->relationship().Start());
    const absl::Time injected = absl::Now();
    int64_t applied = 0;
    while (applied < 20 && absl::Now() - injected < kRecoveryBound) {
      applied = QueryInt(suite_->relationship_db(), "SELECT COUNT(*) FROM consumed_events") -
                consumed_before;
    }
    suite_->relationship().Kill();
    EXPECT_LT(applied, load->acknowledged()) << "the backlog was applied before the kill";
    ASSERT_OK(suite_->relationship().Start());
    const absl::Time healed = absl::Now();
    AuditAndRecord(tag,
                   absl::StrCat("relationship-service SIGKILLed after applying ", applied, " of ",
                                load->acknowledged(), " backlog events, restarted"),
                   load->attempts(), injected, healed, /*writes_may_fail=*/false);
  }
}

TEST_F(ServiceFaultsTest, ConsumerStoppedUnderLoad) {
  ASSERT_NE(suite_, nullptr);
  const absl::Duration stopped_for = reliability::LongRun() ? absl::Seconds(30) : absl::Seconds(5);
  const std::string tag = "relstop";
  std::unique_ptr<WriteLoad> load = CustomerWriteLoad(*suite_, tag);
  load->Start();
  absl::SleepFor(absl::Seconds(2));
  const absl::Time injected = absl::Now();
  suite_->relationship().Stop();
  absl::SleepFor(stopped_for);
  ASSERT_OK(suite_->relationship().Start());
  const absl::Time healed = absl::Now();
  absl::SleepFor(absl::Seconds(2));
  load->Stop();
  AuditAndRecord(tag,
                 absl::StrCat("relationship-service stopped (SIGTERM) for ",
                              absl::FormatDuration(stopped_for), " under load, restarted"),
                 load->attempts(), injected, healed, /*writes_may_fail=*/false);
}

}  // namespace
}  // namespace ccrm::fault
