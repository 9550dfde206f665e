// Use cases on engagement plans: the templates per segment, a plan generated for a customer from
// its segment's template (replacing what an earlier plan still had ahead), upcoming / due /
// overdue engagements by customer or manager, the engagements of a new customer's plan (stored
// by the CustomerCreated consumer, once per customer), and the sweep that stores missed engagements
// and publishes EngagementMissed.
//
// Example:
//   EngagementService plans(&engagements, &managers, &directory, &encoder, &clock);
//   ASSIGN_OR_RETURN(EngagementPlan plan, plans.Generate(caller, customer_id, 12, key));
//   ASSIGN_OR_RETURN(int missed, plans.SweepMissed(500));
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/caller.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

struct EngagementPlan {
  std::string customer_id;
  std::string template_id;
  // By due date.
  std::vector<Engagement> engagements;
};

struct EngagementList {
  std::vector<Engagement> engagements;
  std::string next_page_token;
};

// The engagements `engagement_template` gives a customer from `start` over horizon_months
// (PlanEngagements), state OPEN, ids UUIDv7 of `now`, create_time `now`, the template's id and
// grace days, manager_id as given.
std::vector<Engagement> EngagementsFor(const EngagementTemplate& engagement_template,
                                       const std::string& customer_id,
                                       const std::string& manager_id, absl::CivilDay start,
                                       int horizon_months, absl::Time now);

// The actor background work writes as ("system:engagement-sweep").
inline constexpr char kEngagementSweepActor[] = "system:engagement-sweep";

class EngagementService final {
 public:
  EngagementService(EngagementRepository* engagements, ManagerRepository* managers,
                    CustomerDirectory* directory, const RelationshipEventEncoder* encoder,
                    const Clock* clock,
                    std::vector<EngagementTemplate> templates = DefaultTemplates())
      : engagements_(engagements),
        managers_(managers),
        directory_(directory),
        encoder_(encoder),
        clock_(clock),
        templates_(std::move(templates)) {}

  const std::vector<EngagementTemplate>& Templates() const { return templates_; }

  // The plan from the customer's segment's template, starting today (UTC), over horizon_months
  // (0 = 12; INVALID_ARGUMENT "horizon_months" outside 1..36); each engagement's manager is
  // the customer's current manager. NOT_FOUND for an unknown customer, NOT_FOUND
  // NO_TEMPLATE_FOR_SEGMENT, FAILED_PRECONDITION CUSTOMER_ARCHIVED; UNAVAILABLE /
  // DEADLINE_EXCEEDED when customer-profile cannot answer. Idempotent by key.
  absl::StatusOr<EngagementPlan> Generate(const Caller& caller, const std::string& customer_id,
                                          int horizon_months, const IdempotencyKey& key);
  // INVALID_ARGUMENT for a bad page token; filters as EngagementFilter, judged on today (UTC).
  absl::StatusOr<EngagementList> List(const std::string& customer_id, const std::string& manager_id,
                                      EngagementStatus status,
                                      std::optional<absl::CivilDay> due_before,
                                      const std::string& page_token, int page_size);
  // Stores up to `limit` missed engagements (EngagementRepository::SweepMissed on today).
  absl::StatusOr<int> SweepMissed(int limit);

 private:
  EngagementRepository* engagements_;
  ManagerRepository* managers_;
  CustomerDirectory* directory_;
  const RelationshipEventEncoder* encoder_;
  const Clock* clock_;
  std::vector<EngagementTemplate> templates_;
};

}  // namespace ccrm::relationship
