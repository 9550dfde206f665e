#include "services/customer-profile/domain/classification.h"

#include <optional>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "common/money/money.h"

namespace ccrm::customer {
namespace {

// The amount in nanos when it is present, well-formed and in the rules' currency.
std::optional<absl::int128> CountableNanos(const std::optional<Money>& amount,
                                           const ClassificationRules& rules) {
  if (!amount.has_value() || !IsWellFormed(*amount) ||
      amount->currency_code != rules.currency_code) {
    return std::nullopt;
  }
  return TotalNanos(*amount);
}

bool ReachesUnits(const std::optional<absl::int128>& nanos, int64_t units) {
  return nanos.has_value() && *nanos >= absl::int128(units) * kNanosPerUnit;
}

int32_t AssetPoints(const Customer& c, const ClassificationRules& rules) {
  std::optional<absl::int128> assets = CountableNanos(c.total_assets, rules);
  for (const AssetSizeBand& band : rules.asset_bands) {
    if (ReachesUnits(assets, band.min_total_assets)) {
      return band.points;
    }
  }
  return 0;
}

int32_t GradePoints(const Customer& c, const ClassificationRules& rules) {
  for (const auto& [grade, points] : rules.grade_points) {
    if (grade == c.credit_grade) {
      return points;
    }
  }
  return rules.unrated_points;
}

int32_t RelationshipPoints(const Customer& c, const ClassificationRules& rules,
                           absl::CivilDay today) {
  if (!c.relationship_start_date.has_value() || *c.relationship_start_date > today) {
    return 0;
  }
  int32_t years = FullYearsBetween(*c.relationship_start_date, today);
  for (const RelationshipBand& band : rules.relationship_bands) {
    if (years >= band.min_years) {
      return band.points;
    }
  }
  return 0;
}

}  // namespace

absl::Status ValidateClassificationRules(const ClassificationRules& rules) {
  if (!IsCurrencyCode(rules.currency_code)) {
    return absl::InvalidArgumentError("currency_code must be an ISO 4217 code");
  }
  if (rules.key_min_revenue < 0 || rules.key_min_total_assets < 0 || rules.sme_max_employees < 0) {
    return absl::InvalidArgumentError("segment thresholds must not be negative");
  }
  for (size_t i = 0; i < rules.asset_bands.size(); ++i) {
    const AssetSizeBand& band = rules.asset_bands[i];
    if (band.min_total_assets < 0 || band.points < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("asset band ", i, ": threshold and points must not be negative"));
    }
    if (i > 0 && band.min_total_assets >= rules.asset_bands[i - 1].min_total_assets) {
      return absl::InvalidArgumentError(
          absl::StrCat("asset band ", i, ": bands must be ordered highest threshold first"));
    }
  }
  for (size_t i = 0; i < rules.relationship_bands.size(); ++i) {
    const RelationshipBand& band = rules.relationship_bands[i];
    if (band.min_years < 0 || band.points < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("relationship band ", i, ": years and points must not be negative"));
    }
    if (i > 0 && band.min_years >= rules.relationship_bands[i - 1].min_years) {
      return absl::InvalidArgumentError(
          absl::StrCat("relationship band ", i, ": bands must be ordered longest first"));
    }
  }
  for (const auto& [grade, points] : rules.grade_points) {
    if (points < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("grade ", grade, ": points must not be negative"));
    }
  }
  if (rules.unrated_points < 0) {
    return absl::InvalidArgumentError("unrated_points must not be negative");
  }
  if (!(rules.tier1_min_points >= rules.tier2_min_points &&
        rules.tier2_min_points >= rules.tier3_min_points)) {
    return absl::InvalidArgumentError(
        "tier thresholds must satisfy tier1_min_points >= tier2_min_points >= tier3_min_points");
  }
  return absl::OkStatus();
}

Segment ComputeSegment(const Customer& c, const ClassificationRules& rules) {
  if (ReachesUnits(CountableNanos(c.annual_revenue, rules), rules.key_min_revenue) ||
      ReachesUnits(CountableNanos(c.total_assets, rules), rules.key_min_total_assets) ||
      c.employee_count >= rules.sme_max_employees) {
    return Segment::kKey;
  }
  return c.has_prior_credit ? Segment::kSme : Segment::kFirstTimeBorrower;
}

int32_t FullYearsBetween(absl::CivilDay start, absl::CivilDay today) {
  if (start > today) {
    return 0;
  }
  int32_t years = static_cast<int32_t>(today.year() - start.year());
  if (today.month() < start.month() ||
      (today.month() == start.month() && today.day() < start.day())) {
    --years;
  }
  return years;
}

TierScore ScoreTier(const Customer& c, const ClassificationRules& rules, absl::CivilDay today) {
  TierScore score;
  score.asset_points = AssetPoints(c, rules);
  score.grade_points = GradePoints(c, rules);
  score.relationship_points = RelationshipPoints(c, rules, today);
  return score;
}

Tier ComputeTier(const Customer& c, const ClassificationRules& rules, absl::CivilDay today) {
  int32_t points = ScoreTier(c, rules, today).total();
  if (points >= rules.tier1_min_points) {
    return Tier::kTier1;
  }
  if (points >= rules.tier2_min_points) {
    return Tier::kTier2;
  }
  if (points >= rules.tier3_min_points) {
    return Tier::kTier3;
  }
  return Tier::kTier4;
}

void ApplyClassification(Customer& c, const ClassificationRules& rules, absl::CivilDay today) {
  Segment segment = ComputeSegment(c, rules);
  Tier tier = ComputeTier(c, rules, today);
  if (c.classification_override.has_value()) {
    if (c.classification_override->segment != Segment::kUnspecified) {
      segment = c.classification_override->segment;
    }
    if (c.classification_override->tier != Tier::kUnspecified) {
      tier = c.classification_override->tier;
    }
  }
  c.segment = segment;
  c.tier = tier;
}

std::string SegmentName(Segment segment) {
  switch (segment) {
    case Segment::kKey:
      return "key";
    case Segment::kSme:
      return "sme";
    case Segment::kFirstTimeBorrower:
      return "first_time_borrower";
    case Segment::kUnspecified:
      break;
  }
  return "unspecified";
}

std::string TierName(Tier tier) {
  switch (tier) {
    case Tier::kTier1:
      return "tier_1";
    case Tier::kTier2:
      return "tier_2";
    case Tier::kTier3:
      return "tier_3";
    case Tier::kTier4:
      return "tier_4";
    case Tier::kUnspecified:
      break;
  }
  return "unspecified";
}

}  // namespace ccrm::customer
