-- relationship-service schema, version 1: relationship managers, who looks after which
-- customer (with history), the interaction log, and follow-up tasks.
--
-- Conventions (as credit-rating's):
--   * generated ids are UUIDv7 text (CHAR(36), ascii_bin); staff ids are VARCHAR(64) ascii_bin;
--   * instants are DATETIME(6) in UTC, civil days DATE;
--   * kinds, segments and statuses are stored by name ('VISIT', 'KEY', 'OPEN'; '' when
--     unspecified), so that constraints can say what they mean;
--   * empty optional text is stored as '' (NULL only where a UNIQUE key needs it);
--   * customer ids are VARCHAR, not CHAR: MariaDB refuses a generated column over a CHAR.

CREATE TABLE IF NOT EXISTS relationship_managers (
  manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  branch VARCHAR(100) NOT NULL DEFAULT '',
  email VARCHAR(254) NOT NULL DEFAULT '',
  active TINYINT(1) NOT NULL,
  -- 0 = no limit.
  max_portfolio_size INT NOT NULL DEFAULT 0,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (manager_id),
  KEY ix_relationship_managers_branch (branch, manager_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who looks after which customer, with history: a reassignment ends the current row
-- (end_time) and inserts the next. At most one current assignment per customer:
-- current_customer_id is the customer only while end_time is NULL, and is unique.
CREATE TABLE IF NOT EXISTS assignments (
  assignment_id BIGINT NOT NULL AUTO_INCREMENT,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  dedicated TINYINT(1) NOT NULL,
  segment VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  reason VARCHAR(1000) NOT NULL DEFAULT '',
  assigned_by VARCHAR(128) NOT NULL DEFAULT '',
  start_time DATETIME(6) NOT NULL,
  end_time DATETIME(6) NULL,
  current_customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin
    GENERATED ALWAYS AS (IF(end_time IS NULL, customer_id, NULL)) STORED,
  PRIMARY KEY (assignment_id),
  UNIQUE KEY uk_assignments_current (current_customer_id),
  KEY ix_assignments_history (customer_id, start_time),
  KEY ix_assignments_portfolio (manager_id, end_time, customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The interaction log. participants is a JSON array of strings.
CREATE TABLE IF NOT EXISTS interactions (
  interaction_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  occur_time DATETIME(6) NOT NULL,
  manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  participants JSON NOT NULL,
  summary TEXT NOT NULL,
  outcome TEXT NOT NULL,
  next_steps TEXT NOT NULL,
  confidential TINYINT(1) NOT NULL,
  engagement_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  created_by VARCHAR(128) NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (interaction_id),
  KEY ix_interactions_timeline (customer_id, occur_time, interaction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Follow-up tasks (from risk alerts). At most one OPEN task per manager and source:
-- open_source_key is "manager_id|source" only while the task is OPEN, and is unique.
CREATE TABLE IF NOT EXISTS follow_up_tasks (
  task_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  source VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  title VARCHAR(500) NOT NULL,
  detail TEXT NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  due_date DATE NOT NULL,
  completion_note TEXT NOT NULL,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  complete_time DATETIME(6) NULL,
  revision BIGINT NOT NULL,
  open_source_key VARCHAR(265) CHARACTER SET ascii COLLATE ascii_bin
    GENERATED ALWAYS AS (IF(status = 'OPEN', CONCAT(manager_id, '|', source), NULL)) STORED,
  PRIMARY KEY (task_id),
  UNIQUE KEY uk_follow_up_tasks_open_source (open_source_key),
  KEY ix_follow_up_tasks_manager (manager_id, status, due_date, task_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Request ids of idempotent creates (common/mysql/idempotency.h), claimed in the create's own
-- transaction. scope names the kind of create, e.g. 'interactions.log'; fingerprint is the
-- caller's hash of the whole request; resource_name what it created.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  request_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  fingerprint VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  resource_name VARCHAR(300) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (scope, request_id),
  KEY ix_idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The transactional outbox (common/events/outbox.h).
CREATE TABLE IF NOT EXISTS outbox_events (
  sequence BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  event_type VARCHAR(200) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  payload LONGBLOB NOT NULL,
  occur_time DATETIME(6) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  UNIQUE KEY (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The consumer's bookkeeping (common/events/event_consumer.h), for the risk alerts that become
-- follow-up tasks (storage/mysql_task_repository.h: UpsertTaskIn).
CREATE TABLE IF NOT EXISTS event_cursors (
  producer VARCHAR(100) NOT NULL PRIMARY KEY,
  last_sequence BIGINT NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS consumed_events (
  producer VARCHAR(100) NOT NULL,
  event_id CHAR(36) NOT NULL,
  consumed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (producer, event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
