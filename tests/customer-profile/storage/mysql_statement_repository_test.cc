#include "services/customer-profile/storage/mysql_statement_repository.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "services/customer-profile/storage/mysql_customer_repository.h"
#include "tests/customer-profile/storage/storage_test_base.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

class MySqlStatementRepositoryTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    customers_ = std::make_unique<MySqlCustomerRepository>(&pool(), &cipher(), &encoder());
    statements_ = std::make_unique<MySqlStatementRepository>(&pool(), &encoder());
    ASSERT_OK(customers_->Create(SampleCustomer(1), Key("", ""), Write(0)).status());
  }

  // Every line item set to a distinct amount.
  static FinancialStatement Annual(int year, bool audited) {
    FinancialStatement s;
    s.customer_id = SampleCustomer(1).customer_id;
    s.period_type = PeriodType::kAnnual;
    s.fiscal_year = year;
    s.fiscal_quarter = 0;
    s.period_end_date = absl::CivilDay(year, 12, 31);
    s.audited = audited;
    s.currency_code = "CNY";
    int64_t n = 1;
    BalanceSheet& b = s.balance_sheet;
    for (std::optional<Money>* item : {&b.cash,
                                       &b.accounts_receivable,
                                       &b.inventory,
                                       &b.current_assets,
                                       &b.total_assets,
                                       &b.short_term_debt,
                                       &b.current_liabilities,
                                       &b.long_term_debt,
                                       &b.total_liabilities,
                                       &b.total_equity,
                                       &b.retained_earnings,
                                       &s.income_statement.revenue,
                                       &s.income_statement.cost_of_sales,
                                       &s.income_statement.operating_profit,
                                       &s.income_statement.interest_expense,
                                       &s.income_statement.ebit,
                                       &s.income_statement.ebitda,
                                       &s.income_statement.net_profit,
                                       &s.cash_flow_statement.operating_cash_flow,
                                       &s.cash_flow_statement.investing_cash_flow,
                                       &s.cash_flow_statement.financing_cash_flow,
                                       &s.cash_flow_statement.debt_service}) {
      *item = Cny(1'000'000 * n, static_cast<int32_t>(n * 1000));
      ++n;
    }
    s.cash_flow_statement.investing_cash_flow = Cny(-52'000'000, -250'000'000);
    return s;
  }

  static FinancialStatement Quarterly(int year, int quarter) {
    FinancialStatement s = Annual(year, false);
    s.period_type = PeriodType::kQuarterly;
    s.fiscal_quarter = quarter;
    s.period_end_date = absl::CivilDay(year, quarter * 3, quarter == 1 || quarter == 4 ? 31 : 30);
    s.income_statement.ebitda = std::nullopt;
    return s;
  }

  std::unique_ptr<MySqlCustomerRepository> customers_;
  std::unique_ptr<MySqlStatementRepository> statements_;
};

void ExpectSameStatement(const FinancialStatement& a, const FinancialStatement& b) {
  EXPECT_EQ(a.statement_id, b.statement_id);
  EXPECT_EQ(a.customer_id, b.customer_id);
  EXPECT_EQ(a.period_type, b.period_type);
  EXPECT_EQ(a.fiscal_year, b.fiscal_year);
  EXPECT_EQ(a.fiscal_quarter, b.fiscal_quarter);
  EXPECT_EQ(a.period_end_date, b.period_end_date);
  EXPECT_EQ(a.audited, b.audited);
  EXPECT_EQ(a.currency_code, b.currency_code);
  const BalanceSheet& x = a.balance_sheet;
  const BalanceSheet& y = b.balance_sheet;
  EXPECT_EQ(x.cash, y.cash);
  EXPECT_EQ(x.accounts_receivable, y.accounts_receivable);
  EXPECT_EQ(x.inventory, y.inventory);
  EXPECT_EQ(x.current_assets, y.current_assets);
  EXPECT_EQ(x.total_assets, y.total_assets);
  EXPECT_EQ(x.short_term_debt, y.short_term_debt);
  EXPECT_EQ(x.current_liabilities, y.current_liabilities);
  EXPECT_EQ(x.long_term_debt, y.long_term_debt);
  EXPECT_EQ(x.total_liabilities, y.total_liabilities);
  EXPECT_EQ(x.total_equity, y.total_equity);
  EXPECT_EQ(x.retained_earnings, y.retained_earnings);
  const IncomeStatement& i = a.income_statement;
  const IncomeStatement& j = b.income_statement;
  EXPECT_EQ(i.revenue, j.revenue);
  EXPECT_EQ(i.cost_of_sales, j.cost_of_sales);
  EXPECT_EQ(i.operating_profit, j.operating_profit);
  EXPECT_EQ(i.interest_expense, j.interest_expense);
  EXPECT_EQ(i.ebit, j.ebit);
  EXPECT_EQ(i.ebitda, j.ebitda);
  EXPECT_EQ(i.net_profit, j.net_profit);
  const CashFlowStatement& c = a.cash_flow_statement;
  const CashFlowStatement& d = b.cash_flow_statement;
  EXPECT_EQ(c.operating_cash_flow, d.operating_cash_flow);
  EXPECT_EQ(c.investing_cash_flow, d.investing_cash_flow);
  EXPECT_EQ(c.financing_cash_flow, d.financing_cash_flow);
  EXPECT_EQ(c.debt_service, d.debt_service);
  EXPECT_EQ(a.create_time, b.create_time);
}

TEST_F(MySqlStatementRepositoryTest, SubmitGetRoundTripsEveryLineItem) {
  ASSERT_OK_AND_ASSIGN(FinancialStatement submitted,
                       statements_->Submit(Annual(2024, true), Key("", ""), Write(1)));
  EXPECT_FALSE(submitted.statement_id.empty());
  EXPECT_EQ(submitted.create_time, Micros(At(1)));
  ASSERT_OK_AND_ASSIGN(FinancialStatement got,
                       statements_->Get(submitted.customer_id, submitted.statement_id));
  ExpectSameStatement(got, submitted);
  EXPECT_EQ(got.cash_flow_statement.investing_cash_flow, Cny(-52'000'000, -250'000'000));

  ASSERT_OK_AND_ASSIGN(FinancialStatement quarter,
                       statements_->Submit(Quarterly(2025, 2), Key("", ""), Write(2)));
  ASSERT_OK_AND_ASSIGN(got, statements_->Get(quarter.customer_id, quarter.statement_id));
  ExpectSameStatement(got, quarter);
  EXPECT_EQ(got.income_statement.ebitda, std::nullopt);

  EXPECT_EQ(QueryString("SELECT CONCAT(event_type, ' ', payload) FROM outbox_events "
                        "ORDER BY sequence DESC LIMIT 1"),
            absl::StrCat(kStatementSubmittedType, " ", quarter.statement_id));
  AuditQuery q;
  q.action = "financial_statement.submit";
  ASSERT_OK_AND_ASSIGN(Page<AuditRecord> audit, customers_->ListAudit(q));
  EXPECT_EQ(audit.items.size(), 2u);
}

TEST_F(MySqlStatementRepositoryTest, SecondStatementForThePeriodIsAlreadyExists) {
  ASSERT_OK(statements_->Submit(Annual(2024, false), Key("", ""), Write(1)).status());
  const int64_t events = Count("outbox_events");
  const int64_t audits = Count("audit_records");
  absl::StatusOr<FinancialStatement> again =
      statements_->Submit(Annual(2024, false), Key("", ""), Write(2));
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("2024")));
  EXPECT_EQ(ErrorReason(again.status()), "STATEMENT_ALREADY_EXISTS");
  EXPECT_EQ(Count("financial_statements"), 1);
  EXPECT_EQ(Count("outbox_events"), events);
  EXPECT_EQ(Count("audit_records"), audits);
  // The audited statement of the same period is another statement.
  EXPECT_OK(statements_->Submit(Annual(2024, true), Key("", ""), Write(3)).status());
}

TEST_F(MySqlStatementRepositoryTest, NotFoundParentChecksAndUnstorableInput) {
  absl::StatusOr<FinancialStatement> missing =
      statements_->Get(SampleCustomer(1).customer_id, "nope");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(missing.status()), "STATEMENT_NOT_FOUND");

  FinancialStatement orphan = Annual(2024, true);
  orphan.customer_id = SampleCustomer(4).customer_id;
  EXPECT_EQ(ErrorReason(statements_->Submit(orphan, Key("", ""), Write(1)).status()),
            "CUSTOMER_NOT_FOUND");

  FinancialStatement mixed = Annual(2024, true);
  mixed.balance_sheet.cash = Money{"USD", 1, 0};
  EXPECT_THAT(statements_->Submit(mixed, Key("", ""), Write(1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cash")));

  ASSERT_OK(customers_
                ->Update(
                    SampleCustomer(1).customer_id, std::nullopt,
                    [](Customer& c) -> absl::StatusOr<CustomerChange> {
                      c.archived = true;
                      return CustomerChange{"customer.archive", {"archived"}};
                    },
                    Write(2))
                .status());
  absl::StatusOr<FinancialStatement> archived =
      statements_->Submit(Annual(2024, true), Key("", ""), Write(3));
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(archived.status()), "CUSTOMER_ARCHIVED");
}

TEST_F(MySqlStatementRepositoryTest, ListIsNewestPeriodFirstFilteredAndPaged) {
  std::vector<FinancialStatement> all;
  for (const FinancialStatement& s : {Annual(2022, true), Annual(2023, true), Annual(2023, false),
                                      Quarterly(2024, 1), Quarterly(2024, 2), Quarterly(2024, 3)}) {
    ASSERT_OK_AND_ASSIGN(FinancialStatement stored,
                         statements_->Submit(s, Key("", ""), Write(static_cast<int>(all.size()))));
    all.push_back(stored);
  }
  const std::string customer = SampleCustomer(1).customer_id;
  PageQuery page;
  page.page_size = 4;
  ASSERT_OK_AND_ASSIGN(Page<FinancialStatement> first,
                       statements_->List(customer, PeriodType::kUnspecified, page));
  ASSERT_EQ(first.items.size(), 4u);
  EXPECT_EQ(first.items[0].statement_id, all[5].statement_id);  // 2024 Q3
  EXPECT_EQ(first.items[1].statement_id, all[4].statement_id);
  EXPECT_EQ(first.items[2].statement_id, all[3].statement_id);
  EXPECT_EQ(first.items[3].statement_id, all[2].statement_id);  // 2023, submitted later
  page.after_key = first.next_key;
  ASSERT_OK_AND_ASSIGN(Page<FinancialStatement> second,
                       statements_->List(customer, PeriodType::kUnspecified, page));
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].statement_id, all[1].statement_id);
  EXPECT_EQ(second.items[1].statement_id, all[0].statement_id);
  EXPECT_TRUE(second.next_key.empty());

  ASSERT_OK_AND_ASSIGN(Page<FinancialStatement> annual,
                       statements_->List(customer, PeriodType::kAnnual, PageQuery{}));
  ASSERT_EQ(annual.items.size(), 3u);
  for (const FinancialStatement& s : annual.items) {
    EXPECT_EQ(s.period_type, PeriodType::kAnnual);
  }
  PageQuery bad;
  bad.after_key = {"yesterday", "x"};
  EXPECT_THAT(statements_->List(customer, PeriodType::kAnnual, bad),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(MySqlStatementRepositoryTest, SubmitIsIdempotentPerRequestId) {
  ASSERT_OK_AND_ASSIGN(FinancialStatement first,
                       statements_->Submit(Annual(2024, true), Key("s-1", "fp"), Write(1)));
  ASSERT_OK_AND_ASSIGN(FinancialStatement again,
                       statements_->Submit(Annual(2024, true), Key("s-1", "fp"), Write(2)));
  EXPECT_EQ(again.statement_id, first.statement_id);
  EXPECT_EQ(Count("financial_statements"), 1);
  EXPECT_EQ(Count("outbox_events"), 2);  // customer created + one submission
}

}  // namespace
}  // namespace ccrm::customer
