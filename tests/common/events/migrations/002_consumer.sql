-- The consumer's bookkeeping, as common/events/event_consumer.h describes it.
CREATE TABLE event_cursors (
  producer VARCHAR(100) NOT NULL PRIMARY KEY,
  last_sequence BIGINT NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE consumed_events (
  producer VARCHAR(100) NOT NULL,
  event_id CHAR(36) NOT NULL,
  consumed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (producer, event_id)
) ENGINE=InnoDB;
-- What the test handler writes: no unique key, so applying an event twice would show.
CREATE TABLE applied_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  sequence BIGINT NOT NULL,
  subject VARCHAR(200) NOT NULL
) ENGINE=InnoDB;
