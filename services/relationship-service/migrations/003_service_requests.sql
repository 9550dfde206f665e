-- relationship-service schema, version 3: service requests (inquiries and complaints) with their
-- SLA clock, the record of their changes, and the SLA table they take their deadlines from.
-- Conventions as in 001_init.sql.

-- The SLA table: hours to the first response and to resolution by type, priority and channel
-- (green_channel 1 = key customers and tier 1-2). Seeded with the shipped table
-- (DefaultSlaTable() in domain/service_request_rules.cc); INSERT IGNORE keeps rows an operator
-- changed, so re-running this file is harmless.
CREATE TABLE IF NOT EXISTS sla_rules (
  type VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  priority VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  green_channel TINYINT(1) NOT NULL,
  response_hours INT NOT NULL,
  resolution_hours INT NOT NULL,
  PRIMARY KEY (type, priority, green_channel),
  CONSTRAINT ck_sla_rules_type CHECK (type IN ('INQUIRY', 'COMPLAINT')),
  CONSTRAINT ck_sla_rules_priority CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
  CONSTRAINT ck_sla_rules_hours CHECK (response_hours > 0 AND resolution_hours >= response_hours)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO sla_rules (type, priority, green_channel, response_hours, resolution_hours)
VALUES
  ('COMPLAINT', 'URGENT', 0, 2, 24), ('COMPLAINT', 'URGENT', 1, 1, 12),
  ('COMPLAINT', 'HIGH', 0, 4, 48), ('COMPLAINT', 'HIGH', 1, 2, 24),
  ('COMPLAINT', 'MEDIUM', 0, 8, 72), ('COMPLAINT', 'MEDIUM', 1, 4, 36),
  ('COMPLAINT', 'LOW', 0, 24, 120), ('COMPLAINT', 'LOW', 1, 12, 60),
  ('INQUIRY', 'URGENT', 0, 4, 24), ('INQUIRY', 'URGENT', 1, 2, 12),
  ('INQUIRY', 'HIGH', 0, 8, 48), ('INQUIRY', 'HIGH', 1, 4, 24),
  ('INQUIRY', 'MEDIUM', 0, 24, 96), ('INQUIRY', 'MEDIUM', 1, 12, 48),
  ('INQUIRY', 'LOW', 0, 48, 168), ('INQUIRY', 'LOW', 1, 24, 84);

-- Service requests. escalation_due is the instant after which the SLA sweep must escalate the
-- request next (the rule of EscalationDue in domain/service_request_rules.h, mirrored here so the
-- sweep finds its candidates by index): an unanswered OPEN request at level 0 at the first of its
-- two deadlines, an unresolved one at level 0-1 at its resolution deadline, NULL when no
-- escalation can come (resolved, closed, or level 2).
CREATE TABLE IF NOT EXISTS service_requests (
  service_request_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  type VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  priority VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subject VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  response_due DATETIME(6) NOT NULL,
  resolution_due DATETIME(6) NOT NULL,
  first_response_time DATETIME(6) NULL,
  resolve_time DATETIME(6) NULL,
  assignee_manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  green_channel TINYINT(1) NOT NULL,
  escalation_level INT NOT NULL DEFAULT 0,
  resolution TEXT NOT NULL,
  created_by VARCHAR(128) NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL,
  escalation_due DATETIME(6) GENERATED ALWAYS AS (
    CASE
      WHEN escalation_level = 0 AND status = 'OPEN' AND first_response_time IS NULL
        THEN LEAST(response_due, resolution_due)
      WHEN escalation_level <= 1 AND status IN ('OPEN', 'IN_PROGRESS')
        THEN resolution_due
      ELSE NULL
    END) STORED,
  PRIMARY KEY (service_request_id),
  KEY ix_service_requests_customer (customer_id, create_time, service_request_id),
  KEY ix_service_requests_assignee (assignee_manager_id, create_time, service_request_id),
  KEY ix_service_requests_newest (create_time, service_request_id),
  KEY ix_service_requests_sweep (escalation_due, service_request_id),
  CONSTRAINT ck_service_requests_type CHECK (type IN ('INQUIRY', 'COMPLAINT')),
  CONSTRAINT ck_service_requests_priority CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
  CONSTRAINT ck_service_requests_status
    CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
  CONSTRAINT ck_service_requests_level CHECK (escalation_level BETWEEN 0 AND 2)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The record of every change of a request, oldest first by change_id: action 'created',
-- 'status' (from_status -> to_status, the note) or 'escalated' (the new level; the note names
-- the deadline that passed: 'response' or 'resolution'). from_status is '' for 'created'.
CREATE TABLE IF NOT EXISTS service_request_changes (
  change_id BIGINT NOT NULL AUTO_INCREMENT,
  service_request_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  action VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  from_status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  to_status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  escalation_level INT NOT NULL,
  note TEXT NOT NULL,
  actor VARCHAR(128) NOT NULL DEFAULT '',
  change_time DATETIME(6) NOT NULL,
  PRIMARY KEY (change_id),
  KEY ix_service_request_changes_request (service_request_id, change_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
