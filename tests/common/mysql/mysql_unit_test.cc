// Tests of the parts of common/mysql that need no server: splitting migration files, reading a
// migrations directory, SQL text for times and dates, and error classification.
#include <openssl/sha.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/mysql/migrations.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace ccrm::mysql {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  std::string hex;
  for (unsigned char b : digest) {
    absl::StrAppendFormat(&hex, "%02x", b);
  }
  return hex;
}

// A temporary directory removed with everything in it.
class TempDir final {
 public:
  TempDir() {
    char name[] = "/tmp/ccrm_mysql_unit_XXXXXX";
    EXPECT_NE(mkdtemp(name), nullptr);
    path_ = name;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  void Write(const std::string& file, const std::string& content) const {
    std::ofstream(absl::StrCat(path_, "/", file)) << content;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(SplitSqlStatementsTest, SplitsOnSemicolonAtLineEnd) {
  const std::string sql =
      "-- the customers table\n"
      "CREATE TABLE customers (\n"
      "  id CHAR(36) NOT NULL PRIMARY KEY, -- the id\n"
      "  name VARCHAR(200) NOT NULL\n"
      ") ENGINE=InnoDB;\n"
      "\n"
      "   -- indented comment\n"
      "INSERT INTO t VALUES ('a;b');   \n"
      "CREATE INDEX i ON customers (name)";
  EXPECT_THAT(SplitSqlStatements(sql),
              ElementsAre("CREATE TABLE customers (\n"
                          "  id CHAR(36) NOT NULL PRIMARY KEY, -- the id\n"
                          "  name VARCHAR(200) NOT NULL\n"
                          ") ENGINE=InnoDB",
                          "INSERT INTO t VALUES ('a;b')", "CREATE INDEX i ON customers (name)"));
}

TEST(SplitSqlStatementsTest, CrLfAndEmptyInput) {
  EXPECT_THAT(SplitSqlStatements("SELECT 1;\r\nSELECT 2;\r\n"),
              ElementsAre("SELECT 1", "SELECT 2"));
  EXPECT_THAT(SplitSqlStatements(""), IsEmpty());
  EXPECT_THAT(SplitSqlStatements("-- only a comment\n\n"), IsEmpty());
}

TEST(ReadMigrationDirTest, ReadsSortedWithChecksums) {
  TempDir dir;
  dir.Write("010_later.sql", "SELECT 10;\n");
  dir.Write("002_second.sql", "SELECT 2;\n");
  dir.Write("001_first.sql", "SELECT 1;\n");
  dir.Write("README.md", "not a migration");
  ASSERT_OK_AND_ASSIGN(std::vector<Migration> migrations, ReadMigrationDir(dir.path()));
  ASSERT_EQ(migrations.size(), 3u);
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[0].name, "001_first.sql");
  EXPECT_EQ(migrations[0].sql, "SELECT 1;\n");
  EXPECT_EQ(migrations[0].checksum, Sha256Hex("SELECT 1;\n"));
  EXPECT_EQ(migrations[1].version, 2);
  EXPECT_EQ(migrations[2].version, 10);
}

TEST(ReadMigrationDirTest, MissingDirectoryIsNotFound) {
  EXPECT_THAT(ReadMigrationDir("/nonexistent/ccrm/migrations"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(ReadMigrationDirTest, BadNamesAreInvalid) {
  for (const std::string bad :
       {"create.sql", "abc_create.sql", "000_zero.sql", "-1_negative.sql", "_x.sql"}) {
    SCOPED_TRACE(bad);
    TempDir dir;
    dir.Write("001_ok.sql", "SELECT 1;\n");
    dir.Write(bad, "SELECT 2;\n");
    EXPECT_THAT(ReadMigrationDir(dir.path()),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(bad)));
  }
}

TEST(ReadMigrationDirTest, RepeatedVersionIsInvalid) {
  TempDir dir;
  dir.Write("001_a.sql", "SELECT 1;\n");
  dir.Write("1_b.sql", "SELECT 2;\n");
  EXPECT_THAT(ReadMigrationDir(dir.path()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("share a version")));
}

TEST(SqlTimeTest, FormatsUtcWithMicros) {
  absl::Time t = absl::FromCivil(absl::CivilSecond(2026, 11, 22, 8, 1, 2), absl::UTCTimeZone()) +
                 absl::Microseconds(123456) + absl::Nanoseconds(789);
  EXPECT_EQ(SqlTime(t), "2026-11-22 08:01:02.123456");
  EXPECT_EQ(SqlTime(absl::UnixEpoch()), "1970-01-01 00:00:00.000000");
}

TEST(SqlTimeTest, ParsesWithAndWithoutFraction) {
  const absl::Time base =
      absl::FromCivil(absl::CivilSecond(2026, 11, 22, 8, 1, 2), absl::UTCTimeZone());
  EXPECT_EQ(ParseSqlTime("2026-11-22 08:01:02.123456"), base + absl::Microseconds(123456));
  EXPECT_EQ(ParseSqlTime("2026-11-22 08:01:02"), base);
  EXPECT_EQ(ParseSqlTime("2026-11-22 08:01:02.5"), base + absl::Milliseconds(500));
  EXPECT_EQ(ParseSqlTime(""), absl::InfinitePast());
  EXPECT_EQ(ParseSqlTime("yesterday"), absl::InfinitePast());
  EXPECT_EQ(ParseSqlTime("2026-11-22"), absl::InfinitePast());
}

TEST(SqlTimeTest, RoundTrip) {
  const absl::Time t = absl::FromUnixMicros(1795334462123456);
  EXPECT_EQ(ParseSqlTime(SqlTime(t)), t);
}

TEST(SqlDateTest, FormatsAndParses) {
  EXPECT_EQ(SqlDate(absl::CivilDay(2026, 2, 3)), "2026-02-03");
  EXPECT_EQ(SqlDate(absl::CivilDay(987, 12, 31)), "0987-12-31");
  EXPECT_EQ(ParseSqlDate("2026-02-03"), absl::CivilDay(2026, 2, 3));
  EXPECT_EQ(ParseSqlDate("not a date"), std::nullopt);
  EXPECT_EQ(ParseSqlDate(""), std::nullopt);
}

TEST(SqlErrorTest, ClassifiesConnectionLossAndRetries) {
  for (int code : {kErrCantConnectLocal, kErrCantConnect, kErrServerGone, kErrLostConnection,
                   kErrServerLost}) {
    EXPECT_TRUE(IsConnectionLost(code)) << code;
    EXPECT_TRUE(IsRetryableTransactionError(code)) << code;
  }
  EXPECT_TRUE(IsRetryableTransactionError(kErrDeadlock));
  EXPECT_TRUE(IsRetryableTransactionError(kErrLockWaitTimeout));
  EXPECT_FALSE(IsConnectionLost(kErrDeadlock));
  EXPECT_FALSE(IsRetryableTransactionError(kErrDuplicateKey));
  EXPECT_FALSE(IsRetryableTransactionError(kErrAccessDenied));
}

TEST(SqlErrorTest, MapsErrorNumbers) {
  struct Case {
    int code;
    absl::StatusCode status;
    const char* reason;
  };
  for (const Case& c :
       {Case{kErrDuplicateKey, absl::StatusCode::kAlreadyExists, "DATABASE_DUPLICATE_KEY"},
        Case{kErrDeadlock, absl::StatusCode::kAborted, "DATABASE_CONFLICT"},
        Case{kErrLockWaitTimeout, absl::StatusCode::kAborted, "DATABASE_CONFLICT"},
        Case{kErrAccessDenied, absl::StatusCode::kPermissionDenied, "DATABASE_ACCESS_DENIED"},
        Case{kErrTableAccessDenied, absl::StatusCode::kPermissionDenied, "DATABASE_ACCESS_DENIED"},
        Case{kErrNoReferencedRow, absl::StatusCode::kFailedPrecondition, "DATABASE_FOREIGN_KEY"},
        Case{kErrRowIsReferenced, absl::StatusCode::kFailedPrecondition, "DATABASE_FOREIGN_KEY"},
        Case{kErrStatementTimeout, absl::StatusCode::kDeadlineExceeded, "DATABASE_TIMEOUT"},
        Case{1406, absl::StatusCode::kInvalidArgument, "DATABASE_VALUE_REJECTED"},
        Case{kErrLostConnection, absl::StatusCode::kUnavailable, "DATABASE_UNAVAILABLE"},
        Case{1064, absl::StatusCode::kInternal, "DATABASE_ERROR"}}) {
    SCOPED_TRACE(c.code);
    sql::SQLException e("boom", "HY000", c.code);
    absl::Status s = SqlErrorToStatus(e);
    EXPECT_THAT(s, StatusIs(c.status, HasSubstr(absl::StrCat("database error ", c.code))));
    EXPECT_EQ(ErrorReason(s), c.reason);
  }
}

}  // namespace
}  // namespace ccrm::mysql
