#include "tests/customer-profile/integration/sample_data.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/customer-profile/domain/personal_identifiers.h"
#include "services/customer-profile/domain/uscc.h"

namespace ccrm::customer::itest {
namespace {

std::atomic<int> serial{1};

constexpr int64_t kMillion = 1'000'000;

// Test data must be valid; a helper that cannot make it stops the test binary loudly.
char CheckedCharacter(const absl::StatusOr<char>& c, const std::string& what) {
  if (!c.ok()) {
    std::fprintf(stderr, "sample_data: cannot compute the check character of %s: %s\n",
                 what.c_str(), c.status().ToString().c_str());
    std::abort();
  }
  return *c;
}

}  // namespace

std::string UsccFor(int64_t n) {
  const std::string first17 = absl::StrFormat("91350100%09d", n % 1000000000);
  return first17 + CheckedCharacter(UsccCheckCharacter(first17), first17);
}

std::string NextUscc() { return UsccFor(NextSerial()); }

std::string ResidentIdNumber(int n) {
  const std::string first17 = absl::StrFormat("11010519800101%03d", n % 1000);
  return first17 + CheckedCharacter(ResidentIdCheckCharacter(first17), first17);
}

std::string MobileNumber(int n) { return absl::StrFormat("139%08d", n % 100000000); }

std::string AccountNumber(int64_t n) { return absl::StrFormat("6222%012d", n % 1000000000000LL); }

int NextSerial() { return serial.fetch_add(1); }

ccrm::common::v1::Money Cny(int64_t units) {
  ccrm::common::v1::Money m;
  m.set_currency_code("CNY");
  m.set_units(units);
  return m;
}

ccrm::common::v1::Date Day(int year, int month, int day) {
  ccrm::common::v1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

v1::Customer KeyEnterprise(const std::string& legal_name) {
  const int n = NextSerial();
  v1::Customer c;
  c.set_kind(v1::CUSTOMER_KIND_ENTERPRISE);
  c.set_unified_social_credit_code(UsccFor(n));
  c.set_legal_name(legal_name);
  c.set_legal_representative("张三");
  c.set_legal_representative_id_number(ResidentIdNumber(n));
  c.set_contact_phone(MobileNumber(n));
  c.set_settlement_account_number(AccountNumber(n));
  *c.mutable_registered_capital() = Cny(50'000'000);
  c.set_business_scope("钢结构工程施工；建筑材料销售");
  c.set_industry_code("C3011");
  c.set_registered_address("福建省福州市鼓楼区五四路1号");
  *c.mutable_established_date() = Day(2005, 5, 1);
  *c.mutable_annual_revenue() = Cny(500'000'000);
  *c.mutable_total_assets() = Cny(1'200'000'000);
  c.set_employee_count(800);
  c.set_has_prior_credit(true);
  c.set_credit_grade("AA");
  *c.mutable_relationship_start_date() = Day(2010, 1, 1);
  c.set_relationship_manager_id("rm-1");
  return c;
}

v1::Customer SmeEnterprise(const std::string& legal_name) {
  v1::Customer c = KeyEnterprise(legal_name);
  c.set_industry_code("F5124");
  *c.mutable_annual_revenue() = Cny(50'000'000);
  *c.mutable_total_assets() = Cny(30'000'000);
  c.set_employee_count(100);
  c.set_has_prior_credit(true);
  c.set_credit_grade("BBB");
  c.clear_relationship_start_date();
  return c;
}

v1::Customer FirstTimeBorrower(const std::string& legal_name) {
  v1::Customer c = KeyEnterprise(legal_name);
  c.set_industry_code("C3012");
  *c.mutable_annual_revenue() = Cny(10'000'000);
  *c.mutable_total_assets() = Cny(8'000'000);
  c.set_employee_count(20);
  c.set_has_prior_credit(false);
  c.clear_credit_grade();
  c.clear_relationship_start_date();
  return c;
}

std::string ExpectedMaskedIdNumber(const std::string& id_number) {
  return id_number.substr(0, 3) + std::string(id_number.size() - 7, '*') +
         id_number.substr(id_number.size() - 4);
}

std::string ExpectedMaskedMobile(const std::string& mobile) {
  return mobile.substr(0, 3) + "****" + mobile.substr(7);
}

std::string ExpectedMaskedAccount(const std::string& account) {
  return std::string(account.size() - 4, '*') + account.substr(account.size() - 4);
}

v1::FinancialStatement SoundAnnualStatement(int year, int64_t revenue_millions,
                                            int64_t interest_millions) {
  v1::FinancialStatement s;
  s.set_period_type(v1::PERIOD_TYPE_ANNUAL);
  s.set_fiscal_year(year);
  *s.mutable_period_end_date() = Day(year, 12, 31);
  s.set_audited(true);
  s.set_currency_code("CNY");
  v1::BalanceSheet& b = *s.mutable_balance_sheet();
  *b.mutable_cash() = Cny(120 * kMillion);
  *b.mutable_accounts_receivable() = Cny(150 * kMillion);
  *b.mutable_inventory() = Cny(100 * kMillion);
  *b.mutable_current_assets() = Cny(400 * kMillion);
  *b.mutable_total_assets() = Cny(1000 * kMillion);
  *b.mutable_short_term_debt() = Cny(100 * kMillion);
  *b.mutable_current_liabilities() = Cny(250 * kMillion);
  *b.mutable_long_term_debt() = Cny(200 * kMillion);
  *b.mutable_total_liabilities() = Cny(500 * kMillion);
  *b.mutable_total_equity() = Cny(500 * kMillion);
  *b.mutable_retained_earnings() = Cny(200 * kMillion);
  v1::IncomeStatement& i = *s.mutable_income_statement();
  *i.mutable_revenue() = Cny(revenue_millions * kMillion);
  *i.mutable_cost_of_sales() = Cny(revenue_millions * kMillion * 7 / 10);
  *i.mutable_operating_profit() = Cny(revenue_millions * kMillion / 10);
  *i.mutable_interest_expense() = Cny(interest_millions * kMillion);
  *i.mutable_ebit() = Cny(revenue_millions * kMillion / 10);
  *i.mutable_ebitda() = Cny(revenue_millions * kMillion / 8);
  *i.mutable_net_profit() = Cny(revenue_millions * kMillion / 16);
  v1::CashFlowStatement& c = *s.mutable_cash_flow_statement();
  *c.mutable_operating_cash_flow() = Cny(90 * kMillion);
  *c.mutable_investing_cash_flow() = Cny(-40 * kMillion);
  *c.mutable_financing_cash_flow() = Cny(-20 * kMillion);
  *c.mutable_debt_service() = Cny(45 * kMillion);
  return s;
}

}  // namespace ccrm::customer::itest
