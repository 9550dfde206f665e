#include "services/risk-warning/storage/mysql_risk_store.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/ids/etag.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/repository_support.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/storage/risk_file_loader.h"
#include "services/risk-warning/storage/risk_rows.h"

namespace ccrm::risk {
namespace {

// The width of obligors.customer_id: a longer id would be cut short by INSERT IGNORE.
constexpr size_t kMaxCustomerIdLength = 36;

// Alert columns an insert and an update both write, in this order (BindAlertState), as a
// column list and as assignments.
constexpr char kAlertStateColumns[] =
    "status, level, evaluated_level, escalation_steps, value, threshold, rule_id, rule_version, "
    "inputs, title, detail, assignee_manager_id, open_time, acknowledge_deadline, "
    "acknowledge_time, close_time, resolution_note, update_time";
constexpr char kAlertStateAssignments[] =
    "status = ?, level = ?, evaluated_level = ?, escalation_steps = ?, value = ?, threshold = ?, "
    "rule_id = ?, rule_version = ?, inputs = ?, title = ?, detail = ?, assignee_manager_id = ?, "
    "open_time = ?, acknowledge_deadline = ?, acknowledge_time = ?, close_time = ?, "
    "resolution_note = ?, update_time = ?";

std::string Text(sql::ResultSet& rs, const char* column) {
  return rs.getString(column).asStdString();
}

// Copies a field violation onto a status of another code (ALREADY_EXISTS naming its field).
absl::Status WithField(absl::Status status, std::string field, std::string description) {
  absl::Status carrier = InvalidField(std::move(field), std::move(description));
  auto violations = carrier.GetPayload(kBadRequestTypeUrl);
  if (violations.has_value()) {
    status.SetPayload(kBadRequestTypeUrl, *violations);
  }
  return status;
}

absl::Status NotFound(const std::string& what, const std::string& id, const char* reason) {
  return WithReason(absl::NotFoundError(absl::StrCat(what, " ", id, " not found")), reason);
}

std::string ExposureName(const std::string& exposure_id) {
  return absl::StrCat("exposures/", exposure_id);
}

// alerts.inputs: [["days_past_due", "35"], …].
std::string InputsJson(const std::vector<AlertInput>& inputs) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& [key, value] : inputs) {
    array.push_back(nlohmann::json::array({key, value}));
  }
  return array.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Binds kAlertStateColumns from `first` on; returns the next index.
int BindAlertState(sql::PreparedStatement& stmt, int first, const Alert& a) {
  int i = first;
  stmt.setString(i++, StoredName(a.status));
  stmt.setInt(i++, static_cast<int>(a.level));
  stmt.setInt(i++, static_cast<int>(a.evaluated_level));
  stmt.setInt(i++, a.escalation_steps);
  stmt.setDouble(i++, a.value);
  stmt.setDouble(i++, a.threshold);
  stmt.setString(i++, a.rule_id);
  stmt.setInt64(i++, a.rule_version);
  stmt.setString(i++, InputsJson(a.inputs));
  stmt.setString(i++, a.title);
  stmt.setString(i++, a.detail);
  stmt.setString(i++, a.assignee_manager_id);
  stmt.setString(i++, mysql::SqlTime(a.open_time));
  mysql::SetOptionalTime(stmt, i++, a.acknowledge_deadline);
  mysql::SetOptionalTime(stmt, i++, a.acknowledge_time);
  mysql::SetOptionalTime(stmt, i++, a.close_time);
  stmt.setString(i++, a.resolution_note);
  stmt.setString(i++, mysql::SqlTime(a.update_time));
  return i;
}

// True when the customer's obligor row exists, locking it. Throws sql::SQLException.
bool LockObligorRow(mysql::Session& session, const std::string& customer_id) {
  sql::PreparedStatement& lock =
      session.Prepare("SELECT customer_id FROM obligors WHERE customer_id = ? FOR UPDATE");
  lock.setString(1, customer_id);
  std::unique_ptr<sql::ResultSet> rs(lock.executeQuery());
  return rs->next();
}

// Takes the customer's lock: its obligor row, created when absent. The row is locked first and
// only created when missing: INSERT IGNORE on an existing row takes a shared lock, and two
// writers holding it would deadlock on the FOR UPDATE that follows. (Two creators of one new
// row do not: the second INSERT waits for the first transaction.) Throws sql::SQLException.
absl::Status LockCustomer(mysql::Session& session, const std::string& customer_id) {
  if (customer_id.empty() || customer_id.size() > kMaxCustomerIdLength) {
    return InvalidField("customer_id", "must be a customer id (1..36 characters)");
  }
  if (LockObligorRow(session, customer_id)) {
    return absl::OkStatus();
  }
  sql::PreparedStatement& insert =
      session.Prepare("INSERT IGNORE INTO obligors (customer_id) VALUES (?)");
  insert.setString(1, customer_id);
  insert.executeUpdate();
  if (!LockObligorRow(session, customer_id)) {
    return absl::InternalError(absl::StrCat("the obligor row of ", customer_id, " is missing"));
  }
  return absl::OkStatus();
}

// The customer's records on a session whose transaction holds the customer's lock. Each method
// catches the database's exceptions and returns them as statuses. A deadlock or a lost
// connection has already ended the transaction, so after one every method fails the same way
// and InCustomerTransaction rethrows the error once the work returns, for RunInTransaction to
// run the whole transaction again.
class MySqlCustomerLedger final : public CustomerLedger {
 public:
  MySqlCustomerLedger(mysql::Session& session, std::string customer_id, absl::Status unusable)
      : session_(session), customer_id_(std::move(customer_id)), unusable_(std::move(unusable)) {}

  // Throws the retryable error a method met, if any.
  void RethrowRetryable() const {
    if (retryable_.has_value()) {
      throw sql::SQLException(*retryable_);
    }
  }

  const std::string& customer_id() const override { return customer_id_; }

  absl::StatusOr<std::optional<std::string>> ClaimRequest(
      const std::string& scope, const IdempotencyKey& key,
      const std::string& resource_name) override {
    return Guarded([&]() -> absl::StatusOr<std::optional<std::string>> {
      // The ledger has no clock: created_at only ages the key out.
      return mysql::ClaimRequestId(session_, scope, key, resource_name, absl::Now());
    });
  }

  absl::StatusOr<std::optional<std::string>> LookupRequest(const std::string& scope,
                                                           const IdempotencyKey& key) override {
    return Guarded([&]() -> absl::StatusOr<std::optional<std::string>> {
      return mysql::LookupRequestId(session_, scope, key);
    });
  }

  absl::Status SaveObligor(const Obligor& obligor) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement& update = session_.Prepare(
          "UPDATE obligors SET display_name = ?, segment = ?, industry_code = ?, manager_id = ?, "
          "refresh_time = ? WHERE customer_id = ?");
      update.setString(1, obligor.display_name);
      update.setString(2, obligor.segment);
      update.setString(3, obligor.industry_code);
      update.setString(4, obligor.manager_id);
      mysql::SetOptionalTime(update, 5,
                             obligor.refresh_time == absl::Time()
                                 ? std::nullopt
                                 : std::optional<absl::Time>(obligor.refresh_time));
      update.setString(6, customer_id_);
      update.executeUpdate();
      sql::PreparedStatement& remove =
          session_.Prepare("DELETE FROM group_members WHERE customer_id = ?");
      remove.setString(1, customer_id_);
      remove.executeUpdate();
      const std::set<std::string> members(obligor.group_member_ids.begin(),
                                          obligor.group_member_ids.end());
      for (const std::string& member : members) {
        if (member == customer_id_ || member.empty()) {
          continue;
        }
        sql::PreparedStatement& insert = session_.Prepare(
            "INSERT INTO group_members (customer_id, member_customer_id) VALUES (?, ?)");
        insert.setString(1, customer_id_);
        insert.setString(2, member);
        insert.executeUpdate();
      }
      return absl::OkStatus();
    });
  }

  absl::StatusOr<Obligor> GetObligor() override {
    return Guarded([&]() -> absl::StatusOr<Obligor> {
      ASSIGN_OR_RETURN(std::optional<Obligor> obligor, ReadObligor(session_, customer_id_));
      if (!obligor.has_value()) {
        return NotFound("obligor", customer_id_, "OBLIGOR_NOT_FOUND");
      }
      return *std::move(obligor);
    });
  }

  absl::Status InsertExposure(const Exposure& e) override {
    return Guarded([&]() -> absl::Status {
      if (e.customer_id != customer_id_) {
        return absl::InternalError(absl::StrCat("exposure of customer ", e.customer_id,
                                                " written under the lock of ", customer_id_));
      }
      static const auto* sql = new std::string(
          absl::StrCat("INSERT INTO exposures (", kExposureColumns,
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"));
      const std::string& currency = e.amount.currency_code;
      sql::PreparedStatement& insert = session_.Prepare(*sql);
      int i = 1;
      insert.setString(i++, e.exposure_id);
      insert.setString(i++, customer_id_);
      insert.setString(i++, e.facility_id);
      insert.setString(i++, currency);
      insert.setString(i++, FormatDecimal(e.amount));
      insert.setString(i++, e.purpose);
      insert.setString(i++, e.project);
      insert.setString(i++, mysql::SqlDate(e.origination_date));
      insert.setString(i++, mysql::SqlDate(e.maturity_date));
      insert.setDouble(i++, e.covenants.min_dscr);
      insert.setDouble(i++, e.covenants.min_current_ratio);
      insert.setString(i++, StoredName(e.status));
      insert.setString(i++, FormatDecimal(Money{currency, 0, 0}));
      insert.setString(i++, StoredName(e.suggested_category));
      insert.setString(i++, e.category_reason);
      insert.setInt(i++, e.days_past_due);
      insert.setString(i++, e.segment);
      insert.setString(i++, e.industry_code);
      insert.setString(i++, mysql::SqlTime(e.create_time));
      insert.setString(i++, mysql::SqlTime(e.update_time));
      try {
        insert.executeUpdate();
      } catch (const sql::SQLException& ex) {
        if (mysql::IsDuplicateKeyOn(ex, "uq_exposures_facility")) {
          return WithField(WithReason(absl::AlreadyExistsError(absl::StrCat(
                                          "facility ", e.facility_id, " is already registered")),
                                      "FACILITY_ALREADY_REGISTERED"),
                           "exposure.facility_id", "already registered");
        }
        throw;
      }
      for (size_t line = 0; line < e.use_of_funds_plan.size(); ++line) {
        const PlannedUse& use = e.use_of_funds_plan[line];
        sql::PreparedStatement& plan = session_.Prepare(
            "INSERT INTO planned_uses (exposure_id, line_number, category, payee, amount) "
            "VALUES (?, ?, ?, ?, ?)");
        plan.setString(1, e.exposure_id);
        plan.setInt(2, static_cast<int>(line) + 1);
        plan.setString(3, use.category);
        plan.setString(4, use.payee);
        plan.setString(5, FormatDecimal(use.amount));
        plan.executeUpdate();
      }
      for (const Installment& installment : e.repayment_schedule) {
        InsertInstallment(e.exposure_id, installment.due_date, installment.principal,
                          installment.interest);
      }
      return absl::OkStatus();
    });
  }

  absl::StatusOr<Exposure> GetExposure(const std::string& exposure_id) override {
    return Guarded([&]() -> absl::StatusOr<Exposure> {
      ASSIGN_OR_RETURN(std::optional<Exposure> exposure,
                       ReadExposureWithTerms(session_, exposure_id));
      if (!exposure.has_value() || exposure->customer_id != customer_id_) {
        return ExposureNotFound(exposure_id);
      }
      return *std::move(exposure);
    });
  }

  absl::Status InsertObservation(const Observation& o) override {
    return Guarded([&]() -> absl::Status {
      ASSIGN_OR_RETURN(std::string currency, CurrencyOf(o.exposure_id));
      if (o.kind == ObservationKind::kRepaymentDue) {
        try {
          InsertInstallment(o.exposure_id, o.date, o.amount, o.interest);
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return WithField(
                WithReason(absl::AlreadyExistsError(absl::StrCat(
                               "exposure ", o.exposure_id, " already has an installment due on ",
                               mysql::SqlDate(o.date))),
                           "INSTALLMENT_EXISTS"),
                "observation.repayment_due.due_date", "an installment is due on that date");
          }
          throw;
        }
      }
      static const auto* sql = new std::string(
          absl::StrCat("INSERT INTO observations (", kObservationColumns,
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      sql::PreparedStatement& insert = session_.Prepare(*sql);
      int i = 1;
      insert.setString(i++, o.observation_id);
      insert.setString(i++, o.exposure_id);
      insert.setString(i++, customer_id_);
      insert.setString(i++, StoredName(o.kind));
      insert.setString(i++, mysql::SqlDate(o.date));
      insert.setString(i++, FormatDecimal(o.amount));
      insert.setString(i++, FormatDecimal(o.interest));
      insert.setString(i++, FormatDecimal(o.planned_amount));
      insert.setString(i++, o.category);
      insert.setString(i++, o.payee);
      insert.setInt(i++, o.milestones_due);
      insert.setInt(i++, o.milestones_met);
      insert.setDouble(i++, o.dscr);
      insert.setDouble(i++, o.current_ratio);
      insert.setString(i++, o.recorded_by);
      insert.setString(i++, mysql::SqlTime(o.record_time));
      insert.executeUpdate();
      if (o.kind == ObservationKind::kRepaymentDue || o.kind == ObservationKind::kRepaymentPaid ||
          o.kind == ObservationKind::kDisbursement) {
        RETURN_IF_ERROR(RecomputeOutstanding(o.exposure_id, currency, o.record_time));
      }
      return absl::OkStatus();
    });
  }

  absl::StatusOr<Observation> GetObservation(const std::string& exposure_id,
                                             const std::string& observation_id) override {
    static const auto* sql = new std::string(
        absl::StrCat("SELECT ", kObservationColumns,
                     " FROM observations WHERE observation_id = ? AND exposure_id = ?"));
    return GetRowOfExposure<Observation>(
        *sql, exposure_id, observation_id,
        NotFound("observation", observation_id, "OBSERVATION_NOT_FOUND"),
        [](sql::ResultSet& rs, const std::string& currency) {
          return ReadObservation(rs, currency);
        });
  }

  absl::Status InsertCollateral(const Collateral& c) override {
    return Guarded([&]() -> absl::Status {
      RETURN_IF_ERROR(CurrencyOf(c.exposure_id).status());
      static const auto* sql =
          new std::string(absl::StrCat("INSERT INTO collateral (", kCollateralColumns,
                                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"));
      sql::PreparedStatement& insert = session_.Prepare(*sql);
      int i = 1;
      insert.setString(i++, c.collateral_id);
      insert.setString(i++, c.exposure_id);
      insert.setString(i++, StoredName(c.kind));
      insert.setString(i++, c.asset_type);
      insert.setString(i++, c.description);
      insert.setString(i++, FormatDecimal(c.appraised_value));
      insert.setString(i++, mysql::SqlDate(c.appraisal_date));
      insert.setInt(i++, c.lien_rank);
      insert.setString(i++, mysql::SqlTime(c.update_time));
      insert.executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::StatusOr<Collateral> GetCollateral(const std::string& exposure_id,
                                           const std::string& collateral_id) override {
    static const auto* sql = new std::string(
        absl::StrCat("SELECT ", kCollateralColumns,
                     " FROM collateral WHERE collateral_id = ? AND exposure_id = ?"));
    return GetRowOfExposure<Collateral>(
        *sql, exposure_id, collateral_id,
        NotFound("collateral", collateral_id, "COLLATERAL_NOT_FOUND"),
        [](sql::ResultSet& rs, const std::string& currency) {
          return ReadCollateral(rs, currency);
        });
  }

  absl::Status UpdateCollateral(const Collateral& c, int64_t expected_revision) override {
    return Guarded([&]() -> absl::Status {
      ASSIGN_OR_RETURN(Collateral stored, GetCollateral(c.exposure_id, c.collateral_id));
      RETURN_IF_ERROR(
          CheckRevision(absl::StrCat(ExposureName(c.exposure_id), "/collateral/", c.collateral_id),
                        expected_revision, stored.revision));
      sql::PreparedStatement& update = session_.Prepare(
          "UPDATE collateral SET appraised_value = ?, appraisal_date = ?, update_time = ?, "
          "revision = revision + 1 WHERE collateral_id = ?");
      update.setString(1, FormatDecimal(c.appraised_value));
      update.setString(2, mysql::SqlDate(c.appraisal_date));
      update.setString(3, mysql::SqlTime(c.update_time));
      update.setString(4, c.collateral_id);
      update.executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::Status InsertGuarantor(const Guarantor& g) override {
    return Guarded([&]() -> absl::Status {
      RETURN_IF_ERROR(CurrencyOf(g.exposure_id).status());
      static const auto* sql = new std::string(absl::StrCat(
          "INSERT INTO guarantors (", kGuarantorColumns, ") VALUES (?, ?, ?, ?, ?, ?)"));
      sql::PreparedStatement& insert = session_.Prepare(*sql);
      insert.setString(1, g.guarantor_id);
      insert.setString(2, g.exposure_id);
      insert.setString(3, g.customer_id);
      insert.setString(4, g.outside_party_name);
      insert.setString(5, FormatDecimal(g.amount_guaranteed));
      insert.setString(6, mysql::SqlTime(g.create_time));
      try {
        insert.executeUpdate();
      } catch (const sql::SQLException& e) {
        if (mysql::IsDuplicateKeyOn(e, "uq_guarantors_party")) {
          return WithReason(absl::AlreadyExistsError(absl::StrCat(
                                g.customer_id.empty() ? g.outside_party_name : g.customer_id,
                                " already guarantees exposure ", g.exposure_id)),
                            "GUARANTOR_EXISTS");
        }
        throw;
      }
      return absl::OkStatus();
    });
  }

  absl::StatusOr<Guarantor> GetGuarantor(const std::string& exposure_id,
                                         const std::string& guarantor_id) override {
    static const auto* sql = new std::string(
        absl::StrCat("SELECT ", kGuarantorColumns,
                     " FROM guarantors WHERE guarantor_id = ? AND exposure_id = ?"));
    return GetRowOfExposure<Guarantor>(
        *sql, exposure_id, guarantor_id, NotFound("guarantor", guarantor_id, "GUARANTOR_NOT_FOUND"),
        [](sql::ResultSet& rs, const std::string& currency) -> absl::StatusOr<Guarantor> {
          return ReadGuarantor(rs, currency);
        });
  }

  absl::StatusOr<bool> RecordSignal(const Signal& signal) override {
    return Guarded([&]() -> absl::StatusOr<bool> {
      sql::PreparedStatement& insert = session_.Prepare(
          "INSERT INTO signals (customer_id, kind, occur_time, value, previous_value, source, "
          "producer, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      insert.setString(1, customer_id_);
      insert.setString(2, StoredName(signal.kind));
      insert.setString(3, mysql::SqlTime(signal.occur_time));
      insert.setInt(4, signal.value);
      insert.setInt(5, signal.previous_value);
      insert.setString(6, signal.source);
      insert.setString(7, signal.producer);
      insert.setString(8, signal.event_id);
      try {
        insert.executeUpdate();
      } catch (const sql::SQLException& e) {
        if (mysql::IsDuplicateKeyOn(e, "uq_signals_event")) {
          return false;  // InnoDB rolled back only this INSERT
        }
        throw;
      }
      return true;
    });
  }

  absl::StatusOr<RiskFile> LoadRiskFile() override {
    return Guarded([&]() -> absl::StatusOr<RiskFile> {
      // No clock here: the signal window is anchored at the customer's newest signal.
      ASSIGN_OR_RETURN(std::vector<RiskFile> files,
                       ReadRiskFiles(session_, {customer_id_}, std::nullopt));
      return std::move(files.front());
    });
  }

  absl::StatusOr<std::vector<Rule>> ListRules() override {
    return Guarded([&]() -> absl::StatusOr<std::vector<Rule>> {
      std::unique_ptr<sql::ResultSet> rs(
          session_
              .Prepare(
                  absl::StrCat("SELECT ", kRuleColumns, " FROM rules ORDER BY indicator, rule_id"))
              .executeQuery());
      std::vector<Rule> rules;
      while (rs->next()) {
        ASSIGN_OR_RETURN(Rule rule, ReadRule(*rs));
        rules.push_back(std::move(rule));
      }
      return rules;
    });
  }

  absl::Status ApplyEvaluation(const Evaluation& evaluation,
                               const std::vector<events::OutboxEvent>& events,
                               const WriteContext& write) override {
    return Guarded([&]() -> absl::Status {
      for (const AlertChange& change : evaluation.changes) {
        if (change.action == kActionOpened) {
          RETURN_IF_ERROR(InsertAlert(change.alert));
        } else {
          RETURN_IF_ERROR(UpdateAlert(change.alert));
        }
        InsertHistory(change);
      }
      for (const ExposureCategory& c : evaluation.classification.exposures) {
        // Only rows whose suggestion differs change (revision and update_time with them).
        sql::PreparedStatement& update = session_.Prepare(
            "UPDATE exposures SET suggested_category = ?, category_reason = ?, "
            "days_past_due = ?, update_time = ?, revision = revision + 1 "
            "WHERE exposure_id = ? AND customer_id = ? AND (suggested_category <> ? OR "
            "category_reason COLLATE utf8mb4_bin <> ? OR days_past_due <> ?)");
        update.setString(1, StoredName(c.category));
        update.setString(2, c.reason);
        update.setInt(3, c.days_past_due);
        update.setString(4, mysql::SqlTime(write.now));
        update.setString(5, c.exposure_id);
        update.setString(6, customer_id_);
        update.setString(7, StoredName(c.category));
        update.setString(8, c.reason);
        update.setInt(9, c.days_past_due);
        update.executeUpdate();
      }
      for (const ContingencyPlan& plan : evaluation.activations) {
        RETURN_IF_ERROR(InsertPlanRows(plan));
      }
      for (const std::string& indicator : evaluation.suppressions_cleared) {
        sql::PreparedStatement& remove = session_.Prepare(
            "DELETE FROM alert_suppressions WHERE customer_id = ? AND indicator = ?");
        remove.setString(1, customer_id_);
        remove.setString(2, indicator);
        remove.executeUpdate();
      }
      // The outbox rows last, just before COMMIT (common/events/outbox.h).
      for (const events::OutboxEvent& event : events) {
        events::AppendEvent(session_, event, write);
      }
      return absl::OkStatus();
    });
  }

  absl::StatusOr<Alert> GetAlert(const std::string& alert_id) override {
    return Guarded([&]() -> absl::StatusOr<Alert> {
      static const auto* sql = new std::string(absl::StrCat(
          "SELECT ", kAlertColumns, " FROM alerts WHERE alert_id = ? AND customer_id = ?"));
      sql::PreparedStatement& select = session_.Prepare(*sql);
      select.setString(1, alert_id);
      select.setString(2, customer_id_);
      std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
      if (!rs->next()) {
        return NotFound("alert", alert_id, "ALERT_NOT_FOUND");
      }
      return ReadAlert(*rs);
    });
  }

  absl::Status SaveAlertChange(const AlertChange& change, int64_t expected_revision,
                               const std::vector<events::OutboxEvent>& events) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement& select =
          session_.Prepare("SELECT revision FROM alerts WHERE alert_id = ? AND customer_id = ?");
      select.setString(1, change.alert.alert_id);
      select.setString(2, customer_id_);
      std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
      if (!rs->next()) {
        return NotFound("alert", change.alert.alert_id, "ALERT_NOT_FOUND");
      }
      RETURN_IF_ERROR(CheckRevision(absl::StrCat("alerts/", change.alert.alert_id),
                                    expected_revision, rs->getInt64("revision")));
      RETURN_IF_ERROR(UpdateAlert(change.alert));
      InsertHistory(change);
      const WriteContext write{change.actor, {}, "", change.change_time, change.note};
      for (const events::OutboxEvent& event : events) {
        events::AppendEvent(session_, event, write);
      }
      return absl::OkStatus();
    });
  }

  absl::Status Suppress(const std::string& indicator, AlertLevel level,
                        const std::string& alert_id) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement& upsert = session_.Prepare(
          "INSERT INTO alert_suppressions (customer_id, indicator, level, alert_id) "
          "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE level = VALUES(level), "
          "alert_id = VALUES(alert_id)");
      upsert.setString(1, customer_id_);
      upsert.setString(2, indicator);
      upsert.setInt(3, static_cast<int>(level));
      upsert.setString(4, alert_id);
      upsert.executeUpdate();
      return absl::OkStatus();
    });
  }

  absl::Status InsertPlan(const ContingencyPlan& plan) override {
    return Guarded([&]() -> absl::Status { return InsertPlanRows(plan); });
  }

  absl::StatusOr<ContingencyPlan> GetPlan(const std::string& plan_id) override {
    return Guarded([&]() -> absl::StatusOr<ContingencyPlan> {
      ASSIGN_OR_RETURN(std::optional<ContingencyPlan> plan, ReadPlan(session_, plan_id));
      if (!plan.has_value() || plan->customer_id != customer_id_) {
        return NotFound("contingency plan", plan_id, "PLAN_NOT_FOUND");
      }
      return *std::move(plan);
    });
  }

  absl::Status UpdatePlan(const ContingencyPlan& plan, int64_t expected_revision) override {
    return Guarded([&]() -> absl::Status {
      sql::PreparedStatement& select = session_.Prepare(
          "SELECT revision FROM contingency_plans WHERE plan_id = ? AND customer_id = ?");
      select.setString(1, plan.plan_id);
      select.setString(2, customer_id_);
      std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
      if (!rs->next()) {
        return NotFound("contingency plan", plan.plan_id, "PLAN_NOT_FOUND");
      }
      RETURN_IF_ERROR(CheckRevision(absl::StrCat("contingencyPlans/", plan.plan_id),
                                    expected_revision, rs->getInt64("revision")));
      sql::PreparedStatement& update = session_.Prepare(
          "UPDATE contingency_plans SET status = ?, revision = revision + 1 WHERE plan_id = ?");
      update.setString(1, StoredName(plan.status));
      update.setString(2, plan.plan_id);
      try {
        update.executeUpdate();
      } catch (const sql::SQLException& e) {
        if (mysql::IsDuplicateKeyOn(e, "uq_plans_active")) {
          return PlanAlreadyActive(plan);
        }
        throw;
      }
      for (const ContingencyStep& step : plan.steps) {
        sql::PreparedStatement& update_step = session_.Prepare(
            "UPDATE contingency_steps SET status = ?, completed_by = ?, complete_time = ?, "
            "note = ? WHERE plan_id = ? AND step_number = ?");
        update_step.setString(1, StoredName(step.status));
        update_step.setString(2, step.completed_by);
        mysql::SetOptionalTime(update_step, 3, step.complete_time);
        update_step.setString(4, step.note);
        update_step.setString(5, plan.plan_id);
        update_step.setInt(6, step.step_number);
        update_step.executeUpdate();
      }
      return absl::OkStatus();
    });
  }

 private:
  // A row that belongs to one of this customer's exposures (an observation, collateral, a
  // guarantor), read by `select` (bound: the row's id, the exposure id) with the exposure's
  // currency; `not_found` when the exposure or the row is not there.
  template <typename Row>
  absl::StatusOr<Row> GetRowOfExposure(
      const std::string& select_sql, const std::string& exposure_id, const std::string& id,
      absl::Status not_found,
      const std::function<absl::StatusOr<Row>(sql::ResultSet&, const std::string&)>& read) {
    return Guarded([&]() -> absl::StatusOr<Row> {
      absl::StatusOr<std::string> currency = CurrencyOf(exposure_id);
      if (!currency.ok()) {
        return not_found;
      }
      sql::PreparedStatement& select = session_.Prepare(select_sql);
      select.setString(1, id);
      select.setString(2, exposure_id);
      std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
      if (!rs->next()) {
        return not_found;
      }
      return read(*rs, *currency);
    });
  }

  // Runs `body`, turning database exceptions into statuses (see the class comment).
  template <typename Body>
  auto Guarded(const Body& body) -> decltype(body()) {
    if (!unusable_.ok()) {
      return unusable_;
    }
    try {
      return body();
    } catch (const sql::SQLException& e) {
      absl::Status status = mysql::SqlErrorToStatus(e);
      const int code = e.getErrorCode();
      if (mysql::IsConnectionLost(code)) {
        session_.MarkBroken();
      }
      if (mysql::IsRetryableTransactionError(code)) {
        retryable_.emplace(e);
        unusable_ = status;
      }
      return status;
    }
  }

  // The exposure's currency when it is this customer's; NOT_FOUND (EXPOSURE_NOT_FOUND) otherwise.
  // Throws sql::SQLException.
  absl::StatusOr<std::string> CurrencyOf(const std::string& exposure_id) {
    sql::PreparedStatement& select = session_.Prepare(
        "SELECT currency_code FROM exposures WHERE exposure_id = ? AND customer_id = ?");
    select.setString(1, exposure_id);
    select.setString(2, customer_id_);
    std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
    if (!rs->next()) {
      return ExposureNotFound(exposure_id);
    }
    return Text(*rs, "currency_code");
  }

  // Throws sql::SQLException (a duplicate date included).
  void InsertInstallment(const std::string& exposure_id, absl::CivilDay due_date,
                         const Money& principal, const Money& interest) {
    sql::PreparedStatement& insert = session_.Prepare(
        "INSERT INTO installments (exposure_id, due_date, principal, interest) "
        "VALUES (?, ?, ?, ?)");
    insert.setString(1, exposure_id);
    insert.setString(2, mysql::SqlDate(due_date));
    insert.setString(3, FormatDecimal(principal));
    insert.setString(4, FormatDecimal(interest));
    insert.executeUpdate();
  }

  // Outstanding = disbursed − principal repaid, from every observation of the exposure: the
  // payments, all together, go to the installments oldest due first, interest then principal,
  // and what exceeds the schedule counts as principal. Recomputed whole rather than adjusted,
  // because an installment added later moves the split of earlier payments. Never below zero.
  // Throws sql::SQLException.
  absl::Status RecomputeOutstanding(const std::string& exposure_id, const std::string& currency,
                                    absl::Time now) {
    sql::PreparedStatement& flows = session_.Prepare(
        "SELECT kind, amount FROM observations WHERE exposure_id = ? AND kind IN "
        "('DISBURSEMENT', 'REPAYMENT_PAID')");
    flows.setString(1, exposure_id);
    std::unique_ptr<sql::ResultSet> rs(flows.executeQuery());
    absl::int128 disbursed = 0;
    absl::int128 paid = 0;
    while (rs->next()) {
      absl::StatusOr<Money> amount = ParseMoney(currency, Text(*rs, "amount"));
      if (!amount.ok()) {
        return absl::InternalError(
            absl::StrCat("an observation of exposure ", exposure_id, " has an unreadable amount"));
      }
      (Text(*rs, "kind") == "DISBURSEMENT" ? disbursed : paid) += TotalNanos(*amount);
    }
    sql::PreparedStatement& schedule = session_.Prepare(
        "SELECT principal, interest FROM installments WHERE exposure_id = ? ORDER BY due_date");
    schedule.setString(1, exposure_id);
    std::unique_ptr<sql::ResultSet> installments(schedule.executeQuery());
    absl::int128 left = paid;
    absl::int128 principal_repaid = 0;
    while (installments->next() && left > 0) {
      absl::StatusOr<Money> principal = ParseMoney(currency, Text(*installments, "principal"));
      absl::StatusOr<Money> interest = ParseMoney(currency, Text(*installments, "interest"));
      if (!principal.ok() || !interest.ok()) {
        return absl::InternalError(
            absl::StrCat("an installment of exposure ", exposure_id, " is unreadable"));
      }
      left -= std::min(left, TotalNanos(*interest));
      const absl::int128 covered = std::min(left, TotalNanos(*principal));
      principal_repaid += covered;
      left -= covered;
    }
    principal_repaid += left;
    const absl::int128 outstanding =
        disbursed > principal_repaid ? disbursed - principal_repaid : absl::int128(0);
    ASSIGN_OR_RETURN(Money amount, MoneyFromNanos(currency, outstanding));
    const std::string decimal = FormatDecimal(amount);
    sql::PreparedStatement& update = session_.Prepare(
        "UPDATE exposures SET outstanding = ?, update_time = ?, revision = revision + 1 "
        "WHERE exposure_id = ? AND outstanding <> ?");
    update.setString(1, decimal);
    update.setString(2, mysql::SqlTime(now));
    update.setString(3, exposure_id);
    update.setString(4, decimal);
    update.executeUpdate();
    return absl::OkStatus();
  }

  // ALREADY_EXISTS (ALERT_ALREADY_OPEN) when the customer has an open alert of the indicator.
  // Throws sql::SQLException otherwise.
  absl::Status InsertAlert(const Alert& a) {
    static const auto* sql = new std::string(
        absl::StrCat("INSERT INTO alerts (alert_id, customer_id, indicator, ", kAlertStateColumns,
                     ", revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?, ?, 1)"));
    sql::PreparedStatement& insert = session_.Prepare(*sql);
    insert.setString(1, a.alert_id);
    insert.setString(2, customer_id_);
    insert.setString(3, a.indicator);
    BindAlertState(insert, 4, a);
    try {
      insert.executeUpdate();
    } catch (const sql::SQLException& e) {
      if (mysql::IsDuplicateKeyOn(e, "uq_alerts_open")) {
        return WithReason(
            absl::AlreadyExistsError(absl::StrCat("customer ", customer_id_,
                                                  " already has an open ", a.indicator, " alert")),
            "ALERT_ALREADY_OPEN");
      }
      throw;
    }
    return absl::OkStatus();
  }

  // Writes the alert's state, revision + 1. NOT_FOUND (ALERT_NOT_FOUND); ALREADY_EXISTS
  // (ALERT_ALREADY_OPEN) when reopening would make a second open alert. Throws
  // sql::SQLException otherwise.
  absl::Status UpdateAlert(const Alert& a) {
    static const auto* sql = new std::string(
        absl::StrCat("UPDATE alerts SET ", kAlertStateAssignments,
                     ", revision = revision + 1 WHERE alert_id = ? AND customer_id = ?"));
    sql::PreparedStatement& update = session_.Prepare(*sql);
    const int next = BindAlertState(update, 1, a);
    update.setString(next, a.alert_id);
    update.setString(next + 1, customer_id_);
    int changed = 0;
    try {
      changed = update.executeUpdate();
    } catch (const sql::SQLException& e) {
      if (mysql::IsDuplicateKeyOn(e, "uq_alerts_open")) {
        return WithReason(
            absl::AlreadyExistsError(absl::StrCat("customer ", customer_id_,
                                                  " already has an open ", a.indicator, " alert")),
            "ALERT_ALREADY_OPEN");
      }
      throw;
    }
    if (changed == 0) {
      return NotFound("alert", a.alert_id, "ALERT_NOT_FOUND");
    }
    return absl::OkStatus();
  }

  // The history row: the alert as it is after the change. Throws sql::SQLException.
  void InsertHistory(const AlertChange& change) {
    const Alert& a = change.alert;
    sql::PreparedStatement& insert = session_.Prepare(
        "INSERT INTO alert_history (alert_id, action, actor, note, change_time, status, level, "
        "evaluated_level, escalation_steps, value, threshold, rule_id, rule_version, inputs, "
        "assignee_manager_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 1;
    insert.setString(i++, a.alert_id);
    insert.setString(i++, change.action);
    insert.setString(i++, change.actor);
    insert.setString(i++, change.note);
    insert.setString(i++, mysql::SqlTime(change.change_time));
    insert.setString(i++, StoredName(a.status));
    insert.setInt(i++, static_cast<int>(a.level));
    insert.setInt(i++, static_cast<int>(a.evaluated_level));
    insert.setInt(i++, a.escalation_steps);
    insert.setDouble(i++, a.value);
    insert.setDouble(i++, a.threshold);
    insert.setString(i++, a.rule_id);
    insert.setInt64(i++, a.rule_version);
    insert.setString(i++, InputsJson(a.inputs));
    insert.setString(i++, a.assignee_manager_id);
    insert.executeUpdate();
  }

  absl::Status PlanAlreadyActive(const ContingencyPlan& plan) const {
    return WithReason(
        absl::AlreadyExistsError(absl::StrCat("customer ", customer_id_, " already has an active ",
                                              StoredName(plan.scenario), " plan")),
        "PLAN_ALREADY_ACTIVE");
  }

  // The plan and its steps. ALREADY_EXISTS (PLAN_ALREADY_ACTIVE); throws sql::SQLException.
  absl::Status InsertPlanRows(const ContingencyPlan& plan) {
    sql::PreparedStatement& insert = session_.Prepare(
        "INSERT INTO contingency_plans (plan_id, customer_id, scenario, alert_id, status, "
        "automatic, activated_by, activate_time, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)");
    insert.setString(1, plan.plan_id);
    insert.setString(2, customer_id_);
    insert.setString(3, StoredName(plan.scenario));
    insert.setString(4, plan.alert_id);
    insert.setString(5, StoredName(plan.status));
    insert.setInt(6, plan.automatic ? 1 : 0);
    insert.setString(7, plan.activated_by);
    insert.setString(8, mysql::SqlTime(plan.activate_time));
    try {
      insert.executeUpdate();
    } catch (const sql::SQLException& e) {
      if (mysql::IsDuplicateKeyOn(e, "uq_plans_active")) {
        return PlanAlreadyActive(plan);
      }
      throw;
    }
    for (const ContingencyStep& step : plan.steps) {
      sql::PreparedStatement& insert_step = session_.Prepare(
          "INSERT INTO contingency_steps (plan_id, step_number, title, owner_role, owner, "
          "due_time, status, completed_by, complete_time, note) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insert_step.setString(1, plan.plan_id);
      insert_step.setInt(2, step.step_number);
      insert_step.setString(3, step.title);
      insert_step.setString(4, step.owner_role);
      insert_step.setString(5, step.owner);
      insert_step.setString(6, mysql::SqlTime(step.due_time));
      insert_step.setString(7, StoredName(step.status));
      insert_step.setString(8, step.completed_by);
      mysql::SetOptionalTime(insert_step, 9, step.complete_time);
      insert_step.setString(10, step.note);
      insert_step.executeUpdate();
    }
    return absl::OkStatus();
  }

  mysql::Session& session_;
  const std::string customer_id_;
  // Not OK once the ledger cannot be used: an invalid customer id, or the transaction ended by
  // a retryable error.
  absl::Status unusable_;
  std::optional<sql::SQLException> retryable_;
};

// SELECT customer_id FROM `table` WHERE `id_column` = id, as one read.
absl::StatusOr<std::string> CustomerOf(mysql::ConnectionPool& pool, const std::string& sql,
                                       const std::string& id, absl::Status not_found) {
  return mysql::RunReadOnly<std::string>(
      pool, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<std::string> {
        sql::PreparedStatement& select = s.Prepare(sql);
        select.setString(1, id);
        std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
        if (!rs->next()) {
          return not_found;
        }
        return Text(*rs, "customer_id");
      });
}

}  // namespace

absl::Status MySqlRiskStore::InCustomerTransaction(
    const std::string& customer_id, absl::Time deadline,
    const std::function<absl::Status(CustomerLedger&)>& work) {
  mysql::TxOptions options;
  options.deadline = deadline;
  return mysql::RunInTransaction(*pool_, options, [&](mysql::Session& s) -> absl::Status {
    RETURN_IF_ERROR(LockCustomer(s, customer_id));
    MySqlCustomerLedger ledger(s, customer_id, absl::OkStatus());
    absl::Status status = work(ledger);
    // A deadlock or lost connection the work saw as a status: the transaction is gone, run it
    // again from the start.
    ledger.RethrowRetryable();
    return status;
  });
}

absl::StatusOr<std::string> MySqlRiskStore::CustomerOfExposure(const std::string& exposure_id) {
  return CustomerOf(*pool_, "SELECT customer_id FROM exposures WHERE exposure_id = ?", exposure_id,
                    ExposureNotFound(exposure_id));
}

absl::StatusOr<std::string> MySqlRiskStore::CustomerOfAlert(const std::string& alert_id) {
  return CustomerOf(*pool_, "SELECT customer_id FROM alerts WHERE alert_id = ?", alert_id,
                    NotFound("alert", alert_id, "ALERT_NOT_FOUND"));
}

absl::StatusOr<std::string> MySqlRiskStore::CustomerOfPlan(const std::string& plan_id) {
  return CustomerOf(*pool_, "SELECT customer_id FROM contingency_plans WHERE plan_id = ?", plan_id,
                    NotFound("contingency plan", plan_id, "PLAN_NOT_FOUND"));
}

std::unique_ptr<CustomerLedger> OpenLedger(mysql::Session& session,
                                           const std::string& customer_id) {
  // An invalid id leaves a ledger that refuses every call with the reason.
  absl::Status locked = LockCustomer(session, customer_id);
  return std::make_unique<MySqlCustomerLedger>(session, customer_id, std::move(locked));
}

}  // namespace ccrm::risk
