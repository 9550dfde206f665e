// Each service's database user, as the local stack provisions it (deploy/local/lib/mariadb.sh:
// mariadb_start, mariadb_provision), on a private MariaDB: its own schema's tables may be read
// and written; every other ccrm schema, the system tables, DDL, GRANT and server-wide privileges
// are refused with the exact MariaDB error; SHOW DATABASES lists only its own schema. Then the
// four real binaries, migrated by ccrm_migrator, serve real reads and writes as those users: the
// least privileges are enough, and no log line reports a refused statement.
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/auth/principal.h"
#include "common/mysql/connection_pool.h"
#include "common/status/status_macros.h"
#include "common/testing/service_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_secrets.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/fault/access/access_findings.h"
#include "tests/fault/access/customer_journey.h"

namespace ccrm::access_itest {
namespace {

using ::testing::UnorderedElementsAre;

// MariaDB's error numbers for the refusals (include/mysqld_error.h).
constexpr int kTableAccessDenied = 1142;     // ER_TABLEACCESS_DENIED_ERROR
constexpr int kDbAccessDenied = 1044;        // ER_DBACCESS_DENIED_ERROR
constexpr int kSpecificAccessDenied = 1227;  // ER_SPECIFIC_ACCESS_DENIED_ERROR
constexpr int kOk = 0;

struct ServiceSchema {
  const char* service;
  const char* schema;
  const char* binary;
  const char* migrations_dir;
};

const ServiceSchema kServices[] = {
    {"customer-profile", "ccrm_customer", CUSTOMER_PROFILE_BINARY, CUSTOMER_PROFILE_MIGRATIONS_DIR},
    {"credit-rating", "ccrm_rating", CREDIT_RATING_BINARY, CREDIT_RATING_MIGRATIONS_DIR},
    {"relationship-service", "ccrm_relationship", RELATIONSHIP_BINARY, RELATIONSHIP_MIGRATIONS_DIR},
    {"risk-warning", "ccrm_risk", RISK_BINARY, RISK_MIGRATIONS_DIR},
};

std::string ServiceUser(const ServiceSchema& s) { return absl::StrCat(s.schema, "_svc"); }

// One table of a schema and a column of it, for statements that name one.
struct TableRef {
  std::string schema;
  std::string table;
  std::string column;
  std::string Qualified() const { return absl::StrCat("`", schema, "`.`", table, "`"); }
};

// The private server, the migrated schemas and their tables; shared by the suite's tests.
struct PrivateServer {
  std::string dir;
  int port = 0;
  testing::TestSecrets secrets;
  std::map<std::string, std::vector<TableRef>> tables;  // by schema
  absl::Status ready = absl::UnknownError("not started");

  std::string PasswordFile(const std::string& user) const {
    return absl::StrCat(dir, "/secrets/", user, ".password");
  }

  // The database flags of `s` connecting as `user`.
  std::vector<std::string> DbFlags(const ServiceSchema& s, const std::string& user) const {
    return {"--mysql_host=127.0.0.1",
            absl::StrCat("--mysql_port=", port),
            absl::StrCat("--mysql_user=", user),
            absl::StrCat("--mysql_password_file=", PasswordFile(user)),
            absl::StrCat("--mysql_database=", s.schema),
            absl::StrCat("--migrations_dir=", s.migrations_dir)};
  }

  absl::StatusOr<std::unique_ptr<mysql::ConnectionPool>> Connect(const std::string& user,
                                                                 const std::string& schema) const {
    mysql::ConnectionOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.user = user;
    options.database = schema;
    std::ifstream in(PasswordFile(user));
    std::getline(in, options.password);
    return mysql::ConnectionPool::Create(options, 1);
  }
};

PrivateServer* server = nullptr;

// Runs one statement (consuming any result) and returns 0, or the MariaDB error number it failed
// with; -1 when no session could be had.
int RunSql(mysql::ConnectionPool& pool, const std::string& sql) {
  absl::StatusOr<mysql::ConnectionPool::Lease> lease = pool.Acquire();
  if (!lease.ok()) {
    return -1;
  }
  try {
    std::unique_ptr<sql::Statement> statement((*lease)->connection().createStatement());
    if (statement->execute(sql)) {
      std::unique_ptr<sql::ResultSet> rows(statement->getResultSet());
      while (rows->next()) {
      }
    }
    (*lease)->RollbackQuietly();
    return kOk;
  } catch (const sql::SQLException& e) {
    (*lease)->RollbackQuietly();
    return e.getErrorCode();
  }
}

// The first column of every row `sql` selects.
absl::StatusOr<std::vector<std::string>> QueryColumn(mysql::ConnectionPool& pool,
                                                     const std::string& sql) {
  ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease, pool.Acquire());
  std::vector<std::string> values;
  try {
    std::unique_ptr<sql::Statement> statement(lease->connection().createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(sql));
    while (rows->next()) {
      values.push_back(rows->getString(1).asStdString());
    }
    lease->RollbackQuietly();
  } catch (const sql::SQLException& e) {
    lease->RollbackQuietly();
    return absl::InternalError(absl::StrCat(sql, ": ", e.what()));
  }
  return values;
}

absl::Status StartServer() {
  server->dir = testing::MakeTempDir("ccrm-acc.");
  if (server->dir.empty()) {
    return absl::InternalError("cannot make a temp dir");
  }
  const testing::CommandResult started = testing::RunCommand(
      "/bin/bash", {ACCESS_PRIVATE_MARIADB_SCRIPT, "start", server->dir, absl::StrCat(getpid())});
  if (started.exit_code != 0) {
    return absl::InternalError(absl::StrCat("private_mariadb.sh start failed: ", started.output));
  }
  for (absl::string_view line : absl::StrSplit(started.output, '\n')) {
    if (absl::ConsumePrefix(&line, "port=") && absl::SimpleAtoi(line, &server->port)) {
      break;
    }
  }
  if (server->port == 0) {
    return absl::InternalError(absl::StrCat("no port from private_mariadb.sh: ", started.output));
  }
  server->secrets = testing::TestSecrets::Create();

  // Migrations as ccrm_migrator, as deploy/local/up.sh and tests/bench/run.sh apply them.
  for (const ServiceSchema& s : kServices) {
    std::vector<std::string> flags = server->DbFlags(s, "ccrm_migrator");
    flags.push_back("--migrate_only");
    const testing::CommandResult migrated = testing::RunCommand(s.binary, flags);
    Findings().RecordMigration(s.service, migrated.exit_code == 0);
    if (migrated.exit_code != 0) {
      return absl::InternalError(
          absl::StrCat(s.service, " --migrate_only failed: ", migrated.output));
    }
  }

  // Every table of the four schemas with its first column, as the migrator sees them.
  ASSIGN_OR_RETURN(std::unique_ptr<mysql::ConnectionPool> migrator,
                   server->Connect("ccrm_migrator", "ccrm_customer"));
  ASSIGN_OR_RETURN(
      std::vector<std::string> rows,
      QueryColumn(*migrator,
                  "SELECT CONCAT(table_schema, '.', table_name, '.', column_name) "
                  "FROM information_schema.columns WHERE ordinal_position = 1 AND table_schema IN "
                  "('ccrm_customer', 'ccrm_rating', 'ccrm_relationship', 'ccrm_risk') "
                  "ORDER BY table_schema, table_name"));
  for (const std::string& row : rows) {
    std::vector<std::string> parts = absl::StrSplit(row, '.');
    server->tables[parts[0]].push_back(TableRef{parts[0], parts[1], parts[2]});
  }
  for (const ServiceSchema& s : kServices) {
    if (server->tables[s.schema].empty()) {
      return absl::InternalError(absl::StrCat(s.schema, " has no tables after its migrations"));
    }
  }
  return absl::OkStatus();
}

class DbGrantsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new PrivateServer();
    server->ready = StartServer();
  }

  static void TearDownTestSuite() {
    if (server->port != 0) {
      testing::RunCommand("/bin/bash", {ACCESS_PRIVATE_MARIADB_SCRIPT, "stop", server->dir});
    }
    std::error_code ignored;
    if (!server->dir.empty()) {
      std::filesystem::remove_all(server->dir, ignored);
    }
    if (!server->secrets.dir().empty()) {
      std::filesystem::remove_all(server->secrets.dir(), ignored);
    }
    delete server;
    server = nullptr;
  }

  void SetUp() override { ASSERT_OK(server->ready); }

  // Runs `sql` as `user` and expects `code` (0: success); counted for the report.
  static void Expect(mysql::ConnectionPool& pool, const std::string& user, const std::string& sql,
                     int code) {
    const int got = RunSql(pool, sql);
    Findings().RecordGrantCheck(user, code != kOk, got == code);
    EXPECT_EQ(got, code) << user << ": " << sql;
  }
};

TEST_F(DbGrantsTest, EachServiceUserReadsAndWritesEveryTableOfItsOwnSchema) {
  for (const ServiceSchema& s : kServices) {
    const std::string user = ServiceUser(s);
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> pool,
                         server->Connect(user, s.schema));
    for (const TableRef& t : server->tables[s.schema]) {
      const std::string table = t.Qualified();
      const std::string column = absl::StrCat("`", t.column, "`");
      // The writes change no row: the privilege is checked before the statement runs.
      Expect(*pool, user, absl::StrCat("SELECT COUNT(*) FROM ", table), kOk);
      Expect(*pool, user,
             absl::StrCat("INSERT INTO ", table, " SELECT * FROM ", table, " WHERE 1 = 0"), kOk);
      Expect(*pool, user,
             absl::StrCat("UPDATE ", table, " SET ", column, " = ", column, " WHERE 1 = 0"), kOk);
      Expect(*pool, user, absl::StrCat("DELETE FROM ", table, " WHERE 1 = 0"), kOk);
    }
  }
}

TEST_F(DbGrantsTest, EachServiceUserIsRefusedEveryOtherSchema) {
  for (const ServiceSchema& s : kServices) {
    const std::string user = ServiceUser(s);
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> pool,
                         server->Connect(user, s.schema));
    for (const ServiceSchema& other : kServices) {
      if (&other == &s) {
        continue;
      }
      for (const TableRef& t : server->tables[other.schema]) {
        const std::string table = t.Qualified();
        const std::string column = absl::StrCat("`", t.column, "`");
        Expect(*pool, user, absl::StrCat("SELECT * FROM ", table, " LIMIT 1"), kTableAccessDenied);
        Expect(*pool, user,
               absl::StrCat("INSERT INTO ", table, " SELECT * FROM ", table, " WHERE 1 = 0"),
               kTableAccessDenied);
        Expect(*pool, user,
               absl::StrCat("UPDATE ", table, " SET ", column, " = ", column, " WHERE 1 = 0"),
               kTableAccessDenied);
        Expect(*pool, user, absl::StrCat("DELETE FROM ", table, " WHERE 1 = 0"),
               kTableAccessDenied);
      }
      // A table that does not exist is refused the same way: no probing for names.
      Expect(*pool, user, absl::StrCat("SELECT * FROM `", other.schema, "`.`no_such_table`"),
             kTableAccessDenied);
      Expect(*pool, user, absl::StrCat("USE `", other.schema, "`"), kDbAccessDenied);
      Expect(*pool, user, absl::StrCat("SHOW TABLES FROM `", other.schema, "`"), kDbAccessDenied);
    }
  }
}

TEST_F(DbGrantsTest, EachServiceUserHasNoDdlNoGrantAndNoSystemTables) {
  for (const ServiceSchema& s : kServices) {
    const std::string user = ServiceUser(s);
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> pool,
                         server->Connect(user, s.schema));
    const TableRef& own = server->tables[s.schema].front();
    const std::string table = own.Qualified();
    const std::string schema = absl::StrCat("`", s.schema, "`");
    // The system tables.
    Expect(*pool, user, "SELECT * FROM mysql.user", kTableAccessDenied);
    Expect(*pool, user, "SELECT * FROM mysql.global_priv", kTableAccessDenied);
    Expect(*pool, user, "SELECT * FROM mysql.db", kTableAccessDenied);
    // DDL is the migrator's, in its own schema too.
    Expect(*pool, user, absl::StrCat("CREATE TABLE ", schema, ".access_probe (id INT)"),
           kTableAccessDenied);
    Expect(*pool, user, absl::StrCat("DROP TABLE ", table), kTableAccessDenied);
    Expect(*pool, user, absl::StrCat("ALTER TABLE ", table, " ADD COLUMN access_probe INT"),
           kTableAccessDenied);
    Expect(*pool, user,
           absl::StrCat("CREATE INDEX ix_access_probe ON ", table, " (`", own.column, "`)"),
           kTableAccessDenied);
    Expect(*pool, user, absl::StrCat("TRUNCATE TABLE ", table), kTableAccessDenied);
    Expect(*pool, user, absl::StrCat("CREATE VIEW ", schema, ".access_probe AS SELECT 1"),
           kTableAccessDenied);
    Expect(*pool, user, "CREATE DATABASE access_probe", kDbAccessDenied);
    Expect(*pool, user, absl::StrCat("DROP DATABASE ", schema), kDbAccessDenied);
    // No handing its rights on, nor taking others'.
    for (const ServiceSchema& other : kServices) {
      if (&other != &s) {
        Expect(*pool, user,
               absl::StrCat("GRANT SELECT ON ", schema, ".* TO '", ServiceUser(other),
                            "'@'localhost'"),
               kDbAccessDenied);
        Expect(*pool, user,
               absl::StrCat("GRANT SELECT ON `", other.schema, "`.* TO '", user, "'@'localhost'"),
               kDbAccessDenied);
      }
    }
    Expect(*pool, user, "CREATE USER 'access_probe'@'%' IDENTIFIED BY 'x'", kSpecificAccessDenied);
    Expect(*pool, user, absl::StrCat("SELECT 1 INTO OUTFILE '", server->dir, "/outfile.txt'"),
           kSpecificAccessDenied);
  }
}

TEST_F(DbGrantsTest, ShowDatabasesListsOnlyTheUsersOwnSchema) {
  for (const ServiceSchema& s : kServices) {
    const std::string user = ServiceUser(s);
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> pool,
                         server->Connect(user, s.schema));
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> databases, QueryColumn(*pool, "SHOW DATABASES"));
    const bool only_own = std::set<std::string>(databases.begin(), databases.end()) ==
                          std::set<std::string>{s.schema, "information_schema"};
    Findings().RecordGrantCheck(user, /*refusal_expected=*/false, only_own);
    EXPECT_THAT(databases, UnorderedElementsAre(s.schema, "information_schema")) << user;
  }
}

// The four binaries on their own users: healthy, and a customer's journey through all of them
// (reads and writes in every schema, events followed) completes.
TEST_F(DbGrantsTest, EveryServiceServesOnItsLeastPrivilegedUser) {
  std::map<std::string, std::unique_ptr<testing::ServiceProcess>> running;
  const std::string dir = server->dir;
  auto start = [&](const ServiceSchema& s, std::vector<std::string> extra) -> absl::Status {
    std::vector<std::string> flags = server->DbFlags(s, ServiceUser(s));
    flags.insert(flags.end(), {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
                               "--worker_threads=4", "--event_gap_grace=1s"});
    for (const std::string& flag : server->secrets.ServiceFlags()) {
      // Only customer-profile keeps encrypted fields; the others take the JWT flags.
      if (std::string(s.service) == "customer-profile" || absl::StartsWith(flag, "--jwt_")) {
        flags.push_back(flag);
      }
    }
    if (std::string(s.service) != "customer-profile") {
      const std::string token_file = absl::StrCat(dir, "/", s.service, ".token");
      RETURN_IF_ERROR(testing::WriteSecretFile(
          token_file, server->secrets.Token(s.service, {roles::kService}, absl::Hours(2))));
      flags.push_back(absl::StrCat("--service_token_file=", token_file));
      flags.push_back(
          absl::StrCat("--customer_profile_address=", running["customer-profile"]->address()));
    }
    flags.insert(flags.end(), extra.begin(), extra.end());
    ASSIGN_OR_RETURN(running[s.service], testing::ServiceProcess::Start(s.binary, flags));
    return absl::OkStatus();
  };
  const std::string bureau = absl::StrCat(dir, "/bureau.json");
  ASSERT_OK(testing::WriteSecretFile(bureau, "{\"reports\": []}"));
  ASSERT_OK(start(kServices[0], {}));
  ASSERT_OK(start(kServices[1], {absl::StrCat("--credit_bureau=file:", bureau)}));
  ASSERT_OK(start(kServices[2], {"--consume_alert_events=false"}));
  ASSERT_OK(
      start(kServices[3],
            {absl::StrCat("--credit_rating_address=", running["credit-rating"]->address()),
             absl::StrCat("--relationship_address=", running["relationship-service"]->address())}));

  std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
  for (const ServiceSchema& s : kServices) {
    channels[s.service] =
        grpc::CreateChannel(running[s.service]->address(), grpc::InsecureChannelCredentials());
    auto health = grpc::health::v1::Health::NewStub(channels[s.service]);
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    const grpc::Status status = health->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << s.service << ": " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << s.service;
  }

  const JourneyServices services{channels["customer-profile"], channels["credit-rating"],
                                 channels["relationship-service"], channels["risk-warning"]};
  const JourneyTokens tokens = [](const std::string& subject,
                                  const std::vector<std::string>& roles) {
    return server->secrets.Token(subject, roles);
  };
  absl::StatusOr<Journey> journey = RunJourney(
      services, tokens, customer::itest::KeyEnterprise("最小权限验证有限公司"), "rm-grants");
  EXPECT_OK(journey.status());

  // Nothing any service did was refused by the database.
  for (const ServiceSchema& s : kServices) {
    const std::string log = absl::AsciiStrToLower(running[s.service]->ReadLog());
    const bool no_refusal =
        !absl::StrContains(log, "command denied") && !absl::StrContains(log, "access denied");
    EXPECT_TRUE(no_refusal) << s.service << " logged a refused statement:\n" << log;
    if (journey.ok() && no_refusal) {
      Findings().RecordServiceServed(s.service);
    }
  }
}

}  // namespace
}  // namespace ccrm::access_itest
