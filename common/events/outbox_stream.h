// A server-streaming reactor over a service's outbox: sends the events after a client's cursor in
// sequence order, translated into the stream's message type (and filtered), and with follow=true
// keeps polling for new ones until the client goes away or the server shuts down. Reads run on
// the worker pool; the reactor never blocks a gRPC thread. The event feed (every service's
// EventFeed.StreamEvents) and risk-warning's alert watch are both built on it.
//
// Example:
//   return new OutboxStreamReactor<AlertUpdate>(
//       &reader, &workers, OutboxStreamOptions{}, request->after_sequence(), /*follow=*/true,
//       {"ccrm.risk.v1.AlertChange"},
//       [](const StoredEvent& e, AlertUpdate* out) { return Decode(e, out); }, context);
#pragma once

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/events/outbox_reader.h"
#include "common/events/outbox_wakeup.h"
#include "common/server/worker_pool.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"

namespace ccrm::events {

struct OutboxStreamOptions {
  int batch_size = 200;
  // How often a following stream looks for new events once caught up.
  absl::Duration poll_interval = absl::Milliseconds(200);
  // A caught-up stream also reads as soon as this is notified: by default when this process
  // commits new outbox events (AppendToOutbox). nullptr = poll only. Must outlive the streams.
  OutboxWakeup* wakeup = &ProcessOutboxWakeup();
};

// One stream. Steps: fetch a batch on a worker → write its events one at a time → fetch again;
// when caught up and following, wait poll_interval on an alarm — or less, when options.wakeup
// is notified meanwhile (the notification cancels the alarm early). Only one step runs at a time.
// Deletes itself when gRPC is done with it and no alarm or worker callback is pending.
template <typename Message>
class OutboxStreamReactor final : public grpc::ServerWriteReactor<Message> {
 public:
  // `translate` fills the message for a stored event and returns false to skip it (a filter).
  using Translate = std::function<bool(const StoredEvent&, Message*)>;

  OutboxStreamReactor(const OutboxReader* reader, WorkerPool* workers,
                      const OutboxStreamOptions& options, int64_t after_sequence, bool follow,
                      std::vector<std::string> event_types, Translate translate,
                      grpc::CallbackServerContext* context)
      : reader_(reader),
        workers_(workers),
        options_(options),
        translate_(std::move(translate)),
        context_(context),
        cursor_(after_sequence),
        follow_(follow),
        event_types_(std::move(event_types)) {
    Fetch();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
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
      this->Finish(ToGrpcStatus(
          WithReason(absl::ResourceExhaustedError("server is at capacity"), "SERVER_OVERLOADED")));
    }
  }

  void OnBatch(absl::StatusOr<OutboxBatch> batch) {
    if (IsCancelled()) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
      return;
    }
    if (!batch.ok()) {
      this->Finish(ToGrpcStatus(batch.status()));
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
        this->Finish(grpc::Status::OK);
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
    while (!pending_.empty()) {
      current_.Clear();
      const bool wanted = translate_(pending_.front(), &current_);
      pending_.pop_front();
      if (wanted) {
        this->StartWrite(&current_);
        return;
      }
    }
    Fetch();
  }

  void WaitThenFetch() {
    if (IsCancelled()) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
      return;
    }
    Retain();  // held by the alarm until its callback has run
    absl::MutexLock lock(&alarm_mu_);
    // A fresh alarm each time: re-arming one whose previous callback may still be returning on
    // another thread would replace that callback under its feet. A cancel that came just before
    // this alarm is seen by the callback, one poll interval later.
    alarm_ = std::make_unique<grpc::Alarm>();
    const int64_t wait = ++alarm_generation_;
    const int64_t wake_id = Subscribe(wait);
    alarm_->Set(
        std::chrono::system_clock::now() + absl::ToChronoMilliseconds(options_.poll_interval),
        [this, wait, wake_id](bool fired) {
          const bool woken = EndSubscription(wait, wake_id);
          if ((fired || woken) && !IsCancelled()) {
            Fetch();
          } else {
            this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
          }
          Release();
        });
  }

  // While wait number `wait` lasts, a notification marks it woken and cancels its alarm, whose
  // callback then reads at once. The subscription holds a reference until it has run or been
  // removed. 0 without a wakeup. Called with alarm_mu_ held.
  int64_t Subscribe(int64_t wait) ABSL_EXCLUSIVE_LOCKS_REQUIRED(alarm_mu_) {
    if (options_.wakeup == nullptr) {
      return 0;
    }
    Retain();
    return options_.wakeup->Subscribe([this, wait] {
      {
        absl::MutexLock lock(&mu_);
        woken_wait_ = wait;
      }
      {
        // Only this wait's alarm: a later one must not be cut short by a stale notification.
        absl::MutexLock lock(&alarm_mu_);
        if (alarm_generation_ == wait && alarm_ != nullptr) {
          alarm_->Cancel();
        }
      }
      Release();
    });
  }

  // Ends wait `wait`'s subscription; true when a notification woke it.
  bool EndSubscription(int64_t wait, int64_t wake_id) {
    if (wake_id != 0 && options_.wakeup->Unsubscribe(wake_id)) {
      Release();  // the subscription's reference: it will never run
      return false;
    }
    absl::MutexLock lock(&mu_);
    return woken_wait_ == wait;
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

  const OutboxReader* reader_;
  WorkerPool* workers_;
  const OutboxStreamOptions options_;
  const Translate translate_;
  grpc::CallbackServerContext* context_;
  int64_t cursor_;
  const bool follow_;
  const std::vector<std::string> event_types_;
  std::deque<StoredEvent> pending_;
  Message current_;
  bool caught_up_ = false;
  // Guards alarm_. Lock order: alarm_mu_ before mu_ (Set or Cancel may run the callback inline).
  absl::Mutex alarm_mu_;
  std::unique_ptr<grpc::Alarm> alarm_ ABSL_GUARDED_BY(alarm_mu_);
  // Numbers the waits, so a notification cancels only the wait it was subscribed for.
  int64_t alarm_generation_ ABSL_GUARDED_BY(alarm_mu_) = 0;
  // Guards cancelled_ and refs_; never held while calling into gRPC.
  absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  // The last wait a notification woke.
  int64_t woken_wait_ ABSL_GUARDED_BY(mu_) = 0;
  // One reference belongs to gRPC until OnDone.
  int refs_ ABSL_GUARDED_BY(mu_) = 1;
};

// A reactor that only finishes the call with `status` (a refused stream).
template <typename Message>
class RefusedStream final : public grpc::ServerWriteReactor<Message> {
 public:
  explicit RefusedStream(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace ccrm::events
