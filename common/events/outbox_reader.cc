#include "common/events/outbox_reader.h"

#include <cppconn/resultset.h>

#include <algorithm>

#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"

namespace ccrm::events {

absl::StatusOr<OutboxBatch> OutboxReader::ReadAfter(int64_t after, int limit,
                                                    const std::vector<std::string>& event_types,
                                                    absl::Time deadline) const {
  return mysql::RunReadOnly<OutboxBatch>(
      *pool_, mysql::TxOptions{.deadline = deadline},
      [&](mysql::Session& session) -> absl::StatusOr<OutboxBatch> {
        OutboxBatch batch;
        batch.next_after = after;
        sql::PreparedStatement& select = session.Prepare(
            "SELECT sequence, event_id, event_type, subject, request_id, payload, occur_time, "
            "TIMESTAMPDIFF(MICROSECOND, created_at, UTC_TIMESTAMP(6)) AS age_us "
            "FROM outbox_events WHERE sequence > ? ORDER BY sequence LIMIT ?");
        select.setInt64(1, after);
        select.setInt(2, limit);
        std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
        int64_t expected = after + 1;
        const int64_t grace_us = absl::ToInt64Microseconds(gap_grace_);
        while (rs->next()) {
          const int64_t sequence = rs->getInt64("sequence");
          if (sequence != expected && rs->getInt64("age_us") < grace_us) {
            batch.held_back = true;
            break;
          }
          expected = sequence + 1;
          batch.next_after = sequence;
          std::string type = rs->getString("event_type");
          if (!event_types.empty() &&
              std::find(event_types.begin(), event_types.end(), type) == event_types.end()) {
            continue;
          }
          StoredEvent stored;
          stored.sequence = sequence;
          stored.event.event_id = rs->getString("event_id");
          stored.event.event_type = std::move(type);
          stored.event.subject = rs->getString("subject");
          stored.event.request_id = rs->getString("request_id");
          stored.event.payload = rs->getString("payload");
          stored.event.occur_time = mysql::GetTime(*rs, "occur_time");
          batch.events.push_back(std::move(stored));
        }
        return batch;
      });
}

}  // namespace ccrm::events
