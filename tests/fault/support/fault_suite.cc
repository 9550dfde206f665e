#include "tests/fault/support/fault_suite.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/auth/principal.h"
#include "common/mysql/connection_pool.h"
#include "common/status/status_macros.h"
#include "common/testing/rpc_calls.h"
#include "common/testing/service_process.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::fault {
namespace {

namespace cv1 = ::ccrm::customer::v1;

constexpr char kCustomerCreated[] = "ccrm.customer.v1.CustomerCreated";
constexpr char kProducer[] = "customer-profile";

std::string LegalName(const std::string& tag, int64_t attempt) {
  return absl::StrCat("故障测试", tag, "第", attempt, "号有限公司");
}

std::string RequestId(const std::string& tag, int64_t attempt) {
  return absl::StrCat(tag, "-", attempt);
}

}  // namespace

absl::StatusOr<std::vector<std::vector<std::string>>> QueryRows(testing::MySqlTestDb& db,
                                                                const std::string& sql) {
  ASSIGN_OR_RETURN(std::unique_ptr<mysql::ConnectionPool> pool, db.NewPool(true, 1));
  ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease,
                   pool->Acquire(absl::Now() + absl::Seconds(30)));
  std::vector<std::vector<std::string>> rows;
  try {
    std::unique_ptr<sql::Statement> statement(lease->connection().createStatement());
    std::unique_ptr<sql::ResultSet> result(statement->executeQuery(sql));
    const unsigned int columns = result->getMetaData()->getColumnCount();
    while (result->next()) {
      std::vector<std::string> row;
      for (unsigned int c = 1; c <= columns; ++c) {
        row.push_back(result->isNull(c) ? std::string() : std::string(result->getString(c)));
      }
      rows.push_back(std::move(row));
    }
    lease->Commit();
  } catch (const sql::SQLException& e) {
    return absl::InternalError(absl::StrCat("query failed (", sql, "): ", e.what()));
  }
  return rows;
}

int64_t QueryInt(testing::MySqlTestDb& db, const std::string& sql) {
  absl::StatusOr<std::vector<std::vector<std::string>>> rows = QueryRows(db, sql);
  int64_t value = -1;
  if (rows.ok() && !rows->empty() && !(*rows)[0].empty()) {
    (void)absl::SimpleAtoi((*rows)[0][0], &value);
  }
  return value;
}

double ResidentMiB(int pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      double kib = 0;
      if (absl::SimpleAtod(line.substr(6, line.find("kB") - 6), &kib)) {
        return kib / 1024.0;
      }
    }
  }
  return 0;
}

absl::StatusOr<std::unique_ptr<FaultSuite>> FaultSuite::Start(const FaultSuiteOptions& options) {
  std::unique_ptr<FaultSuite> suite(new FaultSuite());
  suite->secrets_ = testing::TestSecrets::Create();
  suite->dir_ = testing::MakeTempDir("ccrm-fault-suite-");
  ASSIGN_OR_RETURN(suite->customer_db_, risk::itest::NewServiceDb(CUSTOMER_PROFILE_MIGRATIONS_DIR));
  ASSIGN_OR_RETURN(suite->relationship_db_, risk::itest::NewServiceDb(RELATIONSHIP_MIGRATIONS_DIR));

  ASSIGN_OR_RETURN(
      std::vector<std::string> customer_flags,
      risk::itest::BaseServiceFlags(suite->dir_, "customer-profile", *suite->customer_db_,
                                    CUSTOMER_PROFILE_MIGRATIONS_DIR, suite->secrets_));
  // customer-profile calls no other service (no token of its own) but keeps encrypted
  // identifiers: the key ring and blind-index key.
  customer_flags.erase(std::remove_if(customer_flags.begin(), customer_flags.end(),
                                      [](const std::string& flag) {
                                        return flag.rfind("--service_token_file=", 0) == 0;
                                      }),
                       customer_flags.end());
  for (const std::string& flag : suite->secrets_.ServiceFlags()) {
    if (flag.rfind("--jwt_", 0) != 0) {
      customer_flags.push_back(flag);
    }
  }
  customer_flags.insert(customer_flags.end(), options.customer_flags.begin(),
                        options.customer_flags.end());
  suite->customer_ = std::make_unique<ServiceUnderTest>(CUSTOMER_PROFILE_BINARY, customer_flags);
  RETURN_IF_ERROR(suite->customer_->Start());
  const std::string customer_address = suite->customer_->process().address();

  ASSIGN_OR_RETURN(
      std::vector<std::string> relationship_flags,
      risk::itest::BaseServiceFlags(suite->dir_, "relationship-service", *suite->relationship_db_,
                                    RELATIONSHIP_MIGRATIONS_DIR, suite->secrets_));
  relationship_flags.push_back(absl::StrCat("--customer_profile_address=", customer_address));
  relationship_flags.push_back("--consume_alert_events=false");
  relationship_flags.insert(relationship_flags.end(), options.relationship_flags.begin(),
                            options.relationship_flags.end());
  suite->relationship_ =
      std::make_unique<ServiceUnderTest>(RELATIONSHIP_BINARY, relationship_flags);
  RETURN_IF_ERROR(suite->relationship_->Start());

  if (options.with_credit_rating) {
    ASSIGN_OR_RETURN(suite->rating_db_, risk::itest::NewServiceDb(CREDIT_RATING_MIGRATIONS_DIR));
    ASSIGN_OR_RETURN(std::vector<std::string> rating_flags,
                     risk::itest::BaseServiceFlags(suite->dir_, "credit-rating", *suite->rating_db_,
                                                   CREDIT_RATING_MIGRATIONS_DIR, suite->secrets_));
    const std::string bureau_file = suite->dir_ + "/bureau.json";
    RETURN_IF_ERROR(testing::WriteSecretFile(bureau_file, "{\"reports\": []}"));
    rating_flags.push_back(absl::StrCat("--customer_profile_address=", customer_address));
    rating_flags.push_back(absl::StrCat("--credit_bureau=file:", bureau_file));
    rating_flags.insert(rating_flags.end(), options.rating_flags.begin(),
                        options.rating_flags.end());
    suite->rating_ = std::make_unique<ServiceUnderTest>(CREDIT_RATING_BINARY, rating_flags);
    RETURN_IF_ERROR(suite->rating_->Start());
  }
  return suite;
}

FaultSuite::~FaultSuite() {
  rating_.reset();
  relationship_.reset();
  customer_.reset();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::error_code ignored;
  std::filesystem::remove_all(secrets_.dir(), ignored);
}

std::string FaultSuite::Token(const std::string& role) const {
  return secrets_.Token("fault-" + role, {role});
}

absl::StatusOr<std::string> FaultSuite::CreateCustomer(const std::string& tag, int64_t attempt,
                                                       absl::Duration timeout) {
  std::shared_ptr<grpc::Channel> channel = customer_->running() ? customer_->channel() : nullptr;
  if (channel == nullptr) {
    return absl::UnavailableError("customer-profile is not running");
  }
  std::unique_ptr<cv1::CustomerProfile::Stub> stub = cv1::CustomerProfile::NewStub(channel);
  cv1::CreateCustomerRequest request;
  *request.mutable_customer() = customer::itest::SmeEnterprise(LegalName(tag, attempt));
  request.set_request_id(RequestId(tag, attempt));
  ASSIGN_OR_RETURN(cv1::Customer created,
                   testing::CallWithToken(*stub, &cv1::CustomerProfile::Stub::CreateCustomer,
                                          Token(roles::kRelationshipManager), request, timeout));
  return created.name();
}

absl::StatusOr<CustomerWriteAudit> FaultSuite::AuditCustomerWrites(
    const std::string& tag, const std::vector<WriteAttempt>& attempts) {
  // legal name → customer names; customer name → CustomerCreated events; request id → name.
  std::map<std::string, std::vector<std::string>> customers_by_legal_name;
  ASSIGN_OR_RETURN(
      auto customer_rows,
      QueryRows(*customer_db_, absl::StrCat("SELECT legal_name, customer_id FROM "
                                            "customers WHERE legal_name LIKE '故障测试",
                                            tag, "第%'")));
  for (const auto& row : customer_rows) {
    customers_by_legal_name[row[0]].push_back(absl::StrCat("customers/", row[1]));
  }
  std::map<std::string, int> events_by_subject;
  ASSIGN_OR_RETURN(auto event_rows,
                   QueryRows(*customer_db_, absl::StrCat("SELECT subject FROM outbox_events WHERE "
                                                         "event_type = '",
                                                         kCustomerCreated, "'")));
  for (const auto& row : event_rows) {
    ++events_by_subject[row[0]];
  }
  std::map<std::string, std::string> claimed;
  ASSIGN_OR_RETURN(auto claim_rows,
                   QueryRows(*customer_db_, absl::StrCat("SELECT request_id, resource_name FROM "
                                                         "idempotency_keys WHERE scope = "
                                                         "'customers.create' AND request_id LIKE '",
                                                         tag, "-%'")));
  for (const auto& row : claim_rows) {
    claimed[row[0]] = row[1];
  }

  CustomerWriteAudit audit;
  for (const WriteAttempt& attempt : attempts) {
    const bool acknowledged = attempt.code == absl::StatusCode::kOk;
    (acknowledged ? audit.acknowledged : audit.unacknowledged) += 1;
    const std::vector<std::string>& rows = customers_by_legal_name[LegalName(tag, attempt.id)];
    const auto claim = claimed.find(RequestId(tag, attempt.id));
    const bool absent = rows.empty() && claim == claimed.end();
    const bool whole = rows.size() == 1 && claim != claimed.end() && claim->second == rows[0] &&
                       events_by_subject[rows[0]] == 1;
    if (acknowledged && (!whole || rows[0] != attempt.resource)) {
      ++audit.acknowledged_missing;
      audit.problems.push_back(absl::StrCat(
          "attempt ", attempt.id, " (",
          absl::FormatTime("%H:%M:%E3S", attempt.start, absl::UTCTimeZone()), " to ",
          absl::FormatTime("%H:%M:%E3S", attempt.end, absl::UTCTimeZone()), ") acknowledged as ",
          attempt.resource, " but ", rows.size(), " customer row(s), claim ",
          claim == claimed.end() ? "absent" : claim->second));
    } else if (!acknowledged && whole) {
      ++audit.unacknowledged_present;
    } else if (!acknowledged && absent) {
      ++audit.unacknowledged_absent;
    }
    if (!whole && !absent) {
      ++audit.partial;
      audit.problems.push_back(absl::StrCat(
          "attempt ", attempt.id, " is partial: ", rows.size(), " customer row(s), claim ",
          claim == claimed.end() ? "absent" : claim->second, ", ",
          rows.empty() ? 0 : events_by_subject[rows[0]], " event(s)"));
    }
  }
  return audit;
}

absl::StatusOr<ConsumerAudit> FaultSuite::AuditConsumer(absl::Duration timeout) {
  const absl::Time started = absl::Now();
  ConsumerAudit audit;
  std::map<std::string, std::string> produced;  // event id → customer id
  std::set<std::string> consumed;
  while (true) {
    produced.clear();
    consumed.clear();
    ASSIGN_OR_RETURN(
        auto produced_rows,
        QueryRows(*customer_db_, absl::StrCat("SELECT event_id, subject FROM outbox_events WHERE "
                                              "event_type = '",
                                              kCustomerCreated, "'")));
    for (const auto& row : produced_rows) {
      produced[row[0]] = row[1].substr(row[1].find('/') + 1);
    }
    ASSIGN_OR_RETURN(
        auto consumed_rows,
        QueryRows(*relationship_db_,
                  absl::StrCat("SELECT event_id FROM consumed_events WHERE producer = '", kProducer,
                               "'")));
    for (const auto& row : consumed_rows) {
      consumed.insert(row[0]);
    }
    bool caught_up = true;
    for (const auto& [event_id, customer_id] : produced) {
      caught_up = caught_up && consumed.count(event_id) > 0;
    }
    if (caught_up || absl::Now() - started > timeout) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  audit.catch_up = absl::Now() - started;
  audit.produced = static_cast<int64_t>(produced.size());
  audit.consumed = static_cast<int64_t>(consumed.size());
  for (const auto& [event_id, customer_id] : produced) {
    audit.missing += consumed.count(event_id) == 0 ? 1 : 0;
  }
  for (const std::string& event_id : consumed) {
    audit.unknown += produced.count(event_id) == 0 ? 1 : 0;
  }
  std::map<std::string, int64_t> plans_by_customer;
  ASSIGN_OR_RETURN(auto plan_rows,
                   QueryRows(*relationship_db_,
                             "SELECT customer_id, COUNT(DISTINCT plan_id) FROM engagements "
                             "GROUP BY customer_id"));
  for (const auto& row : plan_rows) {
    int64_t plans = 0;
    (void)absl::SimpleAtoi(row[1], &plans);
    plans_by_customer[row[0]] = plans;
  }
  for (const auto& [event_id, customer_id] : produced) {
    const int64_t plans = plans_by_customer[customer_id];
    audit.planned_twice += plans > 1 ? 1 : 0;
    audit.not_planned += plans == 0 ? 1 : 0;
  }
  return audit;
}

absl::StatusOr<std::map<std::string, int64_t>> FaultSuite::ConnectionsByUser() {
  ASSIGN_OR_RETURN(auto rows, QueryRows(*customer_db_,
                                        "SELECT user, COUNT(*) FROM information_schema.processlist "
                                        "GROUP BY user"));
  std::map<std::string, int64_t> connections;
  for (const auto& row : rows) {
    (void)absl::SimpleAtoi(row[1], &connections[row[0]]);
  }
  return connections;
}

}  // namespace ccrm::fault
