#include "common/server/rpc_interceptor.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/logging/logging.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"

namespace ccrm {
namespace {

constexpr char kAuthorization[] = "authorization";
constexpr char kRequestId[] = "x-request-id";
constexpr size_t kMaxRequestIdLength = 128;

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  int i = static_cast<int>(code);
  return i >= 0 && i <= 16 ? kNames[i] : "UNKNOWN";
}

// A request id is echoed into logs and metadata: keep it short and printable.
bool IsAcceptableRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) {
    return false;
  }
  for (char c : id) {
    if (!(absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
      return false;
    }
  }
  return true;
}

class RpcInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcInterceptor(grpc::experimental::ServerRpcInfo* info, const InterceptorDeps& deps)
      : info_(info), deps_(deps), method_(info->method()) {}

  // A call cancelled before its status was sent still leaves the registry and the counts.
  ~RpcInterceptor() override { OnFinish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")); }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      OnInitialMetadata(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (!state_.request_id.empty()) {
        methods->GetSendInitialMetadata()->emplace(kRequestId, state_.request_id);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        info_->type() != grpc::experimental::ServerRpcInfo::Type::CLIENT_STREAMING &&
        info_->type() != grpc::experimental::ServerRpcInfo::Type::BIDI_STREAMING &&
        methods->GetRecvMessage() == nullptr) {
      // gRPC could not parse the request (e.g. a proto3 string that is not UTF-8); its callback
      // handlers then answer UNIMPLEMENTED with no message, as if the method did not exist.
      request_unparsable_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (request_unparsable_ &&
          methods->GetSendStatus().error_code() == grpc::StatusCode::UNIMPLEMENTED) {
        // The caller's fault: INVALID_ARGUMENT, after the token and permission verdict.
        methods->ModifySendStatus(ToGrpcStatus(
            state_.verdict.ok()
                ? WithReason(absl::InvalidArgumentError("the request is not a valid message"),
                             "REQUEST_MALFORMED")
                : state_.verdict));
      }
      OnFinish(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void OnInitialMetadata(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    state_.method = method_;
    state_.start_time = deps_.clock->Now();
    std::string bearer;
    for (const auto& [key, value] : metadata) {
      absl::string_view k(key.data(), key.size());
      absl::string_view v(value.data(), value.size());
      if (k == kRequestId && IsAcceptableRequestId(v)) {
        state_.request_id = std::string(v);
      } else if (k == kAuthorization) {
        if (absl::StartsWithIgnoreCase(v, "bearer ")) {
          bearer = std::string(v.substr(7));
        }
      }
    }
    if (state_.request_id.empty()) {
      state_.request_id = NewUuidV7(state_.start_time);
    }
    deps_.metrics->in_flight.Add(1);
    registered_ = true;
    if (deps_.public_methods.count(method_) > 0) {
      state_.verdict = absl::OkStatus();
    } else if (bearer.empty()) {
      state_.verdict = WithReason(
          absl::UnauthenticatedError("missing \"authorization: Bearer <token>\" metadata"),
          "TOKEN_MISSING");
    } else {
      absl::StatusOr<Principal> principal = deps_.verifier->Verify(bearer);
      if (!principal.ok()) {
        state_.verdict = principal.status();
      } else {
        state_.principal = *std::move(principal);
        state_.verdict = deps_.permissions->Check(method_, state_.principal);
      }
    }
    state_.streaming = info_->type() != grpc::experimental::ServerRpcInfo::Type::UNARY;
    deps_.registry->Put(info_->server_context(), state_);
  }

  void OnFinish(const grpc::Status& status) {
    if (!registered_) {
      return;
    }
    registered_ = false;
    deps_.registry->Erase(info_->server_context());
    deps_.metrics->in_flight.Add(-1);
    const double seconds = absl::ToDoubleSeconds(deps_.clock->Now() - state_.start_time);
    const char* code = CodeName(status.error_code());
    deps_.metrics->handled.WithLabels({method_, code}).Increment();
    deps_.metrics->latency.WithLabels({method_, code}).Observe(seconds);
    LogFields fields = {{"method", method_},
                        {"code", std::string(code)},
                        {"request_id", state_.request_id},
                        {"latency_ms", seconds * 1000.0}};
    if (!state_.principal.subject.empty()) {
      fields.push_back({"subject", state_.principal.subject});
    }
    if (!status.ok()) {
      std::string reason = ErrorReason(FromGrpcStatus(status));
      if (!reason.empty()) {
        fields.push_back({"reason", reason});
      }
    }
    const bool server_fault = status.error_code() == grpc::StatusCode::INTERNAL ||
                              status.error_code() == grpc::StatusCode::UNKNOWN ||
                              status.error_code() == grpc::StatusCode::DATA_LOSS;
    if (server_fault) {
      // The message of a server fault can help an operator; it never holds request data.
      fields.push_back({"error", status.error_message()});
    }
    Log(server_fault ? LogLevel::kError : LogLevel::kInfo, "rpc", fields);
  }

  grpc::experimental::ServerRpcInfo* info_;
  const InterceptorDeps& deps_;
  const std::string method_;
  CallState state_;
  bool registered_ = false;
  bool request_unparsable_ = false;
};

class RpcInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcInterceptorFactory(InterceptorDeps deps) : deps_(std::move(deps)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcInterceptor(info, deps_);
  }

 private:
  const InterceptorDeps deps_;
};

}  // namespace

RpcMetrics::RpcMetrics(MetricsRegistry& registry)
    : handled(registry.AddCounter("ccrm_grpc_server_handled_total",
                                  "RPCs completed, by method and status code", {"method", "code"})),
      latency(registry.AddHistogram("ccrm_grpc_server_handling_seconds",
                                    "RPC latency from first metadata to status, by method and code",
                                    {"method", "code"}, MetricsRegistry::LatencyBucketsSeconds())),
      in_flight(
          registry.AddGauge("ccrm_grpc_server_in_flight", "RPCs in progress", {}).WithLabels({})),
      rejected(registry.AddCounter("ccrm_grpc_server_rejected_total",
                                   "RPCs refused before their work ran, by method and reason",
                                   {"method", "reason"})) {}

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeInterceptors(const InterceptorDeps& deps) {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> out;
  out.push_back(std::make_unique<RpcInterceptorFactory>(deps));
  return out;
}

std::set<std::string> DefaultPublicMethods() {
  return {"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
          "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"};
}

}  // namespace ccrm
