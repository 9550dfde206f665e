// Money in customer-profile rows: a DECIMAL(38,9) amount, with the ISO currency either in its own
// CHAR(3) column beside it (customers, projects) or shared by the whole row (a statement's
// currency_code). Reading never turns a bad stored amount into "absent" silently.
//
// Example:
//   BindMoneyColumns(stmt, 12, customer.registered_capital);   // binds 12 and 13
//   ASSIGN_OR_RETURN(c.registered_capital,
//                    ReadMoneyColumns(rs, "registered_capital", "registered_capital_currency"));
#pragma once

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/money/money.h"

namespace ccrm::customer {

// Binds the amount at `index` and its currency at `index + 1` (both NULL when absent).
void BindMoneyColumns(sql::PreparedStatement& stmt, int index, const std::optional<Money>& m);

// The amount in `amount_column` with the currency in `currency_column`; nullopt for NULL.
// INTERNAL when the stored amount or currency is unreadable.
absl::StatusOr<std::optional<Money>> ReadMoneyColumns(sql::ResultSet& rs,
                                                      const std::string& amount_column,
                                                      const std::string& currency_column);

// The amount in `amount_column`, in `currency`; nullopt for NULL. INTERNAL when unreadable.
absl::StatusOr<std::optional<Money>> ReadAmount(sql::ResultSet& rs,
                                                const std::string& amount_column,
                                                const std::string& currency);

}  // namespace ccrm::customer
