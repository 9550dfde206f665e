-- relationship-service schema, version 4: satisfaction surveys and the monthly contributions
-- customer value is computed from. Conventions as 001_init.sql; money is DECIMAL(38,9) (exact to
-- the nano, as common/mysql/sql_values.h binds it) with the ISO currency in its own column.

-- A customer's survey answers. manager_id is the customer's manager when the survey was recorded
-- ('' when none), so a manager's trend keeps the surveys taken while they looked after the
-- customer. The previous survey (drop detection) is the customer's latest by
-- (survey_time, survey_id): ix_satisfaction_surveys_customer reads it and a customer's trend.
CREATE TABLE IF NOT EXISTS satisfaction_surveys (
  survey_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  csat TINYINT NOT NULL,
  nps TINYINT NOT NULL,
  comment TEXT NOT NULL,
  survey_time DATETIME(6) NOT NULL,
  manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  recorded_by VARCHAR(128) NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (survey_id),
  KEY ix_satisfaction_surveys_customer (customer_id, survey_time, survey_id),
  KEY ix_satisfaction_surveys_manager (manager_id, survey_time),
  CONSTRAINT ck_satisfaction_surveys_csat CHECK (csat BETWEEN 1 AND 5),
  CONSTRAINT ck_satisfaction_surveys_nps CHECK (nps BETWEEN 0 AND 10)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What a customer brought the bank in a month: one row per customer and month (day 1); a
-- re-record replaces the figures (a correction). The three amounts share currency_code.
CREATE TABLE IF NOT EXISTS contributions (
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  month DATE NOT NULL,
  currency_code CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  interest_income DECIMAL(38,9) NOT NULL,
  fee_income DECIMAL(38,9) NOT NULL,
  average_deposits DECIMAL(38,9) NOT NULL,
  recorded_by VARCHAR(128) NOT NULL DEFAULT '',
  record_time DATETIME(6) NOT NULL,
  PRIMARY KEY (customer_id, month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
