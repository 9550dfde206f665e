// ccrm-demo-risk: gives the demo portfolio its monitored exposures through risk-warning's public
// API: one facility per customer (drawn in full, quarterly repayments, paid when due), a
// mortgage for key customers, and trouble for the first SME: an installment 40 days overdue and
// part of the loan paid to a payee outside the approved plan — so the suite shows alerts, a
// follow-up task in relationship-service and a five-category suggestion. Dates are anchored on
// each customer's creation and request ids fixed per customer, so a second run changes nothing.
//
// Usage: ccrm-demo-risk --customer_profile=127.0.0.1:50051 --risk_warning=127.0.0.1:50054
//          --token=JWT (risk_officer role)
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/config/flags.h"
#include "deploy/local/demo/demo_calls.h"

namespace ccrm::demo {
namespace {

namespace cv1 = ccrm::customer::v1;
namespace kv1 = ccrm::risk::v1;
using Stub = kv1::RiskWarning::Stub;

void Cny(ccrm::common::v1::Money* money, int64_t units) {
  money->set_currency_code("CNY");
  money->set_units(units);
}

void SetDay(ccrm::common::v1::Date* out, absl::CivilDay day) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

class Demo {
 public:
  Demo(Stub* stub, std::string token) : calls_(stub, std::move(token)) {}

  void Customer(const cv1::Customer& customer, bool troubled) {
    const std::string id = customer.customer_id();
    const absl::CivilDay created = absl::ToCivilDay(
        absl::FromUnixSeconds(customer.create_time().seconds()), absl::UTCTimeZone());
    const bool key = customer.segment() == cv1::SEGMENT_KEY;
    const int64_t amount = key ? 200'000'000 : 10'000'000;
    const absl::CivilDay origination = created - 300;

    kv1::CreateExposureRequest create;
    create.set_request_id(absl::StrCat("demo-exposure-", id));
    kv1::Exposure* e = create.mutable_exposure();
    e->set_customer_id(id);
    e->set_facility_id(absl::StrCat("DEMO-", id.substr(0, 8), "-", id.substr(24, 12)));
    Cny(e->mutable_amount(), amount);
    e->set_purpose(key ? "项目贷款：生产基地二期建设" : "流动资金贷款：原材料采购");
    SetDay(e->mutable_origination_date(), origination);
    SetDay(e->mutable_maturity_date(), origination + 3 * 365);
    kv1::PlannedUse* main_use = e->add_use_of_funds_plan();
    main_use->set_category(key ? "construction" : "raw_materials");
    Cny(main_use->mutable_amount(), amount * 8 / 10);
    kv1::PlannedUse* wages = e->add_use_of_funds_plan();
    wages->set_category("wages");
    Cny(wages->mutable_amount(), amount * 2 / 10);
    // Quarterly installments of 1/12 of the principal, interest 1 % a quarter. Those already
    // due are added below, each after its payment, so the history loads without passing
    // through arrears it never had.
    for (int quarter = 1; quarter <= 12; ++quarter) {
      if (origination + 91 * quarter <= created) {
        continue;
      }
      kv1::ScheduledRepayment* r = e->add_repayment_schedule();
      SetDay(r->mutable_due_date(), origination + 91 * quarter);
      Cny(r->mutable_principal(), amount / 12);
      Cny(r->mutable_interest(), amount / 100);
    }
    e->mutable_covenants()->set_min_dscr(1.2);
    kv1::Exposure created_exposure;
    calls_.Call("CreateExposure", &Stub::CreateExposure, create, &created_exposure);
    if (created_exposure.name().empty()) {
      return;  // already there, or it failed (counted)
    }
    Record(created_exposure.name(), "draw", [&](kv1::Observation* o) {
      SetDay(o->mutable_disbursement()->mutable_disbursed_date(), origination + 5);
      Cny(o->mutable_disbursement()->mutable_amount(), amount);
    });
    // Every installment due by the customer's creation is paid on time, except the troubled
    // customer's last one.
    for (int quarter = 1; origination + 91 * quarter <= created; ++quarter) {
      const absl::CivilDay due = origination + 91 * quarter;
      const bool last_due = origination + 91 * (quarter + 1) > created;
      if (!(troubled && last_due)) {
        Record(created_exposure.name(), absl::StrCat("repayment-", quarter).c_str(),
               [&](kv1::Observation* o) {
                 SetDay(o->mutable_repayment_paid()->mutable_paid_date(), due);
                 Cny(o->mutable_repayment_paid()->mutable_amount(), amount / 12 + amount / 100);
               });
      }
      Record(created_exposure.name(), absl::StrCat("due-", quarter).c_str(),
             [&](kv1::Observation* o) {
               SetDay(o->mutable_repayment_due()->mutable_due_date(), due);
               Cny(o->mutable_repayment_due()->mutable_principal(), amount / 12);
               Cny(o->mutable_repayment_due()->mutable_interest(), amount / 100);
             });
    }
    Record(created_exposure.name(), "usage", [&](kv1::Observation* o) {
      SetDay(o->mutable_fund_usage()->mutable_paid_date(), origination + 20);
      o->mutable_fund_usage()->set_category(key ? "construction" : "raw_materials");
      o->mutable_fund_usage()->set_payee(key ? "福建建工集团" : "福建钢铁贸易有限公司");
      Cny(o->mutable_fund_usage()->mutable_amount(), amount / 2);
    });
    if (troubled) {
      Record(created_exposure.name(), "off-plan", [&](kv1::Observation* o) {
        SetDay(o->mutable_fund_usage()->mutable_paid_date(), origination + 40);
        o->mutable_fund_usage()->set_category("real_estate");
        o->mutable_fund_usage()->set_payee("某房地产开发有限公司");
        Cny(o->mutable_fund_usage()->mutable_amount(), amount * 12 / 100);
      });
    }
    Record(created_exposure.name(), "covenants", [&](kv1::Observation* o) {
      SetDay(o->mutable_covenant_figures()->mutable_period_end_date(), created - 60);
      o->mutable_covenant_figures()->set_dscr(troubled ? 1.1 : 1.8);
      o->mutable_covenant_figures()->set_current_ratio(troubled ? 0.9 : 1.5);
    });
    if (key) {
      kv1::AddCollateralRequest collateral;
      collateral.set_parent(created_exposure.name());
      collateral.set_request_id(absl::StrCat("demo-collateral-", id));
      kv1::Collateral* c = collateral.mutable_collateral();
      c->set_kind(kv1::COLLATERAL_KIND_MORTGAGE);
      c->set_asset_type("land_use_right");
      c->set_description("工业用地使用权 120 亩");
      Cny(c->mutable_appraised_value(), amount * 3 / 2);
      SetDay(c->mutable_appraisal_date(), created - 90);
      c->set_lien_rank(1);
      kv1::Collateral stored;
      calls_.Call("AddCollateral", &Stub::AddCollateral, collateral, &stored);
    }
  }

  const DemoCalls<Stub>& calls() const { return calls_; }

 private:
  template <typename Fill>
  void Record(const std::string& exposure, const char* tag, Fill fill) {
    kv1::RecordObservationRequest request;
    request.set_parent(exposure);
    request.set_request_id(absl::StrCat("demo-", tag, "-", exposure.substr(10)));
    fill(request.mutable_observation());
    kv1::RecordObservationResponse response;
    calls_.Call("RecordObservation", &Stub::RecordObservation, request, &response);
  }

  DemoCalls<Stub> calls_;
};

int Run(int argc, char** argv) {
  std::string customer_target = "127.0.0.1:50051", risk_target = "127.0.0.1:50054";
  std::string token;
  FlagSet flags("ccrm-demo-risk");
  flags.Add("customer_profile", &customer_target, "customer-profile address");
  flags.Add("risk_warning", &risk_target, "risk-warning address");
  flags.Add("token", &token, "token with the risk_officer role (and a reader's)");
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  auto customers = cv1::CustomerProfile::NewStub(
      grpc::CreateChannel(customer_target, grpc::InsecureChannelCredentials()));
  auto risk = kv1::RiskWarning::NewStub(
      grpc::CreateChannel(risk_target, grpc::InsecureChannelCredentials()));
  Demo demo(risk.get(), token);
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
  std::printf("demo exposures: %d customers, %d calls made, %d already there, %d failures\n",
              customers_seen, demo.calls().done(), demo.calls().kept(), demo.calls().failures());
  return demo.calls().failures() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace ccrm::demo

int main(int argc, char** argv) { return ccrm::demo::Run(argc, argv); }
