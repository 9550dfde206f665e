// Tests of TLS to the database against real servers: a MariaDB with TLS that tls_mariadb.sh
// starts for this suite (its own certificates, port and accounts), and tests/run.sh's server,
// which has no TLS. Each case goes the way a service goes: MySqlConfig (validated) →
// ConnectionOptionsFromConfig → ConnectionPool::Create, and the migrator through
// OpenServiceDatabase. Whatever the failure, a configured CA must never end in a plaintext session.
#include <cppconn/resultset.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "common/mysql/connection_pool.h"
#include "common/server/bootstrap.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm::mysql {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kScript[] = CCRM_TLS_MARIADB_SCRIPT;
constexpr char kSchema[] = "ccrm_tls";
// Accounts tls_mariadb.sh creates on its server.
constexpr char kRequireSslUser[] = "ccrm_tls_svc";
constexpr char kRequireX509User[] = "ccrm_x509_svc";
constexpr char kOpenUser[] = "ccrm_open_svc";

// The TLS server of this suite, as tls_mariadb.sh left it in `dir`.
struct TlsServer {
  std::string dir;
  int port = 0;
  std::string start_error;

  std::string Cert(const std::string& file) const { return dir + "/certs/" + file; }
  std::string PasswordFile(const std::string& user) const {
    return dir + "/secrets/" + user + ".password";
  }
};

struct ScriptResult {
  int exit_code = -1;
  std::string output;
};

std::string ShellQuote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// Runs tls_mariadb.sh with `args` and waits for it. The server and the watchdog it starts hold
// none of its output, so the pipe closes when the script ends.
ScriptResult RunScript(const std::vector<std::string>& args) {
  std::string command = "/bin/bash " + ShellQuote(kScript);
  for (const std::string& arg : args) {
    command += " " + ShellQuote(arg);
  }
  command += " 2>&1";
  ScriptResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    result.output = "popen failed";
    return result;
  }
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.output.append(buffer, n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The session's TLS cipher, "" when the session is plaintext.
std::string SslCipher(Session& session) {
  std::unique_ptr<sql::ResultSet> rs(
      session.Prepare("SHOW SESSION STATUS LIKE 'Ssl_cipher'").executeQuery());
  EXPECT_TRUE(rs->next());
  return std::string(rs->getString(2));
}

// Opens a pool as a service's start-up does: the config must validate, then options, then Create.
absl::StatusOr<std::unique_ptr<ConnectionPool>> OpenPool(const MySqlConfig& config) {
  RETURN_IF_ERROR(config.Validate());
  ASSIGN_OR_RETURN(ConnectionOptions options, ConnectionOptionsFromConfig(config));
  return ConnectionPool::Create(std::move(options), config.pool_size);
}

class MySqlTlsDbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TlsServer();
    char dir[] = "/tmp/ccrm-tls-db-XXXXXX";
    if (mkdtemp(dir) == nullptr) {
      server_->start_error = "mkdtemp failed";
      return;
    }
    server_->dir = dir;
    ScriptResult started =
        RunScript({"start", server_->dir, std::to_string(static_cast<int>(getpid()))});
    if (started.exit_code != 0) {
      server_->start_error = absl::StrCat("tls_mariadb.sh start failed (exit ", started.exit_code,
                                          "):\n", started.output);
      return;
    }
    const std::string port(absl::StripAsciiWhitespace(ReadWholeFile(server_->dir + "/port")));
    if (!absl::SimpleAtoi(port, &server_->port)) {
      server_->start_error = absl::StrCat("tls_mariadb.sh wrote no port: \"", port, "\"");
    }
  }

  static void TearDownTestSuite() {
    if (!server_->dir.empty()) {
      ScriptResult stopped = RunScript({"stop", server_->dir});
      EXPECT_EQ(stopped.exit_code, 0) << stopped.output;
    }
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override { ASSERT_EQ(server_->start_error, "") << server_->start_error; }

  // A complete, valid config for `user` on the TLS server, with TLS off until a test sets it.
  static MySqlConfig ConfigFor(const std::string& user) {
    MySqlConfig config;
    config.host = "127.0.0.1";
    config.port = server_->port;
    config.user = user;
    config.password_file = server_->PasswordFile(user);
    config.database = kSchema;
    config.migrations_dir = server_->dir;
    config.pool_size = 2;
    return config;
  }

  // Serves certs/`name`.pem until destroyed, then the right certificate again.
  class ServedCertificate final {
   public:
    explicit ServedCertificate(const std::string& name) { Use(name); }
    ~ServedCertificate() { Use("server"); }

   private:
    static void Use(const std::string& name) {
      ScriptResult r = RunScript({"use-cert", server_->dir, name});
      EXPECT_EQ(r.exit_code, 0) << r.output;
    }
  };

  static TlsServer* server_;
};

TlsServer* MySqlTlsDbTest::server_ = nullptr;

// Case 1, configured as in a pod (every setting from CCRM_* variables): each session of the pool
// is encrypted, not only the first one Create opens.
TEST_F(MySqlTlsDbTest, RequireSslAccountConnectsOverTlsWithTheCaFile) {
  const std::map<std::string, std::string> env = {
      {"CCRM_MYSQL_HOST", "127.0.0.1"},
      {"CCRM_MYSQL_PORT", std::to_string(server_->port)},
      {"CCRM_MYSQL_USER", kRequireSslUser},
      {"CCRM_MYSQL_PASSWORD_FILE", server_->PasswordFile(kRequireSslUser)},
      {"CCRM_MYSQL_DATABASE", kSchema},
      {"CCRM_MYSQL_POOL_SIZE", "2"},
      {"CCRM_MIGRATIONS_DIR", server_->dir},
      {"CCRM_MYSQL_TLS_CA_FILE", server_->Cert("ca.pem")},
  };
  MySqlConfig config;
  FlagSet flags("mysql-tls-test");
  config.Bind(flags);
  const char* const argv[] = {"mysql-tls-test"};
  ASSERT_OK(flags.Parse(1, argv, [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  }));
  ASSERT_EQ(config.tls_ca_file, server_->Cert("ca.pem"));

  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> pool, OpenPool(config));
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease first, pool->Acquire());
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease second, pool->Acquire());
  EXPECT_EQ(pool->stats().open, 2);
  EXPECT_NE(SslCipher(*first), "");
  EXPECT_NE(SslCipher(*second), "");
}

// Case 2: the server refuses the REQUIRE SSL account over plaintext (so case 1 proves TLS).
TEST_F(MySqlTlsDbTest, RequireSslAccountWithoutTlsIsRefused) {
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = OpenPool(ConfigFor(kRequireSslUser));
  EXPECT_THAT(pool, StatusIs(absl::StatusCode::kPermissionDenied,
                             HasSubstr("Access denied for user 'ccrm_tls_svc'@'127.0.0.1'")));
  EXPECT_EQ(ErrorReason(pool.status()), "DATABASE_ACCESS_DENIED");
}

// Case 3, with an account the server would also accept in plaintext, so that a silent fallback
// to plaintext would show as a successful connection.
TEST_F(MySqlTlsDbTest, CaThatDidNotSignTheServerCertificateFails) {
  MySqlConfig config = ConfigFor(kOpenUser);
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> plaintext, OpenPool(config));
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease lease, plaintext->Acquire());
    ASSERT_EQ(SslCipher(*lease), "") << "the open account must be usable without TLS";
  }
  config.tls_ca_file = server_->Cert("other-ca.pem");
  for (const char* user : {kOpenUser, kRequireSslUser}) {
    SCOPED_TRACE(user);
    config.user = user;
    config.password_file = server_->PasswordFile(user);
    absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = OpenPool(config);
    EXPECT_THAT(pool, StatusIs(absl::StatusCode::kUnavailable,
                               AllOf(HasSubstr("TLS to the database failed"),
                                     HasSubstr("self-signed certificate in certificate chain"))));
    EXPECT_EQ(ErrorReason(pool.status()), "DATABASE_TLS_FAILED");
  }
}

// Case 4: libmariadb checks the host name (or IP) against the certificate when asked to
// (sslVerify); the wrong-name certificate is signed by the right CA, so only that check fails it.
TEST_F(MySqlTlsDbTest, ServerCertificateForAnotherNameFails) {
  MySqlConfig config = ConfigFor(kOpenUser);
  config.tls_ca_file = server_->Cert("ca.pem");
  {
    ServedCertificate wrong_name("wrong-name");
    for (const char* host : {"127.0.0.1", "localhost"}) {
      SCOPED_TRACE(host);
      config.host = host;
      absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = OpenPool(config);
      EXPECT_THAT(pool, StatusIs(absl::StatusCode::kUnavailable,
                                 HasSubstr("Validation of SSL server certificate failed")));
      EXPECT_EQ(ErrorReason(pool.status()), "DATABASE_TLS_FAILED");
    }
  }
  // The right certificate names both, as a DNS name and as an IP address.
  for (const char* host : {"127.0.0.1", "localhost"}) {
    SCOPED_TRACE(host);
    config.host = host;
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> pool, OpenPool(config));
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease lease, pool->Acquire());
    EXPECT_NE(SslCipher(*lease), "");
  }
}

// Case 5: a REQUIRE X509 account gets in with the client certificate and key, not without.
TEST_F(MySqlTlsDbTest, X509AccountNeedsTheClientCertificate) {
  MySqlConfig config = ConfigFor(kRequireX509User);
  config.tls_ca_file = server_->Cert("ca.pem");
  absl::StatusOr<std::unique_ptr<ConnectionPool>> without = OpenPool(config);
  EXPECT_THAT(without, StatusIs(absl::StatusCode::kPermissionDenied,
                                HasSubstr("Access denied for user 'ccrm_x509_svc'@'127.0.0.1'")));

  config.tls_cert_file = server_->Cert("client.pem");
  config.tls_key_file = server_->Cert("client.key");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> pool, OpenPool(config));
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease lease, pool->Acquire());
  EXPECT_NE(SslCipher(*lease), "");
}

// A server that offers no TLS at all (tests/run.sh's) is refused, never used in plaintext,
// although the same account logs in there over plaintext.
TEST_F(MySqlTlsDbTest, ServerWithoutTlsIsRefusedNotUsedInPlaintext) {
  ASSERT_OK_AND_ASSIGN(ConnectionOptions options, ::ccrm::testing::TestMySqlAdminOptionsFromEnv());
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> plaintext,
                         ConnectionPool::Create(options, 1));
    ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease lease, plaintext->Acquire());
    std::unique_ptr<sql::ResultSet> rs(lease->Prepare("SELECT @@have_ssl").executeQuery());
    ASSERT_TRUE(rs->next());
    ASSERT_NE(std::string(rs->getString(1)), "YES") << "tests/run.sh's server must have no TLS";
  }
  options.tls_ca_file = server_->Cert("ca.pem");
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Create(options, 1);
  EXPECT_THAT(pool, StatusIs(absl::StatusCode::kUnavailable,
                             HasSubstr("SSL is required, but the server does not support it")));
  EXPECT_EQ(ErrorReason(pool.status()), "DATABASE_TLS_FAILED");
}

// The migrator (--migrate_only) opens its session from the same MySqlConfig, so TLS applies to
// it: as a REQUIRE SSL account it migrates with the CA file and is refused without it.
TEST_F(MySqlTlsDbTest, MigratorConnectsOverTls) {
  // Inside the server's directory, which tls_mariadb.sh stop removes.
  const std::string migrations = server_->dir + "/migrations";
  ASSERT_TRUE(std::filesystem::create_directory(migrations));
  std::ofstream(migrations + "/001_tls_probe.sql")
      << "CREATE TABLE IF NOT EXISTS tls_probe (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n";
  MySqlConfig config = ConfigFor(kRequireSslUser);
  config.migrations_dir = migrations;
  config.migrate_only = true;

  EXPECT_THAT(OpenServiceDatabase(config, absl::ZeroDuration()),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("Access denied")));
  config.tls_ca_file = server_->Cert("other-ca.pem");
  absl::StatusOr<std::unique_ptr<ConnectionPool>> refused =
      OpenServiceDatabase(config, absl::ZeroDuration());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(ErrorReason(refused.status()), "DATABASE_TLS_FAILED");

  config.tls_ca_file = server_->Cert("ca.pem");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> none,
                       OpenServiceDatabase(config, absl::ZeroDuration()));
  EXPECT_EQ(none, nullptr);

  config.migrate_only = false;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> pool, OpenPool(config));
  ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease lease, pool->Acquire());
  std::unique_ptr<sql::ResultSet> rs(
      lease->Prepare("SELECT COUNT(*) FROM schema_migrations WHERE version = 1").executeQuery());
  ASSERT_TRUE(rs->next());
  EXPECT_EQ(rs->getInt(1), 1);
}

}  // namespace
}  // namespace ccrm::mysql
