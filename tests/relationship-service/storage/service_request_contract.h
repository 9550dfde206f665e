// The contract tests of ServiceRequestRepository (domain/repositories.h), written once and run
// against each implementation: service_request_contract_test.cc holds the TEST_Ps,
// service_request_in_memory_test.cc and service_request_mysql_test.cc instantiate them, so both
// keep the same replays, orders, page keys, breaches, escalations, events and errors.
//
// Example:
//   INSTANTIATE_TEST_SUITE_P(InMemory, ServiceRequestContractTest,
//                            ::testing::Values(ServiceRequestBackendFactory{"in-memory", &New}));
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/events/outbox_event.h"
#include "services/relationship-service/domain/repositories.h"
#include "tests/relationship-service/domain/service_fakes.h"
#include "tests/relationship-service/storage/repository_contract.h"

namespace ccrm::relationship {

// One implementation under test: its repository over one empty store (the SLA table seeded), and
// what it has published (the outbox rows, oldest first).
class ServiceRequestBackend {
 public:
  virtual ~ServiceRequestBackend() = default;
  virtual ServiceRequestRepository& requests() = 0;
  virtual absl::StatusOr<std::vector<events::OutboxEvent>> events() = 0;
};

struct ServiceRequestBackendFactory {
  std::string name;
  std::function<absl::StatusOr<std::unique_ptr<ServiceRequestBackend>>()> make;

  friend void PrintTo(const ServiceRequestBackendFactory& factory, std::ostream* os) {
    *os << factory.name;
  }
};

inline std::string ServiceRequestId(int n) {
  return absl::StrFormat("0194d000-0000-7000-8000-%012d", n);
}

// Request `n` of the customer, created `seconds` after At(0) by rm-1 as the service would make
// it: OPEN, revision 1, response due 4 hours and resolution due 48 hours after its creation.
inline ServiceRequest SampleServiceRequest(int n, const std::string& customer_id, int64_t seconds,
                                           ServiceRequestType type = ServiceRequestType::kInquiry,
                                           const std::string& assignee = "rm-1") {
  ServiceRequest r;
  r.service_request_id = ServiceRequestId(n);
  r.customer_id = customer_id;
  r.type = type;
  r.priority = Priority::kHigh;
  r.subject = "对账单金额与回单不一致";
  r.description = "客户反映 3 月对账单金额与银行回单不符，请核实。";
  r.status = ServiceRequestStatus::kOpen;
  r.response_due = At(seconds) + absl::Hours(4);
  r.resolution_due = At(seconds) + absl::Hours(48);
  r.assignee_manager_id = assignee;
  r.green_channel = false;
  r.created_by = "rm-1";
  r.create_time = At(seconds);
  r.update_time = At(seconds);
  r.revision = 1;
  return r;
}

class ServiceRequestContractTest : public ::testing::TestWithParam<ServiceRequestBackendFactory> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ServiceRequestBackend>> backend = GetParam().make();
    ASSERT_TRUE(backend.ok()) << "cannot set up the backend: " << backend.status();
    backend_ = *std::move(backend);
  }

  ServiceRequestRepository& requests() { return backend_->requests(); }
  // The events published so far; a failure to read them fails the test.
  std::vector<events::OutboxEvent> Events() {
    absl::StatusOr<std::vector<events::OutboxEvent>> events = backend_->events();
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<events::OutboxEvent>());
  }

  // Stores `r` without idempotency, as written at `seconds`; fails the test on error.
  void Store(const ServiceRequest& r, int64_t seconds = 0) {
    absl::StatusOr<ServiceRequest> stored =
        requests().Create(r, IdempotencyKey{}, encoder_, Write(seconds));
    ASSERT_TRUE(stored.ok()) << stored.status();
  }

  // The sweep's write at `seconds` after At(0).
  static WriteContext Sweep(int64_t seconds) {
    WriteContext w = Write(seconds);
    w.actor = "system:sla-sweep";
    w.request_id = "";
    return w;
  }

  fakes::PlainEventEncoder encoder_;

 private:
  std::unique_ptr<ServiceRequestBackend> backend_;
};

}  // namespace ccrm::relationship
