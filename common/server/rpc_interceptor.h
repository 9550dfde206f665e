// The server interceptor every ccrm server installs. For each call it:
//  - authenticates the caller from "authorization: Bearer <JWT>" and checks the permission table
//    for the method (public methods, such as health checks, skip both), recording the verdict in
//    the CallRegistry for the handler to enforce;
//  - takes the request id from "x-request-id" (or makes one) and echoes it in initial metadata;
//  - when the call ends, counts it and its latency by method and code, and writes one JSON log
//    line (method, code, reason, subject, request id, latency). Never logs message contents.
//
// Example:
//   builder.experimental().SetInterceptorCreators(MakeInterceptors(deps));
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/auth/jwt.h"
#include "common/auth/permission_table.h"
#include "common/metrics/metrics.h"
#include "common/server/call_registry.h"
#include "common/time/clock.h"

namespace ccrm {

// Metric families shared by the interceptor and the runner.
struct RpcMetrics {
  explicit RpcMetrics(MetricsRegistry& registry);
  CounterFamily& handled;    // ccrm_grpc_server_handled_total{method,code}
  HistogramFamily& latency;  // ccrm_grpc_server_handling_seconds{method,code}
  Gauge& in_flight;          // ccrm_grpc_server_in_flight (no labels: looked up once)
  CounterFamily& rejected;   // ccrm_grpc_server_rejected_total{method,reason}
};

struct InterceptorDeps {
  const TokenVerifier* verifier = nullptr;
  const PermissionTable* permissions = nullptr;
  CallRegistry* registry = nullptr;
  RpcMetrics* metrics = nullptr;
  const Clock* clock = nullptr;
  // Methods anyone may call without a token.
  std::set<std::string> public_methods;
};

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeInterceptors(const InterceptorDeps& deps);

// Health and reflection: public so that probes and tooling work without tokens.
std::set<std::string> DefaultPublicMethods();

}  // namespace ccrm
