#include "services/customer-profile/storage/mysql_project_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "services/customer-profile/storage/idempotency.h"
#include "services/customer-profile/storage/keyset_page.h"
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

absl::StatusOr<Project> SelectProject(mysql::Session& s, const std::string& customer_id,
                                      const std::string& project_id, bool for_update) {
  static const auto* plain = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM projects WHERE project_id = ? AND customer_id = ?"));
  static const auto* locking = new std::string(absl::StrCat(*plain, " FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(for_update ? *locking : *plain);
  select.setString(1, project_id);
  select.setString(2, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return WithReason(absl::NotFoundError(absl::StrCat(
                          ChildResourceName(customer_id, kCollection, project_id), " not found")),
                      "PROJECT_NOT_FOUND");
  }
  return ReadProject(*rs);
}

}  // namespace

MySqlProjectRepository::MySqlProjectRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<Project> MySqlProjectRepository::Create(const Project& project,
                                                       const IdempotencyKey& key,
                                                       const WriteContext& write) {
  Project stored = project;
  if (stored.project_id.empty()) {
    stored.project_id = NewUuidV7(write.now);
  }
  stored.create_time = TruncateToMicros(write.now);
  stored.update_time = stored.create_time;
  stored.revision = 1;
  const std::string milestones = MilestonesJson(stored.milestones);
  const std::string name = ChildResourceName(stored.customer_id, kCollection, stored.project_id);
  const std::string scope = absl::StrCat("projects.create:", stored.customer_id);

  return mysql::RunInTransaction<Project>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Project> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         ClaimRequestId(s, scope, key, name, write.now));
        if (earlier.has_value()) {
          return SelectProject(s, stored.customer_id, LastNameSegment(*earlier),
                               /*for_update=*/false);
        }
        RETURN_IF_ERROR(LockParentCustomer(s, stored.customer_id));
        sql::PreparedStatement& insert =
            s.Prepare(absl::StrCat("INSERT INTO projects (", kColumns,
                                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
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
  return mysql::RunInTransaction<Project>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Project> {
        return SelectProject(s, customer_id, project_id, /*for_update=*/false);
      });
}

absl::StatusOr<Page<Project>> MySqlProjectRepository::List(const std::string& customer_id,
                                                           const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string after_time;
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time t, ParseTimeKey(page.after_key[0]));
    after_time = mysql::SqlTime(t);
  }
  const std::string sql = absl::StrCat(
      "SELECT ", kColumns, " FROM projects WHERE customer_id = ?",
      page.after_key.empty() ? "" : KeysetCondition("create_time", "project_id", false),
      " ORDER BY create_time, project_id LIMIT ?");
  ASSIGN_OR_RETURN(std::vector<Project> rows,
                   mysql::RunInTransaction<std::vector<Project>>(
                       *pool_, mysql::TxOptions{},
                       [&](mysql::Session& s) -> absl::StatusOr<std::vector<Project>> {
                         sql::PreparedStatement& select = s.Prepare(sql);
                         int i = 1;
                         select.setString(i++, customer_id);
                         if (!page.after_key.empty()) {
                           select.setString(i++, after_time);
                           select.setString(i++, after_time);
                           select.setString(i++, page.after_key[1]);
                         }
                         select.setInt(i, limit + 1);
                         std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
                         std::vector<Project> out;
                         while (rs->next()) {
                           ASSIGN_OR_RETURN(Project p, ReadProject(*rs));
                           out.push_back(std::move(p));
                         }
                         return out;
                       }));
  return FinishPage(std::move(rows), limit, [](const Project& p) {
    return std::vector<std::string>{mysql::SqlTime(p.create_time), p.project_id};
  });
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
                         SelectProject(s, customer_id, project_id, /*for_update=*/true));
        if (expected_revision.has_value() && *expected_revision != current.revision) {
          return RevisionMismatch(name, *expected_revision, current.revision);
        }
        Project next = current;
        ASSIGN_OR_RETURN(std::vector<std::string> changed, mutate(next));
        next.project_id = current.project_id;
        next.customer_id = current.customer_id;
        next.create_time = current.create_time;
        next.update_time = TruncateToMicros(write.now);
        next.revision = current.revision + 1;
        sql::PreparedStatement& update = s.Prepare(
            "UPDATE projects SET project_name = ?, total_investment = ?, "
            "total_investment_currency = ?, capital_ratio_bps = ?, use_of_funds = ?, "
            "planned_start_date = ?, planned_completion_date = ?, actual_start_date = ?, "
            "actual_completion_date = ?, invested_to_date = ?, invested_to_date_currency = ?, "
            "milestones = ?, create_time = ?, update_time = ?, revision = ? "
            "WHERE project_id = ?");
        const int id_index = BindMutableColumns(update, 1, next, MilestonesJson(next.milestones));
        update.setString(id_index, project_id);
        update.executeUpdate();
        InsertAuditRecord(s, AuditOf(write, "project.update", name, customer_id, changed));
        return next;
      });
}

}  // namespace ccrm::customer
