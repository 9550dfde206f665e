// customers get | list | search | create — customer-profile's customers. A table shows the
// columns an operator scans by (name, legal name, segment, tier, industry, manager, stage);
// `get` shows every field, personal identifiers as the service returns them (masked unless
// --unmasked and the caller's role may see them).
//
// Example:
//   CommandTable table;
//   AddCustomerCommands(table);
//   std::cout << CustomersTable(response.customers());
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "ccrm/customer/v1/customer_profile.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

void AddCustomerCommands(CommandTable& table);

std::string CustomersTable(const google::protobuf::RepeatedPtrField<customer::v1::Customer>& list);
std::string CustomerDetails(const customer::v1::Customer& customer);

// The request `customers list` sends: filters from --segment, --tier, --industry, --stage,
// --manager, --archived, --order_by and the page flags. UsageError for a bad enum or page size.
absl::StatusOr<customer::v1::ListCustomersRequest> ListCustomersRequestFrom(
    const Invocation& invocation);

}  // namespace ccrm::ctl
