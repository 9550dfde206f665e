// The contract tests of the credit-rating repositories (domain/repositories.h), written once and
// run against each implementation: repository_contract_test.cc holds the TEST_Ps, and each test
// binary instantiates them with its backend (in memory in the unit test, MySQL in the mysql
// test), so both keep the same codes, reasons, orders and keys.
//
// Example:
//   INSTANTIATE_TEST_SUITE_P(InMemory, RepositoryContractTest,
//                            ::testing::Values(BackendFactory{"in-memory", &NewInMemoryBackend}));
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/events/outbox_event.h"
#include "services/credit-rating/domain/repositories.h"

namespace ccrm::rating {

// One implementation under test: its repositories over one empty store, and what it appended
// to its outbox.
class RepositoryBackend {
 public:
  virtual ~RepositoryBackend() = default;
  virtual ModelRepository& models() = 0;
  virtual RatingRepository& ratings() = 0;
  virtual ReratingJobRepository& jobs() = 0;
  // Oldest first.
  virtual std::vector<events::OutboxEvent> Outbox() = 0;
};

// Makes a backend over an empty store; `name` is how test output shows it.
struct BackendFactory {
  std::string name;
  std::function<absl::StatusOr<std::unique_ptr<RepositoryBackend>>()> make;

  friend void PrintTo(const BackendFactory& factory, std::ostream* os) { *os << factory.name; }
};

class RepositoryContractTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RepositoryBackend>> backend = GetParam().make();
    ASSERT_TRUE(backend.ok()) << "cannot set up the backend: " << backend.status();
    backend_ = *std::move(backend);
  }

  ModelRepository& models() { return backend_->models(); }
  RatingRepository& ratings() { return backend_->ratings(); }
  ReratingJobRepository& jobs() { return backend_->jobs(); }
  std::vector<events::OutboxEvent> Outbox() { return backend_->Outbox(); }

 private:
  std::unique_ptr<RepositoryBackend> backend_;
};

}  // namespace ccrm::rating
