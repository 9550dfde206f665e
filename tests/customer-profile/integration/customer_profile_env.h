// The real customer-profile service for integration tests: a throwaway database (the service's
// migrations applied by the admin, a least-privilege app user the service connects as), test
// secrets (JWT key, field-encryption key ring, blind-index key), the service binary started with
// them on free ports, and stubs over a real gRPC channel. Calls carry a real bearer token; their
// results come back as absl::StatusOr with the error reason and field violations kept, so tests
// check exact codes, reasons and violation paths.
//
// One service serves all tests of a binary: register SharedService as a gtest global environment
// (CCRM_CUSTOMER_PROFILE_SHARED_SERVICE) and reach it with SharedEnv().
//
// Example:
//   CCRM_CUSTOMER_PROFILE_SHARED_SERVICE(EnvOptions{});
//   TEST(Customers, Create) {
//     CustomerProfileEnv& env = SharedEnv();
//     v1::CreateCustomerRequest request;
//     ...
//     absl::StatusOr<v1::Customer> c = env.Call(&Stub::CreateCustomer,
//                                               env.TokenFor(roles::kRelationshipManager),
//                                               request);
//     EXPECT_THAT(c, FailsWith(absl::StatusCode::kAlreadyExists, "CUSTOMER_ALREADY_EXISTS"));
//   }
#pragma once

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/rpc_calls.h"
#include "common/testing/service_process.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_secrets.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace ccrm::customer::itest {

using Stub = v1::CustomerProfile::Stub;

using ::ccrm::testing::CallWithToken;
using ::ccrm::testing::FailsWith;
using ::ccrm::testing::kRpcTimeout;
using ::ccrm::testing::PrepareContext;
using ::ccrm::testing::ViolatedFields;

struct EnvOptions {
  // Added after the standard flags (a later flag wins), e.g. "--event_gap_grace=2s".
  std::vector<std::string> extra_flags;
};

class CustomerProfileEnv final {
 public:
  // Creates the database and secrets and starts the binary. FAILED_PRECONDITION without
  // CCRM_TEST_MYSQL_* in the environment; the database's or the process's error otherwise
  // (the service's log tail included).
  static absl::StatusOr<std::unique_ptr<CustomerProfileEnv>> Start(const EnvOptions& options);
  // Stops the service (SIGTERM), deletes the secrets directory, then drops the database.
  ~CustomerProfileEnv();

  testing::MySqlTestDb& db() { return *db_; }
  testing::ServiceProcess& process() { return *process_; }
  const testing::TestSecrets& secrets() const { return secrets_; }
  // The flags the service was started with (ServiceProcess adds the ready and log files), to start
  // another process on the same database.
  const std::vector<std::string>& service_flags() const { return flags_; }

  Stub& stub() { return *stub_; }
  ccrm::common::v1::EventFeed::Stub& event_feed() { return *event_feed_; }
  grpc::health::v1::Health::Stub& health() { return *health_; }

  // A token for `subject` with `roles`, valid for an hour.
  std::string Token(const std::string& subject, const std::vector<std::string>& roles) const;
  // A token for SubjectFor(role) with that single role.
  std::string TokenFor(const std::string& role) const;
  // The subject TokenFor uses: "it-" + role.
  static std::string SubjectFor(const std::string& role);

  // Calls a CustomerProfile method with `token`.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const std::string& token, const Request& request) {
    return CallWithToken(*stub_, method, token, request);
  }

  // Every event of the feed after `after_sequence` (follow=false), only of `event_types` when
  // not empty, read with `token`; the stream's final status when it is not OK.
  absl::StatusOr<std::vector<ccrm::common::v1::Event>> ReadEvents(
      const std::string& token, int64_t after_sequence,
      const std::vector<std::string>& event_types = {});

 private:
  CustomerProfileEnv() = default;

  // Declared first so it is destroyed last: the service must be gone before the database.
  std::unique_ptr<testing::MySqlTestDb> db_;
  testing::TestSecrets secrets_;
  std::vector<std::string> flags_;
  std::unique_ptr<testing::ServiceProcess> process_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Stub> stub_;
  std::unique_ptr<ccrm::common::v1::EventFeed::Stub> event_feed_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

// Starts one CustomerProfileEnv before the binary's first test and stops it after the last. A
// failed start is a fatal failure: no test runs and the binary fails.
class SharedService final : public ::testing::Environment {
 public:
  explicit SharedService(EnvOptions options) : options_(std::move(options)) {}
  void SetUp() override;
  void TearDown() override;

 private:
  EnvOptions options_;
};

// The shared service; only valid while SharedService is set up (i.e. inside tests).
CustomerProfileEnv& SharedEnv();

// Registers SharedService with the given EnvOptions expression at namespace scope (variadic, so
// a braced initialiser with commas needs no extra parentheses).
#define CCRM_CUSTOMER_PROFILE_SHARED_SERVICE(...)                            \
  [[maybe_unused]] static ::testing::Environment* const kCcrmSharedService = \
      ::testing::AddGlobalTestEnvironment(new ::ccrm::customer::itest::SharedService(__VA_ARGS__))

// Every value of every row of every table of the env's database as text (the admin's view, as an
// attacker with a copy of the database would see it), one "table.column=value" line per cell.
absl::StatusOr<std::string> DumpAllTables(testing::MySqlTestDb& db);

}  // namespace ccrm::customer::itest
