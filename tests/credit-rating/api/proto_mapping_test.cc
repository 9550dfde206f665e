#include "services/credit-rating/api/proto_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "common/wire/money_time_mapping.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::UnorderedElementsAre;

constexpr char kCustomerId[] = "0193a0f1-0000-7000-8000-000000000001";
constexpr char kRatingId[] = "0193b000-0000-7000-8000-0000000000a1";
constexpr char kModelId[] = "0193c000-0000-7000-8000-0000000000b2";
constexpr char kJobId[] = "0193d000-0000-7000-8000-0000000000c3";

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

const absl::Time kCreated =
    absl::FromCivil(absl::CivilSecond(2025, 3, 1, 8, 30, 15), absl::UTCTimeZone()) +
    absl::Milliseconds(250);
const absl::Time kDecided = kCreated + absl::Hours(26) + absl::Nanoseconds(7);
const absl::Time kValidUntil = kDecided + absl::Hours(24 * 365);

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return ::ccrm::FromProto(timestamp);
}

common::v1::Money WireMoney(const std::string& currency, int64_t units, int32_t nanos = 0) {
  common::v1::Money m;
  m.set_currency_code(currency);
  m.set_units(units);
  m.set_nanos(nanos);
  return m;
}

common::v1::Money Cny(int64_t units, int32_t nanos = 0) { return WireMoney("CNY", units, nanos); }

MATCHER_P(IsOkAndHolds, expected, "is OK and holds the expected value") {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  return *arg == expected;
}

// The field paths of the violations attached to `status`.
std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    fields.push_back(v.field);
  }
  return fields;
}

template <typename T>
std::vector<std::string> ViolatedFields(const absl::StatusOr<T>& result) {
  return ViolatedFields(result.status());
}

// Fields of `message` (not recursing) that hold their default, i.e. that ToProto left unset.
std::vector<std::string> UnsetFields(const google::protobuf::Message& message) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<std::string> unset;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    const bool set = field->is_repeated() ? reflection->FieldSize(message, field) > 0
                                          : reflection->HasField(message, field);
    if (!set) {
      unset.push_back(field->name());
    }
  }
  return unset;
}

// ---- Enums ----

template <typename Domain, typename Proto>
using EnumPairs = std::vector<std::pair<Domain, Proto>>;

const EnumPairs<CreditGrade, v1::CreditGrade> kGradePairs = {
    {CreditGrade::kUnspecified, v1::CREDIT_GRADE_UNSPECIFIED},
    {CreditGrade::kAAA, v1::CREDIT_GRADE_AAA},
    {CreditGrade::kAA, v1::CREDIT_GRADE_AA},
    {CreditGrade::kA, v1::CREDIT_GRADE_A},
    {CreditGrade::kBBB, v1::CREDIT_GRADE_BBB},
    {CreditGrade::kBB, v1::CREDIT_GRADE_BB},
    {CreditGrade::kB, v1::CREDIT_GRADE_B},
    {CreditGrade::kCCC, v1::CREDIT_GRADE_CCC},
    {CreditGrade::kCC, v1::CREDIT_GRADE_CC},
    {CreditGrade::kC, v1::CREDIT_GRADE_C},
    {CreditGrade::kD, v1::CREDIT_GRADE_D},
};

TEST(EnumMappingTest, CreditGradeEveryValueBothWays) {
  ASSERT_EQ(kGradePairs.size(), static_cast<size_t>(v1::CreditGrade_descriptor()->value_count()));
  for (const auto& [domain, proto] : kGradePairs) {
    EXPECT_EQ(ToProto(domain), proto) << v1::CreditGrade_Name(proto);
    EXPECT_THAT(FromProto(proto, "grade"), IsOkAndHolds(domain)) << v1::CreditGrade_Name(proto);
  }
  EXPECT_EQ(kGradePairs.size(), kAllGrades.size() + 1);
}

TEST(EnumMappingTest, SegmentEveryValueBothWays) {
  const EnumPairs<Segment, v1::Segment> pairs = {
      {Segment::kUnspecified, v1::SEGMENT_UNSPECIFIED},
      {Segment::kKey, v1::SEGMENT_KEY},
      {Segment::kSme, v1::SEGMENT_SME},
      {Segment::kFirstTimeBorrower, v1::SEGMENT_FIRST_TIME_BORROWER},
  };
  ASSERT_EQ(pairs.size(), static_cast<size_t>(v1::Segment_descriptor()->value_count()));
  for (const auto& [domain, proto] : pairs) {
    EXPECT_EQ(ToProto(domain), proto) << v1::Segment_Name(proto);
    EXPECT_THAT(FromProto(proto, "segment"), IsOkAndHolds(domain)) << v1::Segment_Name(proto);
  }
}

TEST(EnumMappingTest, RatingStateEveryValueBothWays) {
  const EnumPairs<RatingState, v1::RatingState> pairs = {
      {RatingState::kUnspecified, v1::RATING_STATE_UNSPECIFIED},
      {RatingState::kDraft, v1::RATING_STATE_DRAFT},
      {RatingState::kApproved, v1::RATING_STATE_APPROVED},
      {RatingState::kRejected, v1::RATING_STATE_REJECTED},
      {RatingState::kSuperseded, v1::RATING_STATE_SUPERSEDED},
  };
  ASSERT_EQ(pairs.size(), static_cast<size_t>(v1::RatingState_descriptor()->value_count()));
  for (const auto& [domain, proto] : pairs) {
    EXPECT_EQ(ToProto(domain), proto) << v1::RatingState_Name(proto);
    EXPECT_THAT(FromProto(proto, "state"), IsOkAndHolds(domain)) << v1::RatingState_Name(proto);
  }
}

TEST(EnumMappingTest, AltmanVariantEveryValueBothWays) {
  const EnumPairs<AltmanVariant, v1::AltmanVariant> pairs = {
      {AltmanVariant::kUnspecified, v1::ALTMAN_VARIANT_UNSPECIFIED},
      {AltmanVariant::kZ, v1::ALTMAN_VARIANT_Z},
      {AltmanVariant::kZPrime, v1::ALTMAN_VARIANT_Z_PRIME},
      {AltmanVariant::kZDoublePrime, v1::ALTMAN_VARIANT_Z_DOUBLE_PRIME},
  };
  ASSERT_EQ(pairs.size(), static_cast<size_t>(v1::AltmanVariant_descriptor()->value_count()));
  for (const auto& [domain, proto] : pairs) {
    EXPECT_THAT(FromProto(proto, "variant"), IsOkAndHolds(domain)) << v1::AltmanVariant_Name(proto);
    // The other way round, through AltmanResult.
    AltmanResult result;
    result.variant = domain;
    v1::AltmanResult out;
    ToProto(result, &out);
    EXPECT_EQ(out.variant(), proto) << v1::AltmanVariant_Name(proto);
  }
}

TEST(EnumMappingTest, AltmanZoneEveryValue) {
  const EnumPairs<AltmanZone, v1::AltmanZone> pairs = {
      {AltmanZone::kUnspecified, v1::ALTMAN_ZONE_UNSPECIFIED},
      {AltmanZone::kSafe, v1::ALTMAN_ZONE_SAFE},
      {AltmanZone::kGrey, v1::ALTMAN_ZONE_GREY},
      {AltmanZone::kDistress, v1::ALTMAN_ZONE_DISTRESS},
  };
  ASSERT_EQ(pairs.size(), static_cast<size_t>(v1::AltmanZone_descriptor()->value_count()));
  for (const auto& [domain, proto] : pairs) {
    AltmanResult result;
    result.zone = domain;
    v1::AltmanResult out;
    ToProto(result, &out);
    EXPECT_EQ(out.zone(), proto) << v1::AltmanZone_Name(proto);
  }
}

TEST(EnumMappingTest, ModelStateEveryValue) {
  const EnumPairs<ModelState, v1::ModelState> pairs = {
      {ModelState::kUnspecified, v1::MODEL_STATE_UNSPECIFIED},
      {ModelState::kDraft, v1::MODEL_STATE_DRAFT},
      {ModelState::kActive, v1::MODEL_STATE_ACTIVE},
      {ModelState::kRetired, v1::MODEL_STATE_RETIRED},
  };
  ASSERT_EQ(pairs.size(), static_cast<size_t>(v1::ModelState_descriptor()->value_count()));
  for (const auto& [domain, proto] : pairs) {
    EXPECT_EQ(ToProto(domain), proto) << v1::ModelState_Name(proto);
  }
}

TEST(EnumMappingTest, ReratingJobStateEveryValue) {
  const EnumPairs<ReratingJobState, v1::ReratingJobState> pairs = {
      {ReratingJobState::kUnspecified, v1::RERATING_JOB_STATE_UNSPECIFIED},
      {ReratingJobState::kRunning, v1::RERATING_JOB_STATE_RUNNING},
      {ReratingJobState::kSucceeded, v1::RERATING_JOB_STATE_SUCCEEDED},
      {ReratingJobState::kCancelled, v1::RERATING_JOB_STATE_CANCELLED},
      {ReratingJobState::kFailed, v1::RERATING_JOB_STATE_FAILED},
  };
  ASSERT_EQ(pairs.size(), static_cast<size_t>(v1::ReratingJobState_descriptor()->value_count()));
  for (const auto& [domain, proto] : pairs) {
    EXPECT_EQ(ToProto(domain), proto) << v1::ReratingJobState_Name(proto);
  }
}

TEST(EnumMappingTest, AssessmentEveryValueBothWays) {
  const EnumPairs<Assessment, v1::Assessment> pairs = {
      {Assessment::kUnspecified, v1::ASSESSMENT_UNSPECIFIED},
      {Assessment::kStrong, v1::ASSESSMENT_STRONG},
      {Assessment::kGood, v1::ASSESSMENT_GOOD},
      {Assessment::kAdequate, v1::ASSESSMENT_ADEQUATE},
      {Assessment::kWeak, v1::ASSESSMENT_WEAK},
      {Assessment::kPoor, v1::ASSESSMENT_POOR},
  };
  ASSERT_EQ(pairs.size(), static_cast<size_t>(v1::Assessment_descriptor()->value_count()));
  for (const auto& [domain, proto] : pairs) {
    v1::QualitativeInputs in;
    in.set_guarantee_strength(proto);
    ASSERT_OK_AND_ASSIGN(QualitativeInputs q, FromProto(in, "qualitative"));
    EXPECT_EQ(q.guarantee_strength, domain) << v1::Assessment_Name(proto);
    // The other way round, through Rating.qualitative.
    Rating rating;
    rating.qualitative.management_quality = domain;
    v1::Rating out;
    ToProto(rating, &out);
    EXPECT_EQ(out.qualitative().management_quality(), proto) << v1::Assessment_Name(proto);
  }
}

TEST(EnumMappingTest, UnknownNumbersAreViolationsOnTheField) {
  const absl::StatusOr<CreditGrade> grade =
      FromProto(static_cast<v1::CreditGrade>(11), "override_grade");
  EXPECT_THAT(grade, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(grade), ElementsAre("override_grade"));

  const absl::StatusOr<Segment> segment = FromProto(static_cast<v1::Segment>(-1), "segment");
  EXPECT_THAT(segment, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(segment), ElementsAre("segment"));

  const absl::StatusOr<RatingState> state = FromProto(static_cast<v1::RatingState>(9), "state");
  EXPECT_THAT(state, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(state), ElementsAre("state"));

  const absl::StatusOr<AltmanVariant> variant =
      FromProto(static_cast<v1::AltmanVariant>(4), "variant");
  EXPECT_THAT(variant, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(variant), ElementsAre("variant"));
}

// ---- Scorecard models ----

// A model as storage returns it: every field set, identity included.
ScorecardModel FullModel() {
  ScorecardModel m;
  m.model_id = kModelId;
  m.family = "corporate";
  m.version = 3;
  m.description = "Corporate scorecard, 2025 recalibration";
  m.state = ModelState::kActive;
  m.intercept = 2.75;
  ScorecardFactor current;
  current.input = "current_ratio";
  current.coefficient = 0.85;
  current.numeric_bins = {NumericBin{std::nullopt, 1.0, -0.6}, NumericBin{1.0, 1.5, 0.1},
                          NumericBin{1.5, std::nullopt, 0.55}};
  current.missing_woe = -0.4;
  ScorecardFactor management;
  management.input = "management_quality";
  management.coefficient = 0.6;
  management.category_bins = {CategoryBin{"STRONG", 0.8}, CategoryBin{"POOR", -1.1}};
  management.missing_woe = -0.2;
  m.factors = {current, management};
  m.scaling = ScoreScaling{650, 40, 25};
  m.grade_bands = {GradeBand{CreditGrade::kAAA, 760}, GradeBand{CreditGrade::kBBB, 640.5},
                   GradeBand{CreditGrade::kC, 0}};
  m.industry_adjustments = {IndustryAdjustment{"C30", -8}, IndustryAdjustment{"C3011", -12.5}};
  m.macro_adjustment_points = -5;
  m.validity_months = 12;
  m.max_statement_age_months = 18;
  m.created_by = "model-risk-7";
  m.create_time = kCreated;
  m.activate_time = kDecided;
  m.revision = 4;
  return m;
}

void ExpectSameDefinition(const ScorecardModel& got, const ScorecardModel& want) {
  EXPECT_EQ(got.family, want.family);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.intercept, want.intercept);
  ASSERT_EQ(got.factors.size(), want.factors.size());
  for (size_t i = 0; i < want.factors.size(); ++i) {
    const ScorecardFactor& g = got.factors[i];
    const ScorecardFactor& w = want.factors[i];
    EXPECT_EQ(g.input, w.input);
    EXPECT_EQ(g.coefficient, w.coefficient);
    ASSERT_EQ(g.numeric_bins.size(), w.numeric_bins.size());
    for (size_t j = 0; j < w.numeric_bins.size(); ++j) {
      EXPECT_EQ(g.numeric_bins[j].lower_bound, w.numeric_bins[j].lower_bound) << i << "/" << j;
      EXPECT_EQ(g.numeric_bins[j].upper_bound, w.numeric_bins[j].upper_bound) << i << "/" << j;
      EXPECT_EQ(g.numeric_bins[j].woe, w.numeric_bins[j].woe) << i << "/" << j;
    }
    ASSERT_EQ(g.category_bins.size(), w.category_bins.size());
    for (size_t j = 0; j < w.category_bins.size(); ++j) {
      EXPECT_EQ(g.category_bins[j].category, w.category_bins[j].category);
      EXPECT_EQ(g.category_bins[j].woe, w.category_bins[j].woe);
    }
    EXPECT_EQ(g.missing_woe, w.missing_woe);
  }
  EXPECT_EQ(got.scaling.base_score, want.scaling.base_score);
  EXPECT_EQ(got.scaling.base_odds, want.scaling.base_odds);
  EXPECT_EQ(got.scaling.pdo, want.scaling.pdo);
  ASSERT_EQ(got.grade_bands.size(), want.grade_bands.size());
  for (size_t i = 0; i < want.grade_bands.size(); ++i) {
    EXPECT_EQ(got.grade_bands[i].grade, want.grade_bands[i].grade);
    EXPECT_EQ(got.grade_bands[i].min_score, want.grade_bands[i].min_score);
  }
  ASSERT_EQ(got.industry_adjustments.size(), want.industry_adjustments.size());
  for (size_t i = 0; i < want.industry_adjustments.size(); ++i) {
    EXPECT_EQ(got.industry_adjustments[i].industry_code_prefix,
              want.industry_adjustments[i].industry_code_prefix);
    EXPECT_EQ(got.industry_adjustments[i].points, want.industry_adjustments[i].points);
  }
  EXPECT_EQ(got.macro_adjustment_points, want.macro_adjustment_points);
  EXPECT_EQ(got.validity_months, want.validity_months);
  EXPECT_EQ(got.max_statement_age_months, want.max_statement_age_months);
}

TEST(ScorecardModelMappingTest, ToProtoFillsEveryField) {
  v1::ScorecardModel out;
  ToProto(FullModel(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), std::string("scorecardModels/") + kModelId);
  EXPECT_EQ(out.model_id(), kModelId);
  EXPECT_EQ(out.family(), "corporate");
  EXPECT_EQ(out.version(), 3);
  EXPECT_EQ(out.description(), "Corporate scorecard, 2025 recalibration");
  EXPECT_EQ(out.state(), v1::MODEL_STATE_ACTIVE);
  EXPECT_EQ(out.intercept(), 2.75);
  ASSERT_EQ(out.factors_size(), 2);
  const v1::ScorecardFactor& current = out.factors(0);
  EXPECT_EQ(current.input(), "current_ratio");
  EXPECT_EQ(current.coefficient(), 0.85);
  ASSERT_EQ(current.numeric_bins_size(), 3);
  EXPECT_FALSE(current.numeric_bins(0).has_lower_bound());
  EXPECT_EQ(current.numeric_bins(0).upper_bound(), 1.0);
  EXPECT_EQ(current.numeric_bins(0).woe(), -0.6);
  EXPECT_EQ(current.numeric_bins(1).lower_bound(), 1.0);
  EXPECT_EQ(current.numeric_bins(1).upper_bound(), 1.5);
  EXPECT_EQ(current.numeric_bins(2).lower_bound(), 1.5);
  EXPECT_FALSE(current.numeric_bins(2).has_upper_bound());
  EXPECT_EQ(current.missing_woe(), -0.4);
  EXPECT_EQ(current.category_bins_size(), 0);
  const v1::ScorecardFactor& management = out.factors(1);
  ASSERT_EQ(management.category_bins_size(), 2);
  EXPECT_EQ(management.category_bins(1).category(), "POOR");
  EXPECT_EQ(management.category_bins(1).woe(), -1.1);
  EXPECT_EQ(out.scaling().base_score(), 650);
  EXPECT_EQ(out.scaling().base_odds(), 40);
  EXPECT_EQ(out.scaling().pdo(), 25);
  ASSERT_EQ(out.grade_bands_size(), 3);
  EXPECT_EQ(out.grade_bands(1).grade(), v1::CREDIT_GRADE_BBB);
  EXPECT_EQ(out.grade_bands(1).min_score(), 640.5);
  ASSERT_EQ(out.industry_adjustments_size(), 2);
  EXPECT_EQ(out.industry_adjustments(1).industry_code_prefix(), "C3011");
  EXPECT_EQ(out.industry_adjustments(1).points(), -12.5);
  EXPECT_EQ(out.macro_adjustment_points(), -5);
  EXPECT_EQ(out.validity_months(), 12);
  EXPECT_EQ(out.max_statement_age_months(), 18);
  EXPECT_EQ(out.created_by(), "model-risk-7");
  EXPECT_EQ(TimeOf(out.create_time()), kCreated);
  EXPECT_EQ(TimeOf(out.activate_time()), kDecided);
  EXPECT_EQ(out.etag(), "r4");
}

TEST(ScorecardModelMappingTest, DraftHasNoActivateTime) {
  ScorecardModel draft = FullModel();
  draft.state = ModelState::kDraft;
  draft.activate_time.reset();
  v1::ScorecardModel out;
  ToProto(draft, &out);
  EXPECT_EQ(out.state(), v1::MODEL_STATE_DRAFT);
  EXPECT_FALSE(out.has_activate_time());
}

TEST(ScorecardModelMappingTest, DefinitionRoundTripsAndOutputOnlyFieldsAreIgnored) {
  v1::ScorecardModel wire;
  ToProto(FullModel(), &wire);
  ASSERT_OK_AND_ASSIGN(ScorecardModel read, FromProto(wire, "model"));
  ExpectSameDefinition(read, FullModel());
  // Identity and output-only fields are the domain's defaults, whatever the request said.
  const ScorecardModel defaults;
  EXPECT_EQ(read.model_id, "");
  EXPECT_EQ(read.version, 0);
  EXPECT_EQ(read.state, defaults.state);
  EXPECT_EQ(read.created_by, "");
  EXPECT_EQ(read.create_time, defaults.create_time);
  EXPECT_FALSE(read.activate_time.has_value());
  EXPECT_EQ(read.revision, defaults.revision);

  // Identity restored, the model maps back to exactly the same message.
  read.model_id = kModelId;
  read.version = 3;
  read.state = ModelState::kActive;
  read.created_by = "model-risk-7";
  read.create_time = kCreated;
  read.activate_time = kDecided;
  read.revision = 4;
  v1::ScorecardModel again;
  ToProto(read, &again);
  EXPECT_TRUE(MessageDifferencer::Equals(again, wire)) << again.DebugString();
}

TEST(ScorecardModelMappingTest, OpenBinBoundsAreNullopt) {
  v1::ScorecardModel wire;
  v1::ScorecardFactor* factor = wire.add_factors();
  factor->set_input("debt_to_asset");
  factor->add_numeric_bins()->set_upper_bound(0.0);  // explicitly 0, not open
  factor->add_numeric_bins()->set_woe(0.3);          // both bounds open
  ASSERT_OK_AND_ASSIGN(ScorecardModel read, FromProto(wire, "model"));
  ASSERT_EQ(read.factors.size(), 1u);
  ASSERT_EQ(read.factors[0].numeric_bins.size(), 2u);
  EXPECT_FALSE(read.factors[0].numeric_bins[0].lower_bound.has_value());
  EXPECT_THAT(read.factors[0].numeric_bins[0].upper_bound, Optional(0.0));
  EXPECT_FALSE(read.factors[0].numeric_bins[1].lower_bound.has_value());
  EXPECT_FALSE(read.factors[0].numeric_bins[1].upper_bound.has_value());
  EXPECT_EQ(read.factors[0].numeric_bins[1].woe, 0.3);
}

TEST(ScorecardModelMappingTest, AbsentScalingReadsAsZerosForTheValidatorToReject) {
  v1::ScorecardModel wire;
  ToProto(FullModel(), &wire);
  wire.clear_scaling();
  ASSERT_OK_AND_ASSIGN(ScorecardModel read, FromProto(wire, "model"));
  EXPECT_EQ(read.scaling.base_score, 0);
  EXPECT_EQ(read.scaling.base_odds, 0);
  EXPECT_EQ(read.scaling.pdo, 0);
}

TEST(ScorecardModelMappingTest, EveryWireProblemIsReportedAtOnce) {
  v1::ScorecardModel wire;
  ToProto(FullModel(), &wire);
  wire.set_intercept(kNaN);
  wire.mutable_factors(0)->set_coefficient(kInf);
  wire.mutable_factors(0)->mutable_numeric_bins(0)->set_upper_bound(-kInf);
  wire.mutable_factors(0)->mutable_numeric_bins(1)->set_woe(kNaN);
  wire.mutable_factors(0)->mutable_numeric_bins(2)->set_lower_bound(kNaN);
  wire.mutable_factors(0)->set_missing_woe(kInf);
  wire.mutable_factors(1)->mutable_category_bins(1)->set_woe(kNaN);
  wire.mutable_scaling()->set_base_score(kInf);
  wire.mutable_scaling()->set_base_odds(kNaN);
  wire.mutable_scaling()->set_pdo(-kInf);
  wire.mutable_grade_bands(2)->set_grade(static_cast<v1::CreditGrade>(42));
  wire.mutable_grade_bands(0)->set_min_score(kNaN);
  wire.mutable_industry_adjustments(1)->set_points(kInf);
  wire.set_macro_adjustment_points(kNaN);
  wire.set_validity_months(-1);
  wire.set_max_statement_age_months(-6);

  const absl::StatusOr<ScorecardModel> read = FromProto(wire, "model");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      ViolatedFields(read),
      UnorderedElementsAre(
          "model.intercept", "model.factors[0].coefficient",
          "model.factors[0].numeric_bins[0].upper_bound", "model.factors[0].numeric_bins[1].woe",
          "model.factors[0].numeric_bins[2].lower_bound", "model.factors[0].missing_woe",
          "model.factors[1].category_bins[1].woe", "model.scaling.base_score",
          "model.scaling.base_odds", "model.scaling.pdo", "model.grade_bands[2].grade",
          "model.grade_bands[0].min_score", "model.industry_adjustments[1].points",
          "model.macro_adjustment_points", "model.validity_months",
          "model.max_statement_age_months"));
}

TEST(ScorecardModelMappingTest, OneUnknownGradeIsOneViolation) {
  v1::ScorecardModel wire;
  ToProto(FullModel(), &wire);
  wire.mutable_grade_bands(2)->set_grade(static_cast<v1::CreditGrade>(-3));
  const absl::StatusOr<ScorecardModel> read = FromProto(wire, "model");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<FieldViolation> violations = FieldViolationsOf(read.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "model.grade_bands[2].grade");
  EXPECT_EQ(violations[0].description, "unknown enum value -3");
}

TEST(ScorecardModelMappingTest, ZeroMonthsAreLeftToTheValidator) {
  v1::ScorecardModel wire;
  ToProto(FullModel(), &wire);
  wire.set_validity_months(0);
  wire.set_max_statement_age_months(0);
  ASSERT_OK_AND_ASSIGN(ScorecardModel read, FromProto(wire, "model"));
  EXPECT_EQ(read.validity_months, 0);
  EXPECT_EQ(read.max_statement_age_months, 0);
}

// ---- Ratings ----

BureauReport FullBureauReport() {
  BureauReport r;
  r.source = "pboc";
  r.report_id = "PBOC-2025-000123";
  r.report_date = absl::CivilDay(2025, 2, 27);
  r.max_days_overdue_24m = 45;
  r.current_overdue_amount = Money{"CNY", 120000, 500000000};
  r.guarantees_given = Money{"CNY", 3000000, 0};
  r.open_lawsuits = 2;
  r.other_bank_loans = Money{"CNY", 80000000, 0};
  return r;
}

Rating FullRating() {
  Rating r;
  r.rating_id = kRatingId;
  r.customer_id = kCustomerId;
  r.state = RatingState::kApproved;
  r.qualitative = QualitativeInputs{Assessment::kStrong, Assessment::kGood, Assessment::kWeak,
                                    Assessment::kPoor};
  r.market = MarketInputs{3.0e9, 0.35, 0.02};
  r.industry_code = "C3011";
  r.segment = Segment::kSme;
  r.bureau_report = FullBureauReport();
  RatingComputation& c = r.computed;
  c.model_id = kModelId;
  c.model_version = 3;
  c.score = 612.5;
  c.model_grade = CreditGrade::kBBB;
  c.probability_of_default = 0.0123;
  c.contributions = {FactorContribution{"current_ratio", "1.25", 0.1, 80.5},
                     FactorContribution{"dscr", "undefined: debt_service is missing", -0.2, 41}};
  c.industry_adjustment_points = -12.5;
  c.macro_adjustment_points = -5;
  c.ratios = {RatioValue{"current_ratio", 1.25, ""},
              RatioValue{"dscr", std::nullopt, "debt_service is missing"}};
  c.statement_periods = {StatementPeriod{"st-2024", 2024, 0, absl::CivilDay(2024, 12, 31), true},
                         StatementPeriod{"st-2025q3", 2025, 3, absl::CivilDay(2025, 9, 30), false}};
  c.merton = MertonResult{12.4, 0.2123, 10, 1.14, 0.127, 6};
  c.altman =
      AltmanResult{AltmanVariant::kZDoublePrime, 2.1, AltmanZone::kGrey, {0.1, 0.2, 0.3, 0.4}};
  c.default_reason = "bureau: 95 days overdue";
  r.final_grade = CreditGrade::kBB;
  r.maker = "analyst-3";
  r.checker = "approver-9";
  r.override_reason = "group support weaker than modelled";
  r.rejection_reason = "n/a";
  r.create_time = kCreated;
  r.decision_time = kDecided;
  r.valid_until = kValidUntil;
  r.review_required = true;
  r.review_reason = "new financial statement FY2025";
  r.rerating_job = std::string("reratingJobs/") + kJobId;
  r.revision = 5;
  return r;
}

TEST(RatingMappingTest, ToProtoFillsEveryField) {
  v1::Rating out;
  ToProto(FullRating(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), std::string("customers/") + kCustomerId + "/ratings/" + kRatingId);
  EXPECT_EQ(out.rating_id(), kRatingId);
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.state(), v1::RATING_STATE_APPROVED);
  EXPECT_EQ(out.model(), std::string("scorecardModels/") + kModelId);
  EXPECT_EQ(out.model_version(), 3);
  EXPECT_EQ(out.score(), 612.5);
  EXPECT_EQ(out.model_grade(), v1::CREDIT_GRADE_BBB);
  EXPECT_EQ(out.final_grade(), v1::CREDIT_GRADE_BB);
  EXPECT_EQ(out.probability_of_default(), 0.0123);
  ASSERT_EQ(out.contributions_size(), 2);
  EXPECT_EQ(out.contributions(0).input(), "current_ratio");
  EXPECT_EQ(out.contributions(0).input_value(), "1.25");
  EXPECT_EQ(out.contributions(0).woe(), 0.1);
  EXPECT_EQ(out.contributions(0).points(), 80.5);
  EXPECT_EQ(out.contributions(1).input(), "dscr");
  EXPECT_EQ(out.contributions(1).input_value(), "undefined: debt_service is missing");
  EXPECT_EQ(out.contributions(1).woe(), -0.2);
  EXPECT_EQ(out.contributions(1).points(), 41);
  EXPECT_EQ(out.industry_adjustment_points(), -12.5);
  EXPECT_EQ(out.macro_adjustment_points(), -5);
  EXPECT_EQ(out.qualitative().management_quality(), v1::ASSESSMENT_STRONG);
  EXPECT_EQ(out.qualitative().market_position(), v1::ASSESSMENT_GOOD);
  EXPECT_EQ(out.qualitative().industry_outlook(), v1::ASSESSMENT_WEAK);
  EXPECT_EQ(out.qualitative().guarantee_strength(), v1::ASSESSMENT_POOR);
  ASSERT_EQ(out.ratios_size(), 2);
  EXPECT_EQ(out.ratios(0).ratio(), "current_ratio");
  EXPECT_EQ(out.ratios(0).value(), 1.25);
  EXPECT_EQ(out.ratios(1).undefined_reason(), "debt_service is missing");
  ASSERT_EQ(out.statement_periods_size(), 2);
  const v1::StatementPeriod& annual = out.statement_periods(0);
  EXPECT_EQ(annual.statement(),
            std::string("customers/") + kCustomerId + "/financialStatements/st-2024");
  EXPECT_EQ(annual.fiscal_year(), 2024);
  EXPECT_EQ(annual.fiscal_quarter(), 0);
  EXPECT_EQ(annual.period_end_date().year(), 2024);
  EXPECT_EQ(annual.period_end_date().month(), 12);
  EXPECT_EQ(annual.period_end_date().day(), 31);
  EXPECT_TRUE(annual.audited());
  const v1::StatementPeriod& quarter = out.statement_periods(1);
  EXPECT_EQ(quarter.statement(),
            std::string("customers/") + kCustomerId + "/financialStatements/st-2025q3");
  EXPECT_EQ(quarter.fiscal_quarter(), 3);
  EXPECT_FALSE(quarter.audited());
  EXPECT_EQ(out.industry_code(), "C3011");
  EXPECT_EQ(out.segment(), v1::SEGMENT_SME);
  EXPECT_EQ(out.bureau_report().report_id(), "PBOC-2025-000123");
  EXPECT_EQ(out.merton().asset_value(), 12.4);
  EXPECT_EQ(out.merton().iterations(), 6);
  EXPECT_EQ(out.altman().variant(), v1::ALTMAN_VARIANT_Z_DOUBLE_PRIME);
  EXPECT_EQ(out.altman().zone(), v1::ALTMAN_ZONE_GREY);
  EXPECT_THAT(out.altman().ratios(), ElementsAre(0.1, 0.2, 0.3, 0.4));
  EXPECT_EQ(out.default_reason(), "bureau: 95 days overdue");
  EXPECT_EQ(out.maker(), "analyst-3");
  EXPECT_EQ(out.checker(), "approver-9");
  EXPECT_EQ(out.override_reason(), "group support weaker than modelled");
  EXPECT_EQ(out.rejection_reason(), "n/a");
  EXPECT_EQ(TimeOf(out.create_time()), kCreated);
  EXPECT_EQ(TimeOf(out.decision_time()), kDecided);
  EXPECT_EQ(TimeOf(out.valid_until()), kValidUntil);
  EXPECT_TRUE(out.review_required());
  EXPECT_EQ(out.review_reason(), "new financial statement FY2025");
  EXPECT_EQ(out.rerating_job(), std::string("reratingJobs/") + kJobId);
  EXPECT_EQ(out.etag(), "r5");
}

TEST(RatingMappingTest, AbsentPartsStayUnset) {
  Rating draft = FullRating();
  draft.state = RatingState::kDraft;
  draft.bureau_report.reset();
  draft.computed.merton.reset();
  draft.computed.altman.reset();
  draft.decision_time.reset();
  draft.valid_until.reset();
  draft.checker.clear();
  draft.rerating_job.clear();
  v1::Rating out;
  ToProto(draft, &out);
  EXPECT_EQ(out.state(), v1::RATING_STATE_DRAFT);
  EXPECT_FALSE(out.has_bureau_report());
  EXPECT_FALSE(out.has_merton());
  EXPECT_FALSE(out.has_altman());
  EXPECT_FALSE(out.has_decision_time());
  EXPECT_FALSE(out.has_valid_until());
  EXPECT_TRUE(out.has_create_time());
  EXPECT_EQ(out.checker(), "");
  EXPECT_EQ(out.rerating_job(), "");
}

TEST(RatingMappingTest, ToProtoReplacesWhatWasThere) {
  v1::Rating out;
  ToProto(FullRating(), &out);
  Rating bare;
  bare.rating_id = "r2";
  bare.customer_id = "c2";
  ToProto(bare, &out);
  EXPECT_EQ(out.contributions_size(), 0);
  EXPECT_EQ(out.ratios_size(), 0);
  EXPECT_FALSE(out.has_merton());
  EXPECT_FALSE(out.has_valid_until());
  EXPECT_EQ(out.name(), "customers/c2/ratings/r2");
}

TEST(RatioValueMappingTest, ExactlyOneOfValueAndReason) {
  v1::RatioValue defined;
  ToProto(RatioValue{"current_ratio", 0.0, ""}, &defined);
  EXPECT_EQ(defined.result_case(), v1::RatioValue::kValue);
  EXPECT_EQ(defined.value(), 0.0);
  EXPECT_FALSE(defined.has_undefined_reason());

  v1::RatioValue undefined;
  ToProto(RatioValue{"dscr", std::nullopt, "debt_service is missing"}, &undefined);
  EXPECT_EQ(undefined.result_case(), v1::RatioValue::kUndefinedReason);
  EXPECT_EQ(undefined.undefined_reason(), "debt_service is missing");
  EXPECT_FALSE(undefined.has_value());

  // The case survives the wire, including a value of 0.
  v1::RatioValue parsed;
  ASSERT_TRUE(parsed.ParseFromString(defined.SerializeAsString()));
  EXPECT_EQ(parsed.result_case(), v1::RatioValue::kValue);
  ASSERT_TRUE(parsed.ParseFromString(undefined.SerializeAsString()));
  EXPECT_EQ(parsed.result_case(), v1::RatioValue::kUndefinedReason);
}

TEST(RatioValueMappingTest, NeverNeitherNorANonFiniteNumber) {
  v1::RatioValue no_reason;
  ToProto(RatioValue{"quick_ratio", std::nullopt, ""}, &no_reason);
  EXPECT_EQ(no_reason.result_case(), v1::RatioValue::kUndefinedReason);
  EXPECT_FALSE(no_reason.undefined_reason().empty());

  v1::RatioValue infinite;
  ToProto(RatioValue{"interest_coverage", kInf, ""}, &infinite);
  EXPECT_EQ(infinite.result_case(), v1::RatioValue::kUndefinedReason);
  EXPECT_EQ(infinite.undefined_reason(), "not a finite number");

  // A reused message loses its old case.
  ToProto(RatioValue{"quick_ratio", 0.9, ""}, &infinite);
  EXPECT_EQ(infinite.result_case(), v1::RatioValue::kValue);
  EXPECT_EQ(infinite.ratio(), "quick_ratio");
}

TEST(FinancialRatiosMappingTest, ToProtoFillsEveryField) {
  StatementRatios ratios;
  ratios.customer_id = kCustomerId;
  ratios.statement.statement_id = "st-2024";
  ratios.statement.period_type = PeriodType::kAnnual;
  ratios.statement.fiscal_year = 2024;
  ratios.statement.fiscal_quarter = 4;  // not realistic for annual; checks the copy
  ratios.statement.period_end_date = absl::CivilDay(2024, 12, 31);
  ratios.statement.audited = true;
  ratios.statement.currency_code = "CNY";
  ratios.prior_year = StatementFigures{};
  ratios.prior_year->statement_id = "st-2023";
  ratios.ratios = {RatioValue{"current_ratio", 1.4, ""},
                   RatioValue{"revenue_growth", std::nullopt, "revenue is missing"}};
  v1::FinancialRatios out;
  ToProto(ratios, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.customer_id(), kCustomerId);
  EXPECT_EQ(out.statement(),
            std::string("customers/") + kCustomerId + "/financialStatements/st-2024");
  EXPECT_EQ(out.fiscal_year(), 2024);
  EXPECT_EQ(out.fiscal_quarter(), 4);
  EXPECT_EQ(out.period_end_date().year(), 2024);
  EXPECT_EQ(out.period_end_date().month(), 12);
  EXPECT_EQ(out.period_end_date().day(), 31);
  EXPECT_TRUE(out.audited());
  EXPECT_EQ(out.currency_code(), "CNY");
  EXPECT_EQ(out.prior_statement(),
            std::string("customers/") + kCustomerId + "/financialStatements/st-2023");
  ASSERT_EQ(out.ratios_size(), 2);
  EXPECT_EQ(out.ratios(0).value(), 1.4);
  EXPECT_EQ(out.ratios(1).undefined_reason(), "revenue is missing");

  ratios.prior_year.reset();
  ToProto(ratios, &out);
  EXPECT_EQ(out.prior_statement(), "");
}

TEST(BureauReportMappingTest, ToProtoFillsEveryField) {
  v1::BureauReport out;
  ToProto(FullBureauReport(), &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.source(), "pboc");
  EXPECT_EQ(out.report_id(), "PBOC-2025-000123");
  EXPECT_EQ(out.report_date().year(), 2025);
  EXPECT_EQ(out.report_date().month(), 2);
  EXPECT_EQ(out.report_date().day(), 27);
  EXPECT_EQ(out.max_days_overdue_24m(), 45);
  EXPECT_TRUE(MessageDifferencer::Equals(out.current_overdue_amount(), Cny(120000, 500000000)));
  EXPECT_TRUE(MessageDifferencer::Equals(out.guarantees_given(), Cny(3000000)));
  EXPECT_EQ(out.open_lawsuits(), 2);
  EXPECT_TRUE(MessageDifferencer::Equals(out.other_bank_loans(), Cny(80000000)));
}

TEST(AnalyticsResultMappingTest, MertonAndAltman) {
  v1::MertonResult merton;
  ToProto(MertonResult{12.4, 0.2123, 10, 1.14, 0.127, 6}, &merton);
  EXPECT_THAT(UnsetFields(merton), IsEmpty());
  EXPECT_EQ(merton.asset_value(), 12.4);
  EXPECT_EQ(merton.asset_volatility(), 0.2123);
  EXPECT_EQ(merton.default_point(), 10);
  EXPECT_EQ(merton.distance_to_default(), 1.14);
  EXPECT_EQ(merton.default_probability(), 0.127);
  EXPECT_EQ(merton.iterations(), 6);

  v1::AltmanResult altman;
  ToProto(AltmanResult{AltmanVariant::kZ, 3.2, AltmanZone::kSafe, {0.1, 0.2, 0.3, 0.4, 0.5}},
          &altman);
  EXPECT_THAT(UnsetFields(altman), IsEmpty());
  EXPECT_EQ(altman.variant(), v1::ALTMAN_VARIANT_Z);
  EXPECT_EQ(altman.score(), 3.2);
  EXPECT_EQ(altman.zone(), v1::ALTMAN_ZONE_SAFE);
  EXPECT_THAT(altman.ratios(), ElementsAre(0.1, 0.2, 0.3, 0.4, 0.5));
}

TEST(PricingMappingTest, ToProtoFillsEveryField) {
  PricingTerms terms;
  terms.grade = CreditGrade::kBBB;
  terms.segment = Segment::kKey;
  terms.tenor_months = 84;
  terms.eligible = true;
  terms.reason = "within policy";
  terms.lpr_term = "5Y";
  terms.lpr_bps = 350;
  terms.spread_bps = 120;
  terms.all_in_rate_bps = 470;
  terms.max_tenor_months = 120;
  terms.collateral_requirement = "PARTIAL";
  terms.min_collateral_coverage_bps = 5000;
  terms.min_dscr = 1.25;
  terms.max_debt_to_asset = 0.7;
  terms.approval_authority = "BRANCH_CREDIT_COMMITTEE";
  v1::PricingRecommendation out;
  ToProto(terms, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.grade(), v1::CREDIT_GRADE_BBB);
  EXPECT_EQ(out.segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(out.tenor_months(), 84);
  EXPECT_TRUE(out.eligible());
  EXPECT_EQ(out.reason(), "within policy");
  EXPECT_EQ(out.lpr_term(), "5Y");
  EXPECT_EQ(out.lpr_bps(), 350);
  EXPECT_EQ(out.spread_bps(), 120);
  EXPECT_EQ(out.all_in_rate_bps(), 470);
  EXPECT_EQ(out.max_tenor_months(), 120);
  EXPECT_EQ(out.collateral_requirement(), "PARTIAL");
  EXPECT_EQ(out.min_collateral_coverage_bps(), 5000);
  EXPECT_EQ(out.min_dscr(), 1.25);
  EXPECT_EQ(out.max_debt_to_asset(), 0.7);
  EXPECT_EQ(out.approval_authority(), "BRANCH_CREDIT_COMMITTEE");
}

TEST(ReratingJobMappingTest, ToProtoFillsEveryField) {
  ReratingJob job;
  job.job_id = kJobId;
  job.state = ReratingJobState::kSucceeded;
  job.segment = Segment::kFirstTimeBorrower;
  job.model_family = "corporate";
  job.page_token = "internal-cursor";
  job.counts = ReratingProgress{1200, 1100, 90, 10};
  job.created_by = "credit-admin-1";
  job.create_time = kCreated;
  job.update_time = kDecided;
  job.finish_time = kDecided + absl::Seconds(1);
  job.last_error = "customer 42: UNAVAILABLE";
  v1::ReratingJob out;
  ToProto(job, &out);
  EXPECT_THAT(UnsetFields(out), IsEmpty());
  EXPECT_EQ(out.name(), std::string("reratingJobs/") + kJobId);
  EXPECT_EQ(out.job_id(), kJobId);
  EXPECT_EQ(out.state(), v1::RERATING_JOB_STATE_SUCCEEDED);
  EXPECT_EQ(out.segment(), v1::SEGMENT_FIRST_TIME_BORROWER);
  EXPECT_EQ(out.model_family(), "corporate");
  EXPECT_EQ(out.processed(), 1200);
  EXPECT_EQ(out.rated(), 1100);
  EXPECT_EQ(out.skipped(), 90);
  EXPECT_EQ(out.failed(), 10);
  EXPECT_EQ(out.created_by(), "credit-admin-1");
  EXPECT_EQ(TimeOf(out.create_time()), kCreated);
  EXPECT_EQ(TimeOf(out.update_time()), kDecided);
  EXPECT_EQ(TimeOf(out.finish_time()), kDecided + absl::Seconds(1));
  EXPECT_EQ(out.last_error(), "customer 42: UNAVAILABLE");

  job.state = ReratingJobState::kRunning;
  job.finish_time.reset();
  ToProto(job, &out);
  EXPECT_EQ(out.state(), v1::RERATING_JOB_STATE_RUNNING);
  EXPECT_FALSE(out.has_finish_time());
}

// ---- Rating inputs ----

TEST(QualitativeMappingTest, UnknownNumbersAreViolationsUnspecifiedIsLeftToTheDomain) {
  v1::QualitativeInputs in;
  in.set_management_quality(static_cast<v1::Assessment>(6));
  in.set_market_position(v1::ASSESSMENT_UNSPECIFIED);
  in.set_industry_outlook(static_cast<v1::Assessment>(-1));
  in.set_guarantee_strength(v1::ASSESSMENT_ADEQUATE);
  const absl::StatusOr<QualitativeInputs> read = FromProto(in, "qualitative");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(read), UnorderedElementsAre("qualitative.management_quality",
                                                         "qualitative.industry_outlook"));

  ASSERT_OK_AND_ASSIGN(QualitativeInputs empty, FromProto(v1::QualitativeInputs(), "qualitative"));
  EXPECT_EQ(empty.management_quality, Assessment::kUnspecified);
  EXPECT_EQ(empty.guarantee_strength, Assessment::kUnspecified);
}

v1::MarketInputs GoodMarket() {
  v1::MarketInputs m;
  *m.mutable_equity_value() = Cny(3000000000, 500000000);
  m.set_equity_volatility(0.35);
  m.set_risk_free_rate(0.02);
  return m;
}

TEST(MarketMappingTest, ReadsAmountsAsDoubles) {
  ASSERT_OK_AND_ASSIGN(MarketInputs m, FromProto(GoodMarket(), "market"));
  EXPECT_THAT(m.equity_value, DoubleEq(3000000000.5));
  EXPECT_EQ(m.equity_volatility, 0.35);
  EXPECT_EQ(m.risk_free_rate, 0.02);
}

TEST(MarketMappingTest, BoundsAreInclusiveWhereDocumented) {
  v1::MarketInputs m = GoodMarket();
  m.set_equity_volatility(5);
  m.set_risk_free_rate(-0.05);
  EXPECT_OK(FromProto(m, "market"));
  m.set_risk_free_rate(0.5);
  EXPECT_OK(FromProto(m, "market"));
}

TEST(MarketMappingTest, EveryProblemAtOnce) {
  v1::MarketInputs m = GoodMarket();
  m.clear_equity_value();
  m.set_equity_volatility(0);
  m.set_risk_free_rate(0.51);
  absl::StatusOr<MarketInputs> read = FromProto(m, "market");
  EXPECT_THAT(read, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(read),
              UnorderedElementsAre("market.equity_value", "market.equity_volatility",
                                   "market.risk_free_rate"));

  m = GoodMarket();
  *m.mutable_equity_value() = Cny(0);
  m.set_equity_volatility(5.01);
  m.set_risk_free_rate(-0.06);
  read = FromProto(m, "market");
  EXPECT_THAT(ViolatedFields(read),
              UnorderedElementsAre("market.equity_value", "market.equity_volatility",
                                   "market.risk_free_rate"));

  m = GoodMarket();
  *m.mutable_equity_value() = WireMoney("cny", -5, 1);
  m.set_equity_volatility(kNaN);
  m.set_risk_free_rate(kInf);
  read = FromProto(m, "market");
  EXPECT_THAT(ViolatedFields(read),
              UnorderedElementsAre("market.equity_value.currency_code", "market.equity_value.nanos",
                                   "market.equity_volatility", "market.risk_free_rate"));
}

TEST(MarketMappingTest, NegativeEquityIsNotPositive) {
  v1::MarketInputs m = GoodMarket();
  *m.mutable_equity_value() = Cny(-1);
  const absl::StatusOr<MarketInputs> read = FromProto(m, "market");
  EXPECT_THAT(ViolatedFields(read), ElementsAre("market.equity_value"));
}

// ---- Merton ----

v1::CalculateMertonRequest MertonWithDebt() {
  v1::CalculateMertonRequest r;
  *r.mutable_equity_value() = Cny(3);
  r.set_equity_volatility(0.8);
  *r.mutable_debt() = Cny(10);
  r.set_risk_free_rate(0.05);
  return r;
}

TEST(MertonRequestMappingTest, DebtIsTheDefaultPointAndHorizonDefaultsToOne) {
  ASSERT_OK_AND_ASSIGN(MertonInputs in, FromProto(MertonWithDebt()));
  EXPECT_EQ(in.equity_value, 3);
  EXPECT_EQ(in.equity_volatility, 0.8);
  EXPECT_EQ(in.default_point, 10);
  EXPECT_EQ(in.risk_free_rate, 0.05);
  EXPECT_EQ(in.horizon_years, 1);
  // What passes here is what SolveMerton accepts.
  EXPECT_OK(SolveMerton(in));

  v1::CalculateMertonRequest r = MertonWithDebt();
  r.set_horizon_years(2.5);
  ASSERT_OK_AND_ASSIGN(in, FromProto(r));
  EXPECT_EQ(in.horizon_years, 2.5);
}

TEST(MertonRequestMappingTest, ShortAndLongTermDebtGiveTheKmvDefaultPoint) {
  v1::CalculateMertonRequest r = MertonWithDebt();
  r.clear_debt();
  *r.mutable_short_term_debt() = Cny(6);
  *r.mutable_long_term_debt() = Cny(8);
  ASSERT_OK_AND_ASSIGN(MertonInputs in, FromProto(r));
  EXPECT_EQ(in.default_point, KmvDefaultPoint(6, 8));
  EXPECT_EQ(in.default_point, 10);

  r.clear_short_term_debt();
  ASSERT_OK_AND_ASSIGN(in, FromProto(r));
  EXPECT_EQ(in.default_point, 4);

  r.clear_long_term_debt();
  *r.mutable_short_term_debt() = Cny(7, 500000000);
  ASSERT_OK_AND_ASSIGN(in, FromProto(r));
  EXPECT_EQ(in.default_point, 7.5);

  // A zero part is fine as long as the point is positive.
  *r.mutable_long_term_debt() = Cny(0);
  ASSERT_OK_AND_ASSIGN(in, FromProto(r));
  EXPECT_EQ(in.default_point, 7.5);
}

TEST(MertonRequestMappingTest, BothFormsOfDebtIsAViolationOnDebt) {
  v1::CalculateMertonRequest r = MertonWithDebt();
  *r.mutable_long_term_debt() = Cny(8);
  const absl::StatusOr<MertonInputs> in = FromProto(r);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(in), ElementsAre("debt"));
}

TEST(MertonRequestMappingTest, NoDebtIsAViolationOnDebt) {
  v1::CalculateMertonRequest r = MertonWithDebt();
  r.clear_debt();
  const absl::StatusOr<MertonInputs> in = FromProto(r);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(in), ElementsAre("debt"));
}

TEST(MertonRequestMappingTest, AmountsMustShareTheFirstAmountsCurrency) {
  v1::CalculateMertonRequest r = MertonWithDebt();
  *r.mutable_debt() = WireMoney("USD", 10);
  absl::StatusOr<MertonInputs> in = FromProto(r);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(in), ElementsAre("debt.currency_code"));
  EXPECT_EQ(FieldViolationsOf(in.status())[0].description,
            "must be the currency of equity_value (CNY)");

  r.clear_debt();
  *r.mutable_short_term_debt() = Cny(6);
  *r.mutable_long_term_debt() = WireMoney("USD", 8);
  in = FromProto(r);
  EXPECT_THAT(ViolatedFields(in), ElementsAre("long_term_debt.currency_code"));

  // Without a readable equity value, the first readable debt sets the currency.
  *r.mutable_equity_value() = WireMoney("CNY", 1, -1);
  *r.mutable_short_term_debt() = WireMoney("USD", 6);
  in = FromProto(r);
  EXPECT_THAT(ViolatedFields(in), ElementsAre("equity_value.nanos"));
}

TEST(MertonRequestMappingTest, NonPositiveAmounts) {
  v1::CalculateMertonRequest r = MertonWithDebt();
  *r.mutable_equity_value() = Cny(0);
  *r.mutable_debt() = Cny(-10);
  absl::StatusOr<MertonInputs> in = FromProto(r);
  EXPECT_THAT(ViolatedFields(in), UnorderedElementsAre("equity_value", "debt"));

  r = MertonWithDebt();
  r.clear_debt();
  *r.mutable_short_term_debt() = Cny(-1);
  *r.mutable_long_term_debt() = Cny(-2);
  in = FromProto(r);
  EXPECT_THAT(ViolatedFields(in), UnorderedElementsAre("short_term_debt", "long_term_debt"));

  // Zero parts: the KMV point is not positive.
  *r.mutable_short_term_debt() = Cny(0);
  *r.mutable_long_term_debt() = Cny(0);
  in = FromProto(r);
  EXPECT_THAT(ViolatedFields(in), ElementsAre("short_term_debt"));
  r.clear_short_term_debt();
  in = FromProto(r);
  EXPECT_THAT(ViolatedFields(in), ElementsAre("long_term_debt"));
}

TEST(MertonRequestMappingTest, EveryProblemAtOnceUnderRequestFieldNames) {
  v1::CalculateMertonRequest r;
  r.set_equity_volatility(5.5);
  *r.mutable_debt() = WireMoney("CNY", 10, -5);
  r.set_risk_free_rate(-0.051);
  r.set_horizon_years(30.5);
  const absl::StatusOr<MertonInputs> in = FromProto(r);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  // No MertonInputs names ("default_point") reach the client.
  EXPECT_THAT(ViolatedFields(in),
              UnorderedElementsAre("equity_value", "equity_volatility", "debt.nanos",
                                   "risk_free_rate", "horizon_years"));
}

TEST(MertonRequestMappingTest, RangesMatchSolveMerton) {
  v1::CalculateMertonRequest r = MertonWithDebt();
  r.set_horizon_years(-1);
  EXPECT_THAT(ViolatedFields(FromProto(r)), ElementsAre("horizon_years"));
  r.set_horizon_years(kNaN);
  EXPECT_THAT(ViolatedFields(FromProto(r)), ElementsAre("horizon_years"));
  r.set_horizon_years(30);
  EXPECT_OK(FromProto(r));
  r.set_equity_volatility(kInf);
  EXPECT_THAT(ViolatedFields(FromProto(r)), ElementsAre("equity_volatility"));
  r.set_equity_volatility(-0.1);
  EXPECT_THAT(ViolatedFields(FromProto(r)), ElementsAre("equity_volatility"));
  r.set_equity_volatility(5);
  r.set_risk_free_rate(kNaN);
  EXPECT_THAT(ViolatedFields(FromProto(r)), ElementsAre("risk_free_rate"));
  r.set_risk_free_rate(0.5);
  ASSERT_OK_AND_ASSIGN(MertonInputs in, FromProto(r));
  // The domain's own checks agree the edges are in range (convergence aside).
  const absl::StatusOr<MertonResult> solved = SolveMerton(in);
  EXPECT_NE(solved.status().code(), absl::StatusCode::kInvalidArgument) << solved.status();
}

// ---- Altman ----

v1::CalculateAltmanZRequest AltmanRequest() {
  v1::CalculateAltmanZRequest r;
  r.set_variant(v1::ALTMAN_VARIANT_Z_PRIME);
  *r.mutable_working_capital() = Cny(-200);
  *r.mutable_retained_earnings() = Cny(300);
  *r.mutable_ebit() = Cny(150, 500000000);
  *r.mutable_equity() = Cny(800);
  *r.mutable_revenue() = Cny(2500);
  *r.mutable_total_assets() = Cny(2000);
  *r.mutable_total_liabilities() = Cny(1200);
  return r;
}

TEST(AltmanRequestMappingTest, ReadsVariantAndAmounts) {
  AltmanVariant variant = AltmanVariant::kUnspecified;
  ASSERT_OK_AND_ASSIGN(AltmanInputs in, FromProto(AltmanRequest(), variant));
  EXPECT_EQ(variant, AltmanVariant::kZPrime);
  EXPECT_EQ(in.working_capital, -200);
  EXPECT_EQ(in.retained_earnings, 300);
  EXPECT_EQ(in.ebit, 150.5);
  EXPECT_EQ(in.equity, 800);
  EXPECT_EQ(in.revenue, 2500);
  EXPECT_EQ(in.total_assets, 2000);
  EXPECT_EQ(in.total_liabilities, 1200);
  EXPECT_OK(AltmanZ(variant, in));
}

TEST(AltmanRequestMappingTest, EveryAmountTheVariantUsesIsRequired) {
  // A missing amount must not silently count as zero.
  v1::CalculateAltmanZRequest r = AltmanRequest();
  r.clear_working_capital();
  r.clear_revenue();
  AltmanVariant variant = AltmanVariant::kUnspecified;
  absl::StatusOr<AltmanInputs> in = FromProto(r, variant);
  EXPECT_THAT(ViolatedFields(in), UnorderedElementsAre("working_capital", "revenue"));

  // Z″ has no sales ratio: revenue may be left out, working capital may not.
  r.set_variant(v1::ALTMAN_VARIANT_Z_DOUBLE_PRIME);
  in = FromProto(r, variant);
  EXPECT_THAT(ViolatedFields(in), ElementsAre("working_capital"));
  *r.mutable_working_capital() = Cny(-200);
  ASSERT_OK_AND_ASSIGN(AltmanInputs inputs, FromProto(r, variant));
  EXPECT_EQ(variant, AltmanVariant::kZDoublePrime);
  EXPECT_EQ(inputs.revenue, 0);
  EXPECT_EQ(inputs.working_capital, -200);
}

TEST(AltmanRequestMappingTest, VariantMustBeKnownAndSpecified) {
  v1::CalculateAltmanZRequest r = AltmanRequest();
  r.set_variant(v1::ALTMAN_VARIANT_UNSPECIFIED);
  AltmanVariant variant = AltmanVariant::kZ;
  absl::StatusOr<AltmanInputs> in = FromProto(r, variant);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(in), ElementsAre("variant"));
  EXPECT_EQ(variant, AltmanVariant::kUnspecified);

  r.set_variant(static_cast<v1::AltmanVariant>(4));
  in = FromProto(r, variant);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(in), ElementsAre("variant"));
}

TEST(AltmanRequestMappingTest, DenominatorsRequiredAndPositive) {
  v1::CalculateAltmanZRequest r = AltmanRequest();
  r.clear_total_assets();
  r.clear_total_liabilities();
  AltmanVariant variant = AltmanVariant::kUnspecified;
  absl::StatusOr<AltmanInputs> in = FromProto(r, variant);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(in), UnorderedElementsAre("total_assets", "total_liabilities"));

  *r.mutable_total_assets() = Cny(0);
  *r.mutable_total_liabilities() = Cny(-1);
  in = FromProto(r, variant);
  EXPECT_THAT(ViolatedFields(in), UnorderedElementsAre("total_assets", "total_liabilities"));
}

TEST(AltmanRequestMappingTest, EveryProblemAtOnce) {
  v1::CalculateAltmanZRequest r = AltmanRequest();
  r.set_variant(v1::ALTMAN_VARIANT_UNSPECIFIED);
  *r.mutable_ebit() = WireMoney("CNY", 1, -1);
  *r.mutable_equity() = WireMoney("EUR", 800);
  *r.mutable_revenue() = WireMoney("", 5);
  r.clear_total_liabilities();
  AltmanVariant variant = AltmanVariant::kUnspecified;
  const absl::StatusOr<AltmanInputs> in = FromProto(r, variant);
  EXPECT_THAT(in, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(in),
              UnorderedElementsAre("variant", "ebit.nanos", "equity.currency_code",
                                   "revenue.currency_code", "total_liabilities"));
}

}  // namespace
}  // namespace ccrm::rating
