// The in-memory store: the repository contract (repository_contract_test.cc).
#include "services/relationship-service/storage/in_memory_repositories.h"

#include <gtest/gtest.h>

#include <memory>

#include "tests/relationship-service/storage/repository_contract.h"

namespace ccrm::relationship {
namespace {

class InMemoryBackend final : public RelationshipBackend {
 public:
  ManagerRepository& managers() override { return store_.managers(); }
  InteractionRepository& interactions() override { return store_.interactions(); }
  TaskRepository& tasks() override { return store_.tasks(); }

 private:
  InMemoryRelationshipStore store_;
};

absl::StatusOr<std::unique_ptr<RelationshipBackend>> NewInMemoryBackend() {
  return std::unique_ptr<RelationshipBackend>(std::make_unique<InMemoryBackend>());
}

INSTANTIATE_TEST_SUITE_P(InMemory, RelationshipContractTest,
                         ::testing::Values(BackendFactory{"in-memory", &NewInMemoryBackend}));

}  // namespace
}  // namespace ccrm::relationship
