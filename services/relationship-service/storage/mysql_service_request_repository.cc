#include "services/relationship-service/storage/mysql_service_request_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
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
#include "services/relationship-service/storage/service_request_columns.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::mysql::QueryParams;
using ::ccrm::mysql::ReadAllRows;

// Requests the sweep locks and escalates per transaction.
constexpr int kSweepBatch = 100;

constexpr char kColumns[] =
    "service_request_id, customer_id, type, priority, subject, description, status, "
    "response_due, resolution_due, first_response_time, resolve_time, assignee_manager_id, "
    "green_channel, escalation_level, resolution, created_by, create_time, update_time, revision";

// IsBreached (domain/service_request_rules.h) at the bound instant (twice): answered late,
// unanswered and OPEN past the response deadline, or unresolved past the resolution deadline.
constexpr char kBreachedCondition[] =
    " AND ((first_response_time IS NOT NULL AND first_response_time > response_due)"
    " OR (status = 'OPEN' AND first_response_time IS NULL AND response_due < ?)"
    " OR (status IN ('OPEN', 'IN_PROGRESS') AND resolution_due < ?))";

absl::Status Unreadable(const std::string& what, absl::string_view cause) {
  return absl::InternalError(absl::StrCat("the stored ", what, " is unreadable: ", cause));
}

absl::StatusOr<ServiceRequest> ReadServiceRequest(sql::ResultSet& rs) {
  ServiceRequest r;
  r.service_request_id = rs.getString("service_request_id").asStdString();
  r.customer_id = rs.getString("customer_id").asStdString();
  absl::StatusOr<ServiceRequestType> type =
      ParseServiceRequestType(rs.getString("type").asStdString());
  absl::StatusOr<Priority> priority = ParsePriority(rs.getString("priority").asStdString());
  absl::StatusOr<ServiceRequestStatus> status =
      ParseServiceRequestStatus(rs.getString("status").asStdString());
  for (const absl::Status& s : {type.status(), priority.status(), status.status()}) {
    if (!s.ok()) {
      return Unreadable(absl::StrCat("service request ", r.service_request_id), s.message());
    }
  }
  r.type = *type;
  r.priority = *priority;
  r.status = *status;
  r.subject = rs.getString("subject").asStdString();
  r.description = rs.getString("description").asStdString();
  r.response_due = mysql::GetTime(rs, "response_due");
  r.resolution_due = mysql::GetTime(rs, "resolution_due");
  r.first_response_time = mysql::GetOptionalTime(rs, "first_response_time");
  r.resolve_time = mysql::GetOptionalTime(rs, "resolve_time");
  r.assignee_manager_id = rs.getString("assignee_manager_id").asStdString();
  r.green_channel = rs.getBoolean("green_channel");
  r.escalation_level = rs.getInt("escalation_level");
  r.resolution = rs.getString("resolution").asStdString();
  r.created_by = rs.getString("created_by").asStdString();
  r.create_time = mysql::GetTime(rs, "create_time");
  r.update_time = mysql::GetTime(rs, "update_time");
  r.revision = rs.getInt64("revision");
  return r;
}

absl::StatusOr<ServiceRequestChange> ReadChange(sql::ResultSet& rs) {
  ServiceRequestChange c;
  c.change_id = rs.getInt64("change_id");
  absl::StatusOr<ServiceRequestStatus> from =
      ParseServiceRequestStatus(rs.getString("from_status").asStdString());
  absl::StatusOr<ServiceRequestStatus> to =
      ParseServiceRequestStatus(rs.getString("to_status").asStdString());
  for (const absl::Status& s : {from.status(), to.status()}) {
    if (!s.ok()) {
      return Unreadable(absl::StrCat("service request change ", c.change_id), s.message());
    }
  }
  c.action = rs.getString("action").asStdString();
  c.from_status = *from;
  c.to_status = *to;
  c.escalation_level = rs.getInt("escalation_level");
  c.note = rs.getString("note").asStdString();
  c.actor = rs.getString("actor").asStdString();
  c.change_time = mysql::GetTime(rs, "change_time");
  return c;
}

// The request with that id (any customer), or nullopt; locked when `for_update`.
absl::StatusOr<std::optional<ServiceRequest>> FindRequest(mysql::Session& s,
                                                          const std::string& service_request_id,
                                                          bool for_update) {
  static const auto* plain = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM service_requests WHERE service_request_id = ?"));
  static const auto* locking = new std::string(absl::StrCat(*plain, " FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(for_update ? *locking : *plain);
  select.setString(1, service_request_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::optional<ServiceRequest>();
  }
  ASSIGN_OR_RETURN(ServiceRequest r, ReadServiceRequest(*rs));
  return std::optional<ServiceRequest>(std::move(r));
}

// The customer's request; NOT_FOUND (also for another customer's).
absl::StatusOr<ServiceRequest> CustomerRequest(mysql::Session& s, const std::string& customer_id,
                                               const std::string& service_request_id,
                                               bool for_update) {
  ASSIGN_OR_RETURN(std::optional<ServiceRequest> found,
                   FindRequest(s, service_request_id, for_update));
  if (!found.has_value() || found->customer_id != customer_id) {
    return ServiceRequestNotFound(service_request_id);
  }
  return *std::move(found);
}

// Throws sql::SQLException.
void InsertChange(mysql::Session& s, const std::string& service_request_id,
                  const ServiceRequestChange& c) {
  sql::PreparedStatement& insert = s.Prepare(
      "INSERT INTO service_request_changes (service_request_id, action, from_status, to_status, "
      "escalation_level, note, actor, change_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  int i = 1;
  insert.setString(i++, service_request_id);
  insert.setString(i++, c.action);
  insert.setString(i++, ServiceRequestStatusName(c.from_status));
  insert.setString(i++, ServiceRequestStatusName(c.to_status));
  insert.setInt(i++, c.escalation_level);
  insert.setString(i++, c.note);
  insert.setString(i++, c.actor);
  insert.setString(i++, mysql::SqlTime(c.change_time));
  insert.executeUpdate();
}

// Writes what a status change or an escalation changes. Throws sql::SQLException.
void UpdateRequest(mysql::Session& s, const ServiceRequest& r) {
  sql::PreparedStatement& update = s.Prepare(
      "UPDATE service_requests SET status = ?, first_response_time = ?, resolve_time = ?, "
      "resolution = ?, escalation_level = ?, update_time = ?, revision = ? "
      "WHERE service_request_id = ?");
  int i = 1;
  update.setString(i++, ServiceRequestStatusName(r.status));
  mysql::SetOptionalTime(update, i++, r.first_response_time);
  mysql::SetOptionalTime(update, i++, r.resolve_time);
  update.setString(i++, r.resolution);
  update.setInt(i++, r.escalation_level);
  update.setString(i++, mysql::SqlTime(r.update_time));
  update.setInt64(i++, r.revision);
  update.setString(i++, r.service_request_id);
  update.executeUpdate();
}

// ALREADY_EXISTS for a taken id. Throws sql::SQLException otherwise.
absl::Status InsertRequest(mysql::Session& s, const ServiceRequest& r) {
  static const auto* sql = new std::string(
      absl::StrCat("INSERT INTO service_requests (", kColumns,
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  sql::PreparedStatement& insert = s.Prepare(*sql);
  int i = 1;
  insert.setString(i++, r.service_request_id);
  insert.setString(i++, r.customer_id);
  insert.setString(i++, ServiceRequestTypeName(r.type));
  insert.setString(i++, PriorityName(r.priority));
  insert.setString(i++, r.subject);
  insert.setString(i++, r.description);
  insert.setString(i++, ServiceRequestStatusName(r.status));
  insert.setString(i++, mysql::SqlTime(r.response_due));
  insert.setString(i++, mysql::SqlTime(r.resolution_due));
  mysql::SetOptionalTime(insert, i++, r.first_response_time);
  mysql::SetOptionalTime(insert, i++, r.resolve_time);
  insert.setString(i++, r.assignee_manager_id);
  insert.setBoolean(i++, r.green_channel);
  insert.setInt(i++, r.escalation_level);
  insert.setString(i++, r.resolution);
  insert.setString(i++, r.created_by);
  insert.setString(i++, mysql::SqlTime(r.create_time));
  insert.setString(i++, mysql::SqlTime(r.update_time));
  insert.setInt64(i++, r.revision);
  try {
    insert.executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == mysql::kErrDuplicateKey) {
      return ServiceRequestAlreadyExists(r.service_request_id);
    }
    throw;
  }
  return absl::OkStatus();
}

// What one sweep transaction did.
struct SweepBatch {
  // Candidates it locked (escalated or not).
  int locked = 0;
  // Where the next batch continues: the last candidate's (escalation_due, id).
  absl::Time last_due;
  std::string last_id;
  std::vector<std::string> escalated;
};

// Locks up to `batch` due requests after the cursor (skipping rows another transaction holds)
// and escalates each by one step, unless it is in `done`. Throws sql::SQLException.
absl::StatusOr<SweepBatch> SweepOnce(mysql::Session& s, int batch,
                                     const std::optional<std::pair<absl::Time, std::string>>& after,
                                     const std::set<std::string>& done,
                                     const RelationshipEventEncoder& encoder,
                                     const WriteContext& write) {
  static const auto* first = new std::string(
      absl::StrCat("SELECT ", kColumns,
                   ", escalation_due FROM service_requests WHERE escalation_due < ? "
                   "ORDER BY escalation_due, service_request_id LIMIT ? FOR UPDATE SKIP LOCKED"));
  static const auto* next = new std::string(absl::StrCat(
      "SELECT ", kColumns, ", escalation_due FROM service_requests WHERE escalation_due < ?",
      mysql::KeysetCondition("escalation_due", "service_request_id", /*descending=*/false),
      " ORDER BY escalation_due, service_request_id LIMIT ? FOR UPDATE SKIP LOCKED"));
  sql::PreparedStatement& select = s.Prepare(after.has_value() ? *next : *first);
  int i = 1;
  select.setString(i++, mysql::SqlTime(write.now));
  if (after.has_value()) {
    select.setString(i++, mysql::SqlTime(after->first));
    select.setString(i++, mysql::SqlTime(after->first));
    select.setString(i++, after->second);
  }
  select.setInt(i++, batch);
  std::vector<ServiceRequest> candidates;
  SweepBatch result;
  {
    std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
    while (rs->next()) {
      ASSIGN_OR_RETURN(ServiceRequest r, ReadServiceRequest(*rs));
      result.last_due = mysql::GetTime(*rs, "escalation_due");
      result.last_id = r.service_request_id;
      candidates.push_back(std::move(r));
    }
  }
  result.locked = static_cast<int>(candidates.size());
  std::vector<events::OutboxEvent> breaches;
  for (ServiceRequest& r : candidates) {
    if (done.count(r.service_request_id) > 0) {
      continue;
    }
    // The row as locked is the truth: re-check the rule on it.
    std::optional<EscalationStep> step = EscalateIfDue(r, write);
    if (!step.has_value()) {
      continue;
    }
    UpdateRequest(s, r);
    InsertChange(s, r.service_request_id, step->change);
    breaches.push_back(encoder.SlaBreached(r, step->escalation, write));
    result.escalated.push_back(r.service_request_id);
  }
  // Outbox rows last, just before COMMIT (common/events/outbox.h).
  for (events::OutboxEvent& event : breaches) {
    events::AppendEvent(s, std::move(event), write);
  }
  return result;
}

}  // namespace

MySqlServiceRequestRepository::MySqlServiceRequestRepository(mysql::ConnectionPool* pool)
    : pool_(pool) {}

absl::StatusOr<SlaTable> MySqlServiceRequestRepository::LoadSlaTable() {
  ASSIGN_OR_RETURN(
      std::vector<SlaRule> rules,
      ReadAllRows<SlaRule>(
          *pool_,
          "SELECT type, priority, green_channel, response_hours, resolution_hours FROM sla_rules "
          "ORDER BY type, priority, green_channel",
          QueryParams(), [](sql::ResultSet& rs) -> absl::StatusOr<SlaRule> {
            SlaRule rule;
            absl::StatusOr<ServiceRequestType> type =
                ParseServiceRequestType(rs.getString("type").asStdString());
            absl::StatusOr<Priority> priority =
                ParsePriority(rs.getString("priority").asStdString());
            if (!type.ok() || !priority.ok() || *type == ServiceRequestType::kUnspecified ||
                *priority == Priority::kUnspecified) {
              return Unreadable("SLA rule", absl::StrCat(rs.getString("type").asStdString(), " ",
                                                         rs.getString("priority").asStdString()));
            }
            rule.type = *type;
            rule.priority = *priority;
            rule.green_channel = rs.getBoolean("green_channel");
            rule.response_hours = rs.getInt("response_hours");
            rule.resolution_hours = rs.getInt("resolution_hours");
            return rule;
          }));
  return SlaTable{std::move(rules)};
}

absl::StatusOr<ServiceRequest> MySqlServiceRequestRepository::Create(
    const ServiceRequest& request, const IdempotencyKey& key,
    const RelationshipEventEncoder& encoder, const WriteContext& write) {
  const ServiceRequest stored = TruncatedToMicros(request);
  return mysql::RunInTransaction<ServiceRequest>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<ServiceRequest> {
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            mysql::ClaimRequestId(s, kServiceRequestCreateScope, key,
                                  ServiceRequestName(stored.customer_id, stored.service_request_id),
                                  write.now));
        if (earlier.has_value()) {
          const std::string id = LastNameSegment(*earlier);
          ASSIGN_OR_RETURN(std::optional<ServiceRequest> first, FindRequest(s, id, false));
          if (!first.has_value()) {
            return absl::InternalError(absl::StrCat(
                "service request ", id, " of an earlier request with this request id is gone"));
          }
          return *std::move(first);
        }
        RETURN_IF_ERROR(InsertRequest(s, stored));
        InsertChange(s, stored.service_request_id, CreatedChange(stored, write));
        if (stored.type == ServiceRequestType::kComplaint) {
          events::AppendEvent(s, encoder.ComplaintOpened(stored, write), write);
        }
        return stored;
      });
}

absl::StatusOr<ServiceRequest> MySqlServiceRequestRepository::Get(
    const std::string& customer_id, const std::string& service_request_id) {
  return mysql::RunReadOnly<ServiceRequest>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<ServiceRequest> {
        return CustomerRequest(s, customer_id, service_request_id, /*for_update=*/false);
      });
}

absl::StatusOr<Page<ServiceRequest>> MySqlServiceRequestRepository::List(
    const ServiceRequestFilter& filter, const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM service_requests WHERE 1 = 1");
  QueryParams params;
  if (!filter.customer_id.empty()) {
    sql += " AND customer_id = ?";
    params.AddString(filter.customer_id);
  }
  if (!filter.assignee_manager_id.empty()) {
    sql += " AND assignee_manager_id = ?";
    params.AddString(filter.assignee_manager_id);
  }
  if (filter.status != ServiceRequestStatus::kUnspecified) {
    sql += " AND status = ?";
    params.AddString(ServiceRequestStatusName(filter.status));
  }
  if (filter.type != ServiceRequestType::kUnspecified) {
    sql += " AND type = ?";
    params.AddString(ServiceRequestTypeName(filter.type));
  }
  if (filter.breached_only) {
    sql += kBreachedCondition;
    params.AddString(mysql::SqlTime(filter.now));
    params.AddString(mysql::SqlTime(filter.now));
  }
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time after, ParseTimeKey(page.after_key[0]));
    sql += mysql::KeysetCondition("create_time", "service_request_id", /*descending=*/true);
    params.AddString(mysql::SqlTime(after));
    params.AddString(mysql::SqlTime(after));
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY create_time DESC, service_request_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<ServiceRequest> rows,
                   ReadAllRows<ServiceRequest>(*pool_, sql, params, ReadServiceRequest));
  return FinishPage(std::move(rows), limit, ServiceRequestPageKey);
}

absl::StatusOr<ServiceRequest> MySqlServiceRequestRepository::UpdateStatus(
    const std::string& customer_id, const std::string& service_request_id,
    int64_t expected_revision, ServiceRequestStatus to, const std::string& note,
    const WriteContext& write) {
  return mysql::RunInTransaction<ServiceRequest>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<ServiceRequest> {
        ASSIGN_OR_RETURN(ServiceRequest r, CustomerRequest(s, customer_id, service_request_id,
                                                           /*for_update=*/true));
        ASSIGN_OR_RETURN(ServiceRequestChange change,
                         ApplyStatusChange(r, expected_revision, to, note, write));
        UpdateRequest(s, r);
        InsertChange(s, r.service_request_id, change);
        return r;
      });
}

absl::StatusOr<std::vector<ServiceRequestChange>> MySqlServiceRequestRepository::Changes(
    const std::string& customer_id, const std::string& service_request_id) {
  return mysql::RunReadOnly<std::vector<ServiceRequestChange>>(
      *pool_, mysql::TxOptions{},
      [&](mysql::Session& s) -> absl::StatusOr<std::vector<ServiceRequestChange>> {
        RETURN_IF_ERROR(
            CustomerRequest(s, customer_id, service_request_id, /*for_update=*/false).status());
        sql::PreparedStatement& select = s.Prepare(
            "SELECT change_id, action, from_status, to_status, escalation_level, note, actor, "
            "change_time FROM service_request_changes WHERE service_request_id = ? "
            "ORDER BY change_id");
        select.setString(1, service_request_id);
        std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
        std::vector<ServiceRequestChange> changes;
        while (rs->next()) {
          ASSIGN_OR_RETURN(ServiceRequestChange c, ReadChange(*rs));
          changes.push_back(std::move(c));
        }
        return changes;
      });
}

absl::StatusOr<int> MySqlServiceRequestRepository::EscalateDue(
    int limit, const RelationshipEventEncoder& encoder, const WriteContext& write) {
  int escalated = 0;
  // Escalated by this call: not again in it, even when another deadline of theirs passed too.
  std::set<std::string> done;
  std::optional<std::pair<absl::Time, std::string>> after;
  while (escalated < limit) {
    const int batch = std::min(kSweepBatch, limit - escalated);
    ASSIGN_OR_RETURN(
        SweepBatch result,
        mysql::RunInTransaction<SweepBatch>(
            *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<SweepBatch> {
              return SweepOnce(s, batch, after, done, encoder, write);
            }));
    escalated += static_cast<int>(result.escalated.size());
    done.insert(result.escalated.begin(), result.escalated.end());
    if (result.locked < batch) {
      break;
    }
    after.emplace(result.last_due, result.last_id);
  }
  return escalated;
}

}  // namespace ccrm::relationship
