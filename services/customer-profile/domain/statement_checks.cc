#include "services/customer-profile/domain/statement_checks.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/validation/field_checks.h"
#include "services/customer-profile/domain/statement_line_items.h"

namespace ccrm::customer {
namespace {

absl::int128 Abs(absl::int128 v) { return v < 0 ? -v : v; }

// An exact amount in nanos as a decimal with 2 to 9 fraction digits: "-1234.50", "0.000000001".
std::string FormatNanos(absl::int128 nanos) {
  bool negative = nanos < 0;
  absl::uint128 magnitude = static_cast<absl::uint128>(Abs(nanos));
  absl::uint128 units = magnitude / kNanosPerUnit;
  uint64_t fraction = static_cast<uint64_t>(magnitude % kNanosPerUnit);
  std::string whole;
  do {
    whole.insert(whole.begin(), static_cast<char>('0' + static_cast<int>(units % 10)));
    units /= 10;
  } while (units > 0);
  std::string frac = std::to_string(fraction);
  frac.insert(0, 9 - frac.size(), '0');
  while (frac.size() > 2 && frac.back() == '0') {
    frac.pop_back();
  }
  return absl::StrCat(negative ? "-" : "", whole, ".", frac);
}

// The amount when present, well-formed and in `currency`; nullopt otherwise (other rules report
// those problems).
std::optional<absl::int128> UsableNanos(const std::optional<Money>& amount,
                                        const std::string& currency) {
  if (!amount.has_value() || !IsWellFormed(*amount) || amount->currency_code != currency) {
    return std::nullopt;
  }
  return TotalNanos(*amount);
}

std::string DescribePeriod(PeriodType type, int32_t year, int32_t quarter) {
  if (type == PeriodType::kQuarterly) {
    return absl::StrCat("the last day of Q", quarter, " ", year);
  }
  return absl::StrCat("the last day of fiscal year ", year);
}

void CheckPeriod(FieldViolations& v, const FinancialStatement& s, absl::CivilDay today) {
  bool period_known = true;
  if (s.period_type == PeriodType::kAnnual) {
    if (s.fiscal_quarter != 0) {
      v.Add("fiscal_quarter", "must be 0 for annual statements");
      period_known = false;
    }
  } else if (s.period_type == PeriodType::kQuarterly) {
    if (s.fiscal_quarter < 1 || s.fiscal_quarter > 4) {
      v.Add("fiscal_quarter", "must be 1 to 4 for quarterly statements");
      period_known = false;
    }
  } else {
    v.Add("period_type", s.period_type == PeriodType::kUnspecified ? "is required"
                                                                   : "must be ANNUAL or QUARTERLY");
    period_known = false;
  }
  if (s.fiscal_year < kEarliestFiscalYear || s.fiscal_year > today.year()) {
    v.Add("fiscal_year", absl::StrCat("must be ", kEarliestFiscalYear, " to ", today.year(),
                                      ", got ", s.fiscal_year));
    period_known = false;
  }
  if (!s.period_end_date.has_value()) {
    v.Add("period_end_date", "is required");
    return;
  }
  CheckNotInFuture(v, "period_end_date", *s.period_end_date, today);
  if (!period_known) {
    return;
  }
  std::optional<absl::CivilDay> expected =
      PeriodEndDate(s.period_type, s.fiscal_year, s.fiscal_quarter);
  if (expected.has_value() && *expected != *s.period_end_date) {
    v.Add("period_end_date",
          absl::StrCat("must be ", absl::FormatCivilTime(*expected), ", ",
                       DescribePeriod(s.period_type, s.fiscal_year, s.fiscal_quarter), ", got ",
                       absl::FormatCivilTime(*s.period_end_date)));
  }
}

void CheckAmounts(FieldViolations& v, const FinancialStatement& s) {
  const bool currency_valid = IsCurrencyCode(s.currency_code);
  if (!currency_valid) {
    v.Add("currency_code", "must be an ISO 4217 currency code (three upper-case letters)");
  }
  for (const ConstLineItem& item : LineItemsOf(s)) {
    if (!item.amount->has_value()) {
      continue;
    }
    const Money& m = **item.amount;
    CheckAmount(v, item.path(), m, item.sign);
    if (currency_valid && IsCurrencyCode(m.currency_code) && m.currency_code != s.currency_code) {
      v.Add(absl::StrCat(item.path(), ".currency_code"),
            absl::StrCat("must be ", s.currency_code, ", the statement's currency"));
    }
  }
  const BalanceSheet& b = s.balance_sheet;
  const std::pair<const char*, const std::optional<Money>*> kRequired[] = {
      {"balance_sheet.total_assets", &b.total_assets},
      {"balance_sheet.total_liabilities", &b.total_liabilities},
      {"balance_sheet.total_equity", &b.total_equity},
  };
  for (const auto& [field, amount] : kRequired) {
    if (!amount->has_value()) {
      v.Add(field, "is required");
    }
  }
}

// Adds a violation on `part_field` when part > total (both usable).
void CheckPartWithinTotal(FieldViolations& v, const std::optional<Money>& part,
                          const std::string& part_field, const std::optional<Money>& total,
                          const std::string& total_field, const std::string& currency) {
  std::optional<absl::int128> p = UsableNanos(part, currency);
  std::optional<absl::int128> t = UsableNanos(total, currency);
  if (p.has_value() && t.has_value() && *p > *t) {
    v.Add(part_field, absl::StrCat("must not exceed ", total_field, " (", FormatNanos(*p), " > ",
                                   FormatNanos(*t), ")"));
  }
}

void CheckBalance(FieldViolations& v, const FinancialStatement& s) {
  const BalanceSheet& b = s.balance_sheet;
  std::optional<absl::int128> assets = UsableNanos(b.total_assets, s.currency_code);
  std::optional<absl::int128> liabilities = UsableNanos(b.total_liabilities, s.currency_code);
  std::optional<absl::int128> equity = UsableNanos(b.total_equity, s.currency_code);
  if (!assets.has_value() || !liabilities.has_value() || !equity.has_value()) {
    return;
  }
  absl::int128 claims = *liabilities + *equity;
  absl::int128 difference = *assets - claims;
  absl::int128 tolerance = BalanceToleranceNanos(*b.total_assets);
  if (Abs(difference) <= tolerance) {
    return;
  }
  v.Add("balance_sheet.total_assets",
        absl::StrCat("total assets ", FormatNanos(*assets), " ", s.currency_code,
                     " do not equal total liabilities ", FormatNanos(*liabilities),
                     " + total equity ", FormatNanos(*equity), " = ", FormatNanos(claims), " ",
                     s.currency_code, ": difference ", FormatNanos(difference),
                     " exceeds the tolerance ", FormatNanos(tolerance),
                     " (the larger of 1.00 and 0.1 % of total assets)"));
}

}  // namespace

std::optional<absl::CivilDay> PeriodEndDate(PeriodType period_type, int32_t fiscal_year,
                                            int32_t fiscal_quarter) {
  if (period_type == PeriodType::kAnnual && fiscal_quarter == 0) {
    return absl::CivilDay(fiscal_year, 12, 31);
  }
  if (period_type == PeriodType::kQuarterly && fiscal_quarter >= 1 && fiscal_quarter <= 4) {
    // The day before the first day of the next quarter.
    return absl::CivilDay(fiscal_year, fiscal_quarter * 3 + 1, 1) - 1;
  }
  return std::nullopt;
}

absl::int128 BalanceToleranceNanos(const Money& total_assets) {
  absl::int128 proportional = Abs(TotalNanos(total_assets)) * kBalanceToleranceBasisPoints / 10000;
  return proportional > kBalanceToleranceFloorNanos ? proportional
                                                    : absl::int128(kBalanceToleranceFloorNanos);
}

FieldViolations ValidateFinancialStatement(const FinancialStatement& s, absl::CivilDay today) {
  FieldViolations v;
  CheckPeriod(v, s, today);
  CheckAmounts(v, s);
  const BalanceSheet& b = s.balance_sheet;
  CheckPartWithinTotal(v, b.current_assets, "balance_sheet.current_assets", b.total_assets,
                       "total_assets", s.currency_code);
  CheckPartWithinTotal(v, b.current_liabilities, "balance_sheet.current_liabilities",
                       b.total_liabilities, "total_liabilities", s.currency_code);
  CheckBalance(v, s);
  return v;
}

}  // namespace ccrm::customer
