-- The producer's outbox, as common/events/outbox.h describes it.
CREATE TABLE outbox_events (
  sequence BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  event_type VARCHAR(200) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  payload LONGBLOB NOT NULL,
  occur_time DATETIME(6) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  UNIQUE KEY (event_id)
) ENGINE=InnoDB;
