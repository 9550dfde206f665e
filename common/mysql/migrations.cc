#include "common/mysql/migrations.h"

#include <cppconn/resultset.h>
#include <openssl/sha.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/config/service_config.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::mysql {
namespace {

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  std::string hex;
  for (unsigned char b : digest) {
    absl::StrAppendFormat(&hex, "%02x", b);
  }
  return hex;
}

constexpr char kCreateHistoryTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL"
    ") ENGINE=InnoDB";

// version -> checksum of what the database has applied.
std::map<int, std::string> AppliedMigrations(Session& session) {
  std::map<int, std::string> applied;
  sql::PreparedStatement& stmt = session.Prepare("SELECT version, checksum FROM schema_migrations");
  std::unique_ptr<sql::ResultSet> rs(stmt.executeQuery());
  while (rs->next()) {
    applied[rs->getInt("version")] = rs->getString("checksum");
  }
  return applied;
}

absl::Status CompareWithApplied(const std::map<int, std::string>& applied,
                                const std::vector<Migration>& migrations, bool pending_is_error) {
  for (const Migration& m : migrations) {
    auto it = applied.find(m.version);
    if (it == applied.end()) {
      if (pending_is_error) {
        return WithReason(
            absl::FailedPreconditionError(absl::StrCat(
                "migration ", m.name, " is not applied; run the service with --migrate_only")),
            "SCHEMA_OUTDATED");
      }
      continue;
    }
    if (it->second != m.checksum) {
      return WithReason(absl::FailedPreconditionError(absl::StrCat(
                            "migration ", m.name, " was applied with a different checksum; ",
                            "applied migrations must never be edited, add a new one instead")),
                        "MIGRATION_CHANGED");
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> SplitSqlStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) {
      continue;
    }
    absl::StrAppend(&current, line, "\n");
    if (absl::EndsWith(trimmed, ";")) {
      std::string stmt(absl::StripAsciiWhitespace(current));
      stmt.pop_back();
      statements.push_back(stmt);
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    statements.push_back(std::string(absl::StripAsciiWhitespace(current)));
  }
  return statements;
}

absl::StatusOr<std::vector<Migration>> ReadMigrationDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat("migrations directory \"", dir, "\" not found"));
  }
  std::vector<Migration> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".sql") {
      continue;
    }
    size_t underscore = file.find('_');
    int version = 0;
    if (underscore == std::string::npos ||
        !absl::SimpleAtoi(file.substr(0, underscore), &version) || version <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file \"", file, "\" is not named NNN_description.sql"));
    }
    ASSIGN_OR_RETURN(std::string sql, ReadFileToString(entry.path().string()));
    out.push_back({version, file, sql, Sha256Hex(sql)});
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations ", out[i - 1].name, " and ", out[i].name, " share a version"));
    }
  }
  return out;
}

absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool,
                                    const std::vector<Migration>& migrations) {
  ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire());
  Session& session = *lease;
  try {
    // Sessions run in autocommit mode, as DDL needs (MySQL commits DDL implicitly anyway).
    session.Execute(kCreateHistoryTable);
    {
      sql::PreparedStatement& lock =
          session.Prepare("SELECT GET_LOCK(CONCAT(DATABASE(), '.migrations'), 60)");
      std::unique_ptr<sql::ResultSet> rs(lock.executeQuery());
      if (!rs->next() || rs->getInt(1) != 1) {
        return absl::UnavailableError("another migrator holds the migration lock");
      }
    }
    int applied_now = 0;
    absl::Status result = [&]() -> absl::Status {
      std::map<int, std::string> applied = AppliedMigrations(session);
      RETURN_IF_ERROR(CompareWithApplied(applied, migrations, /*pending_is_error=*/false));
      for (const Migration& m : migrations) {
        if (applied.count(m.version) > 0) {
          continue;
        }
        for (const std::string& statement : SplitSqlStatements(m.sql)) {
          session.Execute(statement);
        }
        sql::PreparedStatement& record = session.Prepare(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
            "VALUES (?, ?, ?, UTC_TIMESTAMP(6))");
        record.setInt(1, m.version);
        record.setString(2, m.name);
        record.setString(3, m.checksum);
        record.executeUpdate();
        ++applied_now;
      }
      return absl::OkStatus();
    }();
    session.Execute("DO RELEASE_LOCK(CONCAT(DATABASE(), '.migrations'))");
    RETURN_IF_ERROR(result);
    return applied_now;
  } catch (const sql::SQLException& e) {
    session.MarkBroken();
    return SqlErrorToStatus(e);
  }
}

absl::Status CheckMigrationsApplied(ConnectionPool& pool,
                                    const std::vector<Migration>& migrations) {
  ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire());
  try {
    std::map<int, std::string> applied = AppliedMigrations(*lease);
    return CompareWithApplied(applied, migrations, /*pending_is_error=*/true);
  } catch (const sql::SQLException& e) {
    lease->MarkBroken();
    if (e.getErrorCode() == 1146) {  // table doesn't exist
      return WithReason(absl::FailedPreconditionError(
                            "the schema has no migrations; run the service with --migrate_only"),
                        "SCHEMA_OUTDATED");
    }
    return SqlErrorToStatus(e);
  }
}

}  // namespace ccrm::mysql
