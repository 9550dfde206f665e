// The consuming side of the event feed: pulls a producer's events after the cursor this service
// keeps in its own schema and applies each one exactly once. For every event, in one transaction:
// record (producer, event_id) in consumed_events (a repeat is skipped), run the handler, advance
// the cursor. So a consumer that was down catches up from its cursor, and a replayed or duplicated
// event changes nothing. Tables (in the consumer's own migration):
//
//   CREATE TABLE event_cursors (producer VARCHAR(100) NOT NULL PRIMARY KEY,
//     last_sequence BIGINT NOT NULL, updated_at DATETIME(6) NOT NULL);
//   CREATE TABLE consumed_events (producer VARCHAR(100) NOT NULL, event_id CHAR(36) NOT NULL,
//     consumed_at DATETIME(6) NOT NULL, PRIMARY KEY (producer, event_id));
//
// Example:
//   EventConsumer consumer(options, stub.get(), pool, clock,
//       [&](const Event& e, mysql::Session& s) { return ApplyCustomerCreated(e, s); });
//   ASSIGN_OR_RETURN(int applied, consumer.CatchUp());  // or consumer.Start() to follow
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "common/mysql/connection_pool.h"
#include "common/time/clock.h"

namespace ccrm::events {

struct EventConsumerOptions {
  // Name of the producing service, as in Event.producer; the cursor is kept per producer.
  std::string producer;
  std::vector<std::string> event_types;
  // Supplies "Bearer <token>" for the stream (a service identity).
  std::function<std::string()> authorization;
  absl::Duration stream_deadline = absl::Minutes(5);
  absl::Duration retry_backoff = absl::Seconds(1);
};

// Applies one event inside the consumer's transaction. A non-OK status rolls it back and stops
// the stream (the event is retried on the next pull).
using EventHandler = std::function<absl::Status(const ccrm::common::v1::Event&, mysql::Session&)>;

class EventConsumer final {
 public:
  EventConsumer(EventConsumerOptions options, ccrm::common::v1::EventFeed::StubInterface* stub,
                mysql::ConnectionPool* pool, const Clock* clock, EventHandler handler);
  ~EventConsumer();

  // Pulls until caught up (follow=false). Returns how many events were applied (not counting
  // skipped repeats). UNAVAILABLE / DEADLINE_EXCEEDED from the producer, or the handler's error.
  absl::StatusOr<int> CatchUp();

  // Follows the feed on a background thread, reconnecting with backoff, until Stop().
  void Start();
  void Stop();

  // The stored cursor (0 when none).
  absl::StatusOr<int64_t> Cursor() const;

 private:
  // Applies one event; returns true if it was new.
  absl::StatusOr<bool> Apply(const ccrm::common::v1::Event& event);
  absl::StatusOr<int> Pull(bool follow);

  const EventConsumerOptions options_;
  ccrm::common::v1::EventFeed::StubInterface* stub_;
  mysql::ConnectionPool* pool_;
  const Clock* clock_;
  const EventHandler handler_;
  std::atomic<bool> stopping_{false};
  // The context of the stream in progress, so that Stop can cancel it; guarded so that Stop never
  // touches a context Pull has already destroyed. Stop also wakes the retry backoff through it.
  absl::Mutex context_mu_;
  grpc::ClientContext* active_context_ ABSL_GUARDED_BY(context_mu_) = nullptr;
  std::thread thread_;
};

}  // namespace ccrm::events
