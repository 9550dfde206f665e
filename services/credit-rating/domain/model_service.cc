#include "services/credit-rating/domain/model_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/etag.h"
#include "common/ids/uuid.h"
#include "common/pagination/paging.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/credit-rating/domain/model_definition.h"

namespace ccrm::rating {

absl::StatusOr<ScorecardModel> ModelService::Create(const Caller& caller, ScorecardModel draft,
                                                    const IdempotencyKey& key) {
  RETURN_IF_ERROR(ValidateScorecardModel(draft, "model"));
  const absl::Time now = clock_->Now();
  draft.model_id = NewUuidV7(now);
  draft.version = 0;
  draft.state = ModelState::kDraft;
  draft.created_by = caller.principal.subject;
  draft.create_time = now;
  draft.activate_time.reset();
  draft.revision = 1;
  return repository_->Create(draft, key, caller.Write(now));
}

absl::StatusOr<ScorecardModel> ModelService::Get(const std::string& model_id) {
  return repository_->Get(model_id);
}

absl::StatusOr<ModelList> ModelService::List(const std::string& family,
                                             const std::string& page_token, int page_size) {
  const std::string canonical = absl::StrCat("models|family=", family);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<ScorecardModel> result, repository_->List(family, page));
  return ModelList{std::move(result.items), NextPageToken(canonical, std::move(result.next_key))};
}

absl::StatusOr<ScorecardModel> ModelService::Activate(const Caller& caller,
                                                      const std::string& model_id,
                                                      const std::string& etag) {
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag));
  return repository_->Activate(model_id, expected.value_or(0), caller.Write(clock_->Now()));
}

absl::StatusOr<ScorecardModel> ModelService::Active(const std::string& family) {
  ASSIGN_OR_RETURN(std::optional<ScorecardModel> active, repository_->GetActive(family));
  if (!active.has_value()) {
    // The family is the caller's text: not echoed.
    return WithReason(
        absl::FailedPreconditionError("the model family has no active version; activate one"),
        "NO_ACTIVE_MODEL");
  }
  return *std::move(active);
}

absl::Status ModelService::SeedDefaultModel() {
  absl::StatusOr<ScorecardModel> model = ModelDefinitionFromJson(DefaultCorporateModelJson());
  if (!model.ok()) {
    return absl::InternalError(
        absl::StrCat("the shipped default model does not parse: ", model.status().message()));
  }
  if (absl::Status s = ValidateScorecardModel(*model, "model"); !s.ok()) {
    return absl::InternalError(absl::StrCat("the shipped default model is invalid: ", s.message()));
  }
  const absl::Time now = clock_->Now();
  model->model_id = kDefaultCorporateModelId;
  model->version = 1;
  model->state = ModelState::kActive;
  model->created_by = "credit-rating (shipped default)";
  model->create_time = now;
  model->activate_time = now;
  model->revision = 1;
  return repository_->Seed(*model);
}

}  // namespace ccrm::rating
