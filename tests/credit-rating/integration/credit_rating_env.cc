#include "tests/credit-rating/integration/credit_rating_env.h"

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"

namespace ccrm::rating::itest {
namespace {

CreditRatingEnv* shared_env = nullptr;

std::string BureauJson(const std::vector<BureauRecord>& records) {
  nlohmann::json reports = nlohmann::json::array();
  int n = 0;
  for (const BureauRecord& r : records) {
    auto cny = [](int64_t units) {
      return nlohmann::json{{"currency_code", "CNY"}, {"amount", std::to_string(units)}};
    };
    reports.push_back({{"unified_social_credit_code", r.unified_social_credit_code},
                       {"report_id", absl::StrCat("IT-", ++n)},
                       {"report_date", "2026-10-31"},
                       {"max_days_overdue_24m", r.max_days_overdue_24m},
                       {"current_overdue_amount", cny(r.current_overdue_cny)},
                       {"guarantees_given", cny(r.guarantees_given_cny)},
                       {"open_lawsuits", r.open_lawsuits},
                       {"other_bank_loans", cny(0)}});
  }
  return nlohmann::json{{"reports", reports}}.dump(2);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CreditRatingEnv>> CreditRatingEnv::Start(
    const RatingEnvOptions& options) {
  std::unique_ptr<CreditRatingEnv> env(new CreditRatingEnv());
  ASSIGN_OR_RETURN(env->customer_profile_,
                   customer::itest::CustomerProfileEnv::Start(customer::itest::EnvOptions{}));
  testing::MySqlTestDbOptions db_options;
  db_options.migrations_dir = CREDIT_RATING_MIGRATIONS_DIR;
  db_options.create_app_user = true;
  db_options.pool_size = 4;
  ASSIGN_OR_RETURN(env->db_, testing::MySqlTestDb::Create(db_options));
  ASSIGN_OR_RETURN(mysql::ConnectionOptions app, env->db_->app_options());

  env->dir_ = testing::MakeTempDir("ccrm-rating-it");
  const std::string password_file = env->dir_ + "/mysql.password";
  const std::string token_file = env->dir_ + "/service.token";
  const std::string bureau_file = env->dir_ + "/bureau.json";
  RETURN_IF_ERROR(testing::WriteSecretFile(password_file, app.password));
  RETURN_IF_ERROR(testing::WriteSecretFile(
      token_file, env->customer_profile_->secrets().Token("credit-rating", {roles::kService},
                                                          absl::Hours(24))));
  RETURN_IF_ERROR(testing::WriteSecretFile(bureau_file, BureauJson(options.bureau)));

  const std::vector<std::string> secret_flags = env->customer_profile_->secrets().ServiceFlags();
  env->flags_ = {
      "--listen=127.0.0.1:0",
      "--metrics_listen=127.0.0.1:0",
      absl::StrCat("--mysql_host=", app.host),
      absl::StrCat("--mysql_port=", app.port),
      absl::StrCat("--mysql_user=", app.user),
      absl::StrCat("--mysql_password_file=", password_file),
      absl::StrCat("--mysql_database=", app.database),
      absl::StrCat("--migrations_dir=", CREDIT_RATING_MIGRATIONS_DIR),
      "--worker_threads=4",
      absl::StrCat("--customer_profile_address=", env->customer_profile_->process().address()),
      absl::StrCat("--service_token_file=", token_file),
      absl::StrCat("--credit_bureau=file:", bureau_file),
      "--event_gap_grace=1s"};
  // Only the JWT flags of the shared secrets: credit-rating keeps no personal data to encrypt.
  for (const std::string& flag : secret_flags) {
    if (flag.rfind("--jwt_", 0) == 0) {
      env->flags_.push_back(flag);
    }
  }
  for (const std::string& flag : options.extra_flags) {
    env->flags_.push_back(flag);
  }
  ASSIGN_OR_RETURN(env->process_,
                   testing::ServiceProcess::Start(CREDIT_RATING_BINARY, env->flags_));
  RETURN_IF_ERROR(env->Connect());
  return env;
}

absl::Status CreditRatingEnv::Connect() {
  channel_ = grpc::CreateChannel(process_->address(), grpc::InsecureChannelCredentials());
  stub_ = v1::CreditRating::NewStub(channel_);
  event_feed_ = ccrm::common::v1::EventFeed::NewStub(channel_);
  return absl::OkStatus();
}

absl::Status CreditRatingEnv::Restart(const std::vector<std::string>& extra) {
  stub_.reset();
  event_feed_.reset();
  channel_.reset();
  process_->Stop();
  process_.reset();
  std::vector<std::string> flags = flags_;
  flags.insert(flags.end(), extra.begin(), extra.end());
  ASSIGN_OR_RETURN(process_, testing::ServiceProcess::Start(CREDIT_RATING_BINARY, flags));
  return Connect();
}

CreditRatingEnv::~CreditRatingEnv() {
  stub_.reset();
  event_feed_.reset();
  channel_.reset();
  if (process_ != nullptr) {
    process_->Stop();
  }
  process_.reset();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  db_.reset();
  customer_profile_.reset();
}

std::string CreditRatingEnv::Token(const std::string& subject,
                                   const std::vector<std::string>& roles) const {
  return customer_profile_->secrets().Token(subject, roles);
}

std::string CreditRatingEnv::TokenFor(const std::string& role) const {
  return Token("it-" + role, {role});
}

absl::StatusOr<std::vector<ccrm::common::v1::Event>> CreditRatingEnv::ReadEvents(
    int64_t after_sequence) {
  return testing::ReadEventFeed(*event_feed_, Token("it-consumer", {roles::kService}),
                                after_sequence);
}

void SharedRatingServices::SetUp() {
  absl::StatusOr<std::unique_ptr<CreditRatingEnv>> env = CreditRatingEnv::Start(options_);
  ASSERT_TRUE(env.ok()) << "cannot start customer-profile and credit-rating: " << env.status();
  shared_env = env->release();
}

void SharedRatingServices::TearDown() {
  delete shared_env;
  shared_env = nullptr;
}

CreditRatingEnv& SharedRatingEnv() { return *shared_env; }

}  // namespace ccrm::rating::itest
