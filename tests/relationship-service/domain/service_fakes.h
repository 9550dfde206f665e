// Fakes for the relationship-service use-case tests: a customer-profile directory with three
// customers (a key customer, an SME, an archived one) whose answers, relations and failures a
// test sets, and an event encoder that names each event by its kind and subject so tests can see
// what was published.
//
// Example:
//   FakeDirectory directory;
//   directory.relations[kSmeCustomer].upstream_partners = 3;
//   PlainEventEncoder encoder;  // event_type "SlaBreached", payload "response|2"
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "common/ids/uuid.h"
#include "services/relationship-service/domain/caller.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship::fakes {

inline constexpr char kKeyCustomer[] = "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0001";
inline constexpr char kSmeCustomer[] = "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0002";
inline constexpr char kArchived[] = "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f0003";

class FakeDirectory final : public CustomerDirectory {
 public:
  FakeDirectory() {
    customers[kKeyCustomer] =
        CustomerSummary{kKeyCustomer, "闽江城建", Segment::kKey, 1, "E4819", 1200, false};
    customers[kSmeCustomer] =
        CustomerSummary{kSmeCustomer, "榕信精密", Segment::kSme, 3, "C3422", 85, false};
    customers[kArchived] =
        CustomerSummary{kArchived, "已注销", Segment::kSme, 4, "C1751", 10, true};
  }
  absl::StatusOr<CustomerSummary> GetCustomer(const CallIdentity& identity,
                                              const std::string& customer_id) override {
    last_identity = identity;
    ++calls;
    if (!failure.ok()) {
      return failure;
    }
    auto it = customers.find(customer_id);
    if (it == customers.end()) {
      return absl::NotFoundError("customer-profile: no such customer");
    }
    return it->second;
  }
  absl::StatusOr<CustomerRelations> GetRelations(const CallIdentity& identity,
                                                 const std::string& customer_id) override {
    last_identity = identity;
    ++calls;
    if (!failure.ok()) {
      return failure;
    }
    if (customers.find(customer_id) == customers.end()) {
      return absl::NotFoundError("customer-profile: no such customer");
    }
    return relations[customer_id];
  }

  std::map<std::string, CustomerSummary> customers;
  std::map<std::string, CustomerRelations> relations;
  absl::Status failure;
  CallIdentity last_identity;
  int calls = 0;
};

// event_type is the event's name ("ComplaintOpened" …), subject the resource, payload a short
// "|"-joined text of what the real payload carries.
class PlainEventEncoder final : public RelationshipEventEncoder {
 public:
  events::OutboxEvent ComplaintOpened(const ServiceRequest& request,
                                      const WriteContext& write) const override {
    return Event("ComplaintOpened", request.customer_id, request.service_request_id,
                 absl::StrCat(static_cast<int>(request.priority)), write);
  }
  events::OutboxEvent SlaBreached(const ServiceRequest& request, const Escalation& escalation,
                                  const WriteContext& write) const override {
    return Event("SlaBreached", request.customer_id, request.service_request_id,
                 absl::StrCat(escalation.deadline, "|", escalation.new_level), write);
  }
  events::OutboxEvent SatisfactionDropped(const Survey& survey,
                                          const std::optional<Survey>& previous,
                                          const WriteContext& write) const override {
    return Event("SatisfactionDropped", survey.customer_id, survey.survey_id,
                 absl::StrCat(previous.has_value() ? previous->csat : 0, "|", survey.csat), write);
  }
  events::OutboxEvent EngagementMissed(const Engagement& engagement,
                                       const WriteContext& write) const override {
    return Event("EngagementMissed", engagement.customer_id, engagement.engagement_id,
                 engagement.manager_id, write);
  }

 private:
  static events::OutboxEvent Event(const std::string& type, const std::string& customer_id,
                                   const std::string& id, const std::string& payload,
                                   const WriteContext& write) {
    return events::OutboxEvent{
        NewUuidV7(write.now), type,    absl::StrCat("customers/", customer_id, "/", id),
        write.request_id,     payload, write.now};
  }
};

inline Caller As(const std::string& subject, const std::string& role) {
  return Caller{Principal{subject, {role}}, "req-" + subject, "Bearer " + subject + "-token",
                absl::FromUnixSeconds(1'900'000'000)};
}

}  // namespace ccrm::relationship::fakes
