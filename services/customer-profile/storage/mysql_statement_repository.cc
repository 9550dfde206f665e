#include "services/customer-profile/storage/mysql_statement_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/statement_line_items.h"
#include "services/customer-profile/storage/child_queries.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "services/customer-profile/storage/keyset_page.h"
#include "services/customer-profile/storage/money_columns.h"
#include "common/mysql/query_params.h"
#include "services/customer-profile/storage/row_values.h"
#include "services/customer-profile/storage/write_trail.h"

namespace ccrm::customer {
namespace {

constexpr char kCollection[] = "financialStatements";

const std::vector<std::string>& ColumnNames() {
  static const auto* names = [] {
    auto* out = new std::vector<std::string>{"statement_id", "customer_id",    "period_type",
                                             "fiscal_year",  "fiscal_quarter", "period_end_date",
                                             "audited",      "currency_code"};
    FinancialStatement probe;
    for (const auto& item : LineItemsOf(probe)) {
      out->push_back(item.name);
    }
    out->push_back("create_time");
    return out;
  }();
  return *names;
}

const std::string& Columns() {
  static const auto* columns = new std::string(absl::StrJoin(ColumnNames(), ", "));
  return *columns;
}

absl::StatusOr<FinancialStatement> ReadStatement(sql::ResultSet& rs) {
  FinancialStatement s;
  s.statement_id = rs.getString("statement_id").asStdString();
  s.customer_id = rs.getString("customer_id").asStdString();
  s.period_type = static_cast<PeriodType>(rs.getInt("period_type"));
  s.fiscal_year = rs.getInt("fiscal_year");
  s.fiscal_quarter = rs.getInt("fiscal_quarter");
  s.period_end_date = mysql::GetOptionalDate(rs, "period_end_date");
  s.audited = rs.getBoolean("audited");
  s.currency_code = rs.getString("currency_code").asStdString();
  for (const auto& item : LineItemsOf(s)) {
    ASSIGN_OR_RETURN(*item.amount, ReadAmount(rs, item.name, s.currency_code));
  }
  s.create_time = mysql::GetTime(rs, "create_time");
  return s;
}

// Columns() is built at run time, so the table is too (once).
const ChildTable& StatementTable() {
  static const ChildTable table{.table = "financial_statements",
                                .id_column = "statement_id",
                                .columns = Columns().c_str(),
                                .collection = kCollection,
                                .not_found_reason = "STATEMENT_NOT_FOUND",
                                .create_scope = "financial_statements.submit"};
  return table;
}

const char* PeriodLabel(const FinancialStatement& s) {
  return s.period_type == PeriodType::kQuarterly ? "quarterly" : "annual";
}

}  // namespace

MySqlStatementRepository::MySqlStatementRepository(mysql::ConnectionPool* pool,
                                                   const EventEncoder* events)
    : pool_(pool), events_(events) {}

absl::StatusOr<FinancialStatement> MySqlStatementRepository::Submit(
    const FinancialStatement& statement, const IdempotencyKey& key, const WriteContext& write) {
  RETURN_IF_ERROR(CheckStorable(statement));
  const FinancialStatement stored =
      NewChild(statement, &FinancialStatement::statement_id, write.now);
  const std::string name = ChildResourceName(stored.customer_id, kCollection, stored.statement_id);
  return CreateChildOnce<FinancialStatement>(
      *pool_, StatementTable(), stored.customer_id, stored.statement_id, key, write.now,
      ReadStatement, [&](mysql::Session& s) -> absl::StatusOr<FinancialStatement> {
        RETURN_IF_ERROR(LockParentCustomer(s, stored.customer_id));
        try {
          sql::PreparedStatement& insert = s.Prepare(InsertChildSql(StatementTable()));
          int i = 1;
          insert.setString(i++, stored.statement_id);
          insert.setString(i++, stored.customer_id);
          insert.setInt(i++, static_cast<int>(stored.period_type));
          insert.setInt(i++, stored.fiscal_year);
          insert.setInt(i++, stored.fiscal_quarter);
          mysql::SetOptionalDate(insert, i++, stored.period_end_date);
          insert.setBoolean(i++, stored.audited);
          insert.setString(i++, stored.currency_code);
          for (const auto& item : LineItemsOf(stored)) {
            mysql::SetOptionalMoney(insert, i++, *item.amount);
          }
          insert.setString(i++, mysql::SqlTime(stored.create_time));
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return WithReason(absl::AlreadyExistsError(absl::StrCat(
                                  "customer ", stored.customer_id, " already has an ",
                                  stored.audited ? "audited " : "unaudited ", PeriodLabel(stored),
                                  " statement for fiscal year ", stored.fiscal_year,
                                  stored.period_type == PeriodType::kQuarterly
                                      ? absl::StrCat(" quarter ", stored.fiscal_quarter)
                                      : std::string())),
                              "STATEMENT_ALREADY_EXISTS");
          }
          throw;
        }
        InsertAuditRecord(
            s, AuditOf(write, "financial_statement.submit", name, stored.customer_id, {}));
        events::AppendEvent(s, events_->FinancialStatementSubmitted(stored, write), write);
        return stored;
      });
}

absl::StatusOr<FinancialStatement> MySqlStatementRepository::Get(const std::string& customer_id,
                                                                 const std::string& statement_id) {
  return GetChild<FinancialStatement>(*pool_, StatementTable(), customer_id, statement_id,
                                      ReadStatement);
}

absl::StatusOr<Page<FinancialStatement>> MySqlStatementRepository::List(
    const std::string& customer_id, PeriodType period_type, const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql =
      absl::StrCat("SELECT ", Columns(), " FROM financial_statements WHERE customer_id = ?");
  mysql::QueryParams params;
  params.AddString(customer_id);
  if (period_type != PeriodType::kUnspecified) {
    sql += " AND period_type = ?";
    params.AddInt(static_cast<int>(period_type));
  }
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::CivilDay day, ParseDateKey(page.after_key[0]));
    sql += KeysetCondition("period_end_date", "statement_id", /*descending=*/true);
    params.AddString(mysql::SqlDate(day));
    params.AddString(mysql::SqlDate(day));
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY period_end_date DESC, statement_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<FinancialStatement> rows,
                   mysql::ReadAllRows<FinancialStatement>(*pool_, sql, params, ReadStatement));
  return FinishPage(std::move(rows), limit, [](const FinancialStatement& s) {
    return std::vector<std::string>{mysql::SqlDate(s.period_end_date.value_or(absl::CivilDay())),
                                    s.statement_id};
  });
}

}  // namespace ccrm::customer
