// MySqlRiskReader: the lists, single reads, sweeps and the portfolio summary. The risk files
// (LoadExposureFile, LoadRiskFile, LoadRiskFiles) are in mysql_risk_files.cc.
#include "services/risk-warning/storage/mysql_risk_reader.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/mysql/query_params.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/pagination/keyset.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/storage/risk_file_loader.h"
#include "services/risk-warning/storage/risk_rows.h"

namespace ccrm::risk {
namespace {

using ::ccrm::mysql::QueryParams;
using ::ccrm::mysql::Session;

constexpr char kOpenStatuses[] = "'OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'";
// The largest IN list a page needs (kMaxPageSize rows, rounded up to a power of two).
constexpr size_t kMaxInList = 512;

absl::Status AlertNotFound(const std::string& alert_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("alert ", alert_id, " not found")),
                    "ALERT_NOT_FOUND");
}

absl::Status PlanNotFound(const std::string& plan_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("contingency plan ", plan_id, " not found")),
                    "PLAN_NOT_FOUND");
}

std::string Text(sql::ResultSet& rs, const char* column) {
  return rs.getString(column).asStdString();
}

// " IN (?, ?, …)" for `ids`, padded to a power of two by repeating the last id, so a session
// caches a handful of statements however the page sizes vary. `ids` must not be empty.
std::string InList(const std::vector<std::string>& ids, QueryParams& params) {
  size_t slots = 1;
  while (slots < ids.size() && slots < kMaxInList) {
    slots *= 2;
  }
  slots = std::max(slots, ids.size());
  std::string sql = " IN (";
  for (size_t i = 0; i < slots; ++i) {
    absl::StrAppend(&sql, i == 0 ? "?" : ", ?");
    params.AddString(i < ids.size() ? ids[i] : ids.back());
  }
  sql += ")";
  return sql;
}

// The rows `sql` selects, each handed to `read` (which returns absl::Status).
template <typename ReadRow>
absl::Status ForEachRow(Session& s, const std::string& sql, const QueryParams& params,
                        const ReadRow& read) {
  sql::PreparedStatement& select = s.Prepare(sql);
  params.BindTo(select);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  while (rs->next()) {
    RETURN_IF_ERROR(read(*rs));
  }
  return absl::OkStatus();
}

template <typename T, typename ReadRow>
absl::StatusOr<std::vector<T>> Rows(Session& s, const std::string& sql, const QueryParams& params,
                                    const ReadRow& read) {
  std::vector<T> out;
  RETURN_IF_ERROR(ForEachRow(s, sql, params, [&](sql::ResultSet& rs) -> absl::Status {
    ASSIGN_OR_RETURN(T row, read(rs));
    out.push_back(std::move(row));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<Money> MoneyIn(sql::ResultSet& rs, const char* column, const std::string& currency,
                              const std::string& what) {
  absl::StatusOr<Money> m = ParseMoney(currency, Text(rs, column));
  if (!m.ok()) {
    return absl::InternalError(absl::StrCat("the stored ", what, " has an unreadable ", column));
  }
  return m;
}

// Fills the use-of-funds plan and the repayment schedule of `exposures`: one query each for all
// of them.
absl::Status FillPlansAndSchedules(Session& s, std::vector<Exposure>& exposures) {
  if (exposures.empty()) {
    return absl::OkStatus();
  }
  std::map<std::string, Exposure*> by_id;
  std::vector<std::string> ids;
  for (Exposure& e : exposures) {
    by_id[e.exposure_id] = &e;
    ids.push_back(e.exposure_id);
  }
  QueryParams plan_params;
  const std::string plan_sql = absl::StrCat(
      "SELECT exposure_id, category, payee, amount FROM planned_uses WHERE exposure_id",
      InList(ids, plan_params), " ORDER BY exposure_id, line_number");
  RETURN_IF_ERROR(ForEachRow(s, plan_sql, plan_params, [&](sql::ResultSet& rs) -> absl::Status {
    Exposure& e = *by_id.at(Text(rs, "exposure_id"));
    PlannedUse use;
    use.category = Text(rs, "category");
    use.payee = Text(rs, "payee");
    ASSIGN_OR_RETURN(use.amount, MoneyIn(rs, "amount", e.amount.currency_code,
                                         absl::StrCat("plan of exposure ", e.exposure_id)));
    e.use_of_funds_plan.push_back(std::move(use));
    return absl::OkStatus();
  }));
  QueryParams schedule_params;
  const std::string schedule_sql = absl::StrCat(
      "SELECT exposure_id, due_date, principal, interest FROM installments WHERE exposure_id",
      InList(ids, schedule_params), " ORDER BY exposure_id, due_date");
  return ForEachRow(s, schedule_sql, schedule_params, [&](sql::ResultSet& rs) -> absl::Status {
    Exposure& e = *by_id.at(Text(rs, "exposure_id"));
    const std::string what = absl::StrCat("schedule of exposure ", e.exposure_id);
    std::optional<absl::CivilDay> due = mysql::ParseSqlDate(Text(rs, "due_date"));
    if (!due.has_value()) {
      return absl::InternalError(absl::StrCat("the stored ", what, " has an unreadable due_date"));
    }
    Installment installment;
    installment.due_date = *due;
    ASSIGN_OR_RETURN(installment.principal, MoneyIn(rs, "principal", e.amount.currency_code, what));
    ASSIGN_OR_RETURN(installment.interest, MoneyIn(rs, "interest", e.amount.currency_code, what));
    e.repayment_schedule.push_back(std::move(installment));
    return absl::OkStatus();
  });
}

// Fills the steps of `plans`, one query for all of them.
absl::Status FillSteps(Session& s, std::vector<ContingencyPlan>& plans) {
  if (plans.empty()) {
    return absl::OkStatus();
  }
  std::map<std::string, ContingencyPlan*> by_id;
  std::vector<std::string> ids;
  for (ContingencyPlan& p : plans) {
    by_id[p.plan_id] = &p;
    ids.push_back(p.plan_id);
  }
  QueryParams params;
  const std::string sql =
      absl::StrCat("SELECT ", kStepColumns, " FROM contingency_steps WHERE plan_id",
                   InList(ids, params), " ORDER BY plan_id, step_number");
  return ForEachRow(s, sql, params, [&](sql::ResultSet& rs) -> absl::Status {
    ContingencyPlan& plan = *by_id.at(Text(rs, "plan_id"));
    ASSIGN_OR_RETURN(ContingencyStep step, ReadStepRow(rs));
    plan.steps.push_back(std::move(step));
    return absl::OkStatus();
  });
}

std::vector<std::string> AlertPageKey(const Alert& a) {
  return {absl::StrCat(static_cast<int>(a.level)), TimeKey(a.open_time), a.alert_id};
}

absl::StatusOr<int> ParseLevelKey(const std::string& part) {
  int level = 0;
  if (!absl::SimpleAtoi(part, &level) || level < static_cast<int>(AlertLevel::kNone) ||
      level > static_cast<int>(AlertLevel::kRed)) {
    return InvalidField("page_token", "is not a page token of this list");
  }
  return level;
}

// The history row's alert as it was after the change. The history records what a change can
// alter (status, levels, value, rule, inputs, assignee); the alert row gives what never
// changes; the rest follows from the changes before it: acknowledged at the first change that
// left OPEN, closed (with the note as resolution) at the change that closed it, one revision per
// change. A person's status change acknowledges (alert_lifecycle.h); an evaluation clearing an
// OPEN alert does not. Deadlines are not in the history: the last change carries the alert's
// own, earlier OPEN changes none.
void CompleteFromHistory(std::vector<AlertChange>& changes,
                         const std::optional<absl::Time>& current_deadline) {
  std::optional<absl::Time> acknowledged;
  std::optional<absl::Time> closed;
  std::string resolution;
  for (size_t i = 0; i < changes.size(); ++i) {
    AlertChange& change = changes[i];
    Alert& alert = change.alert;
    if (alert.status != AlertStatus::kOpen && change.action != kActionCleared &&
        !acknowledged.has_value()) {
      acknowledged = change.change_time;
    }
    if (!IsOpen(alert.status) && !closed.has_value()) {
      closed = change.change_time;
      resolution = change.note;
    }
    alert.acknowledge_time = acknowledged;
    alert.close_time = IsOpen(alert.status) ? std::nullopt : closed;
    alert.resolution_note = IsOpen(alert.status) ? "" : resolution;
    alert.acknowledge_deadline = i + 1 == changes.size() ? current_deadline : std::nullopt;
    alert.update_time = change.change_time;
    alert.revision = static_cast<int64_t>(i) + 1;
  }
}

// One row of the summary query: a bucket of one kind.
struct BucketRow {
  std::string kind;
  std::string key;
  SummaryBucket bucket;
};

absl::StatusOr<Money> AddMoney(const Money& a, const Money& b) {
  return MoneyFromNanos(a.currency_code, TotalNanos(a) + TotalNanos(b));
}

}  // namespace

absl::StatusOr<Exposure> MySqlRiskReader::GetExposure(const std::string& exposure_id) {
  return mysql::RunReadOnly<Exposure>(
      *pool_, mysql::TxOptions{}, [&](Session& s) -> absl::StatusOr<Exposure> {
        ASSIGN_OR_RETURN(std::optional<Exposure> exposure, ReadExposureWithTerms(s, exposure_id));
        if (!exposure.has_value()) {
          return ExposureNotFound(exposure_id);
        }
        return *std::move(exposure);
      });
}

absl::StatusOr<Page<Exposure>> MySqlRiskReader::ListExposures(const ExposureFilter& filter,
                                                              const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 1));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kExposureColumns, " FROM exposures WHERE 1 = 1");
  QueryParams params;
  if (!filter.customer_id.empty()) {
    sql += " AND customer_id = ?";
    params.AddString(filter.customer_id);
  }
  if (filter.status != ExposureStatus::kUnspecified) {
    sql += " AND status = ?";
    params.AddString(StoredName(filter.status));
  }
  if (filter.category != LoanCategory::kUnspecified) {
    sql += " AND suggested_category = ?";
    params.AddString(StoredName(filter.category));
  }
  if (!page.after_key.empty()) {
    sql += " AND exposure_id > ?";
    params.AddString(page.after_key[0]);
  }
  sql += " ORDER BY exposure_id LIMIT ?";
  params.AddInt(limit + 1);
  return mysql::RunReadOnly<Page<Exposure>>(
      *pool_, mysql::TxOptions{}, [&](Session& s) -> absl::StatusOr<Page<Exposure>> {
        ASSIGN_OR_RETURN(std::vector<Exposure> rows, Rows<Exposure>(s, sql, params, ReadExposure));
        Page<Exposure> result = FinishPage(std::move(rows), limit, [](const Exposure& e) {
          return std::vector<std::string>{e.exposure_id};
        });
        RETURN_IF_ERROR(FillPlansAndSchedules(s, result.items));
        return result;
      });
}

absl::StatusOr<Page<Observation>> MySqlRiskReader::ListObservations(const std::string& exposure_id,
                                                                    const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 1));
  const int limit = PageLimit(page);
  std::string sql =
      absl::StrCat("SELECT ", kObservationColumns, " FROM observations WHERE exposure_id = ?");
  QueryParams params;
  params.AddString(exposure_id);
  if (!page.after_key.empty()) {
    sql += " AND observation_id < ?";
    params.AddString(page.after_key[0]);
  }
  sql += " ORDER BY observation_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  return mysql::RunReadOnly<Page<Observation>>(
      *pool_, mysql::TxOptions{}, [&](Session& s) -> absl::StatusOr<Page<Observation>> {
        // Amounts are in the exposure's currency, which only the exposure row says.
        sql::PreparedStatement& currency_select =
            s.Prepare("SELECT currency_code FROM exposures WHERE exposure_id = ?");
        currency_select.setString(1, exposure_id);
        std::unique_ptr<sql::ResultSet> currency_rs(currency_select.executeQuery());
        if (!currency_rs->next()) {
          return ExposureNotFound(exposure_id);
        }
        const std::string currency = Text(*currency_rs, "currency_code");
        ASSIGN_OR_RETURN(std::vector<Observation> rows,
                         Rows<Observation>(s, sql, params, [&](sql::ResultSet& rs) {
                           return ReadObservation(rs, currency);
                         }));
        return FinishPage(std::move(rows), limit, [](const Observation& o) {
          return std::vector<std::string>{o.observation_id};
        });
      });
}

absl::StatusOr<Alert> MySqlRiskReader::GetAlert(const std::string& alert_id) {
  QueryParams params;
  params.AddString(alert_id);
  ASSIGN_OR_RETURN(
      std::vector<Alert> rows,
      mysql::ReadAllRows<Alert>(
          *pool_, absl::StrCat("SELECT ", kAlertColumns, " FROM alerts WHERE alert_id = ?"), params,
          ReadAlert));
  if (rows.empty()) {
    return AlertNotFound(alert_id);
  }
  return std::move(rows.front());
}

absl::StatusOr<Page<Alert>> MySqlRiskReader::ListAlerts(const AlertFilter& filter,
                                                        const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 3));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kAlertColumns, " FROM alerts WHERE status IN (");
  QueryParams params;
  if (filter.statuses.empty()) {
    sql += kOpenStatuses;
  } else {
    for (size_t i = 0; i < filter.statuses.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
      params.AddString(StoredName(filter.statuses[i]));
    }
  }
  sql += ")";
  if (!filter.customer_id.empty()) {
    sql += " AND customer_id = ?";
    params.AddString(filter.customer_id);
  }
  if (!filter.assignee_manager_id.empty()) {
    sql += " AND assignee_manager_id = ?";
    params.AddString(filter.assignee_manager_id);
  }
  if (filter.min_level != AlertLevel::kNone) {
    sql += " AND level >= ?";
    params.AddInt(static_cast<int>(filter.min_level));
  }
  if (!filter.indicator.empty()) {
    sql += " AND indicator = ?";
    params.AddString(filter.indicator);
  }
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(int level, ParseLevelKey(page.after_key[0]));
    ASSIGN_OR_RETURN(absl::Time open_time, ParseTimeKey(page.after_key[1]));
    // Strictly after (level, open_time, alert_id) in descending order; the leading "level <= ?"
    // lets the listing index bound the range.
    sql +=
        " AND level <= ? AND (level < ? OR (open_time <= ? AND (open_time < ? OR alert_id < ?)))";
    params.AddInt(level);
    params.AddInt(level);
    params.AddString(mysql::SqlTime(open_time));
    params.AddString(mysql::SqlTime(open_time));
    params.AddString(page.after_key[2]);
  }
  sql += " ORDER BY level DESC, open_time DESC, alert_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  ASSIGN_OR_RETURN(std::vector<Alert> rows,
                   mysql::ReadAllRows<Alert>(*pool_, sql, params, ReadAlert));
  return FinishPage(std::move(rows), limit, AlertPageKey);
}

absl::StatusOr<std::vector<AlertChange>> MySqlRiskReader::AlertHistory(
    const std::string& alert_id) {
  // History columns under the names ReadAlert reads, with the alert's constant fields; the
  // fields the history does not record are completed by CompleteFromHistory.
  static const auto* const kSql = new std::string(
      "SELECT h.action, h.actor, h.note, h.change_time, a.alert_id, a.customer_id, a.indicator, "
      "h.status, h.level, h.evaluated_level, h.escalation_steps, h.value, h.threshold, h.rule_id, "
      "h.rule_version, h.inputs, a.title, a.detail, h.assignee_manager_id, a.open_time, "
      "NULL AS acknowledge_deadline, NULL AS acknowledge_time, NULL AS close_time, "
      "'' AS resolution_note, h.change_time AS update_time, 0 AS revision, "
      "a.acknowledge_deadline AS current_deadline "
      "FROM alert_history h JOIN alerts a ON a.alert_id = h.alert_id "
      "WHERE h.alert_id = ? ORDER BY h.change_id");
  return mysql::RunReadOnly<std::vector<AlertChange>>(
      *pool_, mysql::TxOptions{}, [&](Session& s) -> absl::StatusOr<std::vector<AlertChange>> {
        QueryParams params;
        params.AddString(alert_id);
        std::vector<AlertChange> changes;
        std::optional<absl::Time> current_deadline;
        RETURN_IF_ERROR(ForEachRow(s, *kSql, params, [&](sql::ResultSet& rs) -> absl::Status {
          AlertChange change;
          change.action = Text(rs, "action");
          change.actor = Text(rs, "actor");
          change.note = Text(rs, "note");
          change.change_time = mysql::GetTime(rs, "change_time");
          ASSIGN_OR_RETURN(change.alert, ReadAlert(rs));
          current_deadline = mysql::GetOptionalTime(rs, "current_deadline");
          changes.push_back(std::move(change));
          return absl::OkStatus();
        }));
        if (changes.empty()) {
          sql::PreparedStatement& exists = s.Prepare("SELECT 1 FROM alerts WHERE alert_id = ?");
          exists.setString(1, alert_id);
          std::unique_ptr<sql::ResultSet> rs(exists.executeQuery());
          if (!rs->next()) {
            return AlertNotFound(alert_id);
          }
        }
        CompleteFromHistory(changes, current_deadline);
        return changes;
      });
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
MySqlRiskReader::OverdueAcknowledgements(absl::Time now, int limit) {
  using Pair = std::pair<std::string, std::string>;
  QueryParams params;
  params.AddString(mysql::SqlTime(now));
  params.AddInt(std::max(limit, 0));
  return mysql::ReadAllRows<Pair>(
      *pool_,
      "SELECT alert_id, customer_id FROM alerts WHERE status = 'OPEN' AND "
      "acknowledge_deadline <= ? ORDER BY acknowledge_deadline, alert_id LIMIT ?",
      params, [](sql::ResultSet& rs) -> Pair {
        return {Text(rs, "alert_id"), Text(rs, "customer_id")};
      });
}

absl::StatusOr<std::vector<std::string>> MySqlRiskReader::DependentsOf(
    const std::string& customer_id) {
  // Group members either way round, and borrowers of the ACTIVE exposures the customer
  // guarantees (a closed guaranteed exposure no longer bears on the borrower's evaluation).
  static const auto* const kSql = new std::string(
      "SELECT DISTINCT d.customer_id FROM ("
      " SELECT member_customer_id AS customer_id FROM group_members WHERE customer_id = ?"
      " UNION SELECT customer_id FROM group_members WHERE member_customer_id = ?"
      " UNION SELECT e.customer_id FROM guarantors g"
      "  JOIN exposures e ON e.exposure_id = g.exposure_id"
      "  WHERE g.guarantor_customer_id = ? AND e.status = 'ACTIVE') d "
      "WHERE d.customer_id <> ? AND EXISTS (SELECT 1 FROM exposures x"
      " WHERE x.customer_id = d.customer_id AND x.status = 'ACTIVE') "
      "ORDER BY d.customer_id");
  QueryParams params;
  for (int i = 0; i < 4; ++i) {
    params.AddString(customer_id);
  }
  return mysql::ReadAllRows<std::string>(
      *pool_, *kSql, params, [](sql::ResultSet& rs) { return Text(rs, "customer_id"); });
}

absl::StatusOr<ContingencyPlan> MySqlRiskReader::GetPlan(const std::string& plan_id) {
  return mysql::RunReadOnly<ContingencyPlan>(
      *pool_, mysql::TxOptions{}, [&](Session& s) -> absl::StatusOr<ContingencyPlan> {
        ASSIGN_OR_RETURN(std::optional<ContingencyPlan> plan, ReadPlan(s, plan_id));
        if (!plan.has_value()) {
          return PlanNotFound(plan_id);
        }
        return *std::move(plan);
      });
}

absl::StatusOr<Page<ContingencyPlan>> MySqlRiskReader::ListPlans(const PlanFilter& filter,
                                                                 const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 1));
  const int limit = PageLimit(page);
  std::string sql = absl::StrCat("SELECT ", kPlanColumns, " FROM contingency_plans WHERE 1 = 1");
  QueryParams params;
  if (!filter.customer_id.empty()) {
    sql += " AND customer_id = ?";
    params.AddString(filter.customer_id);
  }
  if (filter.status != PlanStatus::kUnspecified) {
    sql += " AND status = ?";
    params.AddString(StoredName(filter.status));
  }
  if (!page.after_key.empty()) {
    sql += " AND plan_id < ?";
    params.AddString(page.after_key[0]);
  }
  sql += " ORDER BY plan_id DESC LIMIT ?";
  params.AddInt(limit + 1);
  return mysql::RunReadOnly<Page<ContingencyPlan>>(
      *pool_, mysql::TxOptions{}, [&](Session& s) -> absl::StatusOr<Page<ContingencyPlan>> {
        ASSIGN_OR_RETURN(std::vector<ContingencyPlan> rows,
                         Rows<ContingencyPlan>(s, sql, params, ReadPlanRow));
        Page<ContingencyPlan> result = FinishPage(
            std::move(rows), limit,
            [](const ContingencyPlan& p) { return std::vector<std::string>{p.plan_id}; });
        RETURN_IF_ERROR(FillSteps(s, result.items));
        return result;
      });
}

absl::StatusOr<PortfolioSummary> MySqlRiskReader::Summary(const std::string& currency_code,
                                                          absl::Time now) {
  // One statement, so every figure comes from one consistent read, and one scan of exposures:
  // MariaDB materialises a derived table once per reference, so the ACTIVE exposures in the
  // currency are grouped once (`g`: per customer, category and section), joined with the
  // customer's highest open-alert level, open alerts and manager, and flagged on the first row
  // of each customer, customer+category and customer+section (so a customer, and its open
  // alerts, count once per bucket). `x` is then read once, crossed with the four bucket kinds
  // and grouped by kind and key. The last part counts the exposures in other currencies.
  static const auto* const kSql = new std::string(absl::StrCat(
      "SELECT k.kind,"
      " CASE k.kind WHEN 'level' THEN CAST(x.max_level AS CHAR) WHEN 'manager' THEN x.manager_id"
      "  WHEN 'category' THEN x.suggested_category ELSE x.section END AS bucket,"
      " CAST(SUM(CASE k.kind WHEN 'category' THEN x.first_of_category"
      "  WHEN 'industry' THEN x.first_of_section ELSE x.first_of_customer END) AS SIGNED)"
      "  AS customers,"
      " CAST(SUM(x.n) AS SIGNED) AS exposures, SUM(x.o) AS outstanding,"
      " CAST(SUM(x.open_alerts * CASE k.kind WHEN 'category' THEN x.first_of_category"
      "  WHEN 'industry' THEN x.first_of_section ELSE x.first_of_customer END) AS SIGNED)"
      "  AS open_alerts "
      "FROM (SELECT g.suggested_category, g.section, g.n, g.o,"
      "  COALESCE(a.max_level, 0) AS max_level, COALESCE(a.open_alerts, 0) AS open_alerts,"
      "  COALESCE(ob.manager_id, '') AS manager_id,"
      "  ROW_NUMBER() OVER (PARTITION BY g.customer_id"
      "   ORDER BY g.suggested_category, g.section) = 1 AS first_of_customer,"
      "  ROW_NUMBER() OVER (PARTITION BY g.customer_id, g.suggested_category"
      "   ORDER BY g.section) = 1 AS first_of_category,"
      "  ROW_NUMBER() OVER (PARTITION BY g.customer_id, g.section"
      "   ORDER BY g.suggested_category) = 1 AS first_of_section"
      " FROM (SELECT customer_id, suggested_category, LEFT(industry_code, 1) AS section,"
      "   COUNT(*) AS n, SUM(outstanding) AS o"
      "  FROM exposures WHERE status = 'ACTIVE' AND currency_code = ?"
      "  GROUP BY customer_id, suggested_category, LEFT(industry_code, 1)) g"
      " LEFT JOIN (SELECT customer_id, MAX(level) AS max_level, COUNT(*) AS open_alerts"
      "  FROM alerts WHERE status IN (",
      kOpenStatuses,
      ") GROUP BY customer_id) a ON a.customer_id = g.customer_id"
      " LEFT JOIN obligors ob ON ob.customer_id = g.customer_id) x"
      " CROSS JOIN (SELECT 'level' AS kind UNION ALL SELECT 'manager'"
      "  UNION ALL SELECT 'category' UNION ALL SELECT 'industry') k "
      "GROUP BY k.kind, bucket "
      "UNION ALL SELECT 'other', '', 0, COUNT(*), 0, 0 FROM exposures"
      " WHERE status = 'ACTIVE' AND currency_code <> ?"));
  QueryParams params;
  params.AddString(currency_code);
  params.AddString(currency_code);
  ASSIGN_OR_RETURN(std::vector<BucketRow> rows,
                   mysql::ReadAllRows<BucketRow>(
                       *pool_, *kSql, params, [&](sql::ResultSet& rs) -> absl::StatusOr<BucketRow> {
                         BucketRow row;
                         row.kind = Text(rs, "kind");
                         row.key = Text(rs, "bucket");
                         row.bucket.customers = rs.getInt64("customers");
                         row.bucket.exposures = rs.getInt64("exposures");
                         ASSIGN_OR_RETURN(
                             row.bucket.outstanding,
                             MoneyIn(rs, "outstanding", currency_code, "portfolio summary"));
                         row.bucket.open_alerts = rs.getInt64("open_alerts");
                         return row;
                       }));

  PortfolioSummary summary;
  summary.currency_code = currency_code;
  summary.total_outstanding = Money{currency_code, 0, 0};
  summary.as_of_time = now;
  // Buckets with their sort rank (lower first).
  std::vector<std::pair<int, SummaryBucket>> levels, categories;
  for (BucketRow& row : rows) {
    SummaryBucket& bucket = row.bucket;
    if (row.kind == "other") {
      summary.other_currency_exposures = bucket.exposures;
    } else if (row.kind == "level") {
      int level = 0;
      if (!absl::SimpleAtoi(row.key, &level) || level < static_cast<int>(AlertLevel::kNone) ||
          level > static_cast<int>(AlertLevel::kRed)) {
        return absl::InternalError(
            absl::StrCat("a stored alert has an unreadable level ", row.key));
      }
      bucket.key = LevelName(static_cast<AlertLevel>(level));
      summary.active_exposures += bucket.exposures;
      ASSIGN_OR_RETURN(summary.total_outstanding,
                       AddMoney(summary.total_outstanding, bucket.outstanding));
      levels.emplace_back(-level, std::move(bucket));
    } else if (row.kind == "category") {
      ASSIGN_OR_RETURN(LoanCategory category, ParseLoanCategory(row.key));
      bucket.key = row.key;
      categories.emplace_back(static_cast<int>(category), std::move(bucket));
    } else if (row.kind == "industry") {
      bucket.key = row.key.empty() ? "unknown" : row.key;
      summary.by_industry.push_back(std::move(bucket));
    } else {
      bucket.key = row.key.empty() ? "unassigned" : row.key;
      summary.by_manager.push_back(std::move(bucket));
    }
  }
  const auto by_rank = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::sort(levels.begin(), levels.end(), by_rank);
  std::sort(categories.begin(), categories.end(), by_rank);
  for (auto& [rank, bucket] : levels) {
    summary.by_level.push_back(std::move(bucket));
  }
  for (auto& [rank, bucket] : categories) {
    summary.by_category.push_back(std::move(bucket));
  }
  // Section letters in order, "unknown" after them (lower-case sorts after A-T).
  std::sort(summary.by_industry.begin(), summary.by_industry.end(),
            [](const SummaryBucket& a, const SummaryBucket& b) { return a.key < b.key; });
  // Managers by id, "unassigned" last.
  std::sort(summary.by_manager.begin(), summary.by_manager.end(),
            [](const SummaryBucket& a, const SummaryBucket& b) {
              const bool a_unassigned = a.key == "unassigned";
              const bool b_unassigned = b.key == "unassigned";
              if (a_unassigned != b_unassigned) {
                return b_unassigned;
              }
              return a.key < b.key;
            });
  return summary;
}

}  // namespace ccrm::risk
