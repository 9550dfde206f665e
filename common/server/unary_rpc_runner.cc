#include "common/server/unary_rpc_runner.h"

#include <utility>

#include "absl/time/clock.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"

namespace ccrm {
namespace {

absl::Time ToAbslTime(std::chrono::system_clock::time_point tp) {
  if (tp == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(tp);
}

std::string AuthorizationOf(const grpc::CallbackServerContext& ctx) {
  const auto& metadata = ctx.client_metadata();
  auto it = metadata.find("authorization");
  return it == metadata.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace

grpc::ServerUnaryReactor* UnaryRpcRunner::Run(grpc::CallbackServerContext* ctx,
                                              std::function<absl::Status(const RpcContext&)> work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  std::optional<CallState> state = registry_->Find(ctx);
  if (!state.has_value()) {
    // Fail closed: a server built without the interceptor must not serve anyone.
    reactor->Finish(ToGrpcStatus(absl::InternalError("call was not authenticated")));
    return reactor;
  }
  if (!state->verdict.ok()) {
    metrics_->rejected.WithLabels({state->method, ErrorReason(state->verdict)}).Increment();
    reactor->Finish(ToGrpcStatus(state->verdict));
    return reactor;
  }
  RpcContext rpc{state->method,
                 state->request_id,
                 std::move(state->principal),
                 ToAbslTime(ctx->deadline()),
                 [ctx] { return ctx->IsCancelled(); },
                 AuthorizationOf(*ctx)};
  auto task = [reactor, rpc = std::move(rpc), work = std::move(work)]() {
    absl::Status status;
    if (absl::Now() >= rpc.deadline) {
      status = absl::DeadlineExceededError("deadline passed before the work started");
    } else {
      status = work(rpc);
    }
    reactor->Finish(ToGrpcStatus(status));
  };
  if (!pool_->TrySubmit(std::move(task))) {
    metrics_->rejected.WithLabels({state->method, "SERVER_OVERLOADED"}).Increment();
    reactor->Finish(ToGrpcStatus(
        WithReason(absl::ResourceExhaustedError("server is at capacity; retry with backoff"),
                   "SERVER_OVERLOADED")));
  }
  return reactor;
}

}  // namespace ccrm
