-- relationship-service schema, version 2: engagement plans (domain/engagement.h). Conventions as
-- in 001_init.sql.
--
-- An engagement is OPEN until an interaction completes it (completed_by, complete_time) or the
-- sweep marks it MISSED after its grace period; UPCOMING / DUE / OVERDUE are computed from
-- due_date and grace_days, never stored. manager_id moves with a reassignment while OPEN.
-- plan_id groups the engagements one plan stored, so a replayed plan request (its request id is
-- claimed as "customers/{customer_id}/engagementPlans/{plan_id}") finds them again.
CREATE TABLE IF NOT EXISTS engagements (
  engagement_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  due_date DATE NOT NULL,
  manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  template_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  grace_days INT NOT NULL,
  state VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  completed_by VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  complete_time DATETIME(6) NULL,
  create_time DATETIME(6) NOT NULL,
  plan_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (engagement_id),
  -- A customer's engagements by due date (and keyset pages of them).
  KEY ix_engagements_customer (customer_id, due_date, engagement_id),
  -- A manager's engagements by due date.
  KEY ix_engagements_manager (manager_id, due_date, engagement_id),
  -- The sweep: OPEN engagements due before a day (also the status filters).
  KEY ix_engagements_sweep (state, due_date),
  KEY ix_engagements_plan (plan_id),
  CONSTRAINT ck_engagements_state CHECK (state IN ('OPEN', 'COMPLETED', 'MISSED')),
  CONSTRAINT ck_engagements_grace_days CHECK (grace_days BETWEEN 0 AND 90)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
