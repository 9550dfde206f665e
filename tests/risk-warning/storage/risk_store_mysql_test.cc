// The customer-locked ledger (MySqlRiskStore, OpenLedger) and the risk-file reads (ReadRiskFiles,
// MySqlRiskReader's LoadExposureFile / LoadRiskFile / LoadRiskFiles) against a real MariaDB as
// the least-privilege user: exact round trips (money to 9 decimals, days, microsecond times),
// the refusals each write names, outstanding kept from the observations, evaluation writes and
// their outbox rows, rollback of everything when the work fails, the customer lock serialising
// two writers, a deadlock re-running the whole transaction, and batch reads whose statement count
// does not grow with the batch.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/risk-warning/domain/evaluator.h"
#include "services/risk-warning/storage/mysql_risk_reader.h"
#include "services/risk-warning/storage/mysql_risk_store.h"
#include "services/risk-warning/storage/mysql_rule_repository.h"
#include "services/risk-warning/storage/risk_file_loader.h"

namespace ccrm::risk {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

constexpr char kCustomerA[] = "0193a000-0000-7000-8000-00000000000a";
constexpr char kCustomerB[] = "0193a000-0000-7000-8000-00000000000b";
constexpr char kCustomerC[] = "0193a000-0000-7000-8000-00000000000c";
constexpr char kCustomerD[] = "0193a000-0000-7000-8000-00000000000d";
constexpr char kCustomerE[] = "0193a000-0000-7000-8000-00000000000e";

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 3, 20, 9, 30, 0), absl::UTCTimeZone()) +
    absl::Microseconds(123456);

// "0193b000-0000-7000-8000-0000000000NN" style ids, distinct per tag and number.
std::string Id(char tag, int n) {
  return absl::StrCat("0193", std::string(1, tag), "000-0000-7000-8000-",
                      absl::Dec(n, absl::kZeroPad12));
}

Money Cny(const char* decimal) { return ParseMoney("CNY", decimal).value(); }
std::string Dec(const Money& m) { return absl::StrCat(m.currency_code, " ", FormatDecimal(m)); }

WriteContext Write() { return WriteContext{"risk-warning", {}, "req-1", kNow, "test"}; }

absl::Status ReasonAndField(const absl::Status& status, const std::string& reason,
                            const std::string& field) {
  if (ErrorReason(status) != reason) {
    return absl::InternalError(absl::StrCat("reason ", ErrorReason(status), " != ", reason));
  }
  std::vector<FieldViolation> v = FieldViolationsOf(status);
  if (field.empty() ? !v.empty() : (v.size() != 1 || v[0].field != field)) {
    return absl::InternalError(absl::StrCat("unexpected field violations for ", field));
  }
  return absl::OkStatus();
}

Exposure SampleExposure(const std::string& customer_id, const std::string& exposure_id,
                        const std::string& facility_id) {
  Exposure e;
  e.exposure_id = exposure_id;
  e.customer_id = customer_id;
  e.facility_id = facility_id;
  e.amount = Cny("50000000.123456789");
  e.purpose = "厂房建设 plant construction";
  e.project = absl::StrCat("customers/", customer_id, "/projects/p-1");
  e.use_of_funds_plan = {{"construction", "Acme Builders", Cny("30000000")},
                         {"equipment", "", Cny("15000000.5")}};
  e.repayment_schedule = {{absl::CivilDay(2026, 1, 20), Cny("100"), Cny("10")},
                          {absl::CivilDay(2026, 2, 20), Cny("100"), Cny("10.000000001")}};
  e.origination_date = absl::CivilDay(2025, 6, 1);
  e.maturity_date = absl::CivilDay(2030, 5, 31);
  e.covenants.min_dscr = 1.25;
  e.covenants.min_current_ratio = 1.1;
  e.status = ExposureStatus::kActive;
  e.outstanding = Cny("0");
  e.suggested_category = LoanCategory::kNormal;
  e.segment = "SEGMENT_SME";
  e.industry_code = "C3011";
  e.create_time = kNow;
  e.update_time = kNow;
  e.revision = 1;
  return e;
}

void ExpectSameExposure(const Exposure& got, const Exposure& want) {
  EXPECT_EQ(got.exposure_id, want.exposure_id);
  EXPECT_EQ(got.customer_id, want.customer_id);
  EXPECT_EQ(got.facility_id, want.facility_id);
  EXPECT_EQ(Dec(got.amount), Dec(want.amount));
  EXPECT_EQ(got.purpose, want.purpose);
  EXPECT_EQ(got.project, want.project);
  ASSERT_EQ(got.use_of_funds_plan.size(), want.use_of_funds_plan.size());
  for (size_t i = 0; i < want.use_of_funds_plan.size(); ++i) {
    EXPECT_EQ(got.use_of_funds_plan[i].category, want.use_of_funds_plan[i].category);
    EXPECT_EQ(got.use_of_funds_plan[i].payee, want.use_of_funds_plan[i].payee);
    EXPECT_EQ(Dec(got.use_of_funds_plan[i].amount), Dec(want.use_of_funds_plan[i].amount));
  }
  ASSERT_EQ(got.repayment_schedule.size(), want.repayment_schedule.size());
  for (size_t i = 0; i < want.repayment_schedule.size(); ++i) {
    EXPECT_EQ(got.repayment_schedule[i].due_date, want.repayment_schedule[i].due_date);
    EXPECT_EQ(Dec(got.repayment_schedule[i].principal), Dec(want.repayment_schedule[i].principal));
    EXPECT_EQ(Dec(got.repayment_schedule[i].interest), Dec(want.repayment_schedule[i].interest));
  }
  EXPECT_EQ(got.origination_date, want.origination_date);
  EXPECT_EQ(got.maturity_date, want.maturity_date);
  EXPECT_EQ(got.covenants.min_dscr, want.covenants.min_dscr);
  EXPECT_EQ(got.covenants.min_current_ratio, want.covenants.min_current_ratio);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(Dec(got.outstanding), Dec(want.outstanding));
  EXPECT_EQ(got.suggested_category, want.suggested_category);
  EXPECT_EQ(got.category_reason, want.category_reason);
  EXPECT_EQ(got.days_past_due, want.days_past_due);
  EXPECT_EQ(got.segment, want.segment);
  EXPECT_EQ(got.industry_code, want.industry_code);
  EXPECT_EQ(got.create_time, want.create_time);
  EXPECT_EQ(got.update_time, want.update_time);
  EXPECT_EQ(got.revision, want.revision);
}

Observation SampleObservation(const Exposure& e, int n, ObservationKind kind) {
  Observation o;
  o.observation_id = Id('0', n);
  o.exposure_id = e.exposure_id;
  o.customer_id = e.customer_id;
  o.kind = kind;
  o.date = absl::CivilDay(2026, 3, 1) + n;
  o.amount = Cny("0");
  o.interest = Cny("0");
  o.planned_amount = Cny("0");
  o.recorded_by = "officer-7";
  o.record_time = kNow + absl::Minutes(n);
  switch (kind) {
    case ObservationKind::kRepaymentDue:
      o.date = absl::CivilDay(2026, 4, 20);
      o.amount = Cny("100.5");
      o.interest = Cny("9.123456789");
      break;
    case ObservationKind::kRepaymentPaid:
    case ObservationKind::kDisbursement:
      o.amount = Cny("1000.000000001");
      break;
    case ObservationKind::kFundUsage:
      o.amount = Cny("250000");
      o.category = "construction";
      o.payee = "Acme Builders 建设";
      break;
    case ObservationKind::kProjectProgress:
      o.amount = Cny("8000000");
      o.planned_amount = Cny("10000000.25");
      o.milestones_due = 4;
      o.milestones_met = 3;
      break;
    case ObservationKind::kCovenantFigures:
      o.dscr = 1.0825;
      o.current_ratio = 0.95;
      break;
    case ObservationKind::kUnspecified:
      break;
  }
  return o;
}

Observation Flow(const Exposure& e, int n, ObservationKind kind, const char* amount) {
  Observation o = SampleObservation(e, n, kind);
  o.amount = Cny(amount);
  return o;
}

void ExpectSameObservation(const Observation& got, const Observation& want) {
  EXPECT_EQ(got.observation_id, want.observation_id);
  EXPECT_EQ(got.exposure_id, want.exposure_id);
  EXPECT_EQ(got.customer_id, want.customer_id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.date, want.date);
  EXPECT_EQ(Dec(got.amount), Dec(want.amount));
  EXPECT_EQ(Dec(got.interest), Dec(want.interest));
  EXPECT_EQ(Dec(got.planned_amount), Dec(want.planned_amount));
  EXPECT_EQ(got.category, want.category);
  EXPECT_EQ(got.payee, want.payee);
  EXPECT_EQ(got.milestones_due, want.milestones_due);
  EXPECT_EQ(got.milestones_met, want.milestones_met);
  EXPECT_EQ(got.dscr, want.dscr);
  EXPECT_EQ(got.current_ratio, want.current_ratio);
  EXPECT_EQ(got.recorded_by, want.recorded_by);
  EXPECT_EQ(got.record_time, want.record_time);
}

Collateral SampleCollateral(const Exposure& e, int n) {
  Collateral c;
  c.collateral_id = Id('c', n);
  c.exposure_id = e.exposure_id;
  c.kind = n % 2 == 0 ? CollateralKind::kMortgage : CollateralKind::kPledge;
  c.asset_type = "industrial_land";
  c.description = "Lot 7, 工业园";
  c.appraised_value = Cny("42000000.000000009");
  c.appraisal_date = absl::CivilDay(2025, 5, 10);
  c.lien_rank = 1;
  c.update_time = kNow;
  c.revision = 1;
  return c;
}

void ExpectSameCollateral(const Collateral& got, const Collateral& want) {
  EXPECT_EQ(got.collateral_id, want.collateral_id);
  EXPECT_EQ(got.exposure_id, want.exposure_id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.asset_type, want.asset_type);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(Dec(got.appraised_value), Dec(want.appraised_value));
  EXPECT_EQ(got.appraisal_date, want.appraisal_date);
  EXPECT_EQ(got.lien_rank, want.lien_rank);
  EXPECT_EQ(got.update_time, want.update_time);
  EXPECT_EQ(got.revision, want.revision);
}

Guarantor SampleGuarantor(const Exposure& e, int n, const std::string& customer_id,
                          const std::string& outside_party) {
  Guarantor g;
  g.guarantor_id = Id('9', n);
  g.exposure_id = e.exposure_id;
  g.customer_id = customer_id;
  g.outside_party_name = outside_party;
  g.amount_guaranteed = Cny("5000000.000000001");
  g.create_time = kNow;
  return g;
}

void ExpectSameGuarantor(const Guarantor& got, const Guarantor& want) {
  EXPECT_EQ(got.guarantor_id, want.guarantor_id);
  EXPECT_EQ(got.exposure_id, want.exposure_id);
  EXPECT_EQ(got.customer_id, want.customer_id);
  EXPECT_EQ(got.outside_party_name, want.outside_party_name);
  EXPECT_EQ(Dec(got.amount_guaranteed), Dec(want.amount_guaranteed));
  EXPECT_EQ(got.create_time, want.create_time);
}

Alert SampleAlert(const std::string& alert_id, const std::string& customer_id,
                  const std::string& indicator, AlertLevel level) {
  Alert a;
  a.alert_id = alert_id;
  a.customer_id = customer_id;
  a.indicator = indicator;
  a.status = AlertStatus::kOpen;
  a.level = level;
  a.evaluated_level = level;
  a.value = 35.5;
  a.threshold = 30;
  a.rule_id = absl::StrCat("default-", indicator);
  a.rule_version = 3;
  a.inputs = {{"facility", "F-1"}, {"days_past_due", "35"}, {"说明", "逾期 \"35\" 天"}};
  a.title = "DPD 35 days";
  a.detail = "35 days past due on facility F-1";
  a.assignee_manager_id = "mgr-1";
  a.open_time = kNow;
  a.acknowledge_deadline = kNow + absl::Hours(24);
  a.update_time = kNow;
  a.revision = 1;
  return a;
}

void ExpectSameAlert(const Alert& got, const Alert& want) {
  EXPECT_EQ(got.alert_id, want.alert_id);
  EXPECT_EQ(got.customer_id, want.customer_id);
  EXPECT_EQ(got.indicator, want.indicator);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.level, want.level);
  EXPECT_EQ(got.evaluated_level, want.evaluated_level);
  EXPECT_EQ(got.escalation_steps, want.escalation_steps);
  EXPECT_EQ(got.value, want.value);
  EXPECT_EQ(got.threshold, want.threshold);
  EXPECT_EQ(got.rule_id, want.rule_id);
  EXPECT_EQ(got.rule_version, want.rule_version);
  EXPECT_EQ(got.inputs, want.inputs);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.detail, want.detail);
  EXPECT_EQ(got.assignee_manager_id, want.assignee_manager_id);
  EXPECT_EQ(got.open_time, want.open_time);
  EXPECT_EQ(got.acknowledge_deadline, want.acknowledge_deadline);
  EXPECT_EQ(got.acknowledge_time, want.acknowledge_time);
  EXPECT_EQ(got.close_time, want.close_time);
  EXPECT_EQ(got.resolution_note, want.resolution_note);
  EXPECT_EQ(got.update_time, want.update_time);
  EXPECT_EQ(got.revision, want.revision);
}

AlertChange ChangeOf(const char* action, const Alert& alert, absl::Time at) {
  return AlertChange{action, alert, "risk-warning", absl::StrCat("note on ", action), at};
}

ContingencyPlan SamplePlan(const std::string& plan_id, const std::string& customer_id,
                           ContingencyScenario scenario, const std::string& alert_id) {
  return BuildPlan(*TemplateFor(scenario), plan_id, customer_id, alert_id, "mgr-1", "risk-warning",
                   /*automatic=*/true, kNow);
}

Signal SampleSignal(const std::string& customer_id, SignalKind kind, absl::Time at,
                    const std::string& event_id) {
  Signal s;
  s.customer_id = customer_id;
  s.kind = kind;
  s.occur_time = at;
  s.value = kind == SignalKind::kRatingChange ? 6 : 1;
  s.previous_value = kind == SignalKind::kRatingChange ? 4 : 0;
  s.source = absl::StrCat("customers/", customer_id, "/serviceRequests/", event_id);
  s.producer = "relationship-service";
  s.event_id = event_id;
  return s;
}

events::OutboxEvent Event(const std::string& type, const std::string& subject,
                          const std::string& payload) {
  events::OutboxEvent e;
  e.event_type = type;
  e.subject = subject;
  e.payload = payload;
  return e;
}

// How many prepared statements the session has executed.
int64_t StatementsExecuted(mysql::Session& session) {
  std::unique_ptr<sql::Statement> show(session.connection().createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      show->executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_execute'"));
  rs->next();
  return std::stoll(rs->getString(2).asStdString());
}

class RiskStoreMySqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MySqlTestDbOptions options;
    options.migrations_dir = RISK_MIGRATIONS_DIR;
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db =
        testing::MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
    store_ = std::make_unique<MySqlRiskStore>(&db_->app_pool());
    reader_ = std::make_unique<MySqlRiskReader>(&db_->app_pool());
  }

  absl::Status InCustomer(const std::string& customer_id,
                          const std::function<absl::Status(CustomerLedger&)>& work) {
    return store_->InCustomerTransaction(customer_id, absl::InfiniteFuture(), work);
  }

  int64_t QueryInt(const std::string& sql) {
    absl::StatusOr<int64_t> n = db_->QueryIntAsAdmin(sql);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  std::string QueryString(const std::string& sql) {
    absl::StatusOr<std::string> s = db_->QueryStringAsAdmin(sql);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.value_or("<error>");
  }

  void Register(const Exposure& e) {
    ASSERT_OK(InCustomer(e.customer_id,
                         [&](CustomerLedger& ledger) { return ledger.InsertExposure(e); }));
  }

  void Record(const Observation& o) {
    ASSERT_OK(InCustomer(o.customer_id,
                         [&](CustomerLedger& ledger) { return ledger.InsertObservation(o); }));
  }

  void SaveGroup(const std::string& customer_id, std::vector<std::string> members) {
    Obligor o;
    o.customer_id = customer_id;
    o.display_name = absl::StrCat("Obligor ", customer_id.substr(35));
    o.segment = "SEGMENT_KEY";
    o.industry_code = "E4810";
    o.manager_id = "mgr-1";
    o.group_member_ids = std::move(members);
    o.refresh_time = kNow;
    ASSERT_OK(
        InCustomer(customer_id, [&](CustomerLedger& ledger) { return ledger.SaveObligor(o); }));
  }

  // Opens `alert` through ApplyEvaluation, as an evaluation would.
  void Open(const Alert& alert) {
    Evaluation evaluation;
    evaluation.changes = {ChangeOf(kActionOpened, alert, kNow)};
    ASSERT_OK(InCustomer(alert.customer_id, [&](CustomerLedger& ledger) {
      return ledger.ApplyEvaluation(evaluation, {}, Write());
    }));
  }

  // Opens and then resolves `alert`.
  void OpenAndResolve(Alert alert) {
    Open(alert);
    alert.status = AlertStatus::kResolved;
    alert.close_time = kNow + absl::Hours(1);
    alert.update_time = kNow + absl::Hours(1);
    ASSERT_OK(InCustomer(alert.customer_id, [&](CustomerLedger& ledger) {
      return ledger.SaveAlertChange(ChangeOf(kActionResolved, alert, kNow + absl::Hours(1)), 1, {});
    }));
  }

  absl::StatusOr<Exposure> GetExposure(const std::string& customer_id,
                                       const std::string& exposure_id) {
    absl::StatusOr<Exposure> got = absl::UnknownError("not read");
    absl::Status status = InCustomer(customer_id, [&](CustomerLedger& ledger) {
      got = ledger.GetExposure(exposure_id);
      return absl::OkStatus();
    });
    if (!status.ok()) {
      return status;
    }
    return got;
  }

  std::unique_ptr<testing::MySqlTestDb> db_;
  std::unique_ptr<MySqlRiskStore> store_;
  std::unique_ptr<MySqlRiskReader> reader_;
};

TEST_F(RiskStoreMySqlTest, StoresObligorAndExposureAndReadsThemBackExactly) {
  SaveGroup(kCustomerA, {kCustomerC, kCustomerB, kCustomerA, kCustomerB});
  const Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-2026-0001");
  Register(exposure);

  Obligor obligor;
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    EXPECT_EQ(ledger.customer_id(), kCustomerA);
    absl::StatusOr<Obligor> got = ledger.GetObligor();
    if (!got.ok()) {
      return got.status();
    }
    obligor = *got;
    return absl::OkStatus();
  }));
  EXPECT_EQ(obligor.customer_id, kCustomerA);
  EXPECT_EQ(obligor.display_name, "Obligor a");
  EXPECT_EQ(obligor.segment, "SEGMENT_KEY");
  EXPECT_EQ(obligor.industry_code, "E4810");
  EXPECT_EQ(obligor.manager_id, "mgr-1");
  EXPECT_EQ(obligor.refresh_time, kNow);
  // Sorted, without the customer itself and without repeats.
  EXPECT_THAT(obligor.group_member_ids, ElementsAre(kCustomerB, kCustomerC));

  ASSERT_OK_AND_ASSIGN(Exposure got, GetExposure(kCustomerA, exposure.exposure_id));
  ExpectSameExposure(got, exposure);
  ASSERT_OK_AND_ASSIGN(ExposureFile file, reader_->LoadExposureFile(exposure.exposure_id));
  ExpectSameExposure(file.exposure, exposure);
  EXPECT_TRUE(file.observations.empty());
  EXPECT_EQ(QueryString("SELECT amount FROM exposures"), "50000000.123456789");

  // Another customer's ledger does not see it; the store says whose it is.
  absl::StatusOr<Exposure> elsewhere = GetExposure(kCustomerB, exposure.exposure_id);
  EXPECT_THAT(elsewhere, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(elsewhere.status()), "EXPOSURE_NOT_FOUND");
  EXPECT_EQ(store_->CustomerOfExposure(exposure.exposure_id).value_or(""), kCustomerA);
  absl::StatusOr<std::string> unknown = store_->CustomerOfExposure(Id('e', 99));
  EXPECT_EQ(ErrorReason(unknown.status()), "EXPOSURE_NOT_FOUND");
  absl::StatusOr<ExposureFile> no_file = reader_->LoadExposureFile(Id('e', 99));
  EXPECT_THAT(no_file, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(ErrorReason(no_file.status()), "EXPOSURE_NOT_FOUND");
}

TEST_F(RiskStoreMySqlTest, RefusesATakenFacilityId) {
  Register(SampleExposure(kCustomerA, Id('e', 1), "F-2026-0001"));
  absl::Status taken = InCustomer(kCustomerB, [&](CustomerLedger& ledger) {
    return ledger.InsertExposure(SampleExposure(kCustomerB, Id('e', 2), "F-2026-0001"));
  });
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_OK(ReasonAndField(taken, "FACILITY_ALREADY_REGISTERED", "exposure.facility_id"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM exposures"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM installments"), 2);
}

TEST_F(RiskStoreMySqlTest, RefusesAnInvalidCustomerId) {
  absl::Status status =
      InCustomer(std::string(37, 'x'), [](CustomerLedger&) { return absl::OkStatus(); });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM obligors"), 0);
}

TEST_F(RiskStoreMySqlTest, ObservationsOfEveryKindRoundTrip) {
  Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  Register(exposure);
  std::vector<Observation> recorded;
  int n = 1;
  for (ObservationKind kind :
       {ObservationKind::kRepaymentDue, ObservationKind::kRepaymentPaid,
        ObservationKind::kDisbursement, ObservationKind::kFundUsage,
        ObservationKind::kProjectProgress, ObservationKind::kCovenantFigures}) {
    recorded.push_back(SampleObservation(exposure, n++, kind));
    Record(recorded.back());
  }
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    for (const Observation& want : recorded) {
      absl::StatusOr<Observation> got =
          ledger.GetObservation(exposure.exposure_id, want.observation_id);
      EXPECT_TRUE(got.ok()) << got.status();
      if (got.ok()) {
        ExpectSameObservation(*got, want);
      }
    }
    absl::StatusOr<Observation> missing = ledger.GetObservation(exposure.exposure_id, Id('0', 99));
    EXPECT_EQ(ErrorReason(missing.status()), "OBSERVATION_NOT_FOUND");
    return absl::OkStatus();
  }));
  ASSERT_OK(InCustomer(kCustomerB, [&](CustomerLedger& ledger) -> absl::Status {
    absl::StatusOr<Observation> elsewhere =
        ledger.GetObservation(exposure.exposure_id, recorded[0].observation_id);
    EXPECT_THAT(elsewhere, StatusIs(absl::StatusCode::kNotFound));
    EXPECT_EQ(ErrorReason(elsewhere.status()), "OBSERVATION_NOT_FOUND");
    return absl::OkStatus();
  }));
  // The repayment due joined the schedule; the file lists observations by date.
  ASSERT_OK_AND_ASSIGN(ExposureFile file, reader_->LoadExposureFile(exposure.exposure_id));
  ASSERT_EQ(file.exposure.repayment_schedule.size(), 3u);
  EXPECT_EQ(file.exposure.repayment_schedule[2].due_date, absl::CivilDay(2026, 4, 20));
  EXPECT_EQ(Dec(file.exposure.repayment_schedule[2].principal), "CNY 100.500000000");
  EXPECT_EQ(Dec(file.exposure.repayment_schedule[2].interest), "CNY 9.123456789");
  ASSERT_EQ(file.observations.size(), 6u);
  std::vector<std::string> order;
  for (const Observation& o : file.observations) {
    order.push_back(o.observation_id);
  }
  // Dated 2 … 6 March, then the due on 20 April.
  EXPECT_THAT(order,
              ElementsAre(Id('0', 2), Id('0', 3), Id('0', 4), Id('0', 5), Id('0', 6), Id('0', 1)));
}

TEST_F(RiskStoreMySqlTest, OutstandingIsDisbursedLessThePrincipalPaymentsCover) {
  Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  // One installment: 100 principal + 10 interest, due 20 January.
  exposure.repayment_schedule = {{absl::CivilDay(2026, 1, 20), Cny("100"), Cny("10")}};
  Register(exposure);
  auto outstanding = [&]() -> std::string {
    absl::StatusOr<Exposure> e = GetExposure(kCustomerA, exposure.exposure_id);
    EXPECT_TRUE(e.ok()) << e.status();
    return e.ok() ? Dec(e->outstanding) : "<error>";
  };

  Record(Flow(exposure, 1, ObservationKind::kDisbursement, "1000.123456789"));
  EXPECT_EQ(outstanding(), "CNY 1000.123456789");
  ASSERT_OK_AND_ASSIGN(Exposure after_disbursement, GetExposure(kCustomerA, exposure.exposure_id));
  EXPECT_EQ(after_disbursement.revision, 2);
  EXPECT_EQ(after_disbursement.update_time, kNow + absl::Minutes(1));

  // 50 paid: 10 interest, 40 principal.
  Record(Flow(exposure, 2, ObservationKind::kRepaymentPaid, "50"));
  EXPECT_EQ(outstanding(), "CNY 960.123456789");
  // 150 more (200 in all): the installment's 110, then 90 beyond the schedule as principal.
  Record(Flow(exposure, 3, ObservationKind::kRepaymentPaid, "150"));
  EXPECT_EQ(outstanding(), "CNY 810.123456789");
  // A new installment (100 + 10) takes 10 of those 90 as interest: 10 less principal repaid.
  Observation due = SampleObservation(exposure, 4, ObservationKind::kRepaymentDue);
  due.date = absl::CivilDay(2026, 2, 20);
  due.amount = Cny("100");
  due.interest = Cny("10");
  Record(due);
  EXPECT_EQ(outstanding(), "CNY 820.123456789");
  // A fund usage changes nothing.
  Record(SampleObservation(exposure, 5, ObservationKind::kFundUsage));
  EXPECT_EQ(outstanding(), "CNY 820.123456789");
  // Paying more than was drawn leaves zero, never less.
  Record(Flow(exposure, 6, ObservationKind::kRepaymentPaid, "5000"));
  EXPECT_EQ(outstanding(), "CNY 0.000000000");
  Record(Flow(exposure, 7, ObservationKind::kDisbursement, "0.000000001"));
  EXPECT_EQ(outstanding(), "CNY 0.000000000");
}

TEST_F(RiskStoreMySqlTest, RefusesASecondInstallmentOnTheSameDay) {
  const Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  Register(exposure);
  Observation due = SampleObservation(exposure, 1, ObservationKind::kRepaymentDue);
  due.date = exposure.repayment_schedule[0].due_date;
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    absl::Status status = ledger.InsertObservation(due);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists));
    EXPECT_OK(ReasonAndField(status, "INSTALLMENT_EXISTS", "observation.repayment_due.due_date"));
    // The refusal wrote nothing; the transaction goes on.
    return ledger.InsertObservation(SampleObservation(exposure, 2, ObservationKind::kFundUsage));
  }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM observations"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM installments"), 2);
  EXPECT_EQ(QueryString("SELECT principal FROM installments WHERE due_date = '2026-01-20'"),
            "100.000000000");
}

TEST_F(RiskStoreMySqlTest, CollateralRoundTripsAndItsUpdateChecksTheRevision) {
  const Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  Register(exposure);
  Collateral collateral = SampleCollateral(exposure, 1);
  ASSERT_OK(InCustomer(
      kCustomerA, [&](CustomerLedger& ledger) { return ledger.InsertCollateral(collateral); }));
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    absl::StatusOr<Collateral> got =
        ledger.GetCollateral(exposure.exposure_id, collateral.collateral_id);
    EXPECT_TRUE(got.ok()) << got.status();
    if (got.ok()) {
      ExpectSameCollateral(*got, collateral);
    }
    EXPECT_EQ(ErrorReason(ledger.GetCollateral(exposure.exposure_id, Id('c', 99)).status()),
              "COLLATERAL_NOT_FOUND");
    return absl::OkStatus();
  }));

  Collateral reappraised = collateral;
  reappraised.appraised_value = Cny("39000000.5");
  reappraised.appraisal_date = absl::CivilDay(2026, 3, 1);
  reappraised.update_time = kNow + absl::Hours(2);
  ASSERT_OK(InCustomer(
      kCustomerA, [&](CustomerLedger& ledger) { return ledger.UpdateCollateral(reappraised, 1); }));
  absl::Status stale = InCustomer(
      kCustomerA, [&](CustomerLedger& ledger) { return ledger.UpdateCollateral(collateral, 1); });
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  Collateral missing = collateral;
  missing.collateral_id = Id('c', 99);
  absl::Status not_found = InCustomer(
      kCustomerA, [&](CustomerLedger& ledger) { return ledger.UpdateCollateral(missing, 0); });
  EXPECT_EQ(ErrorReason(not_found), "COLLATERAL_NOT_FOUND");

  ASSERT_OK_AND_ASSIGN(ExposureFile file, reader_->LoadExposureFile(exposure.exposure_id));
  ASSERT_EQ(file.collateral.size(), 1u);
  reappraised.revision = 2;
  ExpectSameCollateral(file.collateral[0], reappraised);
}

TEST_F(RiskStoreMySqlTest, RefusesTheSameGuarantorTwice) {
  const Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  Register(exposure);
  const Guarantor by_customer = SampleGuarantor(exposure, 1, kCustomerD, "");
  const Guarantor outside = SampleGuarantor(exposure, 2, "", "Zhang San 张三");
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    RETURN_IF_ERROR(ledger.InsertGuarantor(by_customer));
    return ledger.InsertGuarantor(outside);
  }));
  for (const Guarantor& again : {SampleGuarantor(exposure, 3, kCustomerD, ""),
                                 SampleGuarantor(exposure, 4, "", "Zhang San 张三")}) {
    absl::Status status = InCustomer(
        kCustomerA, [&](CustomerLedger& ledger) { return ledger.InsertGuarantor(again); });
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists));
    EXPECT_EQ(ErrorReason(status), "GUARANTOR_EXISTS");
  }
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    absl::StatusOr<Guarantor> got = ledger.GetGuarantor(exposure.exposure_id, outside.guarantor_id);
    EXPECT_TRUE(got.ok()) << got.status();
    if (got.ok()) {
      ExpectSameGuarantor(*got, outside);
    }
    EXPECT_EQ(ErrorReason(ledger.GetGuarantor(exposure.exposure_id, Id('9', 99)).status()),
              "GUARANTOR_NOT_FOUND");
    return absl::OkStatus();
  }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM guarantors"), 2);
}

TEST_F(RiskStoreMySqlTest, RecordsASignalOncePerEventAndKind) {
  const Signal complaint = SampleSignal(kCustomerA, SignalKind::kComplaint, kNow, "ev-1");
  Signal same_event_other_kind = complaint;
  same_event_other_kind.kind = SignalKind::kSlaBreach;
  std::vector<bool> stored;
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    for (const Signal& s : {complaint, complaint, same_event_other_kind}) {
      absl::StatusOr<bool> r = ledger.RecordSignal(s);
      if (!r.ok()) {
        return r.status();
      }
      stored.push_back(*r);
    }
    return absl::OkStatus();
  }));
  EXPECT_THAT(stored, ElementsAre(true, false, true));
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    absl::StatusOr<bool> again = ledger.RecordSignal(complaint);
    EXPECT_TRUE(again.ok()) << again.status();
    EXPECT_FALSE(again.value_or(true));
    return absl::OkStatus();
  }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM signals"), 2);
}

TEST_F(RiskStoreMySqlTest, LoadsTheWholeRiskFile) {
  // A: group with B and C, guaranteed by customer D and an outside party.
  SaveGroup(kCustomerA, {kCustomerB, kCustomerC});
  Exposure active = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  Exposure closed = SampleExposure(kCustomerA, Id('e', 2), "F-2");
  closed.status = ExposureStatus::kClosed;
  Register(active);
  Register(closed);
  const Observation disbursed = Flow(active, 1, ObservationKind::kDisbursement, "800");
  const Observation usage = SampleObservation(active, 2, ObservationKind::kFundUsage);
  Record(disbursed);
  Record(usage);
  Record(Flow(closed, 3, ObservationKind::kDisbursement, "5"));
  const Collateral collateral = SampleCollateral(active, 1);
  const Guarantor by_d = SampleGuarantor(active, 1, kCustomerD, "");
  const Guarantor outside = SampleGuarantor(active, 2, "", "Outside Co");
  const Signal recent =
      SampleSignal(kCustomerA, SignalKind::kRatingChange, kNow - absl::Hours(24 * 10), "ev-1");
  const Signal older =
      SampleSignal(kCustomerA, SignalKind::kComplaint, kNow - absl::Hours(24 * 405), "ev-2");
  const Signal too_old =
      SampleSignal(kCustomerA, SignalKind::kComplaint, kNow - absl::Hours(24 * 420), "ev-3");
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    RETURN_IF_ERROR(ledger.InsertCollateral(collateral));
    RETURN_IF_ERROR(ledger.InsertGuarantor(by_d));
    RETURN_IF_ERROR(ledger.InsertGuarantor(outside));
    RETURN_IF_ERROR(ledger.InsertGuarantor(SampleGuarantor(closed, 3, kCustomerE, "")));
    for (const Signal& s : {recent, older, too_old}) {
      RETURN_IF_ERROR(ledger.RecordSignal(s).status());
    }
    return absl::OkStatus();
  }));
  // B: ORANGE on days_past_due (and RED group_distress, derived: not distress for others).
  Open(SampleAlert(Id('a', 1), kCustomerB, kDaysPastDue, AlertLevel::kOrange));
  Open(SampleAlert(Id('a', 2), kCustomerB, kGroupDistress, AlertLevel::kRed));
  Open(SampleAlert(Id('a', 3), kCustomerB, kComplaints, AlertLevel::kBlue));
  // C: only a closed RED alert.
  OpenAndResolve(SampleAlert(Id('a', 4), kCustomerC, kDaysPastDue, AlertLevel::kRed));
  // D: RED on dscr_headroom, acknowledged (still open); E guarantees only the closed exposure.
  Alert d_red = SampleAlert(Id('a', 5), kCustomerD, kDscrHeadroom, AlertLevel::kRed);
  Open(d_red);
  d_red.status = AlertStatus::kAcknowledged;
  d_red.acknowledge_time = kNow + absl::Minutes(5);
  ASSERT_OK(InCustomer(kCustomerD, [&](CustomerLedger& ledger) {
    return ledger.SaveAlertChange(ChangeOf(kActionAcknowledged, d_red, kNow), 0, {});
  }));
  Open(SampleAlert(Id('a', 6), kCustomerE, kDaysPastDue, AlertLevel::kRed));
  // A's own: one open, one resolved; a suppression; an active and a completed plan.
  const Alert a_open =
      SampleAlert(Id('a', 7), kCustomerA, kCollateralCoverage, AlertLevel::kYellow);
  Open(a_open);
  OpenAndResolve(SampleAlert(Id('a', 8), kCustomerA, kDaysPastDue, AlertLevel::kBlue));
  ContingencyPlan completed =
      SamplePlan(Id('p', 2), kCustomerA, ContingencyScenario::kGuarantorFails, "");
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    RETURN_IF_ERROR(ledger.Suppress(kComplaints, AlertLevel::kYellow, Id('a', 9)));
    RETURN_IF_ERROR(ledger.Suppress(kComplaints, AlertLevel::kOrange, Id('a', 10)));
    RETURN_IF_ERROR(ledger.InsertPlan(
        SamplePlan(Id('p', 1), kCustomerA, ContingencyScenario::kFundsDiverted, a_open.alert_id)));
    RETURN_IF_ERROR(ledger.InsertPlan(completed));
    completed.status = PlanStatus::kCompleted;
    return ledger.UpdatePlan(completed, 1);
  }));

  RiskFile locked;
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    ASSIGN_OR_RETURN(locked, ledger.LoadRiskFile());
    return absl::OkStatus();
  }));
  ASSERT_OK_AND_ASSIGN(RiskFile unlocked, reader_->LoadRiskFile(kCustomerA));
  for (const RiskFile* file : {&locked, &unlocked}) {
    EXPECT_EQ(file->obligor.customer_id, kCustomerA);
    EXPECT_EQ(file->obligor.manager_id, "mgr-1");
    EXPECT_THAT(file->obligor.group_member_ids, ElementsAre(kCustomerB, kCustomerC));
    ASSERT_EQ(file->exposures.size(), 1u);
    const ExposureFile& e = file->exposures[0];
    Exposure want = active;
    want.outstanding = Cny("800");
    want.revision = 2;
    want.update_time = disbursed.record_time;
    ExpectSameExposure(e.exposure, want);
    ASSERT_EQ(e.observations.size(), 2u);
    ExpectSameObservation(e.observations[0], disbursed);
    ExpectSameObservation(e.observations[1], usage);
    ASSERT_EQ(e.collateral.size(), 1u);
    ExpectSameCollateral(e.collateral[0], collateral);
    ASSERT_EQ(e.guarantors.size(), 2u);
    ExpectSameGuarantor(e.guarantors[0], by_d);
    ExpectSameGuarantor(e.guarantors[1], outside);
    // The window runs 400 days back from the newest signal (no clock here).
    ASSERT_EQ(file->signals.size(), 2u);
    EXPECT_EQ(file->signals[0].event_id, "ev-2");
    EXPECT_EQ(file->signals[1].event_id, "ev-1");
    EXPECT_EQ(file->signals[1].kind, SignalKind::kRatingChange);
    EXPECT_EQ(file->signals[1].occur_time, recent.occur_time);
    EXPECT_EQ(file->signals[1].value, 6);
    EXPECT_EQ(file->signals[1].previous_value, 4);
    EXPECT_EQ(file->signals[1].source, recent.source);
    EXPECT_EQ(file->signals[1].producer, "relationship-service");
    ASSERT_EQ(file->related.size(), 2u);
    EXPECT_EQ(file->related[0].customer_id, kCustomerB);
    EXPECT_EQ(file->related[0].relation, "group");
    EXPECT_EQ(file->related[0].exposure_id, "");
    EXPECT_EQ(file->related[0].level, AlertLevel::kOrange);
    EXPECT_EQ(file->related[0].indicator, kDaysPastDue);
    EXPECT_EQ(file->related[1].customer_id, kCustomerD);
    EXPECT_EQ(file->related[1].relation, "guarantor");
    EXPECT_EQ(file->related[1].exposure_id, active.exposure_id);
    EXPECT_EQ(file->related[1].level, AlertLevel::kRed);
    EXPECT_EQ(file->related[1].indicator, kDscrHeadroom);
    ASSERT_EQ(file->open_alerts.size(), 1u);
    ExpectSameAlert(file->open_alerts[0], a_open);
    EXPECT_THAT(file->suppressed, ElementsAre(Pair(kComplaints, AlertLevel::kOrange)));
    EXPECT_THAT(file->active_plan_scenarios, ElementsAre(ContingencyScenario::kFundsDiverted));
  }
  EXPECT_EQ(store_->CustomerOfAlert(a_open.alert_id).value_or(""), kCustomerA);
  EXPECT_EQ(store_->CustomerOfPlan(Id('p', 1)).value_or(""), kCustomerA);
  EXPECT_EQ(ErrorReason(store_->CustomerOfAlert(Id('a', 99)).status()), "ALERT_NOT_FOUND");
  EXPECT_EQ(ErrorReason(store_->CustomerOfPlan(Id('p', 99)).status()), "PLAN_NOT_FOUND");
  // A customer never seen: a file with only its id.
  ASSERT_OK_AND_ASSIGN(RiskFile unknown, reader_->LoadRiskFile(Id('f', 1)));
  EXPECT_EQ(unknown.obligor.customer_id, Id('f', 1));
  EXPECT_TRUE(unknown.exposures.empty());
  EXPECT_TRUE(unknown.open_alerts.empty());
}

TEST_F(RiskStoreMySqlTest, ApplyEvaluationWritesAlertsHistoryCategoriesPlansAndEventsInOrder) {
  Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  Register(exposure);
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.Suppress(kComplaints, AlertLevel::kBlue, Id('a', 9));
  }));
  const Alert dpd = SampleAlert(Id('a', 1), kCustomerA, kDaysPastDue, AlertLevel::kRed);
  const Alert complaints = SampleAlert(Id('a', 2), kCustomerA, kComplaints, AlertLevel::kBlue);
  Evaluation evaluation;
  evaluation.changes = {ChangeOf(kActionOpened, dpd, kNow),
                        ChangeOf(kActionOpened, complaints, kNow)};
  ExposureCategory category;
  category.exposure_id = exposure.exposure_id;
  category.category = LoanCategory::kSubstandard;
  category.reason = "逾期 95 天 (DPD 95)";
  category.days_past_due = 95;
  evaluation.classification.exposures = {category};
  evaluation.activations = {
      SamplePlan(Id('p', 1), kCustomerA, ContingencyScenario::kBorrowerCannotRepay, dpd.alert_id)};
  evaluation.suppressions_cleared = {kComplaints};
  const std::vector<events::OutboxEvent> events = {
      Event("ccrm.risk.v1.AlertRaised", "alerts/1", "raised-1"),
      Event("ccrm.risk.v1.AlertChange", "alerts/1", "change-1"),
      Event("ccrm.risk.v1.AlertChange", "alerts/2", "change-2")};
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.ApplyEvaluation(evaluation, events, Write());
  }));

  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    ASSIGN_OR_RETURN(Alert got, ledger.GetAlert(dpd.alert_id));
    ExpectSameAlert(got, dpd);
    EXPECT_EQ(ErrorReason(ledger.GetAlert(Id('a', 99)).status()), "ALERT_NOT_FOUND");
    ASSIGN_OR_RETURN(ContingencyPlan plan, ledger.GetPlan(Id('p', 1)));
    const ContingencyPlan& want = evaluation.activations[0];
    EXPECT_EQ(plan.customer_id, kCustomerA);
    EXPECT_EQ(plan.scenario, ContingencyScenario::kBorrowerCannotRepay);
    EXPECT_EQ(plan.alert_id, dpd.alert_id);
    EXPECT_EQ(plan.status, PlanStatus::kActive);
    EXPECT_TRUE(plan.automatic);
    EXPECT_EQ(plan.activated_by, "risk-warning");
    EXPECT_EQ(plan.activate_time, kNow);
    EXPECT_EQ(plan.revision, 1);
    EXPECT_EQ(plan.steps.size(), want.steps.size());
    for (size_t i = 0; i < std::min(plan.steps.size(), want.steps.size()); ++i) {
      EXPECT_EQ(plan.steps[i].step_number, want.steps[i].step_number);
      EXPECT_EQ(plan.steps[i].title, want.steps[i].title);
      EXPECT_EQ(plan.steps[i].owner_role, want.steps[i].owner_role);
      EXPECT_EQ(plan.steps[i].owner, want.steps[i].owner);
      EXPECT_EQ(plan.steps[i].due_time, want.steps[i].due_time);
      EXPECT_EQ(plan.steps[i].status, StepStatus::kPending);
      EXPECT_EQ(plan.steps[i].complete_time, std::nullopt);
    }
    return absl::OkStatus();
  }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM alerts"), 2);
  EXPECT_EQ(QueryString("SELECT GROUP_CONCAT(CONCAT(alert_id, ':', action) ORDER BY change_id) "
                        "FROM alert_history"),
            absl::StrCat(dpd.alert_id, ":opened,", complaints.alert_id, ":opened"));
  EXPECT_EQ(
      QueryString("SELECT inputs FROM alert_history ORDER BY change_id LIMIT 1"),
      QueryString(absl::StrCat("SELECT inputs FROM alerts WHERE alert_id = '", dpd.alert_id, "'")));
  EXPECT_EQ(QueryString("SELECT CONCAT(suggested_category, '/', days_past_due, '/', revision) "
                        "FROM exposures"),
            "SUBSTANDARD/95/2");
  ASSERT_OK_AND_ASSIGN(Exposure classified, GetExposure(kCustomerA, exposure.exposure_id));
  EXPECT_EQ(classified.category_reason, "逾期 95 天 (DPD 95)");
  EXPECT_EQ(classified.update_time, kNow);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM alert_suppressions"), 0);
  EXPECT_EQ(QueryString("SELECT GROUP_CONCAT(CONCAT(event_type, '|', subject, '|', payload, '|', "
                        "request_id) ORDER BY sequence) FROM outbox_events"),
            "ccrm.risk.v1.AlertRaised|alerts/1|raised-1|req-1,"
            "ccrm.risk.v1.AlertChange|alerts/1|change-1|req-1,"
            "ccrm.risk.v1.AlertChange|alerts/2|change-2|req-1");
  EXPECT_EQ(QueryInt("SELECT COUNT(DISTINCT event_id) FROM outbox_events WHERE "
                     "occur_time = '2026-03-20 09:30:00.123456'"),
            3);

  // The same suggestion again changes nothing (no new revision); a differing one does.
  Evaluation same;
  same.classification.exposures = {category};
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.ApplyEvaluation(same, {}, Write());
  }));
  EXPECT_EQ(QueryInt("SELECT revision FROM exposures"), 2);
  same.classification.exposures[0].reason = "逾期 95 天 (dpd 95)";
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.ApplyEvaluation(same, {}, Write());
  }));
  EXPECT_EQ(QueryInt("SELECT revision FROM exposures"), 3);

  // A second open alert of the indicator is refused by uq_alerts_open, and nothing is kept.
  Evaluation twice;
  twice.changes = {ChangeOf(
      kActionOpened, SampleAlert(Id('a', 3), kCustomerA, kDaysPastDue, AlertLevel::kBlue), kNow)};
  absl::Status refused = InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.ApplyEvaluation(twice, {Event("ccrm.risk.v1.AlertRaised", "alerts/3", "x")},
                                  Write());
  });
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(refused), "ALERT_ALREADY_OPEN");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM alerts"), 2);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events"), 3);

  // A plan of a scenario already active is refused.
  Evaluation plan_again;
  plan_again.activations = {
      SamplePlan(Id('p', 2), kCustomerA, ContingencyScenario::kBorrowerCannotRepay, "")};
  absl::Status active = InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.ApplyEvaluation(plan_again, {}, Write());
  });
  EXPECT_THAT(active, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(active), "PLAN_ALREADY_ACTIVE");
}

TEST_F(RiskStoreMySqlTest, SaveAlertChangeChecksTheRevisionAndAppendsHistoryAndEvents) {
  Alert alert = SampleAlert(Id('a', 1), kCustomerA, kDaysPastDue, AlertLevel::kOrange);
  Open(alert);
  Alert acknowledged = alert;
  acknowledged.status = AlertStatus::kAcknowledged;
  acknowledged.acknowledge_time = kNow + absl::Minutes(3);
  acknowledged.update_time = kNow + absl::Minutes(3);
  const AlertChange change =
      AlertChange{kActionAcknowledged, acknowledged, "mgr-1", "on it", kNow + absl::Minutes(3)};
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.SaveAlertChange(change, 1, {Event("ccrm.risk.v1.AlertChange", "alerts/1", "a")});
  }));
  absl::Status stale = InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.SaveAlertChange(change, 1, {Event("ccrm.risk.v1.AlertChange", "alerts/1", "b")});
  });
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  Alert someone_elses = alert;
  someone_elses.alert_id = Id('a', 99);
  absl::Status missing = InCustomer(kCustomerA, [&](CustomerLedger& ledger) {
    return ledger.SaveAlertChange(ChangeOf(kActionAssigned, someone_elses, kNow), 0, {});
  });
  EXPECT_EQ(ErrorReason(missing), "ALERT_NOT_FOUND");
  absl::Status other_customer = InCustomer(
      kCustomerB, [&](CustomerLedger& ledger) { return ledger.SaveAlertChange(change, 0, {}); });
  EXPECT_EQ(ErrorReason(other_customer), "ALERT_NOT_FOUND");

  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    ASSIGN_OR_RETURN(Alert got, ledger.GetAlert(alert.alert_id));
    acknowledged.revision = 2;
    ExpectSameAlert(got, acknowledged);
    return absl::OkStatus();
  }));
  EXPECT_EQ(QueryString("SELECT GROUP_CONCAT(CONCAT(action, '/', status, '/', actor, '/', note) "
                        "ORDER BY change_id) FROM alert_history"),
            "opened/OPEN/risk-warning/note on opened,acknowledged/ACKNOWLEDGED/mgr-1/on it");
  EXPECT_EQ(QueryString("SELECT CONCAT(payload, '|', occur_time) FROM outbox_events"),
            "a|2026-03-20 09:33:00.123456");
}

TEST_F(RiskStoreMySqlTest, UpdatePlanChecksTheRevisionAndWritesSteps) {
  ContingencyPlan plan =
      SamplePlan(Id('p', 1), kCustomerA, ContingencyScenario::kProjectHalted, "");
  ASSERT_OK(
      InCustomer(kCustomerA, [&](CustomerLedger& ledger) { return ledger.InsertPlan(plan); }));
  ASSERT_OK(CompleteStep(plan, 1, "officer-7", "called the borrower", kNow + absl::Hours(1)));
  ASSERT_OK(
      InCustomer(kCustomerA, [&](CustomerLedger& ledger) { return ledger.UpdatePlan(plan, 1); }));
  absl::Status stale =
      InCustomer(kCustomerA, [&](CustomerLedger& ledger) { return ledger.UpdatePlan(plan, 1); });
  EXPECT_EQ(ErrorReason(stale), "ETAG_MISMATCH");
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    ASSIGN_OR_RETURN(ContingencyPlan got, ledger.GetPlan(plan.plan_id));
    EXPECT_EQ(got.revision, 2);
    EXPECT_EQ(got.steps[0].status, StepStatus::kDone);
    EXPECT_EQ(got.steps[0].completed_by, "officer-7");
    EXPECT_EQ(got.steps[0].complete_time, kNow + absl::Hours(1));
    EXPECT_EQ(got.steps[0].note, "called the borrower");
    EXPECT_EQ(got.steps[1].status, StepStatus::kPending);
    return absl::OkStatus();
  }));
  absl::Status elsewhere = InCustomer(
      kCustomerB, [&](CustomerLedger& ledger) { return ledger.GetPlan(plan.plan_id).status(); });
  EXPECT_EQ(ErrorReason(elsewhere), "PLAN_NOT_FOUND");
}

TEST_F(RiskStoreMySqlTest, AFailingWorkLeavesNothingWritten) {
  const Exposure exposure = SampleExposure(kCustomerA, Id('e', 1), "F-1");
  absl::Status status = InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    Obligor o;
    o.customer_id = kCustomerA;
    o.display_name = "would be";
    o.group_member_ids = {kCustomerB};
    RETURN_IF_ERROR(ledger.SaveObligor(o));
    RETURN_IF_ERROR(ledger.InsertExposure(exposure));
    RETURN_IF_ERROR(
        ledger.InsertObservation(Flow(exposure, 1, ObservationKind::kDisbursement, "10")));
    RETURN_IF_ERROR(
        ledger.RecordSignal(SampleSignal(kCustomerA, SignalKind::kComplaint, kNow, "ev-1"))
            .status());
    Evaluation evaluation;
    evaluation.changes = {ChangeOf(
        kActionOpened, SampleAlert(Id('a', 1), kCustomerA, kDaysPastDue, AlertLevel::kRed), kNow)};
    RETURN_IF_ERROR(ledger.ApplyEvaluation(
        evaluation, {Event("ccrm.risk.v1.AlertRaised", "alerts/1", "p")}, Write()));
    return WithReason(absl::FailedPreconditionError("changed my mind"), "TEST_REFUSAL");
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(ErrorReason(status), "TEST_REFUSAL");
  for (const char* table :
       {"exposures", "installments", "planned_uses", "observations", "signals", "alerts",
        "alert_history", "group_members", "outbox_events", "obligors"}) {
    EXPECT_EQ(QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", table)), 0) << table;
  }
}

TEST_F(RiskStoreMySqlTest, TwoWritersOfOneCustomerAreSerialised) {
  // Each reads a counter kept in the obligor's display name and writes it + 1 after a pause:
  // without the lock both would read 0. Each work runs once: the second waits for the lock
  // instead of deadlocking with the first and being run again. A is new (its obligor row is
  // created by the first writer), B's row exists.
  ASSERT_OK(InCustomer(kCustomerB, [](CustomerLedger&) { return absl::OkStatus(); }));
  for (const char* customer : {kCustomerA, kCustomerB}) {
    std::atomic<int> runs{0};
    auto increment = [&]() {
      return InCustomer(customer, [&](CustomerLedger& ledger) -> absl::Status {
        ++runs;
        ASSIGN_OR_RETURN(Obligor o, ledger.GetObligor());
        const int n = o.display_name.empty() ? 0 : std::stoi(o.display_name);
        absl::SleepFor(absl::Milliseconds(200));
        o.display_name = std::to_string(n + 1);
        return ledger.SaveObligor(o);
      });
    };
    absl::Notification go;
    std::vector<absl::Status> results(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        go.WaitForNotification();
        results[i] = increment();
      });
    }
    go.Notify();
    for (std::thread& t : threads) {
      t.join();
    }
    EXPECT_OK(results[0]);
    EXPECT_OK(results[1]);
    EXPECT_EQ(runs.load(), 2) << customer;
    EXPECT_EQ(QueryString(absl::StrCat("SELECT display_name FROM obligors WHERE customer_id = '",
                                       customer, "'")),
              "2");
  }
}

// The store's ledger and the rule repository over a pool of ONE connection: an evaluation
// inside a write reads the rules over the write's own connection. Reading them through the
// repository instead would wait for a second connection that the writes themselves hold (with
// every pooled connection held by a write, none ever frees up).
TEST_F(RiskStoreMySqlTest, AnEvaluationInsideAWriteNeedsNoSecondConnection) {
  ASSERT_OK_AND_ASSIGN(mysql::ConnectionOptions options, db_->app_options());
  options.acquire_timeout = absl::Seconds(2);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> one,
                       mysql::ConnectionPool::Create(options, 1));
  MySqlRiskStore store(one.get());
  MySqlRuleRepository rules(one.get());
  // A current facility: the evaluation changes nothing, so no event is encoded.
  const Evaluator evaluator(&rules, /*encoder=*/nullptr, AcknowledgePolicy{});
  Exposure e = SampleExposure(kCustomerA, Id('e', 1), "F-2026-0001");
  e.repayment_schedule = {{absl::CivilDay(2029, 1, 20), Cny("100"), Cny("10")}};
  ASSERT_OK(store.InCustomerTransaction(
      kCustomerA, absl::InfiniteFuture(),
      [&](CustomerLedger& ledger) { return ledger.InsertExposure(e); }));
  ASSERT_OK_AND_ASSIGN(std::vector<Rule> listed, rules.List(""));
  std::vector<Rule> in_ledger;
  ASSERT_OK(store.InCustomerTransaction(
      kCustomerA, absl::Now() + absl::Seconds(30), [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(in_ledger, ledger.ListRules());
        ASSIGN_OR_RETURN(Evaluation evaluation, evaluator.EvaluateIn(ledger, Write()));
        EXPECT_TRUE(evaluation.changes.empty());
        return absl::OkStatus();
      }));
  ASSERT_EQ(in_ledger.size(), DefaultRules().size());
  ASSERT_EQ(in_ledger.size(), listed.size());
  for (size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(in_ledger[i].rule_id, listed[i].rule_id);
    EXPECT_EQ(in_ledger[i].version, listed[i].version);
    EXPECT_EQ(in_ledger[i].thresholds.yellow, listed[i].thresholds.yellow);
  }
}

TEST_F(RiskStoreMySqlTest, ADeadlockRunsTheWholeTransactionAgain) {
  // A registers facility FA then FB; B registers FB then FA, at the same time: one of them is
  // chosen as the deadlock victim. Its ledger returns the error, the store re-runs its work from
  // the start, and the re-run finds the winner's facility taken.
  std::atomic<int> runs{0};
  absl::Notification a_first;
  absl::Notification b_first;
  auto work = [&](const char* customer, int first_id, absl::Notification& mine,
                  absl::Notification& theirs, const char* first_facility,
                  const char* second_facility) {
    return InCustomer(customer, [&](CustomerLedger& ledger) -> absl::Status {
      ++runs;
      RETURN_IF_ERROR(
          ledger.InsertExposure(SampleExposure(customer, Id('e', first_id), first_facility)));
      if (!mine.HasBeenNotified()) {
        mine.Notify();
      }
      theirs.WaitForNotification();
      return ledger.InsertExposure(
          SampleExposure(customer, Id('e', first_id + 1), second_facility));
    });
  };
  absl::Status a_result;
  absl::Status b_result;
  std::thread a([&] { a_result = work(kCustomerA, 1, a_first, b_first, "FA", "FB"); });
  std::thread b([&] { b_result = work(kCustomerB, 11, b_first, a_first, "FB", "FA"); });
  a.join();
  b.join();
  EXPECT_EQ(runs.load(), 3);
  EXPECT_NE(a_result.ok(), b_result.ok()) << a_result << " / " << b_result;
  const absl::Status& lost = a_result.ok() ? b_result : a_result;
  EXPECT_THAT(lost, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(lost), "FACILITY_ALREADY_REGISTERED");
  EXPECT_EQ(QueryInt("SELECT COUNT(DISTINCT customer_id) FROM exposures"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM exposures"), 2);
}

TEST_F(RiskStoreMySqlTest, OpenLedgerWorksInTheCallersTransaction) {
  ASSERT_OK(mysql::RunInTransaction(
      db_->app_pool(), mysql::TxOptions{}, [&](mysql::Session& s) -> absl::Status {
        std::unique_ptr<CustomerLedger> ledger = OpenLedger(s, kCustomerA);
        EXPECT_EQ(ledger->customer_id(), kCustomerA);
        return ledger->RecordSignal(SampleSignal(kCustomerA, SignalKind::kSlaBreach, kNow, "ev-1"))
            .status();
      }));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM signals"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM obligors"), 1);
  ASSERT_OK(mysql::RunInTransaction(
      db_->app_pool(), mysql::TxOptions{}, [&](mysql::Session& s) -> absl::Status {
        std::unique_ptr<CustomerLedger> ledger = OpenLedger(s, "");
        EXPECT_THAT(ledger->GetObligor(), StatusIs(absl::StatusCode::kInvalidArgument));
        return absl::OkStatus();
      }));
}

class RiskFileBatchTest : public RiskStoreMySqlTest {
 protected:
  // A, B and C each with an exposure, a group of the other two, a guarantor customer (D) and an
  // open alert; D has an open RED alert.
  void SetUpCustomers() {
    const std::vector<std::string> customers = {kCustomerA, kCustomerB, kCustomerC};
    for (size_t i = 0; i < customers.size(); ++i) {
      std::vector<std::string> others;
      for (const std::string& c : customers) {
        if (c != customers[i]) {
          others.push_back(c);
        }
      }
      SaveGroup(customers[i], others);
      const Exposure e =
          SampleExposure(customers[i], Id('e', static_cast<int>(i) + 1), absl::StrCat("F-", i));
      Register(e);
      Record(Flow(e, static_cast<int>(i) + 1, ObservationKind::kDisbursement, "100"));
      ASSERT_OK(InCustomer(customers[i], [&](CustomerLedger& ledger) -> absl::Status {
        RETURN_IF_ERROR(ledger.InsertCollateral(SampleCollateral(e, static_cast<int>(i))));
        RETURN_IF_ERROR(
            ledger.InsertGuarantor(SampleGuarantor(e, static_cast<int>(i), kCustomerD, "")));
        RETURN_IF_ERROR(ledger
                            .RecordSignal(SampleSignal(customers[i], SignalKind::kComplaint, kNow,
                                                       absl::StrCat("ev-", i)))
                            .status());
        return ledger.Suppress(kSlaBreaches, AlertLevel::kBlue, Id('a', 90));
      }));
      Open(SampleAlert(Id('a', static_cast<int>(i) + 1), customers[i], kComplaints,
                       AlertLevel::kYellow));
      ASSERT_OK(InCustomer(customers[i], [&](CustomerLedger& ledger) {
        return ledger.InsertPlan(SamplePlan(Id('p', static_cast<int>(i) + 1), customers[i],
                                            ContingencyScenario::kFundsDiverted, ""));
      }));
    }
    Open(SampleAlert(Id('a', 9), kCustomerD, kDaysPastDue, AlertLevel::kRed));
  }
};

TEST_F(RiskFileBatchTest, ReadsABatchInAConstantNumberOfStatementsInTheOrderAsked) {
  SetUpCustomers();
  ASSERT_OK_AND_ASSIGN(mysql::ConnectionPool::Lease lease, db_->app_pool().Acquire());
  mysql::Session& session = *lease;
  auto read = [&](const std::vector<std::string>& ids, int64_t& statements) {
    const int64_t before = StatementsExecuted(session);
    absl::StatusOr<std::vector<RiskFile>> files = ReadRiskFiles(session, ids, kNow);
    statements = StatementsExecuted(session) - before;
    return files;
  };
  int64_t for_one = 0;
  int64_t for_three = 0;
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> one, read({kCustomerA}, for_one));
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> three,
                       read({kCustomerC, kCustomerA, kCustomerB, kCustomerC}, for_three));
  EXPECT_EQ(for_one, for_three);
  EXPECT_LE(for_three, 13);

  ASSERT_EQ(one.size(), 1u);
  ASSERT_EQ(three.size(), 4u);
  const std::vector<std::string> order = {kCustomerC, kCustomerA, kCustomerB, kCustomerC};
  for (size_t i = 0; i < order.size(); ++i) {
    const RiskFile& file = three[i];
    const std::string& id = order[i];
    EXPECT_EQ(file.obligor.customer_id, id);
    ASSERT_EQ(file.exposures.size(), 1u) << id;
    EXPECT_EQ(file.exposures[0].exposure.customer_id, id);
    EXPECT_EQ(Dec(file.exposures[0].exposure.outstanding), "CNY 100.000000000");
    EXPECT_EQ(file.exposures[0].exposure.use_of_funds_plan.size(), 2u);
    EXPECT_EQ(file.exposures[0].exposure.repayment_schedule.size(), 2u);
    ASSERT_EQ(file.exposures[0].observations.size(), 1u);
    EXPECT_EQ(file.exposures[0].observations[0].customer_id, id);
    EXPECT_EQ(file.exposures[0].collateral.size(), 1u);
    EXPECT_EQ(file.exposures[0].guarantors.size(), 1u);
    EXPECT_EQ(file.obligor.group_member_ids.size(), 2u);
    ASSERT_EQ(file.signals.size(), 1u);
    EXPECT_EQ(file.signals[0].customer_id, id);
    // Two group members with a YELLOW complaints alert, D as guarantor with RED.
    ASSERT_EQ(file.related.size(), 3u);
    EXPECT_EQ(file.related[0].level, AlertLevel::kYellow);
    EXPECT_EQ(file.related[1].level, AlertLevel::kYellow);
    EXPECT_EQ(file.related[2].customer_id, kCustomerD);
    EXPECT_EQ(file.related[2].level, AlertLevel::kRed);
    ASSERT_EQ(file.open_alerts.size(), 1u);
    EXPECT_EQ(file.open_alerts[0].customer_id, id);
    EXPECT_THAT(file.suppressed, ElementsAre(Pair(kSlaBreaches, AlertLevel::kBlue)));
    EXPECT_THAT(file.active_plan_scenarios, ElementsAre(ContingencyScenario::kFundsDiverted));
  }
  EXPECT_EQ(one[0].exposures[0].exposure.exposure_id, three[1].exposures[0].exposure.exposure_id);
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> none, ReadRiskFiles(session, {}, kNow));
  EXPECT_TRUE(none.empty());
}

TEST_F(RiskFileBatchTest, SignalsGoBack400DaysFromNowOrFromTheNewestSignal) {
  ASSERT_OK(InCustomer(kCustomerA, [&](CustomerLedger& ledger) -> absl::Status {
    for (int days : {10, 405, 420}) {
      RETURN_IF_ERROR(
          ledger
              .RecordSignal(SampleSignal(kCustomerA, SignalKind::kComplaint,
                                         kNow - absl::Hours(24 * days), absl::StrCat("ev-", days)))
              .status());
    }
    return absl::OkStatus();
  }));
  ASSERT_OK_AND_ASSIGN(mysql::ConnectionPool::Lease lease, db_->app_pool().Acquire());
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> at_now, ReadRiskFiles(*lease, {kCustomerA}, kNow));
  ASSERT_EQ(at_now[0].signals.size(), 1u);
  EXPECT_EQ(at_now[0].signals[0].event_id, "ev-10");
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> anchored,
                       ReadRiskFiles(*lease, {kCustomerA}, std::nullopt));
  ASSERT_EQ(anchored[0].signals.size(), 2u);
  EXPECT_EQ(anchored[0].signals[0].event_id, "ev-405");
  EXPECT_EQ(anchored[0].signals[1].event_id, "ev-10");
}

TEST_F(RiskFileBatchTest, LoadRiskFilesPagesByCustomerIdOverActiveExposures) {
  SetUpCustomers();
  // E has only a closed exposure: not scanned.
  Exposure closed = SampleExposure(kCustomerE, Id('e', 50), "F-closed");
  closed.status = ExposureStatus::kClosed;
  Register(closed);
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> first, reader_->LoadRiskFiles("", 2));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].obligor.customer_id, kCustomerA);
  EXPECT_EQ(first[1].obligor.customer_id, kCustomerB);
  EXPECT_EQ(first[0].exposures.size(), 1u);
  EXPECT_EQ(first[0].related.size(), 3u);
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> second, reader_->LoadRiskFiles(kCustomerB, 2));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].obligor.customer_id, kCustomerC);
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> done, reader_->LoadRiskFiles(kCustomerC, 2));
  EXPECT_TRUE(done.empty());
  ASSERT_OK_AND_ASSIGN(std::vector<RiskFile> nothing, reader_->LoadRiskFiles("", 0));
  EXPECT_TRUE(nothing.empty());
}

}  // namespace
}  // namespace ccrm::risk
