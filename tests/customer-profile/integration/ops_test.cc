// The customer-profile binary as operations see it: who gets in (tokens, roles), health without a
// token, the Prometheus endpoint, the database account's least privilege, and a clean exit on
// SIGTERM.
#include <cppconn/resultset.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/jwt.h"
#include "common/auth/principal.h"
#include "common/mysql/transaction.h"
#include "tests/customer-profile/integration/customer_profile_env.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::customer::itest {
namespace {

using ::ccrm::testing::IsOk;
using ::ccrm::testing::StatusIs;
using ::testing::HasSubstr;

CCRM_CUSTOMER_PROFILE_SHARED_SERVICE(EnvOptions{});

// A token signed with the test key but with claims the caller chooses.
std::string MintToken(const std::string& key, const std::string& issuer,
                      const std::string& audience, absl::Time issued_at, absl::Time expires_at) {
  JwtClaims claims;
  claims.issuer = issuer;
  claims.audience = audience;
  claims.subject = "it-admin";
  claims.roles = {roles::kAdmin};
  claims.issued_at = issued_at;
  claims.expires_at = expires_at;
  absl::StatusOr<std::string> token = MintJwt(JwtKey{"", JwtAlgorithm::kHs256, key}, claims);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.value_or("");
}

absl::StatusOr<v1::ListCustomersResponse> ListWith(const std::string& token) {
  return SharedEnv().Call(&Stub::ListCustomers, token, v1::ListCustomersRequest());
}

absl::StatusOr<v1::Customer> CreateAs(const std::string& token, const v1::Customer& customer) {
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = customer;
  return SharedEnv().Call(&Stub::CreateCustomer, token, request);
}

TEST(AuthTest, NoTokenIsUnauthenticated) {
  EXPECT_THAT(ListWith(""), FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_MISSING"));
}

TEST(AuthTest, AuthorizationWithoutBearerSchemeCountsAsMissing) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", SharedEnv().TokenFor(roles::kAdmin));
  v1::ListCustomersResponse response;
  grpc::Status status =
      SharedEnv().stub().ListCustomers(&context, v1::ListCustomersRequest(), &response);
  EXPECT_THAT(FromGrpcStatus(status),
              FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_MISSING"));
}

TEST(AuthTest, GarbageTokenIsUnauthenticated) {
  EXPECT_THAT(ListWith("garbage"),
              FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_MALFORMED"));
  EXPECT_THAT(ListWith("a.b.c"), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(AuthTest, ExpiredTokenIsUnauthenticated) {
  const absl::Time now = absl::Now();
  const std::string token =
      MintToken(SharedEnv().secrets().jwt_key(), testing::kTestIssuer, testing::kTestAudience,
                now - absl::Hours(2), now - absl::Hours(1));
  EXPECT_THAT(ListWith(token), FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_EXPIRED"));
}

TEST(AuthTest, WrongAudienceIsUnauthenticated) {
  const absl::Time now = absl::Now();
  const std::string token = MintToken(SharedEnv().secrets().jwt_key(), testing::kTestIssuer,
                                      "another-system", now, now + absl::Hours(1));
  EXPECT_THAT(ListWith(token),
              FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_AUDIENCE_MISMATCH"));
}

TEST(AuthTest, WrongIssuerIsUnauthenticated) {
  const absl::Time now = absl::Now();
  const std::string token = MintToken(SharedEnv().secrets().jwt_key(), "someone-else",
                                      testing::kTestAudience, now, now + absl::Hours(1));
  EXPECT_THAT(ListWith(token),
              FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_ISSUER_MISMATCH"));
}

TEST(AuthTest, TokenSignedWithAnotherKeyIsUnauthenticated) {
  const absl::Time now = absl::Now();
  const std::string token = MintToken(std::string(32, 'k'), testing::kTestIssuer,
                                      testing::kTestAudience, now, now + absl::Hours(1));
  EXPECT_THAT(ListWith(token),
              FailsWith(absl::StatusCode::kUnauthenticated, "TOKEN_SIGNATURE_INVALID"));
}

TEST(AuthTest, AuditorMayNotCreateCustomers) {
  CustomerProfileEnv& env = SharedEnv();
  const v1::Customer customer = KeyEnterprise("审计员不能建的公司");
  EXPECT_THAT(CreateAs(env.TokenFor(roles::kAuditor), customer),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));
  EXPECT_EQ(env.db()
                .QueryIntAsAdmin(absl::StrCat(
                    "SELECT COUNT(*) FROM customers WHERE unified_social_credit_code = '",
                    customer.unified_social_credit_code(), "'"))
                .value_or(-1),
            0);
}

TEST(AuthTest, TokenWithoutRolesIsDenied) {
  EXPECT_THAT(ListWith(SharedEnv().Token("nobody", {})),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));
}

TEST(AuthTest, ServiceRoleReadsButDoesNotWrite) {
  CustomerProfileEnv& env = SharedEnv();
  const std::string service = env.Token("credit-rating", {roles::kService});
  const v1::Customer draft = KeyEnterprise("服务可读有限公司");
  ASSERT_OK_AND_ASSIGN(v1::Customer created,
                       CreateAs(env.TokenFor(roles::kRelationshipManager), draft));

  v1::GetCustomerRequest get;
  get.set_name(created.name());
  ASSERT_OK_AND_ASSIGN(v1::Customer read, env.Call(&Stub::GetCustomer, service, get));
  EXPECT_EQ(read.customer_id(), created.customer_id());
  EXPECT_EQ(read.legal_name(), "服务可读有限公司");
  // Services see identifiers masked, and may not ask for them in clear.
  EXPECT_EQ(read.contact_phone(), ExpectedMaskedMobile(draft.contact_phone()));
  get.set_view(v1::CUSTOMER_VIEW_UNMASKED);
  EXPECT_THAT(env.Call(&Stub::GetCustomer, service, get),
              FailsWith(absl::StatusCode::kPermissionDenied, "UNMASKED_VIEW_NOT_PERMITTED"));

  EXPECT_THAT(ListWith(service), IsOk());
  EXPECT_THAT(CreateAs(service, KeyEnterprise("服务不能建的公司")),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));
}

TEST(HealthTest, ServingWithoutToken) {
  grpc::health::v1::HealthCheckRequest request;
  ASSERT_OK_AND_ASSIGN(
      grpc::health::v1::HealthCheckResponse response,
      CallWithToken(SharedEnv().health(), &grpc::health::v1::Health::Stub::Check, "", request));
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST(MetricsTest, ExportsRpcAndPoolMetrics) {
  CustomerProfileEnv& env = SharedEnv();
  ASSERT_OK(CreateAs(env.TokenFor(roles::kAdmin), KeyEnterprise("指标有限公司")).status());
  ASSERT_THAT(CreateAs(env.TokenFor(roles::kAuditor), KeyEnterprise("指标拒绝有限公司")),
              StatusIs(absl::StatusCode::kPermissionDenied));

  httplib::Client client("127.0.0.1", env.process().metrics_port());
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result) << "GET /metrics failed: " << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  const std::string& body = result->body;
  EXPECT_THAT(body, HasSubstr("ccrm_grpc_server_handled_total{method=\"/"
                              "ccrm.customer.v1.CustomerProfile/CreateCustomer\",code=\"OK\"} "));
  EXPECT_THAT(body, HasSubstr("ccrm_grpc_server_handled_total{method=\"/"
                              "ccrm.customer.v1.CustomerProfile/CreateCustomer\",code=\"PERMISSION_"
                              "DENIED\"} "));
  EXPECT_THAT(body, HasSubstr("ccrm_db_pool_sessions{state=\"open\"} "));
  EXPECT_THAT(body, HasSubstr("ccrm_db_pool_sessions{state=\"max\"} "));
  EXPECT_THAT(body, HasSubstr("# TYPE ccrm_db_pool_sessions_total counter"));
  EXPECT_THAT(body, HasSubstr("ccrm_db_pool_sessions_total{event=\"opened\"} "));
}

// Runs `statement` on a fresh session of `pool` (a query when `query`); the status its failure
// maps to.
absl::Status RunStatement(mysql::ConnectionPool& pool, const std::string& statement, bool query) {
  return mysql::RunInTransaction(pool, mysql::TxOptions{}, [&](mysql::Session& s) {
    if (query) {
      std::unique_ptr<sql::ResultSet> rs(s.Prepare(statement).executeQuery());
    } else {
      s.Execute(statement);
    }
    return absl::OkStatus();
  });
}

TEST(LeastPrivilegeTest, ServiceAccountCannotReachAnotherSchema) {
  CustomerProfileEnv& env = SharedEnv();
  testing::MySqlTestDbOptions options;
  options.migrations_dir = CUSTOMER_PROFILE_MIGRATIONS_DIR;
  options.create_app_user = false;
  options.pool_size = 1;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<testing::MySqlTestDb> other,
                       testing::MySqlTestDb::Create(options));
  {
    // The account the service runs as (see CustomerProfileEnv::Start).
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> service_account,
                         env.db().NewPool(/*admin=*/false, 1));
    EXPECT_THAT(
        RunStatement(*service_account,
                     absl::StrCat("SELECT COUNT(*) FROM `", other->database(), "`.customers"),
                     /*query=*/true),
        StatusIs(absl::StatusCode::kPermissionDenied));
    EXPECT_THAT(RunStatement(*service_account,
                             absl::StrCat("INSERT INTO `", other->database(),
                                          "`.audit_records (actor, action, fields, record_time) "
                                          "VALUES ('x', 'y', '', UTC_TIMESTAMP(6))"),
                             /*query=*/false),
                StatusIs(absl::StatusCode::kPermissionDenied));
    // Its own schema it may read.
    EXPECT_OK(RunStatement(*service_account, "SELECT COUNT(*) FROM customers", /*query=*/true));
  }
  EXPECT_EQ(other->QueryIntAsAdmin("SELECT COUNT(*) FROM audit_records").value_or(-1), 0);
}

TEST(LeastPrivilegeTest, ServiceAccountCannotChangeItsSchema) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<mysql::ConnectionPool> service_account,
                       SharedEnv().db().NewPool(/*admin=*/false, 1));
  EXPECT_THAT(RunStatement(*service_account, "CREATE TABLE sneaky (id INT PRIMARY KEY)",
                           /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(RunStatement(*service_account, "DROP TABLE audit_records", /*query=*/false),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

// Short, so the shutdown tests stay quick: gRPC waits for open connections (such as the test's own
// idle channel) until the drain deadline even when no call is in flight.
constexpr absl::Duration kDrainTimeout = absl::Seconds(3);
// Process exit after the drain: stopping the worker pool, the metrics server, the database pool.
constexpr absl::Duration kStopSlack = absl::Seconds(2);

bool ExitedCleanly(int wait_status) {
  return wait_status >= 0 && WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
}

TEST(ShutdownTest, SigtermDrainsAndExitsZero) {
  CustomerProfileEnv& env = SharedEnv();
  std::vector<std::string> flags = env.service_flags();
  flags.push_back(absl::StrCat("--drain_timeout=", absl::FormatDuration(kDrainTimeout)));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<testing::ServiceProcess> process,
                       testing::ServiceProcess::Start(CUSTOMER_PROFILE_BINARY, flags));
  auto channel = grpc::CreateChannel(process->address(), grpc::InsecureChannelCredentials());
  std::unique_ptr<Stub> stub = v1::CustomerProfile::NewStub(channel);
  ASSERT_OK(CallWithToken(*stub, &Stub::ListCustomers, env.TokenFor(roles::kAdmin),
                          v1::ListCustomersRequest())
                .status());

  const absl::Time start = absl::Now();
  const int status = process->Stop(absl::Seconds(20));
  const absl::Duration took = absl::Now() - start;
  EXPECT_TRUE(ExitedCleanly(status)) << "wait status " << status << "\n" << process->ReadLog();
  // gRPC closes connections that are still open (this test's channel) only at the deadline.
  EXPECT_LE(took, kDrainTimeout + kStopSlack);
}

TEST(ShutdownTest, SigtermEndsAFollowingEventStreamWithinTheDrainTimeout) {
  CustomerProfileEnv& env = SharedEnv();
  std::vector<std::string> flags = env.service_flags();
  flags.push_back(absl::StrCat("--drain_timeout=", absl::FormatDuration(kDrainTimeout)));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<testing::ServiceProcess> process,
                       testing::ServiceProcess::Start(CUSTOMER_PROFILE_BINARY, flags));
  auto channel = grpc::CreateChannel(process->address(), grpc::InsecureChannelCredentials());
  std::unique_ptr<ccrm::common::v1::EventFeed::Stub> feed =
      ccrm::common::v1::EventFeed::NewStub(channel);

  // At least one event exists, so the stream is known to be open once it has been read.
  ASSERT_OK(
      CreateAs(env.TokenFor(roles::kAdmin), KeyEnterprise("关停时在读事件有限公司")).status());
  grpc::ClientContext context;
  PrepareContext(context, env.Token("consumer", {roles::kService}), absl::Seconds(60));
  ccrm::common::v1::StreamEventsRequest request;
  request.set_follow(true);
  std::unique_ptr<grpc::ClientReader<ccrm::common::v1::Event>> reader =
      feed->StreamEvents(&context, request);
  ccrm::common::v1::Event first;
  ASSERT_TRUE(reader->Read(&first)) << reader->Finish().error_message();
  // The consumer stays on the open stream (caught up, following) while the server stops.
  grpc::Status stream_status;
  std::thread consumer([&] {
    ccrm::common::v1::Event event;
    while (reader->Read(&event)) {
    }
    stream_status = reader->Finish();
  });

  const absl::Time start = absl::Now();
  const int status = process->Stop(absl::Seconds(20));
  const absl::Duration took = absl::Now() - start;
  consumer.join();
  EXPECT_TRUE(ExitedCleanly(status)) << "wait status " << status << "\n" << process->ReadLog();
  EXPECT_LE(took, kDrainTimeout + kStopSlack);
  EXPECT_FALSE(stream_status.ok()) << "a following stream cannot end OK while the server stops";
}

TEST(EventStreamTest, ConsumerLeavingAFollowingStreamLeavesTheServerServing) {
  CustomerProfileEnv& env = SharedEnv();
  // Its own process: if leaving the stream brought the service down, the other tests keep theirs.
  std::vector<std::string> flags = env.service_flags();
  flags.push_back(absl::StrCat("--drain_timeout=", absl::FormatDuration(kDrainTimeout)));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<testing::ServiceProcess> process,
                       testing::ServiceProcess::Start(CUSTOMER_PROFILE_BINARY, flags));
  ASSERT_OK(
      CreateAs(env.TokenFor(roles::kAdmin), KeyEnterprise("读完就走的消费者有限公司")).status());
  auto channel = grpc::CreateChannel(process->address(), grpc::InsecureChannelCredentials());
  std::unique_ptr<ccrm::common::v1::EventFeed::Stub> feed =
      ccrm::common::v1::EventFeed::NewStub(channel);
  {
    grpc::ClientContext context;
    PrepareContext(context, env.Token("consumer", {roles::kService}));
    ccrm::common::v1::StreamEventsRequest request;
    request.set_follow(true);
    std::unique_ptr<grpc::ClientReader<ccrm::common::v1::Event>> reader =
        feed->StreamEvents(&context, request);
    ccrm::common::v1::Event event;
    ASSERT_TRUE(reader->Read(&event)) << reader->Finish().error_message();
    // Caught up and following: the server waits for new events. The consumer goes away.
    context.TryCancel();
    while (reader->Read(&event)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // The server noticed the cancellation while waiting; it must still serve.
  std::unique_ptr<Stub> stub = v1::CustomerProfile::NewStub(channel);
  for (int i = 0; i < 3; ++i) {
    EXPECT_OK(CallWithToken(*stub, &Stub::ListCustomers, env.TokenFor(roles::kAdmin),
                            v1::ListCustomersRequest())
                  .status())
        << process->ReadLog();
  }
  EXPECT_TRUE(ExitedCleanly(process->Stop(absl::Seconds(30)))) << process->ReadLog();
}

}  // namespace
}  // namespace ccrm::customer::itest
