// RelatedPartyRepository on MySQL: the related-party edges recorded on each customer, also
// serving the group walk (RelatedPartyGraph) with the edges touching a customer in either
// direction. Every write has an audit record and a RelatedPartyChanged outbox event.
//
// Statements per call: Create [INSERT idempotency key] SELECT parent (+ related customer) LOCK
// IN SHARE MODE, INSERT, INSERT audit, INSERT outbox, COMMIT; Delete SELECT ... FOR UPDATE,
// DELETE, INSERT audit, INSERT outbox, COMMIT; List/EdgesTouching/NameAndCode one SELECT,
// COMMIT.
//
// Example:
//   MySqlRelatedPartyRepository parties(pool.get(), &encoder);
//   ASSIGN_OR_RETURN(CustomerGroup group, WalkCustomerGroup(root, options, parties));
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/mysql/connection_pool.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

class MySqlRelatedPartyRepository final : public RelatedPartyRepository {
 public:
  // Borrows both; they must outlive the repository.
  MySqlRelatedPartyRepository(mysql::ConnectionPool* pool, const EventEncoder* events);

  // As RelatedPartyRepository::Create, plus NOT_FOUND (CUSTOMER_NOT_FOUND) / FAILED_PRECONDITION
  // (CUSTOMER_ARCHIVED) for the customer the edge is recorded on. With related_customer_id set,
  // party_name and party_unified_social_credit_code are copied from that customer. The same
  // relation to the same party (same related customer, else same party code, else same name)
  // is ALREADY_EXISTS (RELATED_PARTY_ALREADY_EXISTS).
  absl::StatusOr<RelatedParty> Create(const RelatedParty& party, const IdempotencyKey& key,
                                      const WriteContext& write) override;
  // Oldest first. INVALID_ARGUMENT ("page_token") for a key of another list.
  absl::StatusOr<Page<RelatedParty>> List(const std::string& customer_id,
                                          const PageQuery& page) override;
  // NOT_FOUND (RELATED_PARTY_NOT_FOUND).
  absl::StatusOr<RelatedParty> Delete(const std::string& customer_id,
                                      const std::string& related_party_id,
                                      const WriteContext& write) override;

  absl::StatusOr<std::vector<RelatedParty>> EdgesTouching(const std::string& customer_id) override;
  // NOT_FOUND (CUSTOMER_NOT_FOUND).
  absl::StatusOr<std::pair<std::string, std::string>> NameAndCode(
      const std::string& customer_id) override;

 private:
  mysql::ConnectionPool* pool_;
  const EventEncoder* events_;
};

}  // namespace ccrm::customer
