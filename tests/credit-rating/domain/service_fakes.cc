#include "tests/credit-rating/domain/service_fakes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "common/status/errors.h"

namespace ccrm::rating {
namespace {

Money Wan(int64_t ten_thousands) { return Money{"CNY", ten_thousands * 10'000, 0}; }

std::string RatingSubject(const Rating& rating) {
  return absl::StrCat("customers/", rating.customer_id, "/ratings/", rating.rating_id);
}

absl::Status UnknownCustomer(const std::string& customer_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("customer ", customer_id, " does not exist")),
                    "CUSTOMER_NOT_FOUND");
}

StatementFigures AnnualStatement(int year) {
  StatementFigures s;
  s.statement_id = absl::StrCat("fs-", year);
  s.period_type = PeriodType::kAnnual;
  s.fiscal_year = year;
  s.period_end_date = absl::CivilDay(year, 12, 31);
  s.audited = true;
  s.currency_code = "CNY";
  return s;
}

}  // namespace

// ---- FakeCustomerDirectory ----

void FakeCustomerDirectory::AddCustomer(const CustomerRecord& customer,
                                        std::vector<StatementFigures> statements) {
  absl::MutexLock lock(&mu_);
  customers_[customer.customer_id] = customer;
  statements_[customer.customer_id] = std::move(statements);
}

void FakeCustomerDirectory::FailEveryCall(absl::Status status) {
  absl::MutexLock lock(&mu_);
  fail_every_call_ = std::move(status);
}

void FakeCustomerDirectory::FailCustomer(const std::string& customer_id, absl::Status status) {
  absl::MutexLock lock(&mu_);
  customer_failures_[customer_id] = std::move(status);
}

int FakeCustomerDirectory::calls() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(identities_.size());
}

int FakeCustomerDirectory::GetCustomerCalls(const std::string& customer_id) const {
  absl::MutexLock lock(&mu_);
  auto it = get_customer_calls_.find(customer_id);
  return it == get_customer_calls_.end() ? 0 : it->second;
}

std::vector<CallIdentity> FakeCustomerDirectory::identities() const {
  absl::MutexLock lock(&mu_);
  return identities_;
}

std::vector<std::string> FakeCustomerDirectory::listed_page_tokens() const {
  absl::MutexLock lock(&mu_);
  return listed_page_tokens_;
}

absl::Status FakeCustomerDirectory::RecordCallLocked(const CallIdentity& identity,
                                                     const std::string& customer_id) {
  identities_.push_back(identity);
  if (!fail_every_call_.ok()) {
    return fail_every_call_;
  }
  if (auto it = customer_failures_.find(customer_id); it != customer_failures_.end()) {
    return it->second;
  }
  return absl::OkStatus();
}

absl::StatusOr<CustomerRecord> FakeCustomerDirectory::GetCustomer(const CallIdentity& identity,
                                                                  const std::string& customer_id) {
  absl::MutexLock lock(&mu_);
  ++get_customer_calls_[customer_id];
  if (absl::Status s = RecordCallLocked(identity, customer_id); !s.ok()) {
    return s;
  }
  auto it = customers_.find(customer_id);
  if (it == customers_.end()) {
    return UnknownCustomer(customer_id);
  }
  return it->second;
}

absl::StatusOr<std::vector<StatementFigures>> FakeCustomerDirectory::ListStatements(
    const CallIdentity& identity, const std::string& customer_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = RecordCallLocked(identity, customer_id); !s.ok()) {
    return s;
  }
  auto it = statements_.find(customer_id);
  if (it == statements_.end()) {
    return UnknownCustomer(customer_id);
  }
  std::vector<StatementFigures> statements = it->second;
  std::sort(statements.begin(), statements.end(),
            [](const StatementFigures& a, const StatementFigures& b) {
              return a.period_end_date > b.period_end_date;
            });
  return statements;
}

absl::StatusOr<CustomerPage> FakeCustomerDirectory::ListCustomers(const CallIdentity& identity,
                                                                  Segment segment,
                                                                  const std::string& page_token,
                                                                  int page_size) {
  absl::MutexLock lock(&mu_);
  listed_page_tokens_.push_back(page_token);
  if (absl::Status s = RecordCallLocked(identity, ""); !s.ok()) {
    return s;
  }
  const size_t limit = page_size > 0 ? static_cast<size_t>(page_size) : 50;
  CustomerPage page;
  for (auto it = customers_.upper_bound(page_token); it != customers_.end(); ++it) {
    const CustomerRecord& c = it->second;
    if (c.archived || (segment != Segment::kUnspecified && c.segment != segment)) {
      continue;
    }
    if (page.customers.size() == limit) {
      page.next_page_token = page.customers.back().customer_id;
      break;
    }
    page.customers.push_back(c);
  }
  return page;
}

// ---- FakeCreditBureau ----

void FakeCreditBureau::SetReport(const std::string& unified_social_credit_code,
                                 const BureauReport& report) {
  absl::MutexLock lock(&mu_);
  reports_[unified_social_credit_code] = report;
}

void FakeCreditBureau::FailEveryCall(absl::Status status) {
  absl::MutexLock lock(&mu_);
  fail_every_call_ = std::move(status);
}

int FakeCreditBureau::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

absl::StatusOr<std::optional<BureauReport>> FakeCreditBureau::Fetch(const BureauSubject& subject) {
  absl::MutexLock lock(&mu_);
  ++calls_;
  if (!fail_every_call_.ok()) {
    return fail_every_call_;
  }
  auto it = reports_.find(subject.unified_social_credit_code);
  if (it == reports_.end()) {
    return std::optional<BureauReport>();
  }
  return std::optional<BureauReport>(it->second);
}

// ---- FakeRatingEventEncoder ----

events::OutboxEvent FakeRatingEventEncoder::RatingApproved(const Rating& rating,
                                                           const std::optional<Rating>& previous,
                                                           const WriteContext& write) const {
  events::OutboxEvent e;
  e.event_type = "RatingApproved";
  e.subject = RatingSubject(rating);
  e.request_id = write.request_id;
  e.payload = absl::StrCat("grade=", GradeName(rating.final_grade),
                           " previous=", previous.has_value() ? previous->rating_id : "none");
  e.occur_time = write.now;
  return e;
}

events::OutboxEvent FakeRatingEventEncoder::RatingDowngraded(const Rating& rating,
                                                             const Rating& previous, int notches,
                                                             const WriteContext& write) const {
  events::OutboxEvent e;
  e.event_type = "RatingDowngraded";
  e.subject = RatingSubject(rating);
  e.request_id = write.request_id;
  e.payload = absl::StrCat("from=", GradeName(previous.final_grade),
                           " to=", GradeName(rating.final_grade), " notches=", notches);
  e.occur_time = write.now;
  return e;
}

// ---- Sample data ----

absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), absl::UTCTimeZone());
}

CustomerRecord SampleCustomer(const std::string& customer_id, Segment segment) {
  CustomerRecord c;
  c.customer_id = customer_id;
  c.legal_name = absl::StrCat("Customer ", customer_id, " Building Materials Co., Ltd.");
  c.unified_social_credit_code = absl::StrCat("91310000USCC-", customer_id);
  c.industry_code = "C3021";
  c.segment = segment;
  return c;
}

std::vector<StatementFigures> SampleStatements(int latest_year) {
  // Figures in 万元 (10,000 yuan) of a private building-materials maker (BBB/BB territory with
  // the default model).
  StatementFigures s = AnnualStatement(latest_year);
  s.cash = Wan(4'000);
  s.accounts_receivable = Wan(8'000);
  s.inventory = Wan(9'000);
  s.current_assets = Wan(26'000);
  s.total_assets = Wan(60'000);
  s.short_term_debt = Wan(12'000);
  s.current_liabilities = Wan(21'000);
  s.long_term_debt = Wan(12'000);
  s.total_liabilities = Wan(36'000);
  s.total_equity = Wan(24'000);
  s.retained_earnings = Wan(9'000);
  s.revenue = Wan(52'000);
  s.cost_of_sales = Wan(42'000);
  s.operating_profit = Wan(3'900);
  s.interest_expense = Wan(1'300);
  s.ebit = Wan(3'900);
  s.ebitda = Wan(5'400);
  s.net_profit = Wan(2'100);
  s.operating_cash_flow = Wan(4'500);
  s.debt_service = Wan(3'500);
  StatementFigures prior = AnnualStatement(latest_year - 1);
  prior.revenue = Wan(49'000);
  prior.total_assets = Wan(57'000);
  return {s, prior};
}

QualitativeInputs SampleQualitative() {
  QualitativeInputs q;
  q.management_quality = Assessment::kAdequate;
  q.market_position = Assessment::kGood;
  q.industry_outlook = Assessment::kAdequate;
  q.guarantee_strength = Assessment::kWeak;
  return q;
}

RateRequest SampleRateRequest(const std::string& customer_id) {
  RateRequest request;
  request.customer_id = customer_id;
  request.qualitative = SampleQualitative();
  return request;
}

BureauReport DefaultingBureauReport() {
  BureauReport b;
  b.source = "file";
  b.report_id = "pboc-2025-0999";
  b.report_date = absl::CivilDay(2025, 6, 1);
  b.max_days_overdue_24m = 120;
  b.current_overdue_amount = Wan(800);
  b.guarantees_given = Wan(0);
  b.open_lawsuits = 1;
  b.other_bank_loans = Wan(5'000);
  return b;
}

Caller Analyst(const std::string& request_id) {
  return Caller{Principal{"analyst-7", {roles::kCreditAnalyst}}, request_id, "Bearer analyst-token",
                Utc(2025, 6, 30, 10, 5)};
}

Caller Approver(const std::string& subject, const std::string& request_id) {
  return Caller{Principal{subject, {roles::kCreditApprover}}, request_id, "Bearer approver-token",
                absl::InfiniteFuture()};
}

Caller RiskOfficer() {
  return Caller{Principal{"risk-officer-1", {roles::kRiskOfficer}}, "req-job",
                "Bearer officer-token", absl::InfiniteFuture()};
}

RatingTestBed::RatingTestBed() {
  const absl::Status seeded = models.SeedDefaultModel();
  EXPECT_TRUE(seeded.ok()) << seeded;
}

}  // namespace ccrm::rating
