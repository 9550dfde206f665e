// Use cases on scorecard models: create a version (validated; numbered within its family), get,
// list, activate (the family's previous active version retires), and seed the shipped default
// model at start-up.
//
// Example:
//   ModelService models(&repository, &clock);
//   ASSIGN_OR_RETURN(ScorecardModel m, models.Create(caller, draft, key));
//   ASSIGN_OR_RETURN(m, models.Activate(caller, m.model_id, FormatEtag(m.revision)));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/credit-rating/domain/caller.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

struct ModelList {
  std::vector<ScorecardModel> models;
  std::string next_page_token;
};

class ModelService final {
 public:
  ModelService(ModelRepository* repository, const Clock* clock)
      : repository_(repository), clock_(clock) {}

  // INVALID_ARGUMENT (field violations under "model") for an invalid model.
  absl::StatusOr<ScorecardModel> Create(const Caller& caller, ScorecardModel draft,
                                        const IdempotencyKey& key);
  // NOT_FOUND.
  absl::StatusOr<ScorecardModel> Get(const std::string& model_id);
  // INVALID_ARGUMENT for a bad page token / size.
  absl::StatusOr<ModelList> List(const std::string& family, const std::string& page_token,
                                 int page_size);
  // NOT_FOUND; ABORTED on a stale etag; FAILED_PRECONDITION (MODEL_RETIRED).
  absl::StatusOr<ScorecardModel> Activate(const Caller& caller, const std::string& model_id,
                                          const std::string& etag);
  // The model ratings of `family` use now: FAILED_PRECONDITION (reason NO_ACTIVE_MODEL) when the
  // family has no active version.
  absl::StatusOr<ScorecardModel> Active(const std::string& family);
  // Stores the shipped default model (models/corporate-v1.json) as the ACTIVE version 1 of
  // "corporate" unless it is already there. INTERNAL if the shipped JSON is invalid.
  absl::Status SeedDefaultModel();

 private:
  ModelRepository* repository_;
  const Clock* clock_;
};

}  // namespace ccrm::rating
