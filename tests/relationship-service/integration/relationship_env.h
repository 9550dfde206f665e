// The real relationship-service for integration tests, beside the real customer-profile it
// checks customers with and follows events of, and a stand-in for risk-warning's event feed
// (AlertFeed: an outbox in its own throwaway database served by the real EventFeedService, so
// tests publish AlertRaised events themselves until risk-warning exists). Each service has its
// own database and least-privilege user; all share the test JWT key. Stubs over real gRPC
// channels; calls return absl::StatusOr with the error reason and field violations kept.
//
// Example:
//   CCRM_RELATIONSHIP_SHARED_SERVICES(RelationshipEnvOptions{});
//   TEST(Managers, Create) {
//     RelationshipEnv& env = SharedRelationshipEnv();
//     auto m = env.Call(&RelationshipStub::CreateRelationshipManager, env.TokenFor("admin"), r);
//   }
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "ccrm/risk/v1/risk_events.pb.h"
#include "common/auth/jwt.h"
#include "common/auth/permission_table.h"
#include "common/events/event_feed_service.h"
#include "common/events/outbox_reader.h"
#include "common/metrics/metrics.h"
#include "common/server/server_runner.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/rpc_calls.h"
#include "common/testing/service_process.h"
#include "tests/customer-profile/integration/customer_profile_env.h"

namespace ccrm::relationship::itest {

using RelationshipStub = v1::RelationshipService::Stub;
using CustomerStub = customer::v1::CustomerProfile::Stub;
using ::ccrm::testing::CallWithToken;
using ::ccrm::testing::FailsWith;
using ::ccrm::testing::ViolatedFields;

// risk-warning's event feed, as relationship-service sees it: "risk-warning" events from an
// outbox, over the real EventFeedService with the suite's token check.
class AlertFeed final {
 public:
  static absl::StatusOr<std::unique_ptr<AlertFeed>> Start(const testing::TestSecrets& secrets);
  ~AlertFeed();

  std::string address() const;
  // Appends one ccrm.risk.v1.AlertRaised to the outbox (committed); returns its event id.
  absl::StatusOr<std::string> Publish(const risk::v1::AlertRaised& alert);

 private:
  AlertFeed() = default;

  std::unique_ptr<testing::MySqlTestDb> db_;
  std::unique_ptr<TokenVerifier> verifier_;
  PermissionTable permissions_;
  MetricsRegistry metrics_;
  std::unique_ptr<ServerRunner> runner_;
  std::unique_ptr<events::OutboxReader> outbox_;
  std::unique_ptr<events::EventFeedService> feed_;
};

struct RelationshipEnvOptions {
  // Added after the standard relationship-service flags.
  std::vector<std::string> extra_flags;
};

class RelationshipEnv final {
 public:
  static absl::StatusOr<std::unique_ptr<RelationshipEnv>> Start(
      const RelationshipEnvOptions& options);
  ~RelationshipEnv();

  customer::itest::CustomerProfileEnv& customer_profile() { return *customer_profile_; }
  AlertFeed& alerts() { return *alerts_; }
  testing::MySqlTestDb& db() { return *db_; }
  testing::ServiceProcess& process() { return *process_; }
  RelationshipStub& stub() { return *stub_; }
  CustomerStub& customers() { return customer_profile_->stub(); }

  std::string Token(const std::string& subject, const std::vector<std::string>& roles) const;
  // A token for "it-<role>" with that single role.
  std::string TokenFor(const std::string& role) const;

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (RelationshipStub::*method)(grpc::ClientContext*,
                                                                         const Request&, Response*),
                                const std::string& token, const Request& request) {
    return CallWithToken(*stub_, method, token, request);
  }

  // A customer created in customer-profile (by an RM), its id.
  absl::StatusOr<std::string> CreateCustomer(const customer::v1::Customer& customer);

  // Stops relationship-service (SIGTERM) and starts it again on the same database and flags.
  absl::Status Stop();
  absl::Status Start();

  // Every event of relationship-service's feed after `after_sequence` (follow=false).
  absl::StatusOr<std::vector<ccrm::common::v1::Event>> ReadEvents(int64_t after_sequence);

 private:
  RelationshipEnv() = default;

  std::unique_ptr<customer::itest::CustomerProfileEnv> customer_profile_;
  std::unique_ptr<AlertFeed> alerts_;
  std::unique_ptr<testing::MySqlTestDb> db_;
  std::string dir_;
  std::vector<std::string> flags_;
  std::unique_ptr<testing::ServiceProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<RelationshipStub> stub_;
  std::unique_ptr<ccrm::common::v1::EventFeed::Stub> event_feed_;
};

// Polls `ready` every 50 ms until it returns true or `timeout` passes; returns the last answer.
// For effects of background work (event consumers, sweeps), never for ordering.
bool Eventually(const std::function<bool()>& ready, absl::Duration timeout = absl::Seconds(20));

class SharedRelationshipServices final : public ::testing::Environment {
 public:
  explicit SharedRelationshipServices(RelationshipEnvOptions options)
      : options_(std::move(options)) {}
  void SetUp() override;
  void TearDown() override;

 private:
  RelationshipEnvOptions options_;
};

RelationshipEnv& SharedRelationshipEnv();

#define CCRM_RELATIONSHIP_SHARED_SERVICES(...)                                            \
  [[maybe_unused]] static ::testing::Environment* const kCcrmSharedRelationshipServices = \
      ::testing::AddGlobalTestEnvironment(                                                \
          new ::ccrm::relationship::itest::SharedRelationshipServices(__VA_ARGS__))

}  // namespace ccrm::relationship::itest
