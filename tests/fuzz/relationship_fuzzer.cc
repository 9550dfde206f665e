// Fuzz target over ccrm.relationship.v1.RelationshipService: every RPC's request goes through
// what its handler (services/relationship-service/api/relationship_service.cc) runs before the
// domain service touches storage: request id, resource names (customers, relationshipManagers,
// tasks, serviceRequests), staff ids, enum and date mapping, proto → domain mapping, then the
// domain's own input checks that the use cases run first (ValidateInteraction,
// ValidateServiceRequest, ValidateSurvey, ValidateContribution) and the page token / size
// resolution of the list calls. Property: ToProto(FromProto(ToProto(FromProto(x)))) ==
// ToProto(FromProto(x)) for managers, interactions, service requests, surveys and contributions.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "common/ids/etag.h"
#include "common/pagination/paging.h"
#include "common/server/request_ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/wire/money_time_mapping.h"
#include "services/relationship-service/api/proto_mapping.h"
#include "services/relationship-service/api/request_parsing.h"
#include "services/relationship-service/domain/interaction_rules.h"
#include "services/relationship-service/domain/satisfaction_service.h"
#include "services/relationship-service/domain/service_request_service.h"
#include "tests/fuzz/fuzz_harness.h"

namespace ccrm::relationship {
namespace {

using fuzz::Check;
using fuzz::Cny;
using fuzz::Day;
using fuzz::MakeSeed;
using fuzz::Seed;

constexpr char kCustomerName[] = "customers/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01";
constexpr char kCustomerId[] = "0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e01";

absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::UTCTimeZone());
}
absl::CivilDay Today() { return absl::ToCivilDay(Now(), absl::UTCTimeZone()); }

// The list use cases resolve the token and size against their query before reading.
absl::Status Page(const std::string& canonical, const std::string& token, int size) {
  PageQuery page;
  return ResolvePage(canonical, token, size, page);
}

// ToProto(FromProto(p)) maps back to the same message.
template <typename Proto, typename Domain, typename... Args>
void RoundTrip(const Domain& value, const std::string& what, Args... args) {
  Proto once;
  ToProto(value, &once);
  absl::StatusOr<Domain> again = FromProto(once, args...);
  if (!again.ok()) {
    fuzz::Fail(absl::StrCat(what, ": ToProto of a mapped value does not map back: ",
                            again.status().ToString(), "\n", once.DebugString()));
  }
  Proto twice;
  ToProto(*again, &twice);
  fuzz::RequireSameMessage(once, twice, what);
}

// --- Managers and assignments ---

absl::Status CreateRelationshipManager(const v1::CreateRelationshipManagerRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(RelationshipManager draft, FromProto(r.manager(), "manager"));
  RoundTrip<v1::RelationshipManager>(draft, "manager", std::string("manager"));
  return absl::OkStatus();
}

absl::Status GetRelationshipManager(const v1::GetRelationshipManagerRequest& r) {
  return ManagerIdOf(r.name(), "name").status();
}

absl::Status ListRelationshipManagers(const v1::ListRelationshipManagersRequest& r) {
  return Page(absl::StrCat("managers|", r.branch(), "|", r.include_inactive()), r.page_token(),
              r.page_size());
}

absl::Status AssignCustomer(const v1::AssignCustomerRequest& r) {
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.customer(), "customer"));
  if (!IsStaffId(r.manager_id())) {
    return InvalidField("manager_id", "must be a staff id: 1-64 of [a-z0-9._-]");
  }
  return absl::OkStatus();
}

absl::Status ListAssignmentHistory(const v1::ListAssignmentHistoryRequest& r) {
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.customer(), "customer"));
  return Page(absl::StrCat("assignments|", customer_id), r.page_token(), r.page_size());
}

absl::Status ListPortfolio(const v1::ListPortfolioRequest& r) {
  ASSIGN_OR_RETURN(std::string manager_id, ManagerIdOf(r.manager(), "manager"));
  return Page(absl::StrCat("portfolio|", manager_id), r.page_token(), r.page_size());
}

// --- Interactions and engagements ---

absl::Status LogInteraction(const v1::LogInteractionRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(Interaction draft, FromProto(r.interaction(), customer_id, "interaction"));
  RoundTrip<v1::Interaction>(draft, "interaction", customer_id, std::string("interaction"));
  return ValidateInteraction(draft, Now(), "interaction");
}

absl::Status ListInteractions(const v1::ListInteractionsRequest& r) {
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(InteractionKind kind, FromProto(r.kind(), "kind"));
  return Page(absl::StrCat("interactions|", customer_id, "|", static_cast<int>(kind)),
              r.page_token(), r.page_size());
}

absl::Status ListEngagementTemplates(const v1::ListEngagementTemplatesRequest&) {
  return absl::OkStatus();
}

absl::Status GenerateEngagementPlan(const v1::GenerateEngagementPlanRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  return CustomerIdOf(r.customer(), "customer").status();
}

absl::Status ListEngagements(const v1::ListEngagementsRequest& r) {
  FieldViolations violations;
  if (!r.customer().empty()) {
    violations.Merge(CustomerIdOf(r.customer(), "customer").status());
  }
  if (!r.manager_id().empty() && !IsStaffId(r.manager_id())) {
    violations.Add("manager_id", "must be a staff id: 1-64 of [a-z0-9._-]");
  }
  violations.Merge(FromProto(r.status(), "status").status());
  if (r.has_due_before()) {
    DateFromProto(r.due_before(), "due_before", violations);
  }
  RETURN_IF_ERROR(violations.ToStatus());
  return Page(absl::StrCat("engagements|", r.customer(), "|", r.manager_id()), r.page_token(),
              r.page_size());
}

// --- Service requests ---

absl::Status CreateServiceRequest(const v1::CreateServiceRequestRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(ServiceRequest draft, FromProto(r.service_request(), "service_request"));
  RoundTrip<v1::ServiceRequest>(draft, "service_request", std::string("service_request"));
  return ValidateServiceRequest(draft, "service_request");
}

absl::Status GetServiceRequest(const v1::GetServiceRequestRequest& r) {
  return ServiceRequestIdsOf(r.name()).status();
}

absl::Status ListServiceRequests(const v1::ListServiceRequestsRequest& r) {
  FieldViolations violations;
  if (!r.customer().empty()) {
    violations.Merge(CustomerIdOf(r.customer(), "customer").status());
  }
  if (!r.assignee_manager_id().empty() && !IsStaffId(r.assignee_manager_id())) {
    violations.Add("assignee_manager_id", "must be a staff id: 1-64 of [a-z0-9._-]");
  }
  violations.Merge(FromProto(r.status(), "status").status());
  violations.Merge(FromProto(r.type(), "type").status());
  RETURN_IF_ERROR(violations.ToStatus());
  return Page(absl::StrCat("service_requests|", r.customer(), "|", r.assignee_manager_id(), "|",
                           r.breached_only()),
              r.page_token(), r.page_size());
}

absl::Status UpdateServiceRequestStatus(const v1::UpdateServiceRequestStatusRequest& r) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, ServiceRequestIdsOf(r.name()));
  return FromProto(r.status(), "status").status();
}

absl::Status ListServiceRequestChanges(const v1::ListServiceRequestChangesRequest& r) {
  return ServiceRequestIdsOf(r.name()).status();
}

// --- Satisfaction and value ---

absl::Status RecordSurvey(const v1::RecordSurveyRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(Survey draft, FromProto(r.survey(), "survey"));
  RoundTrip<v1::SatisfactionSurvey>(draft, "survey", std::string("survey"));
  return ValidateSurvey(draft, Now(), "survey");
}

absl::Status GetSatisfactionTrend(const v1::GetSatisfactionTrendRequest& r) {
  if (absl::StartsWith(r.subject(), kManagerNamePrefix)) {
    return ManagerIdOf(r.subject(), "subject").status();
  }
  return CustomerIdOf(r.subject(), "subject").status();
}

absl::Status RecordContribution(const v1::RecordContributionRequest& r) {
  ASSIGN_OR_RETURN(IdempotencyKey key, IdempotencyKeyOf(r, r.request_id()));
  ASSIGN_OR_RETURN(std::string customer_id, CustomerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(Contribution draft, FromProto(r.contribution(), "contribution"));
  RoundTrip<v1::Contribution>(draft, "contribution", std::string("contribution"));
  return ValidateContribution(draft, Today(), "contribution");
}

absl::Status GetCustomerValue(const v1::GetCustomerValueRequest& r) {
  return CustomerIdOf(r.customer(), "customer").status();
}

// --- Tasks ---

absl::Status ListTasks(const v1::ListTasksRequest& r) {
  ASSIGN_OR_RETURN(std::string manager_id, ManagerIdOf(r.parent(), "parent"));
  ASSIGN_OR_RETURN(TaskStatus status, FromProto(r.status(), "status"));
  return Page(absl::StrCat("tasks|", manager_id, "|", static_cast<int>(status)), r.page_token(),
              r.page_size());
}

absl::Status CompleteTask(const v1::CompleteTaskRequest& r) { return TaskIdsOf(r.name()).status(); }

// --- Seeds ---

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp t;
  t.set_seconds(seconds);
  return t;
}

}  // namespace
}  // namespace ccrm::relationship

const google::protobuf::ServiceDescriptor& CcrmFuzzService() {
  return *ccrm::relationship::v1::RelationshipManager::descriptor()->file()->FindServiceByName(
      "RelationshipService");
}

const ccrm::fuzz::RequestChecks& CcrmFuzzChecks() {
  using namespace ccrm::relationship;  // NOLINT: the checks' names are the methods' names
  static const auto* checks = new ccrm::fuzz::RequestChecks{
      {"CreateRelationshipManager", Check(&CreateRelationshipManager)},
      {"GetRelationshipManager", Check(&GetRelationshipManager)},
      {"ListRelationshipManagers", Check(&ListRelationshipManagers)},
      {"AssignCustomer", Check(&AssignCustomer)},
      {"ListAssignmentHistory", Check(&ListAssignmentHistory)},
      {"ListPortfolio", Check(&ListPortfolio)},
      {"LogInteraction", Check(&LogInteraction)},
      {"ListInteractions", Check(&ListInteractions)},
      {"ListEngagementTemplates", Check(&ListEngagementTemplates)},
      {"GenerateEngagementPlan", Check(&GenerateEngagementPlan)},
      {"ListEngagements", Check(&ListEngagements)},
      {"CreateServiceRequest", Check(&CreateServiceRequest)},
      {"GetServiceRequest", Check(&GetServiceRequest)},
      {"ListServiceRequests", Check(&ListServiceRequests)},
      {"UpdateServiceRequestStatus", Check(&UpdateServiceRequestStatus)},
      {"ListServiceRequestChanges", Check(&ListServiceRequestChanges)},
      {"RecordSurvey", Check(&RecordSurvey)},
      {"GetSatisfactionTrend", Check(&GetSatisfactionTrend)},
      {"RecordContribution", Check(&RecordContribution)},
      {"GetCustomerValue", Check(&GetCustomerValue)},
      {"ListTasks", Check(&ListTasks)},
      {"CompleteTask", Check(&CompleteTask)},
  };
  return *checks;
}

std::vector<ccrm::fuzz::Seed> CcrmFuzzSeeds() {
  using namespace ccrm::relationship;  // NOLINT
  std::vector<Seed> seeds;
  {
    v1::CreateRelationshipManagerRequest r;
    r.mutable_manager()->set_manager_id("rm-042");
    r.mutable_manager()->set_display_name("陈经理");
    r.mutable_manager()->set_branch("福州分行");
    r.mutable_manager()->set_email("chen@example.com");
    r.mutable_manager()->set_active(true);
    r.mutable_manager()->set_max_portfolio_size(40);
    r.set_request_id("req-rm-1");
    seeds.push_back(MakeSeed("CreateRelationshipManager", r));
    r.mutable_manager()->set_manager_id("RM 042!");
    seeds.push_back(MakeSeed("CreateRelationshipManager", r));
    v1::GetRelationshipManagerRequest g;
    g.set_name("relationshipManagers/rm-042");
    seeds.push_back(MakeSeed("GetRelationshipManager", g));
    v1::ListRelationshipManagersRequest l;
    l.set_branch("福州分行");
    l.set_page_size(10);
    seeds.push_back(MakeSeed("ListRelationshipManagers", l));
    v1::AssignCustomerRequest a;
    a.set_customer(kCustomerName);
    a.set_manager_id("rm-042");
    a.set_dedicated(true);
    a.set_reason("重点客户");
    seeds.push_back(MakeSeed("AssignCustomer", a));
    v1::ListAssignmentHistoryRequest h;
    h.set_customer(kCustomerName);
    seeds.push_back(MakeSeed("ListAssignmentHistory", h));
    v1::ListPortfolioRequest p;
    p.set_manager("relationshipManagers/rm-042");
    p.set_page_token("garbage");
    seeds.push_back(MakeSeed("ListPortfolio", p));
  }
  {
    v1::LogInteractionRequest r;
    r.set_parent(kCustomerName);
    v1::Interaction* i = r.mutable_interaction();
    i->set_kind(v1::INTERACTION_KIND_SITE_INSPECTION);
    *i->mutable_occur_time() = At(1'772'000'000);
    i->set_manager_id("rm-042");
    i->add_participants("张三");
    i->set_summary("工地现场检查，进度正常");
    i->set_outcome("无异常");
    seeds.push_back(MakeSeed("LogInteraction", r));
    *i->mutable_occur_time() = At(4'000'000'000);
    i->set_summary("");
    seeds.push_back(MakeSeed("LogInteraction", r));
    v1::ListInteractionsRequest l;
    l.set_parent(kCustomerName);
    l.set_kind(v1::INTERACTION_KIND_VISIT);
    seeds.push_back(MakeSeed("ListInteractions", l));
    seeds.push_back(MakeSeed("ListEngagementTemplates", v1::ListEngagementTemplatesRequest()));
    v1::GenerateEngagementPlanRequest g;
    g.set_customer(kCustomerName);
    g.set_horizon_months(12);
    seeds.push_back(MakeSeed("GenerateEngagementPlan", g));
    v1::ListEngagementsRequest e;
    e.set_customer(kCustomerName);
    e.set_manager_id("rm-042");
    e.mutable_due_before()->set_year(2026);
    e.mutable_due_before()->set_month(2);
    e.mutable_due_before()->set_day(30);
    seeds.push_back(MakeSeed("ListEngagements", e));
  }
  {
    v1::CreateServiceRequestRequest r;
    r.set_parent(kCustomerName);
    v1::ServiceRequest* s = r.mutable_service_request();
    s->set_type(v1::SERVICE_REQUEST_TYPE_COMPLAINT);
    s->set_priority(v1::PRIORITY_MEDIUM);
    s->set_subject("放款延迟");
    s->set_description("放款比约定晚了五个工作日");
    s->set_green_channel(true);
    seeds.push_back(MakeSeed("CreateServiceRequest", r));
    s->set_priority(static_cast<v1::Priority>(99));
    seeds.push_back(MakeSeed("CreateServiceRequest", r));
    const std::string name =
        absl::StrCat(kCustomerName, "/serviceRequests/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e05");
    v1::GetServiceRequestRequest g;
    g.set_name(name);
    seeds.push_back(MakeSeed("GetServiceRequest", g));
    v1::ListServiceRequestsRequest l;
    l.set_customer(kCustomerName);
    l.set_breached_only(true);
    seeds.push_back(MakeSeed("ListServiceRequests", l));
    v1::UpdateServiceRequestStatusRequest u;
    u.set_name(name);
    u.set_note("已回复");
    u.set_etag(ccrm::FormatEtag(2));
    seeds.push_back(MakeSeed("UpdateServiceRequestStatus", u));
    v1::ListServiceRequestChangesRequest c;
    c.set_name(name);
    seeds.push_back(MakeSeed("ListServiceRequestChanges", c));
  }
  {
    v1::RecordSurveyRequest r;
    r.set_parent(kCustomerName);
    r.mutable_survey()->set_csat(4);
    r.mutable_survey()->set_nps(8);
    r.mutable_survey()->set_comment("服务及时");
    *r.mutable_survey()->mutable_survey_time() = At(1'772'000'000);
    r.mutable_survey()->set_manager_id("rm-042");
    seeds.push_back(MakeSeed("RecordSurvey", r));
    r.mutable_survey()->set_nps(11);
    seeds.push_back(MakeSeed("RecordSurvey", r));
    v1::GetSatisfactionTrendRequest t;
    t.set_subject("relationshipManagers/rm-042");
    t.set_quarters(4);
    seeds.push_back(MakeSeed("GetSatisfactionTrend", t));
    t.set_subject(kCustomerName);
    seeds.push_back(MakeSeed("GetSatisfactionTrend", t));
    v1::RecordContributionRequest c;
    c.set_parent(kCustomerName);
    c.mutable_contribution()->set_customer_id(kCustomerId);
    c.mutable_contribution()->mutable_month()->set_year(2026);
    c.mutable_contribution()->mutable_month()->set_month(1);
    c.mutable_contribution()->mutable_month()->set_day(1);
    *c.mutable_contribution()->mutable_interest_income() = Cny(1'200'000);
    *c.mutable_contribution()->mutable_fee_income() = Cny(80'000);
    *c.mutable_contribution()->mutable_average_deposits() = Cny(30'000'000);
    seeds.push_back(MakeSeed("RecordContribution", c));
    v1::GetCustomerValueRequest v;
    v.set_customer(kCustomerName);
    seeds.push_back(MakeSeed("GetCustomerValue", v));
  }
  {
    v1::ListTasksRequest l;
    l.set_parent("relationshipManagers/rm-042");
    seeds.push_back(MakeSeed("ListTasks", l));
    v1::CompleteTaskRequest c;
    c.set_name("relationshipManagers/rm-042/tasks/0190c6a4-1b2c-7d3e-8f40-5a6b7c8d9e09");
    c.set_note("已跟进");
    seeds.push_back(MakeSeed("CompleteTask", c));
  }
  return seeds;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return ccrm::fuzz::RunOne(CcrmFuzzService(), CcrmFuzzChecks(), data, size);
}
