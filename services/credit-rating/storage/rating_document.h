// The `document` column of ratings: every part of a Rating that has no column of its own, as
// JSON. That is the inputs (qualitative assessments, market data, industry code, segment, bureau
// report) and the computation besides score, grade and PD (factor contributions, adjustment
// points, ratios with the reason an undefined one is undefined, statement periods, Merton and
// Altman results, default reason). Enums by name, money as {"currency_code", "amount"} with the
// amount a decimal string, dates "YYYY-MM-DD", absent optionals omitted:
//
//   {"qualitative": {"management_quality": "STRONG", ...},
//    "market": {"equity_value", "equity_volatility", "risk_free_rate"},
//    "industry_code": "C3011", "segment": "SME",
//    "bureau_report": {"source", "report_id", "report_date", "max_days_overdue_24m",
//                      "current_overdue_amount", "guarantees_given", "open_lawsuits",
//                      "other_bank_loans"},
//    "computed": {"contributions": [{"input", "input_value", "woe", "points"}],
//                 "industry_adjustment_points", "macro_adjustment_points",
//                 "ratios": [{"ratio", "value"} or {"ratio", "undefined_reason"}],
//                 "statement_periods": [{"statement_id", "fiscal_year", "fiscal_quarter",
//                                        "period_end_date", "audited"}],
//                 "merton": {...MertonResult}, "altman": {"variant", "score", "zone", "ratios"},
//                 "default_reason"}}
//
// Example:
//   insert.setString(22, EncodeRatingDocument(rating));
//   RETURN_IF_ERROR(DecodeRatingDocument(rs.getString("document").asStdString(), &rating));
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/credit-rating/domain/rating.h"

namespace ccrm::rating {

// The document of `rating` (the fields above; the others are ignored).
std::string EncodeRatingDocument(const Rating& rating);

// Sets the document's fields of *rating from `json`, leaving its other fields alone; a field
// missing from the document gets its default. INVALID_ARGUMENT (naming the field) when the JSON
// is malformed or a field has the wrong type or an unknown enum name, date or amount.
absl::Status DecodeRatingDocument(absl::string_view json, Rating* rating);

}  // namespace ccrm::rating
