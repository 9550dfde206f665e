// The storage the risk-warning domain needs, as interfaces it owns; storage/ implements them on
// MySQL. Writes about a customer happen inside RiskStore::InCustomerTransaction, which holds that
// customer's lock for the whole transaction: observations, signals, evaluation and alert changes
// of one customer are serialised, so an evaluation never overwrites an acknowledgement made a
// moment earlier and two replicas never open the same alert twice.
//
// Example:
//   RETURN_IF_ERROR(store.InCustomerTransaction(customer_id, deadline,
//       [&](CustomerLedger& ledger) -> absl::Status {
//         RETURN_IF_ERROR(ledger.InsertObservation(observation));
//         ASSIGN_OR_RETURN(RiskFile file, ledger.LoadRiskFile());
//         ...
//         return ledger.ApplyEvaluation(evaluation, events, write);
//       }));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "common/events/outbox_event.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/page.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/contingency.h"
#include "services/risk-warning/domain/evaluation.h"
#include "services/risk-warning/domain/exposure.h"
#include "services/risk-warning/domain/portfolio.h"
#include "services/risk-warning/domain/risk_file.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {

// The events risk-warning publishes on its feed, as outbox events; api/ implements it with the
// ccrm.risk.v1 payloads. AlertRaised (opened, raised, escalated: relationship-service makes a
// task of it) and AlertChange (every change but "updated": the watch stream reads these).
class RiskEventEncoder {
 public:
  virtual ~RiskEventEncoder() = default;
  virtual events::OutboxEvent AlertRaised(const AlertChange& change,
                                          const WriteContext& write) const = 0;
  virtual events::OutboxEvent AlertChanged(const AlertChange& change,
                                           const WriteContext& write) const = 0;
};

// One customer's records inside one transaction that holds the customer's lock. Methods throw
// nothing; database errors come back as UNAVAILABLE/INTERNAL and abort the transaction when
// returned from the work.
class CustomerLedger {
 public:
  virtual ~CustomerLedger() = default;

  virtual const std::string& customer_id() const = 0;

  // Idempotency (common/mysql/idempotency.h semantics) within this transaction.
  virtual absl::StatusOr<std::optional<std::string>> ClaimRequest(
      const std::string& scope, const IdempotencyKey& key, const std::string& resource_name) = 0;
  virtual absl::StatusOr<std::optional<std::string>> LookupRequest(const std::string& scope,
                                                                   const IdempotencyKey& key) = 0;

  // The obligor row exists once locked (facts empty until saved). Saves facts and group members.
  virtual absl::Status SaveObligor(const Obligor& obligor) = 0;
  virtual absl::StatusOr<Obligor> GetObligor() = 0;

  // ALREADY_EXISTS (reason FACILITY_ALREADY_REGISTERED, field exposure.facility_id) for a taken
  // facility id. Stores the schedule too; outstanding starts at zero.
  virtual absl::Status InsertExposure(const Exposure& exposure) = 0;
  // NOT_FOUND (reason EXPOSURE_NOT_FOUND) when the customer has no such exposure.
  virtual absl::StatusOr<Exposure> GetExposure(const std::string& exposure_id) = 0;
  // Stores the observation; a repayment due adds an installment to the schedule (ALREADY_EXISTS
  // reason INSTALLMENT_EXISTS, field observation.repayment_due.due_date, when one is on that
  // date), a disbursement raises outstanding, a repayment lowers it by the principal it covers.
  virtual absl::Status InsertObservation(const Observation& observation) = 0;
  // NOT_FOUND (reason OBSERVATION_NOT_FOUND).
  virtual absl::StatusOr<Observation> GetObservation(const std::string& exposure_id,
                                                     const std::string& observation_id) = 0;
  virtual absl::Status InsertCollateral(const Collateral& collateral) = 0;
  // NOT_FOUND (reason COLLATERAL_NOT_FOUND).
  virtual absl::StatusOr<Collateral> GetCollateral(const std::string& exposure_id,
                                                   const std::string& collateral_id) = 0;
  // Writes value, date, update_time and revision + 1; ABORTED (reason ETAG_MISMATCH) when the
  // stored revision is not expected_revision (0 = don't check).
  virtual absl::Status UpdateCollateral(const Collateral& collateral,
                                        int64_t expected_revision) = 0;
  // ALREADY_EXISTS (reason GUARANTOR_EXISTS) when the same customer / outside party already
  // guarantees the exposure.
  virtual absl::Status InsertGuarantor(const Guarantor& guarantor) = 0;
  // NOT_FOUND (reason GUARANTOR_NOT_FOUND).
  virtual absl::StatusOr<Guarantor> GetGuarantor(const std::string& exposure_id,
                                                 const std::string& guarantor_id) = 0;

  // Stores a soft signal; false when (producer, event_id, kind) was already stored.
  virtual absl::StatusOr<bool> RecordSignal(const Signal& signal) = 0;

  // Everything Evaluate needs (risk_file.h), read under the lock.
  virtual absl::StatusOr<RiskFile> LoadRiskFile() = 0;
  // Every rule, read in this transaction: an evaluation inside a write never waits for a second
  // pooled connection while holding this one (with every connection held so, none is freed).
  virtual absl::StatusOr<std::vector<Rule>> ListRules() = 0;
  // Writes the evaluation: each alert change (insert for "opened", update otherwise) and its
  // history row, the exposures' categories/reasons/days past due that differ, the activated
  // plans, the ended suppressions, then `events` (appended last).
  virtual absl::Status ApplyEvaluation(const Evaluation& evaluation,
                                       const std::vector<events::OutboxEvent>& events,
                                       const WriteContext& write) = 0;

  // NOT_FOUND (reason ALERT_NOT_FOUND) when the customer has no such alert.
  virtual absl::StatusOr<Alert> GetAlert(const std::string& alert_id) = 0;
  // Writes the alert as in change.alert (revision + 1) and its history row, then `events`.
  // ABORTED (ETAG_MISMATCH) when the stored revision is not expected_revision (0 = don't check).
  virtual absl::Status SaveAlertChange(const AlertChange& change, int64_t expected_revision,
                                       const std::vector<events::OutboxEvent>& events) = 0;
  // Records that `indicator` was judged a false positive at `level` (replaces an earlier one).
  virtual absl::Status Suppress(const std::string& indicator, AlertLevel level,
                                const std::string& alert_id) = 0;

  // ALREADY_EXISTS (reason PLAN_ALREADY_ACTIVE) when the customer has an ACTIVE plan of the
  // scenario.
  virtual absl::Status InsertPlan(const ContingencyPlan& plan) = 0;
  // NOT_FOUND (reason PLAN_NOT_FOUND).
  virtual absl::StatusOr<ContingencyPlan> GetPlan(const std::string& plan_id) = 0;
  // Writes status and steps, revision + 1; ABORTED (ETAG_MISMATCH) as above.
  virtual absl::Status UpdatePlan(const ContingencyPlan& plan, int64_t expected_revision) = 0;
};

class RiskStore {
 public:
  virtual ~RiskStore() = default;
  // Runs `work` in one transaction holding the customer's lock (creating the obligor row if
  // absent); commits when it returns OK, rolls back otherwise. Retries the whole transaction on a
  // deadlock or a lost connection. UNAVAILABLE when the database cannot be reached in time.
  virtual absl::Status InCustomerTransaction(
      const std::string& customer_id, absl::Time deadline,
      const std::function<absl::Status(CustomerLedger&)>& work) = 0;
  // Which customer a resource belongs to. NOT_FOUND (EXPOSURE_NOT_FOUND / ALERT_NOT_FOUND /
  // PLAN_NOT_FOUND).
  virtual absl::StatusOr<std::string> CustomerOfExposure(const std::string& exposure_id) = 0;
  virtual absl::StatusOr<std::string> CustomerOfAlert(const std::string& alert_id) = 0;
  virtual absl::StatusOr<std::string> CustomerOfPlan(const std::string& plan_id) = 0;
};

struct ExposureFilter {
  std::string customer_id;
  ExposureStatus status = ExposureStatus::kUnspecified;
  LoanCategory category = LoanCategory::kUnspecified;
};

struct AlertFilter {
  std::string customer_id;
  std::string assignee_manager_id;
  AlertLevel min_level = AlertLevel::kNone;
  // Empty = the open statuses.
  std::vector<AlertStatus> statuses;
  std::string indicator;
};

struct PlanFilter {
  std::string customer_id;
  PlanStatus status = PlanStatus::kUnspecified;
};

// Reads that need no lock.
class RiskReader {
 public:
  virtual ~RiskReader() = default;
  // NOT_FOUND (EXPOSURE_NOT_FOUND).
  virtual absl::StatusOr<Exposure> GetExposure(const std::string& exposure_id) = 0;
  // By exposure_id (creation order). Key: {exposure_id}.
  virtual absl::StatusOr<Page<Exposure>> ListExposures(const ExposureFilter& filter,
                                                       const PageQuery& page) = 0;
  // Newest first. Key: {observation_id}.
  virtual absl::StatusOr<Page<Observation>> ListObservations(const std::string& exposure_id,
                                                             const PageQuery& page) = 0;
  // One exposure with its observations, collateral and guarantors. NOT_FOUND.
  virtual absl::StatusOr<ExposureFile> LoadExposureFile(const std::string& exposure_id) = 0;
  // The customer's risk file as LoadRiskFile reads it, without the lock.
  virtual absl::StatusOr<RiskFile> LoadRiskFile(const std::string& customer_id) = 0;
  // Risk files of customers with an ACTIVE exposure and customer_id > after, by customer_id, at
  // most `limit` customers; for the portfolio scan. Reads each table once per batch.
  virtual absl::StatusOr<std::vector<RiskFile>> LoadRiskFiles(const std::string& after_customer_id,
                                                              int limit) = 0;

  // NOT_FOUND (ALERT_NOT_FOUND).
  virtual absl::StatusOr<Alert> GetAlert(const std::string& alert_id) = 0;
  // Highest level first, then newest open_time, then alert_id. Key: {level, open_time, id}.
  virtual absl::StatusOr<Page<Alert>> ListAlerts(const AlertFilter& filter,
                                                 const PageQuery& page) = 0;
  // Oldest first. NOT_FOUND when there is no such alert.
  virtual absl::StatusOr<std::vector<AlertChange>> AlertHistory(const std::string& alert_id) = 0;
  // OPEN alerts whose acknowledgement deadline is at or before `now`, soonest first: (alert_id,
  // customer_id).
  virtual absl::StatusOr<std::vector<std::pair<std::string, std::string>>> OverdueAcknowledgements(
      absl::Time now, int limit) = 0;
  // Customers whose evaluation may change when `customer_id`'s alerts change: members of its
  // group and customers it guarantees, that have an ACTIVE exposure.
  virtual absl::StatusOr<std::vector<std::string>> DependentsOf(const std::string& customer_id) = 0;

  // NOT_FOUND (PLAN_NOT_FOUND).
  virtual absl::StatusOr<ContingencyPlan> GetPlan(const std::string& plan_id) = 0;
  // Newest first. Key: {plan_id}.
  virtual absl::StatusOr<Page<ContingencyPlan>> ListPlans(const PlanFilter& filter,
                                                          const PageQuery& page) = 0;

  virtual absl::StatusOr<PortfolioSummary> Summary(const std::string& currency_code,
                                                   absl::Time now) = 0;
};

class RuleRepository {
 public:
  virtual ~RuleRepository() = default;
  // Every rule (enabled or not), by indicator then rule_id; of one indicator when set.
  virtual absl::StatusOr<std::vector<Rule>> List(const std::string& indicator) = 0;
  // NOT_FOUND (reason RULE_NOT_FOUND).
  virtual absl::StatusOr<Rule> Get(const std::string& rule_id) = 0;
  // Stores version 1 and its revision row; idempotent by key (scope "rules.create").
  // ALREADY_EXISTS (reason RULE_SCOPE_TAKEN) when an enabled rule of the indicator has the same
  // scope.
  virtual absl::StatusOr<Rule> Create(const Rule& rule, const IdempotencyKey& key,
                                      const WriteContext& write) = 0;
  // Writes thresholds, scenario, auto flag and enabled as a new version (version + 1, updated_by,
  // update_time, change_reason from write) with its revision row. ABORTED (ETAG_MISMATCH) when
  // the stored version is not expected_version (0 = don't check); NOT_FOUND.
  virtual absl::StatusOr<Rule> Update(const Rule& rule, int64_t expected_version,
                                      const WriteContext& write) = 0;
  // Every version, newest first. NOT_FOUND.
  virtual absl::StatusOr<std::vector<Rule>> Revisions(const std::string& rule_id) = 0;
};

}  // namespace ccrm::risk
