// ccrm-demo-rate: rates the demo portfolio through credit-rating's public API, maker-checker
// included: a demo analyst drafts a rating of every customer that has statements, a demo
// approver approves it. Request ids are fixed per customer, so running it twice changes
// nothing (an already decided rating is left as it is).
//
// Usage: ccrm-demo-rate --customer_profile=127.0.0.1:50051 --credit_rating=127.0.0.1:50052
//          --reader_token=JWT --analyst_token=JWT --approver_token=JWT
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "common/config/flags.h"

namespace ccrm::demo {
namespace {

namespace cv1 = ccrm::customer::v1;
namespace rv1 = ccrm::rating::v1;

void Prepare(grpc::ClientContext& ctx, const std::string& token) {
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
}

// Demo analysts' judgement: the group and its infrastructure arms are strong, the SME is average,
// the first-time borrower and the textile maker weak.
rv1::QualitativeInputs AssessmentOf(const cv1::Customer& customer) {
  rv1::QualitativeInputs q;
  const bool key = customer.segment() == cv1::SEGMENT_KEY;
  const bool textile = customer.industry_code().rfind("C17", 0) == 0;
  const rv1::Assessment level = textile ? rv1::ASSESSMENT_WEAK
                                : key   ? rv1::ASSESSMENT_GOOD
                                        : rv1::ASSESSMENT_ADEQUATE;
  q.set_management_quality(level);
  q.set_market_position(key ? rv1::ASSESSMENT_STRONG : level);
  q.set_industry_outlook(textile ? rv1::ASSESSMENT_POOR : rv1::ASSESSMENT_ADEQUATE);
  q.set_guarantee_strength(key ? rv1::ASSESSMENT_GOOD : rv1::ASSESSMENT_ADEQUATE);
  return q;
}

int Run(int argc, char** argv) {
  std::string customer_target = "127.0.0.1:50051", rating_target = "127.0.0.1:50052";
  std::string reader_token, analyst_token, approver_token;
  FlagSet flags("ccrm-demo-rate");
  flags.Add("customer_profile", &customer_target, "customer-profile address");
  flags.Add("credit_rating", &rating_target, "credit-rating address");
  flags.Add("reader_token", &reader_token, "token that may list customers");
  flags.Add("analyst_token", &analyst_token, "token of the demo credit analyst (maker)");
  flags.Add("approver_token", &approver_token, "token of the demo credit approver (checker)");
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  auto customers = cv1::CustomerProfile::NewStub(
      grpc::CreateChannel(customer_target, grpc::InsecureChannelCredentials()));
  auto ratings = rv1::CreditRating::NewStub(
      grpc::CreateChannel(rating_target, grpc::InsecureChannelCredentials()));
  int rated = 0, approved = 0, skipped = 0, failures = 0;
  std::string page_token;
  do {
    grpc::ClientContext ctx;
    Prepare(ctx, reader_token);
    cv1::ListCustomersRequest list;
    list.set_page_size(100);
    list.set_page_token(page_token);
    cv1::ListCustomersResponse page;
    if (grpc::Status s = customers->ListCustomers(&ctx, list, &page); !s.ok()) {
      std::fprintf(stderr, "ListCustomers failed: %s\n", s.error_message().c_str());
      return 1;
    }
    for (const cv1::Customer& customer : page.customers()) {
      rv1::RateCustomerRequest rate;
      rate.set_customer(customer.name());
      *rate.mutable_qualitative() = AssessmentOf(customer);
      rate.set_request_id(absl::StrCat("demo-rate-", customer.customer_id()));
      rv1::Rating draft;
      grpc::ClientContext rate_ctx;
      Prepare(rate_ctx, analyst_token);
      grpc::Status s = ratings->RateCustomer(&rate_ctx, rate, &draft);
      if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++skipped;  // no usable statements: nothing to rate yet
        continue;
      }
      if (!s.ok()) {
        std::fprintf(stderr, "RateCustomer %s failed: %s\n", customer.name().c_str(),
                     s.error_message().c_str());
        ++failures;
        continue;
      }
      ++rated;
      if (draft.state() != rv1::RATING_STATE_DRAFT) {
        continue;
      }
      rv1::ApproveRatingRequest approve;
      approve.set_name(draft.name());
      approve.set_etag(draft.etag());
      rv1::Rating decided;
      grpc::ClientContext approve_ctx;
      Prepare(approve_ctx, approver_token);
      if (grpc::Status a = ratings->ApproveRating(&approve_ctx, approve, &decided); !a.ok()) {
        std::fprintf(stderr, "ApproveRating %s failed: %s\n", draft.name().c_str(),
                     a.error_message().c_str());
        ++failures;
        continue;
      }
      ++approved;
      std::printf("%s  %s  grade %s  PD %.4f%%\n", customer.legal_name().c_str(),
                  decided.name().c_str(),
                  rv1::CreditGrade_Name(decided.final_grade()).substr(13).c_str(),
                  100 * decided.probability_of_default());
    }
    page_token = page.next_page_token();
  } while (!page_token.empty());
  std::printf("demo ratings: %d rated, %d approved now, %d without statements, %d failures\n",
              rated, approved, skipped, failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace ccrm::demo

int main(int argc, char** argv) { return ccrm::demo::Run(argc, argv); }
