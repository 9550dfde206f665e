// The in-memory satisfaction store: the survey and contribution contract
// (satisfaction_contract_test.cc).
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "services/relationship-service/storage/in_memory_satisfaction.h"
#include "tests/relationship-service/storage/satisfaction_contract.h"

namespace ccrm::relationship {
namespace {

class InMemorySatisfactionBackend final : public SatisfactionBackend {
 public:
  SurveyRepository& surveys() override { return store_.surveys(); }
  ContributionRepository& contributions() override { return store_.contributions(); }
  absl::StatusOr<std::vector<events::OutboxEvent>> events() override { return store_.events(); }

 private:
  InMemorySatisfactionStore store_;
};

absl::StatusOr<std::unique_ptr<SatisfactionBackend>> NewInMemorySatisfactionBackend() {
  return std::unique_ptr<SatisfactionBackend>(std::make_unique<InMemorySatisfactionBackend>());
}

INSTANTIATE_TEST_SUITE_P(InMemory, SatisfactionContractTest,
                         ::testing::Values(SatisfactionBackendFactory{
                             "in-memory", &NewInMemorySatisfactionBackend}));

}  // namespace
}  // namespace ccrm::relationship
