-- The default rule set: exactly DefaultRules() (services/risk-warning/domain/rule.cc; a test holds
-- the two equal), each as version 1 with its revision row. INSERT IGNORE so that a run stopped
-- half-way can simply run again; rule ids are fixed, so nothing is inserted twice.
-- Thresholds per level (NULL = the level is not used); higher_is_worse is the indicator's.

INSERT IGNORE INTO rules (rule_id, indicator, segment, industry_prefix, blue_threshold,
    yellow_threshold, orange_threshold, red_threshold, higher_is_worse, contingency_scenario,
    auto_activate_contingency, enabled, version, updated_by, update_time, change_reason)
VALUES
  ('default-days_past_due', 'days_past_due', '', '', 1, 30, 60, 90, 1,
   'BORROWER_CANNOT_REPAY', 1, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-overdue_rate', 'overdue_rate', '', '', 0.01, 5, 10, 20, 1,
   'BORROWER_CANNOT_REPAY', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-funds_off_plan', 'funds_off_plan', '', '', 0.01, 5, 10, 20, 1,
   'FUNDS_DIVERTED', 1, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-project_progress_deviation', 'project_progress_deviation', '', '', 10, 20, 30, 50, 1,
   'PROJECT_HALTED', 1, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-dscr_headroom', 'dscr_headroom', '', '', 10, -0.01, -10, -25, 0,
   'BORROWER_CANNOT_REPAY', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-current_ratio_headroom', 'current_ratio_headroom', '', '', 10, -0.01, -15, -30, 0,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-rating_downgrade', 'rating_downgrade', '', '', 1, 2, 3, 5, 1,
   'BORROWER_CANNOT_REPAY', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-complaints', 'complaints', '', '', 1, 2, 4, NULL, 1,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-sla_breaches', 'sla_breaches', '', '', 1, 3, NULL, NULL, 1,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-satisfaction_drop', 'satisfaction_drop', '', '', 1, 2, NULL, NULL, 1,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-missed_engagements', 'missed_engagements', '', '', 1, 2, 3, NULL, 1,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-group_distress', 'group_distress', '', '', NULL, 3, 4, NULL, 1,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-collateral_coverage', 'collateral_coverage', '', '', 130, 110, 100, 80, 0,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-stale_appraisal', 'stale_appraisal', '', '', 365, 545, NULL, NULL, 1,
   '', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-guarantor_distress', 'guarantor_distress', '', '', NULL, 3, 4, NULL, 1,
   'GUARANTOR_FAILS', 0, 1, 1, 'migration', '2026-01-01 00:00:00', 'default rule set'),
  ('default-days_past_due-first-time', 'days_past_due', 'SEGMENT_FIRST_TIME_BORROWER', '',
   1, 15, 30, 60, 1, 'BORROWER_CANNOT_REPAY', 1, 1, 1, 'migration', '2026-01-01 00:00:00',
   'default rule set: first-time borrowers are watched more closely');

-- Version 1 of each default rule, as the history of its changes starts.
INSERT IGNORE INTO rule_revisions (rule_id, version, indicator, segment, industry_prefix,
    blue_threshold, yellow_threshold, orange_threshold, red_threshold, higher_is_worse,
    contingency_scenario, auto_activate_contingency, enabled, updated_by, update_time,
    change_reason)
SELECT rule_id, version, indicator, segment, industry_prefix, blue_threshold, yellow_threshold,
    orange_threshold, red_threshold, higher_is_worse, contingency_scenario,
    auto_activate_contingency, enabled, updated_by, update_time, change_reason
FROM rules
WHERE rule_id LIKE 'default-%' AND version = 1 AND updated_by = 'migration';
