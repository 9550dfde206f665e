#include "services/risk-warning/storage/mysql_rule_repository.h"

#include <cppconn/datatype.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/ids/etag.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/mysql/idempotency.h"
#include "common/mysql/query_params.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/pagination/keyset.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/storage/risk_rows.h"

namespace ccrm::risk {
namespace {

constexpr char kCreateScope[] = "rules.create";
// The columns a rule is written with, rules and rule_revisions alike.
constexpr char kWriteColumns[] =
    "rule_id, indicator, segment, industry_prefix, blue_threshold, yellow_threshold, "
    "orange_threshold, red_threshold, higher_is_worse, contingency_scenario, "
    "auto_activate_contingency, enabled, version, updated_by, update_time, change_reason";

std::string RuleName(const std::string& rule_id) { return absl::StrCat("rules/", rule_id); }

absl::Status RuleNotFound(const std::string& rule_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("rule ", rule_id, " not found")),
                    "RULE_NOT_FOUND");
}

absl::Status ScopeTaken(const Rule& rule, const std::string& holder) {
  return WithReason(absl::AlreadyExistsError(absl::StrCat(
                        "rule ", holder, " already covers ", rule.indicator, " for segment \"",
                        rule.segment, "\" and industry prefix \"", rule.industry_prefix,
                        "\"; change that rule, or disable it first")),
                    "RULE_SCOPE_TAKEN");
}

// A threshold as exact decimal text (DECIMAL(20,6) keeps six places), NULL when the level is
// not used.
void SetThreshold(sql::PreparedStatement& stmt, int index, const std::optional<double>& t) {
  if (t.has_value()) {
    stmt.setString(index, absl::StrFormat("%.6f", *t));
  } else {
    stmt.setNull(index, sql::DataType::DECIMAL);
  }
}

// Inserts `rule` into `table` (rules or rule_revisions). Throws sql::SQLException.
void InsertRuleRow(mysql::Session& s, const char* table, const Rule& rule) {
  sql::PreparedStatement& insert =
      s.Prepare(absl::StrCat("INSERT INTO ", table, " (", kWriteColumns,
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  int i = 1;
  insert.setString(i++, rule.rule_id);
  insert.setString(i++, rule.indicator);
  insert.setString(i++, rule.segment);
  insert.setString(i++, rule.industry_prefix);
  SetThreshold(insert, i++, rule.thresholds.blue);
  SetThreshold(insert, i++, rule.thresholds.yellow);
  SetThreshold(insert, i++, rule.thresholds.orange);
  SetThreshold(insert, i++, rule.thresholds.red);
  insert.setInt(i++, rule.higher_is_worse ? 1 : 0);
  insert.setString(i++, StoredName(rule.contingency_scenario));
  insert.setInt(i++, rule.auto_activate_contingency ? 1 : 0);
  insert.setInt(i++, rule.enabled ? 1 : 0);
  insert.setInt64(i++, rule.version);
  insert.setString(i++, rule.updated_by);
  insert.setString(i++, mysql::SqlTime(rule.update_time));
  insert.setString(i++, rule.change_reason);
  insert.executeUpdate();
}

// The current version of a rule, locked when `for_update`; nullopt when there is none.
absl::StatusOr<std::optional<Rule>> FindRule(mysql::Session& s, const std::string& rule_id,
                                             bool for_update) {
  sql::PreparedStatement& select = s.Prepare(absl::StrCat(
      "SELECT ", kRuleColumns, " FROM rules WHERE rule_id = ?", for_update ? " FOR UPDATE" : ""));
  select.setString(1, rule_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return std::optional<Rule>();
  }
  ASSIGN_OR_RETURN(Rule rule, ReadRule(*rs));
  return std::optional<Rule>(std::move(rule));
}

// RULE_SCOPE_TAKEN when another enabled rule of the indicator has the scope of `rule`. Locks
// every rule of the indicator first, so two creates (or a create and a re-enable) of one scope
// take turns and the second sees the first.
absl::Status CheckScopeFree(mysql::Session& s, const Rule& rule) {
  sql::PreparedStatement& select = s.Prepare(
      "SELECT rule_id, segment, industry_prefix, enabled FROM rules WHERE indicator = ? "
      "ORDER BY rule_id FOR UPDATE");
  select.setString(1, rule.indicator);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  while (rs->next()) {
    const std::string rule_id = rs->getString("rule_id").asStdString();
    if (rule_id != rule.rule_id && rs->getInt("enabled") != 0 &&
        rs->getString("segment").asStdString() == rule.segment &&
        rs->getString("industry_prefix").asStdString() == rule.industry_prefix) {
      return ScopeTaken(rule, rule_id);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Rule>> ReadRules(mysql::ConnectionPool& pool, const std::string& sql,
                                            const mysql::QueryParams& params) {
  return mysql::ReadAllRows<Rule>(pool, sql, params, ReadRule);
}

}  // namespace

absl::StatusOr<std::vector<Rule>> MySqlRuleRepository::List(const std::string& indicator) {
  std::string sql = absl::StrCat("SELECT ", kRuleColumns, " FROM rules");
  mysql::QueryParams params;
  if (!indicator.empty()) {
    sql += " WHERE indicator = ?";
    params.AddString(indicator);
  }
  sql += " ORDER BY indicator, rule_id";
  return ReadRules(*pool_, sql, params);
}

absl::StatusOr<Rule> MySqlRuleRepository::Get(const std::string& rule_id) {
  return mysql::RunReadOnly<Rule>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Rule> {
        ASSIGN_OR_RETURN(std::optional<Rule> rule, FindRule(s, rule_id, /*for_update=*/false));
        if (!rule.has_value()) {
          return RuleNotFound(rule_id);
        }
        return *std::move(rule);
      });
}

absl::StatusOr<Rule> MySqlRuleRepository::Create(const Rule& rule, const IdempotencyKey& key,
                                                 const WriteContext& write) {
  Rule stored = rule;
  if (stored.rule_id.empty()) {
    stored.rule_id = NewUuidV7(write.now);
  }
  if (const IndicatorSpec* spec = FindIndicator(stored.indicator); spec != nullptr) {
    stored.higher_is_worse = spec->higher_is_worse;
  }
  stored.version = 1;
  stored.updated_by = write.actor;
  stored.update_time = TruncateToMicros(write.now);
  stored.change_reason = write.reason;
  return mysql::RunInTransaction<Rule>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Rule> {
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            mysql::ClaimRequestId(s, kCreateScope, key, RuleName(stored.rule_id), write.now));
        if (earlier.has_value()) {
          const std::string rule_id = LastNameSegment(*earlier);
          ASSIGN_OR_RETURN(std::optional<Rule> created, FindRule(s, rule_id, false));
          if (!created.has_value()) {
            return absl::InternalError(absl::StrCat(
                "rule ", rule_id, " of an earlier request with this request id is gone"));
          }
          return *std::move(created);
        }
        if (stored.enabled) {
          RETURN_IF_ERROR(CheckScopeFree(s, stored));
        }
        InsertRuleRow(s, "rules", stored);
        InsertRuleRow(s, "rule_revisions", stored);
        return stored;
      });
}

absl::StatusOr<Rule> MySqlRuleRepository::Update(const Rule& rule, int64_t expected_version,
                                                 const WriteContext& write) {
  return mysql::RunInTransaction<Rule>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Rule> {
        ASSIGN_OR_RETURN(std::optional<Rule> found, FindRule(s, rule.rule_id, true));
        if (!found.has_value()) {
          return RuleNotFound(rule.rule_id);
        }
        RETURN_IF_ERROR(CheckRevision(RuleName(rule.rule_id), expected_version, found->version));
        Rule changed = *std::move(found);
        // Re-enabling must not give a scope a second enabled rule.
        if (rule.enabled && !changed.enabled) {
          RETURN_IF_ERROR(CheckScopeFree(s, changed));
        }
        changed.thresholds = rule.thresholds;
        changed.contingency_scenario = rule.contingency_scenario;
        changed.auto_activate_contingency = rule.auto_activate_contingency;
        changed.enabled = rule.enabled;
        changed.version += 1;
        changed.updated_by = write.actor;
        changed.update_time = TruncateToMicros(write.now);
        changed.change_reason = write.reason;
        sql::PreparedStatement& update = s.Prepare(
            "UPDATE rules SET blue_threshold = ?, yellow_threshold = ?, orange_threshold = ?, "
            "red_threshold = ?, contingency_scenario = ?, auto_activate_contingency = ?, "
            "enabled = ?, version = ?, updated_by = ?, update_time = ?, change_reason = ? "
            "WHERE rule_id = ?");
        int i = 1;
        SetThreshold(update, i++, changed.thresholds.blue);
        SetThreshold(update, i++, changed.thresholds.yellow);
        SetThreshold(update, i++, changed.thresholds.orange);
        SetThreshold(update, i++, changed.thresholds.red);
        update.setString(i++, StoredName(changed.contingency_scenario));
        update.setInt(i++, changed.auto_activate_contingency ? 1 : 0);
        update.setInt(i++, changed.enabled ? 1 : 0);
        update.setInt64(i++, changed.version);
        update.setString(i++, changed.updated_by);
        update.setString(i++, mysql::SqlTime(changed.update_time));
        update.setString(i++, changed.change_reason);
        update.setString(i++, changed.rule_id);
        update.executeUpdate();
        InsertRuleRow(s, "rule_revisions", changed);
        return changed;
      });
}

absl::StatusOr<std::vector<Rule>> MySqlRuleRepository::Revisions(const std::string& rule_id) {
  mysql::QueryParams params;
  params.AddString(rule_id);
  ASSIGN_OR_RETURN(
      std::vector<Rule> revisions,
      ReadRules(*pool_,
                absl::StrCat("SELECT ", kRuleColumns,
                             " FROM rule_revisions WHERE rule_id = ? ORDER BY version DESC"),
                params));
  if (revisions.empty()) {
    return RuleNotFound(rule_id);
  }
  return revisions;
}

}  // namespace ccrm::risk
