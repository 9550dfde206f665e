#include "services/customer-profile/storage/mysql_project_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/storage/child_queries.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "services/customer-profile/storage/money_columns.h"
#include "services/customer-profile/storage/row_values.h"
#include "services/customer-profile/storage/write_trail.h"

namespace ccrm::customer {
namespace {

constexpr char kCollection[] = "projects";
constexpr char kColumns[] =
    "project_id, customer_id, project_name, total_investment, total_investment_currency, "
    "capital_ratio_bps, use_of_funds, planned_start_date, planned_completion_date, "
    "actual_start_date, actual_completion_date, invested_to_date, invested_to_date_currency, "
    "milestones, create_time, update_time, revision";

nlohmann::json DateJson(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? nlohmann::json(mysql::SqlDate(*day)) : nlohmann::json(nullptr);
}

std::string MilestonesJson(const std::vector<Milestone>& milestones) {
  nlohmann::json array = nlohmann::json::array();
  for (const Milestone& m : milestones) {
    array.push_back({{"title", m.title},
                     {"planned_date", DateJson(m.planned_date)},
                     {"actual_date", DateJson(m.actual_date)}});
  }
  // Replace invalid UTF-8 instead of throwing: validation upstream already refuses it.
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<std::optional<absl::CivilDay>> DateFromJson(const nlohmann::json& value) {
  if (value.is_null()) {
    return std::nullopt;
  }
  if (!value.is_string()) {
    return absl::InternalError("stored milestone date is not a string");
  }
  std::optional<absl::CivilDay> day = mysql::ParseSqlDate(value.get<std::string>());
  if (!day.has_value()) {
    return absl::InternalError("stored milestone date is malformed");
  }
  return day;
}

absl::StatusOr<std::vector<Milestone>> MilestonesFromJson(const std::string& text) {
  nlohmann::json array = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!array.is_array()) {
    return absl::InternalError("stored milestones are not a JSON array");
  }
  std::vector<Milestone> out;
  for (const nlohmann::json& item : array) {
    if (!item.is_object() || !item.contains("title") || !item["title"].is_string()) {
      return absl::InternalError("stored milestone has no title");
    }
    Milestone m;
    m.title = item["title"].get<std::string>();
    ASSIGN_OR_RETURN(m.planned_date, DateFromJson(item.value("planned_date", nlohmann::json())));
    ASSIGN_OR_RETURN(m.actual_date, DateFromJson(item.value("actual_date", nlohmann::json())));
    out.push_back(std::move(m));
  }
  return out;
}

// Binds project_name .. revision (every column but the two ids) from `first` on; returns the
// next index.
int BindMutableColumns(sql::PreparedStatement& stmt, int first, const Project& p,
                       const std::string& milestones_json) {
  int i = first;
  stmt.setString(i++, p.project_name);
  BindMoneyColumns(stmt, i, p.total_investment);
  i += 2;
  stmt.setInt(i++, p.capital_ratio_bps);
  stmt.setString(i++, p.use_of_funds);
  mysql::SetOptionalDate(stmt, i++, p.planned_start_date);
  mysql::SetOptionalDate(stmt, i++, p.planned_completion_date);
  mysql::SetOptionalDate(stmt, i++, p.actual_start_date);
  mysql::SetOptionalDate(stmt, i++, p.actual_completion_date);
  BindMoneyColumns(stmt, i, p.invested_to_date);
  i += 2;
  stmt.setString(i++, milestones_json);
  stmt.setString(i++, mysql::SqlTime(p.create_time));
  stmt.setString(i++, mysql::SqlTime(p.update_time));
  stmt.setInt64(i++, p.revision);
  return i;
}

absl::StatusOr<Project> ReadProject(sql::ResultSet& rs) {
  Project p;
  p.project_id = rs.getString("project_id").asStdString();
  p.customer_id = rs.getString("customer_id").asStdString();
  p.project_name = rs.getString("project_name").asStdString();
  ASSIGN_OR_RETURN(p.total_investment,
                   ReadMoneyColumns(rs, "total_investment", "total_investment_currency"));
  p.capital_ratio_bps = rs.getInt("capital_ratio_bps");
  p.use_of_funds = rs.getString("use_of_funds").asStdString();
  p.planned_start_date = mysql::GetOptionalDate(rs, "planned_start_date");
  p.planned_completion_date = mysql::GetOptionalDate(rs, "planned_completion_date");
  p.actual_start_date = mysql::GetOptionalDate(rs, "actual_start_date");
  p.actual_completion_date = mysql::GetOptionalDate(rs, "actual_completion_date");
  ASSIGN_OR_RETURN(p.invested_to_date,
                   ReadMoneyColumns(rs, "invested_to_date", "invested_to_date_currency"));
  ASSIGN_OR_RETURN(p.milestones, MilestonesFromJson(rs.getString("milestones")));
  p.create_time = mysql::GetTime(rs, "create_time");
  p.update_time = mysql::GetTime(rs, "update_time");
  p.revision = rs.getInt64("revision");
  return p;
}

constexpr ChildTable kProjects{.table = "projects",
                               .id_column = "project_id",
                               .columns = kColumns,
                               .collection = kCollection,
                               .not_found_reason = "PROJECT_NOT_FOUND",
                               .create_scope = "projects.create"};

}  // namespace

MySqlProjectRepository::MySqlProjectRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<Project> MySqlProjectRepository::Create(const Project& project,
                                                       const IdempotencyKey& key,
                                                       const WriteContext& write) {
  Project stored = NewChild(project, &Project::project_id, write.now);
  stored.update_time = stored.create_time;
  stored.revision = 1;
  const std::string milestones = MilestonesJson(stored.milestones);
  const std::string name = ChildResourceName(stored.customer_id, kCollection, stored.project_id);
  return CreateChildOnce<Project>(
      *pool_, kProjects, stored.customer_id, stored.project_id, key, write.now, ReadProject,
      [&](mysql::Session& s) -> absl::StatusOr<Project> {
        RETURN_IF_ERROR(LockParentCustomer(s, stored.customer_id));
        sql::PreparedStatement& insert = s.Prepare(InsertChildSql(kProjects));
        insert.setString(1, stored.project_id);
        insert.setString(2, stored.customer_id);
        BindMutableColumns(insert, 3, stored, milestones);
        insert.executeUpdate();
        InsertAuditRecord(s, AuditOf(write, "project.create", name, stored.customer_id, {}));
        return stored;
      });
}

absl::StatusOr<Project> MySqlProjectRepository::Get(const std::string& customer_id,
                                                    const std::string& project_id) {
  return GetChild<Project>(*pool_, kProjects, customer_id, project_id, ReadProject);
}

absl::StatusOr<Page<Project>> MySqlProjectRepository::List(const std::string& customer_id,
                                                           const PageQuery& page) {
  return ListChildren(*pool_, kProjects, &Project::project_id, customer_id, page, ReadProject);
}

absl::StatusOr<Project> MySqlProjectRepository::Update(const std::string& customer_id,
                                                       const std::string& project_id,
                                                       std::optional<int64_t> expected_revision,
                                                       const Mutation& mutate,
                                                       const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kCollection, project_id);
  return mysql::RunInTransaction<Project>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Project> {
        ASSIGN_OR_RETURN(Project current,
                         LockChildAtRevision<Project>(s, kProjects, customer_id, project_id,
                                                      expected_revision, ReadProject));
        ASSIGN_OR_RETURN(Revision<Project> next,
                         ReviseChild(current, &Project::project_id, mutate, write.now));
        sql::PreparedStatement& update = s.Prepare(UpdateChildSql(kProjects));
        const int id_index =
            BindMutableColumns(update, 1, next.row, MilestonesJson(next.row.milestones));
        update.setString(id_index, project_id);
        update.executeUpdate();
        InsertAuditRecord(s,
                          AuditOf(write, "project.update", name, customer_id, next.changed_fields));
        return next.row;
      });
}

}  // namespace ccrm::customer
