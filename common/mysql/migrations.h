// Ordered schema migrations: files named NNN_description.sql in one directory, applied once each
// in version order and recorded in schema_migrations with a checksum. An applied file that later
// changed is refused (FAILED_PRECONDITION), so history cannot be rewritten silently. Concurrent
// migrators serialise on a named lock. Statements in a file are separated by ';' at the end of a
// line. MySQL commits DDL implicitly, so keep each file to steps that are safe to re-run
// (CREATE TABLE IF NOT EXISTS, ...) in case a run stops half-way.
//
// Example:
//   ASSIGN_OR_RETURN(auto files, ReadMigrationDir("services/customer-profile/migrations"));
//   RETURN_IF_ERROR(ApplyMigrations(*pool, files));        // as the migration user
//   RETURN_IF_ERROR(CheckMigrationsApplied(*pool, files));  // at service start
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/mysql/connection_pool.h"

namespace ccrm::mysql {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
  // SHA-256 of the file, hex.
  std::string checksum;
};

// The migrations in `dir`, sorted by version. NOT_FOUND for a missing directory, INVALID_ARGUMENT
// for a badly named file or a repeated version.
absl::StatusOr<std::vector<Migration>> ReadMigrationDir(const std::string& dir);

// Splits a file into statements (on ';' at line end; "--" comment lines dropped).
std::vector<std::string> SplitSqlStatements(const std::string& sql);

// Applies the pending migrations; returns how many it applied. FAILED_PRECONDITION when an applied
// migration's checksum differs from the file's.
absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool, const std::vector<Migration>& migrations);

// OK when every migration is applied with a matching checksum; FAILED_PRECONDITION naming the first
// pending or changed one otherwise (the service refuses to start on an old schema).
absl::Status CheckMigrationsApplied(ConnectionPool& pool, const std::vector<Migration>& migrations);

}  // namespace ccrm::mysql
