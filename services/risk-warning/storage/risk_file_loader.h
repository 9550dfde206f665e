// Reads risk files (domain/risk_file.h) off a MySQL session: for a batch of customers each table
// is read once with `WHERE … IN (…)`, so a batch costs the same number of statements whatever
// its size (the portfolio scan, LoadRiskFile under the customer's lock). Also the exposure and
// plan readers the ledger and the reader share.
//
// Example:
//   ASSIGN_OR_RETURN(std::vector<RiskFile> files,
//                    ReadRiskFiles(session, {"0193…a", "0193…b"}, now));
//   // files[0] is 0193…a's, files[1] 0193…b's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/mysql/connection_pool.h"
#include "services/risk-warning/domain/contingency.h"
#include "services/risk-warning/domain/risk_file.h"

namespace ccrm::risk {

// How far back a risk file's signals go: rating_downgrade, the longest window evaluation looks
// at, reads 365 days.
inline constexpr int kSignalWindowDays = 400;

// The risk files of `customer_ids`, in that order (a repeated id gets a copy). A customer with no
// obligor row gets a file holding only its id. Signals are those of the kSignalWindowDays before
// `now`; without `now` (callers that have no clock), those of the kSignalWindowDays before the
// customer's newest signal, which covers every window an evaluation at any time after that
// signal reads. Related distress: for each group member and each customer guaranteeing one of
// the ACTIVE exposures, its highest open level on a non-derived indicator (only those with an
// open alert). At most 13 statements whatever the number of customers. INTERNAL for a corrupt
// row; throws sql::SQLException.
absl::StatusOr<std::vector<RiskFile>> ReadRiskFiles(mysql::Session& session,
                                                    const std::vector<std::string>& customer_ids,
                                                    std::optional<absl::Time> now);

// The obligor row with its group members; nullopt when there is none. Throws sql::SQLException.
absl::StatusOr<std::optional<Obligor>> ReadObligor(mysql::Session& session,
                                                   const std::string& customer_id);

// One exposure (any status) with its use-of-funds plan and repayment schedule; nullopt when
// there is none. Throws sql::SQLException.
absl::StatusOr<std::optional<Exposure>> ReadExposureWithTerms(mysql::Session& session,
                                                              const std::string& exposure_id);

// One exposure (any status) with its observations (by date, oldest first), collateral and
// guarantors. NOT_FOUND (reason EXPOSURE_NOT_FOUND); throws sql::SQLException.
absl::StatusOr<ExposureFile> ReadExposureFile(mysql::Session& session,
                                              const std::string& exposure_id);

// One contingency plan with its steps; nullopt when there is none. Throws sql::SQLException.
absl::StatusOr<std::optional<ContingencyPlan>> ReadPlan(mysql::Session& session,
                                                        const std::string& plan_id);

// NOT_FOUND with reason EXPOSURE_NOT_FOUND.
absl::Status ExposureNotFound(const std::string& exposure_id);

}  // namespace ccrm::risk
