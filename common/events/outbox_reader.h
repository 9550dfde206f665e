// Reads committed outbox rows in sequence order for the event feed, holding back at a gap in the
// sequence while the gap is young (a transaction that took the missing sequence may still commit)
// and stepping over it once it is older than the grace period (that transaction rolled back).
//
// Example:
//   OutboxReader reader(pool, absl::Seconds(5));
//   ASSIGN_OR_RETURN(OutboxBatch batch, reader.ReadAfter(cursor, 100, {}));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/events/outbox.h"
#include "common/mysql/connection_pool.h"

namespace ccrm::events {

struct StoredEvent {
  int64_t sequence = 0;
  OutboxEvent event;
};

struct OutboxBatch {
  std::vector<StoredEvent> events;
  // Where the next read starts: the last delivered sequence, or past skipped gaps/filtered rows.
  int64_t next_after = 0;
  // True when rows beyond next_after exist but are held back (a young gap).
  bool held_back = false;
};

class OutboxReader final {
 public:
  OutboxReader(mysql::ConnectionPool* pool, absl::Duration gap_grace)
      : pool_(pool), gap_grace_(gap_grace) {}

  // Up to `limit` events with sequence > `after`, in order, only of `event_types` when non-empty.
  // UNAVAILABLE when the database cannot be reached.
  absl::StatusOr<OutboxBatch> ReadAfter(int64_t after, int limit,
                                        const std::vector<std::string>& event_types,
                                        absl::Time deadline = absl::InfiniteFuture()) const;

 private:
  mysql::ConnectionPool* pool_;
  absl::Duration gap_grace_;
};

}  // namespace ccrm::events
