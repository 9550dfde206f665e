// What credit-rating needs to know from customer-profile, as an interface the domain owns:
// a customer's identity and classification, its financial statements, and the customer list
// (for portfolio re-rating). clients/ implements it over gRPC with a deadline and the caller's
// identity; tests hand in a fake.
//
// Example:
//   ASSIGN_OR_RETURN(CustomerRecord c, directory.GetCustomer(identity, customer_id));
//   ASSIGN_OR_RETURN(std::vector<StatementFigures> s, directory.ListStatements(identity, c.id));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "services/credit-rating/domain/pricing.h"
#include "services/credit-rating/domain/statement_figures.h"

namespace ccrm::rating {

struct CustomerRecord {
  std::string customer_id;
  std::string legal_name;
  std::string unified_social_credit_code;
  std::string industry_code;
  Segment segment = Segment::kUnspecified;
  bool archived = false;
};

struct CustomerPage {
  std::vector<CustomerRecord> customers;
  std::string next_page_token;
};

class CustomerDirectory {
 public:
  virtual ~CustomerDirectory() = default;
  // NOT_FOUND for an unknown customer; UNAVAILABLE when customer-profile is down;
  // DEADLINE_EXCEEDED when it is slow; PERMISSION_DENIED / UNAUTHENTICATED as it answers.
  virtual absl::StatusOr<CustomerRecord> GetCustomer(const CallIdentity& identity,
                                                     const std::string& customer_id) = 0;
  // All of the customer's statements (newest period first). Errors as GetCustomer.
  virtual absl::StatusOr<std::vector<StatementFigures>> ListStatements(
      const CallIdentity& identity, const std::string& customer_id) = 0;
  // A page of non-archived customers of `segment` (unspecified = all). Errors as GetCustomer.
  virtual absl::StatusOr<CustomerPage> ListCustomers(const CallIdentity& identity, Segment segment,
                                                     const std::string& page_token,
                                                     int page_size) = 0;
};

}  // namespace ccrm::rating
