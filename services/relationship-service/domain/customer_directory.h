// What relationship-service needs to know from customer-profile, as an interface the domain
// owns: a customer's existence, segment and tier (for dedicated managers, templates and the green
// channel). clients/ implements it over gRPC with a deadline and the caller's identity; tests
// hand in a fake.
//
// Example:
//   ASSIGN_OR_RETURN(CustomerSummary c, directory.GetCustomer(identity, customer_id));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "services/relationship-service/domain/classification.h"

namespace ccrm::relationship {

struct CustomerSummary {
  std::string customer_id;
  std::string legal_name;
  Segment segment = Segment::kUnspecified;
  // 1 (highest) … 4; 0 unknown.
  int tier = 0;
  std::string industry_code;
  int employee_count = 0;
  bool archived = false;
};

// What customer-profile knows of a customer's connections, for value-added-service
// recommendations: trade partners and subsidiaries among its related parties, and projects.
struct CustomerRelations {
  int upstream_partners = 0;
  int downstream_partners = 0;
  int subsidiaries = 0;
  bool has_projects = false;
};

class CustomerDirectory {
 public:
  virtual ~CustomerDirectory() = default;
  // NOT_FOUND for an unknown customer; UNAVAILABLE / DEADLINE_EXCEEDED when customer-profile is
  // down or slow; PERMISSION_DENIED as it answers.
  virtual absl::StatusOr<CustomerSummary> GetCustomer(const CallIdentity& identity,
                                                      const std::string& customer_id) = 0;
  // Counts the customer's related parties by relation (upstream suppliers, downstream buyers,
  // subsidiaries) and whether it has any project. Errors as GetCustomer.
  virtual absl::StatusOr<CustomerRelations> GetRelations(const CallIdentity& identity,
                                                         const std::string& customer_id) = 0;
};

}  // namespace ccrm::relationship
