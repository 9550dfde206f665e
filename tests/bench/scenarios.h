// The load generator's scenarios: what one closed-loop call is for each --scenario (echo,
// get_customer, list_customers, create_customer), plus the client side they share (channels,
// the bearer token, the per-call deadline).
//
// Example:
//   ClientPool pool({.target = "127.0.0.1:50051", .channels = 4, .token = token});
//   ASSIGN_OR_RETURN(std::unique_ptr<Scenario> s, MakeScenario("get_customer", options, &pool));
//   RETURN_IF_ERROR(s->Prepare());
//   RunResult r = RunAsyncClosedLoop(load, [&](int w, DoneCallback done) {
//     s->Start(w, std::move(done));
//   });
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/bench/closed_loop.h"

namespace ccrm::bench {

struct ClientSettings {
  // host:port; the tools only ever target this machine.
  std::string target;
  // Separate HTTP/2 connections the calls are spread over.
  int channels = 1;
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string token;
  absl::Duration deadline = absl::Seconds(5);
  // TLS when not empty: the CA certificates (PEM) the server's certificate must chain to, and
  // optionally this client's certificate and key (PEM) for servers that demand one.
  std::string tls_ca_pem;
  std::string tls_cert_pem;
  std::string tls_key_pem;
};

// The channels of a run; worker w uses channel w % channels. Thread-safe.
class ClientPool final {
 public:
  explicit ClientPool(ClientSettings settings);

  // Waits until every channel is connected. DEADLINE_EXCEEDED when one is not within `timeout`.
  absl::Status WaitForConnected(absl::Duration timeout);

  const std::shared_ptr<grpc::Channel>& channel(int worker) const {
    return channels_[static_cast<size_t>(worker) % channels_.size()];
  }
  int channel_count() const { return static_cast<int>(channels_.size()); }
  // Sets the deadline and the authorization metadata on a fresh context.
  void Configure(grpc::ClientContext* context) const;

 private:
  ClientSettings settings_;
  std::string authorization_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
};

struct ScenarioOptions {
  int concurrency = 16;
  uint64_t seed = 1;
  // echo: bytes of payload per request.
  int echo_payload_bytes = 512;
  // get_customer: customers to create first when no ids file is given.
  int seed_customers = 1000;
  // get_customer: file with one customer id (or "customers/<id>") per line; empty = seed.
  std::string customer_ids_file;
  // list_customers: page size; at least this many customers are created first when fewer exist.
  int page_size = 20;
};

class Scenario {
 public:
  virtual ~Scenario() = default;

  // Readies the target for the load, e.g. creates the customers reads pick from. Returns the
  // first failure (the gRPC status as absl::Status, or NOT_FOUND/INVALID_ARGUMENT for a bad ids
  // file).
  virtual absl::Status Prepare() = 0;
  // Starts one call for `worker` (0..concurrency-1); `done` gets its status code once it is
  // answered. Calls for one worker never overlap.
  virtual void Start(int worker, DoneCallback done) = 0;
};

// INVALID_ARGUMENT for an unknown scenario name. `pool` must outlive the scenario.
absl::StatusOr<std::unique_ptr<Scenario>> MakeScenario(const std::string& name,
                                                       const ScenarioOptions& options,
                                                       const ClientPool* pool);

}  // namespace ccrm::bench
