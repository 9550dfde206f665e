// Use cases on exposures: register one (with the obligor's facts from customer-profile), record
// observations, collateral and guarantors — each write idempotent by request id and evaluated in
// the same transaction — and read them back with their coverage.
//
// Example:
//   ASSIGN_OR_RETURN(Exposure e, exposures.Create(caller, draft, key));
//   ASSIGN_OR_RETURN(RecordedObservation r, exposures.Record(caller, e.exposure_id, obs, key));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/ids/idempotency_key.h"
#include "common/pagination/page.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/coverage.h"
#include "services/risk-warning/domain/customer_directory.h"
#include "services/risk-warning/domain/evaluator.h"
#include "services/risk-warning/domain/monitoring_service.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

struct RecordedObservation {
  Observation observation;
  // Empty on a replay.
  Evaluation evaluation;
};

struct CoverageView {
  std::string exposure_id;
  CoverageFigures figures;
  std::vector<Collateral> collateral;
  std::vector<Guarantor> guarantors;
};

class ExposureService final {
 public:
  // `monitoring` re-evaluates group members and guaranteed customers after a write changes this
  // customer's distress (may be null: then only the scan does).
  ExposureService(RiskStore* store, RiskReader* reader, CustomerDirectory* directory,
                  const Evaluator* evaluator, MonitoringService* monitoring, const Clock* clock)
      : store_(store),
        reader_(reader),
        directory_(directory),
        evaluator_(evaluator),
        monitoring_(monitoring),
        clock_(clock) {}

  // Validates, reads the obligor from customer-profile (a replay is answered before that call),
  // stores obligor + exposure, evaluates. INVALID_ARGUMENT; NOT_FOUND CUSTOMER_NOT_FOUND;
  // ALREADY_EXISTS FACILITY_ALREADY_REGISTERED; UNAVAILABLE.
  absl::StatusOr<Exposure> Create(const Caller& caller, Exposure draft, const IdempotencyKey& key);
  absl::StatusOr<Exposure> Get(const std::string& exposure_id);
  absl::StatusOr<Page<Exposure>> List(const ExposureFilter& filter, const PageQuery& page);

  // NOT_FOUND EXPOSURE_NOT_FOUND; INVALID_ARGUMENT; FAILED_PRECONDITION EXPOSURE_CLOSED.
  absl::StatusOr<RecordedObservation> Record(const Caller& caller, const std::string& exposure_id,
                                             Observation draft, const IdempotencyKey& key);
  absl::StatusOr<Page<Observation>> ListObservations(const std::string& exposure_id,
                                                     const PageQuery& page);

  absl::StatusOr<Collateral> AddCollateral(const Caller& caller, const std::string& exposure_id,
                                           Collateral draft, const IdempotencyKey& key);
  // New appraisal; ABORTED on a stale revision (0 = don't check).
  absl::StatusOr<Collateral> Reappraise(const Caller& caller, const std::string& exposure_id,
                                        const std::string& collateral_id, Money value,
                                        absl::CivilDay appraisal_date, int64_t expected_revision);
  absl::StatusOr<Guarantor> AddGuarantor(const Caller& caller, const std::string& exposure_id,
                                         Guarantor draft, const IdempotencyKey& key);
  absl::StatusOr<CoverageView> Coverage(const std::string& exposure_id);

 private:
  absl::CivilDay Today() const;

  RiskStore* store_;
  RiskReader* reader_;
  CustomerDirectory* directory_;
  const Evaluator* evaluator_;
  MonitoringService* monitoring_;
  const Clock* clock_;
};

}  // namespace ccrm::risk
