// EngagementRepository on MySQL: the engagements table (migrations/002_engagements.sql), read by
// due date through the customer, manager and (state, due_date) indexes; and PlanNewCustomerIn,
// which stores a new customer's first plan inside the CustomerCreated consumer's transaction.
//
// Also the engagement steps other repositories take in their own transactions: an interaction
// completing its engagement (CompleteEngagementIn) and a reassignment moving the customer's open
// engagements (MoveOpenEngagementsIn).
//
// Statements per call: ReplacePlan [INSERT idempotency key] DELETE, one INSERT per engagement,
// COMMIT (a replay: the key, one SELECT); List, Get and HasEngagements one SELECT; SweepMissed
// per batch of at most 100: SELECT … FOR UPDATE SKIP LOCKED, then per engagement an UPDATE and an
// outbox INSERT, COMMIT. Skipping locked rows lets several replicas sweep at once without
// waiting on each other, and none marks an engagement twice: a row is read for update only
// while OPEN.
//
// Example:
//   MySqlEngagementRepository engagements(pool.get());
//   ASSIGN_OR_RETURN(int missed, engagements.SweepMissed(today, 500, encoder, write));
//   // In the CustomerCreated consumer's transaction:
//   ASSIGN_OR_RETURN(int planned, PlanNewCustomerIn(session, customer_id, engagements));
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

// Stores `engagements` (as ReplacePlan stores them: the customer's, OPEN, ids and times as
// given) in the session's open transaction (it neither starts nor commits one), unless the
// customer already has an engagement or a plan was already stored this way for it: then it
// stores nothing and returns 0. Returns how many it stored. Racing calls for one customer are
// serialised by a request-id claim ("{customer_id}" in scope "engagements.new-customer-plan"):
// the second waits for the first to commit and stores nothing. ALREADY_EXISTS (reason
// ENGAGEMENT_ALREADY_EXISTS) for a taken engagement id. Throws sql::SQLException on database
// errors (the caller's transaction runner maps them).
absl::StatusOr<int> PlanNewCustomerIn(mysql::Session& session, const std::string& customer_id,
                                      const std::vector<Engagement>& engagements);

// Completes the customer's engagement `engagement_id` for interaction `interaction_id` at `now`
// (state COMPLETED, completed_by, complete_time), under a row lock, in the session's open
// transaction: an OPEN or MISSED one (a late completion is still recorded). NOT_FOUND (reason
// ENGAGEMENT_NOT_FOUND) when the customer has no such engagement, FAILED_PRECONDITION (reason
// ENGAGEMENT_ALREADY_COMPLETED) when it is completed. Throws sql::SQLException.
absl::Status CompleteEngagementIn(mysql::Session& session, const std::string& customer_id,
                                  const std::string& engagement_id,
                                  const std::string& interaction_id, absl::Time now);

// Gives the customer's OPEN engagements to `manager_id`, in the session's open transaction.
// Throws sql::SQLException.
void MoveOpenEngagementsIn(mysql::Session& session, const std::string& customer_id,
                           const std::string& manager_id);

class MySqlEngagementRepository final : public EngagementRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlEngagementRepository(mysql::ConnectionPool* pool);

  // As EngagementRepository::ReplacePlan. ALREADY_EXISTS (reason ENGAGEMENT_ALREADY_EXISTS) for
  // an engagement id another engagement has; INVALID_ARGUMENT REQUEST_ID_REUSED as every
  // idempotent create.
  absl::StatusOr<std::vector<Engagement>> ReplacePlan(const std::string& customer_id,
                                                      absl::CivilDay start,
                                                      const std::vector<Engagement>& engagements,
                                                      const IdempotencyKey& key,
                                                      const WriteContext& write) override;
  absl::StatusOr<bool> HasEngagements(const std::string& customer_id) override;
  // NOT_FOUND (reason ENGAGEMENT_NOT_FOUND); INTERNAL for an unreadable row.
  absl::StatusOr<Engagement> Get(const std::string& customer_id,
                                 const std::string& engagement_id) override;
  // INVALID_ARGUMENT ("page_token") for a key of another list; INTERNAL for an unreadable row.
  absl::StatusOr<Page<Engagement>> List(const EngagementFilter& filter,
                                        const PageQuery& page) override;
  // As EngagementRepository::SweepMissed, soonest due first, in batches of at most 100 (one
  // transaction each); stops at `limit` or at a batch that found fewer than it asked for (the
  // rest, if any, is locked by another sweeper).
  absl::StatusOr<int> SweepMissed(absl::CivilDay today, int limit,
                                  const RelationshipEventEncoder& encoder,
                                  const WriteContext& write) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::relationship
