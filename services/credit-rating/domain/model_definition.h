// The definition of a scorecard model as a JSON document: the form models are shipped in
// (models/*.json, compiled into the binary as the default model) and stored in (the
// scorecard_models.definition column). Field names follow ScorecardModel's; grades by name
// ("AAA"), open bin bounds omitted. Identity and lifecycle fields (model_id, version, state,
// created_by, times, revision) are not part of the definition.
//
// Example:
//   ASSIGN_OR_RETURN(ScorecardModel m, ModelDefinitionFromJson(DefaultCorporateModelJson()));
//   std::string stored = ModelDefinitionToJson(m);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/credit-rating/domain/scorecard.h"

namespace ccrm::rating {

// {"family", "description", "intercept", "factors": [{"input", "coefficient", "numeric_bins":
// [{"lower_bound"?, "upper_bound"?, "woe"}], "category_bins": [{"category", "woe"}],
// "missing_woe"}], "scaling": {"base_score", "base_odds", "pdo"}, "grade_bands": [{"grade",
// "min_score"}], "industry_adjustments": [{"industry_code_prefix", "points"}],
// "macro_adjustment_points", "validity_months", "max_statement_age_months"}.
std::string ModelDefinitionToJson(const ScorecardModel& model);

// The definition fields of a model from JSON (identity fields left default). INVALID_ARGUMENT
// when the JSON is malformed or a field has the wrong type (the model is not validated here:
// see ValidateScorecardModel).
absl::StatusOr<ScorecardModel> ModelDefinitionFromJson(absl::string_view json);

// The shipped default model (models/corporate-v1.json, compiled in).
absl::string_view DefaultCorporateModelJson();
// The fixed id of the shipped default model, so seeding it is idempotent across replicas.
inline constexpr char kDefaultCorporateModelId[] = "00000000-0000-7000-8000-00000000c0a1";

}  // namespace ccrm::rating
