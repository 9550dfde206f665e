#include "services/credit-rating/storage/mysql_rerating_job_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/query_params.h"
#include "common/mysql/repository_support.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/credit-rating/storage/column_values.h"
#include "services/credit-rating/storage/repository_rules.h"

namespace ccrm::rating {
namespace {

constexpr char kColumns[] =
    "job_id, state, segment, model_family, page_token, processed, rated, skipped, failed, "
    "created_by, create_time, update_time, finish_time, last_error";

absl::StatusOr<ReratingJob> ReadJob(sql::ResultSet& rs) {
  ReratingJob job;
  job.job_id = rs.getString("job_id").asStdString();
  absl::StatusOr<ReratingJobState> state =
      ParseReratingJobState(rs.getString("state").asStdString());
  absl::StatusOr<Segment> segment = ParseSegment(rs.getString("segment").asStdString());
  for (const absl::Status& s : {state.status(), segment.status()}) {
    if (!s.ok()) {
      return absl::InternalError(
          absl::StrCat("the stored re-rating job ", job.job_id, " is unreadable: ", s.message()));
    }
  }
  job.state = *state;
  job.segment = *segment;
  job.model_family = rs.getString("model_family").asStdString();
  job.page_token = rs.getString("page_token").asStdString();
  job.counts.processed = rs.getInt64("processed");
  job.counts.rated = rs.getInt64("rated");
  job.counts.skipped = rs.getInt64("skipped");
  job.counts.failed = rs.getInt64("failed");
  job.created_by = rs.getString("created_by").asStdString();
  job.create_time = mysql::GetTime(rs, "create_time");
  job.update_time = mysql::GetTime(rs, "update_time");
  job.finish_time = mysql::GetOptionalTime(rs, "finish_time");
  job.last_error = rs.getString("last_error").asStdString();
  return job;
}

absl::StatusOr<ReratingJob> SelectJob(mysql::Session& s, const std::string& job_id, bool lock) {
  static const auto* plain =
      new std::string(absl::StrCat("SELECT ", kColumns, " FROM rerating_jobs WHERE job_id = ?"));
  static const auto* locking = new std::string(absl::StrCat(*plain, " FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(lock ? *locking : *plain);
  select.setString(1, job_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return JobNotFound(job_id);
  }
  return ReadJob(*rs);
}

}  // namespace

MySqlReratingJobRepository::MySqlReratingJobRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<ReratingJob> MySqlReratingJobRepository::Create(const ReratingJob& job,
                                                               const IdempotencyKey& key,
                                                               const WriteContext& write) {
  ReratingJob stored = job;
  if (stored.job_id.empty()) {
    stored.job_id = NewUuidV7(write.now);
  }
  stored.state = ReratingJobState::kRunning;
  stored.finish_time.reset();
  stored.last_error.clear();
  stored.create_time = TruncateToMicros(write.now);
  stored.update_time = stored.create_time;
  if (stored.created_by.empty()) {
    stored.created_by = write.actor;
  }
  const std::string name = JobName(stored.job_id);

  return mysql::RunInTransaction<ReratingJob>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<ReratingJob> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mysql::ClaimRequestId(s, kJobCreateScope, key, name, write.now));
        if (earlier.has_value()) {
          return SelectJob(s, LastNameSegment(*earlier), /*lock=*/false);
        }
        static const auto* sql = new std::string(
            absl::StrCat("INSERT INTO rerating_jobs (", kColumns,
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '')"));
        sql::PreparedStatement& insert = s.Prepare(*sql);
        int i = 1;
        insert.setString(i++, stored.job_id);
        insert.setString(i++, ReratingJobStateName(stored.state));
        insert.setString(i++, SegmentName(stored.segment));
        insert.setString(i++, stored.model_family);
        insert.setString(i++, stored.page_token);
        insert.setInt64(i++, stored.counts.processed);
        insert.setInt64(i++, stored.counts.rated);
        insert.setInt64(i++, stored.counts.skipped);
        insert.setInt64(i++, stored.counts.failed);
        insert.setString(i++, stored.created_by);
        insert.setString(i++, mysql::SqlTime(stored.create_time));
        insert.setString(i++, mysql::SqlTime(stored.update_time));
        try {
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return JobAlreadyExists(stored.job_id);
          }
          throw;
        }
        return stored;
      });
}

absl::StatusOr<ReratingJob> MySqlReratingJobRepository::Get(const std::string& job_id) {
  return mysql::RunReadOnly<ReratingJob>(*pool_, mysql::TxOptions{},
                                         [&](mysql::Session& s) -> absl::StatusOr<ReratingJob> {
                                           return SelectJob(s, job_id, /*lock=*/false);
                                         });
}

absl::StatusOr<Page<ReratingJob>> MySqlReratingJobRepository::List(const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM rerating_jobs WHERE 1 = 1");
  mysql::QueryParams params;
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time t, ParseTimeKey(page.after_key[0]));
    const std::string after = mysql::SqlTime(t);
    sql += mysql::KeysetCondition("create_time", "job_id", /*descending=*/true);
    params.AddString(after);
    params.AddString(after);
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY create_time DESC, job_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<ReratingJob> rows,
                   mysql::ReadAllRows<ReratingJob>(*pool_, sql, params, ReadJob));
  return FinishPage(std::move(rows), limit, JobPageKey);
}

absl::StatusOr<std::vector<ReratingJob>> MySqlReratingJobRepository::ListRunning() {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns,
                   " FROM rerating_jobs WHERE state = 'RUNNING' ORDER BY create_time, job_id"));
  return mysql::ReadAllRows<ReratingJob>(*pool_, *sql, mysql::QueryParams{}, ReadJob);
}

absl::StatusOr<ReratingJob> MySqlReratingJobRepository::RecordProgress(
    const std::string& job_id, const std::string& expected_page_token,
    const ReratingProgress& progress, const std::string& next_page_token,
    const std::string& last_error, absl::Time now) {
  return mysql::RunInTransaction<ReratingJob>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<ReratingJob> {
        ASSIGN_OR_RETURN(ReratingJob job, SelectJob(s, job_id, /*lock=*/true));
        if (job.state != ReratingJobState::kRunning || job.page_token != expected_page_token) {
          return job;  // Cancelled, or another replica recorded this page already.
        }
        job.counts.processed += progress.processed;
        job.counts.rated += progress.rated;
        job.counts.skipped += progress.skipped;
        job.counts.failed += progress.failed;
        job.page_token = next_page_token;
        if (!last_error.empty()) {
          job.last_error = last_error;
        }
        job.update_time = TruncateToMicros(now);
        sql::PreparedStatement& update = s.Prepare(
            "UPDATE rerating_jobs SET processed = ?, rated = ?, skipped = ?, failed = ?, "
            "page_token = ?, last_error = ?, update_time = ? WHERE job_id = ?");
        int i = 1;
        update.setInt64(i++, job.counts.processed);
        update.setInt64(i++, job.counts.rated);
        update.setInt64(i++, job.counts.skipped);
        update.setInt64(i++, job.counts.failed);
        update.setString(i++, job.page_token);
        update.setString(i++, job.last_error);
        update.setString(i++, mysql::SqlTime(job.update_time));
        update.setString(i++, job_id);
        update.executeUpdate();
        return job;
      });
}

absl::StatusOr<ReratingJob> MySqlReratingJobRepository::Finish(const std::string& job_id,
                                                               ReratingJobState state,
                                                               const std::string& last_error,
                                                               absl::Time now) {
  RETURN_IF_ERROR(CheckFinalJobState(state));
  return mysql::RunInTransaction<ReratingJob>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<ReratingJob> {
        ASSIGN_OR_RETURN(ReratingJob job, SelectJob(s, job_id, /*lock=*/true));
        if (job.state != ReratingJobState::kRunning) {
          return JobNotRunning(job);
        }
        job.state = state;
        job.finish_time = TruncateToMicros(now);
        job.update_time = *job.finish_time;
        if (!last_error.empty()) {
          job.last_error = last_error;
        }
        sql::PreparedStatement& update = s.Prepare(
            "UPDATE rerating_jobs SET state = ?, finish_time = ?, update_time = ?, last_error = ? "
            "WHERE job_id = ?");
        update.setString(1, ReratingJobStateName(job.state));
        update.setString(2, mysql::SqlTime(*job.finish_time));
        update.setString(3, mysql::SqlTime(job.update_time));
        update.setString(4, job.last_error);
        update.setString(5, job_id);
        update.executeUpdate();
        return job;
      });
}

}  // namespace ccrm::rating
