// exposures list | get and summary — risk-warning's monitored exposures (loans and facilities
// with their outstanding, days past due and suggested five-category classification) and the
// portfolio risk summary (counts and outstanding by alert level, category, industry, manager).
//
// Example:
//   CommandTable table;
//   AddExposureCommands(table);
//   std::cout << PortfolioSummaryText(summary);
#pragma once

#include <string>

#include "ccrm/risk/v1/risk_warning.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "tools/ccrmctl/command_table.h"

namespace ccrm::ctl {

void AddExposureCommands(CommandTable& table);

std::string ExposuresTable(const google::protobuf::RepeatedPtrField<risk::v1::Exposure>& list);
std::string ExposureDetails(const risk::v1::Exposure& exposure);
// The headline figures, then one table per breakdown.
std::string PortfolioSummaryText(const risk::v1::PortfolioSummary& summary);

}  // namespace ccrm::ctl
