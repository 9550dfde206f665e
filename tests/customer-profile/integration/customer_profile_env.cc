#include "tests/customer-profile/integration/customer_profile_env.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/mysql/sql_error.h"
#include "common/status/status_macros.h"

namespace ccrm::customer::itest {
namespace {

CustomerProfileEnv* shared_env = nullptr;

}  // namespace

absl::StatusOr<std::unique_ptr<CustomerProfileEnv>> CustomerProfileEnv::Start(
    const EnvOptions& options) {
  std::unique_ptr<CustomerProfileEnv> env(new CustomerProfileEnv());
  testing::MySqlTestDbOptions db_options;
  db_options.migrations_dir = CUSTOMER_PROFILE_MIGRATIONS_DIR;
  db_options.create_app_user = true;
  db_options.pool_size = 4;
  ASSIGN_OR_RETURN(env->db_, testing::MySqlTestDb::Create(db_options));
  ASSIGN_OR_RETURN(mysql::ConnectionOptions app, env->db_->app_options());

  env->secrets_ = testing::TestSecrets::Create();
  const std::string password_file = env->secrets_.dir() + "/mysql.password";
  RETURN_IF_ERROR(testing::WriteSecretFile(password_file, app.password));

  env->flags_ = {"--listen=127.0.0.1:0",
                 "--metrics_listen=127.0.0.1:0",
                 absl::StrCat("--mysql_host=", app.host),
                 absl::StrCat("--mysql_port=", app.port),
                 absl::StrCat("--mysql_user=", app.user),
                 absl::StrCat("--mysql_password_file=", password_file),
                 absl::StrCat("--mysql_database=", app.database),
                 absl::StrCat("--migrations_dir=", CUSTOMER_PROFILE_MIGRATIONS_DIR),
                 "--worker_threads=4"};
  for (const std::string& flag : env->secrets_.ServiceFlags()) {
    env->flags_.push_back(flag);
  }
  for (const std::string& flag : options.extra_flags) {
    env->flags_.push_back(flag);
  }
  ASSIGN_OR_RETURN(env->process_,
                   testing::ServiceProcess::Start(CUSTOMER_PROFILE_BINARY, env->flags_));

  env->channel_ = grpc::CreateChannel(env->process_->address(), grpc::InsecureChannelCredentials());
  env->stub_ = v1::CustomerProfile::NewStub(env->channel_);
  env->event_feed_ = ccrm::common::v1::EventFeed::NewStub(env->channel_);
  env->health_ = grpc::health::v1::Health::NewStub(env->channel_);
  return env;
}

CustomerProfileEnv::~CustomerProfileEnv() {
  health_.reset();
  event_feed_.reset();
  stub_.reset();
  channel_.reset();
  if (process_ != nullptr) {
    process_->Stop();
  }
  process_.reset();
  // The keys and the database password are not left behind in /tmp.
  if (!secrets_.dir().empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(secrets_.dir(), ignored);
  }
}

std::string CustomerProfileEnv::Token(const std::string& subject,
                                      const std::vector<std::string>& roles) const {
  return secrets_.Token(subject, roles);
}

std::string CustomerProfileEnv::TokenFor(const std::string& role) const {
  return Token(SubjectFor(role), {role});
}

std::string CustomerProfileEnv::SubjectFor(const std::string& role) { return "it-" + role; }

absl::StatusOr<std::vector<ccrm::common::v1::Event>> CustomerProfileEnv::ReadEvents(
    const std::string& token, int64_t after_sequence, const std::vector<std::string>& event_types) {
  return testing::ReadEventFeed(*event_feed_, token, after_sequence, event_types);
}

void SharedService::SetUp() {
  absl::StatusOr<std::unique_ptr<CustomerProfileEnv>> env = CustomerProfileEnv::Start(options_);
  ASSERT_TRUE(env.ok()) << "cannot start the customer-profile service: " << env.status();
  shared_env = env->release();
}

void SharedService::TearDown() {
  delete shared_env;
  shared_env = nullptr;
}

CustomerProfileEnv& SharedEnv() {
  if (shared_env == nullptr) {
    std::fprintf(stderr, "SharedEnv() used without a running SharedService\n");
    std::abort();
  }
  return *shared_env;
}

absl::StatusOr<std::string> DumpAllTables(testing::MySqlTestDb& db) {
  ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease, db.admin_pool().Acquire());
  try {
    std::vector<std::string> tables;
    {
      std::unique_ptr<sql::ResultSet> rs(
          lease
              ->Prepare("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = DATABASE() ORDER BY table_name")
              .executeQuery());
      while (rs->next()) {
        tables.push_back(rs->getString(1).asStdString());
      }
    }
    std::string dump;
    for (const std::string& table : tables) {
      std::unique_ptr<sql::ResultSet> rs(
          lease->Prepare(absl::StrCat("SELECT * FROM `", table, "`")).executeQuery());
      sql::ResultSetMetaData* meta = rs->getMetaData();
      const unsigned int columns = meta->getColumnCount();
      while (rs->next()) {
        for (unsigned int i = 1; i <= columns; ++i) {
          if (rs->isNull(i)) {
            continue;
          }
          absl::StrAppend(&dump, table, ".", meta->getColumnLabel(i).asStdString(), "=",
                          rs->getString(i).asStdString(), "\n");
        }
      }
    }
    lease->Commit();
    return dump;
  } catch (const sql::SQLException& e) {
    lease->RollbackQuietly();
    return mysql::SqlErrorToStatus(e);
  }
}

}  // namespace ccrm::customer::itest
