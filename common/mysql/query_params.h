// The parameters of a query whose text is assembled from optional filters: collected in the
// order their '?' marks are appended, then bound in one go; and ReadAllRows, which runs such a
// query in a read transaction of its own and returns every row.
//
// Example:
//   std::string sql = "SELECT ... FROM customers WHERE 1 = 1";
//   QueryParams params;
//   if (query.segment != Segment::kUnspecified) {
//     sql += " AND segment = ?";
//     params.AddInt(static_cast<int>(query.segment));
//   }
//   ASSIGN_OR_RETURN(std::vector<Customer> rows,
//                    ReadAllRows<Customer>(pool, sql, params, [&](sql::ResultSet& rs) {
//                      return ReadCustomerRow(rs, codec, PersonalDataView::kMasked);
//                    }));
#pragma once

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/mysql/connection_pool.h"
#include "common/mysql/transaction.h"

namespace ccrm::mysql {

class QueryParams final {
 public:
  void AddString(std::string value);
  void AddInt(int64_t value);
  // Binds every parameter, from index 1 on.
  void BindTo(sql::PreparedStatement& stmt) const;

 private:
  struct Param {
    bool is_int = false;
    int64_t int_value = 0;
    std::string string_value;
  };
  std::vector<Param> params_;
};

// Every row `query` (bound with `params`) selects, in order, each made by read_row (returning T
// or absl::StatusOr<T>), as one read (RunReadOnly: autocommit, no BEGIN/COMMIT). The first error
// read_row returns; database errors as RunReadOnly maps them.
template <typename T, typename ReadRow>
absl::StatusOr<std::vector<T>> ReadAllRows(ConnectionPool& pool, const std::string& query,
                                           const QueryParams& params, const ReadRow& read_row) {
  return RunReadOnly<std::vector<T>>(pool, TxOptions{},
                                     [&](Session& s) -> absl::StatusOr<std::vector<T>> {
                                       sql::PreparedStatement& select = s.Prepare(query);
                                       params.BindTo(select);
                                       std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
                                       std::vector<T> out;
                                       while (rs->next()) {
                                         absl::StatusOr<T> row = read_row(*rs);
                                         if (!row.ok()) {
                                           return row.status();
                                         }
                                         out.push_back(*std::move(row));
                                       }
                                       return out;
                                     });
}

}  // namespace ccrm::mysql
