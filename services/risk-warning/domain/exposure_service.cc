#include "services/risk-warning/domain/exposure_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/risk-warning/domain/validation.h"

namespace ccrm::risk {
namespace {

constexpr char kCreateScope[] = "exposures.create";
constexpr char kObservationScope[] = "observations.record";
constexpr char kCollateralScope[] = "collateral.add";
constexpr char kGuarantorScope[] = "guarantors.add";

std::string ExposureResource(const std::string& id) { return absl::StrCat("exposures/", id); }
std::string ChildResource(const std::string& exposure_id, const char* collection,
                          const std::string& id) {
  return absl::StrCat("exposures/", exposure_id, "/", collection, "/", id);
}

}  // namespace

absl::CivilDay ExposureService::Today() const {
  return absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone());
}

absl::StatusOr<Exposure> ExposureService::Create(const Caller& caller, Exposure draft,
                                                 const IdempotencyKey& key) {
  RETURN_IF_ERROR(ValidateNewExposure(draft));
  const absl::Time now = clock_->Now();
  // A replay is answered from the stored claim, before customer-profile is asked anything.
  std::optional<std::string> earlier;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      draft.customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(earlier, ledger.LookupRequest(kCreateScope, key));
        return absl::OkStatus();
      }));
  if (earlier.has_value()) {
    return reader_->GetExposure(LastNameSegment(*earlier));
  }
  ASSIGN_OR_RETURN(Obligor obligor, directory_->Describe(caller, draft.customer_id));
  draft.exposure_id = NewUuidV7(now);
  draft.status = ExposureStatus::kActive;
  draft.outstanding = Money{draft.amount.currency_code, 0, 0};
  draft.suggested_category = LoanCategory::kNormal;
  draft.category_reason = "";
  draft.days_past_due = 0;
  draft.segment = obligor.segment;
  draft.industry_code = obligor.industry_code;
  draft.create_time = now;
  draft.update_time = now;
  draft.revision = 1;
  obligor.refresh_time = now;
  const WriteContext write = caller.Write(now);
  std::string created_id = draft.exposure_id;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      draft.customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> claimed,
                         ledger.ClaimRequest(kCreateScope, key, ExposureResource(created_id)));
        if (claimed.has_value()) {
          created_id = LastNameSegment(*claimed);
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(ledger.SaveObligor(obligor));
        RETURN_IF_ERROR(ledger.InsertExposure(draft));
        return evaluator_->EvaluateIn(ledger, write).status();
      }));
  return reader_->GetExposure(created_id);
}

absl::StatusOr<Exposure> ExposureService::Get(const std::string& exposure_id) {
  return reader_->GetExposure(exposure_id);
}

absl::StatusOr<Page<Exposure>> ExposureService::List(const ExposureFilter& filter,
                                                     const PageQuery& page) {
  return reader_->ListExposures(filter, page);
}

absl::StatusOr<RecordedObservation> ExposureService::Record(const Caller& caller,
                                                            const std::string& exposure_id,
                                                            Observation draft,
                                                            const IdempotencyKey& key) {
  ASSIGN_OR_RETURN(std::string customer_id, store_->CustomerOfExposure(exposure_id));
  const absl::Time now = clock_->Now();
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  const WriteContext write = caller.Write(now);
  RecordedObservation recorded;
  std::optional<std::string> replayed;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        recorded = RecordedObservation{};
        replayed.reset();
        ASSIGN_OR_RETURN(Exposure exposure, ledger.GetExposure(exposure_id));
        RETURN_IF_ERROR(ValidateObservation(draft, exposure, today));
        Observation observation = draft;
        observation.observation_id = NewUuidV7(now);
        observation.exposure_id = exposure_id;
        observation.customer_id = customer_id;
        observation.recorded_by = caller.principal.subject;
        observation.record_time = now;
        ASSIGN_OR_RETURN(replayed, ledger.ClaimRequest(kObservationScope, key,
                                                       ChildResource(exposure_id, "observations",
                                                                     observation.observation_id)));
        if (replayed.has_value()) {
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(ledger.InsertObservation(observation));
        recorded.observation = observation;
        ASSIGN_OR_RETURN(recorded.evaluation, evaluator_->EvaluateIn(ledger, write));
        return absl::OkStatus();
      }));
  if (monitoring_ != nullptr && ChangesDistress(recorded.evaluation)) {
    // Best effort after the commit: the portfolio scan repairs what this misses.
    monitoring_->ReevaluateDependents(customer_id, caller.deadline).IgnoreError();
  }
  if (replayed.has_value()) {
    // The earlier request's observation, possibly of another exposure: ids in its name.
    RETURN_IF_ERROR(store_->InCustomerTransaction(
        customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
          const std::string observation_id(LastNameSegment(*replayed));
          ASSIGN_OR_RETURN(recorded.observation,
                           ledger.GetObservation(exposure_id, observation_id));
          return absl::OkStatus();
        }));
  }
  return recorded;
}

absl::StatusOr<Page<Observation>> ExposureService::ListObservations(const std::string& exposure_id,
                                                                    const PageQuery& page) {
  RETURN_IF_ERROR(reader_->GetExposure(exposure_id).status());
  return reader_->ListObservations(exposure_id, page);
}

absl::StatusOr<Collateral> ExposureService::AddCollateral(const Caller& caller,
                                                          const std::string& exposure_id,
                                                          Collateral draft,
                                                          const IdempotencyKey& key) {
  ASSIGN_OR_RETURN(std::string customer_id, store_->CustomerOfExposure(exposure_id));
  const absl::Time now = clock_->Now();
  const WriteContext write = caller.Write(now);
  Collateral stored;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(Exposure exposure, ledger.GetExposure(exposure_id));
        RETURN_IF_ERROR(
            ValidateCollateral(draft, exposure, absl::ToCivilDay(now, absl::UTCTimeZone())));
        Collateral collateral = draft;
        collateral.collateral_id = NewUuidV7(now);
        collateral.exposure_id = exposure_id;
        collateral.update_time = now;
        collateral.revision = 1;
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         ledger.ClaimRequest(
                             kCollateralScope, key,
                             ChildResource(exposure_id, "collateral", collateral.collateral_id)));
        if (earlier.has_value()) {
          ASSIGN_OR_RETURN(stored, ledger.GetCollateral(exposure_id, LastNameSegment(*earlier)));
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(ledger.InsertCollateral(collateral));
        stored = collateral;
        return evaluator_->EvaluateIn(ledger, write).status();
      }));
  return stored;
}

absl::StatusOr<Collateral> ExposureService::Reappraise(const Caller& caller,
                                                       const std::string& exposure_id,
                                                       const std::string& collateral_id,
                                                       Money value, absl::CivilDay appraisal_date,
                                                       int64_t expected_revision) {
  ASSIGN_OR_RETURN(std::string customer_id, store_->CustomerOfExposure(exposure_id));
  const absl::Time now = clock_->Now();
  const WriteContext write = caller.Write(now);
  Collateral stored;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(Exposure exposure, ledger.GetExposure(exposure_id));
        ASSIGN_OR_RETURN(Collateral collateral, ledger.GetCollateral(exposure_id, collateral_id));
        collateral.appraised_value = value;
        collateral.appraisal_date = appraisal_date;
        RETURN_IF_ERROR(
            ValidateCollateral(collateral, exposure, absl::ToCivilDay(now, absl::UTCTimeZone())));
        collateral.update_time = now;
        RETURN_IF_ERROR(ledger.UpdateCollateral(collateral, expected_revision));
        ASSIGN_OR_RETURN(stored, ledger.GetCollateral(exposure_id, collateral_id));
        return evaluator_->EvaluateIn(ledger, write).status();
      }));
  return stored;
}

absl::StatusOr<Guarantor> ExposureService::AddGuarantor(const Caller& caller,
                                                        const std::string& exposure_id,
                                                        Guarantor draft,
                                                        const IdempotencyKey& key) {
  ASSIGN_OR_RETURN(std::string customer_id, store_->CustomerOfExposure(exposure_id));
  const absl::Time now = clock_->Now();
  const WriteContext write = caller.Write(now);
  Guarantor stored;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(Exposure exposure, ledger.GetExposure(exposure_id));
        RETURN_IF_ERROR(ValidateGuarantor(draft, exposure));
        Guarantor guarantor = draft;
        guarantor.guarantor_id = NewUuidV7(now);
        guarantor.exposure_id = exposure_id;
        guarantor.create_time = now;
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            ledger.ClaimRequest(kGuarantorScope, key,
                                ChildResource(exposure_id, "guarantors", guarantor.guarantor_id)));
        if (earlier.has_value()) {
          ASSIGN_OR_RETURN(stored, ledger.GetGuarantor(exposure_id, LastNameSegment(*earlier)));
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(ledger.InsertGuarantor(guarantor));
        stored = guarantor;
        return evaluator_->EvaluateIn(ledger, write).status();
      }));
  return stored;
}

absl::StatusOr<CoverageView> ExposureService::Coverage(const std::string& exposure_id) {
  ASSIGN_OR_RETURN(ExposureFile file, reader_->LoadExposureFile(exposure_id));
  CoverageView view;
  view.exposure_id = exposure_id;
  view.figures = ComputeCoverage(file, Today());
  view.collateral = std::move(file.collateral);
  view.guarantors = std::move(file.guarantors);
  return view;
}

}  // namespace ccrm::risk
