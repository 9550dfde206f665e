// Segmentation (which maintenance strategy a customer gets) and tiering (how the bank ranks it),
// computed from the customer record by rules held as data, with a person's override on top.
//
// Segment:
//   KEY (重点)                  annual revenue >= key_min_revenue (default CNY 400 million), or
//                               total assets >= key_min_total_assets (default CNY 400 million), or
//                               employee_count >= sme_max_employees (default 1000); the revenue
//                               and employee lines are the large-enterprise lines of the MIIT
//                               2011 size standard (中小企业划型标准) for industry;
//   FIRST_TIME_BORROWER (首次融资) otherwise, when the customer has never borrowed
//   (has_prior_credit
//                               is false);
//   SME (中小型)                otherwise.
//
// Tier: points out of 100, the sum of
//   asset size (0-40), total assets in CNY:  >= 1 billion 40; >= 400 million 32; >= 100 million 24;
//                                            >= 20 million 16; >= 5 million 8; less or unknown 0;
//   credit grade (0-40):  AAA 40, AA 35, A 30, BBB 25, BB 18, B 12, CCC 6, CC 3, C 1, D 0;
//                         unrated (or an unknown grade) 10;
//   relationship (0-20), full years since relationship_start_date: >= 10 years 20; >= 5 15;
//                         >= 3 10; >= 1 5; less, unknown or in the future 0;
//   then TIER_1 at >= 75 points, TIER_2 at >= 55, TIER_3 at >= 35, TIER_4 below.
// Amounts in a currency other than rules.currency_code (CNY) count as unknown: the rules do not
// convert currencies.
//
// Example:
//   ClassificationRules rules = ClassificationRules::Default();
//   ApplyClassification(customer, rules, today);  // sets customer.segment and customer.tier
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/customer-profile/domain/customer.h"

namespace ccrm::customer {

// Total assets of at least `min_total_assets` currency units earn `points`.
struct AssetSizeBand {
  int64_t min_total_assets = 0;
  int32_t points = 0;
};

// A relationship of at least `min_years` full years earns `points`.
struct RelationshipBand {
  int32_t min_years = 0;
  int32_t points = 0;
};

struct ClassificationRules {
  // Thresholds and bands are in units of this currency; amounts in others count as unknown.
  std::string currency_code = "CNY";
  int64_t key_min_revenue = 400'000'000;
  int64_t key_min_total_assets = 400'000'000;
  // An enterprise with this many employees or more is no longer small or medium: it is KEY.
  int32_t sme_max_employees = 1000;

  // Highest band first; the first band the customer reaches applies, none gives 0.
  std::vector<AssetSizeBand> asset_bands = {
      {1'000'000'000, 40}, {400'000'000, 32}, {100'000'000, 24}, {20'000'000, 16}, {5'000'000, 8},
  };
  std::vector<std::pair<std::string, int32_t>> grade_points = {
      {"AAA", 40}, {"AA", 35}, {"A", 30}, {"BBB", 25}, {"BB", 18},
      {"B", 12},   {"CCC", 6}, {"CC", 3}, {"C", 1},    {"D", 0},
  };
  int32_t unrated_points = 10;
  // Longest band first; the first band the relationship reaches applies, none gives 0.
  std::vector<RelationshipBand> relationship_bands = {{10, 20}, {5, 15}, {3, 10}, {1, 5}};

  int32_t tier1_min_points = 75;
  int32_t tier2_min_points = 55;
  int32_t tier3_min_points = 35;

  // The rules described at the top of this file.
  static ClassificationRules Default() { return ClassificationRules(); }
};

// OK when the rules are usable: a currency code, non-negative thresholds, bands ordered highest
// first with non-negative points, and tier thresholds with tier1 >= tier2 >= tier3.
// INVALID_ARGUMENT naming the first broken rule otherwise.
absl::Status ValidateClassificationRules(const ClassificationRules& rules);

// The segment the rules give the customer (never kUnspecified); ignores any override.
Segment ComputeSegment(const Customer& customer, const ClassificationRules& rules);

// The points behind a tier, for explaining it.
struct TierScore {
  int32_t asset_points = 0;
  int32_t grade_points = 0;
  int32_t relationship_points = 0;
  int32_t total() const { return asset_points + grade_points + relationship_points; }
};

// The points the customer earns on `today`.
TierScore ScoreTier(const Customer& customer, const ClassificationRules& rules,
                    absl::CivilDay today);

// The tier the rules give the customer on `today` (never kUnspecified); ignores any override.
Tier ComputeTier(const Customer& customer, const ClassificationRules& rules, absl::CivilDay today);

// Full years from `start` to `today` (anniversaries passed); 0 when `start` is after `today`.
int32_t FullYearsBetween(absl::CivilDay start, absl::CivilDay today);

// Sets customer.segment and customer.tier: from the classification override where it names a
// segment or tier, from the rules otherwise.
void ApplyClassification(Customer& customer, const ClassificationRules& rules,
                         absl::CivilDay today);

// Lower-case names for messages and metrics: "key", "sme", "first_time_borrower",
// "unspecified"; "tier_1".."tier_4", "unspecified".
std::string SegmentName(Segment segment);
std::string TierName(Tier tier);

}  // namespace ccrm::customer
