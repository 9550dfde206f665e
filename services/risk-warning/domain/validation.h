// Input checks for what people register and record, as field violations (INVALID_ARGUMENT with
// every problem listed, field paths as in the proto: "exposure.amount", "observation.fund_usage
// .payee", …). Pure: no storage, no clock (today is passed in).
//
// Example:
//   RETURN_IF_ERROR(ValidateNewExposure(draft));
#pragma once

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/risk-warning/domain/exposure.h"

namespace ccrm::risk {

// customer_id a UUID; facility_id 1..64 of [A-Za-z0-9._-]; amount > 0 with a currency code;
// purpose 1..500 characters; plan lines with a category (1..64, [a-z0-9_]), payee ≤ 200, amount
// > 0 in the exposure's currency, plan total ≤ amount; schedule installments dated within
// origination..maturity, principal ≥ 0, interest ≥ 0, not both zero, in the exposure's currency,
// no two on the same date, principal total ≤ amount; origination ≤ maturity; covenants ≥ 0 and
// ≤ 100; project empty or "customers/{customer_id}/projects/{id}" of the same customer.
absl::Status ValidateNewExposure(const Exposure& exposure);

// Per kind (field prefix "observation."): dates set and not after `today` (a repayment due may
// be in the future, within origination..maturity + 10 years); amounts > 0 (principal or
// interest > 0 for a repayment due) in the exposure's currency; fund usage category and payee
// required; project progress amounts ≥ 0, planned > 0, 0 ≤ met ≤ due ≤ 1000; covenant figures
// finite, in 0..1000, at least one reported. The exposure must be ACTIVE (FAILED_PRECONDITION
// reason EXPOSURE_CLOSED).
absl::Status ValidateObservation(const Observation& observation, const Exposure& exposure,
                                 absl::CivilDay today);

// kind set; asset_type 1..64 [a-z0-9_]; description ≤ 500; appraised value > 0 in the
// exposure's currency; appraisal date set and not after today; lien rank 1..9.
absl::Status ValidateCollateral(const Collateral& collateral, const Exposure& exposure,
                                absl::CivilDay today);

// Exactly one of customer_id (a UUID, not the borrower itself) and outside_party_name
// (1..200); amount > 0 in the exposure's currency.
absl::Status ValidateGuarantor(const Guarantor& guarantor, const Exposure& exposure);

}  // namespace ccrm::risk
