#include "tests/risk-warning/integration/suite_env.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/status/status_macros.h"

namespace ccrm::risk::itest {
namespace {

SuiteEnv* shared_env = nullptr;

}  // namespace

absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewServiceDb(
    const std::string& migrations_dir) {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = migrations_dir;
  options.create_app_user = true;
  options.pool_size = 2;
  return testing::MySqlTestDb::Create(options);
}

namespace {

// "--listen" of "--listen=127.0.0.1:0".
std::string FlagName(const std::string& flag) { return flag.substr(0, flag.find('=')); }

}  // namespace

absl::StatusOr<std::vector<std::string>> BaseServiceFlags(const std::string& dir,
                                                          const std::string& service,
                                                          testing::MySqlTestDb& db,
                                                          const std::string& migrations_dir,
                                                          const testing::TestSecrets& secrets) {
  ASSIGN_OR_RETURN(mysql::ConnectionOptions app, db.app_options());
  const std::string password_file = absl::StrCat(dir, "/", service, ".mysql.password");
  const std::string token_file = absl::StrCat(dir, "/", service, ".token");
  RETURN_IF_ERROR(testing::WriteSecretFile(password_file, app.password));
  RETURN_IF_ERROR(testing::WriteSecretFile(
      token_file, secrets.Token(service, {roles::kService}, absl::Hours(24))));
  std::vector<std::string> flags = {"--listen=127.0.0.1:0",
                                    "--metrics_listen=127.0.0.1:0",
                                    absl::StrCat("--mysql_host=", app.host),
                                    absl::StrCat("--mysql_port=", app.port),
                                    absl::StrCat("--mysql_user=", app.user),
                                    absl::StrCat("--mysql_password_file=", password_file),
                                    absl::StrCat("--mysql_database=", app.database),
                                    absl::StrCat("--migrations_dir=", migrations_dir),
                                    "--worker_threads=4",
                                    absl::StrCat("--service_token_file=", token_file),
                                    "--event_gap_grace=1s"};
  // Only the JWT flags of the shared secrets: the other services keep no encrypted fields.
  for (const std::string& flag : secrets.ServiceFlags()) {
    if (flag.rfind("--jwt_", 0) == 0) {
      flags.push_back(flag);
    }
  }
  return flags;
}

ServiceUnderTest::~ServiceUnderTest() { Stop(); }

absl::Status ServiceUnderTest::Start(const std::vector<std::string>& extra) {
  std::vector<std::string> flags;
  for (const std::string& flag : flags_) {
    bool replaced = false;
    for (const std::string& e : extra) {
      replaced = replaced || FlagName(e) == FlagName(flag);
    }
    if (!replaced) {
      flags.push_back(flag);
    }
  }
  flags.insert(flags.end(), extra.begin(), extra.end());
  flags_ = flags;
  std::vector<std::string> run_flags = flags_;
  if (port_ != 0) {
    // A restart keeps its address, so the services that follow it find it again.
    run_flags.push_back(absl::StrCat("--listen=127.0.0.1:", port_));
  }
  ASSIGN_OR_RETURN(process_, testing::ServiceProcess::Start(binary_, run_flags));
  port_ = process_->grpc_port();
  channel_ = grpc::CreateChannel(process_->address(), grpc::InsecureChannelCredentials());
  return absl::OkStatus();
}

void ServiceUnderTest::Kill() {
  channel_.reset();
  if (process_ != nullptr) {
    process_->Kill();
  }
  process_.reset();
}

void ServiceUnderTest::Stop() {
  channel_.reset();
  if (process_ != nullptr) {
    process_->Stop();
  }
  process_.reset();
}

absl::StatusOr<std::unique_ptr<SuiteEnv>> SuiteEnv::Start(const SuiteEnvOptions& options) {
  std::unique_ptr<SuiteEnv> env(new SuiteEnv());
  ASSIGN_OR_RETURN(env->customer_profile_,
                   customer::itest::CustomerProfileEnv::Start(
                       customer::itest::EnvOptions{{"--event_gap_grace=1s"}}));
  const testing::TestSecrets& secrets = env->customer_profile_->secrets();
  const std::string customer_address = env->customer_profile_->process().address();
  env->dir_ = testing::MakeTempDir("ccrm-suite-it");
  ASSIGN_OR_RETURN(env->rating_db_, NewServiceDb(CREDIT_RATING_MIGRATIONS_DIR));
  ASSIGN_OR_RETURN(env->relationship_db_, NewServiceDb(RELATIONSHIP_MIGRATIONS_DIR));
  ASSIGN_OR_RETURN(env->risk_db_, NewServiceDb(RISK_MIGRATIONS_DIR));

  const std::string bureau_file = env->dir_ + "/bureau.json";
  RETURN_IF_ERROR(testing::WriteSecretFile(bureau_file, "{\"reports\": []}"));
  ASSIGN_OR_RETURN(std::vector<std::string> rating_flags,
                   BaseServiceFlags(env->dir_, "credit-rating", *env->rating_db_,
                                    CREDIT_RATING_MIGRATIONS_DIR, secrets));
  rating_flags.push_back(absl::StrCat("--customer_profile_address=", customer_address));
  rating_flags.push_back(absl::StrCat("--credit_bureau=file:", bureau_file));
  env->rating_ = std::make_unique<ServiceUnderTest>(CREDIT_RATING_BINARY, rating_flags);
  RETURN_IF_ERROR(env->rating_->Start());

  // relationship-service first follows no risk feed (risk-warning needs its address); it is
  // restarted below with risk-warning's.
  ASSIGN_OR_RETURN(std::vector<std::string> relationship_flags,
                   BaseServiceFlags(env->dir_, "relationship-service", *env->relationship_db_,
                                    RELATIONSHIP_MIGRATIONS_DIR, secrets));
  relationship_flags.push_back(absl::StrCat("--customer_profile_address=", customer_address));
  relationship_flags.push_back("--sweep_interval=1s");
  env->relationship_ = std::make_unique<ServiceUnderTest>(RELATIONSHIP_BINARY, relationship_flags);
  RETURN_IF_ERROR(env->relationship_->Start({"--consume_alert_events=false"}));

  ASSIGN_OR_RETURN(
      std::vector<std::string> risk_flags,
      BaseServiceFlags(env->dir_, "risk-warning", *env->risk_db_, RISK_MIGRATIONS_DIR, secrets));
  risk_flags.push_back(absl::StrCat("--customer_profile_address=", customer_address));
  risk_flags.push_back(absl::StrCat("--credit_rating_address=", env->rating_->process().address()));
  risk_flags.push_back(
      absl::StrCat("--relationship_address=", env->relationship_->process().address()));
  risk_flags.push_back("--sweep_interval=1s");
  for (const std::string& flag : options.risk_flags) {
    risk_flags.push_back(flag);
  }
  env->risk_ = std::make_unique<ServiceUnderTest>(RISK_BINARY, risk_flags);
  RETURN_IF_ERROR(env->risk_->Start());

  // relationship-service again on the same port, now following risk-warning's alerts.
  env->relationship_->Stop();
  RETURN_IF_ERROR(env->relationship_->Start(
      {"--consume_alert_events=true",
       absl::StrCat("--risk_warning_address=", env->risk_->process().address())}));
  return env;
}

SuiteEnv::~SuiteEnv() {
  risk_.reset();
  relationship_.reset();
  rating_.reset();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  risk_db_.reset();
  relationship_db_.reset();
  rating_db_.reset();
  customer_profile_.reset();
}

std::unique_ptr<RiskStub> SuiteEnv::RiskClient() const {
  return v1::RiskWarning::NewStub(risk_->channel());
}
std::unique_ptr<CustomerStub> SuiteEnv::CustomerClient() const {
  return customer::v1::CustomerProfile::NewStub(grpc::CreateChannel(
      customer_profile_->process().address(), grpc::InsecureChannelCredentials()));
}
std::unique_ptr<RatingStub> SuiteEnv::RatingClient() const {
  return rating::v1::CreditRating::NewStub(rating_->channel());
}
std::unique_ptr<RelationshipStub> SuiteEnv::RelationshipClient() const {
  return relationship::v1::RelationshipService::NewStub(relationship_->channel());
}

std::string SuiteEnv::Token(const std::string& subject,
                            const std::vector<std::string>& roles) const {
  return customer_profile_->secrets().Token(subject, roles);
}

std::string SuiteEnv::TokenFor(const std::string& role) const {
  return Token("it-" + role, {role});
}

absl::StatusOr<std::vector<ccrm::common::v1::Event>> SuiteEnv::ReadRiskEvents(
    int64_t after_sequence) {
  auto feed = ccrm::common::v1::EventFeed::NewStub(risk_->channel());
  return testing::ReadEventFeed(*feed, Token("it-consumer", {roles::kService}), after_sequence);
}

bool Eventually(const std::function<bool()>& ready, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (!ready()) {
    if (absl::Now() > give_up) {
      return false;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return true;
}

void SharedSuiteServices::SetUp() {
  absl::StatusOr<std::unique_ptr<SuiteEnv>> env = SuiteEnv::Start(options_);
  ASSERT_TRUE(env.ok()) << "cannot start the four services: " << env.status();
  shared_env = env->release();
}

void SharedSuiteServices::TearDown() {
  delete shared_env;
  shared_env = nullptr;
}

SuiteEnv& SharedSuiteEnv() { return *shared_env; }

}  // namespace ccrm::risk::itest
