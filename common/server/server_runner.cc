#include "common/server/server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging/logging.h"
#include "common/status/status_macros.h"

namespace ccrm {

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ServerRunner::ServerRunner(ServerConfig config, ServerDeps deps)
    : config_(std::move(config)),
      deps_(deps),
      rpc_metrics_(*deps.metrics),
      worker_pool_(config_.worker_threads, config_.worker_queue_limit),
      unary_runner_(&worker_pool_, &registry_, &rpc_metrics_) {}

ServerRunner::~ServerRunner() { Shutdown(); }

void ServerRunner::AddService(grpc::Service* service) { services_.push_back(service); }

int ServerRunner::metrics_port() const {
  return metrics_server_ != nullptr ? metrics_server_->port() : 0;
}

absl::Status ServerRunner::Start() {
  ASSIGN_OR_RETURN(HostPort listen, ParseHostPort(config_.listen));
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (!config_.tls_cert_file.empty()) {
    grpc::SslServerCredentialsOptions ssl;
    ASSIGN_OR_RETURN(std::string cert, ReadFileToString(config_.tls_cert_file));
    ASSIGN_OR_RETURN(std::string key, ReadFileToString(config_.tls_key_file));
    ssl.pem_key_cert_pairs.push_back({key, cert});
    if (!config_.tls_client_ca_file.empty()) {
      ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadFileToString(config_.tls_client_ca_file));
      ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    }
    credentials = grpc::SslServerCredentials(ssl);
  }

  grpc::ServerBuilder builder;
  builder.AddListeningPort(config_.listen, credentials, &port_);
  builder.SetMaxReceiveMessageSize(config_.max_message_bytes);
  builder.SetMaxSendMessageSize(config_.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config_.max_concurrent_streams);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(config_.keepalive_time)));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  // Let clients ping every 10 s without being told to calm down (GOAWAY too_many_pings).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  if (config_.max_connection_age > absl::ZeroDuration()) {
    // No grace limit: a long watch stream is never cut, only new calls move to a new connection.
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_MS,
        static_cast<int>(absl::ToInt64Milliseconds(config_.max_connection_age)));
  }
  for (grpc::Service* service : services_) {
    builder.RegisterService(service);
  }
  InterceptorDeps interceptor_deps;
  interceptor_deps.verifier = deps_.verifier;
  interceptor_deps.permissions = deps_.permissions;
  interceptor_deps.registry = &registry_;
  interceptor_deps.metrics = &rpc_metrics_;
  interceptor_deps.clock = deps_.clock;
  interceptor_deps.public_methods = DefaultPublicMethods();
  builder.experimental().SetInterceptorCreators(MakeInterceptors(interceptor_deps));

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config_.listen));
  }
  server_->GetHealthCheckService()->SetServingStatus(true);
  serving_.store(true);

  if (!config_.metrics_listen.empty()) {
    ASSIGN_OR_RETURN(HostPort metrics_at, ParseHostPort(config_.metrics_listen));
    metrics_server_ =
        std::make_unique<MetricsHttpServer>(deps_.metrics, [this] { return serving_.load(); });
    RETURN_IF_ERROR(metrics_server_->Start(metrics_at.host, metrics_at.port));
  }
  RETURN_IF_ERROR(WriteReadyFile());
  LogInfo("serving", {{"grpc_port", static_cast<int64_t>(port_)},
                      {"metrics_port", static_cast<int64_t>(metrics_port())},
                      {"tls", !config_.tls_cert_file.empty()},
                      {"mtls", !config_.tls_client_ca_file.empty()}});
  return absl::OkStatus();
}

absl::Status ServerRunner::WriteReadyFile() const {
  if (config_.ready_file.empty()) {
    return absl::OkStatus();
  }
  const std::string tmp = config_.ready_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "{\"grpc_port\":" << port_ << ",\"metrics_port\":" << metrics_port() << "}\n";
    if (!out.good()) {
      return absl::InternalError(absl::StrCat("cannot write ready file ", config_.ready_file));
    }
  }
  if (std::rename(tmp.c_str(), config_.ready_file.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot write ready file ", config_.ready_file));
  }
  return absl::OkStatus();
}

void ServerRunner::WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal = 0;
  sigwait(&set, &signal);
  LogInfo("shutting down", {{"signal", static_cast<int64_t>(signal)}});
  Shutdown();
}

void ServerRunner::Shutdown() {
  {
    absl::MutexLock lock(&shutdown_mu_);
    if (shut_down_ || server_ == nullptr) {
      return;
    }
    shut_down_ = true;
  }
  // Readiness probes see NOT_SERVING first, so load balancers stop sending new calls.
  server_->GetHealthCheckService()->SetServingStatus(false);
  serving_.store(false);
  // gRPC's Shutdown(deadline) also waits for idle client connections to go away, so drain
  // ourselves: wait until no unary call is in progress (or the drain timeout), then shut down at
  // once. Calls still running at the deadline are cancelled, and so are open server streams
  // (event feeds, watches): they never end by themselves, and their clients resume from their
  // cursor on another replica.
  const absl::Time deadline = absl::Now() + config_.drain_timeout;
  while (registry_.unary_size() > 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  server_->Shutdown(absl::ToChronoTime(std::min(deadline, absl::Now())));
  worker_pool_.Shutdown();
  if (metrics_server_ != nullptr) {
    metrics_server_->Stop();
  }
  if (!config_.ready_file.empty()) {
    std::remove(config_.ready_file.c_str());
  }
  LogInfo("stopped", {});
}

void ServerRunner::Wait() {
  if (server_ != nullptr) {
    server_->Wait();
  }
}

}  // namespace ccrm
