#include "services/customer-profile/storage/child_queries.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"

namespace ccrm::customer {

std::string InsertChildSql(const ChildTable& table) {
  const std::vector<std::string> columns = absl::StrSplit(table.columns, ", ");
  const std::vector<std::string> marks(columns.size(), "?");
  return absl::StrCat("INSERT INTO ", table.table, " (", table.columns, ") VALUES (",
                      absl::StrJoin(marks, ", "), ")");
}

std::string UpdateChildSql(const ChildTable& table) {
  std::vector<std::string> assignments;
  for (absl::string_view column : absl::StrSplit(table.columns, ", ")) {
    if (column != table.id_column && column != "customer_id") {
      assignments.push_back(absl::StrCat(column, " = ?"));
    }
  }
  return absl::StrCat("UPDATE ", table.table, " SET ", absl::StrJoin(assignments, ", "), " WHERE ",
                      table.id_column, " = ?");
}

absl::StatusOr<std::unique_ptr<sql::ResultSet>> SelectChildRow(mysql::Session& session,
                                                               const ChildTable& table,
                                                               const std::string& customer_id,
                                                               const std::string& id,
                                                               RowLock lock) {
  sql::PreparedStatement& select = session.Prepare(
      absl::StrCat("SELECT ", table.columns, " FROM ", table.table, " WHERE ", table.id_column,
                   " = ? AND customer_id = ?", lock == RowLock::kForUpdate ? " FOR UPDATE" : ""));
  select.setString(1, id);
  select.setString(2, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return WithReason(absl::NotFoundError(absl::StrCat(
                          ChildResourceName(customer_id, table.collection, id), " not found")),
                      table.not_found_reason);
  }
  return rs;
}

absl::StatusOr<std::string> ChildPageSql(const ChildTable& table, const std::string& customer_id,
                                         const PageQuery& page, int limit, mysql::QueryParams& params) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  std::string sql =
      absl::StrCat("SELECT ", table.columns, " FROM ", table.table, " WHERE customer_id = ?");
  params.AddString(customer_id);
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time after_time, ParseTimeKey(page.after_key[0]));
    sql += KeysetCondition("create_time", table.id_column, /*descending=*/false);
    params.AddString(mysql::SqlTime(after_time));
    params.AddString(mysql::SqlTime(after_time));
    params.AddString(page.after_key[1]);
  }
  absl::StrAppend(&sql, " ORDER BY create_time, ", table.id_column, " LIMIT ?");
  params.AddInt(limit + 1);
  return sql;
}

void DeleteChildRow(mysql::Session& session, const ChildTable& table, const std::string& id) {
  sql::PreparedStatement& del = session.Prepare(
      absl::StrCat("DELETE FROM ", table.table, " WHERE ", table.id_column, " = ?"));
  del.setString(1, id);
  del.executeUpdate();
}

}  // namespace ccrm::customer
