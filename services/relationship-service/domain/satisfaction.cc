#include "services/relationship-service/domain/satisfaction.h"

namespace ccrm::relationship {

SurveyScores ScoresOf(const Survey& survey) {
  return SurveyScores{survey.csat, survey.nps, survey.survey_time};
}

MonthlyContribution MonthlyOf(const Contribution& contribution) {
  return MonthlyContribution{contribution.month, contribution.interest_income,
                             contribution.fee_income, contribution.average_deposits};
}

}  // namespace ccrm::relationship
