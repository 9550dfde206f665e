#include "services/customer-profile/storage/money_columns.h"

#include <cppconn/datatype.h>

#include "absl/strings/str_cat.h"
#include "common/mysql/sql_values.h"

namespace ccrm::customer {

void BindMoneyColumns(sql::PreparedStatement& stmt, int index, const std::optional<Money>& m) {
  mysql::SetOptionalMoney(stmt, index, m);
  if (m.has_value()) {
    stmt.setString(index + 1, m->currency_code);
  } else {
    stmt.setNull(index + 1, sql::DataType::CHAR);
  }
}

absl::StatusOr<std::optional<Money>> ReadAmount(sql::ResultSet& rs,
                                                const std::string& amount_column,
                                                const std::string& currency) {
  std::optional<std::string> text = mysql::GetOptionalString(rs, amount_column);
  if (!text.has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<Money> m = ParseMoney(currency, *text);
  if (!m.ok()) {
    return absl::InternalError(absl::StrCat("stored amount in column ", amount_column,
                                            " is unreadable: ", m.status().message()));
  }
  return std::optional<Money>(*std::move(m));
}

absl::StatusOr<std::optional<Money>> ReadMoneyColumns(sql::ResultSet& rs,
                                                      const std::string& amount_column,
                                                      const std::string& currency_column) {
  std::optional<std::string> currency = mysql::GetOptionalString(rs, currency_column);
  absl::StatusOr<std::optional<Money>> amount =
      ReadAmount(rs, amount_column, currency.value_or(""));
  if (amount.ok() && amount->has_value() && !currency.has_value()) {
    return absl::InternalError(
        absl::StrCat("stored amount in column ", amount_column, " has no currency"));
  }
  return amount;
}

}  // namespace ccrm::customer
