#include "services/risk-warning/domain/monitoring_service.h"

#include <utility>

#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace ccrm::risk {
namespace {

absl::Status ObligorNotFound() {
  return WithReason(absl::NotFoundError("the customer has no exposure monitored here"),
                    "OBLIGOR_NOT_FOUND");
}

void Tally(const Evaluation& evaluation, const RiskFile& file, ScanResult& result) {
  const EvaluationCounts counts = CountOf(evaluation);
  result.alerts_opened += counts.opened;
  result.alerts_raised += counts.raised;
  result.alerts_lowered += counts.lowered;
  result.alerts_cleared += counts.cleared;
  result.plans_activated += counts.plans_activated;
  for (const ExposureCategory& c : evaluation.classification.exposures) {
    for (const ExposureFile& e : file.exposures) {
      if (e.exposure.exposure_id == c.exposure_id && e.exposure.suggested_category != c.category) {
        ++result.classifications_changed;
      }
    }
  }
}

}  // namespace

absl::StatusOr<Evaluation> MonitoringService::EvaluateCustomer(const Caller& caller,
                                                               const std::string& customer_id) {
  ASSIGN_OR_RETURN(RiskFile current, reader_->LoadRiskFile(customer_id));
  if (current.exposures.empty()) {
    return ObligorNotFound();
  }
  ASSIGN_OR_RETURN(Obligor obligor, directory_->Describe(caller, customer_id));
  const absl::Time now = clock_->Now();
  obligor.refresh_time = now;
  const WriteContext write = caller.Write(now, "re-evaluation on request");
  Evaluation evaluation;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        RETURN_IF_ERROR(ledger.SaveObligor(obligor));
        ASSIGN_OR_RETURN(evaluation, evaluator_->EvaluateIn(ledger, write));
        return absl::OkStatus();
      }));
  if (ChangesDistress(evaluation)) {
    // Best effort: a miss is repaired by the next scan.
    ReevaluateDependents(customer_id, caller.deadline).IgnoreError();
  }
  return evaluation;
}

absl::StatusOr<ScanResult> MonitoringService::ScanPortfolio(int batch_size) {
  ScanResult result;
  result.start_time = clock_->Now();
  ASSIGN_OR_RETURN(RuleBook book, evaluator_->LoadRules());
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<RiskFile> files, reader_->LoadRiskFiles(after, batch_size));
    if (files.empty()) {
      break;
    }
    after = files.back().obligor.customer_id;
    for (const RiskFile& file : files) {
      ++result.customers_evaluated;
      result.exposures_evaluated += static_cast<int64_t>(file.exposures.size());
      const absl::Time now = clock_->Now();
      // A dry run first: most customers change nothing and need no write transaction.
      Evaluation dry = Evaluate(file, book, now, evaluator_->policy(), [] { return ""; });
      if (IsNoOp(dry, file)) {
        continue;
      }
      const WriteContext write{kSystemActor, {}, "", now, "portfolio scan"};
      const std::string& customer_id = file.obligor.customer_id;
      RETURN_IF_ERROR(store_->InCustomerTransaction(
          customer_id, now + absl::Seconds(30), [&](CustomerLedger& ledger) -> absl::Status {
            ASSIGN_OR_RETURN(RiskFile locked, ledger.LoadRiskFile());
            ASSIGN_OR_RETURN(Evaluation applied, evaluator_->ApplyIn(ledger, locked, book, write));
            Tally(applied, locked, result);
            return absl::OkStatus();
          }));
    }
  }
  result.end_time = clock_->Now();
  return result;
}

absl::Status MonitoringService::ApplySignalIn(CustomerLedger& ledger, const Signal& signal,
                                              const WriteContext& write) const {
  ASSIGN_OR_RETURN(bool stored, ledger.RecordSignal(signal));
  if (!stored) {
    return absl::OkStatus();
  }
  return evaluator_->EvaluateIn(ledger, write).status();
}

absl::Status MonitoringService::ReevaluateDependents(const std::string& customer_id,
                                                     absl::Time deadline) {
  ASSIGN_OR_RETURN(std::vector<std::string> dependents, reader_->DependentsOf(customer_id));
  const absl::Time now = clock_->Now();
  const WriteContext write{kSystemActor, {}, "", now, "related customer's alerts changed"};
  for (const std::string& dependent : dependents) {
    RETURN_IF_ERROR(store_->InCustomerTransaction(dependent, deadline, [&](CustomerLedger& ledger) {
      return evaluator_->EvaluateIn(ledger, write).status();
    }));
  }
  return absl::OkStatus();
}

absl::StatusOr<ObligorCategory> MonitoringService::Classification(const std::string& customer_id) {
  ASSIGN_OR_RETURN(RiskFile file, reader_->LoadRiskFile(customer_id));
  if (file.exposures.empty()) {
    return ObligorNotFound();
  }
  return ClassifyObligor(file, file.open_alerts,
                         absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone()));
}

absl::StatusOr<PortfolioSummary> MonitoringService::Summary(const std::string& currency_code) {
  return reader_->Summary(currency_code, clock_->Now());
}

}  // namespace ccrm::risk
