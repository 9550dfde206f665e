#include "services/customer-profile/domain/statement_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/ids/uuid.h"
#include "common/testing/status_matchers.h"
#include "tests/customer-profile/domain/service_test_env.h"

namespace ccrm::customer {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class StatementServiceTest : public ServiceTest {
 protected:
  // An audited annual statement for 2025 that balances: 200 = 120 + 80 (million CNY).
  static FinancialStatement AnnualDraft(const std::string& customer_id) {
    FinancialStatement s;
    s.customer_id = customer_id;
    s.period_type = PeriodType::kAnnual;
    s.fiscal_year = 2025;
    s.fiscal_quarter = 0;
    s.period_end_date = absl::CivilDay(2025, 12, 31);
    s.audited = true;
    s.currency_code = "CNY";
    BalanceSheet& b = s.balance_sheet;
    b.cash = Cny(12'000'000);
    b.current_assets = Cny(80'000'000);
    b.total_assets = Cny(200'000'000);
    b.current_liabilities = Cny(60'000'000);
    b.total_liabilities = Cny(120'000'000);
    b.total_equity = Cny(80'000'000);
    s.income_statement.revenue = Cny(150'000'000);
    s.income_statement.net_profit = Cny(-6'000'000, -500'000'000);
    s.cash_flow_statement.operating_cash_flow = Cny(3'000'000);
    return s;
  }

  static FinancialStatement QuarterlyDraft(const std::string& customer_id, int32_t year,
                                           int32_t quarter, absl::CivilDay end) {
    FinancialStatement s = AnnualDraft(customer_id);
    s.period_type = PeriodType::kQuarterly;
    s.fiscal_year = year;
    s.fiscal_quarter = quarter;
    s.period_end_date = end;
    s.audited = false;
    return s;
  }

  std::string MustSubmit(const FinancialStatement& draft) {
    absl::StatusOr<FinancialStatement> submitted = service_.Submit(manager_, draft, {});
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    clock_.Advance(absl::Seconds(1));
    return submitted.ok() ? submitted->statement_id : "";
  }

  static std::vector<std::string> Ids(const std::vector<FinancialStatement>& statements) {
    std::vector<std::string> ids;
    for (const FinancialStatement& s : statements) {
      ids.push_back(s.statement_id);
    }
    return ids;
  }

  InMemoryStatementRepository statements_{&customers_};
  StatementService service_{&statements_, &clock_};
};

TEST_F(StatementServiceTest, SubmitStoresAuditsAndRaisesAnEvent) {
  const std::string customer_id = NewCustomer(1);
  clock_.Advance(absl::Minutes(1));

  ASSERT_OK_AND_ASSIGN(FinancialStatement submitted,
                       service_.Submit(manager_, AnnualDraft(customer_id), {}));

  EXPECT_TRUE(IsUuid(submitted.statement_id));
  EXPECT_EQ(submitted.create_time, Start() + absl::Minutes(1));
  ASSERT_OK_AND_ASSIGN(FinancialStatement got,
                       service_.Get(auditor_, customer_id, submitted.statement_id));
  EXPECT_EQ(got.balance_sheet.total_assets, Cny(200'000'000));
  EXPECT_EQ(got.income_statement.net_profit, Cny(-6'000'000, -500'000'000));
  EXPECT_FALSE(got.income_statement.ebitda.has_value());

  const std::vector<AuditRecord> audits = AuditsOf("financial_statement.submit");
  ASSERT_THAT(audits, SizeIs(1));
  EXPECT_EQ(audits[0].resource, absl::StrCat("customers/", customer_id, "/financialStatements/",
                                             submitted.statement_id));
  const std::vector<events::OutboxEvent> events = customers_.outbox();
  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[1].event_type, kStatementSubmittedType);
  EXPECT_EQ(events[1].payload, submitted.statement_id);
}

TEST_F(StatementServiceTest, AnUnbalancedStatementIsRefusedOnTheBalancePath) {
  const std::string customer_id = NewCustomer(1);
  FinancialStatement draft = AnnualDraft(customer_id);
  draft.balance_sheet.total_equity = Cny(70'000'000);  // 200 != 120 + 70

  absl::StatusOr<FinancialStatement> submitted = service_.Submit(manager_, draft, {});

  EXPECT_THAT(submitted, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(submitted), ElementsAre("statement.balance_sheet.total_assets"));
  ASSERT_THAT(FieldViolationsOf(submitted.status()), SizeIs(1));
  EXPECT_THAT(FieldViolationsOf(submitted.status())[0].description, HasSubstr("difference"));
  ASSERT_OK_AND_ASSIGN(StatementList list,
                       service_.List(manager_, customer_id, PeriodType::kUnspecified, "", 0));
  EXPECT_THAT(list.statements, IsEmpty());
  EXPECT_THAT(AuditsOf("financial_statement.submit"), IsEmpty());

  // Within the tolerance (0.1 % of total assets = 200,000) it is accepted.
  draft.balance_sheet.total_equity = Cny(79'850'000);
  EXPECT_OK(service_.Submit(manager_, draft, {}).status());
}

TEST_F(StatementServiceTest, OtherInvalidStatementsAreRefused) {
  const std::string customer_id = NewCustomer(1);
  FinancialStatement future = AnnualDraft(customer_id);
  future.fiscal_year = 2026;
  future.period_end_date = absl::CivilDay(2026, 12, 31);
  absl::StatusOr<FinancialStatement> too_early = service_.Submit(manager_, future, {});
  EXPECT_THAT(too_early, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(too_early), ElementsAre("statement.period_end_date"));

  FinancialStatement no_equity = AnnualDraft(customer_id);
  no_equity.balance_sheet.total_equity.reset();
  absl::StatusOr<FinancialStatement> missing = service_.Submit(manager_, no_equity, {});
  EXPECT_THAT(ViolationFields(missing), Contains("statement.balance_sheet.total_equity"));

  FinancialStatement mixed = AnnualDraft(customer_id);
  mixed.balance_sheet.cash = Money{"USD", 1'000, 0};
  absl::StatusOr<FinancialStatement> currencies = service_.Submit(manager_, mixed, {});
  EXPECT_THAT(ViolationFields(currencies),
              ElementsAre("statement.balance_sheet.cash.currency_code"));
}

TEST_F(StatementServiceTest, ASecondStatementOfThePeriodAlreadyExists) {
  const std::string customer_id = NewCustomer(1);
  MustSubmit(AnnualDraft(customer_id));

  absl::StatusOr<FinancialStatement> again =
      service_.Submit(manager_, AnnualDraft(customer_id), {});
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ReasonOf(again), "STATEMENT_ALREADY_EXISTS");
  EXPECT_THAT(AuditsOf("financial_statement.submit"), SizeIs(1));

  // The management accounts of the same year, and its fourth quarter, are other statements.
  FinancialStatement unaudited = AnnualDraft(customer_id);
  unaudited.audited = false;
  EXPECT_OK(service_.Submit(manager_, unaudited, {}).status());
  EXPECT_OK(
      service_
          .Submit(manager_, QuarterlyDraft(customer_id, 2025, 4, absl::CivilDay(2025, 12, 31)), {})
          .status());
  // So is the same period of another customer.
  EXPECT_OK(service_.Submit(manager_, AnnualDraft(NewCustomer(2)), {}).status());
}

TEST_F(StatementServiceTest, SubmitNeedsAnExistingUnarchivedCustomer) {
  absl::StatusOr<FinancialStatement> orphan = service_.Submit(manager_, AnnualDraft("nobody"), {});
  EXPECT_THAT(orphan, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(orphan), "CUSTOMER_NOT_FOUND");

  const std::string customer_id = NewCustomer(1);
  ASSERT_OK(customer_service_.Archive(manager_, customer_id, "", "duplicate").status());
  absl::StatusOr<FinancialStatement> archived =
      service_.Submit(manager_, AnnualDraft(customer_id), {});
  EXPECT_THAT(archived, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ReasonOf(archived), "CUSTOMER_ARCHIVED");
}

TEST_F(StatementServiceTest, SubmitIsIdempotentPerRequestId) {
  const std::string customer_id = NewCustomer(1);
  ASSERT_OK_AND_ASSIGN(FinancialStatement first,
                       service_.Submit(manager_, AnnualDraft(customer_id), {"s-1", "fp"}));
  // A replay is not a duplicate period: it returns the first statement.
  ASSERT_OK_AND_ASSIGN(FinancialStatement replay,
                       service_.Submit(manager_, AnnualDraft(customer_id), {"s-1", "fp"}));
  EXPECT_EQ(replay.statement_id, first.statement_id);
  absl::StatusOr<FinancialStatement> reused =
      service_.Submit(manager_, AnnualDraft(customer_id), {"s-1", "other"});
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
  EXPECT_THAT(customers_.outbox(), SizeIs(2));
}

TEST_F(StatementServiceTest, GetUnknownOrForeignStatementIsNotFound) {
  const std::string customer_id = NewCustomer(1);
  const std::string other = NewCustomer(2);
  const std::string id = MustSubmit(AnnualDraft(customer_id));

  absl::StatusOr<FinancialStatement> unknown = service_.Get(manager_, customer_id, "nothing");
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(unknown), "STATEMENT_NOT_FOUND");
  absl::StatusOr<FinancialStatement> foreign = service_.Get(manager_, other, id);
  EXPECT_THAT(foreign, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ReasonOf(foreign), "STATEMENT_NOT_FOUND");
}

TEST_F(StatementServiceTest, ListNewestPeriodFirstWithFilterAndPages) {
  const std::string customer_id = NewCustomer(1);
  FinancialStatement fy2024 = AnnualDraft(customer_id);
  fy2024.fiscal_year = 2024;
  fy2024.period_end_date = absl::CivilDay(2024, 12, 31);
  const std::string annual_2024 = MustSubmit(fy2024);
  const std::string q3 =
      MustSubmit(QuarterlyDraft(customer_id, 2025, 3, absl::CivilDay(2025, 9, 30)));
  const std::string annual_2025 = MustSubmit(AnnualDraft(customer_id));
  const std::string q1 =
      MustSubmit(QuarterlyDraft(customer_id, 2025, 1, absl::CivilDay(2025, 3, 31)));

  ASSERT_OK_AND_ASSIGN(StatementList all,
                       service_.List(manager_, customer_id, PeriodType::kUnspecified, "", 0));
  EXPECT_THAT(Ids(all.statements), ElementsAre(annual_2025, q3, q1, annual_2024));

  ASSERT_OK_AND_ASSIGN(StatementList quarterly,
                       service_.List(manager_, customer_id, PeriodType::kQuarterly, "", 0));
  EXPECT_THAT(Ids(quarterly.statements), ElementsAre(q3, q1));

  std::vector<std::string> paged;
  std::string token;
  for (int pages = 0; pages < 10; ++pages) {
    ASSERT_OK_AND_ASSIGN(StatementList page,
                         service_.List(manager_, customer_id, PeriodType::kUnspecified, token, 3));
    for (const std::string& id : Ids(page.statements)) {
      paged.push_back(id);
    }
    token = page.next_page_token;
    if (token.empty()) {
      break;
    }
  }
  EXPECT_THAT(paged, ElementsAre(annual_2025, q3, q1, annual_2024));

  ASSERT_OK_AND_ASSIGN(StatementList first,
                       service_.List(manager_, customer_id, PeriodType::kUnspecified, "", 1));
  absl::StatusOr<StatementList> other_filter =
      service_.List(manager_, customer_id, PeriodType::kAnnual, first.next_page_token, 1);
  EXPECT_THAT(other_filter, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolationFields(other_filter), ElementsAre("page_token"));
}

}  // namespace
}  // namespace ccrm::customer
