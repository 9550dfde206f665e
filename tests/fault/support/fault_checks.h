// What the fault tests check after every fault, in one place: audit what the writes and the
// consumer left behind, expect nothing lost, partial or applied twice (gtest expectations), and
// turn the outcome into report cells and totals.
//
// Example:
//   ASSERT_OK_AND_ASSIGN(FaultOutcome outcome,
//                        AuditFault(suite, "kill", load.attempts(), injected, healed));
//   ExpectNothingLost(outcome, "SIGKILL", /*writes_may_fail=*/true);
//   AddFaultTotals(report, outcome, !::testing::Test::HasFailure());
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/fault/report/reliability_report.h"
#include "tests/fault/support/fault_suite.h"
#include "tests/fault/support/write_load.h"

namespace ccrm::fault {

// The load every fault runs under: writers, each call's deadline, and how long the services may
// take to work again once a fault is removed (generous: the figure is reported, not asserted,
// but a service that never recovers must fail).
inline constexpr int kFaultWriters = 6;
inline constexpr absl::Duration kFaultCallTimeout = absl::Seconds(2);
inline constexpr absl::Duration kRecoveryBound = absl::Seconds(60);

// A CreateCustomer write load of `tag` on `suite`.
std::unique_ptr<WriteLoad> CustomerWriteLoad(FaultSuite& suite, const std::string& tag);

struct FaultOutcome {
  absl::Time injected;
  absl::Time healed;
  LoadSummary summary;
  CustomerWriteAudit writes;
  ConsumerAudit consumer;
};

// Summarizes `attempts` and audits customer-profile's rows of `tag` and relationship-service's
// events (waiting up to kRecoveryBound for the consumer to catch up).
absl::StatusOr<FaultOutcome> AuditFault(FaultSuite& suite, const std::string& tag,
                                        const std::vector<WriteAttempt>& attempts,
                                        absl::Time injected, absl::Time healed);

// gtest expectations: acknowledged writes whole, no partial write, every event applied once;
// with `writes_may_fail`, failures only UNAVAILABLE/DEADLINE_EXCEEDED during the fault and a
// recovery within kRecoveryBound, else no failure at all.
void ExpectNothingLost(const FaultOutcome& outcome, const std::string& label, bool writes_may_fail);

// Adds one injected fault (survived or not), the acknowledged writes lost and the events lost or
// applied twice to the report's totals.
void AddFaultTotals(reliability::ReliabilityReport& report, const FaultOutcome& outcome,
                    bool survived);

// Report cells: "2.41" seconds ("never" for an infinite duration); "whole / absent" of the
// unacknowledged writes; "produced / applied / lost / twice" of the events.
std::string Seconds(absl::Duration d);
std::string UnacknowledgedCell(const CustomerWriteAudit& writes);
std::string EventsCell(const ConsumerAudit& consumer);

}  // namespace ccrm::fault
