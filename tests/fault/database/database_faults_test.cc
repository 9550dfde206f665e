// MariaDB restarted, killed, slowed and frozen under write load, with customer-profile writing
// and relationship-service consuming its events (both on this test's own MariaDB, so nothing else
// is disturbed). For each fault: every acknowledged CreateCustomer is there afterwards, whole
// (customer, request id and event); each unacknowledged one is wholly there or wholly absent;
// callers only ever see UNAVAILABLE or DEADLINE_EXCEEDED, and only while the fault lasts; the
// services recover by themselves; the consumer applies every event exactly once; no service holds
// more server connections than its pool. Figures go to the report section "db_faults".
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
#include "tests/fault/support/private_mariadb.h"
#include "tests/fault/support/tcp_delay_proxy.h"
#include "tests/fault/support/write_load.h"

namespace ccrm::fault {
namespace {

using reliability::ReliabilityReport;
using reliability::ReliabilityTable;

// The services' pool (customer-profile and relationship-service each).
constexpr int kPoolSize = 4;

class DatabaseFaultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<PrivateMariaDb>> db = PrivateMariaDb::Start();
    ASSERT_OK(db.status());
    db_ = db->release();
    absl::StatusOr<std::unique_ptr<TcpDelayProxy>> proxy = TcpDelayProxy::Start(db_->port());
    ASSERT_OK(proxy.status());
    proxy_ = proxy->release();
    // Everything (the services and the audits) reaches MariaDB through the proxy.
    db_->ExportForTests(proxy_->port());
    FaultSuiteOptions options;
    const std::string pool = absl::StrCat("--mysql_pool_size=", kPoolSize);
    options.customer_flags = {pool};
    options.relationship_flags = {pool};
    absl::StatusOr<std::unique_ptr<FaultSuite>> suite = FaultSuite::Start(options);
    ASSERT_OK(suite.status());
    suite_ = suite->release();
    report_ = new ReliabilityReport("db_faults", "Database faults");
    table_ = &report_->AddTable(
        "Per fault (CreateCustomer under load from 6 writers, 2 s deadline; relationship-service "
        "consuming)",
        {"fault", "outage", "attempts", "acknowledged", "failed (codes)", "unacked: whole / absent",
         "partial", "acked lost", "back after (s)", "slowest failure (s)",
         "events produced / applied / lost / twice", "connections after (cp, rel; pool 4)"});
  }

  static void TearDownTestSuite() {
    if (report_ != nullptr) {
      report_->AddNote(
          "An outage is timed from the fault's injection to its removal (MariaDB answering again, "
          "the delay removed, the process continued); 'back after' from then to the end of the "
          "first acknowledged write that started after it.");
      report_->AddNote(
          "Every attempt is a new request id: nothing is retried, so each failure is one write the "
          "caller would retry with the same id (the create is idempotent).");
      EXPECT_OK(report_->Write());
    }
    delete report_;
    delete suite_;
    delete proxy_;
    delete db_;
    report_ = nullptr;
    suite_ = nullptr;
    proxy_ = nullptr;
    db_ = nullptr;
  }

  // Runs writers, injects the fault after a healthy second, heals it after `outage`, waits for
  // the first acknowledged write after that, then audits everything and records a report row.
  void RunFault(const std::string& tag, const std::string& label, absl::Duration outage,
                const std::function<absl::Status()>& inject,
                const std::function<absl::Status()>& heal) {
    ASSERT_NE(suite_, nullptr);
    std::unique_ptr<WriteLoad> load = CustomerWriteLoad(*suite_, tag);
    load->Start();
    absl::SleepFor(absl::Milliseconds(1500));
    const absl::Time injected = absl::Now();
    ASSERT_OK(inject());
    absl::SleepFor(outage);
    ASSERT_OK(heal());
    const absl::Time healed = absl::Now();
    load->WaitForNextAcknowledgement(kRecoveryBound, absl::Seconds(1));
    load->Stop();
    absl::StatusOr<FaultOutcome> outcome =
        AuditFault(*suite_, tag, load->attempts(), injected, healed);
    ASSERT_OK(outcome.status());
    absl::StatusOr<std::map<std::string, int64_t>> connections = suite_->ConnectionsByUser();
    ASSERT_OK(connections.status());
    const int64_t customer_connections = (*connections)[suite_->customer_db().app_user()];
    const int64_t relationship_connections = (*connections)[suite_->relationship_db().app_user()];

    ExpectNothingLost(*outcome, label, /*writes_may_fail=*/true);
    EXPECT_LE(customer_connections, kPoolSize);
    EXPECT_LE(relationship_connections, kPoolSize);

    const LoadSummary& summary = outcome->summary;
    table_->AddRow({label, Seconds(healed - injected), absl::StrCat(summary.attempts),
                    absl::StrCat(summary.acknowledged), FailuresText(summary.failures),
                    UnacknowledgedCell(outcome->writes), absl::StrCat(outcome->writes.partial),
                    absl::StrCat(outcome->writes.acknowledged_missing), Seconds(summary.recovery),
                    Seconds(summary.slowest_failure), EventsCell(outcome->consumer),
                    absl::StrCat(customer_connections, ", ", relationship_connections)});
    AddFaultTotals(*report_, *outcome, !HasFailure());
  }

  // Long runs repeat each fault and hold it longer.
  static int Rounds() { return reliability::LongRun() ? 3 : 1; }
  static absl::Duration Outage(absl::Duration short_form) {
    return reliability::LongRun() ? short_form * 3 : short_form;
  }

  static PrivateMariaDb* db_;
  static TcpDelayProxy* proxy_;
  static FaultSuite* suite_;
  static ReliabilityReport* report_;
  static ReliabilityTable* table_;
};

PrivateMariaDb* DatabaseFaultsTest::db_ = nullptr;
TcpDelayProxy* DatabaseFaultsTest::proxy_ = nullptr;
FaultSuite* DatabaseFaultsTest::suite_ = nullptr;
ReliabilityReport* DatabaseFaultsTest::report_ = nullptr;
ReliabilityTable* DatabaseFaultsTest::table_ = nullptr;

TEST_F(DatabaseFaultsTest, CleanRestartUnderLoad) {
  for (int round = 0; round < Rounds(); ++round) {
    RunFault(
        absl::StrCat("restart", round), "restart (clean shutdown)", Outage(absl::Seconds(1)),
        [] { return db_->Stop(); }, [] { return db_->Restart(); });
  }
}

TEST_F(DatabaseFaultsTest, KilledWithSigkillUnderLoad) {
  for (int round = 0; round < Rounds(); ++round) {
    RunFault(
        absl::StrCat("sigkill", round), "SIGKILL, crash recovery", Outage(absl::Seconds(1)),
        [] { return db_->Kill(); }, [] { return db_->Restart(); });
  }
}

TEST_F(DatabaseFaultsTest, SlowUnderLoad) {
  for (int round = 0; round < Rounds(); ++round) {
    RunFault(
        absl::StrCat("slow", round), "slow: +300 ms per packet each way", Outage(absl::Seconds(4)),
        [] {
          proxy_->set_delay(absl::Milliseconds(300));
          return absl::OkStatus();
        },
        [] {
          proxy_->set_delay(absl::ZeroDuration());
          return absl::OkStatus();
        });
  }
}

TEST_F(DatabaseFaultsTest, FrozenUnderLoad) {
  for (int round = 0; round < Rounds(); ++round) {
    RunFault(
        absl::StrCat("freeze", round), "frozen (SIGSTOP, then SIGCONT)", Outage(absl::Seconds(4)),
        [] { return db_->Freeze(); }, [] { return db_->Thaw(); });
  }
}

}  // namespace
}  // namespace ccrm::fault
