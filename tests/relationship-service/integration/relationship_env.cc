#include "tests/relationship-service/integration/relationship_env.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/events/outbox.h"
#include "common/ids/uuid.h"
#include "common/mysql/transaction.h"
#include "common/status/status_macros.h"

namespace ccrm::relationship::itest {
namespace {

RelationshipEnv* shared_env = nullptr;

absl::StatusOr<std::unique_ptr<testing::MySqlTestDb>> NewDb(bool app_user) {
  testing::MySqlTestDbOptions options;
  options.migrations_dir = RELATIONSHIP_MIGRATIONS_DIR;
  options.create_app_user = app_user;
  options.pool_size = 4;
  return testing::MySqlTestDb::Create(options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<AlertFeed>> AlertFeed::Start(const testing::TestSecrets& secrets) {
  std::unique_ptr<AlertFeed> feed(new AlertFeed());
  // Any schema with an outbox will do: relationship-service's own migrations have one.
  ASSIGN_OR_RETURN(feed->db_, NewDb(/*app_user=*/false));
  JwtVerifierOptions options;
  options.issuer = testing::kTestIssuer;
  options.audience = testing::kTestAudience;
  options.keys.push_back(JwtKey{"", JwtAlgorithm::kHs256, secrets.jwt_key()});
  ASSIGN_OR_RETURN(std::unique_ptr<JwtVerifier> verifier,
                   JwtVerifier::Create(std::move(options), &SystemClock::Get()));
  feed->verifier_ = std::move(verifier);
  feed->permissions_.Allow(
      absl::StrCat("/", ccrm::common::v1::EventFeed::service_full_name(), "/StreamEvents"),
      {roles::kService});
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  config.worker_threads = 4;
  feed->runner_ = std::make_unique<ServerRunner>(
      config,
      ServerDeps{feed->verifier_.get(), &feed->permissions_, &feed->metrics_, &SystemClock::Get()});
  feed->outbox_ =
      std::make_unique<events::OutboxReader>(&feed->db_->admin_pool(), absl::Seconds(1));
  feed->feed_ = std::make_unique<events::EventFeedService>("risk-warning", feed->outbox_.get(),
                                                           &feed->runner_->worker_pool(),
                                                           &feed->runner_->call_registry());
  feed->runner_->AddService(feed->feed_.get());
  RETURN_IF_ERROR(feed->runner_->Start());
  return feed;
}

AlertFeed::~AlertFeed() {
  if (runner_ != nullptr) {
    runner_->Shutdown();
  }
  runner_.reset();
  feed_.reset();
  outbox_.reset();
  db_.reset();
}

std::string AlertFeed::address() const { return absl::StrCat("127.0.0.1:", runner_->port()); }

absl::StatusOr<std::string> AlertFeed::Publish(const risk::v1::AlertRaised& alert) {
  const absl::Time now = absl::Now();
  const std::string event_id = NewUuidV7(now);
  RETURN_IF_ERROR(mysql::RunInTransaction(
      db_->admin_pool(), mysql::TxOptions{}, [&](mysql::Session& session) -> absl::Status {
        events::AppendToOutbox(
            session, events::OutboxEvent{event_id, "ccrm.risk.v1.AlertRaised", alert.alert(),
                                         "it-risk-warning", alert.SerializeAsString(), now});
        return absl::OkStatus();
      }));
  return event_id;
}

absl::StatusOr<std::unique_ptr<RelationshipEnv>> RelationshipEnv::Start(
    const RelationshipEnvOptions& options) {
  std::unique_ptr<RelationshipEnv> env(new RelationshipEnv());
  ASSIGN_OR_RETURN(env->customer_profile_,
                   customer::itest::CustomerProfileEnv::Start(
                       customer::itest::EnvOptions{{"--event_gap_grace=1s"}}));
  ASSIGN_OR_RETURN(env->alerts_, AlertFeed::Start(env->customer_profile_->secrets()));
  ASSIGN_OR_RETURN(env->db_, NewDb(/*app_user=*/true));
  ASSIGN_OR_RETURN(mysql::ConnectionOptions app, env->db_->app_options());

  env->dir_ = testing::MakeTempDir("ccrm-relationship-it");
  const std::string password_file = env->dir_ + "/mysql.password";
  const std::string token_file = env->dir_ + "/service.token";
  RETURN_IF_ERROR(testing::WriteSecretFile(password_file, app.password));
  RETURN_IF_ERROR(testing::WriteSecretFile(
      token_file, env->customer_profile_->secrets().Token("relationship-service", {roles::kService},
                                                          absl::Hours(24))));
  env->flags_ = {
      "--listen=127.0.0.1:0",
      "--metrics_listen=127.0.0.1:0",
      absl::StrCat("--mysql_host=", app.host),
      absl::StrCat("--mysql_port=", app.port),
      absl::StrCat("--mysql_user=", app.user),
      absl::StrCat("--mysql_password_file=", password_file),
      absl::StrCat("--mysql_database=", app.database),
      absl::StrCat("--migrations_dir=", RELATIONSHIP_MIGRATIONS_DIR),
      "--worker_threads=4",
      absl::StrCat("--customer_profile_address=", env->customer_profile_->process().address()),
      absl::StrCat("--risk_warning_address=", env->alerts_->address()),
      absl::StrCat("--service_token_file=", token_file),
      "--sweep_interval=1s",
      "--event_gap_grace=1s"};
  // Only the JWT flags of the shared secrets: relationship-service keeps no field-encrypted data.
  for (const std::string& flag : env->customer_profile_->secrets().ServiceFlags()) {
    if (flag.rfind("--jwt_", 0) == 0) {
      env->flags_.push_back(flag);
    }
  }
  for (const std::string& flag : options.extra_flags) {
    env->flags_.push_back(flag);
  }
  RETURN_IF_ERROR(env->Start());
  return env;
}

absl::Status RelationshipEnv::Start() {
  ASSIGN_OR_RETURN(process_, testing::ServiceProcess::Start(RELATIONSHIP_BINARY, flags_));
  channel_ = grpc::CreateChannel(process_->address(), grpc::InsecureChannelCredentials());
  stub_ = v1::RelationshipService::NewStub(channel_);
  event_feed_ = ccrm::common::v1::EventFeed::NewStub(channel_);
  return absl::OkStatus();
}

absl::Status RelationshipEnv::Stop() {
  stub_.reset();
  event_feed_.reset();
  channel_.reset();
  if (process_ != nullptr) {
    process_->Stop();
  }
  process_.reset();
  return absl::OkStatus();
}

RelationshipEnv::~RelationshipEnv() {
  Stop().IgnoreError();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  db_.reset();
  alerts_.reset();
  customer_profile_.reset();
}

std::string RelationshipEnv::Token(const std::string& subject,
                                   const std::vector<std::string>& roles) const {
  return customer_profile_->secrets().Token(subject, roles);
}

std::string RelationshipEnv::TokenFor(const std::string& role) const {
  return Token("it-" + role, {role});
}

absl::StatusOr<std::string> RelationshipEnv::CreateCustomer(
    const customer::v1::Customer& customer) {
  customer::v1::CreateCustomerRequest request;
  *request.mutable_customer() = customer;
  ASSIGN_OR_RETURN(customer::v1::Customer created,
                   customer_profile_->Call(&CustomerStub::CreateCustomer,
                                           TokenFor(roles::kRelationshipManager), request));
  return created.customer_id();
}

absl::StatusOr<std::vector<ccrm::common::v1::Event>> RelationshipEnv::ReadEvents(
    int64_t after_sequence) {
  return testing::ReadEventFeed(*event_feed_, Token("it-consumer", {roles::kService}),
                                after_sequence);
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

void SharedRelationshipServices::SetUp() {
  absl::StatusOr<std::unique_ptr<RelationshipEnv>> env = RelationshipEnv::Start(options_);
  ASSERT_TRUE(env.ok()) << "cannot start customer-profile and relationship-service: "
                        << env.status();
  shared_env = env->release();
}

void SharedRelationshipServices::TearDown() {
  delete shared_env;
  shared_env = nullptr;
}

RelationshipEnv& SharedRelationshipEnv() { return *shared_env; }

}  // namespace ccrm::relationship::itest
