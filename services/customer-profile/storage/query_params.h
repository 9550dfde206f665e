// The parameters of a query whose text is assembled from optional filters: collected in the
// order their '?' marks are appended, then bound in one go.
//
// Example:
//   std::string sql = "SELECT ... FROM customers WHERE 1 = 1";
//   QueryParams params;
//   if (query.segment != Segment::kUnspecified) {
//     sql += " AND segment = ?";
//     params.AddInt(static_cast<int>(query.segment));
//   }
//   sql::PreparedStatement& stmt = session.Prepare(sql);
//   params.BindTo(stmt);
#pragma once

#include <cppconn/prepared_statement.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ccrm::customer {

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

}  // namespace ccrm::customer
