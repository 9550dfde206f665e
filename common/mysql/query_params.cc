#include "common/mysql/query_params.h"

#include <utility>

namespace ccrm::mysql {

void QueryParams::AddString(std::string value) {
  Param p;
  p.string_value = std::move(value);
  params_.push_back(std::move(p));
}

void QueryParams::AddInt(int64_t value) {
  Param p;
  p.is_int = true;
  p.int_value = value;
  params_.push_back(std::move(p));
}

void QueryParams::BindTo(sql::PreparedStatement& stmt) const {
  for (size_t i = 0; i < params_.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (params_[i].is_int) {
      stmt.setInt64(index, params_[i].int_value);
    } else {
      stmt.setString(index, params_[i].string_value);
    }
  }
}

}  // namespace ccrm::mysql
