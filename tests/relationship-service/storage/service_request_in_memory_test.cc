// InMemoryServiceRequests: the service-request repository contract
// (service_request_contract_test.cc).
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "services/relationship-service/storage/in_memory_service_requests.h"
#include "tests/relationship-service/storage/service_request_contract.h"

namespace ccrm::relationship {
namespace {

class InMemoryBackend final : public ServiceRequestBackend {
 public:
  ServiceRequestRepository& requests() override { return requests_; }
  absl::StatusOr<std::vector<events::OutboxEvent>> events() override { return requests_.events(); }

 private:
  InMemoryServiceRequests requests_;
};

absl::StatusOr<std::unique_ptr<ServiceRequestBackend>> NewInMemoryBackend() {
  return std::unique_ptr<ServiceRequestBackend>(std::make_unique<InMemoryBackend>());
}

INSTANTIATE_TEST_SUITE_P(InMemory, ServiceRequestContractTest,
                         ::testing::Values(ServiceRequestBackendFactory{"in-memory",
                                                                        &NewInMemoryBackend}));

}  // namespace
}  // namespace ccrm::relationship
