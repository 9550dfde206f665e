#include "services/risk-warning/storage/risk_file_loader.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/domain/rule.h"
#include "services/risk-warning/storage/risk_rows.h"

namespace ccrm::risk {
namespace {

using Binder = std::function<void(sql::PreparedStatement&)>;

constexpr char kOpenStatuses[] = "('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')";

std::string Text(sql::ResultSet& rs, const char* column) {
  return rs.getString(column).asStdString();
}

absl::Status Corrupt(const std::string& what, const char* column) {
  return absl::InternalError(absl::StrCat("the stored ", what, " has an unreadable ", column));
}

absl::StatusOr<Money> MoneyColumn(sql::ResultSet& rs, const char* column,
                                  const std::string& currency, const std::string& what) {
  absl::StatusOr<Money> m = ParseMoney(currency, Text(rs, column));
  if (!m.ok()) {
    return Corrupt(what, column);
  }
  return *std::move(m);
}

absl::StatusOr<AlertLevel> LevelColumn(sql::ResultSet& rs, const char* column,
                                       const std::string& what) {
  const int level = rs.getInt(column);
  if (level < static_cast<int>(AlertLevel::kNone) || level > static_cast<int>(AlertLevel::kRed)) {
    return Corrupt(what, column);
  }
  return static_cast<AlertLevel>(level);
}

// A list of ids bound into `IN (…)`. The number of marks is rounded up to a power of two (the
// last id repeated), so a session caches a handful of statement texts, not one per batch size.
class IdList final {
 public:
  explicit IdList(std::vector<std::string> ids) : ids_(std::move(ids)) {
    while (slots_ < ids_.size()) {
      slots_ *= 2;
    }
    std::vector<std::string> marks(slots_, "?");
    in_ = absl::StrCat("(", absl::StrJoin(marks, ", "), ")");
  }

  bool empty() const { return ids_.empty(); }
  const std::vector<std::string>& ids() const { return ids_; }
  // "(?, ?, ?, ?)".
  const std::string& in() const { return in_; }
  // Binds the ids from `first` on; returns the next free index.
  int Bind(sql::PreparedStatement& stmt, int first) const {
    for (size_t i = 0; i < slots_; ++i) {
      stmt.setString(first + static_cast<int>(i),
                     ids_.empty() ? std::string() : ids_[std::min(i, ids_.size() - 1)]);
    }
    return first + static_cast<int>(slots_);
  }

 private:
  std::vector<std::string> ids_;
  size_t slots_ = 1;
  std::string in_;
};

std::unique_ptr<sql::ResultSet> Query(mysql::Session& session, const std::string& sql,
                                      const Binder& bind) {
  sql::PreparedStatement& stmt = session.Prepare(sql);
  bind(stmt);
  return std::unique_ptr<sql::ResultSet>(stmt.executeQuery());
}

// Plans and schedules of the exposures `condition` (a WHERE condition on exposure_id, bound by
// `bind`) selects, added to those in `exposures` (by id). Throws sql::SQLException.
absl::Status ReadTerms(mysql::Session& session, const std::string& condition, const Binder& bind,
                       const std::unordered_map<std::string, Exposure*>& exposures) {
  std::unique_ptr<sql::ResultSet> uses =
      Query(session,
            absl::StrCat("SELECT exposure_id, line_number, category, payee, amount "
                         "FROM planned_uses WHERE ",
                         condition, " ORDER BY exposure_id, line_number"),
            bind);
  while (uses->next()) {
    auto it = exposures.find(Text(*uses, "exposure_id"));
    if (it == exposures.end()) {
      continue;
    }
    Exposure& e = *it->second;
    PlannedUse use;
    use.category = Text(*uses, "category");
    use.payee = Text(*uses, "payee");
    ASSIGN_OR_RETURN(use.amount, MoneyColumn(*uses, "amount", e.amount.currency_code,
                                             absl::StrCat("plan of exposure ", e.exposure_id)));
    e.use_of_funds_plan.push_back(std::move(use));
  }
  std::unique_ptr<sql::ResultSet> installments =
      Query(session,
            absl::StrCat("SELECT exposure_id, due_date, principal, interest FROM installments "
                         "WHERE ",
                         condition, " ORDER BY exposure_id, due_date"),
            bind);
  while (installments->next()) {
    auto it = exposures.find(Text(*installments, "exposure_id"));
    if (it == exposures.end()) {
      continue;
    }
    Exposure& e = *it->second;
    const std::string what = absl::StrCat("schedule of exposure ", e.exposure_id);
    Installment installment;
    std::optional<absl::CivilDay> due = mysql::ParseSqlDate(Text(*installments, "due_date"));
    if (!due.has_value()) {
      return Corrupt(what, "due_date");
    }
    installment.due_date = *due;
    ASSIGN_OR_RETURN(installment.principal,
                     MoneyColumn(*installments, "principal", e.amount.currency_code, what));
    ASSIGN_OR_RETURN(installment.interest,
                     MoneyColumn(*installments, "interest", e.amount.currency_code, what));
    e.repayment_schedule.push_back(std::move(installment));
  }
  return absl::OkStatus();
}

// Observations (by date, oldest first), collateral and guarantors of the exposures `condition`
// selects, added to the files in `files` (by exposure id). Throws sql::SQLException.
absl::Status ReadDetails(mysql::Session& session, const std::string& condition, const Binder& bind,
                         const std::unordered_map<std::string, ExposureFile*>& files) {
  std::unique_ptr<sql::ResultSet> observations =
      Query(session,
            absl::StrCat("SELECT ", kObservationColumns, " FROM observations WHERE ", condition,
                         " ORDER BY exposure_id, observed_date, observation_id"),
            bind);
  while (observations->next()) {
    auto it = files.find(Text(*observations, "exposure_id"));
    if (it == files.end()) {
      continue;
    }
    ExposureFile& file = *it->second;
    ASSIGN_OR_RETURN(Observation o,
                     ReadObservation(*observations, file.exposure.amount.currency_code));
    file.observations.push_back(std::move(o));
  }
  std::unique_ptr<sql::ResultSet> collateral =
      Query(session,
            absl::StrCat("SELECT ", kCollateralColumns, " FROM collateral WHERE ", condition,
                         " ORDER BY exposure_id, collateral_id"),
            bind);
  while (collateral->next()) {
    auto it = files.find(Text(*collateral, "exposure_id"));
    if (it == files.end()) {
      continue;
    }
    ExposureFile& file = *it->second;
    ASSIGN_OR_RETURN(Collateral c, ReadCollateral(*collateral, file.exposure.amount.currency_code));
    file.collateral.push_back(std::move(c));
  }
  std::unique_ptr<sql::ResultSet> guarantors =
      Query(session,
            absl::StrCat("SELECT ", kGuarantorColumns, " FROM guarantors WHERE ", condition,
                         " ORDER BY exposure_id, guarantor_id"),
            bind);
  while (guarantors->next()) {
    auto it = files.find(Text(*guarantors, "exposure_id"));
    if (it == files.end()) {
      continue;
    }
    ExposureFile& file = *it->second;
    file.guarantors.push_back(ReadGuarantor(*guarantors, file.exposure.amount.currency_code));
  }
  return absl::OkStatus();
}

// Obligor rows and group members into `files`; the ids that have an obligor row into `found`
// when given.
absl::Status ReadObligors(mysql::Session& session, const IdList& customers,
                          std::map<std::string, RiskFile>& files,
                          std::set<std::string>* found = nullptr) {
  const Binder bind = [&](sql::PreparedStatement& s) { customers.Bind(s, 1); };
  std::unique_ptr<sql::ResultSet> obligors =
      Query(session,
            absl::StrCat("SELECT customer_id, display_name, segment, industry_code, manager_id, "
                         "refresh_time FROM obligors WHERE customer_id IN ",
                         customers.in()),
            bind);
  while (obligors->next()) {
    const std::string customer_id = Text(*obligors, "customer_id");
    if (found != nullptr) {
      found->insert(customer_id);
    }
    Obligor& o = files[customer_id].obligor;
    o.customer_id = customer_id;
    o.display_name = Text(*obligors, "display_name");
    o.segment = Text(*obligors, "segment");
    o.industry_code = Text(*obligors, "industry_code");
    o.manager_id = Text(*obligors, "manager_id");
    o.refresh_time = mysql::GetOptionalTime(*obligors, "refresh_time").value_or(absl::Time());
  }
  std::unique_ptr<sql::ResultSet> members =
      Query(session,
            absl::StrCat("SELECT customer_id, member_customer_id FROM group_members "
                         "WHERE customer_id IN ",
                         customers.in(), " ORDER BY customer_id, member_customer_id"),
            bind);
  while (members->next()) {
    files[Text(*members, "customer_id")].obligor.group_member_ids.push_back(
        Text(*members, "member_customer_id"));
  }
  return absl::OkStatus();
}

absl::Status ReadExposures(mysql::Session& session, const IdList& customers,
                           std::map<std::string, RiskFile>& files) {
  const Binder bind = [&](sql::PreparedStatement& s) { customers.Bind(s, 1); };
  std::unique_ptr<sql::ResultSet> rows = Query(
      session,
      absl::StrCat("SELECT ", kExposureColumns, " FROM exposures WHERE customer_id IN ",
                   customers.in(), " AND status = 'ACTIVE' ORDER BY customer_id, exposure_id"),
      bind);
  bool any = false;
  while (rows->next()) {
    ASSIGN_OR_RETURN(Exposure e, ReadExposure(*rows));
    ExposureFile file;
    file.exposure = std::move(e);
    files[file.exposure.customer_id].exposures.push_back(std::move(file));
    any = true;
  }
  if (!any) {
    return absl::OkStatus();
  }
  // The vectors are complete: pointers into them stay valid from here on.
  std::unordered_map<std::string, Exposure*> exposures;
  std::unordered_map<std::string, ExposureFile*> exposure_files;
  for (auto& [customer_id, file] : files) {
    for (ExposureFile& e : file.exposures) {
      exposures[e.exposure.exposure_id] = &e.exposure;
      exposure_files[e.exposure.exposure_id] = &e;
    }
  }
  const std::string condition =
      absl::StrCat("exposure_id IN (SELECT exposure_id FROM exposures WHERE customer_id IN ",
                   customers.in(), " AND status = 'ACTIVE')");
  RETURN_IF_ERROR(ReadTerms(session, condition, bind, exposures));
  return ReadDetails(session, condition, bind, exposure_files);
}

absl::Status ReadSignals(mysql::Session& session, const IdList& customers,
                         std::optional<absl::Time> now, std::map<std::string, RiskFile>& files) {
  constexpr char kSignalColumns[] =
      "s.customer_id, s.kind, s.occur_time, s.value, s.previous_value, s.source, s.producer, "
      "s.event_id";
  std::unique_ptr<sql::ResultSet> rows;
  if (now.has_value()) {
    rows = Query(session,
                 absl::StrCat("SELECT ", kSignalColumns, " FROM signals s WHERE s.customer_id IN ",
                              customers.in(),
                              " AND s.occur_time >= ? ORDER BY s.customer_id, s.occur_time, "
                              "s.signal_id"),
                 [&](sql::PreparedStatement& s) {
                   const int next = customers.Bind(s, 1);
                   s.setString(next, mysql::SqlTime(*now - absl::Hours(24 * kSignalWindowDays)));
                 });
  } else {
    rows = Query(
        session,
        absl::StrCat("SELECT ", kSignalColumns,
                     " FROM signals s JOIN (SELECT customer_id, MAX(occur_time) AS newest "
                     "FROM signals WHERE customer_id IN ",
                     customers.in(),
                     " GROUP BY customer_id) n ON n.customer_id = s.customer_id "
                     "WHERE s.occur_time >= n.newest - INTERVAL ",
                     kSignalWindowDays, " DAY ORDER BY s.customer_id, s.occur_time, s.signal_id"),
        [&](sql::PreparedStatement& s) { customers.Bind(s, 1); });
  }
  while (rows->next()) {
    Signal signal;
    signal.customer_id = Text(*rows, "customer_id");
    ASSIGN_OR_RETURN(signal.kind, ParseSignalKind(Text(*rows, "kind")));
    signal.occur_time = mysql::GetTime(*rows, "occur_time");
    signal.value = rows->getInt("value");
    signal.previous_value = rows->getInt("previous_value");
    signal.source = Text(*rows, "source");
    signal.producer = Text(*rows, "producer");
    signal.event_id = Text(*rows, "event_id");
    files[signal.customer_id].signals.push_back(std::move(signal));
  }
  return absl::OkStatus();
}

struct Distress {
  AlertLevel level = AlertLevel::kNone;
  std::string indicator;
};

// Group members' and guarantor customers' distress, in one statement for the whole batch.
absl::Status ReadRelatedDistress(mysql::Session& session, std::map<std::string, RiskFile>& files) {
  std::vector<std::string> related;
  for (const auto& [customer_id, file] : files) {
    for (const std::string& member : file.obligor.group_member_ids) {
      related.push_back(member);
    }
    for (const ExposureFile& e : file.exposures) {
      for (const Guarantor& g : e.guarantors) {
        if (!g.customer_id.empty()) {
          related.push_back(g.customer_id);
        }
      }
    }
  }
  if (related.empty()) {
    return absl::OkStatus();
  }
  std::sort(related.begin(), related.end());
  related.erase(std::unique(related.begin(), related.end()), related.end());
  const IdList customers(std::move(related));
  // Derived indicators never count as distress, so distress does not echo around a group.
  std::vector<std::string> derived;
  for (const IndicatorSpec& spec : Indicators()) {
    if (spec.derived) {
      derived.push_back(spec.name);
    }
  }
  const IdList excluded(std::move(derived));
  std::unique_ptr<sql::ResultSet> rows =
      Query(session,
            absl::StrCat("SELECT customer_id, indicator, level FROM alerts WHERE customer_id IN ",
                         customers.in(), " AND status IN ", kOpenStatuses, " AND indicator NOT IN ",
                         excluded.in(), " ORDER BY customer_id, level DESC, indicator"),
            [&](sql::PreparedStatement& s) { excluded.Bind(s, customers.Bind(s, 1)); });
  std::map<std::string, Distress> distress;
  while (rows->next()) {
    const std::string customer_id = Text(*rows, "customer_id");
    if (distress.count(customer_id) > 0) {
      continue;  // the first row of a customer has its highest level
    }
    ASSIGN_OR_RETURN(AlertLevel level, LevelColumn(*rows, "level", "alert level"));
    distress[customer_id] = Distress{level, Text(*rows, "indicator")};
  }
  for (auto& [customer_id, file] : files) {
    for (const std::string& member : file.obligor.group_member_ids) {
      auto it = distress.find(member);
      if (it != distress.end() && it->second.level != AlertLevel::kNone) {
        file.related.push_back(
            RelatedDistress{member, "group", "", it->second.level, it->second.indicator});
      }
    }
    for (const ExposureFile& e : file.exposures) {
      for (const Guarantor& g : e.guarantors) {
        auto it = distress.find(g.customer_id);
        if (!g.customer_id.empty() && it != distress.end() &&
            it->second.level != AlertLevel::kNone) {
          file.related.push_back(RelatedDistress{g.customer_id, "guarantor", e.exposure.exposure_id,
                                                 it->second.level, it->second.indicator});
        }
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ReadAlertState(mysql::Session& session, const IdList& customers,
                            std::map<std::string, RiskFile>& files) {
  const Binder bind = [&](sql::PreparedStatement& s) { customers.Bind(s, 1); };
  std::unique_ptr<sql::ResultSet> alerts = Query(
      session,
      absl::StrCat("SELECT ", kAlertColumns, " FROM alerts WHERE customer_id IN ", customers.in(),
                   " AND status IN ", kOpenStatuses, " ORDER BY customer_id, indicator"),
      bind);
  while (alerts->next()) {
    ASSIGN_OR_RETURN(Alert alert, ReadAlert(*alerts));
    files[alert.customer_id].open_alerts.push_back(std::move(alert));
  }
  std::unique_ptr<sql::ResultSet> suppressions =
      Query(session,
            absl::StrCat("SELECT customer_id, indicator, level FROM alert_suppressions "
                         "WHERE customer_id IN ",
                         customers.in()),
            bind);
  while (suppressions->next()) {
    ASSIGN_OR_RETURN(AlertLevel level, LevelColumn(*suppressions, "level", "suppression"));
    files[Text(*suppressions, "customer_id")].suppressed[Text(*suppressions, "indicator")] = level;
  }
  std::unique_ptr<sql::ResultSet> plans =
      Query(session,
            absl::StrCat("SELECT DISTINCT customer_id, scenario FROM contingency_plans "
                         "WHERE customer_id IN ",
                         customers.in(), " AND status = 'ACTIVE'"),
            bind);
  while (plans->next()) {
    ASSIGN_OR_RETURN(ContingencyScenario scenario, ParseScenario(Text(*plans, "scenario")));
    files[Text(*plans, "customer_id")].active_plan_scenarios.insert(scenario);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ExposureNotFound(const std::string& exposure_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("exposure ", exposure_id, " not found")),
                    "EXPOSURE_NOT_FOUND");
}

absl::StatusOr<std::vector<RiskFile>> ReadRiskFiles(mysql::Session& session,
                                                    const std::vector<std::string>& customer_ids,
                                                    std::optional<absl::Time> now) {
  if (customer_ids.empty()) {
    return std::vector<RiskFile>();
  }
  std::vector<std::string> unique = customer_ids;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  // Files are only ever added for these ids: rows come from `WHERE customer_id IN (…)`.
  std::map<std::string, RiskFile> files;
  for (const std::string& id : unique) {
    files[id].obligor.customer_id = id;
  }
  const IdList customers(std::move(unique));
  RETURN_IF_ERROR(ReadObligors(session, customers, files));
  RETURN_IF_ERROR(ReadExposures(session, customers, files));
  RETURN_IF_ERROR(ReadSignals(session, customers, now, files));
  RETURN_IF_ERROR(ReadRelatedDistress(session, files));
  RETURN_IF_ERROR(ReadAlertState(session, customers, files));
  std::vector<RiskFile> out;
  out.reserve(customer_ids.size());
  for (const std::string& id : customer_ids) {
    out.push_back(files[id]);
  }
  return out;
}

absl::StatusOr<std::optional<Obligor>> ReadObligor(mysql::Session& session,
                                                   const std::string& customer_id) {
  std::map<std::string, RiskFile> files;
  std::set<std::string> found;
  RETURN_IF_ERROR(ReadObligors(session, IdList({customer_id}), files, &found));
  auto it = files.find(customer_id);
  if (it == files.end() || found.count(customer_id) == 0) {
    return std::optional<Obligor>();
  }
  return std::optional<Obligor>(std::move(it->second.obligor));
}

absl::StatusOr<std::optional<Exposure>> ReadExposureWithTerms(mysql::Session& session,
                                                              const std::string& exposure_id) {
  const Binder bind = [&](sql::PreparedStatement& s) { s.setString(1, exposure_id); };
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kExposureColumns, " FROM exposures WHERE exposure_id = ?"));
  std::unique_ptr<sql::ResultSet> rows = Query(session, *sql, bind);
  if (!rows->next()) {
    return std::optional<Exposure>();
  }
  ASSIGN_OR_RETURN(Exposure exposure, ReadExposure(*rows));
  RETURN_IF_ERROR(ReadTerms(session, "exposure_id = ?", bind, {{exposure_id, &exposure}}));
  return std::optional<Exposure>(std::move(exposure));
}

absl::StatusOr<ExposureFile> ReadExposureFile(mysql::Session& session,
                                              const std::string& exposure_id) {
  ASSIGN_OR_RETURN(std::optional<Exposure> exposure, ReadExposureWithTerms(session, exposure_id));
  if (!exposure.has_value()) {
    return ExposureNotFound(exposure_id);
  }
  ExposureFile file;
  file.exposure = *std::move(exposure);
  RETURN_IF_ERROR(ReadDetails(session, "exposure_id = ?",
                              [&](sql::PreparedStatement& s) { s.setString(1, exposure_id); },
                              {{exposure_id, &file}}));
  return file;
}

absl::StatusOr<std::optional<ContingencyPlan>> ReadPlan(mysql::Session& session,
                                                        const std::string& plan_id) {
  static const auto* plan_sql = new std::string(
      absl::StrCat("SELECT ", kPlanColumns, " FROM contingency_plans WHERE plan_id = ?"));
  sql::PreparedStatement& select = session.Prepare(*plan_sql);
  select.setString(1, plan_id);
  std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
  if (!rows->next()) {
    return std::optional<ContingencyPlan>();
  }
  ASSIGN_OR_RETURN(ContingencyPlan plan, ReadPlanRow(*rows));
  static const auto* step_sql = new std::string(absl::StrCat(
      "SELECT ", kStepColumns, " FROM contingency_steps WHERE plan_id = ? ORDER BY step_number"));
  sql::PreparedStatement& steps = session.Prepare(*step_sql);
  steps.setString(1, plan_id);
  std::unique_ptr<sql::ResultSet> step_rows(steps.executeQuery());
  while (step_rows->next()) {
    ASSIGN_OR_RETURN(ContingencyStep step, ReadStepRow(*step_rows));
    plan.steps.push_back(std::move(step));
  }
  return std::optional<ContingencyPlan>(std::move(plan));
}

}  // namespace ccrm::risk
