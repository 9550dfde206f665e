#include "services/credit-rating/storage/mysql_rating_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/events/outbox.h"
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
#include "services/credit-rating/storage/rating_document.h"
#include "services/credit-rating/storage/repository_rules.h"

namespace ccrm::rating {
namespace {

constexpr char kApprovedKey[] = "uk_ratings_approved";

// In the order BindRating binds them.
constexpr char kColumns[] =
    "rating_id, customer_id, state, model_id, model_version, score, model_grade, final_grade, "
    "probability_of_default, maker, checker, override_reason, rejection_reason, create_time, "
    "decision_time, valid_until, review_required, review_reason, rerating_job, update_time, "
    "revision, document";

const std::vector<std::string>& ColumnNames() {
  static const auto* names =
      new std::vector<std::string>(absl::StrSplit(kColumns, ", ", absl::SkipEmpty()));
  return *names;
}

// Binds every column of `r` in ColumnNames() order from index 1.
void BindRating(sql::PreparedStatement& stmt, const Rating& r, absl::Time update_time) {
  int i = 1;
  stmt.setString(i++, r.rating_id);
  stmt.setString(i++, r.customer_id);
  stmt.setString(i++, RatingStateName(r.state));
  stmt.setString(i++, r.computed.model_id);
  stmt.setInt(i++, r.computed.model_version);
  stmt.setDouble(i++, r.computed.score);
  stmt.setString(i++, GradeName(r.computed.model_grade));
  stmt.setString(i++, GradeName(r.final_grade));
  stmt.setDouble(i++, r.computed.probability_of_default);
  stmt.setString(i++, r.maker);
  stmt.setString(i++, r.checker);
  stmt.setString(i++, r.override_reason);
  stmt.setString(i++, r.rejection_reason);
  stmt.setString(i++, mysql::SqlTime(r.create_time));
  mysql::SetOptionalTime(stmt, i++, r.decision_time);
  mysql::SetOptionalTime(stmt, i++, r.valid_until);
  stmt.setBoolean(i++, r.review_required);
  stmt.setString(i++, r.review_reason);
  stmt.setString(i++, r.rerating_job);
  stmt.setString(i++, mysql::SqlTime(update_time));
  stmt.setInt64(i++, r.revision);
  stmt.setString(i++, EncodeRatingDocument(r));
}

absl::Status Unreadable(const std::string& rating_id, const absl::Status& cause) {
  return absl::InternalError(
      absl::StrCat("the stored rating ", rating_id, " is unreadable: ", cause.message()));
}

absl::StatusOr<Rating> ReadRating(sql::ResultSet& rs) {
  Rating r;
  r.rating_id = rs.getString("rating_id").asStdString();
  r.customer_id = rs.getString("customer_id").asStdString();
  absl::StatusOr<RatingState> state = ParseRatingState(rs.getString("state").asStdString());
  absl::StatusOr<CreditGrade> model_grade =
      ParseGradeColumn(rs.getString("model_grade").asStdString());
  absl::StatusOr<CreditGrade> final_grade =
      ParseGradeColumn(rs.getString("final_grade").asStdString());
  for (const absl::Status& s : {state.status(), model_grade.status(), final_grade.status()}) {
    if (!s.ok()) {
      return Unreadable(r.rating_id, s);
    }
  }
  r.state = *state;
  r.computed.model_id = rs.getString("model_id").asStdString();
  r.computed.model_version = rs.getInt("model_version");
  r.computed.score = rs.getDouble("score");
  r.computed.model_grade = *model_grade;
  r.final_grade = *final_grade;
  r.computed.probability_of_default = rs.getDouble("probability_of_default");
  r.maker = rs.getString("maker").asStdString();
  r.checker = rs.getString("checker").asStdString();
  r.override_reason = rs.getString("override_reason").asStdString();
  r.rejection_reason = rs.getString("rejection_reason").asStdString();
  r.create_time = mysql::GetTime(rs, "create_time");
  r.decision_time = mysql::GetOptionalTime(rs, "decision_time");
  r.valid_until = mysql::GetOptionalTime(rs, "valid_until");
  r.review_required = rs.getBoolean("review_required");
  r.review_reason = rs.getString("review_reason").asStdString();
  r.rerating_job = rs.getString("rerating_job").asStdString();
  r.revision = rs.getInt64("revision");
  absl::Status document = DecodeRatingDocument(rs.getString("document").asStdString(), &r);
  if (!document.ok()) {
    return Unreadable(r.rating_id, document);
  }
  return r;
}

// The rating, locked FOR UPDATE when `lock`. NOT_FOUND when the customer has no such rating.
absl::StatusOr<Rating> SelectRating(mysql::Session& s, const std::string& customer_id,
                                    const std::string& rating_id, bool lock) {
  static const auto* plain = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM ratings WHERE rating_id = ? AND customer_id = ?"));
  static const auto* locking = new std::string(absl::StrCat(*plain, " FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(lock ? *locking : *plain);
  select.setString(1, rating_id);
  select.setString(2, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return RatingNotFound(customer_id, rating_id);
  }
  return ReadRating(*rs);
}

// The customer's APPROVED rating other than `except_rating_id`, locked FOR UPDATE.
absl::StatusOr<std::optional<Rating>> SelectApprovedForUpdate(mysql::Session& s,
                                                              const std::string& customer_id,
                                                              const std::string& except_rating_id) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns,
                   " FROM ratings WHERE approved_customer_id = ? AND rating_id <> ? FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  select.setString(1, customer_id);
  select.setString(2, except_rating_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::optional<Rating>();
  }
  ASSIGN_OR_RETURN(Rating r, ReadRating(*rs));
  return std::optional<Rating>(std::move(r));
}

void TruncateTimes(Rating& r) {
  r.create_time = TruncateToMicros(r.create_time);
  if (r.decision_time.has_value()) {
    r.decision_time = TruncateToMicros(*r.decision_time);
  }
  if (r.valid_until.has_value()) {
    r.valid_until = TruncateToMicros(*r.valid_until);
  }
}

// The UPDATE of every column of one rating; binds BindRating's values, then the rating id.
const std::string& UpdateSql() {
  static const auto* sql = [] {
    std::vector<std::string> sets;
    for (const std::string& column : ColumnNames()) {
      sets.push_back(absl::StrCat(column, " = ?"));
    }
    return new std::string(
        absl::StrCat("UPDATE ratings SET ", absl::StrJoin(sets, ", "), " WHERE rating_id = ?"));
  }();
  return *sql;
}

const std::string& InsertSql() {
  static const auto* sql = [] {
    std::vector<std::string> marks(ColumnNames().size(), "?");
    return new std::string(absl::StrCat("INSERT INTO ratings (", kColumns, ") VALUES (",
                                        absl::StrJoin(marks, ", "), ")"));
  }();
  return *sql;
}

// MarkReviewRequiredIn without the exception barrier. Throws sql::SQLException.
bool MarkReviewRequiredThrowing(mysql::Session& session, const std::string& customer_id,
                                const std::string& reason, absl::Time now) {
  sql::PreparedStatement& update = session.Prepare(
      "UPDATE ratings SET review_required = 1, review_reason = ?, update_time = ?, "
      "revision = revision + 1 WHERE approved_customer_id = ? AND review_required = 0 "
      "AND create_time < ?");
  update.setString(1, reason);
  update.setString(2, mysql::SqlTime(now));
  update.setString(3, customer_id);
  update.setString(4, mysql::SqlTime(now));
  return update.executeUpdate() > 0;
}

}  // namespace

absl::StatusOr<bool> MarkReviewRequiredIn(mysql::Session& session, const std::string& customer_id,
                                          const std::string& reason, absl::Time now) {
  try {
    return MarkReviewRequiredThrowing(session, customer_id, reason, now);
  } catch (const sql::SQLException& e) {
    if (mysql::IsConnectionLost(e.getErrorCode())) {
      session.MarkBroken();
    }
    return mysql::SqlErrorToStatus(e);
  }
}

MySqlRatingRepository::MySqlRatingRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<Rating> MySqlRatingRepository::CreateDraft(const Rating& rating,
                                                          const IdempotencyKey& key,
                                                          const WriteContext& write) {
  Rating stored = rating;
  if (stored.rating_id.empty()) {
    stored.rating_id = NewUuidV7(write.now);
  }
  stored.state = RatingState::kDraft;
  stored.revision = 1;
  TruncateTimes(stored);
  const std::string name = RatingName(stored.customer_id, stored.rating_id);

  return mysql::RunInTransaction<Rating>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Rating> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mysql::ClaimRequestId(s, kRatingCreateScope, key, name, write.now));
        if (earlier.has_value()) {
          // "customers/{customer_id}/ratings/{rating_id}".
          std::vector<std::string> parts = absl::StrSplit(*earlier, '/');
          if (parts.size() != 4) {
            return absl::InternalError(absl::StrCat("idempotency key of request ", key.request_id,
                                                    " names ", *earlier, ", not a rating"));
          }
          return SelectRating(s, parts[1], parts[3], /*lock=*/false);
        }
        sql::PreparedStatement& insert = s.Prepare(InsertSql());
        BindRating(insert, stored, write.now);
        try {
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return RatingAlreadyExists(stored.rating_id);
          }
          throw;
        }
        return stored;
      });
}

absl::StatusOr<std::optional<Rating>> MySqlRatingRepository::FindCreated(
    const IdempotencyKey& key) {
  if (key.request_id.empty()) {
    return std::optional<Rating>();
  }
  return mysql::RunReadOnly<std::optional<Rating>>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<std::optional<Rating>> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mysql::LookupRequestId(s, kRatingCreateScope, key));
        if (!earlier.has_value()) {
          return std::optional<Rating>();
        }
        std::vector<std::string> parts = absl::StrSplit(*earlier, '/');
        if (parts.size() != 4) {
          return absl::InternalError(absl::StrCat("idempotency key of request ", key.request_id,
                                                  " names ", *earlier, ", not a rating"));
        }
        ASSIGN_OR_RETURN(Rating rating, SelectRating(s, parts[1], parts[3], /*lock=*/false));
        return std::optional<Rating>(std::move(rating));
      });
}

absl::StatusOr<Rating> MySqlRatingRepository::Get(const std::string& customer_id,
                                                  const std::string& rating_id) {
  return mysql::RunReadOnly<Rating>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Rating> {
        return SelectRating(s, customer_id, rating_id, /*lock=*/false);
      });
}

absl::StatusOr<Page<Rating>> MySqlRatingRepository::ListForCustomer(const std::string& customer_id,
                                                                    const RatingFilter& filter,
                                                                    const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM ratings WHERE customer_id = ?");
  mysql::QueryParams params;
  params.AddString(customer_id);
  if (filter.state != RatingState::kUnspecified) {
    sql += " AND state = ?";
    params.AddString(RatingStateName(filter.state));
  }
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time t, ParseTimeKey(page.after_key[0]));
    const std::string after = mysql::SqlTime(t);
    sql += mysql::KeysetCondition("create_time", "rating_id", /*descending=*/true);
    params.AddString(after);
    params.AddString(after);
    params.AddString(page.after_key[1]);
  }
  sql += " ORDER BY create_time DESC, rating_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Rating> rows,
                   mysql::ReadAllRows<Rating>(*pool_, sql, params, ReadRating));
  return FinishPage(std::move(rows), limit, RatingPageKey);
}

absl::StatusOr<std::optional<Rating>> MySqlRatingRepository::LatestApproved(
    const std::string& customer_id) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM ratings WHERE approved_customer_id = ?"));
  mysql::QueryParams params;
  params.AddString(customer_id);
  ASSIGN_OR_RETURN(std::vector<Rating> rows,
                   mysql::ReadAllRows<Rating>(*pool_, *sql, params, ReadRating));
  if (rows.empty()) {
    return std::optional<Rating>();
  }
  return std::optional<Rating>(std::move(rows.front()));
}

absl::StatusOr<Rating> MySqlRatingRepository::Decide(
    const std::string& customer_id, const std::string& rating_id, int64_t expected_revision,
    const std::function<absl::StatusOr<Decision>(Rating& rating,
                                                 const std::optional<Rating>& previous)>& decide,
    const WriteContext& write) {
  const std::string name = RatingName(customer_id, rating_id);
  return mysql::RunRetryingKeyCollisions<Rating>(
      *pool_, [&](mysql::Session& s) -> absl::StatusOr<Rating> {
        ASSIGN_OR_RETURN(Rating current, SelectRating(s, customer_id, rating_id, /*lock=*/true));
        RETURN_IF_ERROR(CheckRevision(name, expected_revision, current.revision));
        ASSIGN_OR_RETURN(std::optional<Rating> previous,
                         SelectApprovedForUpdate(s, customer_id, rating_id));
        Rating next = current;
        ASSIGN_OR_RETURN(Decision decision, decide(next, previous));
        next.rating_id = current.rating_id;
        next.customer_id = current.customer_id;
        next.create_time = current.create_time;
        next.revision = current.revision + 1;
        TruncateTimes(next);

        // Before the rating becomes APPROVED: the unique key allows one approved rating.
        if (next.state == RatingState::kApproved && previous.has_value()) {
          sql::PreparedStatement& supersede = s.Prepare(
              "UPDATE ratings SET state = 'SUPERSEDED', update_time = ?, "
              "revision = revision + 1 WHERE rating_id = ?");
          supersede.setString(1, mysql::SqlTime(write.now));
          supersede.setString(2, previous->rating_id);
          supersede.executeUpdate();
        }
        sql::PreparedStatement& update = s.Prepare(UpdateSql());
        BindRating(update, next, write.now);
        update.setString(static_cast<int>(ColumnNames().size()) + 1, rating_id);
        try {
          update.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (mysql::IsDuplicateKeyOn(e, kApprovedKey)) {
            return mysql::KeyCollision(absl::StrCat("another rating of customer ", customer_id,
                                                    " was approved at the same time"));
          }
          throw;
        }
        for (const events::OutboxEvent& event : decision.events) {
          events::AppendEvent(s, event, write);
        }
        return next;
      });
}

absl::StatusOr<Page<Rating>> MySqlRatingRepository::ListDueForReview(absl::Time due_before,
                                                                     const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 3));
  const int limit = PageLimit(page);
  static const auto* expiry = new std::string(
      absl::StrCat("COALESCE(valid_until, CAST('", kNeverExpires, "' AS DATETIME(6)))"));
  std::string sql =
      absl::StrCat("SELECT ", kColumns,
                   " FROM ratings WHERE state = 'APPROVED' AND (review_required = 1 OR "
                   "valid_until < ?)");
  mysql::QueryParams params;
  params.AddString(mysql::SqlTime(due_before));
  if (!page.after_key.empty()) {
    // Key: not-required flag ("0" = review required, sorts first), expiry, id.
    ASSIGN_OR_RETURN(int flag, ParseReviewFlagKey(page.after_key[0]));
    ASSIGN_OR_RETURN(absl::Time t, ParseTimeKey(page.after_key[1]));
    const std::string after = mysql::SqlTime(t);
    absl::StrAppend(&sql, " AND ((1 - review_required) > ? OR ((1 - review_required) = ? AND (",
                    *expiry, " > ? OR (", *expiry, " = ? AND rating_id > ?))))");
    params.AddInt(flag);
    params.AddInt(flag);
    params.AddString(after);
    params.AddString(after);
    params.AddString(page.after_key[2]);
  }
  absl::StrAppend(&sql, " ORDER BY review_required DESC, ", *expiry, " ASC, rating_id ASC LIMIT ?");
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Rating> rows,
                   mysql::ReadAllRows<Rating>(*pool_, sql, params, ReadRating));
  return FinishPage(std::move(rows), limit, DueForReviewPageKey);
}

absl::StatusOr<bool> MySqlRatingRepository::MarkReviewRequired(const std::string& customer_id,
                                                               const std::string& reason,
                                                               absl::Time now) {
  return mysql::RunInTransaction<bool>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<bool> {
        return MarkReviewRequiredThrowing(s, customer_id, reason, now);
      });
}

}  // namespace ccrm::rating
