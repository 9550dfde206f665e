// A customer carried through the four real services, for the access-control tests: created in
// customer-profile, two statements and an approved rating in credit-rating, a manager, a visit,
// a complaint and a survey in relationship-service, a facility with an overdue installment and
// its drawdown in risk-warning. Every step reads and writes each service's own schema, so a
// journey that completes shows the services' database users have the privileges they need; the
// steps also make each service log and publish events about the customer.
//
// Example:
//   JourneyServices services{customer_channel, rating_channel, relationship_channel, risk_channel};
//   JourneyTokens tokens = [&](const std::string& subject, const std::vector<std::string>& roles) {
//     return secrets.Token(subject, roles);
//   };
//   ASSERT_OK_AND_ASSIGN(Journey j, RunJourney(services, tokens, KeyEnterprise("某公司"), "rm-a"));
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ccrm/customer/v1/customer_profile.pb.h"

namespace ccrm::access_itest {

struct JourneyServices {
  std::shared_ptr<grpc::Channel> customer_profile;
  std::shared_ptr<grpc::Channel> credit_rating;
  std::shared_ptr<grpc::Channel> relationship;
  std::shared_ptr<grpc::Channel> risk_warning;
};

// A token for `subject` with `roles`.
using JourneyTokens =
    std::function<std::string(const std::string& subject, const std::vector<std::string>& roles)>;

// What the journey made, by resource name.
struct Journey {
  customer::v1::Customer customer;  // as created (masked)
  std::string rating;
  std::string interaction;
  std::string service_request;
  std::string exposure;
};

// Runs the journey for `draft` managed by `manager_id` (created in relationship-service when it
// does not exist yet). The first failing step's status, its step named in the message.
absl::StatusOr<Journey> RunJourney(const JourneyServices& services, const JourneyTokens& tokens,
                                   const customer::v1::Customer& draft,
                                   const std::string& manager_id);

}  // namespace ccrm::access_itest
