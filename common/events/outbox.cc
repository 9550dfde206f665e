#include "common/events/outbox.h"

#include "common/events/outbox_wakeup.h"
#include "common/ids/uuid.h"
#include "common/mysql/sql_values.h"

namespace ccrm::events {

void AppendToOutbox(mysql::Session& session, const OutboxEvent& event) {
  sql::PreparedStatement& insert = session.Prepare(
      "INSERT INTO outbox_events (event_id, event_type, subject, request_id, payload, occur_time) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.setString(1, event.event_id);
  insert.setString(2, event.event_type);
  insert.setString(3, event.subject);
  insert.setString(4, event.request_id);
  insert.setString(5, event.payload);
  insert.setString(6, mysql::SqlTime(event.occur_time));
  insert.executeUpdate();
  // Once committed, this process's caught-up streams read it at once (not at their next poll).
  session.AfterCommit([] { ProcessOutboxWakeup().Notify(); });
}

void AppendEvent(mysql::Session& session, OutboxEvent event, const WriteContext& write) {
  if (event.event_id.empty()) {
    event.event_id = NewUuidV7(write.now);
  }
  if (event.request_id.empty()) {
    event.request_id = write.request_id;
  }
  if (event.occur_time == absl::UnixEpoch()) {
    event.occur_time = write.now;
  }
  AppendToOutbox(session, event);
}

}  // namespace ccrm::events
