#include "tests/fault/support/fault_checks.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/status_macros.h"

namespace ccrm::fault {

std::unique_ptr<WriteLoad> CustomerWriteLoad(FaultSuite& suite, const std::string& tag) {
  return std::make_unique<WriteLoad>(kFaultWriters, [&suite, tag](int64_t attempt) {
    return suite.CreateCustomer(tag, attempt, kFaultCallTimeout);
  });
}

absl::StatusOr<FaultOutcome> AuditFault(FaultSuite& suite, const std::string& tag,
                                        const std::vector<WriteAttempt>& attempts,
                                        absl::Time injected, absl::Time healed) {
  FaultOutcome outcome;
  outcome.injected = injected;
  outcome.healed = healed;
  outcome.summary = Summarize(attempts, injected, healed);
  ASSIGN_OR_RETURN(outcome.writes, suite.AuditCustomerWrites(tag, attempts));
  ASSIGN_OR_RETURN(outcome.consumer, suite.AuditConsumer(kRecoveryBound));
  return outcome;
}

void ExpectNothingLost(const FaultOutcome& outcome, const std::string& label,
                       bool writes_may_fail) {
  const LoadSummary& summary = outcome.summary;
  EXPECT_GT(summary.acknowledged, 0) << label;
  EXPECT_EQ(outcome.writes.acknowledged_missing, 0)
      << label << ": " << ::testing::PrintToString(outcome.writes.problems);
  EXPECT_EQ(outcome.writes.partial, 0)
      << label << ": " << ::testing::PrintToString(outcome.writes.problems);
  if (writes_may_fail) {
    EXPECT_LT(summary.recovery, kRecoveryBound) << label << ": no write succeeded after the fault";
    for (const WriteAttempt& a : summary.unexpected) {
      ADD_FAILURE() << label << ": attempt " << a.id << " failed with "
                    << absl::StatusCodeToString(a.code) << " \"" << a.message << "\" at "
                    << absl::FormatDuration(a.end - outcome.injected) << " after the injection";
    }
  } else {
    EXPECT_TRUE(summary.failures.empty())
        << label
        << ": writes failed while only the consumer was away: " << FailuresText(summary.failures);
  }
  EXPECT_EQ(outcome.consumer.missing, 0) << label;
  EXPECT_EQ(outcome.consumer.unknown, 0) << label;
  EXPECT_EQ(outcome.consumer.planned_twice, 0) << label;
  EXPECT_EQ(outcome.consumer.not_planned, 0) << label;
}

void AddFaultTotals(reliability::ReliabilityReport& report, const FaultOutcome& outcome,
                    bool survived) {
  report.AddTotal(reliability::kFaultsInjected, 1);
  report.AddTotal(reliability::kFaultsSurvived, survived ? 1 : 0);
  report.AddTotal(reliability::kRequestsLost,
                  static_cast<double>(outcome.writes.acknowledged_missing));
  report.AddTotal(reliability::kEventsLostOrDuplicated,
                  static_cast<double>(outcome.consumer.missing + outcome.consumer.unknown +
                                      outcome.consumer.planned_twice));
}

std::string Seconds(absl::Duration d) {
  return d == absl::InfiniteDuration() ? "never"
                                       : absl::StrFormat("%.2f", absl::ToDoubleSeconds(d));
}

std::string UnacknowledgedCell(const CustomerWriteAudit& writes) {
  return absl::StrCat(writes.unacknowledged_present, " / ", writes.unacknowledged_absent);
}

std::string EventsCell(const ConsumerAudit& consumer) {
  return absl::StrCat(consumer.produced, " / ", consumer.consumed, " / ", consumer.missing, " / ",
                      consumer.planned_twice);
}

}  // namespace ccrm::fault
