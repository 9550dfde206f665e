// The demo portfolio: a handful of corporate and project-finance customers of a Chinese
// commercial bank, with contacts, a customer group, a project and audited annual statements.
// Codes and ID numbers are generated with valid check characters; every value is fictitious.
//
// Example:
//   for (const DemoCustomer& c : DemoPortfolio()) { Create(c.customer); }
#pragma once

#include <string>
#include <vector>

#include "ccrm/customer/v1/customer_profile.pb.h"

namespace ccrm::demo {

struct DemoCustomer {
  // Stable key used in request ids ("demo-<key>-…"), so re-running creates nothing twice.
  std::string key;
  ccrm::customer::v1::Customer customer;
  std::vector<ccrm::customer::v1::Contact> contacts;
  std::vector<ccrm::customer::v1::Project> projects;
  std::vector<ccrm::customer::v1::FinancialStatement> statements;
  // Keys of other demo customers that are subsidiaries of this one.
  std::vector<std::string> subsidiaries;
  // Outside parties related to this customer.
  std::vector<ccrm::customer::v1::RelatedParty> outside_parties;
};

std::vector<DemoCustomer> DemoPortfolio();

}  // namespace ccrm::demo
