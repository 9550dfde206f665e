#include "services/credit-rating/domain/model_definition.h"

#include <functional>
#include <initializer_list>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/credit-rating/domain/grade.h"

namespace ccrm::rating {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// ---- Writing ----

OrderedJson NumericBinJson(const NumericBin& bin) {
  OrderedJson j = OrderedJson::object();
  if (bin.lower_bound.has_value()) {
    j["lower_bound"] = *bin.lower_bound;
  }
  if (bin.upper_bound.has_value()) {
    j["upper_bound"] = *bin.upper_bound;
  }
  j["woe"] = bin.woe;
  return j;
}

OrderedJson FactorJson(const ScorecardFactor& f) {
  OrderedJson j;
  j["input"] = f.input;
  j["coefficient"] = f.coefficient;
  j["numeric_bins"] = OrderedJson::array();
  for (const NumericBin& bin : f.numeric_bins) {
    j["numeric_bins"].push_back(NumericBinJson(bin));
  }
  j["category_bins"] = OrderedJson::array();
  for (const CategoryBin& bin : f.category_bins) {
    j["category_bins"].push_back(OrderedJson{{"category", bin.category}, {"woe", bin.woe}});
  }
  j["missing_woe"] = f.missing_woe;
  return j;
}

// ---- Reading: each function checks one JSON value at `path` and fills its part. ----

std::string Path(const std::string& path, const std::string& key) {
  return path.empty() ? key : absl::StrCat(path, ".", key);
}

// INVALID_ARGUMENT unless `j` is an object whose keys are all in `known`.
absl::Status CheckObject(const Json& j, const std::string& path,
                         std::initializer_list<const char*> known) {
  if (!j.is_object()) {
    return InvalidField(path.empty() ? "definition" : path, "must be a JSON object");
  }
  for (const auto& item : j.items()) {
    bool is_known = false;
    for (const char* k : known) {
      is_known = is_known || item.key() == k;
    }
    if (!is_known) {
      return InvalidField(Path(path, item.key()), "is not a field of a model definition");
    }
  }
  return absl::OkStatus();
}

// Reads obj[key] into *out when present (an absent field keeps the default).
absl::Status ReadDouble(const Json& obj, const char* key, const std::string& path, double* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return absl::OkStatus();
  }
  if (!it->is_number()) {
    return InvalidField(Path(path, key), "must be a number");
  }
  *out = it->get<double>();
  return absl::OkStatus();
}

absl::Status ReadOptionalDouble(const Json& obj, const char* key, const std::string& path,
                                std::optional<double>* out) {
  if (obj.find(key) == obj.end()) {
    return absl::OkStatus();
  }
  double value = 0;
  RETURN_IF_ERROR(ReadDouble(obj, key, path, &value));
  *out = value;
  return absl::OkStatus();
}

absl::Status ReadInt(const Json& obj, const char* key, const std::string& path, int* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return absl::OkStatus();
  }
  if (!it->is_number_integer() || it->get<int64_t>() < std::numeric_limits<int>::min() ||
      it->get<int64_t>() > std::numeric_limits<int>::max()) {
    return InvalidField(Path(path, key), "must be a whole number");
  }
  *out = static_cast<int>(it->get<int64_t>());
  return absl::OkStatus();
}

absl::Status ReadString(const Json& obj, const char* key, const std::string& path,
                        std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return absl::OkStatus();
  }
  if (!it->is_string()) {
    return InvalidField(Path(path, key), "must be a string");
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

// Calls read(element, element_path) for each element of the array obj[key], when present.
absl::Status ReadArray(const Json& obj, const char* key, const std::string& path,
                       const std::function<absl::Status(const Json&, const std::string&)>& read) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    return absl::OkStatus();
  }
  if (!it->is_array()) {
    return InvalidField(Path(path, key), "must be an array");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    RETURN_IF_ERROR(read((*it)[i], absl::StrCat(Path(path, key), "[", i, "]")));
  }
  return absl::OkStatus();
}

absl::Status ReadNumericBin(const Json& j, const std::string& path, NumericBin* bin) {
  RETURN_IF_ERROR(CheckObject(j, path, {"lower_bound", "upper_bound", "woe"}));
  RETURN_IF_ERROR(ReadOptionalDouble(j, "lower_bound", path, &bin->lower_bound));
  RETURN_IF_ERROR(ReadOptionalDouble(j, "upper_bound", path, &bin->upper_bound));
  return ReadDouble(j, "woe", path, &bin->woe);
}

absl::Status ReadCategoryBin(const Json& j, const std::string& path, CategoryBin* bin) {
  RETURN_IF_ERROR(CheckObject(j, path, {"category", "woe"}));
  RETURN_IF_ERROR(ReadString(j, "category", path, &bin->category));
  return ReadDouble(j, "woe", path, &bin->woe);
}

absl::Status ReadFactor(const Json& j, const std::string& path, ScorecardFactor* f) {
  RETURN_IF_ERROR(CheckObject(
      j, path, {"input", "coefficient", "numeric_bins", "category_bins", "missing_woe"}));
  RETURN_IF_ERROR(ReadString(j, "input", path, &f->input));
  RETURN_IF_ERROR(ReadDouble(j, "coefficient", path, &f->coefficient));
  RETURN_IF_ERROR(ReadArray(j, "numeric_bins", path, [&](const Json& e, const std::string& p) {
    return ReadNumericBin(e, p, &f->numeric_bins.emplace_back());
  }));
  RETURN_IF_ERROR(ReadArray(j, "category_bins", path, [&](const Json& e, const std::string& p) {
    return ReadCategoryBin(e, p, &f->category_bins.emplace_back());
  }));
  return ReadDouble(j, "missing_woe", path, &f->missing_woe);
}

absl::Status ReadScaling(const Json& obj, const std::string& path, ScoreScaling* s) {
  auto it = obj.find("scaling");
  if (it == obj.end()) {
    return absl::OkStatus();
  }
  const std::string scaling_path = Path(path, "scaling");
  RETURN_IF_ERROR(CheckObject(*it, scaling_path, {"base_score", "base_odds", "pdo"}));
  RETURN_IF_ERROR(ReadDouble(*it, "base_score", scaling_path, &s->base_score));
  RETURN_IF_ERROR(ReadDouble(*it, "base_odds", scaling_path, &s->base_odds));
  return ReadDouble(*it, "pdo", scaling_path, &s->pdo);
}

absl::Status ReadGradeBand(const Json& j, const std::string& path, GradeBand* band) {
  RETURN_IF_ERROR(CheckObject(j, path, {"grade", "min_score"}));
  std::string grade;
  RETURN_IF_ERROR(ReadString(j, "grade", path, &grade));
  absl::StatusOr<CreditGrade> parsed = ParseGrade(grade);
  if (!parsed.ok()) {
    return InvalidField(Path(path, "grade"),
                        absl::StrCat("\"", grade, "\" is not a grade (AAA … D)"));
  }
  band->grade = *parsed;
  return ReadDouble(j, "min_score", path, &band->min_score);
}

absl::Status ReadIndustryAdjustment(const Json& j, const std::string& path, IndustryAdjustment* a) {
  RETURN_IF_ERROR(CheckObject(j, path, {"industry_code_prefix", "points"}));
  RETURN_IF_ERROR(ReadString(j, "industry_code_prefix", path, &a->industry_code_prefix));
  return ReadDouble(j, "points", path, &a->points);
}

absl::Status ReadModel(const Json& j, ScorecardModel* m) {
  const std::string path;
  RETURN_IF_ERROR(CheckObject(j, path,
                              {"family", "description", "intercept", "factors", "scaling",
                               "grade_bands", "industry_adjustments", "macro_adjustment_points",
                               "validity_months", "max_statement_age_months"}));
  RETURN_IF_ERROR(ReadString(j, "family", path, &m->family));
  RETURN_IF_ERROR(ReadString(j, "description", path, &m->description));
  RETURN_IF_ERROR(ReadDouble(j, "intercept", path, &m->intercept));
  RETURN_IF_ERROR(ReadArray(j, "factors", path, [&](const Json& e, const std::string& p) {
    return ReadFactor(e, p, &m->factors.emplace_back());
  }));
  RETURN_IF_ERROR(ReadScaling(j, path, &m->scaling));
  RETURN_IF_ERROR(ReadArray(j, "grade_bands", path, [&](const Json& e, const std::string& p) {
    return ReadGradeBand(e, p, &m->grade_bands.emplace_back());
  }));
  RETURN_IF_ERROR(
      ReadArray(j, "industry_adjustments", path, [&](const Json& e, const std::string& p) {
        return ReadIndustryAdjustment(e, p, &m->industry_adjustments.emplace_back());
      }));
  RETURN_IF_ERROR(ReadDouble(j, "macro_adjustment_points", path, &m->macro_adjustment_points));
  RETURN_IF_ERROR(ReadInt(j, "validity_months", path, &m->validity_months));
  return ReadInt(j, "max_statement_age_months", path, &m->max_statement_age_months);
}

}  // namespace

std::string ModelDefinitionToJson(const ScorecardModel& model) {
  OrderedJson j;
  j["family"] = model.family;
  j["description"] = model.description;
  j["intercept"] = model.intercept;
  j["factors"] = OrderedJson::array();
  for (const ScorecardFactor& f : model.factors) {
    j["factors"].push_back(FactorJson(f));
  }
  j["scaling"] = OrderedJson{{"base_score", model.scaling.base_score},
                             {"base_odds", model.scaling.base_odds},
                             {"pdo", model.scaling.pdo}};
  j["grade_bands"] = OrderedJson::array();
  for (const GradeBand& band : model.grade_bands) {
    j["grade_bands"].push_back(
        OrderedJson{{"grade", GradeName(band.grade)}, {"min_score", band.min_score}});
  }
  j["industry_adjustments"] = OrderedJson::array();
  for (const IndustryAdjustment& a : model.industry_adjustments) {
    j["industry_adjustments"].push_back(
        OrderedJson{{"industry_code_prefix", a.industry_code_prefix}, {"points", a.points}});
  }
  j["macro_adjustment_points"] = model.macro_adjustment_points;
  j["validity_months"] = model.validity_months;
  j["max_statement_age_months"] = model.max_statement_age_months;
  return j.dump();
}

absl::StatusOr<ScorecardModel> ModelDefinitionFromJson(absl::string_view json) {
  Json j;
  try {
    j = Json::parse(json.begin(), json.end());
  } catch (const Json::exception& e) {
    return InvalidField("definition", absl::StrCat("is not valid JSON: ", e.what()));
  }
  ScorecardModel model;
  try {
    RETURN_IF_ERROR(ReadModel(j, &model));
  } catch (const Json::exception& e) {
    // The readers check types first; this is a safety net, not a path taken.
    return InvalidField("definition", absl::StrCat("cannot be read: ", e.what()));
  }
  return model;
}

}  // namespace ccrm::rating
