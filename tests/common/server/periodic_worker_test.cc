// PeriodicWorker: runs its job on a timer until stopped, counts runs, reports failures, and stops
// at once however long its interval.
#include "common/server/periodic_worker.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/notification.h"

namespace ccrm {
namespace {

TEST(PeriodicWorkerTest, RunOnceRunsTheJobAndReturnsItsStatus) {
  int calls = 0;
  PeriodicWorker worker("test", absl::Hours(1), [&] {
    ++calls;
    return calls == 1 ? absl::OkStatus() : absl::UnavailableError("database away");
  });
  EXPECT_TRUE(worker.RunOnce().ok());
  EXPECT_EQ(worker.RunOnce().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(worker.runs(), 2);
}

TEST(PeriodicWorkerTest, RunsOnItsOwnThreadEveryIntervalAndKeepsGoingAfterAFailure) {
  std::atomic<int> calls{0};
  absl::Notification third_run;
  PeriodicWorker worker("test", absl::Milliseconds(1), [&] {
    const int n = ++calls;
    if (n == 3) {
      third_run.Notify();
    }
    return n == 1 ? absl::InternalError("first run fails") : absl::OkStatus();
  });
  worker.Start();
  worker.Start();  // a second Start does nothing
  ASSERT_TRUE(third_run.WaitForNotificationWithTimeout(absl::Seconds(30)));
  worker.Stop();
  const int after_stop = calls.load();
  EXPECT_GE(after_stop, 3);
  EXPECT_EQ(worker.runs(), after_stop);
}

TEST(PeriodicWorkerTest, StopWakesAWorkerWaitingALongIntervalAndNothingRuns) {
  std::atomic<int> calls{0};
  PeriodicWorker worker("test", absl::Hours(24), [&] {
    ++calls;
    return absl::OkStatus();
  });
  worker.Start();
  worker.Stop();  // returns at once (a hang here fails the test by its timeout)
  worker.Stop();  // idempotent
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace ccrm
