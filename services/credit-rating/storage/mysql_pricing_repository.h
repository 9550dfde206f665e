// PricingRepository on MySQL: the pricing table (pricing_rules, shipped by
// migrations/002_pricing_table.sql) and the loan prime rate fixings (loan_prime_rates), read as
// they stand; the bank changes them with a migration, not through the service.
//
// Statements per call: Load one SELECT of the rules, one of the rates in force.
//
// Example:
//   MySqlPricingRepository pricing(pool.get());
//   ASSIGN_OR_RETURN(PricingTable table, pricing.Load(absl::CivilDay(2025, 6, 30)));
#pragma once

#include "common/mysql/connection_pool.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

class MySqlPricingRepository final : public PricingRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlPricingRepository(mysql::ConnectionPool* pool);

  // As PricingRepository::Load; rules ordered by grade (best first), then segment. INTERNAL
  // when a stored row names an unknown grade or segment.
  absl::StatusOr<PricingTable> Load(absl::CivilDay today) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::rating
