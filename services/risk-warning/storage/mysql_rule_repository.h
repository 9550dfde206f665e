// RuleRepository on MySQL: `rules` holds the current version of each rule, `rule_revisions`
// every version (written in the same transaction as the change).
#pragma once

#include "common/mysql/connection_pool.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

class MySqlRuleRepository final : public RuleRepository {
 public:
  explicit MySqlRuleRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::vector<Rule>> List(const std::string& indicator) override;
  absl::StatusOr<Rule> Get(const std::string& rule_id) override;
  absl::StatusOr<Rule> Create(const Rule& rule, const IdempotencyKey& key,
                              const WriteContext& write) override;
  absl::StatusOr<Rule> Update(const Rule& rule, int64_t expected_version,
                              const WriteContext& write) override;
  absl::StatusOr<std::vector<Rule>> Revisions(const std::string& rule_id) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::risk
