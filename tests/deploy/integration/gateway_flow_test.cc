// The API gateway (deploy/gateway: nginx, rendered and started the way deploy/local/up.sh does)
// in front of the four real service binaries: a real gRPC client over TLS, holding only the
// gateway's CA, reaches every public service through the one address and runs the cross-service
// flow through it — a customer, a facility in arrears, the alert on WatchAlerts, the manager's
// follow-up task — while the internal event feed stays out of reach. deploy/gateway's smoke
// check (every service's cheap RPCs, the hidden paths, the access log) runs against it too.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "common/auth/principal.h"
#include "common/testing/service_process.h"
#include "common/testing/status_matchers.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/risk-warning/integration/suite_env.h"

namespace ccrm::risk::itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
namespace rv1 = ::ccrm::rating::v1;
namespace relv1 = ::ccrm::relationship::v1;
using ::ccrm::customer::itest::Cny;
using ::ccrm::customer::itest::KeyEnterprise;
using ::ccrm::testing::RunCommand;
using ::ccrm::testing::WriteSecretFile;

CCRM_SUITE_SHARED_SERVICES(SuiteEnvOptions{});

constexpr char kManager[] = "rm-gateway-01";

// A port nothing listens on right now (the kernel's pick for port 0).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) {
      close(fd);
    }
    return 0;
  }
  close(fd);
  return ntohs(address.sin_port);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

ccrm::common::v1::Date DaysFromToday(int days) {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + days;
  ccrm::common::v1::Date out;
  out.set_year(static_cast<int>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

// nginx started through deploy/gateway/lib.sh, as deploy/local/up.sh starts it.
class Gateway final {
 public:
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(SuiteEnv& env) {
    auto gateway = std::unique_ptr<Gateway>(new Gateway());
    char dir_template[] = "/tmp/ccrm-gateway-itest-XXXXXX";
    if (mkdtemp(dir_template) == nullptr) {
      return absl::InternalError("mkdtemp failed");
    }
    gateway->dir_ = dir_template;
    const int port = FreePort();
    if (port == 0) {
      return absl::UnavailableError("no free port for the gateway");
    }
    gateway->address_ = absl::StrCat("127.0.0.1:", port);
    const std::string script =
        absl::StrCat("set -euo pipefail; source '", CCRM_SOURCE_DIR,
                     "/deploy/local/lib/common.sh'; source '", CCRM_SOURCE_DIR,
                     "/deploy/gateway/lib.sh'; ccrm_gateway_tls \"$1\"; "
                     "ccrm_gateway_start \"$2\" \"$3\" \"$4\" \"$1\" \"${@:5}\"");
    testing::CommandResult started =
        RunCommand("/bin/bash", {"-c", script, "gateway", gateway->tls_dir(),
                                 gateway->dir_ + "/run", gateway->log_dir(), gateway->address_,
                                 "customer-profile=" + env.customer_profile().process().address(),
                                 "credit-rating=" + env.credit_rating().process().address(),
                                 "relationship-service=" + env.relationship().process().address(),
                                 "risk-warning=" + env.risk_warning().process().address()});
    if (started.exit_code != 0) {
      return absl::UnavailableError(absl::StrCat("the gateway did not start:\n", started.output));
    }
    gateway->started_ = true;
    return gateway;
  }

  ~Gateway() {
    if (started_) {
      const std::string script =
          absl::StrCat("source '", CCRM_SOURCE_DIR, "/deploy/local/lib/common.sh'; source '",
                       CCRM_SOURCE_DIR, "/deploy/gateway/lib.sh'; ccrm_gateway_stop \"$1\"");
      RunCommand("/bin/bash", {"-c", script, "gateway", dir_ + "/run"});
    }
    RunCommand("/bin/rm", {"-rf", dir_});
  }

  const std::string& address() const { return address_; }
  std::string tls_dir() const { return dir_ + "/tls"; }
  std::string log_dir() const { return dir_ + "/logs"; }
  std::string ca_file() const { return tls_dir() + "/gateway-ca.crt"; }
  const std::string& dir() const { return dir_; }

  // A TLS channel that trusts only the gateway's CA.
  std::shared_ptr<grpc::Channel> Channel() const {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadFile(ca_file());
    return grpc::CreateChannel(address_, grpc::SslCredentials(tls));
  }

 private:
  Gateway() = default;
  std::string dir_;
  std::string address_;
  bool started_ = false;
};

class GatewayFlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<Gateway>> started = Gateway::Start(SharedSuiteEnv());
    ASSERT_TRUE(started.ok()) << started.status();
    gateway_ = started->release();
  }
  static void TearDownTestSuite() {
    delete gateway_;
    gateway_ = nullptr;
  }

  SuiteEnv& env() { return SharedSuiteEnv(); }
  std::string Rm() { return env().Token(kManager, {roles::kRelationshipManager}); }

  static Gateway* gateway_;
};
Gateway* GatewayFlowTest::gateway_ = nullptr;

TEST_F(GatewayFlowTest, SmokeCheckReachesEveryPublicServiceAndNothingElse) {
  const std::string token_file = gateway_->dir() + "/admin.token";
  ASSERT_OK(WriteSecretFile(token_file, env().TokenFor(roles::kAdmin)));
  testing::CommandResult smoke =
      RunCommand("/usr/bin/python3",
                 {absl::StrCat(CCRM_SOURCE_DIR, "/deploy/gateway/smoke_check.py"), "--target",
                  gateway_->address(), "--ca-file", gateway_->ca_file(), "--token-file", token_file,
                  "--access-log", gateway_->log_dir() + "/api-gateway.access.log"});
  EXPECT_EQ(smoke.exit_code, 0) << smoke.output;
  EXPECT_THAT(smoke.output, ::testing::HasSubstr(" 0 failed")) << smoke.output;
}

TEST_F(GatewayFlowTest, TheCrossServiceFlowRunsThroughTheGatewayAlone) {
  std::shared_ptr<grpc::Channel> channel = gateway_->Channel();
  auto customers = cv1::CustomerProfile::NewStub(channel);
  auto ratings = rv1::CreditRating::NewStub(channel);
  auto relationships = relv1::RelationshipService::NewStub(channel);
  auto risk = v1::RiskWarning::NewStub(channel);

  // No token: the service behind the gateway refuses; the gateway does not authenticate.
  {
    cv1::ListCustomersRequest request;
    grpc::ClientContext context;
    cv1::ListCustomersResponse response;
    EXPECT_EQ(customers->ListCustomers(&context, request, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // The manager (relationship-service) and the customer (customer-profile).
  {
    relv1::CreateRelationshipManagerRequest request;
    request.mutable_manager()->set_manager_id(kManager);
    request.mutable_manager()->set_display_name("网关客户经理");
    request.mutable_manager()->set_branch("福州分行");
    request.mutable_manager()->set_max_portfolio_size(50);
    ASSERT_OK(CallWithToken(*relationships,
                            &relv1::RelationshipService::Stub::CreateRelationshipManager,
                            env().TokenFor(roles::kAdmin), request)
                  .status());
  }
  cv1::CreateCustomerRequest create;
  *create.mutable_customer() = KeyEnterprise("福建网关测试制造有限公司");
  create.mutable_customer()->set_relationship_manager_id(kManager);
  ASSERT_OK_AND_ASSIGN(cv1::Customer customer,
                       CallWithToken(*customers, &CustomerStub::CreateCustomer, Rm(), create));
  // credit-rating answers through the same address (no rating yet).
  {
    rv1::ListRatingsRequest request;
    request.set_parent(customer.name());
    ASSERT_OK_AND_ASSIGN(rv1::ListRatingsResponse listed,
                         CallWithToken(*ratings, &RatingStub::ListRatings, Rm(), request));
    EXPECT_EQ(listed.ratings_size(), 0);
  }
  // A facility with an installment 40 days overdue (risk-warning) opens an alert ...
  v1::CreateExposureRequest exposure_request;
  exposure_request.set_request_id(absl::StrCat("gw-", customer.customer_id()));
  v1::Exposure& exposure = *exposure_request.mutable_exposure();
  exposure.set_customer_id(customer.customer_id());
  exposure.set_facility_id(absl::StrCat("F-GW-", customer.customer_id().substr(0, 8)));
  *exposure.mutable_amount() = Cny(20'000'000);
  exposure.set_purpose("流动资金贷款");
  *exposure.mutable_origination_date() = DaysFromToday(-300);
  *exposure.mutable_maturity_date() = DaysFromToday(700);
  v1::PlannedUse& use = *exposure.add_use_of_funds_plan();
  use.set_category("raw_materials");
  *use.mutable_amount() = Cny(20'000'000);
  v1::ScheduledRepayment& late = *exposure.add_repayment_schedule();
  *late.mutable_due_date() = DaysFromToday(-40);
  *late.mutable_principal() = Cny(1'000'000);
  *late.mutable_interest() = Cny(100'000);
  ASSERT_OK(CallWithToken(*risk, &RiskStub::CreateExposure, env().TokenFor(roles::kRiskOfficer),
                          exposure_request)
                .status());

  // ... which the manager's watch, through the gateway, receives.
  v1::WatchAlertsRequest watch_request;
  watch_request.set_customer_id(customer.customer_id());
  grpc::ClientContext watch_context;
  watch_context.AddMetadata("authorization", "Bearer " + Rm());
  watch_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::unique_ptr<grpc::ClientReader<v1::AlertUpdate>> watch =
      risk->WatchAlerts(&watch_context, watch_request);
  v1::AlertUpdate update;
  ASSERT_TRUE(watch->Read(&update)) << watch->Finish().error_message();
  EXPECT_EQ(update.change().action(), "opened");
  EXPECT_EQ(update.change().alert().customer_id(), customer.customer_id());
  EXPECT_EQ(update.change().alert().indicator(), "days_past_due");
  const std::string alert_name = update.change().alert().name();
  watch_context.TryCancel();
  watch->Finish();

  // The alert becomes the manager's follow-up task in relationship-service (through the event
  // flow behind the gateway), read through the gateway.
  EXPECT_TRUE(Eventually([&] {
    relv1::ListTasksRequest request;
    request.set_parent(absl::StrCat("relationshipManagers/", kManager));
    absl::StatusOr<relv1::ListTasksResponse> tasks =
        CallWithToken(*relationships, &RelationshipStub::ListTasks, Rm(), request);
    if (!tasks.ok()) {
      return false;
    }
    for (const relv1::FollowUpTask& task : tasks->tasks()) {
      if (task.source() == alert_name) {
        return true;
      }
    }
    return false;
  })) << "no follow-up task for "
      << alert_name;

  // The internal event feed is not exposed: the gateway answers for it.
  {
    auto feed = ccrm::common::v1::EventFeed::NewStub(channel);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + env().TokenFor(roles::kService));
    ccrm::common::v1::StreamEventsRequest request;
    auto reader = feed->StreamEvents(&context, request);
    ccrm::common::v1::Event event;
    EXPECT_FALSE(reader->Read(&event));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
}

}  // namespace
}  // namespace ccrm::risk::itest
