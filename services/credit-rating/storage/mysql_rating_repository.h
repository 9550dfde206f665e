// RatingRepository on MySQL: ratings with what is filtered, sorted or constrained in columns and
// the inputs and computation in the JSON `document` column (rating_document.h). A unique key on
// a generated column allows one APPROVED rating per customer; approvals append their events to
// the outbox in their own transaction.
//
// Statements per call: CreateDraft [INSERT idempotency key] INSERT, COMMIT; Decide SELECT FOR
// UPDATE (the rating, then the customer's approved one), [UPDATE the approved one to
// SUPERSEDED], UPDATE, INSERT outbox..., COMMIT (run again when a racing approval of the same
// customer won); MarkReviewRequired one UPDATE, COMMIT; reads one SELECT.
//
// Example:
//   MySqlRatingRepository ratings(pool.get());
//   ASSIGN_OR_RETURN(Rating draft, ratings.CreateDraft(rating, key, write));
//   // In an event consumer's handler, inside its transaction:
//   ASSIGN_OR_RETURN(bool marked, MarkReviewRequiredIn(session, customer_id, reason, now));
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mysql/connection_pool.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

class MySqlRatingRepository final : public RatingRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlRatingRepository(mysql::ConnectionPool* pool);

  // As RatingRepository::CreateDraft. An empty rating_id gets a new UUIDv7; state DRAFT and
  // revision 1 whatever the rating says. ALREADY_EXISTS (RATING_ALREADY_EXISTS) for a taken id.
  absl::StatusOr<Rating> CreateDraft(const Rating& rating, const IdempotencyKey& key,
                                     const WriteContext& write) override;
  // NOT_FOUND (reason RATING_NOT_FOUND); INTERNAL when the stored row is unreadable.
  absl::StatusOr<std::optional<Rating>> FindCreated(const IdempotencyKey& key) override;
  absl::StatusOr<Rating> Get(const std::string& customer_id, const std::string& rating_id) override;
  // INVALID_ARGUMENT ("page_token") for a key of another list.
  absl::StatusOr<Page<Rating>> ListForCustomer(const std::string& customer_id,
                                               const RatingFilter& filter,
                                               const PageQuery& page) override;
  absl::StatusOr<std::optional<Rating>> LatestApproved(const std::string& customer_id) override;
  // As RatingRepository::Decide; `previous` is the customer's APPROVED rating other than this
  // one. The rating's id, customer, create time and revision are the store's: what `decide`
  // does to them is ignored. NOT_FOUND (RATING_NOT_FOUND); ABORTED (ETAG_MISMATCH); ABORTED
  // (CONCURRENT_WRITE) when approvals of the customer kept racing this one.
  absl::StatusOr<Rating> Decide(const std::string& customer_id, const std::string& rating_id,
                                int64_t expected_revision,
                                const std::function<absl::StatusOr<Decision>(
                                    Rating& rating, const std::optional<Rating>& previous)>& decide,
                                const WriteContext& write) override;
  // Approved ratings with valid_until unset count as never expiring. INVALID_ARGUMENT
  // ("page_token") for a key of another list.
  absl::StatusOr<Page<Rating>> ListDueForReview(absl::Time due_before,
                                                const PageQuery& page) override;
  // MarkReviewRequiredIn in a transaction of its own.
  absl::StatusOr<bool> MarkReviewRequired(const std::string& customer_id, const std::string& reason,
                                          absl::Time now) override;

 private:
  mysql::ConnectionPool* pool_;
};

// Marks the customer's APPROVED rating review_required with `reason` (revision + 1), in the
// session's open transaction (e.g. an event consumer's, so that the mark and the consumed event
// commit together), when it was created before `now` (the time of the new information).
// Returns whether a rating was marked: false when the customer has no approved rating made
// before then, or it is already marked. Database errors as mysql::SqlErrorToStatus maps them (the
// caller's transaction should then roll back).
absl::StatusOr<bool> MarkReviewRequiredIn(mysql::Session& session, const std::string& customer_id,
                                          const std::string& reason, absl::Time now);

}  // namespace ccrm::rating
