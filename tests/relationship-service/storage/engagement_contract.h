// The contract of EngagementRepository (domain/repositories.h) and of the engagement steps the
// manager and interaction repositories take (a reassignment moves open engagements, an
// interaction completes its engagement), written once in engagement_contract_test.cc and run
// against each implementation: engagement_in_memory_test.cc and engagement_mysql_test.cc
// instantiate it with their backend, so both keep the same codes, reasons, orders, keys and
// published events.
//
// Example:
//   INSTANTIATE_TEST_SUITE_P(InMemory, EngagementContractTest,
//                            ::testing::Values(EngagementBackendFactory{"in-memory", &New}));
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/events/outbox_event.h"
#include "services/relationship-service/domain/repositories.h"
#include "tests/relationship-service/storage/repository_contract.h"

namespace ccrm::relationship {

inline std::string EngagementId(int n) {
  return absl::StrFormat("0195c000-0000-7000-8000-%012d", n);
}

// An open courtesy call of `customer_id` for rm-1 (template "sme"), created at At(0).
inline Engagement SampleEngagement(int n, const std::string& customer_id, absl::CivilDay due,
                                   int grace_days = 14,
                                   EngagementKind kind = EngagementKind::kCourtesyCall) {
  Engagement e;
  e.engagement_id = EngagementId(n);
  e.customer_id = customer_id;
  e.kind = kind;
  e.due_date = due;
  e.manager_id = "rm-1";
  e.template_id = "sme";
  e.grace_days = grace_days;
  e.state = EngagementState::kOpen;
  e.create_time = At(0);
  return e;
}

// An interaction of `customer_id` completing `engagement_id`.
inline Interaction CompletingInteraction(int n, const std::string& customer_id,
                                         const std::string& engagement_id) {
  Interaction i;
  i.interaction_id = InteractionId(n);
  i.customer_id = customer_id;
  i.kind = InteractionKind::kCall;
  i.occur_time = At(0);
  i.manager_id = "rm-1";
  i.summary = "Quarterly courtesy call";
  i.engagement_id = engagement_id;
  i.created_by = "rm-1";
  i.create_time = At(0);
  return i;
}

// Describes EngagementMissed as "engagement_id|manager_id|due date|state", with the event id,
// request id and occur time left for the repository to fill in from the write (as
// events::AppendEvent does). The other events are not published by these repositories.
class MissedEventEncoder final : public RelationshipEventEncoder {
 public:
  events::OutboxEvent ComplaintOpened(const ServiceRequest&, const WriteContext&) const override {
    return {};
  }
  events::OutboxEvent SlaBreached(const ServiceRequest&, const Escalation&,
                                  const WriteContext&) const override {
    return {};
  }
  events::OutboxEvent SatisfactionDropped(const Survey&, const std::optional<Survey>&,
                                          const WriteContext&) const override {
    return {};
  }
  events::OutboxEvent EngagementMissed(const Engagement& engagement,
                                       const WriteContext&) const override {
    events::OutboxEvent event;
    event.event_type = "EngagementMissed";
    event.subject = absl::StrCat("customers/", engagement.customer_id, "/engagements/",
                                 engagement.engagement_id);
    event.payload = absl::StrCat(engagement.engagement_id, "|", engagement.manager_id, "|",
                                 absl::FormatCivilTime(engagement.due_date), "|",
                                 engagement.state == EngagementState::kMissed ? "MISSED" : "?");
    event.occur_time = absl::UnixEpoch();
    return event;
  }
};

// One implementation under test: its repositories over one empty store, and what it published.
class EngagementBackend {
 public:
  virtual ~EngagementBackend() = default;
  virtual EngagementRepository& engagements() = 0;
  virtual ManagerRepository& managers() = 0;
  virtual InteractionRepository& interactions() = 0;
  // Every event published so far (appended to the outbox), in order.
  virtual absl::StatusOr<std::vector<events::OutboxEvent>> events() = 0;
};

struct EngagementBackendFactory {
  std::string name;
  std::function<absl::StatusOr<std::unique_ptr<EngagementBackend>>()> make;

  friend void PrintTo(const EngagementBackendFactory& factory, std::ostream* os) {
    *os << factory.name;
  }
};

class EngagementContractTest : public ::testing::TestWithParam<EngagementBackendFactory> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<EngagementBackend>> backend = GetParam().make();
    ASSERT_TRUE(backend.ok()) << "cannot set up the backend: " << backend.status();
    backend_ = *std::move(backend);
  }

  EngagementRepository& engagements() { return backend_->engagements(); }
  ManagerRepository& managers() { return backend_->managers(); }
  InteractionRepository& interactions() { return backend_->interactions(); }
  std::vector<events::OutboxEvent> published() {
    absl::StatusOr<std::vector<events::OutboxEvent>> events = backend_->events();
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<events::OutboxEvent>{});
  }

  const MissedEventEncoder encoder_;

 private:
  std::unique_ptr<EngagementBackend> backend_;
};

}  // namespace ccrm::relationship
