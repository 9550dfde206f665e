-- credit-rating schema, version 1.
--
-- Conventions:
--   * ids are UUIDv7 text (CHAR(36), ascii_bin: compact keys, byte order = time order);
--   * instants are DATETIME(6) in UTC, civil days DATE;
--   * states, grades and segments are stored by name ('APPROVED', 'BBB', 'SME'; '' when
--     unspecified), so that constraints and the shipped pricing data can say what they mean;
--   * JSON documents are LONGTEXT (portable between MariaDB and MySQL 8, kept byte for byte);
--   * empty optional text is stored as '' (NULL only where a UNIQUE key needs it).

-- Versions of scorecard models. `definition` is the model's JSON (domain/model_definition.h):
-- factors, bins, scaling, grade bands, adjustments. At most one ACTIVE version per family:
-- active_family is the family only while the row is ACTIVE, and is unique.
CREATE TABLE IF NOT EXISTS scorecard_models (
  model_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  family VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  version INT NOT NULL,
  state VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  description TEXT NOT NULL,
  definition LONGTEXT NOT NULL,
  created_by VARCHAR(128) NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  activate_time DATETIME(6) NULL,
  revision BIGINT NOT NULL,
  active_family VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin
    GENERATED ALWAYS AS (IF(state = 'ACTIVE', family, NULL)) STORED,
  PRIMARY KEY (model_id),
  UNIQUE KEY uk_scorecard_models_version (family, version),
  UNIQUE KEY uk_scorecard_models_active (active_family)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Ratings. The columns hold what is filtered, sorted, constrained or shown in lists; `document`
-- holds the rest as JSON (storage/rating_document.h): the inputs (qualitative, market, industry,
-- segment, bureau report) and the computation (contributions, ratios, statement periods, Merton,
-- Altman, adjustments, default reason). At most one APPROVED rating per customer:
-- approved_customer_id is the customer only while the row is APPROVED, and is unique.
CREATE TABLE IF NOT EXISTS ratings (
  rating_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- VARCHAR, not CHAR: MariaDB refuses a generated column over a CHAR (its value would depend
  -- on sql_mode PAD_CHAR_TO_FULL_LENGTH).
  customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  model_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  model_version INT NOT NULL DEFAULT 0,
  score DOUBLE NOT NULL DEFAULT 0,
  model_grade VARCHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  final_grade VARCHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  probability_of_default DOUBLE NOT NULL DEFAULT 0,
  maker VARCHAR(128) NOT NULL DEFAULT '',
  checker VARCHAR(128) NOT NULL DEFAULT '',
  override_reason VARCHAR(1000) NOT NULL DEFAULT '',
  rejection_reason VARCHAR(1000) NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  decision_time DATETIME(6) NULL,
  valid_until DATETIME(6) NULL,
  review_required TINYINT(1) NOT NULL DEFAULT 0,
  review_reason VARCHAR(1000) NOT NULL DEFAULT '',
  rerating_job VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  -- When the row last changed (create, decision, supersession, review mark).
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL,
  document LONGTEXT NOT NULL,
  approved_customer_id VARCHAR(36) CHARACTER SET ascii COLLATE ascii_bin
    GENERATED ALWAYS AS (IF(state = 'APPROVED', customer_id, NULL)) STORED,
  PRIMARY KEY (rating_id),
  UNIQUE KEY uk_ratings_approved (approved_customer_id),
  KEY ix_ratings_customer (customer_id, create_time, rating_id),
  KEY ix_ratings_review (state, review_required, valid_until, rating_id),
  KEY ix_ratings_rerating_job (rerating_job)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The bank's pricing table: one row per grade and segment (002_pricing_table.sql ships it).
-- min_dscr and max_debt_to_asset are covenants (0 = none).
CREATE TABLE IF NOT EXISTS pricing_rules (
  grade VARCHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  segment VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  eligible TINYINT(1) NOT NULL,
  spread_bps INT NOT NULL,
  max_tenor_months INT NOT NULL,
  collateral_requirement VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  min_collateral_coverage_bps INT NOT NULL,
  min_dscr DECIMAL(6,2) NOT NULL,
  max_debt_to_asset DECIMAL(6,4) NOT NULL,
  approval_authority VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (grade, segment)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Loan prime rate fixings: term '1Y' or '5Y', in force from effective_date until the next one.
CREATE TABLE IF NOT EXISTS loan_prime_rates (
  term CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  effective_date DATE NOT NULL,
  rate_bps INT NOT NULL,
  PRIMARY KEY (term, effective_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Portfolio re-rating jobs: the cursor (page_token) and counters are written after every page,
-- so a job shows its progress and resumes where it stopped.
CREATE TABLE IF NOT EXISTS rerating_jobs (
  job_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  segment VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  model_family VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  page_token VARCHAR(2000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  processed BIGINT NOT NULL DEFAULT 0,
  rated BIGINT NOT NULL DEFAULT 0,
  skipped BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0,
  created_by VARCHAR(128) NOT NULL DEFAULT '',
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  finish_time DATETIME(6) NULL,
  last_error TEXT NOT NULL,
  PRIMARY KEY (job_id),
  KEY ix_rerating_jobs_create (create_time, job_id),
  KEY ix_rerating_jobs_state (state, create_time, job_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Request ids of idempotent creates (common/mysql/idempotency.h), claimed in the create's own
-- transaction. scope names the kind of create, e.g. 'ratings.create'; fingerprint is the
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

-- The transactional outbox (common/events/outbox.h): RatingApproved, RatingDowngraded.
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

-- The consumer's bookkeeping (common/events/event_consumer.h), for customer-profile's events
-- (a new financial statement marks the customer's approved rating for review).
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
