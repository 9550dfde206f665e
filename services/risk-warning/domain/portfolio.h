// The portfolio's risk summary: counts and outstanding by alert level, five-category
// classification, industry section and relationship manager.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/money/money.h"

namespace ccrm::risk {

struct SummaryBucket {
  // Level name ("RED" … "NONE"), category name, GB/T 4754 section letter, or manager id
  // ("unassigned").
  std::string key;
  int64_t customers = 0;
  int64_t exposures = 0;
  Money outstanding;
  int64_t open_alerts = 0;
};

struct PortfolioSummary {
  std::string currency_code;
  int64_t active_exposures = 0;
  Money total_outstanding;
  // Customers by the highest level of their open alerts, RED first, then NONE.
  std::vector<SummaryBucket> by_level;
  // Exposures by suggested category, NORMAL first.
  std::vector<SummaryBucket> by_category;
  // By section letter, then by key.
  std::vector<SummaryBucket> by_industry;
  std::vector<SummaryBucket> by_manager;
  int64_t other_currency_exposures = 0;
  absl::Time as_of_time;
};

}  // namespace ccrm::risk
