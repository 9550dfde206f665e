-- The shipped pricing table and loan prime rate fixings (data; a new schedule is a new
-- migration). Spreads are over the loan prime rate: the 1-year LPR for tenors up to 60 months,
-- the 5-year LPR above. Spreads rise and tenors shorten as grades worsen; SMEs pay 30-50 bps
-- more than key customers, first-time borrowers 20 bps more than SMEs. Collateral: none for
-- AAA-A, partial for BBB-BB, full for B and worse (coverage = collateral value / exposure, bps).
-- Covenants: minimum DSCR and maximum debt-to-asset ratio. CCC is lent to only on the strictest
-- terms with the board risk committee's approval; CC, C and D are not eligible for new credit
-- (their rows name who may grant an exception).
INSERT IGNORE INTO pricing_rules (grade, segment, eligible, spread_bps, max_tenor_months,
    collateral_requirement, min_collateral_coverage_bps, min_dscr, max_debt_to_asset,
    approval_authority) VALUES
  ('AAA', 'KEY',                 1,  20, 120, 'NONE',        0, 1.20, 0.7500, 'BRANCH_CREDIT_COMMITTEE'),
  ('AAA', 'SME',                 1,  50,  96, 'NONE',        0, 1.20, 0.7500, 'BRANCH_CREDIT_COMMITTEE'),
  ('AAA', 'FIRST_TIME_BORROWER', 1,  70,  84, 'NONE',        0, 1.20, 0.7500, 'BRANCH_CREDIT_COMMITTEE'),
  ('AA',  'KEY',                 1,  35,  96, 'NONE',        0, 1.20, 0.7500, 'BRANCH_CREDIT_COMMITTEE'),
  ('AA',  'SME',                 1,  65,  84, 'NONE',        0, 1.20, 0.7500, 'BRANCH_CREDIT_COMMITTEE'),
  ('AA',  'FIRST_TIME_BORROWER', 1,  85,  60, 'NONE',        0, 1.20, 0.7500, 'BRANCH_CREDIT_COMMITTEE'),
  ('A',   'KEY',                 1,  60,  84, 'NONE',        0, 1.25, 0.7000, 'BRANCH_CREDIT_COMMITTEE'),
  ('A',   'SME',                 1,  90,  60, 'NONE',        0, 1.25, 0.7000, 'BRANCH_CREDIT_COMMITTEE'),
  ('A',   'FIRST_TIME_BORROWER', 1, 110,  48, 'NONE',        0, 1.25, 0.7000, 'BRANCH_CREDIT_COMMITTEE'),
  ('BBB', 'KEY',                 1, 110,  60, 'PARTIAL',  5000, 1.30, 0.7000, 'BRANCH_CREDIT_COMMITTEE'),
  ('BBB', 'SME',                 1, 150,  48, 'PARTIAL',  5000, 1.30, 0.7000, 'BRANCH_CREDIT_COMMITTEE'),
  ('BBB', 'FIRST_TIME_BORROWER', 1, 170,  36, 'PARTIAL',  5000, 1.30, 0.7000, 'BRANCH_CREDIT_COMMITTEE'),
  ('BB',  'KEY',                 1, 180,  36, 'PARTIAL',  7000, 1.35, 0.6500, 'HEAD_OFFICE_CREDIT_COMMITTEE'),
  ('BB',  'SME',                 1, 220,  36, 'PARTIAL',  7000, 1.35, 0.6500, 'HEAD_OFFICE_CREDIT_COMMITTEE'),
  ('BB',  'FIRST_TIME_BORROWER', 1, 240,  24, 'PARTIAL',  7000, 1.35, 0.6500, 'HEAD_OFFICE_CREDIT_COMMITTEE'),
  ('B',   'KEY',                 1, 300,  24, 'FULL',    10000, 1.40, 0.6500, 'HEAD_OFFICE_CREDIT_COMMITTEE'),
  ('B',   'SME',                 1, 350,  24, 'FULL',    10000, 1.40, 0.6500, 'HEAD_OFFICE_CREDIT_COMMITTEE'),
  ('B',   'FIRST_TIME_BORROWER', 1, 370,  12, 'FULL',    10000, 1.40, 0.6500, 'HEAD_OFFICE_CREDIT_COMMITTEE'),
  ('CCC', 'KEY',                 1, 480,  12, 'FULL',    12000, 1.50, 0.6000, 'BOARD_RISK_COMMITTEE'),
  ('CCC', 'SME',                 1, 530,  12, 'FULL',    12000, 1.50, 0.6000, 'BOARD_RISK_COMMITTEE'),
  ('CCC', 'FIRST_TIME_BORROWER', 1, 550,  12, 'FULL',    12000, 1.50, 0.6000, 'BOARD_RISK_COMMITTEE'),
  ('CC',  'KEY',                 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('CC',  'SME',                 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('CC',  'FIRST_TIME_BORROWER', 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('C',   'KEY',                 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('C',   'SME',                 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('C',   'FIRST_TIME_BORROWER', 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('D',   'KEY',                 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('D',   'SME',                 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE'),
  ('D',   'FIRST_TIME_BORROWER', 0,   0,   0, 'FULL',        0, 0.00, 0.0000, 'BOARD_RISK_COMMITTEE');

-- Loan prime rates as the PBoC fixed them (in force from the effective date).
INSERT IGNORE INTO loan_prime_rates (term, effective_date, rate_bps) VALUES
  ('1Y', '2024-10-21', 310),
  ('5Y', '2024-10-21', 360),
  ('1Y', '2025-05-20', 300),
  ('5Y', '2025-05-20', 350);
