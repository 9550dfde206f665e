// The line items of a financial statement in one list — section, name, sign rule and the amount —
// so validation, storage (one DECIMAL column per item, named like the item) and the in-memory
// store walk the same items in the same order.
//
// Example:
//   for (const ConstLineItem& item : LineItemsOf(statement)) {
//     if (item.amount->has_value()) { Use(item.path(), **item.amount); }
//   }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/money/money.h"
#include "services/customer-profile/domain/customer.h"
#include "common/validation/field_checks.h"

namespace ccrm::customer {

template <typename Amount>
struct BasicLineItem {
  // "balance_sheet", "income_statement" or "cash_flow_statement".
  const char* section;
  // e.g. "total_assets": also the storage column's name.
  const char* name;
  AmountSign sign;
  Amount* amount;

  // Field path within the statement message, e.g. "balance_sheet.total_assets".
  std::string path() const { return std::string(section) + "." + name; }
};
using LineItem = BasicLineItem<std::optional<Money>>;
using ConstLineItem = BasicLineItem<const std::optional<Money>>;

// Every line item, balance sheet first, in a fixed order.
std::vector<LineItem> LineItemsOf(FinancialStatement& statement);
std::vector<ConstLineItem> LineItemsOf(const FinancialStatement& statement);

// What storage needs beyond validation: a period end date and every amount in the statement's
// currency. INVALID_ARGUMENT naming the field otherwise.
absl::Status CheckStorable(const FinancialStatement& statement);

}  // namespace ccrm::customer
