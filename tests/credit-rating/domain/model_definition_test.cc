#include "services/credit-rating/domain/model_definition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "nlohmann/json.hpp"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ScorecardModel SampleModel() {
  ScorecardModel m;
  m.family = "corporate";
  m.description = "试用模型 v1";
  m.intercept = 3.8918202981106265;
  ScorecardFactor leverage;
  leverage.input = "debt_to_asset";
  leverage.coefficient = 0.9;
  leverage.numeric_bins = {{std::nullopt, 0.4, 0.7}, {0.4, 0.7, 0.1}, {0.7, std::nullopt, -1.2}};
  leverage.missing_woe = -0.8;
  ScorecardFactor management;
  management.input = "management_quality";
  management.coefficient = 0.75;
  management.category_bins = {{"STRONG", 0.6}, {"POOR", -1.2}};
  management.missing_woe = -0.6;
  m.factors = {leverage, management};
  m.scaling = ScoreScaling{600, 50, 40};
  m.grade_bands = {{CreditGrade::kAAA, 840}, {CreditGrade::kBBB, 650.5}, {CreditGrade::kC, 0}};
  m.industry_adjustments = {{"K70", -15}, {"D44", 5}};
  m.macro_adjustment_points = -2.5;
  m.validity_months = 12;
  m.max_statement_age_months = 18;
  return m;
}

void ExpectSameDefinition(const ScorecardModel& a, const ScorecardModel& b) {
  EXPECT_EQ(a.family, b.family);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.intercept, b.intercept);
  ASSERT_EQ(a.factors.size(), b.factors.size());
  for (size_t i = 0; i < a.factors.size(); ++i) {
    const ScorecardFactor& fa = a.factors[i];
    const ScorecardFactor& fb = b.factors[i];
    EXPECT_EQ(fa.input, fb.input);
    EXPECT_EQ(fa.coefficient, fb.coefficient);
    EXPECT_EQ(fa.missing_woe, fb.missing_woe);
    ASSERT_EQ(fa.numeric_bins.size(), fb.numeric_bins.size());
    for (size_t k = 0; k < fa.numeric_bins.size(); ++k) {
      EXPECT_EQ(fa.numeric_bins[k].lower_bound, fb.numeric_bins[k].lower_bound);
      EXPECT_EQ(fa.numeric_bins[k].upper_bound, fb.numeric_bins[k].upper_bound);
      EXPECT_EQ(fa.numeric_bins[k].woe, fb.numeric_bins[k].woe);
    }
    ASSERT_EQ(fa.category_bins.size(), fb.category_bins.size());
    for (size_t k = 0; k < fa.category_bins.size(); ++k) {
      EXPECT_EQ(fa.category_bins[k].category, fb.category_bins[k].category);
      EXPECT_EQ(fa.category_bins[k].woe, fb.category_bins[k].woe);
    }
  }
  EXPECT_EQ(a.scaling.base_score, b.scaling.base_score);
  EXPECT_EQ(a.scaling.base_odds, b.scaling.base_odds);
  EXPECT_EQ(a.scaling.pdo, b.scaling.pdo);
  ASSERT_EQ(a.grade_bands.size(), b.grade_bands.size());
  for (size_t i = 0; i < a.grade_bands.size(); ++i) {
    EXPECT_EQ(a.grade_bands[i].grade, b.grade_bands[i].grade);
    EXPECT_EQ(a.grade_bands[i].min_score, b.grade_bands[i].min_score);
  }
  ASSERT_EQ(a.industry_adjustments.size(), b.industry_adjustments.size());
  for (size_t i = 0; i < a.industry_adjustments.size(); ++i) {
    EXPECT_EQ(a.industry_adjustments[i].industry_code_prefix,
              b.industry_adjustments[i].industry_code_prefix);
    EXPECT_EQ(a.industry_adjustments[i].points, b.industry_adjustments[i].points);
  }
  EXPECT_EQ(a.macro_adjustment_points, b.macro_adjustment_points);
  EXPECT_EQ(a.validity_months, b.validity_months);
  EXPECT_EQ(a.max_statement_age_months, b.max_statement_age_months);
}

TEST(ModelDefinitionTest, RoundTripsExactly) {
  const ScorecardModel original = SampleModel();
  const std::string json = ModelDefinitionToJson(original);
  ASSERT_OK_AND_ASSIGN(ScorecardModel parsed, ModelDefinitionFromJson(json));
  ExpectSameDefinition(original, parsed);
  EXPECT_EQ(ModelDefinitionToJson(parsed), json);
}

TEST(ModelDefinitionTest, WritesTheDocumentedShape) {
  const nlohmann::json j = nlohmann::json::parse(ModelDefinitionToJson(SampleModel()));
  EXPECT_EQ(j.at("family"), "corporate");
  EXPECT_EQ(j.at("grade_bands").at(1).at("grade"), "BBB");
  EXPECT_EQ(j.at("grade_bands").at(1).at("min_score"), 650.5);
  // Open bounds are left out.
  const nlohmann::json& first_bin = j.at("factors").at(0).at("numeric_bins").at(0);
  EXPECT_FALSE(first_bin.contains("lower_bound"));
  EXPECT_EQ(first_bin.at("upper_bound"), 0.4);
  EXPECT_FALSE(j.at("factors").at(0).at("numeric_bins").at(2).contains("upper_bound"));
  EXPECT_EQ(j.at("factors").at(1).at("category_bins").at(1).at("category"), "POOR");
  EXPECT_EQ(j.at("industry_adjustments").at(0).at("industry_code_prefix"), "K70");
  EXPECT_EQ(j.at("scaling").at("pdo"), 40);
  EXPECT_EQ(j.at("validity_months"), 12);
  // Identity and lifecycle fields are not part of the definition.
  EXPECT_FALSE(j.contains("model_id"));
  EXPECT_FALSE(j.contains("version"));
  EXPECT_FALSE(j.contains("state"));
}

TEST(ModelDefinitionTest, AbsentFieldsKeepTheirDefaults) {
  ASSERT_OK_AND_ASSIGN(ScorecardModel m, ModelDefinitionFromJson(R"({"family": "sme"})"));
  EXPECT_EQ(m.family, "sme");
  EXPECT_TRUE(m.factors.empty());
  EXPECT_EQ(m.scaling.base_score, 600);
  EXPECT_EQ(m.validity_months, 12);
  EXPECT_EQ(m.max_statement_age_months, 18);
}

// The single field violation of a failed parse.
FieldViolation ParseError(const std::string& json) {
  absl::StatusOr<ScorecardModel> m = ModelDefinitionFromJson(json);
  EXPECT_THAT(m, StatusIs(absl::StatusCode::kInvalidArgument)) << json;
  std::vector<FieldViolation> v = FieldViolationsOf(m.status());
  EXPECT_EQ(v.size(), 1u) << json;
  return v.empty() ? FieldViolation{} : v.front();
}

TEST(ModelDefinitionTest, RejectsMalformedJson) {
  for (const char* bad : {"", "{", "{\"family\": }", "[1, 2", "{} trailing"}) {
    FieldViolation v = ParseError(bad);
    EXPECT_EQ(v.field, "definition") << bad;
    EXPECT_THAT(v.description, HasSubstr("is not valid JSON")) << bad;
  }
  EXPECT_EQ(ParseError("[]"), (FieldViolation{"definition", "must be a JSON object"}));
}

TEST(ModelDefinitionTest, RejectsWrongTypesWithTheirPath) {
  EXPECT_EQ(ParseError(R"({"family": 7})"), (FieldViolation{"family", "must be a string"}));
  EXPECT_EQ(ParseError(R"({"intercept": "3.9"})"),
            (FieldViolation{"intercept", "must be a number"}));
  EXPECT_EQ(ParseError(R"({"factors": {}})"), (FieldViolation{"factors", "must be an array"}));
  EXPECT_EQ(ParseError(R"({"factors": [{"input": "dscr", "coefficient": null}]})"),
            (FieldViolation{"factors[0].coefficient", "must be a number"}));
  EXPECT_EQ(
      ParseError(
          R"({"factors": [{"input": "dscr"}, {"numeric_bins": [{"woe": 1}, {"woe": "x"}]}]})"),
      (FieldViolation{"factors[1].numeric_bins[1].woe", "must be a number"}));
  EXPECT_EQ(ParseError(R"({"validity_months": 12.5})"),
            (FieldViolation{"validity_months", "must be a whole number"}));
  EXPECT_EQ(ParseError(R"({"validity_months": 3000000000})"),
            (FieldViolation{"validity_months", "must be a whole number"}));
  EXPECT_EQ(ParseError(R"({"scaling": [600]})"),
            (FieldViolation{"scaling", "must be a JSON object"}));
  EXPECT_EQ(ParseError(R"({"grade_bands": [{"grade": "AAA", "min_score": 1}, {"grade": "Z"}]})"),
            (FieldViolation{"grade_bands[1].grade", "\"Z\" is not a grade (AAA … D)"}));
}

TEST(ModelDefinitionTest, RejectsUnknownFields) {
  EXPECT_EQ(ParseError(R"({"famliy": "corporate"})"),
            (FieldViolation{"famliy", "is not a field of a model definition"}));
  EXPECT_EQ(ParseError(R"({"factors": [{"input": "dscr", "coeficient": 0.5}]})"),
            (FieldViolation{"factors[0].coeficient", "is not a field of a model definition"}));
  EXPECT_EQ(ParseError(R"({"model_id": "x"})"),
            (FieldViolation{"model_id", "is not a field of a model definition"}));
}

}  // namespace
}  // namespace ccrm::rating
