#include "services/credit-rating/storage/mysql_model_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <utility>
#include <vector>

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
#include "services/credit-rating/domain/model_definition.h"
#include "services/credit-rating/storage/column_values.h"
#include "services/credit-rating/storage/repository_rules.h"

namespace ccrm::rating {
namespace {

constexpr char kVersionKey[] = "uk_scorecard_models_version";
constexpr char kActiveKey[] = "uk_scorecard_models_active";
constexpr char kColumns[] =
    "model_id, family, version, state, description, definition, created_by, create_time, "
    "activate_time, revision";

absl::StatusOr<ScorecardModel> ReadModel(sql::ResultSet& rs) {
  const std::string model_id = rs.getString("model_id").asStdString();
  absl::StatusOr<ScorecardModel> definition =
      ModelDefinitionFromJson(rs.getString("definition").asStdString());
  if (!definition.ok()) {
    return absl::InternalError(absl::StrCat("the stored definition of scorecard model ", model_id,
                                            " is unreadable: ", definition.status().message()));
  }
  ScorecardModel m = *std::move(definition);
  m.model_id = model_id;
  m.family = rs.getString("family").asStdString();
  m.version = rs.getInt("version");
  absl::StatusOr<ModelState> state = ParseModelState(rs.getString("state").asStdString());
  if (!state.ok()) {
    return absl::InternalError(
        absl::StrCat("scorecard model ", model_id, ": ", state.status().message()));
  }
  m.state = *state;
  m.description = rs.getString("description").asStdString();
  m.created_by = rs.getString("created_by").asStdString();
  m.create_time = mysql::GetTime(rs, "create_time");
  m.activate_time = mysql::GetOptionalTime(rs, "activate_time");
  m.revision = rs.getInt64("revision");
  return m;
}

// The model `model_id`, locked FOR UPDATE when `lock`; nullopt when there is none.
absl::StatusOr<std::optional<ScorecardModel>> FindModel(mysql::Session& s,
                                                        const std::string& model_id, bool lock) {
  static const auto* plain = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM scorecard_models WHERE model_id = ?"));
  static const auto* locking = new std::string(absl::StrCat(*plain, " FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(lock ? *locking : *plain);
  select.setString(1, model_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::optional<ScorecardModel>();
  }
  ASSIGN_OR_RETURN(ScorecardModel m, ReadModel(*rs));
  return std::optional<ScorecardModel>(std::move(m));
}

absl::StatusOr<ScorecardModel> GetModel(mysql::Session& s, const std::string& model_id, bool lock) {
  ASSIGN_OR_RETURN(std::optional<ScorecardModel> m, FindModel(s, model_id, lock));
  if (!m.has_value()) {
    return ModelNotFound(model_id);
  }
  return *std::move(m);
}

// Inserts `m` with `definition` as its definition. Throws sql::SQLException.
void InsertModel(mysql::Session& s, const ScorecardModel& m, const std::string& definition) {
  static const auto* sql = new std::string(absl::StrCat("INSERT INTO scorecard_models (", kColumns,
                                                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  sql::PreparedStatement& insert = s.Prepare(*sql);
  insert.setString(1, m.model_id);
  insert.setString(2, m.family);
  insert.setInt(3, m.version);
  insert.setString(4, ModelStateName(m.state));
  insert.setString(5, m.description);
  insert.setString(6, definition);
  insert.setString(7, m.created_by);
  insert.setString(8, mysql::SqlTime(m.create_time));
  mysql::SetOptionalTime(insert, 9, m.activate_time);
  insert.setInt64(10, m.revision);
  insert.executeUpdate();
}

void TruncateTimes(ScorecardModel& m) {
  m.create_time = TruncateToMicros(m.create_time);
  if (m.activate_time.has_value()) {
    m.activate_time = TruncateToMicros(*m.activate_time);
  }
}

}  // namespace

MySqlModelRepository::MySqlModelRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<ScorecardModel> MySqlModelRepository::Create(const ScorecardModel& model,
                                                            const IdempotencyKey& key,
                                                            const WriteContext& write) {
  ScorecardModel draft = model;
  if (draft.model_id.empty()) {
    draft.model_id = NewUuidV7(write.now);
  }
  draft.state = ModelState::kDraft;
  draft.activate_time.reset();
  draft.revision = 1;
  TruncateTimes(draft);
  const std::string definition = ModelDefinitionToJson(draft);
  const std::string name = ModelName(draft.model_id);

  return mysql::RunRetryingKeyCollisions<ScorecardModel>(
      *pool_, [&](mysql::Session& s) -> absl::StatusOr<ScorecardModel> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mysql::ClaimRequestId(s, kModelCreateScope, key, name, write.now));
        if (earlier.has_value()) {
          const std::string earlier_id = LastNameSegment(*earlier);
          return GetModel(s, earlier_id, /*lock=*/false);
        }
        // Locks the family's newest version, so creates in one family queue here; the first
        // version of a family has nothing to lock, and the unique key settles that race.
        sql::PreparedStatement& max = s.Prepare(
            "SELECT COALESCE(MAX(version), 0) AS max_version FROM scorecard_models "
            "WHERE family = ? FOR UPDATE");
        max.setString(1, draft.family);
        std::unique_ptr<sql::ResultSet> rs(max.executeQuery());
        ScorecardModel stored = draft;
        stored.version = rs->next() ? rs->getInt("max_version") + 1 : 1;
        try {
          InsertModel(s, stored, definition);
        } catch (const sql::SQLException& e) {
          if (mysql::IsDuplicateKeyOn(e, kVersionKey)) {
            return mysql::KeyCollision(absl::StrCat("another version of model family ",
                                                    stored.family,
                                                    " was created at the same time"));
          }
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return ModelAlreadyExists(stored.model_id);
          }
          throw;
        }
        return stored;
      });
}

absl::StatusOr<ScorecardModel> MySqlModelRepository::Get(const std::string& model_id) {
  return mysql::RunReadOnly<ScorecardModel>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<ScorecardModel> {
        return GetModel(s, model_id, /*lock=*/false);
      });
}

absl::StatusOr<std::optional<ScorecardModel>> MySqlModelRepository::GetActive(
    const std::string& family) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM scorecard_models WHERE active_family = ?"));
  mysql::QueryParams params;
  params.AddString(family);
  ASSIGN_OR_RETURN(std::vector<ScorecardModel> rows,
                   mysql::ReadAllRows<ScorecardModel>(*pool_, *sql, params, ReadModel));
  if (rows.empty()) {
    return std::optional<ScorecardModel>();
  }
  return std::optional<ScorecardModel>(std::move(rows.front()));
}

absl::StatusOr<Page<ScorecardModel>> MySqlModelRepository::List(const std::string& family,
                                                                const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM scorecard_models WHERE 1 = 1");
  mysql::QueryParams params;
  if (!family.empty()) {
    sql += " AND family = ?";
    params.AddString(family);
  }
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(int version, ParseVersionKey(page.after_key[1]));
    // Family ascending, then version descending.
    sql += " AND family >= ? AND (family > ? OR version < ?)";
    params.AddString(page.after_key[0]);
    params.AddString(page.after_key[0]);
    params.AddInt(version);
  }
  sql += " ORDER BY family ASC, version DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<ScorecardModel> rows,
                   mysql::ReadAllRows<ScorecardModel>(*pool_, sql, params, ReadModel));
  return FinishPage(std::move(rows), limit, ModelPageKey);
}

absl::StatusOr<ScorecardModel> MySqlModelRepository::Activate(const std::string& model_id,
                                                              int64_t expected_revision,
                                                              const WriteContext& write) {
  return mysql::RunRetryingKeyCollisions<ScorecardModel>(
      *pool_, [&](mysql::Session& s) -> absl::StatusOr<ScorecardModel> {
        ASSIGN_OR_RETURN(ScorecardModel current, GetModel(s, model_id, /*lock=*/true));
        if (current.state == ModelState::kActive) {
          return current;
        }
        RETURN_IF_ERROR(CheckRevision(ModelName(model_id), expected_revision, current.revision));
        if (current.state == ModelState::kRetired) {
          return ModelRetired(current);
        }
        sql::PreparedStatement& retire = s.Prepare(
            "UPDATE scorecard_models SET state = 'RETIRED', revision = revision + 1 "
            "WHERE active_family = ?");
        retire.setString(1, current.family);
        retire.executeUpdate();

        ScorecardModel next = current;
        next.state = ModelState::kActive;
        next.activate_time = TruncateToMicros(write.now);
        next.revision = current.revision + 1;
        sql::PreparedStatement& activate = s.Prepare(
            "UPDATE scorecard_models SET state = 'ACTIVE', activate_time = ?, revision = ? "
            "WHERE model_id = ?");
        activate.setString(1, mysql::SqlTime(*next.activate_time));
        activate.setInt64(2, next.revision);
        activate.setString(3, model_id);
        try {
          activate.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (mysql::IsDuplicateKeyOn(e, kActiveKey)) {
            return mysql::KeyCollision(absl::StrCat("another version of model family ",
                                                    current.family,
                                                    " was activated at the same time"));
          }
          throw;
        }
        return next;
      });
}

absl::Status MySqlModelRepository::Seed(const ScorecardModel& model) {
  ScorecardModel seed = model;
  TruncateTimes(seed);
  const std::string definition = ModelDefinitionToJson(seed);
  return mysql::RunInTransaction(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<ScorecardModel> existing,
                         FindModel(s, seed.model_id, /*lock=*/false));
        if (existing.has_value()) {
          return absl::OkStatus();
        }
        try {
          InsertModel(s, seed, definition);
        } catch (const sql::SQLException& e) {
          if (mysql::IsDuplicateKeyOn(e, "PRIMARY")) {
            return absl::OkStatus();  // Another replica seeded it meanwhile.
          }
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            const std::string clash =
                mysql::IsDuplicateKeyOn(e, kActiveKey)
                    ? absl::StrCat("model family ", seed.family, " already has an active version")
                    : absl::StrCat("model family ", seed.family, " already has a version ",
                                   seed.version);
            return WithReason(absl::AlreadyExistsError(absl::StrCat("cannot seed scorecard model ",
                                                                    seed.model_id, ": ", clash)),
                              "MODEL_ALREADY_EXISTS");
          }
          throw;
        }
        return absl::OkStatus();
      });
}

}  // namespace ccrm::rating
