// The watch's reconnect loop against a scripted stream: it resumes after the last sequence it
// received, backs off while nothing arrives, gives up on errors reconnecting cannot cure, and
// ends cleanly when stopped — also in the middle of a wait.
#include "tools/ccrmctl/alert_watch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"

namespace ccrm::ctl {
namespace {

using ::ccrm::testing::IsOk;
using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;

namespace v1 = ::ccrm::risk::v1;

// Plays one attempt per Follow call: its updates, then its end. Past the script, PERMISSION_DENIED.
class ScriptedStream final : public AlertUpdateStream {
 public:
  struct Attempt {
    std::vector<int64_t> sequences;
    absl::Status end;
  };
  explicit ScriptedStream(std::vector<Attempt> script) : script_(std::move(script)) {}

  absl::Status Follow(const v1::WatchAlertsRequest& request,
                      const std::function<void(const v1::AlertUpdate&)>& on_update) override {
    requests_.push_back(request);
    if (cancelled_) {
      return absl::CancelledError("cancelled");
    }
    if (next_ >= script_.size()) {
      return absl::PermissionDeniedError("script over");
    }
    const Attempt& attempt = script_[next_++];
    for (int64_t sequence : attempt.sequences) {
      v1::AlertUpdate update;
      update.set_sequence(sequence);
      on_update(update);
      if (cancelled_) {
        return absl::CancelledError("cancelled");
      }
    }
    return attempt.end;
  }
  void Cancel() override { cancelled_ = true; }

  const std::vector<v1::WatchAlertsRequest>& requests() const { return requests_; }
  bool cancelled() const { return cancelled_; }

 private:
  std::vector<Attempt> script_;
  size_t next_ = 0;
  std::vector<v1::WatchAlertsRequest> requests_;
  bool cancelled_ = false;
};

WatchOptions FastRetries() { return WatchOptions{absl::Milliseconds(1), absl::Milliseconds(3)}; }

v1::WatchAlertsRequest After(int64_t sequence) {
  v1::WatchAlertsRequest request;
  request.set_after_sequence(sequence);
  request.set_min_level(v1::ALERT_LEVEL_YELLOW);
  request.set_customer_id("c-1");
  return request;
}

TEST(AlertWatcherTest, ResumesAfterTheLastSequenceAndBacksOffWhileNothingArrives) {
  ScriptedStream stream({
      {{5, 6}, absl::UnavailableError("connection reset")},
      {{}, absl::UnavailableError("connection refused")},
      {{}, absl::ResourceExhaustedError("server is at capacity")},
      {{}, absl::UnavailableError("connection refused")},
      {{7}, WithReason(absl::PermissionDeniedError("token expired"), "TOKEN_EXPIRED")},
  });
  AlertWatcher watcher(&stream, FastRetries());
  std::vector<int64_t> shown;
  std::vector<WatchRetry> retries;
  const absl::Status ended = watcher.Run(
      After(4), [&](const v1::AlertUpdate& u) { shown.push_back(u.sequence()); },
      [&](const WatchRetry& r) { retries.push_back(r); });

  EXPECT_THAT(ended, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(ErrorReason(ended), "TOKEN_EXPIRED");
  EXPECT_THAT(shown, ElementsAre(5, 6, 7));
  EXPECT_EQ(watcher.last_sequence(), 7);
  std::vector<int64_t> afters;
  for (const v1::WatchAlertsRequest& r : stream.requests()) {
    afters.push_back(r.after_sequence());
    // The filters ride along on every reconnect.
    EXPECT_EQ(r.min_level(), v1::ALERT_LEVEL_YELLOW);
    EXPECT_EQ(r.customer_id(), "c-1");
  }
  EXPECT_THAT(afters, ElementsAre(4, 6, 6, 6, 6));
  ASSERT_EQ(retries.size(), 4u);
  EXPECT_THAT(retries[0].error, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(retries[0].after_sequence, 6);
  EXPECT_EQ(retries[0].delay, absl::Milliseconds(1));  // it had received updates
  EXPECT_EQ(retries[1].delay, absl::Milliseconds(2));
  EXPECT_THAT(retries[2].error, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(retries[2].delay, absl::Milliseconds(3));  // capped
  EXPECT_EQ(retries[3].delay, absl::Milliseconds(3));
}

TEST(AlertWatcherTest, AStreamTheServerEndsIsResumedAndStopEndsCleanly) {
  ScriptedStream stream({
      {{1}, absl::OkStatus()},
      {{2, 3, 4}, absl::UnavailableError("never reached")},
  });
  AlertWatcher watcher(&stream, FastRetries());
  std::vector<int64_t> shown;
  std::vector<WatchRetry> retries;
  const absl::Status ended = watcher.Run(
      After(0),
      [&](const v1::AlertUpdate& u) {
        shown.push_back(u.sequence());
        if (u.sequence() == 3) {
          watcher.Stop();  // as Ctrl-C's hook does, mid-stream
        }
      },
      [&](const WatchRetry& r) { retries.push_back(r); });

  EXPECT_THAT(ended, IsOk());
  EXPECT_TRUE(stream.cancelled());
  EXPECT_THAT(shown, ElementsAre(1, 2, 3));
  EXPECT_EQ(watcher.last_sequence(), 3);
  ASSERT_EQ(retries.size(), 1u);
  EXPECT_THAT(retries[0].error, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(retries[0].error.message(), "the server ended the stream");
  EXPECT_EQ(stream.requests().size(), 2u);
}

TEST(AlertWatcherTest, StopInterruptsTheWaitBeforeAReconnect) {
  ScriptedStream stream({{{9}, absl::UnavailableError("connection reset")}});
  // A wait of an hour: the test only finishes because Stop cuts it short.
  AlertWatcher watcher(&stream, WatchOptions{absl::Hours(1), absl::Hours(1)});
  const absl::Status ended = watcher.Run(
      After(8), [](const v1::AlertUpdate&) {}, [&](const WatchRetry&) { watcher.Stop(); });
  EXPECT_THAT(ended, IsOk());
  EXPECT_EQ(stream.requests().size(), 1u);
  EXPECT_EQ(watcher.last_sequence(), 9);
}

TEST(AlertWatcherTest, StoppedBeforeItStartsCallsNothing) {
  ScriptedStream stream({});
  AlertWatcher watcher(&stream, FastRetries());
  watcher.Stop();
  watcher.Stop();  // twice is harmless
  EXPECT_THAT(watcher.Run(
                  After(3), [](const v1::AlertUpdate&) {}, [](const WatchRetry&) {}),
              IsOk());
  EXPECT_TRUE(stream.requests().empty());
  EXPECT_EQ(watcher.last_sequence(), 3);
}

TEST(AlertWatcherTest, RefusalsAreNotRetried) {
  for (const absl::Status& refusal :
       {absl::InvalidArgumentError("after_sequence: must not be negative"),
        absl::UnauthenticatedError("no token"), absl::PermissionDeniedError("auditor only"),
        absl::UnimplementedError("not this service"), absl::InternalError("bug")}) {
    ScriptedStream stream({{{}, refusal}});
    AlertWatcher watcher(&stream, FastRetries());
    int retries = 0;
    EXPECT_EQ(watcher.Run(
                  After(0), [](const v1::AlertUpdate&) {}, [&](const WatchRetry&) { ++retries; }),
              refusal);
    EXPECT_EQ(retries, 0);
    EXPECT_FALSE(IsWorthReconnecting(refusal));
  }
  EXPECT_TRUE(IsWorthReconnecting(absl::UnavailableError("x")));
  EXPECT_TRUE(IsWorthReconnecting(absl::ResourceExhaustedError("x")));
  EXPECT_TRUE(IsWorthReconnecting(absl::CancelledError("server draining")));
  EXPECT_TRUE(IsWorthReconnecting(absl::OkStatus()));
  EXPECT_FALSE(IsWorthReconnecting(absl::DeadlineExceededError("x")));
}

}  // namespace
}  // namespace ccrm::ctl
