// RiskReader on MySQL: lists and single reads without locks, risk files for the scan (each table
// read once per batch of customers), the escalation sweep's candidates, the portfolio summary.
#pragma once

#include "common/mysql/connection_pool.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

class MySqlRiskReader final : public RiskReader {
 public:
  explicit MySqlRiskReader(mysql::ConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<Exposure> GetExposure(const std::string& exposure_id) override;
  absl::StatusOr<Page<Exposure>> ListExposures(const ExposureFilter& filter,
                                               const PageQuery& page) override;
  absl::StatusOr<Page<Observation>> ListObservations(const std::string& exposure_id,
                                                     const PageQuery& page) override;
  absl::StatusOr<ExposureFile> LoadExposureFile(const std::string& exposure_id) override;
  absl::StatusOr<RiskFile> LoadRiskFile(const std::string& customer_id) override;
  absl::StatusOr<std::vector<RiskFile>> LoadRiskFiles(const std::string& after_customer_id,
                                                      int limit) override;
  absl::StatusOr<Alert> GetAlert(const std::string& alert_id) override;
  absl::StatusOr<Page<Alert>> ListAlerts(const AlertFilter& filter, const PageQuery& page) override;
  absl::StatusOr<std::vector<AlertChange>> AlertHistory(const std::string& alert_id) override;
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> OverdueAcknowledgements(
      absl::Time now, int limit) override;
  absl::StatusOr<std::vector<std::string>> DependentsOf(const std::string& customer_id) override;
  absl::StatusOr<ContingencyPlan> GetPlan(const std::string& plan_id) override;
  absl::StatusOr<Page<ContingencyPlan>> ListPlans(const PlanFilter& filter,
                                                  const PageQuery& page) override;
  absl::StatusOr<PortfolioSummary> Summary(const std::string& currency_code,
                                           absl::Time now) override;

 private:
  mysql::ConnectionPool* pool_;
};

}  // namespace ccrm::risk
