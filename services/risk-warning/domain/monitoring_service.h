// Evaluation entry points other than a write: re-evaluating one customer on request (refreshing
// its facts from customer-profile first), the full portfolio scan, the soft signals other
// services send (applied inside the event consumer's transaction), and the knock-on
// re-evaluation of group members and guaranteed customers after a customer's alerts change.
// Also the read-side views: five-category classification per obligor and the portfolio summary.
//
// Example:
//   ASSIGN_OR_RETURN(ScanResult r, monitoring.ScanPortfolio(500));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/auth/caller.h"
#include "common/time/clock.h"
#include "services/risk-warning/domain/classification.h"
#include "services/risk-warning/domain/customer_directory.h"
#include "services/risk-warning/domain/evaluator.h"
#include "services/risk-warning/domain/portfolio.h"
#include "services/risk-warning/domain/repositories.h"

namespace ccrm::risk {

struct ScanResult {
  int64_t customers_evaluated = 0;
  int64_t exposures_evaluated = 0;
  int64_t alerts_opened = 0;
  int64_t alerts_raised = 0;
  int64_t alerts_lowered = 0;
  int64_t alerts_cleared = 0;
  int64_t classifications_changed = 0;
  int64_t plans_activated = 0;
  absl::Time start_time;
  absl::Time end_time;
};

class MonitoringService final {
 public:
  MonitoringService(RiskStore* store, RiskReader* reader, CustomerDirectory* directory,
                    const Evaluator* evaluator, const Clock* clock)
      : store_(store),
        reader_(reader),
        directory_(directory),
        evaluator_(evaluator),
        clock_(clock) {}

  // Refreshes the obligor's facts and group from customer-profile, then evaluates.
  // NOT_FOUND (reason OBLIGOR_NOT_FOUND) when the customer has no exposure here.
  absl::StatusOr<Evaluation> EvaluateCustomer(const Caller& caller, const std::string& customer_id);

  // Reads risk files in batches of `batch_size` customers, evaluates each in memory, and opens
  // a write transaction only for customers whose evaluation changes something (re-evaluated
  // under the lock). Memory is bounded by one batch.
  absl::StatusOr<ScanResult> ScanPortfolio(int batch_size);

  // Inside the consumer's transaction: stores the signal (a repeat changes nothing) and
  // evaluates the customer when it has an active exposure.
  absl::Status ApplySignalIn(CustomerLedger& ledger, const Signal& signal,
                             const WriteContext& write) const;

  // Re-evaluates the customers whose derived indicators depend on `customer_id` (its group
  // members and the customers it guarantees). Best effort: the scan repairs what this misses.
  absl::Status ReevaluateDependents(const std::string& customer_id, absl::Time deadline);

  // From the stored risk file and open alerts. NOT_FOUND OBLIGOR_NOT_FOUND.
  absl::StatusOr<ObligorCategory> Classification(const std::string& customer_id);
  absl::StatusOr<PortfolioSummary> Summary(const std::string& currency_code);

 private:
  RiskStore* store_;
  RiskReader* reader_;
  CustomerDirectory* directory_;
  const Evaluator* evaluator_;
  const Clock* clock_;
};

}  // namespace ccrm::risk
