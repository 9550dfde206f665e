// Everything evaluation looks at for one customer: the obligor, its active exposures with their
// observations, collateral and guarantors, the soft signals other services sent, the distress of
// related customers, and the customer's open alerts and active plans. Storage loads it (inside
// the customer's transaction for an incremental evaluation, in batches for a portfolio scan).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/risk-warning/domain/alert.h"
#include "services/risk-warning/domain/contingency.h"
#include "services/risk-warning/domain/exposure.h"

namespace ccrm::risk {

enum class SignalKind {
  kUnspecified = 0,
  kComplaint = 1,         // relationship-service ComplaintOpened
  kSlaBreach = 2,         // relationship-service SlaBreached
  kSatisfactionDrop = 3,  // relationship-service SatisfactionDropped
  kMissedEngagement = 4,  // relationship-service EngagementMissed
  kRatingChange = 5,      // credit-rating RatingApproved / RatingDowngraded
};

// A fact another service published about the customer.
struct Signal {
  std::string customer_id;
  SignalKind kind = SignalKind::kUnspecified;
  absl::Time occur_time;
  // Rating changes: the new grade's ordinal (AAA = 1 … D = 10); others: 1.
  int value = 1;
  // Rating changes: the previous grade's ordinal (0 = none).
  int previous_value = 0;
  // The producer's resource, e.g. "ratings/…", "customers/…/serviceRequests/…".
  std::string source;
  // Producer and event id (de-duplication).
  std::string producer;
  std::string event_id;
};

// Another customer's distress that bears on this one.
struct RelatedDistress {
  std::string customer_id;
  // "group" (member of the same customer group) or "guarantor" (guarantees one of this
  // customer's exposures; exposure_id says which).
  std::string relation;
  std::string exposure_id;
  // The highest level of that customer's open alerts on non-derived indicators.
  AlertLevel level = AlertLevel::kNone;
  std::string indicator;
};

struct ExposureFile {
  Exposure exposure;
  // Oldest first.
  std::vector<Observation> observations;
  std::vector<Collateral> collateral;
  std::vector<Guarantor> guarantors;
};

struct RiskFile {
  Obligor obligor;
  // ACTIVE exposures only.
  std::vector<ExposureFile> exposures;
  // Signals of the last 400 days, oldest first.
  std::vector<Signal> signals;
  std::vector<RelatedDistress> related;
  // The customer's open alerts (at most one per indicator).
  std::vector<Alert> open_alerts;
  // Indicators whose last alert was closed as a false positive while the condition persists:
  // indicator → the level it was judged false at. No alert opens again until the level rises
  // above it; the suppression ends when the indicator clears.
  std::map<std::string, AlertLevel> suppressed;
  // Scenarios with an ACTIVE plan for the customer.
  std::set<ContingencyScenario> active_plan_scenarios;
};

}  // namespace ccrm::risk
