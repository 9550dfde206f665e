// MySqlRiskReader against a real MariaDB as the least-privilege user, over rows inserted with
// plain SQL: exposures with their plan and schedule, keyset pages of exposures, observations,
// alerts and plans across page boundaries with every filter; the alert order; the alert history
// rebuilt from its rows; overdue acknowledgements; dependents through groups and guarantees;
// and the portfolio summary of a small hand-made portfolio, to the nano.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "services/risk-warning/storage/mysql_risk_reader.h"

namespace ccrm::risk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

MATCHER_P2(FailsWith, code, reason, "") {
  const absl::Status& s = ::ccrm::testing::GetStatus(arg);
  *result_listener << "status is " << s << " (reason " << ErrorReason(s) << ")";
  return s.code() == code && ErrorReason(s) == reason;
}

// Ids that sort in the order of n; `kind` keeps customers, exposures, alerts apart.
std::string Id(int kind, int n) { return absl::StrFormat("%08d-0000-7000-8000-%012d", kind, n); }
std::string Customer(int n) { return Id(1, n); }
std::string ExposureId(int n) { return Id(2, n); }
std::string ObservationId(int n) { return Id(3, n); }
std::string AlertId(int n) { return Id(4, n); }
std::string PlanId(int n) { return Id(5, n); }

absl::Time At(int day, int hour = 9, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(2026, 3, day, hour, minute, 0), absl::UTCTimeZone());
}

std::string Q(const std::string& text) { return absl::StrCat("'", text, "'"); }
std::string T(absl::Time t) { return Q(mysql::SqlTime(t)); }

Money Cny(int64_t units, int32_t nanos = 0) { return Money{"CNY", units, nanos}; }

struct ExposureRow {
  int n = 0;
  int customer = 0;
  std::string currency = "CNY";
  std::string outstanding = "0";
  std::string status = "ACTIVE";
  std::string category = "NORMAL";
  std::string industry = "C3011";
};

struct AlertRow {
  int n = 0;
  int customer = 0;
  std::string indicator = "days_past_due";
  std::string status = "OPEN";
  int level = 1;
  absl::Time open_time;
  std::string assignee = "mgr-a";
  std::string deadline = "NULL";
};

class MySqlRiskReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MySqlTestDbOptions options;
    options.migrations_dir = RISK_MIGRATIONS_DIR;
    absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> db =
        testing::MySqlTestDb::Create(options);
    ASSERT_TRUE(db.ok()) << "cannot set up a test database: " << db.status();
    db_ = *std::move(db);
    reader_ = std::make_unique<MySqlRiskReader>(&db_->app_pool());
  }

  void Sql(const std::string& sql) { ASSERT_OK(db_->ExecuteAsAdmin(sql)) << sql; }

  void AddObligor(int customer, const std::string& manager) {
    Sql(absl::StrCat("INSERT INTO obligors (customer_id, display_name, manager_id) VALUES (",
                     Q(Customer(customer)), ", 'Obligor ", customer, "', ", Q(manager), ")"));
  }

  void AddExposure(const ExposureRow& e) {
    Sql(absl::StrCat(
        "INSERT INTO exposures (exposure_id, customer_id, facility_id, currency_code, amount, "
        "purpose, project, origination_date, maturity_date, min_dscr, min_current_ratio, status, "
        "outstanding, suggested_category, category_reason, days_past_due, segment, "
        "industry_code, create_time, update_time, revision) VALUES (",
        Q(ExposureId(e.n)), ", ", Q(Customer(e.customer)), ", 'F-", e.n, "', ", Q(e.currency),
        ", 5000000, 'working capital', '', '2025-01-10', '2028-01-10', 1.2500, 0, ", Q(e.status),
        ", ", e.outstanding, ", ", Q(e.category), ", 'as scored', ", e.n, ", 'SEGMENT_SME', ",
        Q(e.industry), ", ", T(At(1)), ", ", T(At(2)), ", 3)"));
  }

  void AddAlert(const AlertRow& a) {
    Sql(absl::StrCat(
        "INSERT INTO alerts (alert_id, customer_id, indicator, status, level, evaluated_level, "
        "escalation_steps, value, threshold, rule_id, rule_version, inputs, title, detail, "
        "assignee_manager_id, open_time, acknowledge_deadline, acknowledge_time, close_time, "
        "resolution_note, update_time, revision) VALUES (",
        Q(AlertId(a.n)), ", ", Q(Customer(a.customer)), ", ", Q(a.indicator), ", ", Q(a.status),
        ", ", a.level, ", ", a.level,
        ", 0, 35.5, 30, 'default-days_past_due', 1, "
        "'[[\"days_past_due\", \"35\"]]', 'Alert ",
        a.n, "', 'detail', ", Q(a.assignee), ", ", T(a.open_time), ", ", a.deadline,
        ", NULL, NULL, '', ", T(a.open_time), ", 1)"));
  }

  std::unique_ptr<testing::MySqlTestDb> db_;
  std::unique_ptr<MySqlRiskReader> reader_;
};

template <typename T, typename IdOf>
std::vector<std::string> IdsOf(const std::vector<T>& items, IdOf id_of) {
  std::vector<std::string> ids;
  for (const T& item : items) {
    ids.push_back(id_of(item));
  }
  return ids;
}

std::vector<std::string> ExposureIds(const Page<Exposure>& page) {
  return IdsOf(page.items, [](const Exposure& e) { return e.exposure_id; });
}

TEST_F(MySqlRiskReaderTest, GetExposureReadsItsPlanAndSchedule) {
  AddExposure({.n = 1, .customer = 1, .currency = "USD", .outstanding = "1200000.125000001"});
  Sql(absl::StrCat("INSERT INTO planned_uses VALUES (", Q(ExposureId(1)),
                   ", 2, 'equipment', '', 300000), (", Q(ExposureId(1)),
                   ", 1, 'raw_materials', 'Baosteel', 1500000.5)"));
  Sql(absl::StrCat("INSERT INTO installments VALUES (", Q(ExposureId(1)),
                   ", '2026-09-20', 1000000, 12500.25), (", Q(ExposureId(1)),
                   ", '2026-06-20', 0, 15000)"));

  ASSERT_OK_AND_ASSIGN(Exposure e, reader_->GetExposure(ExposureId(1)));
  EXPECT_EQ(e.exposure_id, ExposureId(1));
  EXPECT_EQ(e.customer_id, Customer(1));
  EXPECT_EQ(e.facility_id, "F-1");
  EXPECT_EQ(e.amount, (Money{"USD", 5000000, 0}));
  EXPECT_EQ(e.outstanding, (Money{"USD", 1200000, 125000001}));
  EXPECT_EQ(e.status, ExposureStatus::kActive);
  EXPECT_EQ(e.suggested_category, LoanCategory::kNormal);
  EXPECT_EQ(e.days_past_due, 1);
  EXPECT_EQ(e.covenants.min_dscr, 1.25);
  EXPECT_EQ(e.origination_date, absl::CivilDay(2025, 1, 10));
  EXPECT_EQ(e.revision, 3);
  ASSERT_EQ(e.use_of_funds_plan.size(), 2u);
  EXPECT_EQ(e.use_of_funds_plan[0].category, "raw_materials");
  EXPECT_EQ(e.use_of_funds_plan[0].payee, "Baosteel");
  EXPECT_EQ(e.use_of_funds_plan[0].amount, (Money{"USD", 1500000, 500000000}));
  EXPECT_EQ(e.use_of_funds_plan[1].category, "equipment");
  EXPECT_EQ(e.use_of_funds_plan[1].amount, (Money{"USD", 300000, 0}));
  ASSERT_EQ(e.repayment_schedule.size(), 2u);
  EXPECT_EQ(e.repayment_schedule[0].due_date, absl::CivilDay(2026, 6, 20));
  EXPECT_EQ(e.repayment_schedule[0].principal, (Money{"USD", 0, 0}));
  EXPECT_EQ(e.repayment_schedule[0].interest, (Money{"USD", 15000, 0}));
  EXPECT_EQ(e.repayment_schedule[1].due_date, absl::CivilDay(2026, 9, 20));
  EXPECT_EQ(e.repayment_schedule[1].interest, (Money{"USD", 12500, 250000000}));

  EXPECT_THAT(reader_->GetExposure(ExposureId(9)),
              FailsWith(absl::StatusCode::kNotFound, "EXPOSURE_NOT_FOUND"));
}

TEST_F(MySqlRiskReaderTest, ListExposuresPagesAcrossBoundariesWithPlansAndSchedules) {
  for (int n = 1; n <= 7; ++n) {
    AddExposure({.n = n,
                 .customer = n <= 4 ? 1 : 2,
                 .status = n == 3 || n == 6 ? "CLOSED" : "ACTIVE",
                 .category = n % 2 == 0 ? "SUBSTANDARD" : "NORMAL"});
  }
  // Plan lines and installments on exposures of the second and third pages.
  Sql(absl::StrCat("INSERT INTO planned_uses VALUES (", Q(ExposureId(4)),
                   ", 1, 'equipment', '', 100), (", Q(ExposureId(5)), ", 1, 'wages', '', 200), (",
                   Q(ExposureId(5)), ", 2, 'rent', 'Landlord', 50)"));
  Sql(absl::StrCat("INSERT INTO installments VALUES (", Q(ExposureId(7)),
                   ", '2026-06-20', 10, 1), (", Q(ExposureId(4)), ", '2026-07-20', 20, 2)"));

  PageQuery query{3, {}};
  ASSERT_OK_AND_ASSIGN(Page<Exposure> first, reader_->ListExposures({}, query));
  EXPECT_THAT(ExposureIds(first), ElementsAre(ExposureId(1), ExposureId(2), ExposureId(3)));
  EXPECT_THAT(first.next_key, ElementsAre(ExposureId(3)));
  query.after_key = first.next_key;
  ASSERT_OK_AND_ASSIGN(Page<Exposure> second, reader_->ListExposures({}, query));
  EXPECT_THAT(ExposureIds(second), ElementsAre(ExposureId(4), ExposureId(5), ExposureId(6)));
  ASSERT_EQ(second.items[0].use_of_funds_plan.size(), 1u);
  EXPECT_EQ(second.items[0].use_of_funds_plan[0].amount, Cny(100));
  ASSERT_EQ(second.items[0].repayment_schedule.size(), 1u);
  EXPECT_EQ(second.items[0].repayment_schedule[0].principal, Cny(20));
  ASSERT_EQ(second.items[1].use_of_funds_plan.size(), 2u);
  EXPECT_EQ(second.items[1].use_of_funds_plan[1].payee, "Landlord");
  EXPECT_THAT(second.items[1].repayment_schedule, IsEmpty());
  EXPECT_THAT(second.items[2].use_of_funds_plan, IsEmpty());
  query.after_key = second.next_key;
  ASSERT_OK_AND_ASSIGN(Page<Exposure> third, reader_->ListExposures({}, query));
  EXPECT_THAT(ExposureIds(third), ElementsAre(ExposureId(7)));
  EXPECT_THAT(third.next_key, IsEmpty());
  ASSERT_EQ(third.items[0].repayment_schedule.size(), 1u);
  EXPECT_EQ(third.items[0].repayment_schedule[0].interest, Cny(1));

  // A page that ends exactly at the last row says so.
  ASSERT_OK_AND_ASSIGN(Page<Exposure> all, reader_->ListExposures({}, {7, {}}));
  EXPECT_EQ(all.items.size(), 7u);
  EXPECT_THAT(all.next_key, IsEmpty());

  ExposureFilter by_customer;
  by_customer.customer_id = Customer(2);
  ASSERT_OK_AND_ASSIGN(Page<Exposure> of_two, reader_->ListExposures(by_customer, {2, {}}));
  EXPECT_THAT(ExposureIds(of_two), ElementsAre(ExposureId(5), ExposureId(6)));
  ASSERT_OK_AND_ASSIGN(Page<Exposure> of_two_rest,
                       reader_->ListExposures(by_customer, {2, of_two.next_key}));
  EXPECT_THAT(ExposureIds(of_two_rest), ElementsAre(ExposureId(7)));

  ExposureFilter closed;
  closed.status = ExposureStatus::kClosed;
  ASSERT_OK_AND_ASSIGN(Page<Exposure> closed_page, reader_->ListExposures(closed, {}));
  EXPECT_THAT(ExposureIds(closed_page), ElementsAre(ExposureId(3), ExposureId(6)));

  ExposureFilter substandard;
  substandard.category = LoanCategory::kSubstandard;
  ASSERT_OK_AND_ASSIGN(Page<Exposure> sub_page, reader_->ListExposures(substandard, {}));
  EXPECT_THAT(ExposureIds(sub_page), ElementsAre(ExposureId(2), ExposureId(4), ExposureId(6)));

  ExposureFilter all_three;
  all_three.customer_id = Customer(1);
  all_three.status = ExposureStatus::kActive;
  all_three.category = LoanCategory::kSubstandard;
  ASSERT_OK_AND_ASSIGN(Page<Exposure> narrow, reader_->ListExposures(all_three, {}));
  EXPECT_THAT(ExposureIds(narrow), ElementsAre(ExposureId(2), ExposureId(4)));

  EXPECT_THAT(reader_->ListExposures({}, {3, {"a", "b"}}),
              FailsWith(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT"));
}

TEST_F(MySqlRiskReaderTest, ListObservationsNewestFirstInTheExposuresCurrency) {
  AddExposure({.n = 1, .customer = 1, .currency = "USD"});
  AddExposure({.n = 2, .customer = 1});
  for (int n = 1; n <= 5; ++n) {
    Sql(absl::StrCat(
        "INSERT INTO observations (observation_id, exposure_id, customer_id, kind, observed_date, "
        "amount, interest, category, payee, recorded_by, record_time) VALUES (",
        Q(ObservationId(n)), ", ", Q(ExposureId(n == 3 ? 2 : 1)), ", ", Q(Customer(1)),
        ", 'FUND_USAGE', '2026-03-0", n, "', ", n, "00.5, 0, 'equipment', 'Payee ", n,
        "', 'mgr-a', ", T(At(n)), ")"));
  }
  ASSERT_OK_AND_ASSIGN(Page<Observation> first, reader_->ListObservations(ExposureId(1), {2, {}}));
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].observation_id, ObservationId(5));
  EXPECT_EQ(first.items[1].observation_id, ObservationId(4));
  EXPECT_EQ(first.items[0].kind, ObservationKind::kFundUsage);
  EXPECT_EQ(first.items[0].amount, (Money{"USD", 500, 500000000}));
  EXPECT_EQ(first.items[0].payee, "Payee 5");
  EXPECT_EQ(first.items[0].date, absl::CivilDay(2026, 3, 5));
  EXPECT_EQ(first.items[0].record_time, At(5));
  EXPECT_THAT(first.next_key, ElementsAre(ObservationId(4)));
  ASSERT_OK_AND_ASSIGN(Page<Observation> second,
                       reader_->ListObservations(ExposureId(1), {2, first.next_key}));
  EXPECT_THAT(IdsOf(second.items, [](const Observation& o) { return o.observation_id; }),
              ElementsAre(ObservationId(2), ObservationId(1)));
  EXPECT_THAT(second.next_key, IsEmpty());

  ASSERT_OK_AND_ASSIGN(Page<Observation> other, reader_->ListObservations(ExposureId(2), {}));
  ASSERT_EQ(other.items.size(), 1u);
  EXPECT_EQ(other.items[0].amount, Cny(300, 500000000));

  EXPECT_THAT(reader_->ListObservations(ExposureId(9), {}),
              FailsWith(absl::StatusCode::kNotFound, "EXPOSURE_NOT_FOUND"));
}

class AlertListTest : public MySqlRiskReaderTest {
 protected:
  void SetUp() override {
    MySqlRiskReaderTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    // Open: 3 and 2 are RED at the same time (3 first: higher id), 1 RED earlier, 4 ORANGE,
    // 5 YELLOW acknowledged, 6 BLUE in progress. Closed: 7 RED resolved, 8 ORANGE false positive.
    AddAlert({.n = 1, .customer = 1, .level = 4, .open_time = At(1)});
    AddAlert({.n = 2, .customer = 2, .indicator = "overdue_rate", .level = 4, .open_time = At(5)});
    AddAlert({.n = 3, .customer = 1, .indicator = "overdue_rate", .level = 4, .open_time = At(5)});
    AddAlert({.n = 4, .customer = 2, .level = 3, .open_time = At(9), .assignee = "mgr-b"});
    AddAlert({.n = 5,
              .customer = 1,
              .indicator = "complaints",
              .status = "ACKNOWLEDGED",
              .level = 2,
              .open_time = At(2)});
    AddAlert({.n = 6,
              .customer = 3,
              .indicator = "complaints",
              .status = "IN_PROGRESS",
              .level = 1,
              .open_time = At(3),
              .assignee = "mgr-b"});
    AddAlert({.n = 7, .customer = 1, .status = "RESOLVED", .level = 4, .open_time = At(1, 8)});
    AddAlert(
        {.n = 8, .customer = 2, .status = "FALSE_POSITIVE", .level = 3, .open_time = At(1, 7)});
  }

  std::vector<std::string> List(const AlertFilter& filter) {
    absl::StatusOr<Page<Alert>> page = reader_->ListAlerts(filter, {100, {}});
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) {
      return {};
    }
    EXPECT_THAT(page->next_key, IsEmpty());
    return IdsOf(page->items, [](const Alert& a) { return a.alert_id; });
  }
};

TEST_F(AlertListTest, OpenAlertsByLevelThenNewestThenIdAcrossPages) {
  std::vector<std::string> seen;
  PageQuery query{2, {}};
  int pages = 0;
  do {
    ASSERT_OK_AND_ASSIGN(Page<Alert> page, reader_->ListAlerts({}, query));
    ++pages;
    for (const auto& a : page.items) {
      seen.push_back(a.alert_id);
    }
    query.after_key = page.next_key;
    if (pages == 1) {
      EXPECT_THAT(page.next_key, ElementsAre("4", "2026-03-05 09:00:00.000000", AlertId(2)));
    }
  } while (!query.after_key.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(seen,
              ElementsAre(AlertId(3), AlertId(2), AlertId(1), AlertId(4), AlertId(5), AlertId(6)));

  EXPECT_THAT(reader_->ListAlerts({}, {2, {"9", "2026-03-05 09:00:00.000000", AlertId(2)}}),
              FailsWith(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(reader_->ListAlerts({}, {2, {AlertId(2)}}),
              FailsWith(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT"));
}

TEST_F(AlertListTest, EveryFilter) {
  AlertFilter of_customer;
  of_customer.customer_id = Customer(1);
  EXPECT_THAT(List(of_customer), ElementsAre(AlertId(3), AlertId(1), AlertId(5)));

  AlertFilter of_manager;
  of_manager.assignee_manager_id = "mgr-b";
  EXPECT_THAT(List(of_manager), ElementsAre(AlertId(4), AlertId(6)));

  AlertFilter orange_up;
  orange_up.min_level = AlertLevel::kOrange;
  EXPECT_THAT(List(orange_up), ElementsAre(AlertId(3), AlertId(2), AlertId(1), AlertId(4)));

  AlertFilter closed;
  closed.statuses = {AlertStatus::kResolved, AlertStatus::kFalsePositive};
  EXPECT_THAT(List(closed), ElementsAre(AlertId(7), AlertId(8)));

  AlertFilter acknowledged;
  acknowledged.statuses = {AlertStatus::kAcknowledged};
  EXPECT_THAT(List(acknowledged), ElementsAre(AlertId(5)));

  AlertFilter indicator;
  indicator.indicator = "complaints";
  EXPECT_THAT(List(indicator), ElementsAre(AlertId(5), AlertId(6)));

  AlertFilter everything;
  everything.customer_id = Customer(1);
  everything.statuses = {AlertStatus::kOpen, AlertStatus::kResolved};
  everything.min_level = AlertLevel::kRed;
  everything.indicator = "days_past_due";
  everything.assignee_manager_id = "mgr-a";
  EXPECT_THAT(List(everything), ElementsAre(AlertId(1), AlertId(7)));
}

TEST_F(AlertListTest, GetAlertReadsEveryField) {
  ASSERT_OK_AND_ASSIGN(Alert a, reader_->GetAlert(AlertId(4)));
  EXPECT_EQ(a.customer_id, Customer(2));
  EXPECT_EQ(a.status, AlertStatus::kOpen);
  EXPECT_EQ(a.level, AlertLevel::kOrange);
  EXPECT_EQ(a.value, 35.5);
  EXPECT_THAT(a.inputs, ElementsAre(Pair("days_past_due", "35")));
  EXPECT_EQ(a.title, "Alert 4");
  EXPECT_EQ(a.assignee_manager_id, "mgr-b");
  EXPECT_EQ(a.open_time, At(9));
  EXPECT_FALSE(a.acknowledge_deadline.has_value());
  EXPECT_THAT(reader_->GetAlert(AlertId(99)),
              FailsWith(absl::StatusCode::kNotFound, "ALERT_NOT_FOUND"));
}

TEST_F(MySqlRiskReaderTest, AlertHistoryRebuildsTheAlertAfterEachChange) {
  // Alert 1: opened BLUE, raised YELLOW, acknowledged, resolved.
  AddAlert({.n = 1, .customer = 1, .status = "RESOLVED", .level = 2, .open_time = At(1)});
  Sql(absl::StrCat(
      "UPDATE alerts SET acknowledge_time = ", T(At(3)), ", close_time = ", T(At(4)),
      ", resolution_note = 'repaid in full', revision = 4 WHERE alert_id = ", Q(AlertId(1))));
  const std::string h =
      "INSERT INTO alert_history (alert_id, action, actor, note, change_time, status, level, "
      "evaluated_level, escalation_steps, value, threshold, rule_id, rule_version, inputs, "
      "assignee_manager_id) VALUES ";
  Sql(absl::StrCat(h, "(", Q(AlertId(1)), ", 'opened', 'risk-warning', '', ", T(At(1)),
                   ", 'OPEN', 1, 1, 0, 3, 1, 'default-days_past_due', 1, "
                   "'[[\"days_past_due\", \"3\"]]', 'mgr-a'), (",
                   Q(AlertId(1)), ", 'raised', 'risk-warning', '', ", T(At(2)),
                   ", 'OPEN', 2, 2, 0, 35, 30, 'default-days_past_due', 2, "
                   "'[[\"days_past_due\", \"35\"]]', 'mgr-a'), (",
                   Q(AlertId(1)), ", 'acknowledged', 'mgr-a', 'calling them', ", T(At(3)),
                   ", 'ACKNOWLEDGED', 2, 2, 0, 35, 30, 'default-days_past_due', 2, "
                   "'[[\"days_past_due\", \"35\"]]', 'mgr-a'), (",
                   Q(AlertId(1)), ", 'resolved', 'mgr-a', 'repaid in full', ", T(At(4)),
                   ", 'RESOLVED', 2, 2, 0, 35, 30, 'default-days_past_due', 2, "
                   "'[[\"days_past_due\", \"35\"]]', 'mgr-b')"));

  ASSERT_OK_AND_ASSIGN(std::vector<AlertChange> history, reader_->AlertHistory(AlertId(1)));
  ASSERT_EQ(history.size(), 4u);
  EXPECT_THAT(IdsOf(history, [](const AlertChange& c) { return c.action; }),
              ElementsAre("opened", "raised", "acknowledged", "resolved"));
  for (size_t i = 0; i < history.size(); ++i) {
    const Alert& a = history[i].alert;
    SCOPED_TRACE(history[i].action);
    EXPECT_EQ(a.alert_id, AlertId(1));
    EXPECT_EQ(a.customer_id, Customer(1));
    EXPECT_EQ(a.indicator, "days_past_due");
    EXPECT_EQ(a.title, "Alert 1");
    EXPECT_EQ(a.open_time, At(1));
    EXPECT_EQ(a.revision, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(a.update_time, history[i].change_time);
    EXPECT_FALSE(a.acknowledge_deadline.has_value());
  }
  const AlertChange& opened = history[0];
  EXPECT_EQ(opened.actor, "risk-warning");
  EXPECT_EQ(opened.change_time, At(1));
  EXPECT_EQ(opened.alert.status, AlertStatus::kOpen);
  EXPECT_EQ(opened.alert.level, AlertLevel::kBlue);
  EXPECT_EQ(opened.alert.value, 3);
  EXPECT_EQ(opened.alert.rule_version, 1);
  EXPECT_THAT(opened.alert.inputs, ElementsAre(Pair("days_past_due", "3")));
  EXPECT_FALSE(opened.alert.acknowledge_time.has_value());
  EXPECT_FALSE(opened.alert.close_time.has_value());
  const AlertChange& raised = history[1];
  EXPECT_EQ(raised.alert.level, AlertLevel::kYellow);
  EXPECT_EQ(raised.alert.threshold, 30);
  EXPECT_FALSE(raised.alert.acknowledge_time.has_value());
  const AlertChange& acknowledged = history[2];
  EXPECT_EQ(acknowledged.note, "calling them");
  EXPECT_EQ(acknowledged.alert.status, AlertStatus::kAcknowledged);
  EXPECT_EQ(acknowledged.alert.acknowledge_time, At(3));
  EXPECT_FALSE(acknowledged.alert.close_time.has_value());
  EXPECT_EQ(acknowledged.alert.resolution_note, "");
  const AlertChange& resolved = history[3];
  EXPECT_EQ(resolved.alert.status, AlertStatus::kResolved);
  EXPECT_EQ(resolved.alert.assignee_manager_id, "mgr-b");
  EXPECT_EQ(resolved.alert.acknowledge_time, At(3));
  EXPECT_EQ(resolved.alert.close_time, At(4));
  EXPECT_EQ(resolved.alert.resolution_note, "repaid in full");

  // Alert 2: still OPEN after an escalation; only its last change knows the deadline.
  AddAlert({.n = 2,
            .customer = 1,
            .indicator = "overdue_rate",
            .level = 3,
            .open_time = At(1),
            .deadline = T(At(6))});
  Sql(absl::StrCat(h, "(", Q(AlertId(2)), ", 'opened', 'risk-warning', '', ", T(At(1)),
                   ", 'OPEN', 2, 2, 0, 6, 5, 'default-overdue_rate', 1, '[]', 'mgr-a'), (",
                   Q(AlertId(2)), ", 'escalated', 'risk-warning', '', ", T(At(5)),
                   ", 'OPEN', 3, 2, 1, 6, 5, 'default-overdue_rate', 1, '[]', 'mgr-a')"));
  // Alert 3: cleared by evaluation while OPEN: never acknowledged.
  AddAlert(
      {.n = 3, .customer = 1, .indicator = "complaints", .status = "RESOLVED", .open_time = At(1)});
  Sql(absl::StrCat(h, "(", Q(AlertId(3)), ", 'opened', 'risk-warning', '', ", T(At(1)),
                   ", 'OPEN', 1, 1, 0, 1, 1, 'default-complaints', 1, '[]', 'mgr-a'), (",
                   Q(AlertId(3)), ", 'cleared', 'risk-warning', 'cleared: no complaints', ",
                   T(At(7)),
                   ", 'RESOLVED', 1, 1, 0, 0, 1, 'default-complaints', 1, '[]', 'mgr-a')"));

  ASSERT_OK_AND_ASSIGN(std::vector<AlertChange> escalated, reader_->AlertHistory(AlertId(2)));
  ASSERT_EQ(escalated.size(), 2u);
  EXPECT_FALSE(escalated[0].alert.acknowledge_deadline.has_value());
  EXPECT_EQ(escalated[1].alert.acknowledge_deadline, At(6));
  EXPECT_EQ(escalated[1].alert.level, AlertLevel::kOrange);
  EXPECT_EQ(escalated[1].alert.evaluated_level, AlertLevel::kYellow);
  EXPECT_EQ(escalated[1].alert.escalation_steps, 1);
  EXPECT_THAT(escalated[1].alert.inputs, IsEmpty());

  ASSERT_OK_AND_ASSIGN(std::vector<AlertChange> cleared, reader_->AlertHistory(AlertId(3)));
  ASSERT_EQ(cleared.size(), 2u);
  EXPECT_FALSE(cleared[1].alert.acknowledge_time.has_value());
  EXPECT_EQ(cleared[1].alert.close_time, At(7));
  EXPECT_EQ(cleared[1].alert.resolution_note, "cleared: no complaints");

  // An alert without history rows has an empty history; an unknown one is not found.
  AddAlert({.n = 4, .customer = 2, .open_time = At(1)});
  ASSERT_OK_AND_ASSIGN(std::vector<AlertChange> none, reader_->AlertHistory(AlertId(4)));
  EXPECT_THAT(none, IsEmpty());
  EXPECT_THAT(reader_->AlertHistory(AlertId(99)),
              FailsWith(absl::StatusCode::kNotFound, "ALERT_NOT_FOUND"));
}

TEST_F(MySqlRiskReaderTest, OverdueAcknowledgementsAreOpenAlertsPastTheirDeadlineSoonestFirst) {
  AddAlert({.n = 1, .customer = 1, .open_time = At(1), .deadline = T(At(10, 12))});
  AddAlert({.n = 2, .customer = 2, .open_time = At(1), .deadline = T(At(10, 8))});
  // Exactly at the deadline counts.
  AddAlert({.n = 3, .customer = 3, .open_time = At(1), .deadline = T(At(10, 13))});
  AddAlert({.n = 4, .customer = 4, .open_time = At(1), .deadline = T(At(10, 14))});
  AddAlert(
      {.n = 5, .customer = 5, .status = "ACKNOWLEDGED", .open_time = At(1), .deadline = T(At(9))});
  AddAlert({.n = 6, .customer = 6, .open_time = At(1)});
  const absl::Time now = At(10, 13);
  ASSERT_OK_AND_ASSIGN(auto overdue, reader_->OverdueAcknowledgements(now, 10));
  EXPECT_THAT(overdue, ElementsAre(Pair(AlertId(2), Customer(2)), Pair(AlertId(1), Customer(1)),
                                   Pair(AlertId(3), Customer(3))));
  ASSERT_OK_AND_ASSIGN(auto first_two, reader_->OverdueAcknowledgements(now, 2));
  EXPECT_THAT(first_two, ElementsAre(Pair(AlertId(2), Customer(2)), Pair(AlertId(1), Customer(1))));
  ASSERT_OK_AND_ASSIGN(auto before, reader_->OverdueAcknowledgements(At(10, 7), 10));
  EXPECT_THAT(before, IsEmpty());
}

TEST_F(MySqlRiskReaderTest, DependentsAreGroupMembersAndBorrowersItGuaranteesWithActiveExposures) {
  // Customer 1's group lists 2, 3 and itself; customer 4's group lists 1; 5 is in 1's group but
  // has no active exposure. 1 guarantees exposures of 6 (active), 7 (closed; 7's other exposure
  // is active) and 2 (already a member).
  const std::string c1 = Q(Customer(1));
  Sql(absl::StrCat("INSERT INTO group_members VALUES (", c1, ", ", Q(Customer(2)), "), (", c1, ", ",
                   Q(Customer(3)), "), (", c1, ", ", c1, "), (", c1, ", ", Q(Customer(5)), "), (",
                   Q(Customer(4)), ", ", c1, "), (", Q(Customer(8)), ", ", Q(Customer(9)), ")"));
  AddExposure({.n = 1, .customer = 1});
  AddExposure({.n = 2, .customer = 2});
  AddExposure({.n = 3, .customer = 3});
  AddExposure({.n = 4, .customer = 4});
  AddExposure({.n = 5, .customer = 5, .status = "CLOSED"});
  AddExposure({.n = 6, .customer = 6});
  AddExposure({.n = 7, .customer = 7, .status = "CLOSED"});
  AddExposure({.n = 8, .customer = 7});
  AddExposure({.n = 9, .customer = 9});
  const std::string g =
      "INSERT INTO guarantors (guarantor_id, exposure_id, guarantor_customer_id, "
      "amount_guaranteed, create_time) VALUES ";
  Sql(absl::StrCat(g, "('g1', ", Q(ExposureId(6)), ", ", c1, ", 100, ", T(At(1)), "), ('g2', ",
                   Q(ExposureId(7)), ", ", c1, ", 100, ", T(At(1)), "), ('g3', ", Q(ExposureId(2)),
                   ", ", c1, ", 100, ", T(At(1)), "), ('g4', ", Q(ExposureId(9)), ", ",
                   Q(Customer(8)), ", 100, ", T(At(1)), ")"));

  ASSERT_OK_AND_ASSIGN(std::vector<std::string> dependents, reader_->DependentsOf(Customer(1)));
  EXPECT_THAT(dependents, ElementsAre(Customer(2), Customer(3), Customer(4), Customer(6)));
  // Customer 2 is only in customer 1's group (listed by it).
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> of_two, reader_->DependentsOf(Customer(2)));
  EXPECT_THAT(of_two, ElementsAre(Customer(1)));
  // Customer 8 has no exposure; customer 9 is both its group member and the borrower it backs.
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> of_eight, reader_->DependentsOf(Customer(8)));
  EXPECT_THAT(of_eight, ElementsAre(Customer(9)));
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> nobody, reader_->DependentsOf(Customer(6)));
  EXPECT_THAT(nobody, IsEmpty());
}

class PlanTest : public MySqlRiskReaderTest {
 protected:
  void AddPlan(int n, int customer, const std::string& scenario, const std::string& status,
               int steps) {
    Sql(
        absl::StrCat("INSERT INTO contingency_plans (plan_id, customer_id, scenario, alert_id, "
                     "status, automatic, activated_by, activate_time, revision) VALUES (",
                     Q(PlanId(n)), ", ", Q(Customer(customer)), ", ", Q(scenario), ", ",
                     Q(n == 1 ? AlertId(1) : ""), ", ", Q(status), ", ", n == 1 ? 1 : 0,
                     ", 'officer-", n, "', ", T(At(n)), ", ", n, ")"));
    for (int s = steps; s >= 1; --s) {
      const bool done = s == 1;
      Sql(absl::StrCat(
          "INSERT INTO contingency_steps (plan_id, step_number, title, owner_role, owner, "
          "due_time, status, completed_by, complete_time, note) VALUES (",
          Q(PlanId(n)), ", ", s, ", 'Step ", s, "', 'risk_officer', 'officer-", n, "', ",
          T(At(n + s)), ", ", done ? "'DONE', 'officer-1', " : "'PENDING', '', ",
          done ? T(At(n + 1, 10)) : "NULL", ", ", done ? "'called the borrower'" : "''", ")"));
    }
  }
};

TEST_F(PlanTest, GetPlanReadsItsStepsInOrder) {
  AddPlan(1, 1, "FUNDS_DIVERTED", "ACTIVE", 3);
  ASSERT_OK_AND_ASSIGN(ContingencyPlan plan, reader_->GetPlan(PlanId(1)));
  EXPECT_EQ(plan.customer_id, Customer(1));
  EXPECT_EQ(plan.scenario, ContingencyScenario::kFundsDiverted);
  EXPECT_EQ(plan.alert_id, AlertId(1));
  EXPECT_EQ(plan.status, PlanStatus::kActive);
  EXPECT_TRUE(plan.automatic);
  EXPECT_EQ(plan.activated_by, "officer-1");
  EXPECT_EQ(plan.activate_time, At(1));
  EXPECT_EQ(plan.revision, 1);
  ASSERT_EQ(plan.steps.size(), 3u);
  EXPECT_EQ(plan.steps[0].step_number, 1);
  EXPECT_EQ(plan.steps[0].title, "Step 1");
  EXPECT_EQ(plan.steps[0].owner_role, "risk_officer");
  EXPECT_EQ(plan.steps[0].status, StepStatus::kDone);
  EXPECT_EQ(plan.steps[0].completed_by, "officer-1");
  EXPECT_EQ(plan.steps[0].complete_time, At(2, 10));
  EXPECT_EQ(plan.steps[0].note, "called the borrower");
  EXPECT_EQ(plan.steps[1].step_number, 2);
  EXPECT_EQ(plan.steps[1].status, StepStatus::kPending);
  EXPECT_FALSE(plan.steps[1].complete_time.has_value());
  EXPECT_EQ(plan.steps[2].due_time, At(4));
  EXPECT_THAT(reader_->GetPlan(PlanId(9)),
              FailsWith(absl::StatusCode::kNotFound, "PLAN_NOT_FOUND"));
}

TEST_F(PlanTest, ListPlansNewestFirstWithStepsAndFilters) {
  AddPlan(1, 1, "FUNDS_DIVERTED", "ACTIVE", 2);
  AddPlan(2, 1, "PROJECT_HALTED", "COMPLETED", 1);
  AddPlan(3, 2, "GUARANTOR_FAILS", "ACTIVE", 3);
  AddPlan(4, 1, "BORROWER_CANNOT_REPAY", "ACTIVE", 0);
  AddPlan(5, 2, "FUNDS_DIVERTED", "COMPLETED", 2);

  const auto ids = [](const Page<ContingencyPlan>& page) {
    return IdsOf(page.items, [](const ContingencyPlan& p) { return p.plan_id; });
  };
  ASSERT_OK_AND_ASSIGN(Page<ContingencyPlan> first, reader_->ListPlans({}, {2, {}}));
  EXPECT_THAT(ids(first), ElementsAre(PlanId(5), PlanId(4)));
  EXPECT_EQ(first.items[0].steps.size(), 2u);
  EXPECT_THAT(first.items[1].steps, IsEmpty());
  ASSERT_OK_AND_ASSIGN(Page<ContingencyPlan> second, reader_->ListPlans({}, {2, first.next_key}));
  EXPECT_THAT(ids(second), ElementsAre(PlanId(3), PlanId(2)));
  ASSERT_EQ(second.items[0].steps.size(), 3u);
  EXPECT_EQ(second.items[0].steps[2].step_number, 3);
  EXPECT_EQ(second.items[0].scenario, ContingencyScenario::kGuarantorFails);
  EXPECT_EQ(second.items[1].steps.size(), 1u);
  ASSERT_OK_AND_ASSIGN(Page<ContingencyPlan> third, reader_->ListPlans({}, {2, second.next_key}));
  EXPECT_THAT(ids(third), ElementsAre(PlanId(1)));
  EXPECT_THAT(third.next_key, IsEmpty());
  EXPECT_EQ(third.items[0].steps.size(), 2u);

  PlanFilter of_one;
  of_one.customer_id = Customer(1);
  ASSERT_OK_AND_ASSIGN(Page<ContingencyPlan> mine, reader_->ListPlans(of_one, {}));
  EXPECT_THAT(ids(mine), ElementsAre(PlanId(4), PlanId(2), PlanId(1)));
  PlanFilter completed;
  completed.status = PlanStatus::kCompleted;
  ASSERT_OK_AND_ASSIGN(Page<ContingencyPlan> done, reader_->ListPlans(completed, {}));
  EXPECT_THAT(ids(done), ElementsAre(PlanId(5), PlanId(2)));
  PlanFilter both;
  both.customer_id = Customer(2);
  both.status = PlanStatus::kActive;
  ASSERT_OK_AND_ASSIGN(Page<ContingencyPlan> narrow, reader_->ListPlans(both, {}));
  EXPECT_THAT(ids(narrow), ElementsAre(PlanId(3)));
}

void ExpectBucket(const SummaryBucket& bucket, const std::string& key, int64_t customers,
                  int64_t exposures, const Money& outstanding, int64_t open_alerts) {
  SCOPED_TRACE(key);
  EXPECT_EQ(bucket.key, key);
  EXPECT_EQ(bucket.customers, customers);
  EXPECT_EQ(bucket.exposures, exposures);
  EXPECT_EQ(bucket.outstanding, outstanding);
  EXPECT_EQ(bucket.open_alerts, open_alerts);
}

TEST_F(MySqlRiskReaderTest, SummaryOfAHandMadePortfolio) {
  // Customer 1 (mgr-a): RED and BLUE open, an ORANGE resolved; two NORMAL exposures in C, one
  // SUBSTANDARD in F. Customer 2 (mgr-b): YELLOW acknowledged; NORMAL in C, and one in USD.
  // Customer 3 (no obligor row): no alerts; a LOSS with no industry. Customer 4 (no manager):
  // ORANGE in progress; SPECIAL_MENTION in A, and a closed one. Customer 5 (mgr-a): RED open, only
  // a USD exposure.
  AddObligor(1, "mgr-a");
  AddObligor(2, "mgr-b");
  AddObligor(4, "");
  AddObligor(5, "mgr-a");
  AddExposure({.n = 1, .customer = 1, .outstanding = "1000.5"});
  AddExposure({.n = 2,
               .customer = 1,
               .outstanding = "200.25",
               .category = "SUBSTANDARD",
               .industry = "F5110"});
  AddExposure({.n = 9, .customer = 1, .outstanding = "99.5"});
  AddExposure({.n = 3, .customer = 2, .outstanding = "300", .industry = "C1310"});
  AddExposure(
      {.n = 4, .customer = 2, .currency = "USD", .outstanding = "999", .industry = "C1310"});
  AddExposure(
      {.n = 5, .customer = 3, .outstanding = "0.000000001", .category = "LOSS", .industry = ""});
  AddExposure({.n = 6,
               .customer = 4,
               .outstanding = "50",
               .category = "SPECIAL_MENTION",
               .industry = "A0111"});
  AddExposure(
      {.n = 7, .customer = 4, .outstanding = "10", .status = "CLOSED", .industry = "A0111"});
  AddExposure({.n = 8, .customer = 5, .currency = "USD", .outstanding = "5", .industry = "K7010"});
  AddAlert({.n = 1, .customer = 1, .level = 4, .open_time = At(1)});
  AddAlert({.n = 2, .customer = 1, .indicator = "complaints", .level = 1, .open_time = At(1)});
  AddAlert({.n = 3,
            .customer = 1,
            .indicator = "overdue_rate",
            .status = "RESOLVED",
            .level = 3,
            .open_time = At(1)});
  AddAlert({.n = 4, .customer = 2, .status = "ACKNOWLEDGED", .level = 2, .open_time = At(1)});
  AddAlert({.n = 5, .customer = 4, .status = "IN_PROGRESS", .level = 3, .open_time = At(1)});
  AddAlert({.n = 6, .customer = 5, .level = 4, .open_time = At(1)});

  const absl::Time now = At(20);
  ASSERT_OK_AND_ASSIGN(PortfolioSummary cny, reader_->Summary("CNY", now));
  EXPECT_EQ(cny.currency_code, "CNY");
  EXPECT_EQ(cny.as_of_time, now);
  EXPECT_EQ(cny.active_exposures, 6);
  EXPECT_EQ(cny.total_outstanding, Cny(1650, 250000001));
  EXPECT_EQ(cny.other_currency_exposures, 2);

  ASSERT_EQ(cny.by_level.size(), 4u);
  ExpectBucket(cny.by_level[0], "RED", 1, 3, Cny(1300, 250000000), 2);
  ExpectBucket(cny.by_level[1], "ORANGE", 1, 1, Cny(50), 1);
  ExpectBucket(cny.by_level[2], "YELLOW", 1, 1, Cny(300), 1);
  ExpectBucket(cny.by_level[3], "NONE", 1, 1, Cny(0, 1), 0);

  // Customer 1's two open alerts count once in NORMAL although two of its exposures are there.
  ASSERT_EQ(cny.by_category.size(), 4u);
  ExpectBucket(cny.by_category[0], "NORMAL", 2, 3, Cny(1400), 3);
  ExpectBucket(cny.by_category[1], "SPECIAL_MENTION", 1, 1, Cny(50), 1);
  ExpectBucket(cny.by_category[2], "SUBSTANDARD", 1, 1, Cny(200, 250000000), 2);
  ExpectBucket(cny.by_category[3], "LOSS", 1, 1, Cny(0, 1), 0);

  ASSERT_EQ(cny.by_industry.size(), 4u);
  ExpectBucket(cny.by_industry[0], "A", 1, 1, Cny(50), 1);
  ExpectBucket(cny.by_industry[1], "C", 2, 3, Cny(1400), 3);
  ExpectBucket(cny.by_industry[2], "F", 1, 1, Cny(200, 250000000), 2);
  ExpectBucket(cny.by_industry[3], "unknown", 1, 1, Cny(0, 1), 0);

  ASSERT_EQ(cny.by_manager.size(), 3u);
  ExpectBucket(cny.by_manager[0], "mgr-a", 1, 3, Cny(1300, 250000000), 2);
  ExpectBucket(cny.by_manager[1], "mgr-b", 1, 1, Cny(300), 1);
  ExpectBucket(cny.by_manager[2], "unassigned", 2, 2, Cny(50, 1), 1);

  ASSERT_OK_AND_ASSIGN(PortfolioSummary usd, reader_->Summary("USD", now));
  EXPECT_EQ(usd.active_exposures, 2);
  EXPECT_EQ(usd.total_outstanding, (Money{"USD", 1004, 0}));
  EXPECT_EQ(usd.other_currency_exposures, 6);
  ASSERT_EQ(usd.by_level.size(), 2u);
  ExpectBucket(usd.by_level[0], "RED", 1, 1, Money{"USD", 5, 0}, 1);
  ExpectBucket(usd.by_level[1], "YELLOW", 1, 1, Money{"USD", 999, 0}, 1);
  ASSERT_EQ(usd.by_industry.size(), 2u);
  EXPECT_EQ(usd.by_industry[0].key, "C");
  EXPECT_EQ(usd.by_industry[1].key, "K");
  ASSERT_EQ(usd.by_manager.size(), 2u);
  ExpectBucket(usd.by_manager[0], "mgr-a", 1, 1, Money{"USD", 5, 0}, 1);

  ASSERT_OK_AND_ASSIGN(PortfolioSummary eur, reader_->Summary("EUR", now));
  EXPECT_EQ(eur.active_exposures, 0);
  EXPECT_EQ(eur.total_outstanding, (Money{"EUR", 0, 0}));
  EXPECT_EQ(eur.other_currency_exposures, 8);
  EXPECT_THAT(eur.by_level, IsEmpty());
  EXPECT_THAT(eur.by_category, IsEmpty());
  EXPECT_THAT(eur.by_industry, IsEmpty());
  EXPECT_THAT(eur.by_manager, IsEmpty());
}

}  // namespace
}  // namespace ccrm::risk
