#include "services/relationship-service/domain/satisfaction_rules.h"

#include <cstdint>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::relationship {
namespace {

constexpr int kPromoterMin = 9;
constexpr int kDetractorMax = 6;
constexpr int kLowCsatMax = 2;
constexpr int kCsatFallForDrop = 2;

std::string Path(const std::string& field, const std::string& child) {
  return field.empty() ? child : absl::StrCat(field, ".", child);
}

// Quarters counted from year 0, so consecutive quarters differ by one.
int64_t QuarterIndex(absl::CivilDay day) { return day.year() * 4 + (day.month() - 1) / 3; }

std::string QuarterLabel(int64_t index) { return absl::StrCat(index / 4, "-Q", index % 4 + 1); }

struct QuarterTotals {
  int surveys = 0;
  int csat_sum = 0;
  int promoters = 0;
  int detractors = 0;
};

}  // namespace

absl::Status ValidateScores(const SurveyScores& scores, const std::string& field) {
  FieldViolations v;
  if (scores.csat < 1 || scores.csat > 5) {
    v.Add(Path(field, "csat"), "must be between 1 and 5");
  }
  if (scores.nps < 0 || scores.nps > 10) {
    v.Add(Path(field, "nps"), "must be between 0 and 10");
  }
  return v.ToStatus();
}

std::vector<SatisfactionPoint> QuarterlyTrend(const std::vector<SurveyScores>& surveys,
                                              absl::CivilDay today, int quarters) {
  std::vector<SatisfactionPoint> trend;
  if (quarters <= 0) {
    return trend;
  }
  const int64_t last = QuarterIndex(today);
  const int64_t first = last - (quarters - 1);
  std::map<int64_t, QuarterTotals> totals;
  for (const SurveyScores& s : surveys) {
    const int64_t q = QuarterIndex(absl::ToCivilDay(s.survey_time, absl::UTCTimeZone()));
    if (q < first || q > last) {
      continue;
    }
    QuarterTotals& t = totals[q];
    ++t.surveys;
    t.csat_sum += s.csat;
    t.promoters += s.nps >= kPromoterMin ? 1 : 0;
    t.detractors += s.nps <= kDetractorMax ? 1 : 0;
  }
  for (const auto& [q, t] : totals) {
    SatisfactionPoint point;
    point.period = QuarterLabel(q);
    point.surveys = t.surveys;
    point.average_csat = static_cast<double>(t.csat_sum) / t.surveys;
    point.nps_score = 100.0 * (t.promoters - t.detractors) / t.surveys;
    trend.push_back(point);
  }
  return trend;
}

bool IsSatisfactionDrop(const std::optional<SurveyScores>& previous, const SurveyScores& current) {
  if (current.csat <= kLowCsatMax) {
    return true;
  }
  if (!previous.has_value()) {
    return false;
  }
  return previous->csat - current.csat >= kCsatFallForDrop ||
         (previous->nps >= kPromoterMin && current.nps <= kDetractorMax);
}

}  // namespace ccrm::relationship
