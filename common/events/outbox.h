// The transactional outbox: a service appends an event row in the same transaction as the business
// change it describes, so the event exists exactly when the change does. EventFeedService streams
// the rows to consumers. The table is created by each service's own migration:
//
//   CREATE TABLE outbox_events (
//     sequence BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
//     event_id CHAR(36) NOT NULL, event_type VARCHAR(200) NOT NULL,
//     subject VARCHAR(200) NOT NULL, request_id VARCHAR(128) NOT NULL,
//     payload LONGBLOB NOT NULL, occur_time DATETIME(6) NOT NULL,
//     created_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)), UNIQUE KEY (event_id));
//
// Convention: append the outbox row as the LAST statement before COMMIT. The feed treats a gap
// in sequences as an uncommitted transaction for a short grace period; keeping the window between
// taking a sequence and committing tiny keeps that wait short.
//
// Example:
//   AppendToOutbox(session, OutboxEvent{NewUuidV7(now), "ccrm.customer.v1.CustomerCreated",
//                                       "customers/42", request_id, any_bytes, now});
#pragma once

#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/mysql/connection_pool.h"

namespace ccrm::events {

// Inserts the row in the session's open transaction. Throws sql::SQLException (the transaction
// runner maps it).
void AppendToOutbox(mysql::Session& session, const OutboxEvent& event);

// AppendToOutbox with an empty event_id filled in (a UUIDv7 at write.now), and an empty
// request_id and an unset occur_time taken from `write`. Throws sql::SQLException.
void AppendEvent(mysql::Session& session, OutboxEvent event, const WriteContext& write);

}  // namespace ccrm::events
