// Satisfaction surveys: the valid scores, the quarterly trend of a customer or a manager (average
// CSAT and the NPS score), and when a survey is a drop that risk-warning should hear about.
//
// Example:
//   RETURN_IF_ERROR(ValidateSurvey(survey, "survey"));
//   std::vector<SatisfactionPoint> trend = QuarterlyTrend(surveys, today, 8);
//   if (auto drop = DetectDrop(previous, current)) { ... publish SatisfactionDropped ... }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace ccrm::relationship {

struct SurveyScores {
  // 1..5.
  int csat = 0;
  // 0..10.
  int nps = 0;
  absl::Time survey_time;
};

// INVALID_ARGUMENT: "<field>.csat" outside 1..5, "<field>.nps" outside 0..10, every problem at
// once.
absl::Status ValidateScores(const SurveyScores& scores, const std::string& field);

struct SatisfactionPoint {
  // "2026-Q3".
  std::string period;
  int surveys = 0;
  double average_csat = 0;
  // % promoters (9-10) − % detractors (0-6).
  double nps_score = 0;
};

// Points for the `quarters` calendar quarters ending with today's (UTC), oldest first; quarters
// without surveys are left out; surveys outside the window are ignored.
std::vector<SatisfactionPoint> QuarterlyTrend(const std::vector<SurveyScores>& surveys,
                                              absl::CivilDay today, int quarters);

// A drop: CSAT ≤ 2, or CSAT at least 2 below the previous survey's, or a detractor NPS (≤ 6)
// after a promoter (≥ 9). `previous` is the customer's latest earlier survey, if any.
bool IsSatisfactionDrop(const std::optional<SurveyScores>& previous, const SurveyScores& current);

}  // namespace ccrm::relationship
