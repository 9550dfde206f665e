// Exact money amounts: whole units plus nanos (1e-9), as google.type.Money, never a double.
// Decimal strings are the storage form (MySQL DECIMAL(38,9)).
//
// Example:
//   ASSIGN_OR_RETURN(Money m, ParseMoney("CNY", "1250000.50"));
//   std::string s = FormatDecimal(m);  // "1250000.500000000"
#pragma once

#include <cstdint>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ccrm {

struct Money {
  // ISO 4217, three upper-case letters.
  std::string currency_code;
  int64_t units = 0;
  // -999,999,999..999,999,999, same sign as units.
  int32_t nanos = 0;

  bool operator==(const Money& o) const {
    return currency_code == o.currency_code && units == o.units && nanos == o.nanos;
  }
  bool operator!=(const Money& o) const { return !(*this == o); }
};

inline constexpr int64_t kNanosPerUnit = 1000000000;

// True when nanos are in range and carry the sign of units.
bool IsWellFormed(const Money& m);
// True for three upper-case ASCII letters.
bool IsCurrencyCode(absl::string_view code);

// The amount in nanos (exact, 128-bit).
absl::int128 TotalNanos(const Money& m);
// INVALID_ARGUMENT when the amount does not fit in int64 units.
absl::StatusOr<Money> MoneyFromNanos(std::string currency_code, absl::int128 nanos);
// For ratios only (never for storage or sums).
double ToDouble(const Money& m);

// "-12.500000000" style, always 9 fraction digits.
std::string FormatDecimal(const Money& m);
// Parses "123", "-0.5", "1234.123456789"; INVALID_ARGUMENT on anything else or more than 9
// fraction digits.
absl::StatusOr<Money> ParseMoney(std::string currency_code, absl::string_view decimal);

}  // namespace ccrm
