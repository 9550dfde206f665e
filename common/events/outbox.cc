#include "common/events/outbox.h"

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
}

}  // namespace ccrm::events
