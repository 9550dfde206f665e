// A CreditBureau that answers from a JSON file of reports, keyed by unified social credit code:
// for tests, demos and environments without a bureau connection. The file is read once, at
// Load; a subject the file does not list has no record (a first-time borrower).
//
//   {"reports": [{"unified_social_credit_code": "91350100MA00000001",
//                 "report_id": "PBOC-2025-0001", "report_date": "2025-06-30",
//                 "max_days_overdue_24m": 0,
//                 "current_overdue_amount": {"currency_code": "CNY", "amount": "0"},
//                 "guarantees_given": {"currency_code": "CNY", "amount": "5000000.00"},
//                 "open_lawsuits": 0,
//                 "other_bank_loans": {"currency_code": "CNY", "amount": "120000000"}}]}
//
// Example:
//   ASSIGN_OR_RETURN(std::unique_ptr<FileCreditBureau> bureau,
//                    FileCreditBureau::Load("/etc/ccrm/bureau-reports.json"));
//   ASSIGN_OR_RETURN(std::optional<BureauReport> report, bureau->Fetch(subject));
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/credit-rating/domain/credit_bureau.h"

namespace ccrm::rating {

class FileCreditBureau final : public CreditBureau {
 public:
  // Every field of every report is required; amounts are decimal strings, counts non-negative
  // integers, dates YYYY-MM-DD, and a code appears once. NOT_FOUND when the file cannot be read;
  // INVALID_ARGUMENT naming the entry (index and code) and the field otherwise.
  static absl::StatusOr<std::unique_ptr<FileCreditBureau>> Load(const std::string& path);
  // The same from the file's text (`origin` names it in errors).
  static absl::StatusOr<std::unique_ptr<FileCreditBureau>> Parse(absl::string_view json,
                                                                 const std::string& origin);

  // The report for subject.unified_social_credit_code with source "file", or nullopt when the
  // file has none (or the code is empty). Never fails.
  absl::StatusOr<std::optional<BureauReport>> Fetch(const BureauSubject& subject) override;

  // How many reports the file holds.
  size_t size() const { return reports_.size(); }

 private:
  explicit FileCreditBureau(std::map<std::string, BureauReport> reports);

  const std::map<std::string, BureauReport> reports_;
};

}  // namespace ccrm::rating
