// The services the fault tests break, as real binaries on their own throwaway databases:
// customer-profile (the producer: CreateCustomer writes a customer, its request id and a
// CustomerCreated event in one transaction) and relationship-service (the consumer: it follows
// customer-profile's feed and plans each new customer's engagements, exactly once), optionally
// credit-rating (a synchronous caller of customer-profile). Each can be stopped, killed, frozen
// and started again on its port. After a fault, the audits read the databases directly (as the
// admin) to decide what survived.
//
// Example:
//   ASSERT_OK_AND_ASSIGN(auto suite, FaultSuite::Start(FaultSuiteOptions{}));
//   absl::StatusOr<std::string> name = suite->CreateCustomer("kill", 7, absl::Seconds(2));
//   ASSERT_OK_AND_ASSIGN(CustomerWriteAudit audit, suite->AuditCustomerWrites("kill", attempts));
//   EXPECT_EQ(audit.acknowledged_missing, 0);
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/testing/mysql_test_db.h"
#include "common/testing/test_secrets.h"
#include "tests/fault/support/write_load.h"
#include "tests/risk-warning/integration/suite_env.h"

namespace ccrm::fault {

using risk::itest::ServiceUnderTest;

struct FaultSuiteOptions {
  bool with_credit_rating = false;
  // Added to each service's flags (a later flag wins).
  std::vector<std::string> customer_flags;
  std::vector<std::string> relationship_flags;
  std::vector<std::string> rating_flags;
};

// What became of the CreateCustomer attempts of one scenario.
struct CustomerWriteAudit {
  int64_t acknowledged = 0;
  // Acknowledged, yet the customer, its event or its request id is not there (must be 0).
  int64_t acknowledged_missing = 0;
  int64_t unacknowledged = 0;
  // Of the unacknowledged: committed whole (customer + event + request id) or absent entirely.
  int64_t unacknowledged_present = 0;
  int64_t unacknowledged_absent = 0;
  // Any attempt with some but not all of its rows, or twice (must be 0).
  int64_t partial = 0;
  std::vector<std::string> problems;
};

// Whether the consumer applied every CustomerCreated event exactly once.
struct ConsumerAudit {
  int64_t produced = 0;
  int64_t consumed = 0;
  // Produced but never applied, and applied but never produced (both must be 0).
  int64_t missing = 0;
  int64_t unknown = 0;
  // Customers whose engagements were planned twice, or not at all (must be 0).
  int64_t planned_twice = 0;
  int64_t not_planned = 0;
  // How long the consumer took to catch up, counted from the audit's start.
  absl::Duration catch_up;
};

class FaultSuite final {
 public:
  static absl::StatusOr<std::unique_ptr<FaultSuite>> Start(const FaultSuiteOptions& options);
  ~FaultSuite();

  ServiceUnderTest& customer_profile() { return *customer_; }
  ServiceUnderTest& relationship() { return *relationship_; }
  ServiceUnderTest& credit_rating() { return *rating_; }
  testing::MySqlTestDb& customer_db() { return *customer_db_; }
  testing::MySqlTestDb& relationship_db() { return *relationship_db_; }
  std::string Token(const std::string& role) const;

  // CreateCustomer for an SME "<tag> <attempt>" with request id "<tag>-<attempt>", fresh
  // identifiers, under `timeout`; the created customer's name.
  absl::StatusOr<std::string> CreateCustomer(const std::string& tag, int64_t attempt,
                                             absl::Duration timeout);

  // Reads customer-profile's tables for the attempts of `tag`.
  absl::StatusOr<CustomerWriteAudit> AuditCustomerWrites(const std::string& tag,
                                                         const std::vector<WriteAttempt>& attempts);
  // Waits up to `timeout` for relationship-service to have applied every CustomerCreated event
  // customer-profile holds, then compares the two sides.
  absl::StatusOr<ConsumerAudit> AuditConsumer(absl::Duration timeout);
  // Open server connections per database user (information_schema.processlist).
  absl::StatusOr<std::map<std::string, int64_t>> ConnectionsByUser();

 private:
  FaultSuite() = default;

  testing::TestSecrets secrets_;
  std::string dir_;
  std::unique_ptr<testing::MySqlTestDb> customer_db_;
  std::unique_ptr<testing::MySqlTestDb> relationship_db_;
  std::unique_ptr<testing::MySqlTestDb> rating_db_;
  std::unique_ptr<ServiceUnderTest> customer_;
  std::unique_ptr<ServiceUnderTest> relationship_;
  std::unique_ptr<ServiceUnderTest> rating_;
};

// Rows of `sql` as text (NULL as ""), through a fresh admin connection of `db` (so a server that
// restarted since is no trouble).
absl::StatusOr<std::vector<std::vector<std::string>>> QueryRows(testing::MySqlTestDb& db,
                                                                const std::string& sql);

// The single integer `sql` selects (-1 when the query fails or selects nothing).
int64_t QueryInt(testing::MySqlTestDb& db, const std::string& sql);

// RSS of `pid` in MiB from /proc (0 when it is gone).
double ResidentMiB(int pid);

}  // namespace ccrm::fault
