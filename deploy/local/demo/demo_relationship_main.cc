// ccrm-demo-relationship: gives the demo portfolio its relationship record through
// relationship-service's public API: three managers (key accounts, SMEs, new borrowers), each
// customer assigned by segment (key customers to a dedicated manager), a visit and a call per
// customer (a site inspection for key customers), a satisfaction survey, three months of
// contribution (dated from the customer's creation), an inquiry for the key customers and a
// complaint for the first SME. Request ids are fixed per customer and an existing assignment is
// kept, so running it twice changes nothing. Engagement plans need no call: relationship-service
// makes them from customer-profile's CustomerCreated events.
//
// Usage: ccrm-demo-relationship --customer_profile=127.0.0.1:50051
//          --relationship=127.0.0.1:50053 --token=JWT (admin and relationship_manager roles)
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "common/config/flags.h"
#include "deploy/local/demo/demo_calls.h"

namespace ccrm::demo {
namespace {

namespace cv1 = ccrm::customer::v1;
namespace rv1 = ccrm::relationship::v1;
using Stub = rv1::RelationshipService::Stub;

struct DemoManager {
  const char* id;
  const char* name;
  const char* branch;
};
constexpr DemoManager kKeyAccounts{"rm-demo-key", "林晓东（重点客户）", "福州分行营业部"};
constexpr DemoManager kSmes{"rm-demo-sme", "陈佳（小微企业）", "福州分行鼓楼支行"};
constexpr DemoManager kNewBorrowers{"rm-demo-new", "王磊（首贷客户）", "福州分行仓山支行"};

class Demo {
 public:
  Demo(Stub* stub, std::string token) : calls_(stub, std::move(token)) {}

  void Manager(const DemoManager& m) {
    rv1::CreateRelationshipManagerRequest request;
    request.mutable_manager()->set_manager_id(m.id);
    request.mutable_manager()->set_display_name(m.name);
    request.mutable_manager()->set_branch(m.branch);
    request.mutable_manager()->set_email(absl::StrCat(m.id, "@bank.example"));
    request.set_request_id(absl::StrCat("demo-manager-", m.id));
    calls_.Call("CreateRelationshipManager", &Stub::CreateRelationshipManager, request);
  }

  void Customer(const cv1::Customer& customer, bool first_sme) {
    const DemoManager& manager = customer.segment() == cv1::SEGMENT_KEY   ? kKeyAccounts
                                 : customer.segment() == cv1::SEGMENT_SME ? kSmes
                                                                          : kNewBorrowers;
    const std::string id = customer.customer_id();
    rv1::AssignCustomerRequest assign;
    assign.set_customer(customer.name());
    assign.set_manager_id(manager.id);
    assign.set_dedicated(customer.segment() == cv1::SEGMENT_KEY);
    calls_.Call("AssignCustomer", &Stub::AssignCustomer, assign);

    // Times are anchored on the customer's creation, so a second run sends the same requests.
    const absl::Time now = absl::FromUnixSeconds(customer.create_time().seconds());
    Interaction(customer, manager, "visit", rv1::INTERACTION_KIND_VISIT, now - absl::Hours(24 * 20),
                "走访企业，了解经营和授信使用情况", "经营正常，回款周期稳定");
    Interaction(customer, manager, "call", rv1::INTERACTION_KIND_CALL, now - absl::Hours(24 * 5),
                "电话沟通年度财务报表报送安排", "财务总监确认下月初报送");
    if (customer.segment() == cv1::SEGMENT_KEY) {
      Interaction(customer, manager, "inspection", rv1::INTERACTION_KIND_SITE_INSPECTION,
                  now - absl::Hours(24 * 10), "项目现场检查：主体结构施工进度", "进度与计划一致");
      Request(customer, "inquiry", rv1::SERVICE_REQUEST_TYPE_INQUIRY, rv1::PRIORITY_MEDIUM,
              "咨询供应链融资额度续期材料");
    }
    if (first_sme) {
      Request(customer, "complaint", rv1::SERVICE_REQUEST_TYPE_COMPLAINT, rv1::PRIORITY_HIGH,
              "网银回单下载多次失败");
    }

    rv1::RecordSurveyRequest survey;
    survey.set_parent(customer.name());
    survey.set_request_id(absl::StrCat("demo-survey-", id));
    survey.mutable_survey()->set_csat(customer.segment() == cv1::SEGMENT_KEY ? 5 : 4);
    survey.mutable_survey()->set_nps(customer.segment() == cv1::SEGMENT_KEY ? 9 : 8);
    survey.mutable_survey()->set_comment("客户经理响应及时");
    survey.mutable_survey()->mutable_survey_time()->set_seconds(
        absl::ToUnixSeconds(now - absl::Hours(24 * 3)));
    calls_.Call("RecordSurvey", &Stub::RecordSurvey, survey);

    const absl::CivilMonth this_month(absl::ToCivilSecond(now, absl::UTCTimeZone()));
    const int64_t scale = customer.segment() == cv1::SEGMENT_KEY ? 40 : 1;
    for (int back = 1; back <= 3; ++back) {
      const absl::CivilMonth month = this_month - back;
      rv1::RecordContributionRequest contribution;
      contribution.set_parent(customer.name());
      contribution.set_request_id(absl::StrCat("demo-contribution-", id, "-", back));
      rv1::Contribution* c = contribution.mutable_contribution();
      c->mutable_month()->set_year(static_cast<int32_t>(month.year()));
      c->mutable_month()->set_month(month.month());
      c->mutable_month()->set_day(1);
      Cny(c->mutable_interest_income(), 150'000 * scale);
      Cny(c->mutable_fee_income(), 20'000 * scale);
      Cny(c->mutable_average_deposits(), 3'000'000 * scale);
      calls_.Call("RecordContribution", &Stub::RecordContribution, contribution);
    }
  }

  const DemoCalls<Stub>& calls() const { return calls_; }

 private:
  static void Cny(ccrm::common::v1::Money* money, int64_t units) {
    money->set_currency_code("CNY");
    money->set_units(units);
  }

  void Interaction(const cv1::Customer& customer, const DemoManager& manager, const char* tag,
                   rv1::InteractionKind kind, absl::Time when, const char* summary,
                   const char* outcome) {
    rv1::LogInteractionRequest request;
    request.set_parent(customer.name());
    request.set_request_id(absl::StrCat("demo-", tag, "-", customer.customer_id()));
    rv1::Interaction* i = request.mutable_interaction();
    i->set_kind(kind);
    i->mutable_occur_time()->set_seconds(absl::ToUnixSeconds(when));
    i->set_manager_id(manager.id);
    i->add_participants("财务总监");
    i->set_summary(summary);
    i->set_outcome(outcome);
    i->set_next_steps("按计划跟进");
    calls_.Call("LogInteraction", &Stub::LogInteraction, request);
  }

  void Request(const cv1::Customer& customer, const char* tag, rv1::ServiceRequestType type,
               rv1::Priority priority, const char* subject) {
    rv1::CreateServiceRequestRequest request;
    request.set_parent(customer.name());
    request.set_request_id(absl::StrCat("demo-", tag, "-", customer.customer_id()));
    request.mutable_service_request()->set_type(type);
    request.mutable_service_request()->set_priority(priority);
    request.mutable_service_request()->set_subject(subject);
    calls_.Call("CreateServiceRequest", &Stub::CreateServiceRequest, request);
  }

  DemoCalls<Stub> calls_;
};

int Run(int argc, char** argv) {
  std::string customer_target = "127.0.0.1:50051", relationship_target = "127.0.0.1:50053";
  std::string token;
  FlagSet flags("ccrm-demo-relationship");
  flags.Add("customer_profile", &customer_target, "customer-profile address");
  flags.Add("relationship", &relationship_target, "relationship-service address");
  flags.Add("token", &token, "token with the admin and relationship_manager roles");
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  auto customers = cv1::CustomerProfile::NewStub(
      grpc::CreateChannel(customer_target, grpc::InsecureChannelCredentials()));
  auto relationship = rv1::RelationshipService::NewStub(
      grpc::CreateChannel(relationship_target, grpc::InsecureChannelCredentials()));
  Demo demo(relationship.get(), token);
  for (const DemoManager& m : {kKeyAccounts, kSmes, kNewBorrowers}) {
    demo.Manager(m);
  }
  bool first_sme = true;
  int customers_seen = 0;
  std::string page_token;
  do {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    cv1::ListCustomersRequest list;
    list.set_page_size(100);
    list.set_page_token(page_token);
    cv1::ListCustomersResponse page;
    if (grpc::Status s = customers->ListCustomers(&ctx, list, &page); !s.ok()) {
      std::fprintf(stderr, "ListCustomers failed: %s\n", s.error_message().c_str());
      return 1;
    }
    for (const cv1::Customer& customer : page.customers()) {
      const bool sme = customer.segment() == cv1::SEGMENT_SME;
      demo.Customer(customer, sme && first_sme);
      first_sme = first_sme && !sme;
      ++customers_seen;
    }
    page_token = page.next_page_token();
  } while (!page_token.empty());
  std::printf("demo relationships: %d customers, %d calls made, %d already there, %d failures\n",
              customers_seen, demo.calls().done(), demo.calls().kept(), demo.calls().failures());
  return demo.calls().failures() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace ccrm::demo

int main(int argc, char** argv) { return ccrm::demo::Run(argc, argv); }
