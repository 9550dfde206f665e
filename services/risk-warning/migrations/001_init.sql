-- risk-warning schema: obligors (what this service knows of each customer it monitors),
-- exposures and their schedules, observations, collateral and guarantors, soft signals from
-- other services, rules and their revisions, alerts and their history, false-positive
-- suppressions, contingency plans, and the event plumbing (idempotency, outbox, consumer).
-- Amounts are DECIMAL(38,9) in the exposure's currency; ids are UUIDv7 strings.

CREATE TABLE IF NOT EXISTS obligors (
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  display_name VARCHAR(300) NOT NULL DEFAULT '',
  segment VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  industry_code VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  refresh_time DATETIME(6) NULL,
  PRIMARY KEY (customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The other customers of a customer's group, as customer-profile's group walk returned them.
CREATE TABLE IF NOT EXISTS group_members (
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  member_customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (customer_id, member_customer_id),
  KEY ix_group_members_member (member_customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS exposures (
  exposure_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  facility_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  currency_code CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  amount DECIMAL(38,9) NOT NULL,
  purpose VARCHAR(2000) NOT NULL,
  project VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  origination_date DATE NOT NULL,
  maturity_date DATE NOT NULL,
  min_dscr DECIMAL(12,4) NOT NULL DEFAULT 0,
  min_current_ratio DECIMAL(12,4) NOT NULL DEFAULT 0,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  outstanding DECIMAL(38,9) NOT NULL DEFAULT 0,
  suggested_category VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'NORMAL',
  category_reason VARCHAR(1000) NOT NULL DEFAULT '',
  days_past_due INT NOT NULL DEFAULT 0,
  segment VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  industry_code VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (exposure_id),
  UNIQUE KEY uq_exposures_facility (facility_id),
  KEY ix_exposures_customer (customer_id, status),
  KEY ix_exposures_status (status, customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS planned_uses (
  exposure_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  line_number INT NOT NULL,
  category VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  payee VARCHAR(200) NOT NULL DEFAULT '',
  amount DECIMAL(38,9) NOT NULL,
  PRIMARY KEY (exposure_id, line_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The repayment schedule: installments as registered and as added by repayment-due observations.
CREATE TABLE IF NOT EXISTS installments (
  exposure_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  due_date DATE NOT NULL,
  principal DECIMAL(38,9) NOT NULL,
  interest DECIMAL(38,9) NOT NULL,
  PRIMARY KEY (exposure_id, due_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Observations, one row each; which columns matter depends on kind (domain/exposure.h).
CREATE TABLE IF NOT EXISTS observations (
  observation_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  exposure_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  observed_date DATE NOT NULL,
  amount DECIMAL(38,9) NOT NULL DEFAULT 0,
  interest DECIMAL(38,9) NOT NULL DEFAULT 0,
  planned_amount DECIMAL(38,9) NOT NULL DEFAULT 0,
  category VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  payee VARCHAR(200) NOT NULL DEFAULT '',
  milestones_due INT NOT NULL DEFAULT 0,
  milestones_met INT NOT NULL DEFAULT 0,
  dscr DECIMAL(12,4) NOT NULL DEFAULT 0,
  current_ratio DECIMAL(12,4) NOT NULL DEFAULT 0,
  recorded_by VARCHAR(128) NOT NULL,
  record_time DATETIME(6) NOT NULL,
  PRIMARY KEY (observation_id),
  KEY ix_observations_exposure (exposure_id, observation_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS collateral (
  collateral_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  exposure_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  asset_type VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  description VARCHAR(2000) NOT NULL DEFAULT '',
  appraised_value DECIMAL(38,9) NOT NULL,
  appraisal_date DATE NOT NULL,
  lien_rank INT NOT NULL,
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (collateral_id),
  KEY ix_collateral_exposure (exposure_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS guarantors (
  guarantor_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  exposure_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  guarantor_customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  outside_party_name VARCHAR(300) NOT NULL DEFAULT '',
  amount_guaranteed DECIMAL(38,9) NOT NULL,
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (guarantor_id),
  UNIQUE KEY uq_guarantors_party (exposure_id, guarantor_customer_id, outside_party_name),
  KEY ix_guarantors_customer (guarantor_customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Soft signals other services published (complaints, SLA breaches, satisfaction drops, missed
-- engagements, rating changes).
CREATE TABLE IF NOT EXISTS signals (
  signal_id BIGINT NOT NULL AUTO_INCREMENT,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  occur_time DATETIME(6) NOT NULL,
  value INT NOT NULL,
  previous_value INT NOT NULL DEFAULT 0,
  source VARCHAR(300) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  producer VARCHAR(100) NOT NULL,
  event_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (signal_id),
  UNIQUE KEY uq_signals_event (producer, event_id, kind),
  KEY ix_signals_customer (customer_id, occur_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Early-warning rules; every change is a new version, kept in rule_revisions.
CREATE TABLE IF NOT EXISTS rules (
  rule_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  indicator VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  segment VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  industry_prefix VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  blue_threshold DECIMAL(20,6) NULL,
  yellow_threshold DECIMAL(20,6) NULL,
  orange_threshold DECIMAL(20,6) NULL,
  red_threshold DECIMAL(20,6) NULL,
  higher_is_worse TINYINT(1) NOT NULL,
  contingency_scenario VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  auto_activate_contingency TINYINT(1) NOT NULL DEFAULT 0,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  version BIGINT NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  change_reason VARCHAR(1000) NOT NULL,
  PRIMARY KEY (rule_id),
  KEY ix_rules_indicator (indicator, rule_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS rule_revisions (
  rule_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  version BIGINT NOT NULL,
  indicator VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  segment VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  industry_prefix VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  blue_threshold DECIMAL(20,6) NULL,
  yellow_threshold DECIMAL(20,6) NULL,
  orange_threshold DECIMAL(20,6) NULL,
  red_threshold DECIMAL(20,6) NULL,
  higher_is_worse TINYINT(1) NOT NULL,
  contingency_scenario VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  auto_activate_contingency TINYINT(1) NOT NULL DEFAULT 0,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  updated_by VARCHAR(128) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  change_reason VARCHAR(1000) NOT NULL,
  PRIMARY KEY (rule_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Alerts: at most one open alert per customer and indicator (uq_alerts_open on a generated
-- column that is NULL once the alert is closed).
CREATE TABLE IF NOT EXISTS alerts (
  alert_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  indicator VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  level TINYINT NOT NULL,
  evaluated_level TINYINT NOT NULL,
  escalation_steps INT NOT NULL DEFAULT 0,
  value DECIMAL(20,6) NOT NULL,
  threshold DECIMAL(20,6) NOT NULL,
  rule_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  rule_version BIGINT NOT NULL,
  inputs JSON NOT NULL,
  title VARCHAR(300) NOT NULL,
  detail VARCHAR(2000) NOT NULL,
  assignee_manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  open_time DATETIME(6) NOT NULL,
  acknowledge_deadline DATETIME(6) NULL,
  acknowledge_time DATETIME(6) NULL,
  close_time DATETIME(6) NULL,
  resolution_note VARCHAR(2000) NOT NULL DEFAULT '',
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  open_key VARCHAR(110) CHARACTER SET ascii COLLATE ascii_bin
    GENERATED ALWAYS AS (IF(status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'),
                            CONCAT(customer_id, '/', indicator), NULL)) STORED,
  PRIMARY KEY (alert_id),
  UNIQUE KEY uq_alerts_open (open_key),
  KEY ix_alerts_customer (customer_id, status),
  KEY ix_alerts_listing (status, level, open_time, alert_id),
  KEY ix_alerts_assignee (assignee_manager_id, status),
  KEY ix_alerts_ack (status, acknowledge_deadline)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every change of an alert: the alert as it was after the change.
CREATE TABLE IF NOT EXISTS alert_history (
  change_id BIGINT NOT NULL AUTO_INCREMENT,
  alert_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  action VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  actor VARCHAR(128) NOT NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  change_time DATETIME(6) NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  level TINYINT NOT NULL,
  evaluated_level TINYINT NOT NULL,
  escalation_steps INT NOT NULL,
  value DECIMAL(20,6) NOT NULL,
  threshold DECIMAL(20,6) NOT NULL,
  rule_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  rule_version BIGINT NOT NULL,
  inputs JSON NOT NULL,
  assignee_manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  PRIMARY KEY (change_id),
  KEY ix_alert_history_alert (alert_id, change_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An indicator judged a false positive at a level, until it clears.
CREATE TABLE IF NOT EXISTS alert_suppressions (
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  indicator VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  level TINYINT NOT NULL,
  alert_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (customer_id, indicator)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Contingency plans: at most one ACTIVE plan per customer and scenario.
CREATE TABLE IF NOT EXISTS contingency_plans (
  plan_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  scenario VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  alert_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  automatic TINYINT(1) NOT NULL,
  activated_by VARCHAR(128) NOT NULL,
  activate_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL DEFAULT 1,
  active_key VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin
    GENERATED ALWAYS AS (IF(status = 'ACTIVE', CONCAT(customer_id, '/', scenario), NULL)) STORED,
  PRIMARY KEY (plan_id),
  UNIQUE KEY uq_plans_active (active_key),
  KEY ix_plans_customer (customer_id, plan_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS contingency_steps (
  plan_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  step_number INT NOT NULL,
  title VARCHAR(300) NOT NULL,
  owner_role VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  owner VARCHAR(128) NOT NULL,
  due_time DATETIME(6) NOT NULL,
  status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  completed_by VARCHAR(128) NOT NULL DEFAULT '',
  complete_time DATETIME(6) NULL,
  note VARCHAR(2000) NOT NULL DEFAULT '',
  PRIMARY KEY (plan_id, step_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  request_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  fingerprint VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  resource_name VARCHAR(300) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (scope, request_id),
  KEY ix_idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The transactional outbox (common/events/outbox.h): AlertRaised and AlertChange events.
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

-- The consumer's bookkeeping (common/events/event_consumer.h), for credit-rating's and
-- relationship-service's events.
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
