// The contract tests of the relationship-service repositories (domain/repositories.h), written
// once and run against each implementation: repository_contract_test.cc holds the TEST_Ps, and
// each test binary instantiates them with its backend (in memory in the unit test, MySQL in the
// mysql test), so both keep the same codes, reasons, orders and keys.
//
// Example:
//   INSTANTIATE_TEST_SUITE_P(InMemory, RelationshipContractTest,
//                            ::testing::Values(BackendFactory{"in-memory", &NewInMemoryBackend}));
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/write_context.h"
#include "common/ids/idempotency_key.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

// 2026-03-01 09:00:00.123456789 UTC plus `seconds` (storage keeps microseconds).
inline absl::Time At(int64_t seconds) {
  return absl::FromCivil(absl::CivilSecond(2026, 3, 1, 9, 0, 0), absl::UTCTimeZone()) +
         absl::Nanoseconds(123456789) + absl::Seconds(seconds);
}
inline absl::Time Micros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

inline WriteContext Write(int64_t seconds) {
  WriteContext w;
  w.actor = "rm-admin";
  w.request_id = "req-1";
  w.now = At(seconds);
  return w;
}
inline IdempotencyKey Key(std::string request_id, std::string fingerprint) {
  return IdempotencyKey{std::move(request_id), std::move(fingerprint)};
}
inline std::string CustomerId(int n) { return absl::StrFormat("00000000-0000-7000-8000-%012d", n); }
inline std::string InteractionId(int n) {
  return absl::StrFormat("0194a000-0000-7000-8000-%012d", n);
}
inline std::string TaskId(int n) { return absl::StrFormat("0194b000-0000-7000-8000-%012d", n); }

inline RelationshipManager SampleManager(const std::string& id, const std::string& branch) {
  RelationshipManager m;
  m.manager_id = id;
  m.display_name = "Li Wei";
  m.branch = branch;
  m.email = id + "@bank.example";
  m.max_portfolio_size = 40;
  return m;
}

inline Assignment SampleAssignment(const std::string& customer_id, const std::string& manager_id,
                                   bool dedicated) {
  return Assignment{customer_id,  manager_id, dedicated,    Segment::kSme,
                    "onboarding", "rm-admin", absl::Time(), std::nullopt};
}

inline FollowUpTask SampleTask(const std::string& task_id, const std::string& manager_id,
                               const std::string& source, absl::CivilDay due) {
  FollowUpTask t;
  t.task_id = task_id;
  t.manager_id = manager_id;
  t.customer_id = CustomerId(1);
  t.source = source;
  t.title = "Call the customer about the overdue payment";
  t.detail = "30 days past due on loan L-1";
  t.due_date = due;
  return t;
}

// A check that lets every assignment through.
inline absl::Status AnySize(int) { return absl::OkStatus(); }

// One implementation under test: its repositories over one empty store.
class RelationshipBackend {
 public:
  virtual ~RelationshipBackend() = default;
  virtual ManagerRepository& managers() = 0;
  virtual InteractionRepository& interactions() = 0;
  virtual TaskRepository& tasks() = 0;
};

struct BackendFactory {
  std::string name;
  std::function<absl::StatusOr<std::unique_ptr<RelationshipBackend>>()> make;

  friend void PrintTo(const BackendFactory& factory, std::ostream* os) { *os << factory.name; }
};

class RelationshipContractTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RelationshipBackend>> backend = GetParam().make();
    ASSERT_TRUE(backend.ok()) << "cannot set up the backend: " << backend.status();
    backend_ = *std::move(backend);
  }

  ManagerRepository& managers() { return backend_->managers(); }
  InteractionRepository& interactions() { return backend_->interactions(); }
  TaskRepository& tasks() { return backend_->tasks(); }

 private:
  std::unique_ptr<RelationshipBackend> backend_;
};

}  // namespace ccrm::relationship
