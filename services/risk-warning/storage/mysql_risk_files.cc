// MySqlRiskReader's risk-file reads (the other reads are in mysql_risk_reader.cc). A file is read
// in several statements, so each read runs in one REPEATABLE READ snapshot: sessions default to
// READ COMMITTED, where every statement would see the database as of its own start, and a file
// could mix an exposure's outstanding with observations committed after it was read.
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/mysql/transaction.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/storage/mysql_risk_reader.h"
#include "services/risk-warning/storage/risk_file_loader.h"

namespace ccrm::risk {
namespace {

// Customers one LoadRiskFiles call reads at most, whatever the caller asks.
constexpr int kMaxRiskFilesPerBatch = 500;

// Runs `read` in a read-only REPEATABLE READ transaction (one snapshot for all its statements)
// and ends it, also when `read` fails or throws. Retried like RunReadOnly.
template <typename T>
absl::StatusOr<T> ReadInOneSnapshot(mysql::ConnectionPool& pool,
                                    const std::function<absl::StatusOr<T>(mysql::Session&)>& read) {
  return mysql::RunReadOnly<T>(pool, mysql::TxOptions{},
                               [&](mysql::Session& s) -> absl::StatusOr<T> {
                                 // Applies to the next transaction only; the session stays READ
                                 // COMMITTED otherwise.
                                 s.Execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                                 s.Execute("START TRANSACTION READ ONLY");
                                 absl::StatusOr<T> result = absl::UnknownError("read did not run");
                                 try {
                                   result = read(s);
                                 } catch (const sql::SQLException&) {
                                   s.RollbackQuietly();
                                   throw;
                                 }
                                 // Nothing to keep: ending the transaction releases the snapshot.
                                 s.RollbackQuietly();
                                 return result;
                               });
}

}  // namespace

absl::StatusOr<ExposureFile> MySqlRiskReader::LoadExposureFile(const std::string& exposure_id) {
  return ReadInOneSnapshot<ExposureFile>(
      *pool_, [&](mysql::Session& s) { return ReadExposureFile(s, exposure_id); });
}

absl::StatusOr<RiskFile> MySqlRiskReader::LoadRiskFile(const std::string& customer_id) {
  return ReadInOneSnapshot<RiskFile>(*pool_, [&](mysql::Session& s) -> absl::StatusOr<RiskFile> {
    // No clock here: the signal window is anchored at the customer's newest signal.
    ASSIGN_OR_RETURN(std::vector<RiskFile> files, ReadRiskFiles(s, {customer_id}, std::nullopt));
    return std::move(files.front());
  });
}

absl::StatusOr<std::vector<RiskFile>> MySqlRiskReader::LoadRiskFiles(
    const std::string& after_customer_id, int limit) {
  if (limit <= 0) {
    return std::vector<RiskFile>();
  }
  limit = std::min(limit, kMaxRiskFilesPerBatch);
  return ReadInOneSnapshot<std::vector<RiskFile>>(
      *pool_, [&](mysql::Session& s) -> absl::StatusOr<std::vector<RiskFile>> {
        sql::PreparedStatement& select = s.Prepare(
            "SELECT DISTINCT customer_id FROM exposures WHERE status = 'ACTIVE' AND "
            "customer_id > ? ORDER BY customer_id LIMIT ?");
        select.setString(1, after_customer_id);
        select.setInt(2, limit);
        std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
        std::vector<std::string> customer_ids;
        while (rs->next()) {
          customer_ids.push_back(rs->getString("customer_id").asStdString());
        }
        return ReadRiskFiles(s, customer_ids, std::nullopt);
      });
}

}  // namespace ccrm::risk
