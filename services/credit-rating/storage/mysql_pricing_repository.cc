#include "services/credit-rating/storage/mysql_pricing_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/credit-rating/storage/column_values.h"
#include "services/credit-rating/storage/repository_rules.h"

namespace ccrm::rating {
namespace {

absl::StatusOr<PricingRule> ReadRule(sql::ResultSet& rs) {
  const std::string grade_name = rs.getString("grade").asStdString();
  const std::string segment_name = rs.getString("segment").asStdString();
  absl::StatusOr<CreditGrade> grade = ParseGradeColumn(grade_name);
  absl::StatusOr<Segment> segment = ParseSegment(segment_name);
  if (!grade.ok() || !segment.ok() || *grade == CreditGrade::kUnspecified ||
      *segment == Segment::kUnspecified) {
    return absl::InternalError(absl::StrCat("pricing_rules has a row for grade \"", grade_name,
                                            "\" and segment \"", segment_name,
                                            "\"; both must be known"));
  }
  PricingRule rule;
  rule.grade = *grade;
  rule.segment = *segment;
  rule.eligible = rs.getBoolean("eligible");
  rule.spread_bps = rs.getInt("spread_bps");
  rule.max_tenor_months = rs.getInt("max_tenor_months");
  rule.collateral_requirement = rs.getString("collateral_requirement").asStdString();
  rule.min_collateral_coverage_bps = rs.getInt("min_collateral_coverage_bps");
  rule.min_dscr = rs.getDouble("min_dscr");
  rule.max_debt_to_asset = rs.getDouble("max_debt_to_asset");
  rule.approval_authority = rs.getString("approval_authority").asStdString();
  return rule;
}

}  // namespace

MySqlPricingRepository::MySqlPricingRepository(mysql::ConnectionPool* pool) : pool_(pool) {}

absl::StatusOr<PricingTable> MySqlPricingRepository::Load(absl::CivilDay today) {
  return mysql::RunReadOnly<PricingTable>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<PricingTable> {
        PricingTable table;
        sql::PreparedStatement& rules = s.Prepare(
            "SELECT grade, segment, eligible, spread_bps, max_tenor_months, "
            "collateral_requirement, min_collateral_coverage_bps, min_dscr, max_debt_to_asset, "
            "approval_authority FROM pricing_rules");
        std::unique_ptr<sql::ResultSet> rs(rules.executeQuery());
        while (rs->next()) {
          ASSIGN_OR_RETURN(PricingRule rule, ReadRule(*rs));
          table.rules.push_back(std::move(rule));
        }
        std::sort(table.rules.begin(), table.rules.end(),
                  [](const PricingRule& a, const PricingRule& b) {
                    return std::make_pair(a.grade, a.segment) < std::make_pair(b.grade, b.segment);
                  });

        // The latest fixing of each term on or before today.
        sql::PreparedStatement& rates = s.Prepare(
            "SELECT r.term, r.rate_bps FROM loan_prime_rates r JOIN ("
            "SELECT term, MAX(effective_date) AS effective_date FROM loan_prime_rates "
            "WHERE effective_date <= ? GROUP BY term) latest "
            "ON r.term = latest.term AND r.effective_date = latest.effective_date");
        rates.setString(1, mysql::SqlDate(today));
        std::unique_ptr<sql::ResultSet> lpr(rates.executeQuery());
        bool one_year = false;
        bool five_year = false;
        while (lpr->next()) {
          const std::string term = lpr->getString("term").asStdString();
          if (term == "1Y") {
            table.lpr.one_year_bps = lpr->getInt("rate_bps");
            one_year = true;
          } else if (term == "5Y") {
            table.lpr.five_year_bps = lpr->getInt("rate_bps");
            five_year = true;
          }
        }
        if (!one_year || !five_year) {
          return LprMissing(one_year ? "5-year" : "1-year", today);
        }
        return table;
      });
}

}  // namespace ccrm::rating
