// ccrm-demo-load: loads the demo portfolio into a running customer-profile through its gRPC API,
// as any client would. Every create carries a fixed request id, so running it twice changes
// nothing.
//
// Usage: ccrm-demo-load --target=127.0.0.1:50051 --token_file=PATH (or --token=JWT)
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "deploy/local/demo/demo_portfolio.h"

namespace ccrm::demo {
namespace {

namespace v1 = ccrm::customer::v1;

class Loader final {
 public:
  Loader(std::shared_ptr<grpc::Channel> channel, std::string token)
      : stub_(v1::CustomerProfile::NewStub(channel)), token_(std::move(token)) {}

  // Calls `rpc` with the token and a deadline; prints and counts failures.
  template <typename Request, typename Response, typename Method>
  bool Call(const char* what, Method method, const Request& request, Response* response) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token_);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::Status s = ((*stub_).*method)(&ctx, request, response);
    if (!s.ok()) {
      std::fprintf(stderr, "%s failed: %d %s\n", what, s.error_code(), s.error_message().c_str());
      ++failures_;
      return false;
    }
    return true;
  }

  // Existing borrowers are onboarded and active; a repeated run finds them active already.
  void Activate(const v1::Customer& customer) {
    v1::Customer current = customer;
    for (v1::LifecycleStage to : {v1::LIFECYCLE_STAGE_ONBOARDING, v1::LIFECYCLE_STAGE_ACTIVE}) {
      if (current.lifecycle_stage() >= to) {
        continue;
      }
      v1::TransitionLifecycleRequest r;
      r.set_name(current.name());
      r.set_to_stage(to);
      r.set_reason("demo portfolio: existing borrower");
      r.set_etag(current.etag());
      v1::Customer next;
      if (!Call("TransitionLifecycle", &v1::CustomerProfile::Stub::TransitionLifecycle, r, &next)) {
        return;
      }
      current = next;
    }
  }

  int Load() {
    std::map<std::string, std::string> ids;
    const std::vector<DemoCustomer> portfolio = DemoPortfolio();
    for (const DemoCustomer& demo : portfolio) {
      v1::CreateCustomerRequest request;
      *request.mutable_customer() = demo.customer;
      request.set_request_id(absl::StrCat("demo-", demo.key));
      v1::Customer created;
      if (!Call("CreateCustomer", &v1::CustomerProfile::Stub::CreateCustomer, request, &created)) {
        continue;
      }
      ids[demo.key] = created.customer_id();
      const std::string parent = created.name();
      if (demo.customer.has_prior_credit()) {
        Activate(created);
      }
      int n = 0;
      for (const v1::Contact& contact : demo.contacts) {
        v1::CreateContactRequest r;
        r.set_parent(parent);
        *r.mutable_contact() = contact;
        r.set_request_id(absl::StrCat("demo-", demo.key, "-contact-", n++));
        v1::Contact out;
        Call("CreateContact", &v1::CustomerProfile::Stub::CreateContact, r, &out);
      }
      n = 0;
      for (const v1::Project& project : demo.projects) {
        v1::CreateProjectRequest r;
        r.set_parent(parent);
        *r.mutable_project() = project;
        r.set_request_id(absl::StrCat("demo-", demo.key, "-project-", n++));
        v1::Project out;
        Call("CreateProject", &v1::CustomerProfile::Stub::CreateProject, r, &out);
      }
      for (const v1::FinancialStatement& statement : demo.statements) {
        v1::SubmitFinancialStatementRequest r;
        r.set_parent(parent);
        *r.mutable_statement() = statement;
        r.set_request_id(absl::StrCat("demo-", demo.key, "-fs-", statement.fiscal_year()));
        v1::FinancialStatement out;
        Call("SubmitFinancialStatement", &v1::CustomerProfile::Stub::SubmitFinancialStatement, r,
             &out);
      }
      n = 0;
      for (const v1::RelatedParty& party : demo.outside_parties) {
        v1::CreateRelatedPartyRequest r;
        r.set_parent(parent);
        *r.mutable_related_party() = party;
        r.set_request_id(absl::StrCat("demo-", demo.key, "-party-", n++));
        v1::RelatedParty out;
        Call("CreateRelatedParty", &v1::CustomerProfile::Stub::CreateRelatedParty, r, &out);
      }
    }
    // Group links once every member exists.
    for (const DemoCustomer& demo : portfolio) {
      for (const std::string& subsidiary : demo.subsidiaries) {
        if (ids.count(demo.key) == 0 || ids.count(subsidiary) == 0) {
          continue;
        }
        v1::CreateRelatedPartyRequest r;
        r.set_parent(absl::StrCat("customers/", ids[demo.key]));
        r.mutable_related_party()->set_relation_type(v1::RELATION_TYPE_SUBSIDIARY);
        r.mutable_related_party()->set_related_customer_id(ids[subsidiary]);
        r.mutable_related_party()->set_shareholding_bps(subsidiary == "minjiang-bridge" ? 7000
                                                                                        : 5100);
        r.set_request_id(absl::StrCat("demo-", demo.key, "-sub-", subsidiary));
        v1::RelatedParty out;
        Call("CreateRelatedParty", &v1::CustomerProfile::Stub::CreateRelatedParty, r, &out);
      }
    }
    std::printf("demo portfolio: %zu customers loaded, %d failures\n", ids.size(), failures_);
    return failures_ == 0 ? 0 : 1;
  }

 private:
  std::unique_ptr<v1::CustomerProfile::Stub> stub_;
  std::string token_;
  int failures_ = 0;
};

int Run(int argc, char** argv) {
  std::string target = "127.0.0.1:50051";
  std::string token;
  std::string token_file;
  FlagSet flags("ccrm-demo-load");
  flags.Add("target", &target, "customer-profile address");
  flags.Add("token", &token, "bearer token (JWT)");
  flags.Add("token_file", &token_file, "file holding the bearer token");
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  if (token.empty() && !token_file.empty()) {
    absl::StatusOr<std::string> text = ReadFileToString(token_file);
    if (!text.ok()) {
      ExitWithUsage(flags, text.status());
    }
    token = std::string(absl::StripTrailingAsciiWhitespace(*text));
  }
  if (token.empty()) {
    ExitWithUsage(flags, absl::InvalidArgumentError("--token or --token_file is required"));
  }
  Loader loader(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()), token);
  return loader.Load();
}

}  // namespace
}  // namespace ccrm::demo

int main(int argc, char** argv) { return ccrm::demo::Run(argc, argv); }
