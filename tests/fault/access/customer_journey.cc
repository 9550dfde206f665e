#include "tests/fault/access/customer_journey.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/auth/principal.h"
#include "common/status/status_macros.h"
#include "common/testing/rpc_calls.h"
#include "google/protobuf/util/time_util.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::access_itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
namespace rv1 = ::ccrm::rating::v1;
namespace relv1 = ::ccrm::relationship::v1;
namespace riskv1 = ::ccrm::risk::v1;
using ::ccrm::customer::itest::Cny;
using ::ccrm::customer::itest::SoundAnnualStatement;
using ::ccrm::testing::CallWithToken;

// Names the step a failure came from, keeping its code and payloads.
absl::Status InStep(const char* step, absl::Status status) {
  if (status.ok()) {
    return status;
  }
  absl::Status named(status.code(), absl::StrCat(step, ": ", status.message()));
  status.ForEachPayload([&named](absl::string_view url, const absl::Cord& payload) {
    named.SetPayload(url, payload);
  });
  return named;
}

ccrm::common::v1::Date DaysFromToday(int days) {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + days;
  ccrm::common::v1::Date out;
  out.set_year(static_cast<int>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

google::protobuf::Timestamp HoursAgo(int hours) {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(
      absl::ToUnixSeconds(absl::Now() - absl::Hours(hours)));
}

}  // namespace

absl::StatusOr<Journey> RunJourney(const JourneyServices& services, const JourneyTokens& tokens,
                                   const cv1::Customer& draft, const std::string& manager_id) {
  auto customers = cv1::CustomerProfile::NewStub(services.customer_profile);
  auto ratings = rv1::CreditRating::NewStub(services.credit_rating);
  auto relationship = relv1::RelationshipService::NewStub(services.relationship);
  auto risk = riskv1::RiskWarning::NewStub(services.risk_warning);
  const std::string manager = tokens(manager_id, {roles::kRelationshipManager});
  Journey journey;

  {
    relv1::GetRelationshipManagerRequest get;
    get.set_name(absl::StrCat("relationshipManagers/", manager_id));
    absl::StatusOr<relv1::RelationshipManager> existing =
        CallWithToken(*relationship, &relv1::RelationshipService::Stub::GetRelationshipManager,
                      tokens("it-admin", {roles::kAdmin}), get);
    if (!existing.ok()) {
      relv1::CreateRelationshipManagerRequest create;
      create.mutable_manager()->set_manager_id(manager_id);
      create.mutable_manager()->set_display_name("权限测试客户经理");
      create.mutable_manager()->set_branch("福州分行");
      create.mutable_manager()->set_max_portfolio_size(50);
      RETURN_IF_ERROR(InStep(
          "CreateRelationshipManager",
          CallWithToken(*relationship, &relv1::RelationshipService::Stub::CreateRelationshipManager,
                        tokens("it-admin", {roles::kAdmin}), create)
              .status()));
    }
  }

  cv1::CreateCustomerRequest create;
  *create.mutable_customer() = draft;
  create.mutable_customer()->set_relationship_manager_id(manager_id);
  absl::StatusOr<cv1::Customer> customer =
      CallWithToken(*customers, &cv1::CustomerProfile::Stub::CreateCustomer, manager, create);
  RETURN_IF_ERROR(InStep("CreateCustomer", customer.status()));
  journey.customer = *customer;

  for (int year : {2024, 2025}) {
    cv1::SubmitFinancialStatementRequest submit;
    submit.set_parent(customer->name());
    *submit.mutable_statement() = SoundAnnualStatement(year, 800);
    RETURN_IF_ERROR(
        InStep("SubmitFinancialStatement",
               CallWithToken(*customers, &cv1::CustomerProfile::Stub::SubmitFinancialStatement,
                             manager, submit)
                   .status()));
  }

  rv1::RateCustomerRequest rate;
  rate.set_customer(customer->name());
  rate.mutable_qualitative()->set_management_quality(rv1::ASSESSMENT_GOOD);
  rate.mutable_qualitative()->set_market_position(rv1::ASSESSMENT_GOOD);
  rate.mutable_qualitative()->set_industry_outlook(rv1::ASSESSMENT_ADEQUATE);
  rate.mutable_qualitative()->set_guarantee_strength(rv1::ASSESSMENT_GOOD);
  absl::StatusOr<rv1::Rating> rating =
      CallWithToken(*ratings, &rv1::CreditRating::Stub::RateCustomer,
                    tokens("it-credit_analyst", {roles::kCreditAnalyst}), rate);
  RETURN_IF_ERROR(InStep("RateCustomer", rating.status()));
  rv1::ApproveRatingRequest approve;
  approve.set_name(rating->name());
  approve.set_etag(rating->etag());
  RETURN_IF_ERROR(
      InStep("ApproveRating",
             CallWithToken(*ratings, &rv1::CreditRating::Stub::ApproveRating,
                           tokens("it-credit_approver", {roles::kCreditApprover}), approve)
                 .status()));
  journey.rating = rating->name();

  // Free text written as staff write it, without the customer's identifiers.
  relv1::LogInteractionRequest visit;
  visit.set_parent(customer->name());
  visit.mutable_interaction()->set_kind(relv1::INTERACTION_KIND_VISIT);
  *visit.mutable_interaction()->mutable_occur_time() = HoursAgo(2);
  visit.mutable_interaction()->add_participants("财务总监 王某");
  visit.mutable_interaction()->set_summary("走访企业，了解项目进度与资金安排");
  visit.mutable_interaction()->set_outcome("企业同意按月报送项目进度");
  visit.mutable_interaction()->set_next_steps("下月复访");
  absl::StatusOr<relv1::Interaction> interaction = CallWithToken(
      *relationship, &relv1::RelationshipService::Stub::LogInteraction, manager, visit);
  RETURN_IF_ERROR(InStep("LogInteraction", interaction.status()));
  journey.interaction = interaction->name();

  relv1::CreateServiceRequestRequest complaint;
  complaint.set_parent(customer->name());
  complaint.mutable_service_request()->set_type(relv1::SERVICE_REQUEST_TYPE_COMPLAINT);
  complaint.mutable_service_request()->set_priority(relv1::PRIORITY_HIGH);
  complaint.mutable_service_request()->set_subject("还款提醒短信重复发送");
  complaint.mutable_service_request()->set_description("客户反映同一期还款提醒收到三次");
  absl::StatusOr<relv1::ServiceRequest> request = CallWithToken(
      *relationship, &relv1::RelationshipService::Stub::CreateServiceRequest, manager, complaint);
  RETURN_IF_ERROR(InStep("CreateServiceRequest", request.status()));
  journey.service_request = request->name();

  relv1::RecordSurveyRequest survey;
  survey.set_parent(customer->name());
  survey.mutable_survey()->set_csat(4);
  survey.mutable_survey()->set_nps(8);
  survey.mutable_survey()->set_comment("服务及时");
  *survey.mutable_survey()->mutable_survey_time() = HoursAgo(1);
  RETURN_IF_ERROR(InStep(
      "RecordSurvey",
      CallWithToken(*relationship, &relv1::RelationshipService::Stub::RecordSurvey, manager, survey)
          .status()));

  // CNY 30 million drawn, an installment 35 days overdue.
  const std::string risk_officer = tokens("it-risk_officer", {roles::kRiskOfficer});
  riskv1::CreateExposureRequest facility;
  riskv1::Exposure& exposure = *facility.mutable_exposure();
  exposure.set_customer_id(customer->customer_id());
  exposure.set_facility_id(absl::StrCat("F-ACC-", customer->customer_id().substr(24)));
  *exposure.mutable_amount() = Cny(30'000'000);
  exposure.set_purpose("项目建设贷款");
  *exposure.mutable_origination_date() = DaysFromToday(-300);
  *exposure.mutable_maturity_date() = DaysFromToday(1000);
  riskv1::PlannedUse& use = *exposure.add_use_of_funds_plan();
  use.set_category("construction");
  *use.mutable_amount() = Cny(30'000'000);
  riskv1::ScheduledRepayment& late = *exposure.add_repayment_schedule();
  *late.mutable_due_date() = DaysFromToday(-35);
  *late.mutable_principal() = Cny(1'000'000);
  *late.mutable_interest() = Cny(150'000);
  absl::StatusOr<riskv1::Exposure> created =
      CallWithToken(*risk, &riskv1::RiskWarning::Stub::CreateExposure, risk_officer, facility);
  RETURN_IF_ERROR(InStep("CreateExposure", created.status()));
  journey.exposure = created->name();
  riskv1::RecordObservationRequest draw;
  draw.set_parent(created->name());
  *draw.mutable_observation()->mutable_disbursement()->mutable_disbursed_date() =
      DaysFromToday(-290);
  *draw.mutable_observation()->mutable_disbursement()->mutable_amount() = Cny(30'000'000);
  RETURN_IF_ERROR(
      InStep("RecordObservation",
             CallWithToken(*risk, &riskv1::RiskWarning::Stub::RecordObservation, risk_officer, draw)
                 .status()));
  return journey;
}

}  // namespace ccrm::access_itest
