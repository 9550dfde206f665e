#include "tools/ccrmctl/rating_commands.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "common/status/status_macros.h"
#include "tools/ccrmctl/formatting.h"
#include "tools/ccrmctl/paging.h"
#include "tools/ccrmctl/resource_names.h"
#include "tools/ccrmctl/session.h"
#include "tools/ccrmctl/table.h"

namespace ccrm::ctl {
namespace {

namespace v1 = ::ccrm::rating::v1;
using RatingStub = v1::CreditRating::Stub;

// The --flag's assessment into `set`, when the flag was given.
absl::Status ReadAssessment(const Invocation& invocation, const char* flag,
                            void (v1::QualitativeInputs::*set)(v1::Assessment),
                            v1::QualitativeInputs* out) {
  if (!invocation.Has(flag)) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(int value,
                   ParseEnumFlag(v1::Assessment_descriptor(), flag, invocation.Flag(flag)));
  (out->*set)(static_cast<v1::Assessment>(value));
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& invocation, Session& session) {
  auto stub = v1::CreditRating::NewStub(session.channel());
  const std::string& arg = invocation.args[0];
  v1::Rating rating;
  if (arg.find("/ratings/") != std::string::npos) {
    v1::GetRatingRequest request;
    request.set_name(arg);
    ASSIGN_OR_RETURN(rating, session.Call(*stub, &RatingStub::GetRating, request));
  } else {
    v1::GetLatestApprovedRatingRequest request;
    request.set_customer(QualifiedName("customers", arg));
    ASSIGN_OR_RETURN(rating, session.Call(*stub, &RatingStub::GetLatestApprovedRating, request));
  }
  return session.output().Show(rating, [&] { return RatingDetails(rating); });
}

absl::Status RunList(const Invocation& invocation, Session& session) {
  v1::ListRatingsRequest request;
  request.set_parent(QualifiedName("customers", invocation.args[0]));
  if (invocation.Has("state")) {
    ASSIGN_OR_RETURN(
        int state, ParseEnumFlag(v1::RatingState_descriptor(), "state", invocation.Flag("state")));
    request.set_state(static_cast<v1::RatingState>(state));
  }
  RETURN_IF_ERROR(SetPage(invocation, &request));
  auto stub = v1::CreditRating::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::ListRatingsResponse response,
                   session.Call(*stub, &RatingStub::ListRatings, request));
  RETURN_IF_ERROR(
      session.output().Show(response, [&] { return RatingsTable(response.ratings()); }));
  session.output().NextPageHint(response.next_page_token());
  return absl::OkStatus();
}

absl::Status RunRate(const Invocation& invocation, Session& session) {
  const std::string request_id = RequestIdFor(invocation.global, session.clock().Now());
  ASSIGN_OR_RETURN(v1::RateCustomerRequest request,
                   RateCustomerRequestFrom(invocation, request_id));
  auto stub = v1::CreditRating::NewStub(session.channel());
  ASSIGN_OR_RETURN(v1::Rating rating, session.CallWithRequestId(*stub, &RatingStub::RateCustomer,
                                                                request, request_id));
  return session.output().Show(rating, [&] { return RatingDetails(rating); });
}

std::string Grade(v1::CreditGrade grade) { return EnumLabel(grade); }

}  // namespace

absl::StatusOr<v1::RateCustomerRequest> RateCustomerRequestFrom(const Invocation& invocation,
                                                                const std::string& request_id) {
  v1::RateCustomerRequest request;
  request.set_customer(QualifiedName("customers", invocation.args[0]));
  v1::QualitativeInputs* q = request.mutable_qualitative();
  RETURN_IF_ERROR(
      ReadAssessment(invocation, "management", &v1::QualitativeInputs::set_management_quality, q));
  RETURN_IF_ERROR(ReadAssessment(invocation, "market_position",
                                 &v1::QualitativeInputs::set_market_position, q));
  RETURN_IF_ERROR(ReadAssessment(invocation, "industry_outlook",
                                 &v1::QualitativeInputs::set_industry_outlook, q));
  RETURN_IF_ERROR(
      ReadAssessment(invocation, "guarantee", &v1::QualitativeInputs::set_guarantee_strength, q));
  if (invocation.Has("model")) {
    request.set_model(QualifiedName("scorecardModels", invocation.Flag("model")));
  }
  request.set_model_family(invocation.Flag("model_family"));
  request.set_request_id(request_id);
  return request;
}

std::string RatingsTable(const google::protobuf::RepeatedPtrField<v1::Rating>& list) {
  Table table(
      {"NAME", "STATE", "GRADE", "SCORE", "PD", "MAKER", "CHECKER", "CREATED", "VALID UNTIL"});
  for (const v1::Rating& r : list) {
    table.AddRow({r.name(), EnumLabel(r.state()), Grade(r.final_grade()), FormatNumber(r.score()),
                  FormatFraction(r.probability_of_default()), r.maker(), r.checker(),
                  FormatTimestamp(r.create_time()), FormatTimestamp(r.valid_until())});
  }
  return table.Render();
}

std::string RatingDetails(const v1::Rating& r) {
  DetailList d;
  d.Add("name", r.name());
  d.Add("customer", r.customer_id());
  d.Add("state", EnumLabel(r.state()));
  d.Add("model", absl::StrCat(r.model(), " (version ", r.model_version(), ")"));
  d.Add("score", FormatNumber(r.score()));
  d.Add("model grade", Grade(r.model_grade()));
  d.Add("final grade", Grade(r.final_grade()));
  d.Add("probability of default", FormatFraction(r.probability_of_default()));
  d.Add("industry", r.industry_code());
  d.Add("segment", EnumLabel(r.segment()));
  d.Add("industry adjustment", FormatNumber(r.industry_adjustment_points()));
  d.Add("macro adjustment", FormatNumber(r.macro_adjustment_points()));
  const v1::QualitativeInputs& q = r.qualitative();
  d.Add("qualitative", absl::StrCat("management ", EnumLabel(q.management_quality()),
                                    ", market position ", EnumLabel(q.market_position()),
                                    ", industry outlook ", EnumLabel(q.industry_outlook()),
                                    ", guarantee ", EnumLabel(q.guarantee_strength())));
  for (const v1::FactorContribution& f : r.contributions()) {
    d.Add(absl::StrCat("factor ", f.input()),
          absl::StrCat(f.input_value(), " (woe ", FormatNumber(f.woe()), ", ",
                       FormatNumber(f.points()), " points)"));
  }
  d.Add("default reason", r.default_reason());
  d.Add("maker", r.maker());
  d.Add("checker", r.checker());
  d.Add("override reason", r.override_reason());
  d.Add("rejection reason", r.rejection_reason());
  d.Add("created", FormatTimestamp(r.create_time()));
  d.Add("decided", FormatTimestamp(r.decision_time()));
  d.Add("valid until", FormatTimestamp(r.valid_until()));
  d.Add("review", r.review_required() ? absl::StrCat("required: ", r.review_reason()) : "");
  d.Add("etag", r.etag());
  return d.Render();
}

void AddRatingCommands(CommandTable& table) {
  table.Add(CommandSpec("ratings", "get", RunGet)
                .Arguments("RATING|CUSTOMER", 1, 1)
                .Summary("Show a rating, or a customer's latest approved rating"));
  table.Add(WithPageFlags(CommandSpec("ratings", "list", RunList)
                              .Arguments("CUSTOMER", 1, 1)
                              .Summary("A customer's rating history, newest first")
                              .Flag("state", "STATE", "draft, approved, rejected or superseded")));
  const char* kAssessments = "strong, good, adequate, weak or poor";
  table.Add(
      CommandSpec("ratings", "rate", RunRate)
          .Arguments("CUSTOMER", 1, 1)
          .Summary("Draft a rating of a customer (a checker approves it later)")
          .Flag("management", "ASSESSMENT", absl::StrCat("management quality: ", kAssessments))
          .Flag("market_position", "ASSESSMENT", kAssessments)
          .Flag("industry_outlook", "ASSESSMENT", kAssessments)
          .Flag("guarantee", "ASSESSMENT", absl::StrCat("guarantee strength: ", kAssessments))
          .Flag("model_family", "FAMILY", "the family's active model (default corporate)")
          .Flag("model", "MODEL", "a specific model version (scorecardModels/{id})"));
}

}  // namespace ccrm::ctl
