#include "common/mysql/sql_values.h"

#include <cppconn/datatype.h>

#include "absl/strings/str_format.h"

namespace ccrm::mysql {

std::string SqlTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone());
}

absl::Time ParseSqlTime(const std::string& text) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &t, &err)) {
    return t;
  }
  return absl::InfinitePast();
}

std::string SqlDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::optional<absl::CivilDay> ParseSqlDate(const std::string& text) {
  absl::CivilDay day;
  if (absl::ParseCivilTime(text, &day)) {
    return day;
  }
  return std::nullopt;
}

void SetOptionalString(sql::PreparedStatement& stmt, int index, const std::string& value) {
  if (value.empty()) {
    stmt.setNull(index, sql::DataType::VARCHAR);
  } else {
    stmt.setString(index, value);
  }
}

void SetOptionalDate(sql::PreparedStatement& stmt, int index,
                     const std::optional<absl::CivilDay>& day) {
  if (day.has_value()) {
    stmt.setString(index, SqlDate(*day));
  } else {
    stmt.setNull(index, sql::DataType::DATE);
  }
}

void SetOptionalMoney(sql::PreparedStatement& stmt, int index, const std::optional<Money>& m) {
  if (m.has_value()) {
    stmt.setString(index, FormatDecimal(*m));
  } else {
    stmt.setNull(index, sql::DataType::DECIMAL);
  }
}

std::optional<std::string> GetOptionalString(sql::ResultSet& rs, const std::string& column) {
  std::string value = rs.getString(column);
  if (rs.wasNull()) {
    return std::nullopt;
  }
  return value;
}

std::optional<absl::CivilDay> GetOptionalDate(sql::ResultSet& rs, const std::string& column) {
  std::optional<std::string> text = GetOptionalString(rs, column);
  if (!text.has_value()) {
    return std::nullopt;
  }
  return ParseSqlDate(*text);
}

std::optional<Money> GetOptionalMoney(sql::ResultSet& rs, const std::string& column,
                                      const std::string& currency) {
  std::optional<std::string> text = GetOptionalString(rs, column);
  if (!text.has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<Money> m = ParseMoney(currency, *text);
  if (!m.ok()) {
    return std::nullopt;
  }
  return *m;
}

absl::Time GetTime(sql::ResultSet& rs, const std::string& column) {
  return ParseSqlTime(rs.getString(column));
}

std::optional<absl::Time> GetOptionalTime(sql::ResultSet& rs, const std::string& column) {
  std::optional<std::string> text = GetOptionalString(rs, column);
  if (!text.has_value()) {
    return std::nullopt;
  }
  return ParseSqlTime(*text);
}

}  // namespace ccrm::mysql
