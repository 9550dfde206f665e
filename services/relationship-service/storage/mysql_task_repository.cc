#include "services/relationship-service/storage/mysql_task_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/ids/etag.h"
#include "common/ids/idempotency_key.h"
#include "common/ids/uuid.h"
#include "common/mysql/query_params.h"
#include "common/mysql/repository_support.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/pagination/keyset.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/storage/storage_rules.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::mysql::QueryParams;
using ::ccrm::mysql::ReadAllRows;

constexpr char kOpenSourceKey[] = "uk_follow_up_tasks_open_source";
// How often UpsertTaskIn reads the open task again after its insert lost to a racing one.
constexpr int kUpsertAttempts = 3;
constexpr char kColumns[] =
    "task_id, manager_id, customer_id, source, title, detail, status, due_date, "
    "completion_note, create_time, update_time, complete_time, revision";

absl::StatusOr<FollowUpTask> ReadTask(sql::ResultSet& rs) {
  FollowUpTask t;
  t.task_id = rs.getString("task_id").asStdString();
  t.manager_id = rs.getString("manager_id").asStdString();
  t.customer_id = rs.getString("customer_id").asStdString();
  t.source = rs.getString("source").asStdString();
  t.title = rs.getString("title").asStdString();
  t.detail = rs.getString("detail").asStdString();
  absl::StatusOr<TaskStatus> status = ParseTaskStatus(rs.getString("status").asStdString());
  std::optional<absl::CivilDay> due = mysql::ParseSqlDate(rs.getString("due_date").asStdString());
  if (!status.ok() || !due.has_value()) {
    return absl::InternalError(absl::StrCat("the stored follow-up task ", t.task_id,
                                            " has an unreadable status or due date"));
  }
  t.status = *status;
  t.due_date = *due;
  t.completion_note = rs.getString("completion_note").asStdString();
  t.create_time = mysql::GetTime(rs, "create_time");
  t.complete_time = mysql::GetOptionalTime(rs, "complete_time");
  t.revision = rs.getInt64("revision");
  return t;
}

// The first row `select` returns, or nullopt.
absl::StatusOr<std::optional<FollowUpTask>> FirstTask(sql::PreparedStatement& select) {
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::optional<FollowUpTask>();
  }
  ASSIGN_OR_RETURN(FollowUpTask t, ReadTask(*rs));
  return std::optional<FollowUpTask>(std::move(t));
}

absl::StatusOr<std::optional<FollowUpTask>> LockOpenTask(mysql::Session& s,
                                                         const std::string& manager_id,
                                                         const std::string& source) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns,
                   " FROM follow_up_tasks WHERE open_source_key = CONCAT(?, '|', ?) FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  select.setString(1, manager_id);
  select.setString(2, source);
  return FirstTask(select);
}

// Writes title, detail and due date of `open` from `task`. Throws sql::SQLException.
FollowUpTask UpdateOpenTask(mysql::Session& s, FollowUpTask open, const FollowUpTask& task,
                            absl::Time now) {
  open.title = task.title;
  open.detail = task.detail;
  open.due_date = task.due_date;
  open.revision += 1;
  sql::PreparedStatement& update = s.Prepare(
      "UPDATE follow_up_tasks SET title = ?, detail = ?, due_date = ?, update_time = ?, "
      "revision = ? WHERE task_id = ?");
  update.setString(1, open.title);
  update.setString(2, open.detail);
  update.setString(3, mysql::SqlDate(open.due_date));
  update.setString(4, mysql::SqlTime(now));
  update.setInt64(5, open.revision);
  update.setString(6, open.task_id);
  update.executeUpdate();
  return open;
}

// Inserts `t`; false when a racing insert took its open_source_key. Throws sql::SQLException.
absl::StatusOr<bool> InsertTask(mysql::Session& s, const FollowUpTask& t) {
  static const auto* sql =
      new std::string(absl::StrCat("INSERT INTO follow_up_tasks (", kColumns,
                                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  sql::PreparedStatement& insert = s.Prepare(*sql);
  int i = 1;
  insert.setString(i++, t.task_id);
  insert.setString(i++, t.manager_id);
  insert.setString(i++, t.customer_id);
  insert.setString(i++, t.source);
  insert.setString(i++, t.title);
  insert.setString(i++, t.detail);
  insert.setString(i++, TaskStatusName(t.status));
  insert.setString(i++, mysql::SqlDate(t.due_date));
  insert.setString(i++, t.completion_note);
  insert.setString(i++, mysql::SqlTime(t.create_time));
  insert.setString(i++, mysql::SqlTime(t.create_time));
  mysql::SetOptionalTime(insert, i++, t.complete_time);
  insert.setInt64(i++, t.revision);
  try {
    insert.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (mysql::IsDuplicateKeyOn(e, kOpenSourceKey)) {
      return false;
    }
    if (e.getErrorCode() == mysql::kErrDuplicateKey) {
      return TaskAlreadyExists(t.task_id);
    }
    throw;
  }
  return true;
}

}  // namespace

absl::StatusOr<FollowUpTask> UpsertTaskIn(mysql::Session& session, const FollowUpTask& task,
                                          absl::Time now) {
  const absl::Time at = TruncateToMicros(now);
  FollowUpTask fresh = task;
  if (fresh.task_id.empty()) {
    fresh.task_id = NewUuidV7(now);
  }
  fresh.status = TaskStatus::kOpen;
  fresh.completion_note.clear();
  fresh.complete_time.reset();
  fresh.create_time = at;
  fresh.revision = 1;
  for (int attempt = 0; attempt < kUpsertAttempts; ++attempt) {
    ASSIGN_OR_RETURN(std::optional<FollowUpTask> open,
                     LockOpenTask(session, task.manager_id, task.source));
    if (open.has_value()) {
      return UpdateOpenTask(session, *std::move(open), task, at);
    }
    // A failed INSERT rolls back only itself; the next read sees the racing task (READ
    // COMMITTED), which the duplicate-key check waited for to commit.
    ASSIGN_OR_RETURN(bool inserted, InsertTask(session, fresh));
    if (inserted) {
      return fresh;
    }
  }
  return mysql::KeyCollision(
      absl::StrCat("the open task of ", task.manager_id, " from ", task.source, " kept changing"));
}

MySqlTaskRepository::MySqlTaskRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<FollowUpTask> MySqlTaskRepository::Upsert(const FollowUpTask& task,
                                                         const WriteContext& write) {
  return mysql::RunRetryingKeyCollisions<FollowUpTask>(
      *pool_, [&](mysql::Session& s) { return UpsertTaskIn(s, task, write.now); });
}

absl::StatusOr<Page<FollowUpTask>> MySqlTaskRepository::List(const std::string& manager_id,
                                                             TaskStatus status,
                                                             const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM follow_up_tasks WHERE manager_id = ?");
  QueryParams params;
  params.AddString(manager_id);
  if (status != TaskStatus::kUnspecified) {
    sql += " AND status = ?";
    params.AddString(TaskStatusName(status));
  }
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::CivilDay after, ParseDayKey(page.after_key[0]));
    sql += mysql::KeysetCondition("due_date", "task_id", /*descending=*/false);
    params.AddString(mysql::SqlDate(after));
    params.AddString(mysql::SqlDate(after));
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY due_date, task_id LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<FollowUpTask> rows,
                   ReadAllRows<FollowUpTask>(*pool_, sql, params, ReadTask));
  return FinishPage(std::move(rows), limit, TaskPageKey);
}

absl::StatusOr<FollowUpTask> MySqlTaskRepository::Complete(const std::string& manager_id,
                                                           const std::string& task_id,
                                                           int64_t expected_revision,
                                                           const std::string& note,
                                                           const WriteContext& write) {
  return mysql::RunInTransaction<FollowUpTask>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<FollowUpTask> {
        static const auto* sql = new std::string(absl::StrCat(
            "SELECT ", kColumns, " FROM follow_up_tasks WHERE task_id = ? FOR UPDATE"));
        sql::PreparedStatement& select = s.Prepare(*sql);
        select.setString(1, task_id);
        ASSIGN_OR_RETURN(std::optional<FollowUpTask> found, FirstTask(select));
        if (!found.has_value() || found->manager_id != manager_id) {
          return TaskNotFound(task_id);
        }
        FollowUpTask task = *std::move(found);
        RETURN_IF_ERROR(CheckRevision(absl::StrCat("follow-up task ", task_id), expected_revision,
                                      task.revision));
        if (task.status != TaskStatus::kOpen) {
          return TaskNotOpen(task);
        }
        task.status = TaskStatus::kDone;
        task.completion_note = note;
        task.complete_time = TruncateToMicros(write.now);
        task.revision += 1;
        sql::PreparedStatement& update = s.Prepare(
            "UPDATE follow_up_tasks SET status = 'DONE', completion_note = ?, complete_time = ?, "
            "update_time = ?, revision = ? WHERE task_id = ?");
        update.setString(1, task.completion_note);
        update.setString(2, mysql::SqlTime(*task.complete_time));
        update.setString(3, mysql::SqlTime(*task.complete_time));
        update.setInt64(4, task.revision);
        update.setString(5, task_id);
        update.executeUpdate();
        return task;
      });
}

}  // namespace ccrm::relationship
