#include "services/relationship-service/domain/value_rules.h"

#include <cstdint>
#include <limits>
#include <set>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace ccrm::relationship {
namespace {

constexpr char kThresholdCurrency[] = "CNY";
// Whole CNY.
constexpr int64_t kKeyContributionMin = 5'000'000;
constexpr int64_t kKeyDepositsMin = 50'000'000;
constexpr int64_t kCashManagementDepositsMin = 10'000'000;
constexpr int kPayrollEmployeesMin = 200;
constexpr int kTrailingMonths = 12;

// An amount counts in `currency` when it is in it, or is an unset zero.
bool InCurrency(const Money& m, const std::string& currency) {
  return m.currency_code == currency || (m.currency_code.empty() && TotalNanos(m) == 0);
}

// Saturates instead of failing: sums of a year's contributions do not reach int64 units.
Money MoneyOf(const std::string& currency, absl::int128 nanos) {
  absl::StatusOr<Money> m = MoneyFromNanos(currency, nanos);
  if (m.ok()) {
    return *std::move(m);
  }
  return Money{
      currency,
      nanos < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max(), 0};
}

absl::int128 WholeUnits(int64_t units) { return absl::int128(units) * kNanosPerUnit; }

// "CNY 5000000.00": the amount to the cent (truncated), for reasons.
std::string Describe(const Money& m) {
  const absl::int128 cents = TotalNanos(m) / (kNanosPerUnit / 100);
  const absl::int128 abs_cents = cents < 0 ? -cents : cents;
  return absl::StrFormat("%s %s%d.%02d", m.currency_code, cents < 0 ? "-" : "",
                         static_cast<int64_t>(abs_cents / 100), static_cast<int>(abs_cents % 100));
}

bool AtLeastCny(const Money& m, int64_t whole_cny) {
  return m.currency_code == kThresholdCurrency && TotalNanos(m) >= WholeUnits(whole_cny);
}

}  // namespace

ValueSummary SummarizeContributions(const std::vector<MonthlyContribution>& contributions,
                                    absl::CivilDay today, const std::string& currency) {
  const absl::CivilMonth last = absl::CivilMonth(today);
  const absl::CivilMonth first = last - (kTrailingMonths - 1);
  absl::int128 interest = 0;
  absl::int128 fees = 0;
  absl::int128 deposits = 0;
  std::set<absl::CivilMonth> months;
  for (const MonthlyContribution& c : contributions) {
    const absl::CivilMonth month = absl::CivilMonth(c.month);
    if (month < first || month > last || !InCurrency(c.interest_income, currency) ||
        !InCurrency(c.fee_income, currency) || !InCurrency(c.average_deposits, currency)) {
      continue;
    }
    interest += TotalNanos(c.interest_income);
    fees += TotalNanos(c.fee_income);
    deposits += TotalNanos(c.average_deposits);
    months.insert(month);
  }
  ValueSummary summary;
  summary.months = static_cast<int>(months.size());
  summary.interest_income = MoneyOf(currency, interest);
  summary.fee_income = MoneyOf(currency, fees);
  summary.total_contribution = MoneyOf(currency, interest + fees);
  summary.average_deposits =
      MoneyOf(currency, summary.months == 0 ? absl::int128(0) : deposits / summary.months);
  return summary;
}

KeyCustomerDecision IdentifyKeyCustomer(const CustomerFacts& facts, const ValueSummary& value) {
  std::vector<std::string> reasons;
  if (facts.segment == Segment::kKey) {
    reasons.push_back("segment is KEY");
  }
  if (AtLeastCny(value.total_contribution, kKeyContributionMin)) {
    reasons.push_back(absl::StrCat("contribution over the last 12 months ",
                                   Describe(value.total_contribution), " is at least CNY ",
                                   kKeyContributionMin));
  }
  if (AtLeastCny(value.average_deposits, kKeyDepositsMin)) {
    reasons.push_back(absl::StrCat("average deposits ", Describe(value.average_deposits),
                                   " are at least CNY ", kKeyDepositsMin));
  }
  KeyCustomerDecision decision;
  decision.key_customer = !reasons.empty();
  decision.reason = absl::StrJoin(reasons, "; ");
  return decision;
}

std::vector<Recommendation> Recommend(const CustomerFacts& facts, const ValueSummary& value) {
  std::vector<Recommendation> out;
  if (facts.upstream_partners > 0 || facts.downstream_partners > 0) {
    out.push_back({"SUPPLY_CHAIN_FINANCE",
                   absl::StrCat(facts.upstream_partners, " upstream and ",
                                facts.downstream_partners, " downstream trade partners on file")});
  }
  const absl::int128 contribution = TotalNanos(value.total_contribution);
  const bool low_fee_share =
      value.months > 0 && contribution > 0 &&
      value.fee_income.currency_code == value.total_contribution.currency_code &&
      TotalNanos(value.fee_income) * 10 < contribution;
  if (AtLeastCny(value.average_deposits, kCashManagementDepositsMin)) {
    out.push_back(
        {"CASH_MANAGEMENT", absl::StrCat("average deposits ", Describe(value.average_deposits),
                                         " are at least CNY ", kCashManagementDepositsMin)});
  } else if (low_fee_share) {
    out.push_back({"CASH_MANAGEMENT",
                   absl::StrCat("fees ", Describe(value.fee_income), " are under 10% of the ",
                                Describe(value.total_contribution), " contribution")});
  }
  if (facts.subsidiaries > 0) {
    out.push_back(
        {"GROUP_CASH_POOLING", absl::StrCat(facts.subsidiaries, " subsidiaries on file")});
  }
  if (facts.employee_count >= kPayrollEmployeesMin) {
    out.push_back({"PAYROLL_SERVICES", absl::StrCat(facts.employee_count, " employees (at least ",
                                                    kPayrollEmployeesMin, ")")});
  }
  if (facts.has_projects) {
    out.push_back({"PROJECT_FINANCE_ADVISORY", "has projects on file"});
  }
  if (!facts.industry_code.empty() && facts.industry_code[0] == 'C') {
    out.push_back({"FX_HEDGING", absl::StrCat("manufacturer (industry ", facts.industry_code,
                                              ", GB/T 4754 section C)")});
  }
  return out;
}

}  // namespace ccrm::relationship
