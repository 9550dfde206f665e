// Validation of a submitted financial statement: its period, its currency and amounts, and the
// balance-sheet identity total assets = total liabilities + total equity, within a tolerance.
// Field paths are relative to the FinancialStatement message ("balance_sheet.total_assets");
// the API layer prefixes "statement". China's fiscal year is the calendar year, so periods end
// on 31 March, 30 June, 30 September and 31 December.
//
// Example:
//   FieldViolations v;
//   v.AddAll("statement", ValidateFinancialStatement(statement, today));
//   RETURN_IF_ERROR(v.ToStatus());
#pragma once

#include <cstdint>
#include <optional>

#include "absl/numeric/int128.h"
#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "services/customer-profile/domain/customer.h"

namespace ccrm::customer {

// The balance check tolerates |assets - (liabilities + equity)| up to the larger of
//   - kBalanceToleranceFloorNanos: one currency unit (1.00), so rounding of line items to whole
//     yuan or fen in the source statements never trips it, and
//   - kBalanceToleranceBasisPoints of total assets: 10 bp = 0.1 %, the order of rounding when a
//     statement is reported in thousands or ten-thousands of yuan.
// A larger gap means a mistyped or missing line item, which we want the submitter to fix.
inline constexpr int64_t kBalanceToleranceFloorNanos = kNanosPerUnit;
inline constexpr int64_t kBalanceToleranceBasisPoints = 10;

// Statements older than this year are not accepted.
inline constexpr int32_t kEarliestFiscalYear = 1990;

// The violations of a statement; empty when valid. Rules:
//   period_type is required; fiscal_quarter is 1..4 for quarterly statements and 0 for annual;
//   fiscal_year is 1990..today's year; period_end_date is required, not after `today`, and the
//   last day of the period (31 December of fiscal_year, or the quarter's last day);
//   currency_code is an ISO code and every amount is in it and well-formed; total_assets,
//   total_liabilities and total_equity are required; asset, liability, revenue, cost, interest
//   and debt-service items are non-negative (equity, profits and cash flows may be negative);
//   current_assets <= total_assets and current_liabilities <= total_liabilities; and the balance
//   check (violation on "balance_sheet.total_assets", stating both sides and the difference).
FieldViolations ValidateFinancialStatement(const FinancialStatement& statement,
                                           absl::CivilDay today);

// The last day of the period: 31 December of `fiscal_year` for annual statements, the last day of
// the quarter for quarterly ones; nullopt for an unspecified type or a quarter outside the rules
// (annual needs 0, quarterly 1..4).
std::optional<absl::CivilDay> PeriodEndDate(PeriodType period_type, int32_t fiscal_year,
                                            int32_t fiscal_quarter);

// The largest imbalance tolerated for these total assets, in nanos (see the constants above).
absl::int128 BalanceToleranceNanos(const Money& total_assets);

}  // namespace ccrm::customer
