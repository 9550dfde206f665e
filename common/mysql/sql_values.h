// Conversions between domain values and the column types this project uses:
// DATETIME(6) in UTC for instants, DATE for civil days, DECIMAL(38,9) strings for money.
// Nullable columns map to std::optional.
//
// Example:
//   stmt.setString(3, SqlTime(customer.create_time));
//   customer.create_time = ParseSqlTime(rs.getString("create_time"));
#pragma once

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/money/money.h"

namespace ccrm::mysql {

// "2026-11-22 08:01:02.123456" (UTC).
std::string SqlTime(absl::Time t);
// Parses what MySQL returns for DATETIME(6) (fraction optional). InfinitePast on garbage.
absl::Time ParseSqlTime(const std::string& text);
std::string SqlDate(absl::CivilDay day);
std::optional<absl::CivilDay> ParseSqlDate(const std::string& text);

// Binds NULL when the optional is empty.
void SetOptionalString(sql::PreparedStatement& stmt, int index, const std::string& value);
void SetOptionalDate(sql::PreparedStatement& stmt, int index,
                     const std::optional<absl::CivilDay>& day);
// Binds the decimal text of the amount (currency is stored in its own column).
void SetOptionalMoney(sql::PreparedStatement& stmt, int index, const std::optional<Money>& m);

std::optional<std::string> GetOptionalString(sql::ResultSet& rs, const std::string& column);
std::optional<absl::CivilDay> GetOptionalDate(sql::ResultSet& rs, const std::string& column);
// Reads a DECIMAL column as Money in `currency`; nullopt for NULL.
std::optional<Money> GetOptionalMoney(sql::ResultSet& rs, const std::string& column,
                                      const std::string& currency);
absl::Time GetTime(sql::ResultSet& rs, const std::string& column);
std::optional<absl::Time> GetOptionalTime(sql::ResultSet& rs, const std::string& column);

}  // namespace ccrm::mysql
