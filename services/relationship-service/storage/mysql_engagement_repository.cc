#include "services/relationship-service/storage/mysql_engagement_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/ids/idempotency_key.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/mysql/idempotency.h"
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

// The claim that makes PlanNewCustomerIn store one plan per customer (request id: the customer
// id). A scope of its own, so no client request id can collide with it.
constexpr char kNewCustomerPlanScope[] = "engagements.new-customer-plan";
constexpr char kNewCustomerPlanFingerprint[] = "new-customer-plan";
// Engagements one sweep transaction marks at most: keeps row locks and the outbox window short.
constexpr int kSweepBatch = 100;
// The longest a DUE window could be, for finding where UPCOMING starts (FirstUpcomingDue).
constexpr int kMaxDueWindowDays = 366;

constexpr char kColumns[] =
    "engagement_id, customer_id, kind, due_date, manager_id, template_id, grace_days, state, "
    "completed_by, complete_time, create_time";

absl::StatusOr<Engagement> ReadEngagement(sql::ResultSet& rs) {
  Engagement e;
  e.engagement_id = rs.getString("engagement_id").asStdString();
  e.customer_id = rs.getString("customer_id").asStdString();
  absl::StatusOr<EngagementKind> kind = ParseEngagementKind(rs.getString("kind").asStdString());
  absl::StatusOr<EngagementState> state = ParseEngagementState(rs.getString("state").asStdString());
  std::optional<absl::CivilDay> due = mysql::ParseSqlDate(rs.getString("due_date").asStdString());
  if (!kind.ok() || !state.ok() || !due.has_value()) {
    return absl::InternalError(absl::StrCat("the stored engagement ", e.engagement_id,
                                            " has an unreadable kind, state or due date"));
  }
  e.kind = *kind;
  e.state = *state;
  e.due_date = *due;
  e.manager_id = rs.getString("manager_id").asStdString();
  e.template_id = rs.getString("template_id").asStdString();
  e.grace_days = rs.getInt("grace_days");
  e.completed_by = rs.getString("completed_by").asStdString();
  e.complete_time = mysql::GetOptionalTime(rs, "complete_time");
  e.create_time = mysql::GetTime(rs, "create_time");
  return e;
}

// Every row `select` returns. Throws sql::SQLException.
absl::StatusOr<std::vector<Engagement>> ReadEngagements(sql::PreparedStatement& select) {
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  std::vector<Engagement> out;
  while (rs->next()) {
    ASSIGN_OR_RETURN(Engagement e, ReadEngagement(*rs));
    out.push_back(std::move(e));
  }
  return out;
}

// `e` as a plan stores it: the customer's, OPEN, not completed, times to the microsecond.
Engagement AsStored(const Engagement& e, const std::string& customer_id) {
  Engagement stored = e;
  stored.customer_id = customer_id;
  stored.state = EngagementState::kOpen;
  stored.completed_by.clear();
  stored.complete_time.reset();
  stored.create_time = TruncateToMicros(stored.create_time);
  return stored;
}

std::vector<Engagement> AsStoredByDueDate(const std::vector<Engagement>& engagements,
                                          const std::string& customer_id) {
  std::vector<Engagement> stored;
  for (const Engagement& e : engagements) {
    stored.push_back(AsStored(e, customer_id));
  }
  std::sort(stored.begin(), stored.end(), [](const Engagement& a, const Engagement& b) {
    return std::tie(a.due_date, a.engagement_id) < std::tie(b.due_date, b.engagement_id);
  });
  return stored;
}

// Inserts `e` as part of plan `plan_id`. ALREADY_EXISTS for a taken id. Throws
// sql::SQLException otherwise.
absl::Status InsertEngagement(mysql::Session& s, const Engagement& e, const std::string& plan_id) {
  static const auto* sql =
      new std::string(absl::StrCat("INSERT INTO engagements (", kColumns,
                                   ", plan_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  sql::PreparedStatement& insert = s.Prepare(*sql);
  int i = 1;
  insert.setString(i++, e.engagement_id);
  insert.setString(i++, e.customer_id);
  insert.setString(i++, EngagementKindName(e.kind));
  insert.setString(i++, mysql::SqlDate(e.due_date));
  insert.setString(i++, e.manager_id);
  insert.setString(i++, e.template_id);
  insert.setInt(i++, e.grace_days);
  insert.setString(i++, EngagementStateName(e.state));
  insert.setString(i++, e.completed_by);
  mysql::SetOptionalTime(insert, i++, e.complete_time);
  insert.setString(i++, mysql::SqlTime(e.create_time));
  insert.setString(i++, plan_id);
  try {
    insert.executeUpdate();
  } catch (const sql::SQLException& ex) {
    if (ex.getErrorCode() == mysql::kErrDuplicateKey) {
      return EngagementAlreadyExists(e.engagement_id);
    }
    throw;
  }
  return absl::OkStatus();
}

bool HasEngagementsIn(mysql::Session& s, const std::string& customer_id) {
  sql::PreparedStatement& select =
      s.Prepare("SELECT 1 FROM engagements WHERE customer_id = ? LIMIT 1");
  select.setString(1, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  return rs->next();
}

// The first due date on which an open engagement counts as UPCOMING on `today`, read off
// StatusOn so the window is the rule's (engagement_rules.h), not a copy of it.
absl::CivilDay FirstUpcomingDue(absl::CivilDay today) {
  for (int days = 0; days <= kMaxDueWindowDays; ++days) {
    if (StatusOn(today + days, /*completed=*/false, today, /*grace_days=*/0) ==
        EngagementStatus::kUpcoming) {
      return today + days;
    }
  }
  return today + kMaxDueWindowDays + 1;
}

// The WHERE condition of `status` on `today` (CurrentStatus in SQL), with its parameters.
void AddStatusCondition(EngagementStatus status, absl::CivilDay today, std::string& sql,
                        QueryParams& params) {
  const std::string day = mysql::SqlDate(today);
  switch (status) {
    case EngagementStatus::kUnspecified:
      return;
    case EngagementStatus::kUpcoming:
      sql += " AND state = 'OPEN' AND due_date >= ?";
      params.AddString(mysql::SqlDate(FirstUpcomingDue(today)));
      return;
    case EngagementStatus::kDue:
      sql += " AND state = 'OPEN' AND due_date >= ? AND due_date < ?";
      params.AddString(day);
      params.AddString(mysql::SqlDate(FirstUpcomingDue(today)));
      return;
    case EngagementStatus::kOverdue:
      sql +=
          " AND state = 'OPEN' AND due_date < ? AND DATE_ADD(due_date, INTERVAL grace_days DAY) "
          ">= ?";
      params.AddString(day);
      params.AddString(day);
      return;
    case EngagementStatus::kCompleted:
      sql += " AND state = 'COMPLETED'";
      return;
    case EngagementStatus::kMissed:
      sql +=
          " AND (state = 'MISSED' OR (state = 'OPEN' AND "
          "DATE_ADD(due_date, INTERVAL grace_days DAY) < ?))";
      params.AddString(day);
      return;
  }
  sql += " AND 1 = 0";  // an unknown status matches nothing
}

// One sweep transaction: marks up to `batch` engagements missed; returns how many.
absl::StatusOr<int> SweepBatch(mysql::ConnectionPool& pool, absl::CivilDay today, int batch,
                               const RelationshipEventEncoder& encoder, const WriteContext& write) {
  return mysql::RunInTransaction<int>(
      pool, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<int> {
        // due_date < today narrows the (state, due_date) range; the grace period decides.
        static const auto* sql = new std::string(
            absl::StrCat("SELECT ", kColumns,
                         " FROM engagements WHERE state = 'OPEN' AND due_date < ? AND "
                         "DATE_ADD(due_date, INTERVAL grace_days DAY) < ? "
                         "ORDER BY due_date, engagement_id LIMIT ? FOR UPDATE SKIP LOCKED"));
        sql::PreparedStatement& select = s.Prepare(*sql);
        select.setString(1, mysql::SqlDate(today));
        select.setString(2, mysql::SqlDate(today));
        select.setInt(3, batch);
        ASSIGN_OR_RETURN(std::vector<Engagement> missed, ReadEngagements(select));
        for (Engagement& e : missed) {
          sql::PreparedStatement& update = s.Prepare(
              "UPDATE engagements SET state = 'MISSED' WHERE engagement_id = ? AND state = 'OPEN'");
          update.setString(1, e.engagement_id);
          update.executeUpdate();
          e.state = EngagementState::kMissed;
        }
        // The outbox rows last, just before COMMIT (common/events/outbox.h).
        for (const Engagement& e : missed) {
          events::AppendEvent(s, encoder.EngagementMissed(e, write), write);
        }
        return static_cast<int>(missed.size());
      });
}

}  // namespace

absl::StatusOr<int> PlanNewCustomerIn(mysql::Session& session, const std::string& customer_id,
                                      const std::vector<Engagement>& engagements) {
  if (engagements.empty()) {
    return 0;
  }
  const std::vector<Engagement> fresh = AsStoredByDueDate(engagements, customer_id);
  const absl::Time now = fresh.front().create_time;
  const std::string plan_id = NewUuidV7(now);
  ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                   mysql::ClaimRequestId(session, kNewCustomerPlanScope,
                                         IdempotencyKey{customer_id, kNewCustomerPlanFingerprint},
                                         EngagementPlanName(customer_id, plan_id), now));
  if (earlier.has_value() || HasEngagementsIn(session, customer_id)) {
    return 0;
  }
  for (const Engagement& e : fresh) {
    RETURN_IF_ERROR(InsertEngagement(session, e, plan_id));
  }
  return static_cast<int>(fresh.size());
}

absl::Status CompleteEngagementIn(mysql::Session& session, const std::string& customer_id,
                                  const std::string& engagement_id,
                                  const std::string& interaction_id, absl::Time now) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM engagements WHERE engagement_id = ? FOR UPDATE"));
  sql::PreparedStatement& select = session.Prepare(*sql);
  select.setString(1, engagement_id);
  ASSIGN_OR_RETURN(std::vector<Engagement> found, ReadEngagements(select));
  if (found.empty() || found.front().customer_id != customer_id) {
    return EngagementNotFound(engagement_id);
  }
  if (found.front().state == EngagementState::kCompleted) {
    return EngagementAlreadyCompleted(found.front());
  }
  sql::PreparedStatement& update = session.Prepare(
      "UPDATE engagements SET state = 'COMPLETED', completed_by = ?, complete_time = ? "
      "WHERE engagement_id = ?");
  update.setString(1, interaction_id);
  update.setString(2, mysql::SqlTime(TruncateToMicros(now)));
  update.setString(3, engagement_id);
  update.executeUpdate();
  return absl::OkStatus();
}

void MoveOpenEngagementsIn(mysql::Session& session, const std::string& customer_id,
                           const std::string& manager_id) {
  sql::PreparedStatement& update = session.Prepare(
      "UPDATE engagements SET manager_id = ? WHERE customer_id = ? AND state = 'OPEN'");
  update.setString(1, manager_id);
  update.setString(2, customer_id);
  update.executeUpdate();
}

MySqlEngagementRepository::MySqlEngagementRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<std::vector<Engagement>> MySqlEngagementRepository::ReplacePlan(
    const std::string& customer_id, absl::CivilDay start,
    const std::vector<Engagement>& engagements, const IdempotencyKey& key,
    const WriteContext& write) {
  const std::vector<Engagement> fresh = AsStoredByDueDate(engagements, customer_id);
  const std::string plan_id = NewUuidV7(write.now);
  return mysql::RunInTransaction<std::vector<Engagement>>(
      *pool_, mysql::TxOptions{},
      [&](mysql::Session& s) -> absl::StatusOr<std::vector<Engagement>> {
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            mysql::ClaimRequestId(s, kEngagementPlanScope, key,
                                  EngagementPlanName(customer_id, plan_id), write.now));
        if (earlier.has_value()) {
          static const auto* sql = new std::string(
              absl::StrCat("SELECT ", kColumns,
                           " FROM engagements WHERE plan_id = ? AND customer_id = ? "
                           "ORDER BY due_date, engagement_id"));
          sql::PreparedStatement& select = s.Prepare(*sql);
          select.setString(1, LastNameSegment(*earlier));
          select.setString(2, customer_id);
          return ReadEngagements(select);
        }
        sql::PreparedStatement& remove = s.Prepare(
            "DELETE FROM engagements WHERE customer_id = ? AND state = 'OPEN' AND due_date >= ?");
        remove.setString(1, customer_id);
        remove.setString(2, mysql::SqlDate(start));
        remove.executeUpdate();
        for (const Engagement& e : fresh) {
          RETURN_IF_ERROR(InsertEngagement(s, e, plan_id));
        }
        return fresh;
      });
}

absl::StatusOr<bool> MySqlEngagementRepository::HasEngagements(const std::string& customer_id) {
  return mysql::RunReadOnly<bool>(
      *pool_, mysql::TxOptions{},
      [&](mysql::Session& s) -> absl::StatusOr<bool> { return HasEngagementsIn(s, customer_id); });
}

absl::StatusOr<Engagement> MySqlEngagementRepository::Get(const std::string& customer_id,
                                                          const std::string& engagement_id) {
  static const auto* sql = new std::string(absl::StrCat(
      "SELECT ", kColumns, " FROM engagements WHERE engagement_id = ? AND customer_id = ?"));
  QueryParams params;
  params.AddString(engagement_id);
  params.AddString(customer_id);
  ASSIGN_OR_RETURN(std::vector<Engagement> rows,
                   ReadAllRows<Engagement>(*pool_, *sql, params, ReadEngagement));
  if (rows.empty()) {
    return EngagementNotFound(engagement_id);
  }
  return std::move(rows.front());
}

absl::StatusOr<Page<Engagement>> MySqlEngagementRepository::List(const EngagementFilter& filter,
                                                                 const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM engagements WHERE 1 = 1");
  QueryParams params;
  if (!filter.customer_id.empty()) {
    sql += " AND customer_id = ?";
    params.AddString(filter.customer_id);
  }
  if (!filter.manager_id.empty()) {
    sql += " AND manager_id = ?";
    params.AddString(filter.manager_id);
  }
  if (filter.due_before.has_value()) {
    sql += " AND due_date <= ?";
    params.AddString(mysql::SqlDate(*filter.due_before));
  }
  AddStatusCondition(filter.status, filter.today, sql, params);
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::CivilDay after, ParseDayKey(page.after_key[0]));
    sql += mysql::KeysetCondition("due_date", "engagement_id", /*descending=*/false);
    params.AddString(mysql::SqlDate(after));
    params.AddString(mysql::SqlDate(after));
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY due_date, engagement_id LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Engagement> rows,
                   ReadAllRows<Engagement>(*pool_, sql, params, ReadEngagement));
  return FinishPage(std::move(rows), limit, EngagementPageKey);
}

absl::StatusOr<int> MySqlEngagementRepository::SweepMissed(absl::CivilDay today, int limit,
                                                           const RelationshipEventEncoder& encoder,
                                                           const WriteContext& write) {
  int swept = 0;
  while (swept < limit) {
    const int batch = std::min(kSweepBatch, limit - swept);
    ASSIGN_OR_RETURN(int marked, SweepBatch(*pool_, today, batch, encoder, write));
    swept += marked;
    if (marked < batch) {
      break;  // none left, or the rest is locked by another sweeper
    }
  }
  return swept;
}

}  // namespace ccrm::relationship
