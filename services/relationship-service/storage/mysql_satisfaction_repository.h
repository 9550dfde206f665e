// SurveyRepository and ContributionRepository on MySQL (migrations/004_satisfaction.sql): the
// satisfaction_surveys table, read by (customer_id, survey_time, survey_id) for the previous
// survey and a customer's trend and by (manager_id, survey_time) for a manager's; and the
// contributions table, one row per (customer_id, month), amounts as DECIMAL(38,9) with one
// currency_code.
//
// Statements per call: Survey Record [INSERT idempotency key] SELECT (previous), INSERT,
// [INSERT outbox], COMMIT; ScoresSince one SELECT. Contribution Record [INSERT
// idempotency key] INSERT … ON DUPLICATE KEY UPDATE, COMMIT; Since one SELECT.
//
// Example:
//   MySqlSurveyRepository surveys(pool.get());
//   MySqlContributionRepository contributions(pool.get());
//   ASSIGN_OR_RETURN(Survey stored, surveys.Record(survey, key, encoder, write));
#pragma once

#include <string>
#include <vector>

#include "common/mysql/connection_pool.h"
#include "services/relationship-service/domain/repositories.h"

namespace ccrm::relationship {

class MySqlSurveyRepository final : public SurveyRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlSurveyRepository(mysql::ConnectionPool* pool);

  // As SurveyRepository::Record; an empty survey_id gets a UUIDv7 at write.now. The previous
  // survey is what was committed when it is read (READ COMMITTED): two surveys of one customer
  // recorded at the same moment may each be judged without the other. ALREADY_EXISTS (reason
  // SURVEY_ALREADY_EXISTS) for a taken id; INVALID_ARGUMENT REQUEST_ID_REUSED.
  absl::StatusOr<Survey> Record(const Survey& survey, const IdempotencyKey& key,
                                const RelationshipEventEncoder& encoder,
                                const WriteContext& write) override;
  // Oldest first (survey_time, survey_id). A manager subject with an empty id has no surveys.
  absl::StatusOr<std::vector<SurveyScores>> ScoresSince(SurveySubject subject,
                                                        const std::string& id,
                                                        absl::Time since) override;

 private:
  mysql::ConnectionPool* pool_;
};

class MySqlContributionRepository final : public ContributionRepository {
 public:
  // Borrows `pool`; it must outlive the repository.
  explicit MySqlContributionRepository(mysql::ConnectionPool* pool);

  // As ContributionRepository::Record; a replay returns the month as it stands now (a later
  // correction included). INVALID_ARGUMENT (field "contribution") when the three amounts are not
  // in one currency or one reaches 10^18 units (ParseMoney reads back 18 whole digits);
  // INVALID_ARGUMENT REQUEST_ID_REUSED.
  absl::StatusOr<Contribution> Record(const Contribution& contribution, const IdempotencyKey& key,
                                      const WriteContext& write) override;
  // INTERNAL for an unreadable row.
  absl::StatusOr<std::vector<Contribution>> Since(const std::string& customer_id,
                                                  absl::CivilDay since) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::relationship
