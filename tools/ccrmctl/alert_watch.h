// alerts watch — risk-warning's WatchAlerts stream, followed live: each alert change is printed
// as it arrives (a line of a table, or one JSON object per line), filtered by level, customer and
// manager, from the --after cursor. When the connection drops (UNAVAILABLE, the server at
// capacity, or the server ending the stream) the watch reconnects after the last sequence it
// printed, waiting 1 s, 2 s, 4 s ... up to 30 s between attempts, so nothing is missed or shown
// twice; it runs until interrupted (Ctrl-C ends it with exit code 0) or refused.
//
// Example:
//   GrpcAlertUpdateStream stream(stub.get(), call_options);
//   AlertWatcher watcher(&stream, WatchOptions{});
//   ScopedInterruptHook hook([&watcher] { watcher.Stop(); });
//   absl::Status ended = watcher.Run(request, print_update, print_retry);
#pragma once

#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/client/call.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

// One WatchAlerts stream at a time.
class AlertUpdateStream {
 public:
  virtual ~AlertUpdateStream() = default;
  // Opens the stream with `request`, hands each update to `on_update` as it arrives, and returns
  // how the stream ended (CANCELLED after Cancel()).
  virtual absl::Status Follow(
      const risk::v1::WatchAlertsRequest& request,
      const std::function<void(const risk::v1::AlertUpdate&)>& on_update) = 0;
  // Ends the stream being followed, from any thread; later Follow calls end at once.
  virtual void Cancel() = 0;
};

// The stream over a RiskWarning stub, with the token and no deadline.
class GrpcAlertUpdateStream final : public AlertUpdateStream {
 public:
  GrpcAlertUpdateStream(risk::v1::RiskWarning::StubInterface* stub, CallOptions options)
      : stub_(stub), options_(std::move(options)) {}

  absl::Status Follow(const risk::v1::WatchAlertsRequest& request,
                      const std::function<void(const risk::v1::AlertUpdate&)>& on_update) override;
  void Cancel() override;

 private:
  risk::v1::RiskWarning::StubInterface* stub_;
  const CallOptions options_;
  absl::Mutex mu_;
  grpc::ClientContext* current_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

struct WatchOptions {
  absl::Duration first_retry_delay = absl::Seconds(1);
  absl::Duration max_retry_delay = absl::Seconds(30);
};

// A reconnect about to happen: why the stream ended, how long until the next attempt, and the
// cursor it resumes after.
struct WatchRetry {
  absl::Status error;
  absl::Duration delay;
  int64_t after_sequence = 0;
};

// True for the ways a stream ends that reconnecting cures: UNAVAILABLE, RESOURCE_EXHAUSTED (the
// server at capacity), CANCELLED by the server (it is draining), and OK (a watch never ends on
// its own, so the server went away).
bool IsWorthReconnecting(const absl::Status& status);

class AlertWatcher final {
 public:
  AlertWatcher(AlertUpdateStream* stream, WatchOptions options)
      : stream_(stream), options_(options) {}

  // Follows from request.after_sequence until Stop() (→ OK) or an end that reconnecting does not
  // cure (→ that status: PERMISSION_DENIED, INVALID_ARGUMENT, ...). Each update goes to
  // `on_update`; before each reconnect `on_retry` is told, then the watcher waits the delay, which
  // doubles per attempt that received nothing (up to max_retry_delay) and starts over after an
  // attempt that received updates.
  absl::Status Run(risk::v1::WatchAlertsRequest request,
                   const std::function<void(const risk::v1::AlertUpdate&)>& on_update,
                   const std::function<void(const WatchRetry&)>& on_retry);
  // Ends Run from any thread (a signal hook): cancels the stream and any wait.
  void Stop();
  // The sequence of the last update received (the cursor to resume after); the request's
  // after_sequence until one arrives. Read it on Run's thread or after Run returned.
  int64_t last_sequence() const { return last_sequence_; }

 private:
  bool stopped() const { return stopped_.HasBeenNotified(); }

  AlertUpdateStream* stream_;
  const WatchOptions options_;
  absl::Mutex stop_mu_;
  absl::Notification stopped_;
  int64_t last_sequence_ = 0;
};

// The request `alerts watch` sends: --after (a sequence >= 0), --level (the lowest level shown),
// --customer, --manager. UsageError for a bad cursor or level.
absl::StatusOr<risk::v1::WatchAlertsRequest> WatchAlertsRequestFrom(const Invocation& invocation);

// The header and one line per update of the watch's table.
std::string WatchHeader();
std::string WatchLine(const risk::v1::AlertUpdate& update);

void AddAlertWatchCommand(CommandTable& table);

}  // namespace ccrm::ctl
