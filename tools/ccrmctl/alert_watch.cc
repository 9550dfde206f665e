#include "tools/ccrmctl/alert_watch.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "tools/ccrmctl/formatting.h"
#include "tools/ccrmctl/interrupt.h"
#include "tools/ccrmctl/resource_names.h"
#include "tools/ccrmctl/session.h"
#include "tools/ccrmctl/table.h"

namespace ccrm::ctl {
namespace {

namespace v1 = ::ccrm::risk::v1;

// Widths that fit the usual values: a sequence, a timestamp, the longest action
// ("false_positive"), a level, the longest status, "alerts/" + a UUID, a UUID, an indicator.
const StreamTable& WatchColumns() {
  static const StreamTable* const kColumns = new StreamTable({{"SEQ", 6},
                                                              {"TIME", 20},
                                                              {"ACTION", 14},
                                                              {"LEVEL", 6},
                                                              {"STATUS", 14},
                                                              {"ALERT", 43},
                                                              {"CUSTOMER", 36},
                                                              {"INDICATOR", 18},
                                                              {"TITLE", 0}});
  return *kColumns;
}

absl::Status RunWatch(const Invocation& invocation, Session& session) {
  ASSIGN_OR_RETURN(v1::WatchAlertsRequest request, WatchAlertsRequestFrom(invocation));
  std::unique_ptr<v1::RiskWarning::Stub> stub = v1::RiskWarning::NewStub(session.channel());
  GrpcAlertUpdateStream stream(stub.get(), session.call_options());
  AlertWatcher watcher(&stream, WatchOptions{});
  Output& output = session.output();
  output.TableText(WatchHeader());
  absl::Status ended;
  {
    ScopedInterruptHook hook([&watcher] { watcher.Stop(); });
    ended = watcher.Run(
        request,
        [&output](const v1::AlertUpdate& update) {
          absl::Status shown = output.Show(update, [&update] { return WatchLine(update); });
          if (!shown.ok()) {
            output.Note(shown.ToString());
          }
        },
        [&output](const WatchRetry& retry) {
          output.Note(absl::StrCat("watch: ", absl::StatusCodeToString(retry.error.code()), ": ",
                                   retry.error.message(), "; resuming after sequence ",
                                   retry.after_sequence, " in ",
                                   absl::FormatDuration(retry.delay)));
        });
  }
  if (ended.ok()) {
    output.Note(absl::StrCat("watch stopped; resume with --after=", watcher.last_sequence()));
  }
  return ended;
}

}  // namespace

absl::Status GrpcAlertUpdateStream::Follow(
    const v1::WatchAlertsRequest& request,
    const std::function<void(const v1::AlertUpdate&)>& on_update) {
  grpc::ClientContext context;
  PrepareClientContext(options_, &context, /*with_deadline=*/false);
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) {
      return absl::CancelledError("watch stopped");
    }
    current_ = &context;
  }
  std::unique_ptr<grpc::ClientReaderInterface<v1::AlertUpdate>> reader =
      stub_->WatchAlerts(&context, request);
  v1::AlertUpdate update;
  while (reader->Read(&update)) {
    on_update(update);
  }
  const grpc::Status status = reader->Finish();
  absl::MutexLock lock(&mu_);
  current_ = nullptr;
  return FromGrpcStatus(status);
}

void GrpcAlertUpdateStream::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  if (current_ != nullptr) {
    current_->TryCancel();
  }
}

bool IsWorthReconnecting(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kCancelled:
      return true;
    default:
      return false;
  }
}

absl::Status AlertWatcher::Run(v1::WatchAlertsRequest request,
                               const std::function<void(const v1::AlertUpdate&)>& on_update,
                               const std::function<void(const WatchRetry&)>& on_retry) {
  last_sequence_ = request.after_sequence();
  int attempts_without_updates = 0;
  while (!stopped()) {
    request.set_after_sequence(last_sequence_);
    bool received = false;
    absl::Status ended = stream_->Follow(request, [&](const v1::AlertUpdate& update) {
      last_sequence_ = update.sequence();
      received = true;
      on_update(update);
    });
    if (stopped()) {
      break;
    }
    if (!IsWorthReconnecting(ended)) {
      return ended;
    }
    if (ended.ok()) {
      ended = absl::UnavailableError("the server ended the stream");
    }
    attempts_without_updates = received ? 0 : attempts_without_updates;
    absl::Duration delay = options_.first_retry_delay;
    for (int i = 0; i < attempts_without_updates && delay < options_.max_retry_delay; ++i) {
      delay *= 2;
    }
    delay = std::min(delay, options_.max_retry_delay);
    ++attempts_without_updates;
    on_retry(WatchRetry{ended, delay, last_sequence_});
    if (stopped_.WaitForNotificationWithTimeout(delay)) {
      break;
    }
  }
  return absl::OkStatus();
}

void AlertWatcher::Stop() {
  {
    absl::MutexLock lock(&stop_mu_);
    if (!stopped_.HasBeenNotified()) {
      stopped_.Notify();
    }
  }
  stream_->Cancel();
}

absl::StatusOr<v1::WatchAlertsRequest> WatchAlertsRequestFrom(const Invocation& invocation) {
  v1::WatchAlertsRequest request;
  ASSIGN_OR_RETURN(const int64_t after, invocation.Int64Flag("after", 0, 0));
  request.set_after_sequence(after);
  if (invocation.Has("level")) {
    ASSIGN_OR_RETURN(int level,
                     ParseEnumFlag(v1::AlertLevel_descriptor(), "level", invocation.Flag("level")));
    request.set_min_level(static_cast<v1::AlertLevel>(level));
  }
  request.set_customer_id(BareId("customers", invocation.Flag("customer")));
  request.set_assignee_manager_id(BareId("relationshipManagers", invocation.Flag("manager")));
  return request;
}

std::string WatchHeader() { return WatchColumns().Header(); }

std::string WatchLine(const v1::AlertUpdate& update) {
  const v1::AlertChange& change = update.change();
  const v1::Alert& alert = change.alert();
  return WatchColumns().Row({absl::StrCat(update.sequence()), FormatTimestamp(change.change_time()),
                             change.action(), EnumLabel(alert.level()), EnumLabel(alert.status()),
                             alert.name(), alert.customer_id(), alert.indicator(), alert.title()});
}

void AddAlertWatchCommand(CommandTable& table) {
  table.Add(CommandSpec("alerts", "watch", RunWatch)
                .Summary("Follow alert changes live until Ctrl-C, reconnecting when cut off")
                .Flag("after", "SEQ", "start after this sequence (0 = the retained history)")
                .Flag("level", "LEVEL", "at least this level: blue, yellow, orange or red")
                .Flag("customer", "CUSTOMER", "one customer's alerts")
                .Flag("manager", "MANAGER", "alerts assigned to this manager"));
}

}  // namespace ccrm::ctl
