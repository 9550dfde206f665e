#include "services/risk-warning/domain/coverage.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "absl/numeric/int128.h"

namespace ccrm::risk {
namespace {

// The exposure's currency is that of its committed amount; an exposure read back without its
// amount still has the outstanding's.
const std::string& CurrencyOf(const Exposure& exposure) {
  return exposure.amount.currency_code.empty() ? exposure.outstanding.currency_code
                                               : exposure.amount.currency_code;
}

// `nanos` as Money; a sum beyond what Money holds (never for real figures) is clamped.
Money FromNanos(const std::string& currency_code, absl::int128 nanos) {
  absl::StatusOr<Money> money = MoneyFromNanos(currency_code, nanos);
  if (money.ok()) {
    return *std::move(money);
  }
  const bool negative = nanos < 0;
  return Money{currency_code,
               negative ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max(),
               negative ? -999999999 : 999999999};
}

// part / whole × 100; 0 when there is nothing to divide by.
double Percent(absl::int128 part, absl::int128 whole) {
  if (whole <= 0) {
    return 0;
  }
  return static_cast<double>(part) / static_cast<double>(whole) * 100.0;
}

}  // namespace

bool IsAppraisalStale(const Collateral& collateral, absl::CivilDay today) {
  return today - collateral.appraisal_date > kStaleAppraisalDays;
}

CoverageFigures ComputeCoverage(const ExposureFile& file, absl::CivilDay today) {
  const std::string& currency = CurrencyOf(file.exposure);
  absl::int128 collateral_nanos = 0;
  for (const Collateral& c : file.collateral) {
    // Other currencies would need an exchange rate, which risk-warning does not keep.
    if (c.appraised_value.currency_code == currency) {
      collateral_nanos += TotalNanos(c.appraised_value);
    }
  }
  absl::int128 guaranteed_nanos = 0;
  for (const Guarantor& g : file.guarantors) {
    if (g.amount_guaranteed.currency_code == currency) {
      guaranteed_nanos += TotalNanos(g.amount_guaranteed);
    }
  }
  const absl::int128 outstanding_nanos = TotalNanos(file.exposure.outstanding);

  CoverageFigures figures;
  figures.outstanding = file.exposure.outstanding;
  if (figures.outstanding.currency_code.empty()) {
    figures.outstanding.currency_code = currency;
  }
  figures.collateral_value = FromNanos(currency, collateral_nanos);
  figures.guaranteed_amount = FromNanos(currency, guaranteed_nanos);
  figures.coverage_percent = Percent(collateral_nanos, outstanding_nanos);
  figures.loan_to_value_percent = Percent(outstanding_nanos, collateral_nanos);
  figures.total_security_percent = Percent(collateral_nanos + guaranteed_nanos, outstanding_nanos);
  for (const Collateral& c : file.collateral) {
    if (IsAppraisalStale(c, today)) {
      figures.stale_collateral_ids.push_back(c.collateral_id);
    }
  }
  return figures;
}

}  // namespace ccrm::risk
