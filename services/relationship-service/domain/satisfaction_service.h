// Use cases on satisfaction and customer value: record a survey (the manager of the moment is
// kept with it; a drop publishes SatisfactionDropped), the quarterly trend of a customer or a
// manager, record a month's contribution, and a customer's value: trailing-twelve-month
// contribution, key-customer identification and recommendations with reasons (facts from
// customer-profile).
//
// Example:
//   SatisfactionService satisfaction(&surveys, &contributions, &managers, &directory, &encoder,
//                                    &clock);
//   ASSIGN_OR_RETURN(Survey s, satisfaction.RecordSurvey(caller, customer_id, draft, key));
//   ASSIGN_OR_RETURN(CustomerValue v, satisfaction.Value(caller, customer_id));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/relationship-service/domain/caller.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

struct SatisfactionTrend {
  std::vector<SatisfactionPoint> points;
};

struct CustomerValue {
  std::string customer_id;
  ValueSummary summary;
  KeyCustomerDecision key_customer;
  std::vector<Recommendation> recommendations;
};

// INVALID_ARGUMENT under `field`: ValidateScores, survey_time set, not in the future (1 minute
// of skew allowed) and not before 2000, comment ≤ 2000 characters (UTF-8); every problem at once.
absl::Status ValidateSurvey(const Survey& draft, absl::Time now, const std::string& field);

// INVALID_ARGUMENT under `field`: month set to day 1, not after the current month and not before
// 2000; the three amounts in one currency (ISO 4217), none negative, nanos in range; every
// problem at once.
absl::Status ValidateContribution(const Contribution& draft, absl::CivilDay today,
                                  const std::string& field);

class SatisfactionService final {
 public:
  SatisfactionService(SurveyRepository* surveys, ContributionRepository* contributions,
                      ManagerRepository* managers, CustomerDirectory* directory,
                      const RelationshipEventEncoder* encoder, const Clock* clock)
      : surveys_(surveys),
        contributions_(contributions),
        managers_(managers),
        directory_(directory),
        encoder_(encoder),
        clock_(clock) {}

  // INVALID_ARGUMENT under "survey"; NOT_FOUND for an unknown customer; FAILED_PRECONDITION
  // CUSTOMER_ARCHIVED; UNAVAILABLE / DEADLINE_EXCEEDED from customer-profile. Idempotent by key.
  absl::StatusOr<Survey> RecordSurvey(const Caller& caller, const std::string& customer_id,
                                      Survey draft, const IdempotencyKey& key);
  // quarters 0 = 8, INVALID_ARGUMENT ("quarters") outside 1..40. NOT_FOUND for an unknown
  // manager (a customer's trend does not call customer-profile: no surveys, no points).
  absl::StatusOr<SatisfactionTrend> Trend(SurveySubject subject, const std::string& id,
                                          int quarters);
  // INVALID_ARGUMENT under "contribution"; NOT_FOUND for an unknown customer; errors from
  // customer-profile as RecordSurvey. Idempotent by key.
  absl::StatusOr<Contribution> RecordContribution(const Caller& caller,
                                                  const std::string& customer_id,
                                                  Contribution draft, const IdempotencyKey& key);
  // NOT_FOUND for an unknown customer; errors from customer-profile (customer and relations,
  // read with the caller's identity).
  absl::StatusOr<CustomerValue> Value(const Caller& caller, const std::string& customer_id);

 private:
  SurveyRepository* surveys_;
  ContributionRepository* contributions_;
  ManagerRepository* managers_;
  CustomerDirectory* directory_;
  const RelationshipEventEncoder* encoder_;
  const Clock* clock_;
};

}  // namespace ccrm::relationship
