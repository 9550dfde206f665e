// Fuzz target over ccrm.rating.v1.CreditRating: every RPC's request goes through what its
// handler (services/credit-rating/api/credit_rating_service.cc) runs before storage: request id,
// resource names (customers, ratings, scorecardModels, reratingJobs), enum mapping, proto →
// domain mapping of scorecard models, qualitative and market inputs, the model validation the
// model service runs before it stores a model (ValidateScorecardModel), the Merton/KMV and
// Altman analytics (pure: the handler calls them directly), and page token / size resolution.
// Property: ToProto(FromProto(ToProto(FromProto(m)))) == ToProto(FromProto(m)) for models.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "common/ids/etag.h"
#include "common/pagination/paging.h"
#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/credit-rating/api/proto_mapping.h"
#include "services/credit-rating/api/request_parsing.h"
#include "services/credit-rating/domain/model_definition.h"
#include "services/credit-rating/domain/scorecard.h"
#include "tests/fuzz/fuzz_harness.h"

namespace ccrm::rating {
namespace {

using fuzz::Check;
using fuzz::Cny;
using fuzz::MakeSeed;
using fuzz::Seed;

constexpr char kCustomerName[] = "customers/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01";
constexpr char kRatingName[] =
    "customers/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01/ratings/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e03";
constexpr char kModelName[] = "scorecardModels/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e04";
constexpr char kJobName[] = "reratingJobs/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e05";

absl::Status Page(const std::string& canonical, const std::string& token, int size) {
  PageQuery page;
  return ResolvePage(canonical, token, size, page);
}

// Analytics answer figures a client shows: never NaN or infinite.
void RequireFinite(double value, const char* what) {
  if (!std::isfinite(value)) {
    fuzz::Fail(absl::StrCat(what, " is not finite: ", value));
  }
}

absl::Status ComputeFinancialRatios(const v1::ComputeFinancialRatiosRequest& r) {
  return CustomerIdOf(r.customer(), "customer").status();
}

absl::Status CreateScorecardModel(const v1::CreateScorecardModelRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(ScorecardModel draft, FromProto(r.model(), "model"));
  v1::ScorecardModel once;
  ToProto(draft, &once);
  absl::StatusOr<ScorecardModel> again = FromProto(once, "model");
  if (!again.ok()) {
    fuzz::Fail(absl::StrCat("model: ToProto of a mapped model does not map back: ",
                            again.status().ToString()));
  }
  v1::ScorecardModel twice;
  ToProto(*again, &twice);
  fuzz::RequireSameMessage(once, twice, "model");
  return ValidateScorecardModel(draft, "model");
}

absl::Status GetScorecardModel(const v1::GetScorecardModelRequest& r) {
  return ModelIdOf(r.name(), "name").status();
}

absl::Status ListScorecardModels(const v1::ListScorecardModelsRequest& r) {
  return Page(absl::StrCat("models|", r.family()), r.page_token(), r.page_size());
}

absl::Status ActivateScorecardModel(const v1::ActivateScorecardModelRequest& r) {
  return ModelIdOf(r.name(), "name").status();
}

absl::Status RateCustomer(const v1::RateCustomerRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  FieldViolations violations;
  violations.Merge(CustomerIdOf(r.customer(), "customer").status());
  violations.Merge(FromProto(r.qualitative(), "qualitative").status());
  if (r.has_market()) {
    violations.Merge(FromProto(r.market(), "market").status());
  }
  if (!r.model().empty()) {
    violations.Merge(ModelIdOf(r.model(), "model").status());
  }
  return violations.ToStatus();
}

absl::Status GetRating(const v1::GetRatingRequest& r) { return RatingIdsOf(r.name()).status(); }

absl::Status ListRatings(const v1::ListRatingsRequest& r) {
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(RatingState state, FromProto(r.state(), "state"));
  return Page(absl::StrCat("ratings|", customer_id, "|", static_cast<int>(state)), r.page_token(),
              r.page_size());
}

absl::Status GetLatestApprovedRating(const v1::GetLatestApprovedRatingRequest& r) {
  return CustomerIdOf(r.customer(), "customer").status();
}

absl::Status ApproveRating(const v1::ApproveRatingRequest& r) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, RatingIdsOf(r.name()));
  return FromProto(r.override_grade(), "override_grade").status();
}

absl::Status RejectRating(const v1::RejectRatingRequest& r) {
  return RatingIdsOf(r.name()).status();
}

absl::Status ListRatingsDueForReview(const v1::ListRatingsDueForReviewRequest& r) {
  return Page(absl::StrCat("due|", r.within_days()), r.page_token(), r.page_size());
}

absl::Status CalculateMerton(const v1::CalculateMertonRequest& r) {
  ASSIGN_OR_RETURN(MertonInputs inputs, FromProto(r));
  ASSIGN_OR_RETURN(MertonResult result, SolveMerton(inputs));
  v1::MertonResult out;
  ToProto(result, &out);
  RequireFinite(result.asset_value, "merton asset_value");
  RequireFinite(result.asset_volatility, "merton asset_volatility");
  RequireFinite(result.distance_to_default, "merton distance_to_default");
  RequireFinite(result.default_probability, "merton default_probability");
  return absl::OkStatus();
}

absl::Status CalculateAltmanZ(const v1::CalculateAltmanZRequest& r) {
  AltmanVariant variant = AltmanVariant::kUnspecified;
  ASSIGN_OR_RETURN(AltmanInputs inputs, FromProto(r, variant));
  ASSIGN_OR_RETURN(AltmanResult result, AltmanZ(variant, inputs));
  v1::AltmanResult out;
  ToProto(result, &out);
  RequireFinite(result.score, "altman score");
  return absl::OkStatus();
}

absl::Status RecommendPricing(const v1::RecommendPricingRequest& r) {
  FieldViolations violations;
  violations.Merge(FromProto(r.grade(), "grade").status());
  violations.Merge(FromProto(r.segment(), "segment").status());
  if (!r.customer().empty()) {
    violations.Merge(CustomerIdOf(r.customer(), "customer").status());
  }
  return violations.ToStatus();
}

absl::Status StartPortfolioRerating(const v1::StartPortfolioReratingRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  return FromProto(r.segment(), "segment").status();
}

absl::Status GetReratingJob(const v1::GetReratingJobRequest& r) {
  return JobIdOf(r.name()).status();
}

absl::Status ListReratingJobs(const v1::ListReratingJobsRequest& r) {
  return Page("rerating_jobs", r.page_token(), r.page_size());
}

absl::Status CancelReratingJob(const v1::CancelReratingJobRequest& r) {
  return JobIdOf(r.name()).status();
}

}  // namespace
}  // namespace ccrm::rating

const google::protobuf::ServiceDescriptor& CcrmFuzzService() {
  return *ccrm::rating::v1::Rating::descriptor()->file()->FindServiceByName("CreditRating");
}

const ccrm::fuzz::RequestChecks& CcrmFuzzChecks() {
  using namespace ccrm::rating;  // NOLINT: the checks' names are the methods' names
  static const auto* checks = new ccrm::fuzz::RequestChecks{
      {"ComputeFinancialRatios", Check(&ComputeFinancialRatios)},
      {"CreateScorecardModel", Check(&CreateScorecardModel)},
      {"GetScorecardModel", Check(&GetScorecardModel)},
      {"ListScorecardModels", Check(&ListScorecardModels)},
      {"ActivateScorecardModel", Check(&ActivateScorecardModel)},
      {"RateCustomer", Check(&RateCustomer)},
      {"GetRating", Check(&GetRating)},
      {"ListRatings", Check(&ListRatings)},
      {"GetLatestApprovedRating", Check(&GetLatestApprovedRating)},
      {"ApproveRating", Check(&ApproveRating)},
      {"RejectRating", Check(&RejectRating)},
      {"ListRatingsDueForReview", Check(&ListRatingsDueForReview)},
      {"CalculateMerton", Check(&CalculateMerton)},
      {"CalculateAltmanZ", Check(&CalculateAltmanZ)},
      {"RecommendPricing", Check(&RecommendPricing)},
      {"StartPortfolioRerating", Check(&StartPortfolioRerating)},
      {"GetReratingJob", Check(&GetReratingJob)},
      {"ListReratingJobs", Check(&ListReratingJobs)},
      {"CancelReratingJob", Check(&CancelReratingJob)},
  };
  return *checks;
}

std::vector<ccrm::fuzz::Seed> CcrmFuzzSeeds() {
  using namespace ccrm::rating;  // NOLINT
  std::vector<Seed> seeds;
  {
    v1::ComputeFinancialRatiosRequest c;
    c.set_customer(kCustomerName);
    c.set_fiscal_year(2025);
    seeds.push_back(MakeSeed("ComputeFinancialRatios", c));
    v1::CreateScorecardModelRequest r;
    absl::StatusOr<ScorecardModel> model = ModelDefinitionFromJson(DefaultCorporateModelJson());
    if (model.ok()) {
      ToProto(*model, r.mutable_model());
    }
    r.set_request_id("req-model-1");
    seeds.push_back(MakeSeed("CreateScorecardModel", r));
    r.mutable_model()->set_intercept(std::nan(""));
    seeds.push_back(MakeSeed("CreateScorecardModel", r));
    v1::GetScorecardModelRequest g;
    g.set_name(kModelName);
    seeds.push_back(MakeSeed("GetScorecardModel", g));
    v1::ListScorecardModelsRequest l;
    l.set_family("corporate");
    l.set_page_size(5);
    seeds.push_back(MakeSeed("ListScorecardModels", l));
    v1::ActivateScorecardModelRequest a;
    a.set_name(kModelName);
    a.set_etag(ccrm::FormatEtag(1));
    seeds.push_back(MakeSeed("ActivateScorecardModel", a));
  }
  {
    v1::RateCustomerRequest r;
    r.set_customer(kCustomerName);
    r.mutable_qualitative()->set_management_quality(v1::ASSESSMENT_GOOD);
    r.mutable_qualitative()->set_market_position(v1::ASSESSMENT_ADEQUATE);
    r.mutable_qualitative()->set_industry_outlook(v1::ASSESSMENT_WEAK);
    r.mutable_qualitative()->set_guarantee_strength(v1::ASSESSMENT_STRONG);
    *r.mutable_market()->mutable_equity_value() = Cny(400'000'000);
    r.mutable_market()->set_equity_volatility(0.35);
    r.mutable_market()->set_risk_free_rate(0.025);
    r.set_model(kModelName);
    seeds.push_back(MakeSeed("RateCustomer", r));
    r.mutable_market()->set_equity_volatility(9);
    seeds.push_back(MakeSeed("RateCustomer", r));
    v1::GetRatingRequest g;
    g.set_name(kRatingName);
    seeds.push_back(MakeSeed("GetRating", g));
    v1::ListRatingsRequest l;
    l.set_parent(kCustomerName);
    l.set_page_size(3);
    seeds.push_back(MakeSeed("ListRatings", l));
    v1::GetLatestApprovedRatingRequest la;
    la.set_customer(kCustomerName);
    seeds.push_back(MakeSeed("GetLatestApprovedRating", la));
    v1::ApproveRatingRequest ap;
    ap.set_name(kRatingName);
    ap.set_override_grade(v1::CREDIT_GRADE_BBB);
    ap.set_override_reason("担保充分");
    seeds.push_back(MakeSeed("ApproveRating", ap));
    v1::RejectRatingRequest rj;
    rj.set_name(kRatingName);
    rj.set_reason("资料不全");
    seeds.push_back(MakeSeed("RejectRating", rj));
    v1::ListRatingsDueForReviewRequest d;
    d.set_within_days(30);
    seeds.push_back(MakeSeed("ListRatingsDueForReview", d));
  }
  {
    v1::CalculateMertonRequest m;
    *m.mutable_equity_value() = Cny(400'000'000);
    m.set_equity_volatility(0.4);
    *m.mutable_short_term_debt() = Cny(150'000'000);
    *m.mutable_long_term_debt() = Cny(200'000'000);
    m.set_risk_free_rate(0.03);
    m.set_horizon_years(1);
    seeds.push_back(MakeSeed("CalculateMerton", m));
    m.clear_short_term_debt();
    m.clear_long_term_debt();
    *m.mutable_debt() = Cny(1);
    m.set_equity_volatility(4.9);
    seeds.push_back(MakeSeed("CalculateMerton", m));
    v1::CalculateAltmanZRequest a;
    a.set_variant(v1::ALTMAN_VARIANT_Z);
    *a.mutable_working_capital() = Cny(4'000'000);
    *a.mutable_retained_earnings() = Cny(6'000'000);
    *a.mutable_ebit() = Cny(8'500'000);
    *a.mutable_equity() = Cny(12'000'000);
    *a.mutable_revenue() = Cny(120'000'000);
    *a.mutable_total_assets() = Cny(30'000'000);
    *a.mutable_total_liabilities() = Cny(18'000'000);
    seeds.push_back(MakeSeed("CalculateAltmanZ", a));
    a.set_variant(v1::ALTMAN_VARIANT_Z_DOUBLE_PRIME);
    *a.mutable_total_liabilities() = Cny(0);
    seeds.push_back(MakeSeed("CalculateAltmanZ", a));
    v1::RecommendPricingRequest p;
    p.set_grade(v1::CREDIT_GRADE_BBB);
    p.set_segment(v1::SEGMENT_SME);
    p.set_customer(kCustomerName);
    p.set_tenor_months(36);
    seeds.push_back(MakeSeed("RecommendPricing", p));
  }
  {
    v1::StartPortfolioReratingRequest s;
    s.set_segment(v1::SEGMENT_KEY);
    s.set_model_family("corporate");
    s.set_request_id("req-rerate-1");
    seeds.push_back(MakeSeed("StartPortfolioRerating", s));
    v1::GetReratingJobRequest g;
    g.set_name(kJobName);
    seeds.push_back(MakeSeed("GetReratingJob", g));
    v1::ListReratingJobsRequest l;
    l.set_page_size(10);
    seeds.push_back(MakeSeed("ListReratingJobs", l));
    v1::CancelReratingJobRequest c;
    c.set_name(kJobName);
    seeds.push_back(MakeSeed("CancelReratingJob", c));
  }
  return seeds;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return ccrm::fuzz::RunOne(CcrmFuzzService(), CcrmFuzzChecks(), data, size);
}
