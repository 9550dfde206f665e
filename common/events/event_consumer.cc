#include "common/events/event_consumer.h"

#include <cppconn/resultset.h>
#include <grpc/support/time.h>
#include <grpcpp/client_context.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging/logging.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace ccrm::events {

using ccrm::common::v1::Event;
using ccrm::common::v1::StreamEventsRequest;

EventConsumer::EventConsumer(EventConsumerOptions options,
                             ccrm::common::v1::EventFeed::StubInterface* stub,
                             mysql::ConnectionPool* pool, const Clock* clock, EventHandler handler)
    : options_(std::move(options)),
      stub_(stub),
      pool_(pool),
      clock_(clock),
      handler_(std::move(handler)) {}

EventConsumer::~EventConsumer() { Stop(); }

absl::StatusOr<int64_t> EventConsumer::Cursor() const {
  return mysql::RunReadOnly<int64_t>(*pool_, {}, [&](mysql::Session& s) -> absl::StatusOr<int64_t> {
    sql::PreparedStatement& select =
        s.Prepare("SELECT last_sequence FROM event_cursors WHERE producer = ?");
    select.setString(1, options_.producer);
    std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
    return rs->next() ? rs->getInt64(1) : 0;
  });
}

absl::StatusOr<bool> EventConsumer::Apply(const Event& event) {
  return mysql::RunInTransaction<bool>(*pool_, {}, [&](mysql::Session& s) -> absl::StatusOr<bool> {
    const std::string now = mysql::SqlTime(clock_->Now());
    sql::PreparedStatement& mark = s.Prepare(
        "INSERT IGNORE INTO consumed_events (producer, event_id, consumed_at) VALUES (?, ?, ?)");
    mark.setString(1, options_.producer);
    mark.setString(2, event.event_id());
    mark.setString(3, now);
    const bool fresh = mark.executeUpdate() == 1;
    if (fresh) {
      RETURN_IF_ERROR(handler_(event, s));
    }
    // The cursor only moves forward, even if events arrive out of order after a reset.
    sql::PreparedStatement& cursor = s.Prepare(
        "INSERT INTO event_cursors (producer, last_sequence, updated_at) VALUES (?, ?, ?) "
        "ON DUPLICATE KEY UPDATE last_sequence = GREATEST(last_sequence, VALUES(last_sequence)), "
        "updated_at = VALUES(updated_at)");
    cursor.setString(1, options_.producer);
    cursor.setInt64(2, event.sequence());
    cursor.setString(3, now);
    cursor.executeUpdate();
    return fresh;
  });
}

absl::StatusOr<int> EventConsumer::Pull(bool follow) {
  ASSIGN_OR_RETURN(int64_t after, Cursor());
  grpc::ClientContext context;
  // Relative to now on gRPC's own clock: the injected clock may be a test's fake one, and a
  // deadline computed from it could lie in the real past.
  context.set_deadline(
      gpr_time_from_millis(absl::ToInt64Milliseconds(options_.stream_deadline), GPR_TIMESPAN));
  if (options_.authorization) {
    context.AddMetadata("authorization", options_.authorization());
  }
  StreamEventsRequest request;
  request.set_after_sequence(after);
  request.set_follow(follow);
  for (const std::string& type : options_.event_types) {
    request.add_event_types(type);
  }
  {
    absl::MutexLock lock(&context_mu_);
    if (follow && stopping_.load()) {
      context.TryCancel();  // Stop ran before the following stream started
    }
    active_context_ = &context;
  }
  std::unique_ptr<grpc::ClientReaderInterface<Event>> reader(
      stub_->StreamEvents(&context, request));
  int applied = 0;
  absl::Status failure;
  Event event;
  while (reader->Read(&event)) {
    absl::StatusOr<bool> fresh = Apply(event);
    if (!fresh.ok()) {
      failure = fresh.status();
      context.TryCancel();
      break;
    }
    applied += *fresh ? 1 : 0;
  }
  grpc::Status finish = reader->Finish();
  {
    absl::MutexLock lock(&context_mu_);
    active_context_ = nullptr;
  }
  if (!failure.ok()) {
    return failure;
  }
  if (!finish.ok() && !(stopping_.load() && finish.error_code() == grpc::StatusCode::CANCELLED)) {
    return FromGrpcStatus(finish);
  }
  return applied;
}

absl::StatusOr<int> EventConsumer::CatchUp() { return Pull(/*follow=*/false); }

void EventConsumer::Start() {
  thread_ = std::thread([this] {
    while (!stopping_.load()) {
      absl::StatusOr<int> result = Pull(/*follow=*/true);
      if (stopping_.load()) {
        break;
      }
      if (!result.ok()) {
        LogWarn("event consumer retrying", {{"producer", options_.producer},
                                            {"error", std::string(result.status().message())}});
      }
      // Back off, but wake at once when Stop is called.
      absl::MutexLock lock(&context_mu_);
      auto stopping = [this] { return stopping_.load(); };
      context_mu_.AwaitWithTimeout(absl::Condition(&stopping), options_.retry_backoff);
    }
  });
}

void EventConsumer::Stop() {
  {
    absl::MutexLock lock(&context_mu_);
    stopping_.store(true);
    if (active_context_ != nullptr) {
      active_context_->TryCancel();
    }
  }
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace ccrm::events
