#include "services/relationship-service/storage/mysql_satisfaction_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/events/outbox.h"
#include "common/ids/uuid.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/query_params.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/pagination/keyset.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/relationship-service/storage/storage_rules.h"

namespace ccrm::relationship {
namespace {

using ::ccrm::mysql::QueryParams;
using ::ccrm::mysql::ReadAllRows;

constexpr char kSurveyColumns[] =
    "survey_id, customer_id, csat, nps, comment, survey_time, manager_id, recorded_by, "
    "create_time";
constexpr char kContributionColumns[] =
    "customer_id, month, currency_code, interest_income, fee_income, average_deposits, "
    "recorded_by, record_time";

Survey ReadSurvey(sql::ResultSet& rs) {
  Survey s;
  s.survey_id = rs.getString("survey_id").asStdString();
  s.customer_id = rs.getString("customer_id").asStdString();
  s.csat = rs.getInt("csat");
  s.nps = rs.getInt("nps");
  s.comment = rs.getString("comment").asStdString();
  s.survey_time = mysql::GetTime(rs, "survey_time");
  s.manager_id = rs.getString("manager_id").asStdString();
  s.recorded_by = rs.getString("recorded_by").asStdString();
  s.create_time = mysql::GetTime(rs, "create_time");
  return s;
}

absl::StatusOr<Survey> GetSurvey(mysql::Session& s, const std::string& survey_name) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kSurveyColumns, " FROM satisfaction_surveys WHERE survey_id = ?"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  select.setString(1, survey_name.substr(survey_name.rfind('/') + 1));
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return IdempotentResultGone(survey_name);
  }
  return ReadSurvey(*rs);
}

// The customer's latest survey before `survey` by (survey_time, survey_id), if any.
std::optional<Survey> PreviousSurvey(mysql::Session& s, const Survey& survey) {
  static const auto* sql = new std::string(absl::StrCat(
      "SELECT ", kSurveyColumns,
      " FROM satisfaction_surveys WHERE customer_id = ? AND (survey_time < ? OR "
      "(survey_time = ? AND survey_id < ?)) ORDER BY survey_time DESC, survey_id DESC LIMIT 1"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  const std::string time = mysql::SqlTime(survey.survey_time);
  select.setString(1, survey.customer_id);
  select.setString(2, time);
  select.setString(3, time);
  select.setString(4, survey.survey_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::nullopt;
  }
  return ReadSurvey(*rs);
}

absl::Status UnreadableContribution(const std::string& customer_id, absl::string_view cause) {
  return absl::InternalError(
      absl::StrCat("a stored contribution of customer ", customer_id, " is unreadable: ", cause));
}

absl::StatusOr<Contribution> ReadContribution(sql::ResultSet& rs) {
  Contribution c;
  c.customer_id = rs.getString("customer_id").asStdString();
  std::optional<absl::CivilDay> month = mysql::ParseSqlDate(rs.getString("month").asStdString());
  if (!month.has_value()) {
    return UnreadableContribution(c.customer_id, "bad month");
  }
  c.month = *month;
  const std::string currency = rs.getString("currency_code").asStdString();
  const std::pair<const char*, Money*> amounts[] = {{"interest_income", &c.interest_income},
                                                    {"fee_income", &c.fee_income},
                                                    {"average_deposits", &c.average_deposits}};
  for (const auto& [column, amount] : amounts) {
    absl::StatusOr<Money> m = ParseMoney(currency, rs.getString(column).asStdString());
    if (!m.ok()) {
      return UnreadableContribution(c.customer_id, m.status().message());
    }
    *amount = *std::move(m);
  }
  c.recorded_by = rs.getString("recorded_by").asStdString();
  c.record_time = mysql::GetTime(rs, "record_time");
  return c;
}

absl::StatusOr<Contribution> GetContribution(mysql::Session& s, const std::string& name) {
  // "customers/{customer_id}/contributions/{yyyy-mm}".
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  absl::CivilMonth month;
  if (parts.size() != 4 || !absl::ParseCivilTime(parts[3], &month)) {
    return IdempotentResultGone(name);
  }
  static const auto* sql = new std::string(absl::StrCat(
      "SELECT ", kContributionColumns, " FROM contributions WHERE customer_id = ? AND month = ?"));
  sql::PreparedStatement& select = s.Prepare(*sql);
  select.setString(1, parts[1]);
  select.setString(2, mysql::SqlDate(absl::CivilDay(month)));
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return IdempotentResultGone(name);
  }
  return ReadContribution(*rs);
}

}  // namespace

// ---- Surveys ----

MySqlSurveyRepository::MySqlSurveyRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<Survey> MySqlSurveyRepository::Record(const Survey& survey,
                                                     const IdempotencyKey& key,
                                                     const RelationshipEventEncoder& encoder,
                                                     const WriteContext& write) {
  Survey stored = survey;
  if (stored.survey_id.empty()) {
    stored.survey_id = NewUuidV7(write.now);
  }
  stored.survey_time = TruncateToMicros(stored.survey_time);
  stored.create_time = TruncateToMicros(stored.create_time);
  return mysql::RunInTransaction<Survey>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Survey> {
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            mysql::ClaimRequestId(s, kSurveyRecordScope, key, SurveyName(stored), write.now));
        if (earlier.has_value()) {
          return GetSurvey(s, *earlier);
        }
        const std::optional<Survey> previous = PreviousSurvey(s, stored);
        static const auto* sql =
            new std::string(absl::StrCat("INSERT INTO satisfaction_surveys (", kSurveyColumns,
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        sql::PreparedStatement& insert = s.Prepare(*sql);
        int i = 1;
        insert.setString(i++, stored.survey_id);
        insert.setString(i++, stored.customer_id);
        insert.setInt(i++, stored.csat);
        insert.setInt(i++, stored.nps);
        insert.setString(i++, stored.comment);
        insert.setString(i++, mysql::SqlTime(stored.survey_time));
        insert.setString(i++, stored.manager_id);
        insert.setString(i++, stored.recorded_by);
        insert.setString(i++, mysql::SqlTime(stored.create_time));
        try {
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return WithReason(absl::AlreadyExistsError(
                                  absl::StrCat("survey ", stored.survey_id, " already exists")),
                              "SURVEY_ALREADY_EXISTS");
          }
          throw;
        }
        std::optional<SurveyScores> previous_scores;
        if (previous.has_value()) {
          previous_scores = ScoresOf(*previous);
        }
        if (IsSatisfactionDrop(previous_scores, ScoresOf(stored))) {
          events::AppendEvent(s, encoder.SatisfactionDropped(stored, previous, write), write);
        }
        return stored;
      });
}

absl::StatusOr<std::vector<SurveyScores>> MySqlSurveyRepository::ScoresSince(SurveySubject subject,
                                                                             const std::string& id,
                                                                             absl::Time since) {
  if (subject == SurveySubject::kManager && id.empty()) {
    return std::vector<SurveyScores>();
  }
  const char* owner = subject == SurveySubject::kManager ? "manager_id" : "customer_id";
  const std::string sql =
      absl::StrCat("SELECT csat, nps, survey_time FROM satisfaction_surveys WHERE ", owner,
                   " = ? AND survey_time >= ? ORDER BY survey_time, survey_id");
  QueryParams params;
  params.AddString(id);
  params.AddString(mysql::SqlTime(since));
  return ReadAllRows<SurveyScores>(*pool_, sql, params, [](sql::ResultSet& rs) {
    return SurveyScores{rs.getInt("csat"), rs.getInt("nps"), mysql::GetTime(rs, "survey_time")};
  });
}

// ---- Contributions ----

MySqlContributionRepository::MySqlContributionRepository(mysql::ConnectionPool* pool)
    : pool_(pool) {}

absl::StatusOr<Contribution> MySqlContributionRepository::Record(const Contribution& contribution,
                                                                 const IdempotencyKey& key,
                                                                 const WriteContext& write) {
  RETURN_IF_ERROR(CheckStorable(contribution));
  const std::string& currency = contribution.interest_income.currency_code;
  Contribution stored = contribution;
  stored.record_time = TruncateToMicros(stored.record_time);
  return mysql::RunInTransaction<Contribution>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Contribution> {
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            mysql::ClaimRequestId(s, kContributionRecordScope, key,
                                  ContributionName(stored.customer_id, stored.month), write.now));
        if (earlier.has_value()) {
          return GetContribution(s, *earlier);
        }
        static const auto* sql = new std::string(absl::StrCat(
            "INSERT INTO contributions (", kContributionColumns,
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE currency_code = "
            "VALUES(currency_code), interest_income = VALUES(interest_income), fee_income = "
            "VALUES(fee_income), average_deposits = VALUES(average_deposits), recorded_by = "
            "VALUES(recorded_by), record_time = VALUES(record_time)"));
        sql::PreparedStatement& upsert = s.Prepare(*sql);
        int i = 1;
        upsert.setString(i++, stored.customer_id);
        upsert.setString(i++, mysql::SqlDate(stored.month));
        upsert.setString(i++, currency);
        mysql::SetOptionalMoney(upsert, i++, stored.interest_income);
        mysql::SetOptionalMoney(upsert, i++, stored.fee_income);
        mysql::SetOptionalMoney(upsert, i++, stored.average_deposits);
        upsert.setString(i++, stored.recorded_by);
        upsert.setString(i++, mysql::SqlTime(stored.record_time));
        upsert.executeUpdate();
        return stored;
      });
}

absl::StatusOr<std::vector<Contribution>> MySqlContributionRepository::Since(
    const std::string& customer_id, absl::CivilDay since) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kContributionColumns,
                   " FROM contributions WHERE customer_id = ? AND month >= ? ORDER BY month"));
  QueryParams params;
  params.AddString(customer_id);
  params.AddString(mysql::SqlDate(since));
  return ReadAllRows<Contribution>(*pool_, *sql, params, ReadContribution);
}

}  // namespace ccrm::relationship
