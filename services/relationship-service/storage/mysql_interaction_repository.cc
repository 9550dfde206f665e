#include "services/relationship-service/storage/mysql_interaction_repository.h"

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
#include "common/ids/uuid.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/query_params.h"
#include "common/mysql/repository_support.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/pagination/keyset.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/relationship-service/storage/mysql_engagement_repository.h"
#include "services/relationship-service/storage/storage_rules.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::mysql::QueryParams;
using ::ccrm::mysql::ReadAllRows;

constexpr char kColumns[] =
    "interaction_id, customer_id, kind, occur_time, manager_id, participants, summary, outcome, "
    "next_steps, confidential, engagement_id, created_by, create_time";

absl::Status Unreadable(const std::string& interaction_id, absl::string_view cause) {
  return absl::InternalError(
      absl::StrCat("the stored interaction ", interaction_id, " is unreadable: ", cause));
}

absl::StatusOr<std::vector<std::string>> ParseParticipants(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_array()) {
    return absl::InvalidArgumentError("participants is not a JSON array");
  }
  std::vector<std::string> out;
  for (const nlohmann::json& p : json) {
    if (!p.is_string()) {
      return absl::InvalidArgumentError("a participant is not a string");
    }
    out.push_back(p.get<std::string>());
  }
  return out;
}

absl::StatusOr<Interaction> ReadInteraction(sql::ResultSet& rs) {
  Interaction i;
  i.interaction_id = rs.getString("interaction_id").asStdString();
  i.customer_id = rs.getString("customer_id").asStdString();
  absl::StatusOr<InteractionKind> kind = ParseInteractionKind(rs.getString("kind").asStdString());
  if (!kind.ok()) {
    return Unreadable(i.interaction_id, kind.status().message());
  }
  i.kind = *kind;
  i.occur_time = mysql::GetTime(rs, "occur_time");
  i.manager_id = rs.getString("manager_id").asStdString();
  absl::StatusOr<std::vector<std::string>> participants =
      ParseParticipants(rs.getString("participants").asStdString());
  if (!participants.ok()) {
    return Unreadable(i.interaction_id, participants.status().message());
  }
  i.participants = *std::move(participants);
  i.summary = rs.getString("summary").asStdString();
  i.outcome = rs.getString("outcome").asStdString();
  i.next_steps = rs.getString("next_steps").asStdString();
  i.confidential = rs.getBoolean("confidential");
  i.engagement_id = rs.getString("engagement_id").asStdString();
  i.created_by = rs.getString("created_by").asStdString();
  i.create_time = mysql::GetTime(rs, "create_time");
  return i;
}

absl::StatusOr<Interaction> GetInteraction(mysql::Session& s, const std::string& interaction_id) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM interactions WHERE interaction_id = ?"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  select.setString(1, interaction_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return absl::InternalError(absl::StrCat("interaction ", interaction_id,
                                            " of an earlier request with this request id is gone"));
  }
  return ReadInteraction(*rs);
}

}  // namespace

MySqlInteractionRepository::MySqlInteractionRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<Interaction> MySqlInteractionRepository::Log(const Interaction& interaction,
                                                            const IdempotencyKey& key,
                                                            const WriteContext& write) {
  Interaction stored = interaction;
  if (stored.interaction_id.empty()) {
    stored.interaction_id = NewUuidV7(write.now);
  }
  stored.redacted = false;
  stored.occur_time = TruncateToMicros(stored.occur_time);
  stored.create_time = TruncateToMicros(stored.create_time);
  const std::string participants = nlohmann::json(stored.participants).dump();
  return mysql::RunInTransaction<Interaction>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Interaction> {
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            mysql::ClaimRequestId(s, kInteractionLogScope, key,
                                  InteractionName(stored.customer_id, stored.interaction_id),
                                  write.now));
        if (earlier.has_value()) {
          return GetInteraction(s, LastNameSegment(*earlier));
        }
        static const auto* sql =
            new std::string(absl::StrCat("INSERT INTO interactions (", kColumns,
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        sql::PreparedStatement& insert = s.Prepare(*sql);
        int i = 1;
        insert.setString(i++, stored.interaction_id);
        insert.setString(i++, stored.customer_id);
        insert.setString(i++, InteractionKindName(stored.kind));
        insert.setString(i++, mysql::SqlTime(stored.occur_time));
        insert.setString(i++, stored.manager_id);
        insert.setString(i++, participants);
        insert.setString(i++, stored.summary);
        insert.setString(i++, stored.outcome);
        insert.setString(i++, stored.next_steps);
        insert.setBoolean(i++, stored.confidential);
        insert.setString(i++, stored.engagement_id);
        insert.setString(i++, stored.created_by);
        insert.setString(i++, mysql::SqlTime(stored.create_time));
        try {
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return InteractionAlreadyExists(stored.interaction_id);
          }
          throw;
        }
        if (!stored.engagement_id.empty()) {
          // Its error rolls the interaction (and the request-id claim) back with it.
          RETURN_IF_ERROR(CompleteEngagementIn(s, stored.customer_id, stored.engagement_id,
                                               stored.interaction_id, write.now));
        }
        return stored;
      });
}

absl::StatusOr<Page<Interaction>> MySqlInteractionRepository::List(const std::string& customer_id,
                                                                   InteractionKind kind,
                                                                   const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  // The timeline index, named: on a page deep in a long timeline MariaDB 10.11 otherwise picks
  // `ref` on customer_id alone and reads every newer row before the page (0.13 ms → 15 ms for
  // page 250 of 10,000 interactions, measured with ANALYZE FORMAT=JSON).
  std::string sql = absl::StrCat(
      "SELECT ", kColumns,
      " FROM interactions FORCE INDEX (ix_interactions_timeline) WHERE customer_id = ?");
  QueryParams params;
  params.AddString(customer_id);
  if (kind != InteractionKind::kUnspecified) {
    sql += " AND kind = ?";
    params.AddString(InteractionKindName(kind));
  }
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time after, ParseTimeKey(page.after_key[0]));
    sql += mysql::KeysetCondition("occur_time", "interaction_id", /*descending=*/true);
    params.AddString(mysql::SqlTime(after));
    params.AddString(mysql::SqlTime(after));
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY occur_time DESC, interaction_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Interaction> rows,
                   ReadAllRows<Interaction>(*pool_, sql, params, ReadInteraction));
  return FinishPage(std::move(rows), limit, InteractionPageKey);
}

}  // namespace ccrm::relationship
