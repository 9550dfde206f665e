#include "services/customer-profile/domain/resource_name.h"

#include "absl/strings/str_cat.h"

namespace ccrm::customer {

std::string CustomerResourceName(const std::string& customer_id) {
  return absl::StrCat("customers/", customer_id);
}

std::string ChildResourceName(const std::string& customer_id, const std::string& collection,
                              const std::string& child_id) {
  return absl::StrCat("customers/", customer_id, "/", collection, "/", child_id);
}

std::string ContactResourceName(const std::string& customer_id, const std::string& contact_id) {
  return ChildResourceName(customer_id, "contacts", contact_id);
}

std::string RelatedPartyResourceName(const std::string& customer_id,
                                     const std::string& related_party_id) {
  return ChildResourceName(customer_id, "relatedParties", related_party_id);
}

std::string ProjectResourceName(const std::string& customer_id, const std::string& project_id) {
  return ChildResourceName(customer_id, "projects", project_id);
}

std::string FinancialStatementResourceName(const std::string& customer_id,
                                           const std::string& statement_id) {
  return ChildResourceName(customer_id, "financialStatements", statement_id);
}

}  // namespace ccrm::customer
