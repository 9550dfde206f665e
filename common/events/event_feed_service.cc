#include "common/events/event_feed_service.h"

#include <grpcpp/alarm.h>

#include <deque>
#include <memory>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "google/protobuf/util/time_util.h"

namespace ccrm::events {
namespace {

using ccrm::common::v1::Event;
using ccrm::common::v1::StreamEventsRequest;

void ToProto(const std::string& producer, const StoredEvent& stored, Event* out) {
  out->set_sequence(stored.sequence);
  out->set_event_id(stored.event.event_id);
  out->set_producer(producer);
  out->set_event_type(stored.event.event_type);
  out->set_subject(stored.event.subject);
  out->set_request_id(stored.event.request_id);
  *out->mutable_occur_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(stored.event.occur_time));
  out->mutable_payload()->set_type_url("type.googleapis.com/" + stored.event.event_type);
  out->mutable_payload()->set_value(stored.event.payload);
}

// One stream. Steps: fetch a batch on a worker → write its events one at a time → fetch again;
// when caught up and following, wait poll_interval on an alarm. Only one step runs at a time.
class StreamReactor final : public grpc::ServerWriteReactor<Event> {
 public:
  StreamReactor(const std::string& producer, const OutboxReader* reader, WorkerPool* workers,
                const EventFeedOptions& options, const StreamEventsRequest& request,
                grpc::CallbackServerContext* context)
      : producer_(producer),
        reader_(reader),
        workers_(workers),
        options_(options),
        context_(context),
        cursor_(request.after_sequence()),
        follow_(request.follow()),
        event_types_(request.event_types().begin(), request.event_types().end()) {
    Fetch();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
      return;
    }
    WriteNextOrFetch();
  }

  void OnCancel() override {
    {
      absl::MutexLock lock(&mu_);
      cancelled_ = true;
    }
    // Not under mu_: cancelling may run the alarm's callback, which takes mu_, on this thread.
    absl::MutexLock lock(&alarm_mu_);
    if (alarm_ != nullptr) {
      alarm_->Cancel();
    }
  }

  void OnDone() override {
    // Pending alarm/worker callbacks hold a reference; the last one deletes.
    Release();
  }

 private:
  void Fetch() {
    Retain();
    const bool queued = workers_->TrySubmit([this] {
      absl::StatusOr<OutboxBatch> batch =
          reader_->ReadAfter(cursor_, options_.batch_size, event_types_);
      OnBatch(std::move(batch));
      Release();
    });
    if (!queued) {
      Release();
      Finish(ToGrpcStatus(
          WithReason(absl::ResourceExhaustedError("server is at capacity"), "SERVER_OVERLOADED")));
    }
  }

  void OnBatch(absl::StatusOr<OutboxBatch> batch) {
    if (IsCancelled()) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
      return;
    }
    if (!batch.ok()) {
      Finish(ToGrpcStatus(batch.status()));
      return;
    }
    const int64_t previous_cursor = cursor_;
    cursor_ = batch->next_after;
    // A batch of only filtered-out rows moves the cursor without events, and more rows may
    // follow: caught up means the read found nothing at all beyond the cursor.
    caught_up_ = batch->events.empty() && !batch->held_back && cursor_ == previous_cursor;
    for (StoredEvent& e : batch->events) {
      pending_.push_back(std::move(e));
    }
    if (pending_.empty()) {
      if (caught_up_ && !follow_) {
        Finish(grpc::Status::OK);
        return;
      }
      if (cursor_ != previous_cursor && !batch->held_back) {
        Fetch();  // skipped filtered rows; read on at once
        return;
      }
      WaitThenFetch();
      return;
    }
    WriteNextOrFetch();
  }

  void WriteNextOrFetch() {
    if (pending_.empty()) {
      Fetch();
      return;
    }
    current_.Clear();
    ToProto(producer_, pending_.front(), &current_);
    pending_.pop_front();
    StartWrite(&current_);
  }

  void WaitThenFetch() {
    if (IsCancelled()) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
      return;
    }
    Retain();  // held by the alarm until its callback has run
    absl::MutexLock lock(&alarm_mu_);
    // A fresh alarm each time: re-arming one whose previous callback may still be returning on
    // another thread would replace that callback under its feet. A cancel that came just before
    // this alarm is seen by the callback, one poll interval later.
    alarm_ = std::make_unique<grpc::Alarm>();
    alarm_->Set(
        std::chrono::system_clock::now() + absl::ToChronoMilliseconds(options_.poll_interval),
        [this](bool fired) {
          if (fired && !IsCancelled()) {
            Fetch();
          } else {
            Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
          }
          Release();
        });
  }

  bool IsCancelled() {
    absl::MutexLock lock(&mu_);
    return cancelled_ || context_->IsCancelled();
  }

  void Retain() {
    absl::MutexLock lock(&mu_);
    ++refs_;
  }
  void Release() {
    bool last;
    {
      absl::MutexLock lock(&mu_);
      last = --refs_ == 0;
    }
    if (last) {
      delete this;
    }
  }

  const std::string& producer_;
  const OutboxReader* reader_;
  WorkerPool* workers_;
  const EventFeedOptions& options_;
  grpc::CallbackServerContext* context_;
  int64_t cursor_;
  const bool follow_;
  const std::vector<std::string> event_types_;
  std::deque<StoredEvent> pending_;
  Event current_;
  bool caught_up_ = false;
  // Guards alarm_. Lock order: alarm_mu_ before mu_ (Set or Cancel may run the callback inline).
  absl::Mutex alarm_mu_;
  std::unique_ptr<grpc::Alarm> alarm_ ABSL_GUARDED_BY(alarm_mu_);
  // Guards cancelled_ and refs_; never held while calling into gRPC.
  absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  // One reference belongs to gRPC until OnDone.
  int refs_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace

EventFeedService::EventFeedService(std::string producer, const OutboxReader* reader,
                                   WorkerPool* workers, const CallRegistry* registry,
                                   EventFeedOptions options)
    : producer_(std::move(producer)),
      reader_(reader),
      workers_(workers),
      registry_(registry),
      options_(options) {}

grpc::ServerWriteReactor<Event>* EventFeedService::StreamEvents(
    grpc::CallbackServerContext* context, const StreamEventsRequest* request) {
  std::optional<CallState> state = registry_->Find(context);
  absl::Status verdict =
      state.has_value() ? state->verdict : absl::InternalError("call was not authenticated");
  if (!verdict.ok() || request->after_sequence() < 0) {
    class Refusal final : public grpc::ServerWriteReactor<Event> {
     public:
      explicit Refusal(const grpc::Status& status) { Finish(status); }
      void OnDone() override { delete this; }
    };
    if (verdict.ok()) {
      verdict = InvalidField("after_sequence", "must not be negative");
    }
    return new Refusal(ToGrpcStatus(verdict));
  }
  return new StreamReactor(producer_, reader_, workers_, options_, *request, context);
}

}  // namespace ccrm::events
