#include "common/money/money.h"

#include <cctype>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ccrm {

bool IsWellFormed(const Money& m) {
  if (m.nanos <= -kNanosPerUnit || m.nanos >= kNanosPerUnit) {
    return false;
  }
  return !((m.units > 0 && m.nanos < 0) || (m.units < 0 && m.nanos > 0));
}

bool IsCurrencyCode(absl::string_view code) {
  if (code.size() != 3) {
    return false;
  }
  for (char c : code) {
    if (c < 'A' || c > 'Z') {
      return false;
    }
  }
  return true;
}

absl::int128 TotalNanos(const Money& m) { return absl::int128(m.units) * kNanosPerUnit + m.nanos; }

absl::StatusOr<Money> MoneyFromNanos(std::string currency_code, absl::int128 nanos) {
  absl::int128 units = nanos / kNanosPerUnit;
  absl::int128 rest = nanos % kNanosPerUnit;
  if (units > absl::int128(INT64_MAX) || units < absl::int128(INT64_MIN)) {
    return absl::InvalidArgumentError("amount out of range");
  }
  return Money{std::move(currency_code), static_cast<int64_t>(units), static_cast<int32_t>(rest)};
}

double ToDouble(const Money& m) {
  return static_cast<double>(m.units) + static_cast<double>(m.nanos) / kNanosPerUnit;
}

std::string FormatDecimal(const Money& m) {
  bool negative = m.units < 0 || m.nanos < 0;
  uint64_t units = m.units < 0 ? 0 - static_cast<uint64_t>(m.units) : m.units;
  int32_t nanos = m.nanos < 0 ? -m.nanos : m.nanos;
  return absl::StrFormat("%s%d.%09d", negative ? "-" : "", units, nanos);
}

absl::StatusOr<Money> ParseMoney(std::string currency_code, absl::string_view decimal) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat("not a decimal amount: \"", decimal, "\""));
  };
  absl::string_view s = decimal;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  absl::string_view whole = s.substr(0, dot);
  absl::string_view frac = dot == absl::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 18 || frac.size() > 9 ||
      (dot != absl::string_view::npos && frac.empty())) {
    return bad();
  }
  int64_t units = 0;
  for (char c : whole) {
    if (!absl::ascii_isdigit(c)) {
      return bad();
    }
    units = units * 10 + (c - '0');
  }
  int32_t nanos = 0;
  for (size_t i = 0; i < 9; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (!absl::ascii_isdigit(c)) {
      return bad();
    }
    nanos = nanos * 10 + (c - '0');
  }
  if (negative) {
    units = -units;
    nanos = -nanos;
  }
  return Money{std::move(currency_code), units, nanos};
}

}  // namespace ccrm
