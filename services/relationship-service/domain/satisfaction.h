// The satisfaction and value records relationship-service keeps: a customer's survey answers,
// and what the customer brought the bank in a month (recorded inputs for customer value).
//
// Example:
//   Survey s{"", customer_id, /*csat=*/4, /*nps=*/9, "quick answers", survey_time, ...};
//   Contribution c{customer_id, absl::CivilDay(2026, 10, 1), interest, fees, deposits, ...};
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/money/money.h"
#include "services/relationship-service/domain/satisfaction_rules.h"
#include "services/relationship-service/domain/value_rules.h"

namespace ccrm::relationship {

struct Survey {
  std::string survey_id;
  std::string customer_id;
  int csat = 0;
  int nps = 0;
  std::string comment;
  absl::Time survey_time;
  // The customer's manager when the survey was recorded ("" when none).
  std::string manager_id;
  std::string recorded_by;
  absl::Time create_time;
};

struct Contribution {
  std::string customer_id;
  // Day 1 of the month.
  absl::CivilDay month;
  Money interest_income;
  Money fee_income;
  Money average_deposits;
  std::string recorded_by;
  absl::Time record_time;
};

SurveyScores ScoresOf(const Survey& survey);
MonthlyContribution MonthlyOf(const Contribution& contribution);

}  // namespace ccrm::relationship
