// InteractionRepository on MySQL: the interactions table (participants as a JSON array),
// read newest first through (customer_id, occur_time, interaction_id).
//
// Statements per call: Log [INSERT idempotency key] [SELECT engagement FOR UPDATE, UPDATE it]
// INSERT, COMMIT; List one SELECT.
//
// Example:
//   MySqlInteractionRepository interactions(pool.get());
//   ASSIGN_OR_RETURN(Interaction stored, interactions.Log(interaction, key, write));
#pragma once

#include <string>

#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

class MySqlInteractionRepository final : public InteractionRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlInteractionRepository(mysql::ConnectionPool* pool);

  // As InteractionRepository::Log; an empty interaction_id gets a UUIDv7 at write.now, redacted
  // is never stored. ALREADY_EXISTS (reason INTERACTION_ALREADY_EXISTS) for a taken id.
  absl::StatusOr<Interaction> Log(const Interaction& interaction, const IdempotencyKey& key,
                                  const WriteContext& write) override;
  // INVALID_ARGUMENT ("page_token") for a key of another list; INTERNAL for an unreadable row.
  absl::StatusOr<Page<Interaction>> List(const std::string& customer_id, InteractionKind kind,
                                         const PageQuery& page) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::relationship
