-- customer-profile schema, version 1.
--
-- Conventions:
--   * ids are UUIDv7 text (CHAR(36), ascii_bin: compact keys, byte order = time order);
--   * instants are DATETIME(6) in UTC, civil days DATE, money DECIMAL(38,9) with the ISO currency
--     in a CHAR(3) column beside it;
--   * domain enums are TINYINT holding the enum's numeric value (0 = unspecified);
--   * personal identifiers are never stored in clear: <name>_enc holds the FieldCipher ciphertext
--     (associated data "<table>.<name>:<row id>", table being customers or contacts) and
--     <name>_bidx the keyed blind index (HMAC-SHA256 hex) of the normalised value, for exact
--     look-ups; both are NULL when the value is empty;
--   * empty optional text is stored as '' (NULL only where a UNIQUE key needs it).

CREATE TABLE IF NOT EXISTS customers (
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  unified_social_credit_code CHAR(18) CHARACTER SET ascii COLLATE ascii_bin NULL,
  legal_name VARCHAR(200) NOT NULL,
  legal_representative VARCHAR(100) NOT NULL DEFAULT '',
  legal_representative_id_number_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  legal_representative_id_number_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  contact_phone_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  contact_phone_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  settlement_account_number_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  settlement_account_number_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  registered_capital DECIMAL(38,9) NULL,
  registered_capital_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  business_scope TEXT NOT NULL,
  industry_code VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  registered_address VARCHAR(500) NOT NULL DEFAULT '',
  established_date DATE NULL,
  annual_revenue DECIMAL(38,9) NULL,
  annual_revenue_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  total_assets DECIMAL(38,9) NULL,
  total_assets_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  employee_count INT NOT NULL DEFAULT 0,
  has_prior_credit TINYINT(1) NOT NULL DEFAULT 0,
  credit_grade VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  relationship_start_date DATE NULL,
  relationship_manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  -- Effective classification (the override's when there is one).
  segment TINYINT NOT NULL DEFAULT 0,
  tier TINYINT NOT NULL DEFAULT 0,
  -- The manual override; all NULL when there is none.
  override_segment TINYINT NULL,
  override_tier TINYINT NULL,
  override_reason VARCHAR(1000) NULL,
  overridden_by VARCHAR(128) NULL,
  override_time DATETIME(6) NULL,
  lifecycle_stage TINYINT NOT NULL,
  archived TINYINT(1) NOT NULL DEFAULT 0,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  archive_time DATETIME(6) NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (customer_id),
  UNIQUE KEY uk_customers_uscc (unified_social_credit_code),
  KEY ix_customers_create (create_time, customer_id),
  KEY ix_customers_name (legal_name, customer_id),
  KEY ix_customers_update (update_time, customer_id),
  KEY ix_customers_manager (relationship_manager_id, create_time),
  KEY ix_customers_segment (segment, create_time),
  KEY ix_customers_tier (tier, create_time),
  KEY ix_customers_lifecycle (lifecycle_stage, create_time),
  KEY ix_customers_industry (industry_code),
  KEY ix_customers_legal_rep_bidx (legal_representative_id_number_bidx)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every revision of every customer, written in the transaction that made it (the row as it was
-- after the change). Same columns as customers, in the same order.
CREATE TABLE IF NOT EXISTS customer_history (
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  kind TINYINT NOT NULL,
  unified_social_credit_code CHAR(18) CHARACTER SET ascii COLLATE ascii_bin NULL,
  legal_name VARCHAR(200) NOT NULL,
  legal_representative VARCHAR(100) NOT NULL DEFAULT '',
  legal_representative_id_number_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  legal_representative_id_number_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  contact_phone_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  contact_phone_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  settlement_account_number_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  settlement_account_number_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  registered_capital DECIMAL(38,9) NULL,
  registered_capital_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  business_scope TEXT NOT NULL,
  industry_code VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  registered_address VARCHAR(500) NOT NULL DEFAULT '',
  established_date DATE NULL,
  annual_revenue DECIMAL(38,9) NULL,
  annual_revenue_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  total_assets DECIMAL(38,9) NULL,
  total_assets_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  employee_count INT NOT NULL DEFAULT 0,
  has_prior_credit TINYINT(1) NOT NULL DEFAULT 0,
  credit_grade VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  relationship_start_date DATE NULL,
  relationship_manager_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  segment TINYINT NOT NULL DEFAULT 0,
  tier TINYINT NOT NULL DEFAULT 0,
  override_segment TINYINT NULL,
  override_tier TINYINT NULL,
  override_reason VARCHAR(1000) NULL,
  overridden_by VARCHAR(128) NULL,
  override_time DATETIME(6) NULL,
  lifecycle_stage TINYINT NOT NULL,
  archived TINYINT(1) NOT NULL DEFAULT 0,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  archive_time DATETIME(6) NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (customer_id, revision)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- People around a customer. id_number, phone and email are personal identifiers: encrypted,
-- with blind indexes (email normalised to lower case).
CREATE TABLE IF NOT EXISTS contacts (
  contact_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  role TINYINT NOT NULL,
  full_name VARCHAR(100) NOT NULL,
  title VARCHAR(100) NOT NULL DEFAULT '',
  id_number_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  id_number_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  phone_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  phone_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  email_enc VARCHAR(600) CHARACTER SET ascii COLLATE ascii_bin NULL,
  email_bidx CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  is_primary TINYINT(1) NOT NULL DEFAULT 0,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (contact_id),
  KEY ix_contacts_customer (customer_id, create_time, contact_id),
  KEY ix_contacts_id_number_bidx (id_number_bidx),
  KEY ix_contacts_phone_bidx (phone_bidx)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Edges of the related-party graph, recorded on customer_id. party_key identifies the party for
-- the "same relation to the same party once" rule: 'c:<related_customer_id>' for a customer of
-- the bank, else 'u:<party code>' when the party has a code, else 'n:<party name>'.
CREATE TABLE IF NOT EXISTS related_parties (
  related_party_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  relation_type TINYINT NOT NULL,
  related_customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
  party_name VARCHAR(200) NOT NULL DEFAULT '',
  party_unified_social_credit_code CHAR(18) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  party_key VARCHAR(210) NOT NULL,
  shareholding_bps INT NOT NULL DEFAULT 0,
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (related_party_id),
  UNIQUE KEY uk_related_parties_party (customer_id, relation_type, party_key),
  KEY ix_related_parties_customer (customer_id, create_time, related_party_id),
  KEY ix_related_parties_related (related_customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Projects a customer wants financed; milestones as a JSON array of
-- {"title": ..., "planned_date": "YYYY-MM-DD"|null, "actual_date": "YYYY-MM-DD"|null}.
CREATE TABLE IF NOT EXISTS projects (
  project_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  project_name VARCHAR(200) NOT NULL,
  total_investment DECIMAL(38,9) NULL,
  total_investment_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  capital_ratio_bps INT NOT NULL DEFAULT 0,
  use_of_funds TEXT NOT NULL,
  planned_start_date DATE NULL,
  planned_completion_date DATE NULL,
  actual_start_date DATE NULL,
  actual_completion_date DATE NULL,
  invested_to_date DECIMAL(38,9) NULL,
  invested_to_date_currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NULL,
  milestones LONGTEXT NOT NULL,
  create_time DATETIME(6) NOT NULL,
  update_time DATETIME(6) NOT NULL,
  revision BIGINT NOT NULL,
  PRIMARY KEY (project_id),
  KEY ix_projects_customer (customer_id, create_time, project_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Financial statements; every line item is in the statement's currency_code, NULL when absent.
CREATE TABLE IF NOT EXISTS financial_statements (
  statement_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  period_type TINYINT NOT NULL,
  fiscal_year SMALLINT NOT NULL,
  fiscal_quarter TINYINT NOT NULL,
  period_end_date DATE NOT NULL,
  audited TINYINT(1) NOT NULL,
  currency_code CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  cash DECIMAL(38,9) NULL,
  accounts_receivable DECIMAL(38,9) NULL,
  inventory DECIMAL(38,9) NULL,
  current_assets DECIMAL(38,9) NULL,
  total_assets DECIMAL(38,9) NULL,
  short_term_debt DECIMAL(38,9) NULL,
  current_liabilities DECIMAL(38,9) NULL,
  long_term_debt DECIMAL(38,9) NULL,
  total_liabilities DECIMAL(38,9) NULL,
  total_equity DECIMAL(38,9) NULL,
  retained_earnings DECIMAL(38,9) NULL,
  revenue DECIMAL(38,9) NULL,
  cost_of_sales DECIMAL(38,9) NULL,
  operating_profit DECIMAL(38,9) NULL,
  interest_expense DECIMAL(38,9) NULL,
  ebit DECIMAL(38,9) NULL,
  ebitda DECIMAL(38,9) NULL,
  net_profit DECIMAL(38,9) NULL,
  operating_cash_flow DECIMAL(38,9) NULL,
  investing_cash_flow DECIMAL(38,9) NULL,
  financing_cash_flow DECIMAL(38,9) NULL,
  debt_service DECIMAL(38,9) NULL,
  create_time DATETIME(6) NOT NULL,
  PRIMARY KEY (statement_id),
  UNIQUE KEY uk_statements_period (customer_id, period_type, fiscal_year, fiscal_quarter, audited),
  KEY ix_statements_period_end (customer_id, period_end_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who read in clear or changed what; never values. actor_roles and fields are comma-joined.
CREATE TABLE IF NOT EXISTS audit_records (
  audit_id BIGINT NOT NULL AUTO_INCREMENT,
  actor VARCHAR(128) NOT NULL,
  actor_roles VARCHAR(500) NOT NULL DEFAULT '',
  action VARCHAR(100) NOT NULL,
  resource VARCHAR(300) NOT NULL DEFAULT '',
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  fields TEXT NOT NULL,
  reason VARCHAR(1000) NOT NULL DEFAULT '',
  request_id VARCHAR(128) NOT NULL DEFAULT '',
  record_time DATETIME(6) NOT NULL,
  PRIMARY KEY (audit_id),
  KEY ix_audit_customer (customer_id, audit_id),
  KEY ix_audit_actor (actor, audit_id),
  KEY ix_audit_time (record_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Request ids of idempotent creates, claimed in the create's own transaction. scope names the
-- kind of create (and its parent), e.g. 'customers.create' or 'contacts.create:<customer_id>';
-- fingerprint is the caller's hash of the whole request; resource_name what it created.
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
