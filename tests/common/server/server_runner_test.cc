// In-process tests of common/server: a ServerRunner on 127.0.0.1:0 with a real JwtVerifier,
// PermissionTable and MetricsRegistry, serving a small callback service whose handlers run
// through UnaryRpcRunner. Covers authentication, permissions, request ids, health, reflection,
// overload, deadlines, metrics, error details and graceful shutdown.
#include "common/server/server_runner.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/jwt.h"
#include "common/auth/permission_table.h"
#include "common/config/service_config.h"
#include "common/ids/uuid.h"
#include "common/metrics/metrics.h"
#include "common/server/call_registry.h"
#include "common/server/rpc_interceptor.h"
#include "common/server/unary_rpc_runner.h"
#include "common/server/worker_pool.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "common/testing/status_matchers.h"
#include "common/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "test_service.grpc.pb.h"

namespace ccrm {
namespace {

using ::ccrm::test::v1::EchoRequest;
using ::ccrm::test::v1::EchoResponse;
using ::ccrm::test::v1::TestService;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kIssuer[] = "ccrm-test";
constexpr char kAudience[] = "ccrm";
constexpr char kEchoMethod[] = "/ccrm.test.v1.TestService/Echo";
constexpr char kAdminOnlyMethod[] = "/ccrm.test.v1.TestService/AdminOnly";
constexpr char kUnlistedMethod[] = "/ccrm.test.v1.TestService/Unlisted";

const std::string& SigningSecret() {
  static const std::string secret(32, 's');
  return secret;
}

// Polls `done` until it holds or 10 s pass; returns its last value.
bool Eventually(const std::function<bool()>& done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!done()) {
    if (absl::Now() > give_up) {
      return false;
    }
    absl::SleepFor(absl::Milliseconds(2));
  }
  return true;
}

// What the handlers do; the test decides. Counts how often each text reached a handler.
class Behaviour final {
 public:
  using Work = std::function<absl::Status(const RpcContext&, const EchoRequest&, EchoResponse*)>;

  void Set(Work work) {
    absl::MutexLock lock(&mu_);
    work_ = std::move(work);
  }

  absl::Status Run(const RpcContext& rpc, const EchoRequest& request, EchoResponse* response) {
    Work work;
    {
      absl::MutexLock lock(&mu_);
      ++runs_[request.text()];
      work = work_;
    }
    response->set_text(request.text());
    response->set_subject(rpc.principal.subject);
    for (const std::string& role : rpc.principal.roles) {
      response->add_roles(role);
    }
    response->set_request_id(rpc.request_id);
    response->set_method(rpc.method);
    response->set_has_deadline(rpc.deadline != absl::InfiniteFuture());
    return work ? work(rpc, request, response) : absl::OkStatus();
  }

  int runs(const std::string& text) const {
    absl::MutexLock lock(&mu_);
    auto it = runs_.find(text);
    return it == runs_.end() ? 0 : it->second;
  }

 private:
  mutable absl::Mutex mu_;
  Work work_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> runs_ ABSL_GUARDED_BY(mu_);
};

class TestServiceImpl final : public TestService::CallbackService {
 public:
  TestServiceImpl(UnaryRpcRunner* runner, Behaviour* behaviour)
      : runner_(runner), behaviour_(behaviour) {}

  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* ctx, const EchoRequest* request,
                                 EchoResponse* response) override {
    return Handle(ctx, request, response);
  }
  grpc::ServerUnaryReactor* AdminOnly(grpc::CallbackServerContext* ctx, const EchoRequest* request,
                                      EchoResponse* response) override {
    return Handle(ctx, request, response);
  }
  grpc::ServerUnaryReactor* Unlisted(grpc::CallbackServerContext* ctx, const EchoRequest* request,
                                     EchoResponse* response) override {
    return Handle(ctx, request, response);
  }

 private:
  grpc::ServerUnaryReactor* Handle(grpc::CallbackServerContext* ctx, const EchoRequest* request,
                                   EchoResponse* response) {
    return runner_->Run(ctx, [this, request, response](const RpcContext& rpc) {
      return behaviour_->Run(rpc, *request, response);
    });
  }

  UnaryRpcRunner* runner_;
  Behaviour* behaviour_;
};

class ServerRunnerTest : public ::testing::Test {
 protected:
  ServerRunnerTest() : clock_(absl::FromUnixSeconds(1795334400)) {
    JwtVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    options.keys.push_back(JwtKey{"", JwtAlgorithm::kHs256, SigningSecret()});
    absl::StatusOr<std::unique_ptr<JwtVerifier>> verifier =
        JwtVerifier::Create(std::move(options), &clock_);
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = *std::move(verifier);
    permissions_.Allow(kEchoMethod, {roles::kRelationshipManager});
    permissions_.Allow(kAdminOnlyMethod, {roles::kAdmin});
  }

  ~ServerRunnerTest() override {
    // The runner goes before the service it serves.
    if (runner_ != nullptr) {
      runner_->Shutdown();
    }
    runner_.reset();
    service_.reset();
  }

  // Starts the server; `edit` may change the configuration first.
  void StartServer(const std::function<void(ServerConfig&)>& edit = nullptr) {
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.worker_threads = 4;
    config.worker_queue_limit = 16;
    config.drain_timeout = absl::Seconds(20);
    if (edit) {
      edit(config);
    }
    ServerDeps deps;
    deps.verifier = verifier_.get();
    deps.permissions = &permissions_;
    deps.metrics = &metrics_;
    deps.clock = &clock_;
    runner_ = std::make_unique<ServerRunner>(config, deps);
    service_ = std::make_unique<TestServiceImpl>(&runner_->unary_runner(), &behaviour_);
    runner_->AddService(service_.get());
    ASSERT_OK(runner_->Start());
    ASSERT_GT(runner_->port(), 0);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", runner_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = TestService::NewStub(channel_);
  }

  std::string Token(const std::string& subject, const std::vector<std::string>& roles,
                    absl::Duration valid_for = absl::Hours(1)) {
    JwtClaims claims;
    claims.issuer = kIssuer;
    claims.audience = kAudience;
    claims.subject = subject;
    claims.roles = roles;
    claims.issued_at = clock_.Now() - absl::Hours(2);
    claims.expires_at = clock_.Now() + valid_for;
    absl::StatusOr<std::string> token =
        MintJwt(JwtKey{"", JwtAlgorithm::kHs256, SigningSecret()}, claims);
    EXPECT_TRUE(token.ok()) << token.status();
    return *token;
  }

  // A client context with a deadline and, when `token` is not empty, a bearer token.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token,
                                                      absl::Duration timeout = absl::Seconds(30)) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    if (!token.empty()) {
      ctx->AddMetadata("authorization", "Bearer " + token);
    }
    return ctx;
  }

  grpc::Status Echo(const std::string& token, const std::string& text,
                    EchoResponse* response = nullptr) {
    EchoResponse ignored;
    EchoRequest request;
    request.set_text(text);
    return stub_->Echo(Context(token).get(), request, response ? response : &ignored);
  }

  static std::string InitialMetadata(const grpc::ClientContext& ctx, const std::string& key) {
    const auto& metadata = ctx.GetServerInitialMetadata();
    auto it = metadata.find(key);
    return it == metadata.end() ? "<absent>" : std::string(it->second.data(), it->second.size());
  }

  std::string MetricsText() const { return metrics_.RenderText(); }

  FakeClock clock_;
  std::unique_ptr<JwtVerifier> verifier_;
  PermissionTable permissions_;
  MetricsRegistry metrics_;
  Behaviour behaviour_;
  std::unique_ptr<TestServiceImpl> service_;
  std::unique_ptr<ServerRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<TestService::Stub> stub_;
};

TEST_F(ServerRunnerTest, NoTokenIsUnauthenticated) {
  StartServer();
  grpc::Status status = Echo("", "hello");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "TOKEN_MISSING");
  EXPECT_EQ(behaviour_.runs("hello"), 0);
}

TEST_F(ServerRunnerTest, NonBearerSchemeIsTokenMissing) {
  StartServer();
  auto ctx = Context("");
  ctx->AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  EchoRequest request;
  EchoResponse response;
  grpc::Status status = stub_->Echo(ctx.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "TOKEN_MISSING");
}

TEST_F(ServerRunnerTest, BadTokensCarryTheVerifierReason) {
  StartServer();
  struct Case {
    std::string token;
    const char* reason;
  };
  std::string forged = Token("rm-1", {roles::kRelationshipManager});
  // Change a character inside the signature (the last one may only carry padding bits).
  char& inside = forged[forged.rfind('.') + 5];
  inside = inside == 'A' ? 'B' : 'A';
  JwtClaims other_key_claims;
  other_key_claims.issuer = kIssuer;
  other_key_claims.audience = kAudience;
  other_key_claims.subject = "rm-1";
  other_key_claims.issued_at = clock_.Now();
  other_key_claims.expires_at = clock_.Now() + absl::Hours(1);
  absl::StatusOr<std::string> other_key =
      MintJwt(JwtKey{"", JwtAlgorithm::kHs256, std::string(32, 'x')}, other_key_claims);
  ASSERT_OK(other_key);
  for (const Case& c :
       {Case{"not-a-jwt", kReasonTokenMalformed}, Case{*other_key, kReasonTokenSignatureInvalid},
        Case{forged, kReasonTokenSignatureInvalid},
        Case{Token("rm-1", {roles::kRelationshipManager}, -absl::Hours(1)), kReasonTokenExpired}}) {
    SCOPED_TRACE(c.reason);
    grpc::Status status = Echo(c.token, "hello");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), c.reason);
  }
  EXPECT_EQ(behaviour_.runs("hello"), 0);
}

TEST_F(ServerRunnerTest, RoleNotAllowedIsPermissionDenied) {
  StartServer();
  const std::string token = Token("rm-1", {roles::kRelationshipManager});
  EchoRequest request;
  EchoResponse response;
  grpc::Status status = stub_->AdminOnly(Context(token).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), kReasonRoleNotPermitted);

  status = stub_->Unlisted(Context(token).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), kReasonMethodNotInPermissionTable);
  EXPECT_EQ(behaviour_.runs(""), 0);

  status = stub_->AdminOnly(Context(Token("admin-1", {roles::kAdmin})).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.method(), kAdminOnlyMethod);
}

TEST_F(ServerRunnerTest, AllowedCallSeesPrincipalAndEchoedRequestId) {
  StartServer();
  auto ctx = Context(Token("rm-7", {roles::kRelationshipManager, roles::kAuditor}));
  ctx->AddMetadata("x-request-id", "req-42.a:b_c");
  EchoRequest request;
  request.set_text("hello");
  EchoResponse response;
  grpc::Status status = stub_->Echo(ctx.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.text(), "hello");
  EXPECT_EQ(response.subject(), "rm-7");
  EXPECT_THAT(response.roles(), ElementsAre(roles::kRelationshipManager, roles::kAuditor));
  EXPECT_EQ(response.method(), kEchoMethod);
  EXPECT_EQ(response.request_id(), "req-42.a:b_c");
  EXPECT_TRUE(response.has_deadline());
  EXPECT_EQ(InitialMetadata(*ctx, "x-request-id"), "req-42.a:b_c");
}

TEST_F(ServerRunnerTest, RequestIdIsGeneratedWhenAbsentOrUnacceptable) {
  StartServer();
  const std::string token = Token("rm-1", {roles::kRelationshipManager});
  for (const std::string& sent :
       {std::string(), std::string("has spaces in it"), std::string(129, 'a')}) {
    SCOPED_TRACE(sent);
    auto ctx = Context(token);
    if (!sent.empty()) {
      ctx->AddMetadata("x-request-id", sent);
    }
    EchoRequest request;
    EchoResponse response;
    grpc::Status status = stub_->Echo(ctx.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(IsUuid(response.request_id())) << response.request_id();
    EXPECT_EQ(InitialMetadata(*ctx, "x-request-id"), response.request_id());
  }
}

TEST_F(ServerRunnerTest, RefusedCallStillEchoesRequestId) {
  StartServer();
  auto ctx = Context("");
  ctx->AddMetadata("x-request-id", "req-refused");
  EchoRequest request;
  EchoResponse response;
  grpc::Status status = stub_->Echo(ctx.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(InitialMetadata(*ctx, "x-request-id"), "req-refused");
}

TEST_F(ServerRunnerTest, NoClientDeadlineIsInfiniteFuture) {
  StartServer();
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + Token("rm-1", {roles::kRelationshipManager}));
  EchoRequest request;
  EchoResponse response;
  grpc::Status status = stub_->Echo(&ctx, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.has_deadline());
}

TEST_F(ServerRunnerTest, ErrorDetailsReachTheClient) {
  StartServer();
  behaviour_.Set([](const RpcContext&, const EchoRequest&, EchoResponse*) {
    FieldViolations v;
    v.Add("customer.name", "must not be empty");
    v.Add("customer.segment", "is not a known segment");
    return v.ToStatus();
  });
  grpc::Status status = Echo(Token("rm-1", {roles::kRelationshipManager}), "bad");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  absl::Status back = FromGrpcStatus(status);
  EXPECT_EQ(ErrorReason(back), "INVALID_ARGUMENT");
  EXPECT_THAT(FieldViolationsOf(back),
              ElementsAre(FieldViolation{"customer.name", "must not be empty"},
                          FieldViolation{"customer.segment", "is not a known segment"}));

  behaviour_.Set([](const RpcContext&, const EchoRequest&, EchoResponse*) {
    return WithReason(absl::NotFoundError("customer 42 not found"), "CUSTOMER_NOT_FOUND");
  });
  status = Echo(Token("rm-1", {roles::kRelationshipManager}), "missing");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "customer 42 not found");
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "CUSTOMER_NOT_FOUND");
}

TEST_F(ServerRunnerTest, HealthWorksWithoutToken) {
  StartServer();
  auto health = grpc::health::v1::Health::NewStub(channel_);
  HealthCheckRequest request;
  HealthCheckResponse response;
  grpc::Status status = health->Check(Context("").get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
}

TEST_F(ServerRunnerTest, HealthTurnsNotServingOnShutdown) {
  StartServer();
  auto health = grpc::health::v1::Health::NewStub(channel_);
  auto ctx = Context("");
  HealthCheckRequest request;
  auto watch = health->Watch(ctx.get(), request);
  HealthCheckResponse response;
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  std::thread stopper([this] { runner_->Shutdown(); });
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  // Let the drain finish without waiting for this stream.
  ctx->TryCancel();
  watch->Finish();
  stopper.join();
}

// The reflection service answers list_services without a token. The request and response are
// built by hand (ServerReflectionRequest.list_services is field 7) because the generated
// reflection classes live inside gRPC's library.
TEST_F(ServerRunnerTest, ReflectionListsServicesWithoutToken) {
  StartServer();
  grpc::GenericStub generic(channel_);
  grpc::CompletionQueue cq;
  auto ctx = Context("");
  auto tag = [](intptr_t i) { return reinterpret_cast<void*>(i); };
  auto next = [&](intptr_t expected) {
    void* got = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&got, &ok));
    EXPECT_EQ(got, tag(expected));
    return ok;
  };
  auto call = generic.PrepareCall(
      ctx.get(), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  call->StartCall(tag(1));
  ASSERT_TRUE(next(1));
  const std::string list_services("\x3a\x01*", 3);
  grpc::Slice slice(list_services);
  grpc::ByteBuffer request(&slice, 1);
  call->Write(request, tag(2));
  ASSERT_TRUE(next(2));
  call->WritesDone(tag(3));
  ASSERT_TRUE(next(3));
  grpc::ByteBuffer reply;
  call->Read(&reply, tag(4));
  ASSERT_TRUE(next(4));
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(reply.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  EXPECT_THAT(bytes, HasSubstr("ccrm.test.v1.TestService"));
  EXPECT_THAT(bytes, HasSubstr("grpc.health.v1.Health"));
  grpc::ByteBuffer extra;
  call->Read(&extra, tag(5));
  EXPECT_FALSE(next(5));
  grpc::Status status;
  call->Finish(&status, tag(6));
  ASSERT_TRUE(next(6));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(ServerRunnerTest, FullWorkerPoolIsResourceExhausted) {
  StartServer([](ServerConfig& c) {
    c.worker_threads = 1;
    c.worker_queue_limit = 0;
  });
  absl::Notification started;
  absl::Notification release;
  behaviour_.Set([&](const RpcContext&, const EchoRequest& request, EchoResponse*) {
    if (request.text() == "block") {
      started.Notify();
      release.WaitForNotification();
    }
    return absl::OkStatus();
  });
  const std::string token = Token("rm-1", {roles::kRelationshipManager});
  grpc::Status blocked_status;
  std::thread blocked([&] { blocked_status = Echo(token, "block"); });
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));

  grpc::Status status = Echo(token, "refused");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(status)), "SERVER_OVERLOADED");
  EXPECT_EQ(behaviour_.runs("refused"), 0);

  release.Notify();
  blocked.join();
  EXPECT_TRUE(blocked_status.ok()) << blocked_status.error_message();
  EXPECT_THAT(MetricsText(),
              HasSubstr(absl::StrCat("ccrm_grpc_server_rejected_total{method=\"", kEchoMethod,
                                     "\",reason=\"SERVER_OVERLOADED\"} 1")));
  // Once free, the worker takes work again.
  ASSERT_TRUE(Eventually([&] { return runner_->worker_pool().busy() == 0; }));
  EXPECT_TRUE(Echo(token, "after").ok());
}

// A client connection may have only max_concurrent_streams calls open; the rest wait in the
// client (HTTP/2 flow control), so a burst on one connection cannot take unbounded server memory.
TEST_F(ServerRunnerTest, CallsPerConnectionAreCappedByMaxConcurrentStreams) {
  StartServer([](ServerConfig& c) {
    c.worker_threads = 8;
    c.max_concurrent_streams = 2;
  });
  std::atomic<int> running{0};
  absl::Notification release;
  behaviour_.Set([&](const RpcContext&, const EchoRequest&, EchoResponse*) {
    ++running;
    release.WaitForNotification();
    return absl::OkStatus();
  });
  const std::string token = Token("rm-1", {roles::kRelationshipManager});
  std::vector<grpc::Status> statuses(6);
  std::vector<std::thread> callers;
  for (int i = 0; i < 6; ++i) {
    callers.emplace_back([&, i] { statuses[i] = Echo(token, "block"); });
  }
  ASSERT_TRUE(Eventually([&] { return running.load() == 2; }));
  // The other four are held by the client, not queued in the server (workers are free).
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(running.load(), 2);
  release.Notify();
  for (std::thread& caller : callers) {
    caller.join();
  }
  EXPECT_EQ(running.load(), 6);
  for (const grpc::Status& status : statuses) {
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
}

TEST_F(ServerRunnerTest, WorkWhoseDeadlinePassedInTheQueueDoesNotRun) {
  StartServer([](ServerConfig& c) {
    c.worker_threads = 1;
    c.worker_queue_limit = 4;
  });
  absl::Notification started;
  absl::Notification release;
  behaviour_.Set([&](const RpcContext&, const EchoRequest& request, EchoResponse*) {
    if (request.text() == "block") {
      started.Notify();
      release.WaitForNotification();
    }
    return absl::OkStatus();
  });
  const std::string token = Token("rm-1", {roles::kRelationshipManager});
  std::thread blocked([&] { Echo(token, "block"); });
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));

  grpc::Status late_status;
  std::thread late([&] {
    EchoRequest request;
    request.set_text("late");
    EchoResponse response;
    late_status = stub_->Echo(Context(token, absl::Milliseconds(300)).get(), request, &response);
  });
  ASSERT_TRUE(Eventually([&] { return runner_->worker_pool().queued() == 1; }));
  // The server got the call before now; its copy of the deadline (sent as a relative timeout,
  // precise to microseconds) has passed once 300 ms plus a margin have gone by from here.
  const absl::Time server_deadline_bound = absl::Now() + absl::Milliseconds(310);
  late.join();
  EXPECT_EQ(late_status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_TRUE(Eventually([&] { return absl::Now() > server_deadline_bound; }));
  ASSERT_EQ(runner_->worker_pool().queued(), 1u);

  release.Notify();
  blocked.join();
  ASSERT_TRUE(Eventually(
      [&] { return runner_->worker_pool().queued() == 0 && runner_->worker_pool().busy() == 0; }));
  // The queued work saw its deadline had passed and never reached the handler.
  EXPECT_EQ(behaviour_.runs("late"), 0);
  EXPECT_EQ(behaviour_.runs("block"), 1);
}

TEST_F(ServerRunnerTest, MetricsCountCallsByMethodAndCode) {
  StartServer();
  const std::string token = Token("rm-1", {roles::kRelationshipManager});
  ASSERT_TRUE(Echo(token, "a").ok());
  ASSERT_TRUE(Echo(token, "b").ok());
  ASSERT_EQ(Echo("", "c").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EchoRequest request;
  EchoResponse response;
  ASSERT_EQ(stub_->AdminOnly(Context(token).get(), request, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const std::string text = MetricsText();
  EXPECT_THAT(text, HasSubstr(absl::StrCat("ccrm_grpc_server_handled_total{method=\"", kEchoMethod,
                                           "\",code=\"OK\"} 2")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("ccrm_grpc_server_handled_total{method=\"", kEchoMethod,
                                           "\",code=\"UNAUTHENTICATED\"} 1")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("ccrm_grpc_server_handled_total{method=\"",
                                           kAdminOnlyMethod, "\",code=\"PERMISSION_DENIED\"} 1")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("ccrm_grpc_server_handling_seconds_count{method=\"",
                                           kEchoMethod, "\",code=\"OK\"} 2")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("ccrm_grpc_server_handling_seconds_count{method=\"",
                                           kEchoMethod, "\",code=\"UNAUTHENTICATED\"} 1")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("ccrm_grpc_server_rejected_total{method=\"", kEchoMethod,
                                           "\",reason=\"TOKEN_MISSING\"} 1")));
  EXPECT_THAT(text, HasSubstr("ccrm_grpc_server_in_flight 0"));
}

TEST_F(ServerRunnerTest, GracefulShutdownLetsInFlightCallFinish) {
  StartServer([](ServerConfig& c) { c.metrics_listen = "127.0.0.1:0"; });
  absl::Notification started;
  absl::Notification release;
  behaviour_.Set([&](const RpcContext&, const EchoRequest& request, EchoResponse* response) {
    if (request.text() == "slow") {
      started.Notify();
      release.WaitForNotification();
      response->set_text("finished");
    }
    return absl::OkStatus();
  });
  const std::string token = Token("rm-1", {roles::kRelationshipManager});
  grpc::Status slow_status;
  EchoResponse slow_response;
  std::thread slow([&] { slow_status = Echo(token, "slow", &slow_response); });
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));

  // Watch health so we know when the shutdown has begun.
  auto health = grpc::health::v1::Health::NewStub(channel_);
  auto watch_ctx = Context("");
  auto watch = health->Watch(watch_ctx.get(), HealthCheckRequest());
  HealthCheckResponse health_response;
  ASSERT_TRUE(watch->Read(&health_response));
  ASSERT_EQ(health_response.status(), HealthCheckResponse::SERVING);
  // /readyz on the metrics port says the same, for probes that cannot speak gRPC over mTLS.
  httplib::Client probe("127.0.0.1", runner_->metrics_port());
  httplib::Result ready = probe.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(ready->body, "ready");

  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    runner_->Shutdown();
    stopped = true;
  });
  ASSERT_TRUE(watch->Read(&health_response));
  ASSERT_EQ(health_response.status(), HealthCheckResponse::NOT_SERVING);
  httplib::Result draining = probe.Get("/readyz");
  ASSERT_TRUE(draining);
  EXPECT_EQ(draining->status, 503);
  EXPECT_EQ(draining->body, "not ready");
  watch_ctx->TryCancel();
  watch->Finish();
  // Draining: the shutdown waits for the in-flight call.
  EXPECT_FALSE(stopped.load());
  release.Notify();
  slow.join();
  stopper.join();
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
  EXPECT_EQ(slow_response.text(), "finished");
  EXPECT_TRUE(stopped.load());
}

// An open server stream (an event feed, a watch) never ends by itself: the drain does not wait
// for it (a one-minute drain timeout would otherwise run out), it is cancelled, and its client
// resumes from its cursor elsewhere.
TEST_F(ServerRunnerTest, OpenStreamsDoNotHoldUpTheDrain) {
  StartServer([](ServerConfig& c) { c.drain_timeout = absl::Seconds(60); });
  auto health = grpc::health::v1::Health::NewStub(channel_);
  auto ctx = Context("", absl::Minutes(10));
  auto watch = health->Watch(ctx.get(), HealthCheckRequest());
  HealthCheckResponse response;
  ASSERT_TRUE(watch->Read(&response));
  ASSERT_EQ(response.status(), HealthCheckResponse::SERVING);
  ASSERT_TRUE(Eventually([&] { return runner_->call_registry().size() == 1; }));
  EXPECT_EQ(runner_->call_registry().unary_size(), 0u);

  const absl::Time start = absl::Now();
  runner_->Shutdown();
  EXPECT_LT(absl::Now() - start, absl::Seconds(30)) << "the drain waited for the stream";
  while (watch->Read(&response)) {
  }
  EXPECT_FALSE(watch->Finish().ok());
}

TEST_F(ServerRunnerTest, ReadyFileHoldsPortsAndGoesAwayOnShutdown) {
  char dir_template[] = "/tmp/ccrm_server_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string ready = absl::StrCat(dir_template, "/ready.json");
  StartServer([&](ServerConfig& c) {
    c.ready_file = ready;
    c.metrics_listen = "127.0.0.1:0";
  });
  std::ifstream in(ready);
  ASSERT_TRUE(in.good());
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), absl::StrCat("{\"grpc_port\":", runner_->port(),
                                        ",\"metrics_port\":", runner_->metrics_port(), "}\n"));
  EXPECT_GT(runner_->metrics_port(), 0);
  runner_->Shutdown();
  EXPECT_FALSE(std::ifstream(ready).good());
  rmdir(dir_template);
}

TEST_F(ServerRunnerTest, BadListenAddressFailsStart) {
  ServerConfig config;
  config.listen = "no-port-here";
  ServerDeps deps;
  deps.verifier = verifier_.get();
  deps.permissions = &permissions_;
  deps.metrics = &metrics_;
  deps.clock = &clock_;
  ServerRunner runner(config, deps);
  EXPECT_THAT(runner.Start(), ::ccrm::testing::StatusIs(absl::StatusCode::kInvalidArgument));
}

// A server built without the interceptor must refuse everything (fail closed).
TEST(UnaryRpcRunnerTest, WithoutInterceptorEveryCallIsRefused) {
  MetricsRegistry registry;
  RpcMetrics metrics(registry);
  CallRegistry calls;
  WorkerPool pool(1, 4);
  UnaryRpcRunner runner(&pool, &calls, &metrics);
  Behaviour behaviour;
  TestServiceImpl service(&runner, &behaviour);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  auto stub = TestService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  EchoRequest request;
  request.set_text("sneaky");
  EchoResponse response;
  grpc::Status status = stub->Echo(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(behaviour.runs("sneaky"), 0);
  server->Shutdown();
}

}  // namespace
}  // namespace ccrm
