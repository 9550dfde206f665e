// Resource names of the customer-profile API, as the audit trail, events and responses spell them:
// "customers/{customer_id}" and "customers/{customer_id}/{collection}/{id}".
//
// Example:
//   audit.resource = ContactResourceName(customer_id, contact_id);
#pragma once

#include <string>

namespace ccrm::customer {

std::string CustomerResourceName(const std::string& customer_id);
std::string ChildResourceName(const std::string& customer_id, const std::string& collection,
                              const std::string& child_id);
std::string ContactResourceName(const std::string& customer_id, const std::string& contact_id);
std::string RelatedPartyResourceName(const std::string& customer_id,
                                     const std::string& related_party_id);
std::string ProjectResourceName(const std::string& customer_id, const std::string& project_id);
std::string FinancialStatementResourceName(const std::string& customer_id,
                                           const std::string& statement_id);

}  // namespace ccrm::customer
