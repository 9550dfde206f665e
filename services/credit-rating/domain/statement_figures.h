// credit-rating's view of a customer's financial statement, as read from customer-profile: the
// period and the line items ratios are computed from. A line item the customer did not report is
// nullopt (never zero).
//
// Example:
//   StatementFigures s;
//   s.fiscal_year = 2025;
//   s.current_assets = Money{"CNY", 5'000'000, 0};
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "common/money/money.h"

namespace ccrm::rating {

enum class PeriodType { kUnspecified = 0, kAnnual = 1, kQuarterly = 2 };

struct StatementFigures {
  std::string statement_id;
  PeriodType period_type = PeriodType::kUnspecified;
  int fiscal_year = 0;
  // 1..4 for quarterly statements, 0 for annual.
  int fiscal_quarter = 0;
  absl::CivilDay period_end_date;
  bool audited = false;
  std::string currency_code;

  // Balance sheet.
  std::optional<Money> cash, accounts_receivable, inventory, current_assets, total_assets,
      short_term_debt, current_liabilities, long_term_debt, total_liabilities, total_equity,
      retained_earnings;
  // Income statement.
  std::optional<Money> revenue, cost_of_sales, operating_profit, interest_expense, ebit, ebitda,
      net_profit;
  // Cash-flow statement; debt_service is principal plus interest due in the period.
  std::optional<Money> operating_cash_flow, investing_cash_flow, financing_cash_flow, debt_service;
};

}  // namespace ccrm::rating
