// ModelRepository on MySQL: scorecard model versions in scorecard_models, identity and lifecycle
// in columns, the definition (factors, bins, scaling, bands, adjustments) as the JSON of
// domain/model_definition.h. A unique key allows one ACTIVE version per family.
//
// Statements per call: Create [INSERT idempotency key] SELECT MAX(version) FOR UPDATE, INSERT,
// COMMIT (run again when a racing create took the number); Activate SELECT FOR UPDATE, UPDATE
// the active one to RETIRED, UPDATE, COMMIT; Seed SELECT, INSERT, COMMIT; reads one SELECT.
//
// Example:
//   MySqlModelRepository models(pool.get());
//   ASSIGN_OR_RETURN(ScorecardModel m, models.Create(model, key, write));
//   ASSIGN_OR_RETURN(m, models.Activate(m.model_id, m.revision, write));
#pragma once

#include <optional>
#include <string>

#include "common/mysql/connection_pool.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

class MySqlModelRepository final : public ModelRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlModelRepository(mysql::ConnectionPool* pool);

  // As ModelRepository::Create. An empty model_id gets a new UUIDv7; state DRAFT, revision 1,
  // no activate_time whatever the draft says. ABORTED (reason CONCURRENT_WRITE) when racing
  // creates in the family kept taking the next version number.
  absl::StatusOr<ScorecardModel> Create(const ScorecardModel& model, const IdempotencyKey& key,
                                        const WriteContext& write) override;
  // NOT_FOUND (reason MODEL_NOT_FOUND); INTERNAL when the stored row is unreadable.
  absl::StatusOr<ScorecardModel> Get(const std::string& model_id) override;
  absl::StatusOr<std::optional<ScorecardModel>> GetActive(const std::string& family) override;
  // INVALID_ARGUMENT ("page_token") for a key of another list.
  absl::StatusOr<Page<ScorecardModel>> List(const std::string& family,
                                            const PageQuery& page) override;
  // As ModelRepository::Activate: NOT_FOUND (MODEL_NOT_FOUND); an ACTIVE model is returned as it
  // is (whatever expected_revision); otherwise ABORTED (ETAG_MISMATCH) on a stale revision, then
  // FAILED_PRECONDITION (MODEL_RETIRED) for a retired model.
  absl::StatusOr<ScorecardModel> Activate(const std::string& model_id, int64_t expected_revision,
                                          const WriteContext& write) override;
  // ALREADY_EXISTS when another model has the seed's family and version (or is the family's
  // ACTIVE one and the seed is ACTIVE too).
  absl::Status Seed(const ScorecardModel& model) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::rating
