// The portfolio ccrm-risk-bench monitors, built through the services' own APIs: corporate
// customers in customer-profile (spread over a number of relationship managers), then their
// facilities registered with risk-warning, each with a use-of-funds plan and a quarterly
// repayment schedule. Most facilities are current; a share are "troubled" — their first
// installment fell due 10 to 200 days ago and was not paid — so alerts at every level, and
// contingency plans for the red ones, exist before anything is measured. A quarter of the current
// facilities and every troubled one have been drawn (a disbursement observation).
//
// Example:
//   PortfolioShape shape{.exposures = 100000, .exposures_per_customer = 4};
//   ASSIGN_OR_RETURN(Portfolio p, SeedPortfolio(shape, profile, risk, 32, log));
//   RETURN_IF_ERROR(WritePortfolioFile("/tmp/bench/portfolio.txt", p));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "ccrm/customer/v1/customer_profile.pb.h"
#include "ccrm/risk/v1/risk_warning.pb.h"
#include "tests/bench/rpc_support.h"
#include "tests/bench/scenarios.h"

namespace ccrm::bench {

struct PortfolioShape {
  int exposures = 100000;
  int exposures_per_customer = 4;
  // Troubled facilities per thousand.
  int troubled_per_mille = 20;
  // Relationship managers the customers are spread over ("bench-rm-001", ...).
  int managers = 50;
  uint64_t seed = 1;
  // Dates are relative to this day (UTC).
  absl::CivilDay today;
};

struct PortfolioExposure {
  // "exposures/{id}".
  std::string name;
  std::string customer_id;
  bool troubled = false;
  // Drawn: has a disbursement, so payments and fund usage are meaningful.
  bool drawn = false;
};

using Portfolio = std::vector<PortfolioExposure>;

// An SME manufacturer managed by `manager_id`.
customer::v1::Customer BenchObligor(const std::string& uscc, const std::string& manager_id);

// Facility `k` of the portfolio for `customer_id` (amount, plan and schedule vary with k; the
// first installment lies `days_past_due` days back when that is positive, else 30 days ahead).
risk::v1::CreateExposureRequest BenchExposure(const PortfolioShape& shape, int k,
                                              const std::string& customer_id, int days_past_due);

// 0 for a current facility; 10, 40, 75, 100 or 200 for a troubled one (BLUE … RED under the
// default days-past-due rule).
int DaysPastDueOf(const PortfolioShape& shape, int k);

ccrm::common::v1::Date DateOf(absl::CivilDay day);

// Creates the customers, the facilities and the disbursements, `lanes` calls in flight, and
// reports progress through `log`.
absl::StatusOr<Portfolio> SeedPortfolio(const PortfolioShape& shape, const ClientPool& profile,
                                        const ClientPool& risk, int lanes, const ToolLog& log);

// One line per facility: "<name> <customer_id> <troubled 0|1> <drawn 0|1>".
absl::Status WritePortfolioFile(const std::string& path, const Portfolio& portfolio);
absl::StatusOr<Portfolio> ReadPortfolioFile(const std::string& path);

}  // namespace ccrm::bench
