// Builds and runs a ccrm gRPC server: callback-API services, the interceptor (auth, permissions,
// logs, metrics), health (grpc.health.v1) and reflection (v1alpha), max message size, keepalive,
// optional TLS / mTLS, the Prometheus endpoint, the worker pool, and a ready file. On SIGTERM or
// SIGINT it reports NOT_SERVING, waits until the unary calls in progress have finished (up to the
// drain timeout; what still runs then is cancelled, and open server streams are cancelled at once:
// their clients resume from their cursor), stops the server and then the worker pool.
//
// Example (main.cc):
//   ServerRunner runner(config.server, deps);
//   CustomerProfileService service(runner.unary_runner(), ...);
//   runner.AddService(&service);
//   RETURN_IF_ERROR(runner.Start());
//   runner.WaitForTerminationSignal();
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/auth/jwt.h"
#include "common/auth/permission_table.h"
#include "common/config/service_config.h"
#include "common/metrics/metrics.h"
#include "common/metrics/metrics_http_server.h"
#include "common/server/call_registry.h"
#include "common/server/rpc_interceptor.h"
#include "common/server/unary_rpc_runner.h"
#include "common/server/worker_pool.h"
#include "common/time/clock.h"

namespace ccrm {

struct ServerDeps {
  const TokenVerifier* verifier = nullptr;
  const PermissionTable* permissions = nullptr;
  MetricsRegistry* metrics = nullptr;
  const Clock* clock = &SystemClock::Get();
};

class ServerRunner final {
 public:
  ServerRunner(ServerConfig config, ServerDeps deps);
  ~ServerRunner();

  // Services must outlive the runner. Call before Start().
  void AddService(grpc::Service* service);

  // Binds and starts serving. UNAVAILABLE when the address cannot be bound, INVALID_ARGUMENT
  // for unreadable TLS files.
  absl::Status Start();

  int port() const { return port_; }
  int metrics_port() const;

  // Blocks until SIGTERM/SIGINT, then Shutdown(). Returns once drained.
  void WaitForTerminationSignal();
  // NOT_SERVING, drain up to the configured timeout, stop workers. Idempotent; thread-safe.
  void Shutdown();
  // Blocks until the server has shut down.
  void Wait();

  UnaryRpcRunner& unary_runner() { return unary_runner_; }
  WorkerPool& worker_pool() { return worker_pool_; }
  const CallRegistry& call_registry() const { return registry_; }
  MetricsRegistry& metrics() { return *deps_.metrics; }

 private:
  absl::Status WriteReadyFile() const;

  const ServerConfig config_;
  const ServerDeps deps_;
  CallRegistry registry_;
  RpcMetrics rpc_metrics_;
  WorkerPool worker_pool_;
  UnaryRpcRunner unary_runner_;
  std::vector<grpc::Service*> services_;
  std::unique_ptr<grpc::Server> server_;
  // What /readyz on the metrics port reports: true from Start() until Shutdown() begins.
  std::atomic<bool> serving_{false};
  std::unique_ptr<MetricsHttpServer> metrics_server_;
  int port_ = 0;
  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

// Blocks SIGTERM/SIGINT in the calling thread and in every thread it starts afterwards; call first
// thing in main so that only WaitForTerminationSignal receives them.
void BlockTerminationSignals();

}  // namespace ccrm
