// Runs the work of a unary RPC: enforces the interceptor's verdict (authentication, permission),
// refuses work whose deadline has already passed, queues the work on the bounded worker pool
// (RESOURCE_EXHAUSTED when full), and finishes the callback reactor with the work's status
// mapped by ToGrpcStatus. Handlers stay one line of glue around domain calls.
//
// Example:
//   grpc::ServerUnaryReactor* CustomerProfileService::GetCustomer(
//       grpc::CallbackServerContext* ctx, const GetCustomerRequest* request, Customer* response) {
//     return runner_.Run(ctx, [=](const RpcContext& rpc) -> absl::Status {
//       ASSIGN_OR_RETURN(auto customer, customers_.Get(rpc, request->name()));
//       ToProto(customer, response);
//       return absl::OkStatus();
//     });
//   }
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/auth/principal.h"
#include "common/server/call_registry.h"
#include "common/server/rpc_interceptor.h"
#include "common/server/worker_pool.h"

namespace ccrm {

// What a handler's work may know about its call.
struct RpcContext {
  std::string method;
  std::string request_id;
  Principal principal;
  // InfiniteFuture when the client set none.
  absl::Time deadline;
  // Set when the client cancelled or the deadline passed; long work may poll it.
  std::function<bool()> cancelled;
  // The caller's "authorization" metadata as received ("Bearer <token>"), so that a service
  // calling another on the caller's behalf can pass the caller's identity on.
  std::string authorization;
};

// The caller a domain operation sees: who, the request id, their token and deadline.
inline Caller CallerOf(const RpcContext& rpc) {
  return Caller{rpc.principal, rpc.request_id, rpc.authorization, rpc.deadline};
}

class UnaryRpcRunner final {
 public:
  UnaryRpcRunner(WorkerPool* pool, const CallRegistry* registry, RpcMetrics* metrics)
      : pool_(pool), registry_(registry), metrics_(metrics) {}

  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx,
                                std::function<absl::Status(const RpcContext&)> work);

 private:
  WorkerPool* pool_;
  const CallRegistry* registry_;
  RpcMetrics* metrics_;
};

}  // namespace ccrm
