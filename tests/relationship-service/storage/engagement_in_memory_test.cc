// The in-memory store: the engagement contract (engagement_contract_test.cc), with the events it
// keeps instead of an outbox.
#include <gtest/gtest.h>

#include <memory>

#include "services/relationship-service/storage/in_memory_repositories.h"
#include "tests/relationship-service/storage/engagement_contract.h"

namespace ccrm::relationship {
namespace {

class InMemoryEngagementBackend final : public EngagementBackend {
 public:
  EngagementRepository& engagements() override { return store_.engagements(); }
  ManagerRepository& managers() override { return store_.managers(); }
  InteractionRepository& interactions() override { return store_.interactions(); }
  absl::StatusOr<std::vector<events::OutboxEvent>> events() override { return store_.events(); }

 private:
  InMemoryRelationshipStore store_;
};

absl::StatusOr<std::unique_ptr<EngagementBackend>> NewInMemoryEngagementBackend() {
  return std::unique_ptr<EngagementBackend>(std::make_unique<InMemoryEngagementBackend>());
}

INSTANTIATE_TEST_SUITE_P(InMemory, EngagementContractTest,
                         ::testing::Values(EngagementBackendFactory{
                             "in-memory", &NewInMemoryEngagementBackend}));

}  // namespace
}  // namespace ccrm::relationship
