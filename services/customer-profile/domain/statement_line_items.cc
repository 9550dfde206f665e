#include "services/customer-profile/domain/statement_line_items.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::customer {
namespace {

template <typename Item, typename Statement>
std::vector<Item> Items(Statement& s) {
  auto& b = s.balance_sheet;
  auto& i = s.income_statement;
  auto& c = s.cash_flow_statement;
  constexpr AmountSign kNonNegative = AmountSign::kNonNegative;
  constexpr AmountSign kAny = AmountSign::kAny;
  // Static: the items keep pointers to these names after the function returns.
  static constexpr char kBalance[] = "balance_sheet";
  static constexpr char kIncome[] = "income_statement";
  static constexpr char kCashFlow[] = "cash_flow_statement";
  return {
      {kBalance, "cash", kNonNegative, &b.cash},
      {kBalance, "accounts_receivable", kNonNegative, &b.accounts_receivable},
      {kBalance, "inventory", kNonNegative, &b.inventory},
      {kBalance, "current_assets", kNonNegative, &b.current_assets},
      {kBalance, "total_assets", kNonNegative, &b.total_assets},
      {kBalance, "short_term_debt", kNonNegative, &b.short_term_debt},
      {kBalance, "current_liabilities", kNonNegative, &b.current_liabilities},
      {kBalance, "long_term_debt", kNonNegative, &b.long_term_debt},
      {kBalance, "total_liabilities", kNonNegative, &b.total_liabilities},
      {kBalance, "total_equity", kAny, &b.total_equity},
      {kBalance, "retained_earnings", kAny, &b.retained_earnings},
      {kIncome, "revenue", kNonNegative, &i.revenue},
      {kIncome, "cost_of_sales", kNonNegative, &i.cost_of_sales},
      {kIncome, "operating_profit", kAny, &i.operating_profit},
      {kIncome, "interest_expense", kNonNegative, &i.interest_expense},
      {kIncome, "ebit", kAny, &i.ebit},
      {kIncome, "ebitda", kAny, &i.ebitda},
      {kIncome, "net_profit", kAny, &i.net_profit},
      {kCashFlow, "operating_cash_flow", kAny, &c.operating_cash_flow},
      {kCashFlow, "investing_cash_flow", kAny, &c.investing_cash_flow},
      {kCashFlow, "financing_cash_flow", kAny, &c.financing_cash_flow},
      {kCashFlow, "debt_service", kNonNegative, &c.debt_service},
  };
}

}  // namespace

std::vector<LineItem> LineItemsOf(FinancialStatement& statement) {
  return Items<LineItem>(statement);
}

std::vector<ConstLineItem> LineItemsOf(const FinancialStatement& statement) {
  return Items<ConstLineItem>(statement);
}

absl::Status CheckStorable(const FinancialStatement& statement) {
  if (!statement.period_end_date.has_value()) {
    return InvalidField("period_end_date", "is required");
  }
  for (const ConstLineItem& item : LineItemsOf(statement)) {
    if (item.amount->has_value() && (*item.amount)->currency_code != statement.currency_code) {
      return InvalidField(
          item.name, absl::StrCat("must be in the statement's currency ", statement.currency_code));
    }
  }
  return absl::OkStatus();
}

}  // namespace ccrm::customer
