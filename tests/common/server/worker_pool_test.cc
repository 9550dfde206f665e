// Tests of common/server/worker_pool: bounded queue, parallel workers, draining on Shutdown.
#include "common/server/worker_pool.h"

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace ccrm {
namespace {

// Polls `done` until it holds or 10 s pass; returns its last value.
bool Eventually(const std::function<bool()>& done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!done()) {
    if (absl::Now() > give_up) {
      return false;
    }
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

TEST(WorkerPoolTest, RunsSubmittedTasks) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2, 100);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(pool.TrySubmit([&] { ++ran; }));
    }
    ASSERT_TRUE(Eventually([&] { return ran.load() == 50; }));
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(WorkerPoolTest, ZeroQueueLimitStillUsesIdleWorker) {
  WorkerPool pool(1, 0);
  absl::Notification release;
  std::atomic<int> ran{0};
  // The worker is idle, so the task does not wait: accepted even with no queue.
  ASSERT_TRUE(pool.TrySubmit([&] {
    release.WaitForNotification();
    ++ran;
  }));
  ASSERT_TRUE(Eventually([&] { return pool.busy() == 1; }));
  // Now it would have to wait: refused.
  EXPECT_FALSE(pool.TrySubmit([&] { ++ran; }));
  release.Notify();
  ASSERT_TRUE(Eventually([&] { return pool.busy() == 0; }));
  EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
  ASSERT_TRUE(Eventually([&] { return ran.load() == 2; }));
}

TEST(WorkerPoolTest, ZeroQueueLimitRefusesSecondTaskBeforeWorkerPicksFirst) {
  // However fast the submissions, one idle worker takes at most one task without a queue.
  for (int round = 0; round < 200; ++round) {
    WorkerPool pool(1, 0);
    absl::Notification release;
    int accepted = 0;
    for (int i = 0; i < 3; ++i) {
      accepted += pool.TrySubmit([&] { release.WaitForNotification(); }) ? 1 : 0;
    }
    EXPECT_EQ(accepted, 1) << "round " << round;
    release.Notify();
  }
}

TEST(WorkerPoolTest, QueueIsBounded) {
  WorkerPool pool(1, 2);
  absl::Notification release;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.TrySubmit([&] {
    release.WaitForNotification();
    ++ran;
  }));
  ASSERT_TRUE(Eventually([&] { return pool.busy() == 1; }));
  EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
  EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_FALSE(pool.TrySubmit([&] { ++ran; }));
  EXPECT_EQ(pool.queued(), 2u);
  release.Notify();
  ASSERT_TRUE(Eventually([&] { return ran.load() == 3; }));
  EXPECT_EQ(pool.queued(), 0u);
}

TEST(WorkerPoolTest, WorkersRunInParallel) {
  constexpr int kThreads = 4;
  WorkerPool pool(kThreads, 0);
  absl::Mutex mu;
  int arrived = 0;
  std::atomic<int> passed{0};
  for (int i = 0; i < kThreads; ++i) {
    // Each task waits for all of them to have started: only parallel workers get through.
    ASSERT_TRUE(pool.TrySubmit([&] {
      absl::MutexLock lock(&mu);
      ++arrived;
      auto all_here = [&arrived] { return arrived == kThreads; };
      if (mu.AwaitWithTimeout(absl::Condition(&all_here), absl::Seconds(10))) {
        ++passed;
      }
    }));
  }
  ASSERT_TRUE(Eventually([&] { return passed.load() == kThreads; }));
}

TEST(WorkerPoolTest, ShutdownRunsEverythingQueued) {
  WorkerPool pool(1, 10);
  absl::Notification release;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.TrySubmit([&] {
    release.WaitForNotification();
    ++ran;
  }));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(pool.TrySubmit([&] { ++ran; }));
  }
  std::thread stopper([&] { pool.Shutdown(); });
  // Once stopping, nothing new is taken, but what was queued still runs.
  ASSERT_TRUE(Eventually([&] { return !pool.TrySubmit([] {}); }));
  release.Notify();
  stopper.join();
  EXPECT_EQ(ran.load(), 6);
  EXPECT_EQ(pool.queued(), 0u);
  EXPECT_FALSE(pool.TrySubmit([&] { ++ran; }));
}

TEST(WorkerPoolTest, ShutdownIsIdempotentAndThreadSafe) {
  WorkerPool pool(3, 10);
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(pool.TrySubmit([&] { ++ran; }));
  }
  std::vector<std::thread> stoppers;
  for (int i = 0; i < 4; ++i) {
    stoppers.emplace_back([&] { pool.Shutdown(); });
  }
  for (std::thread& t : stoppers) {
    t.join();
  }
  pool.Shutdown();
  EXPECT_EQ(ran.load(), 10);
}

}  // namespace
}  // namespace ccrm
