#include "services/relationship-service/storage/mysql_manager_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/ids/etag.h"
#include "common/ids/idempotency_key.h"
#include "common/ids/resource_name.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/query_params.h"
#include "common/mysql/repository_support.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/pagination/keyset.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/storage/mysql_engagement_repository.h"
#include "services/relationship-service/storage/storage_rules.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::mysql::QueryParams;
using ::ccrm::mysql::ReadAllRows;

constexpr char kCurrentKey[] = "uk_assignments_current";
constexpr char kManagerColumns[] =
    "manager_id, display_name, branch, email, active, max_portfolio_size, create_time, "
    "update_time, revision";
constexpr char kAssignmentColumns[] =
    "assignment_id, customer_id, manager_id, dedicated, segment, reason, assigned_by, "
    "start_time, end_time";

RelationshipManager ReadManager(sql::ResultSet& rs) {
  RelationshipManager m;
  m.manager_id = rs.getString("manager_id").asStdString();
  m.display_name = rs.getString("display_name").asStdString();
  m.branch = rs.getString("branch").asStdString();
  m.email = rs.getString("email").asStdString();
  m.active = rs.getBoolean("active");
  m.max_portfolio_size = rs.getInt("max_portfolio_size");
  m.create_time = mysql::GetTime(rs, "create_time");
  m.update_time = mysql::GetTime(rs, "update_time");
  m.revision = rs.getInt64("revision");
  return m;
}

absl::StatusOr<Assignment> ReadAssignment(sql::ResultSet& rs) {
  Assignment a;
  a.customer_id = rs.getString("customer_id").asStdString();
  a.manager_id = rs.getString("manager_id").asStdString();
  a.dedicated = rs.getBoolean("dedicated");
  absl::StatusOr<Segment> segment = ParseSegment(rs.getString("segment").asStdString());
  if (!segment.ok()) {
    return absl::InternalError(absl::StrCat("the stored assignment ", rs.getInt64("assignment_id"),
                                            " is unreadable: ", segment.status().message()));
  }
  a.segment = *segment;
  a.reason = rs.getString("reason").asStdString();
  a.assigned_by = rs.getString("assigned_by").asStdString();
  a.start_time = mysql::GetTime(rs, "start_time");
  a.end_time = mysql::GetOptionalTime(rs, "end_time");
  return a;
}

absl::StatusOr<RelationshipManager> GetManager(mysql::Session& s, const std::string& manager_id) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kManagerColumns, " FROM relationship_managers WHERE manager_id = ?"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  select.setString(1, manager_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return ManagerNotFound(manager_id);
  }
  return ReadManager(*rs);
}

// The customer's current assignment with its row id, locked FOR UPDATE; nullopt when none.
absl::StatusOr<std::optional<std::pair<int64_t, Assignment>>> LockCurrent(
    mysql::Session& s, const std::string& customer_id) {
  static const auto* sql = new std::string(absl::StrCat(
      "SELECT ", kAssignmentColumns, " FROM assignments WHERE current_customer_id = ? FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  select.setString(1, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::optional<std::pair<int64_t, Assignment>>();
  }
  const int64_t id = rs->getInt64("assignment_id");
  ASSIGN_OR_RETURN(Assignment a, ReadAssignment(*rs));
  return std::optional<std::pair<int64_t, Assignment>>(std::make_pair(id, std::move(a)));
}

// Locks the manager's row (when there is one) and counts its current customers other than
// `customer_id`.
int LockedPortfolioSize(mysql::Session& s, const std::string& manager_id,
                        const std::string& customer_id) {
  sql::PreparedStatement& lock =
      s.Prepare("SELECT manager_id FROM relationship_managers WHERE manager_id = ? FOR UPDATE");
  lock.setString(1, manager_id);
  std::unique_ptr<sql::ResultSet> locked(lock.executeQuery());
  sql::PreparedStatement& count = s.Prepare(
      "SELECT COUNT(*) AS n FROM assignments "
      "WHERE manager_id = ? AND end_time IS NULL AND customer_id <> ?");
  count.setString(1, manager_id);
  count.setString(2, customer_id);
  std::unique_ptr<sql::ResultSet> rs(count.executeQuery());
  return rs->next() ? rs->getInt("n") : 0;
}

}  // namespace

MySqlManagerRepository::MySqlManagerRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<RelationshipManager> MySqlManagerRepository::Create(
    const RelationshipManager& manager, const IdempotencyKey& key, const WriteContext& write) {
  RelationshipManager stored = manager;
  stored.create_time = TruncateToMicros(write.now);
  stored.update_time = stored.create_time;
  stored.revision = 1;
  return mysql::RunInTransaction<RelationshipManager>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<RelationshipManager> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mysql::ClaimRequestId(s, kManagerCreateScope, key,
                                               ManagerName(stored.manager_id), write.now));
        if (earlier.has_value()) {
          return GetManager(s, LastNameSegment(*earlier));
        }
        static const auto* sql =
            new std::string(absl::StrCat("INSERT INTO relationship_managers (", kManagerColumns,
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        sql::PreparedStatement& insert = s.Prepare(*sql);
        insert.setString(1, stored.manager_id);
        insert.setString(2, stored.display_name);
        insert.setString(3, stored.branch);
        insert.setString(4, stored.email);
        insert.setBoolean(5, stored.active);
        insert.setInt(6, stored.max_portfolio_size);
        insert.setString(7, mysql::SqlTime(stored.create_time));
        insert.setString(8, mysql::SqlTime(stored.update_time));
        insert.setInt64(9, stored.revision);
        try {
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return ManagerAlreadyExists(stored.manager_id);
          }
          throw;
        }
        return stored;
      });
}

absl::StatusOr<RelationshipManager> MySqlManagerRepository::Get(const std::string& manager_id) {
  return mysql::RunReadOnly<RelationshipManager>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<RelationshipManager> {
        return GetManager(s, manager_id);
      });
}

absl::StatusOr<Page<RelationshipManager>> MySqlManagerRepository::List(const std::string& branch,
                                                                       bool include_inactive,
                                                                       const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 1));
  const int limit = PageLimit(page);
  std::string sql =
      absl::StrCat("SELECT ", kManagerColumns, " FROM relationship_managers WHERE 1 = 1");
  QueryParams params;
  if (!branch.empty()) {
    sql += " AND branch = ?";
    params.AddString(branch);
  }
  if (!include_inactive) {
    sql += " AND active = 1";
  }
  if (!page.after_key.empty()) {
    sql += " AND manager_id > ?";
    params.AddString(page.after_key[0]);
  }
  sql += " ORDER BY manager_id LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<RelationshipManager> rows,
                   ReadAllRows<RelationshipManager>(*pool_, sql, params, ReadManager));
  return FinishPage(std::move(rows), limit, ManagerPageKey);
}

absl::StatusOr<Assignment> MySqlManagerRepository::Assign(
    const Assignment& next, const std::function<absl::Status(int portfolio_size)>& check,
    const WriteContext& write) {
  Assignment stored = next;
  stored.start_time = TruncateToMicros(write.now);
  stored.end_time.reset();
  return mysql::RunRetryingKeyCollisions<Assignment>(
      *pool_, [&](mysql::Session& s) -> absl::StatusOr<Assignment> {
        ASSIGN_OR_RETURN(auto current, LockCurrent(s, stored.customer_id));
        if (current.has_value() && current->second.manager_id == stored.manager_id &&
            current->second.dedicated == stored.dedicated) {
          return AlreadyAssigned(current->second);
        }
        RETURN_IF_ERROR(check(LockedPortfolioSize(s, stored.manager_id, stored.customer_id)));
        if (current.has_value()) {
          sql::PreparedStatement& end =
              s.Prepare("UPDATE assignments SET end_time = ? WHERE assignment_id = ?");
          end.setString(1, mysql::SqlTime(stored.start_time));
          end.setInt64(2, current->first);
          end.executeUpdate();
        }
        sql::PreparedStatement& insert = s.Prepare(
            "INSERT INTO assignments (customer_id, manager_id, dedicated, segment, reason, "
            "assigned_by, start_time, end_time) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)");
        insert.setString(1, stored.customer_id);
        insert.setString(2, stored.manager_id);
        insert.setBoolean(3, stored.dedicated);
        insert.setString(4, SegmentName(stored.segment));
        insert.setString(5, stored.reason);
        insert.setString(6, stored.assigned_by);
        insert.setString(7, mysql::SqlTime(stored.start_time));
        try {
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (mysql::IsDuplicateKeyOn(e, kCurrentKey)) {
            return mysql::KeyCollision(
                absl::StrCat("customer ", stored.customer_id,
                             " was assigned by another request at the same time"));
          }
          throw;
        }
        MoveOpenEngagementsIn(s, stored.customer_id, stored.manager_id);
        return stored;
      });
}

absl::StatusOr<std::string> CurrentManagerIn(mysql::Session& session,
                                             const std::string& customer_id) {
  sql::PreparedStatement& select =
      session.Prepare("SELECT manager_id FROM assignments WHERE current_customer_id = ?");
  select.setString(1, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::string();
  }
  return rs->getString("manager_id").asStdString();
}

absl::StatusOr<std::optional<Assignment>> MySqlManagerRepository::CurrentAssignment(
    const std::string& customer_id) {
  static const auto* sql = new std::string(absl::StrCat(
      "SELECT ", kAssignmentColumns, " FROM assignments WHERE current_customer_id = ?"));
  QueryParams params;
  params.AddString(customer_id);
  ASSIGN_OR_RETURN(std::vector<Assignment> rows,
                   ReadAllRows<Assignment>(*pool_, *sql, params, ReadAssignment));
  if (rows.empty()) {
    return std::optional<Assignment>();
  }
  return std::optional<Assignment>(std::move(rows.front()));
}

absl::StatusOr<Page<Assignment>> MySqlManagerRepository::AssignmentHistory(
    const std::string& customer_id, const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql =
      absl::StrCat("SELECT ", kAssignmentColumns, " FROM assignments WHERE customer_id = ?");
  QueryParams params;
  params.AddString(customer_id);
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time after, ParseTimeKey(page.after_key[0]));
    sql += mysql::KeysetCondition("start_time", "manager_id", /*descending=*/true);
    params.AddString(mysql::SqlTime(after));
    params.AddString(mysql::SqlTime(after));
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY start_time DESC, manager_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Assignment> rows,
                   ReadAllRows<Assignment>(*pool_, sql, params, ReadAssignment));
  return FinishPage(std::move(rows), limit, HistoryPageKey);
}

absl::StatusOr<Page<Assignment>> MySqlManagerRepository::Portfolio(const std::string& manager_id,
                                                                   const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 1));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kAssignmentColumns,
                                 " FROM assignments WHERE manager_id = ? AND end_time IS NULL");
  QueryParams params;
  params.AddString(manager_id);
  if (!page.after_key.empty()) {
    sql += " AND customer_id > ?";
    params.AddString(page.after_key[0]);
  }
  sql += " ORDER BY customer_id LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Assignment> rows,
                   ReadAllRows<Assignment>(*pool_, sql, params, ReadAssignment));
  return FinishPage(std::move(rows), limit, PortfolioPageKey);
}

}  // namespace ccrm::relationship
