// Use cases on a customer's contacts (legal representative, actual controller, finance officer,
// emergency contact, family member, business partner). Personal identifiers are masked unless the
// caller asks for, and may see, the unmasked view, which is audited.
//
// Example:
//   ContactService contacts(&contact_repository, &customer_repository, &clock);
//   ASSIGN_OR_RETURN(Contact c, contacts.Create(caller, draft, key));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/privacy_policy.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

struct ContactList {
  std::vector<Contact> contacts;
  std::string next_page_token;
};

class ContactService final {
 public:
  // `audit` records unmasked reads.
  ContactService(ContactRepository* repository, CustomerRepository* audit, const Clock* clock)
      : repository_(repository), audit_(audit), clock_(clock) {}

  // INVALID_ARGUMENT ("contact.<field>"), NOT_FOUND / FAILED_PRECONDITION for the parent.
  absl::StatusOr<Contact> Create(const Caller& caller, Contact draft, const IdempotencyKey& key);
  absl::StatusOr<ContactList> List(const Caller& caller, const std::string& customer_id,
                                   PersonalDataView view, const std::string& page_token,
                                   int page_size);
  absl::StatusOr<Contact> Update(const Caller& caller, const std::string& customer_id,
                                 const std::string& contact_id, const Contact& patch,
                                 const std::vector<std::string>& paths, const std::string& etag);
  absl::StatusOr<Contact> Delete(const Caller& caller, const std::string& customer_id,
                                 const std::string& contact_id, const std::string& etag);

 private:
  ContactRepository* repository_;
  CustomerRepository* audit_;
  const Clock* clock_;
};

}  // namespace ccrm::customer
