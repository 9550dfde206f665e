#include "services/credit-rating/clients/customer_profile_client.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/server/peer_call.h"
#include "common/status/status_macros.h"

namespace ccrm::rating {
namespace {

namespace v1 = ::ccrm::customer::v1;

std::optional<Money> AmountOf(bool present, const common::v1::Money& m) {
  if (!present) {
    return std::nullopt;
  }
  return Money{m.currency_code(), m.units(), m.nanos()};
}

#define CCRM_LINE(section, message, field) \
  section.field = AmountOf(message.has_##field(), message.field())

Segment SegmentOf(v1::Segment segment) {
  switch (segment) {
    case v1::SEGMENT_KEY:
      return Segment::kKey;
    case v1::SEGMENT_SME:
      return Segment::kSme;
    case v1::SEGMENT_FIRST_TIME_BORROWER:
      return Segment::kFirstTimeBorrower;
    default:
      return Segment::kUnspecified;
  }
}

v1::Segment ToProtoSegment(Segment segment) {
  switch (segment) {
    case Segment::kKey:
      return v1::SEGMENT_KEY;
    case Segment::kSme:
      return v1::SEGMENT_SME;
    case Segment::kFirstTimeBorrower:
      return v1::SEGMENT_FIRST_TIME_BORROWER;
    default:
      return v1::SEGMENT_UNSPECIFIED;
  }
}

}  // namespace

CustomerRecord ToCustomerRecord(const v1::Customer& customer) {
  CustomerRecord record;
  record.customer_id = customer.customer_id();
  record.legal_name = customer.legal_name();
  record.unified_social_credit_code = customer.unified_social_credit_code();
  record.industry_code = customer.industry_code();
  record.segment = SegmentOf(customer.segment());
  record.archived = customer.archived();
  return record;
}

StatementFigures ToStatementFigures(const v1::FinancialStatement& statement) {
  StatementFigures s;
  s.statement_id = statement.statement_id();
  s.period_type = statement.period_type() == v1::PERIOD_TYPE_ANNUAL      ? PeriodType::kAnnual
                  : statement.period_type() == v1::PERIOD_TYPE_QUARTERLY ? PeriodType::kQuarterly
                                                                         : PeriodType::kUnspecified;
  s.fiscal_year = statement.fiscal_year();
  s.fiscal_quarter = statement.fiscal_quarter();
  s.period_end_date =
      absl::CivilDay(statement.period_end_date().year(), statement.period_end_date().month(),
                     statement.period_end_date().day());
  s.audited = statement.audited();
  s.currency_code = statement.currency_code();
  const v1::BalanceSheet& b = statement.balance_sheet();
  CCRM_LINE(s, b, cash);
  CCRM_LINE(s, b, accounts_receivable);
  CCRM_LINE(s, b, inventory);
  CCRM_LINE(s, b, current_assets);
  CCRM_LINE(s, b, total_assets);
  CCRM_LINE(s, b, short_term_debt);
  CCRM_LINE(s, b, current_liabilities);
  CCRM_LINE(s, b, long_term_debt);
  CCRM_LINE(s, b, total_liabilities);
  CCRM_LINE(s, b, total_equity);
  CCRM_LINE(s, b, retained_earnings);
  const v1::IncomeStatement& i = statement.income_statement();
  CCRM_LINE(s, i, revenue);
  CCRM_LINE(s, i, cost_of_sales);
  CCRM_LINE(s, i, operating_profit);
  CCRM_LINE(s, i, interest_expense);
  CCRM_LINE(s, i, ebit);
  CCRM_LINE(s, i, ebitda);
  CCRM_LINE(s, i, net_profit);
  const v1::CashFlowStatement& c = statement.cash_flow_statement();
  CCRM_LINE(s, c, operating_cash_flow);
  CCRM_LINE(s, c, investing_cash_flow);
  CCRM_LINE(s, c, financing_cash_flow);
  CCRM_LINE(s, c, debt_service);
  return s;
}

#undef CCRM_LINE

absl::StatusOr<CustomerRecord> CustomerProfileClient::GetCustomer(const CallIdentity& identity,
                                                                  const std::string& customer_id) {
  grpc::ClientContext context;
  RETURN_IF_ERROR(PreparePeerContext(context, identity, *clock_, timeout_));
  v1::GetCustomerRequest request;
  request.set_name(absl::StrCat("customers/", customer_id));
  v1::Customer response;
  grpc::Status status = stub_->GetCustomer(&context, request, &response);
  if (!status.ok()) {
    return PeerError("customer-profile", status);
  }
  return ToCustomerRecord(response);
}

absl::StatusOr<std::vector<StatementFigures>> CustomerProfileClient::ListStatements(
    const CallIdentity& identity, const std::string& customer_id) {
  std::vector<StatementFigures> statements;
  std::string page_token;
  do {
    grpc::ClientContext context;
    RETURN_IF_ERROR(PreparePeerContext(context, identity, *clock_, timeout_));
    v1::ListFinancialStatementsRequest request;
    request.set_parent(absl::StrCat("customers/", customer_id));
    request.set_page_size(100);
    request.set_page_token(page_token);
    v1::ListFinancialStatementsResponse response;
    grpc::Status status = stub_->ListFinancialStatements(&context, request, &response);
    if (!status.ok()) {
      return PeerError("customer-profile", status);
    }
    for (const v1::FinancialStatement& s : response.statements()) {
      statements.push_back(ToStatementFigures(s));
    }
    page_token = response.next_page_token();
  } while (!page_token.empty() && static_cast<int>(statements.size()) < max_statements_);
  return statements;
}

absl::StatusOr<CustomerPage> CustomerProfileClient::ListCustomers(const CallIdentity& identity,
                                                                  Segment segment,
                                                                  const std::string& page_token,
                                                                  int page_size) {
  grpc::ClientContext context;
  RETURN_IF_ERROR(PreparePeerContext(context, identity, *clock_, timeout_));
  v1::ListCustomersRequest request;
  request.set_segment(ToProtoSegment(segment));
  request.set_page_token(page_token);
  request.set_page_size(page_size);
  request.set_order_by("create_time");
  v1::ListCustomersResponse response;
  grpc::Status status = stub_->ListCustomers(&context, request, &response);
  if (!status.ok()) {
    return PeerError("customer-profile", status);
  }
  CustomerPage page;
  for (const v1::Customer& c : response.customers()) {
    page.customers.push_back(ToCustomerRecord(c));
  }
  page.next_page_token = response.next_page_token();
  return page;
}

}  // namespace ccrm::rating
