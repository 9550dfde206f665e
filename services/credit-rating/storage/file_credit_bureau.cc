#include "services/credit-rating/storage/file_credit_bureau.h"

#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"

namespace ccrm::rating {
namespace {

using Json = nlohmann::json;

constexpr char kSource[] = "file";

// Reads one entry of "reports"; every error names `where` (the entry) and the field.
class EntryReader final {
 public:
  EntryReader(const Json& entry, std::string where) : entry_(entry), where_(std::move(where)) {}

  absl::Status Bad(const char* field, const std::string& problem) const {
    return absl::InvalidArgumentError(absl::StrCat(where_, ": ", field, " ", problem));
  }

  absl::StatusOr<std::string> String(const char* field) const {
    auto it = entry_.find(field);
    if (it == entry_.end() || !it->is_string() || it->get<std::string>().empty()) {
      return Bad(field, "must be a non-empty string");
    }
    return it->get<std::string>();
  }

  absl::StatusOr<int> Count(const char* field) const {
    auto it = entry_.find(field);
    if (it == entry_.end() || !it->is_number_integer() || it->get<int64_t>() < 0 ||
        it->get<int64_t>() > std::numeric_limits<int>::max()) {
      return Bad(field, "must be a non-negative integer");
    }
    return static_cast<int>(it->get<int64_t>());
  }

  absl::StatusOr<absl::CivilDay> Day(const char* field) const {
    ASSIGN_OR_RETURN(std::string text, String(field));
    absl::CivilDay day;
    if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
      return Bad(field, "must be a date YYYY-MM-DD");
    }
    return day;
  }

  absl::StatusOr<Money> Amount(const char* field) const {
    auto it = entry_.find(field);
    if (it == entry_.end() || !it->is_object()) {
      return Bad(field, "must be {\"currency_code\": ..., \"amount\": \"123.45\"}");
    }
    auto currency = it->find("currency_code");
    auto amount = it->find("amount");
    if (currency == it->end() || !currency->is_string() ||
        !IsCurrencyCode(currency->get<std::string>())) {
      return Bad(field, "must have a currency_code of three upper-case letters");
    }
    if (amount == it->end() || !amount->is_string()) {
      return Bad(field, "must have the amount as a decimal string");
    }
    absl::StatusOr<Money> money =
        ParseMoney(currency->get<std::string>(), amount->get<std::string>());
    if (!money.ok()) {
      return Bad(field, absl::StrCat("has a bad amount: ", money.status().message()));
    }
    if (money->units < 0 || money->nanos < 0) {
      return Bad(field, "must not be negative");
    }
    return *std::move(money);
  }

 private:
  const Json& entry_;
  const std::string where_;
};

absl::StatusOr<BureauReport> ReadEntry(const Json& entry, size_t index, const std::string& origin,
                                       std::string* code) {
  std::string where = absl::StrCat(origin, ": reports[", index, "]");
  if (!entry.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(where, " must be an object"));
  }
  auto uscc = entry.find("unified_social_credit_code");
  if (uscc != entry.end() && uscc->is_string()) {
    absl::StrAppend(&where, " (", uscc->get<std::string>(), ")");
  }
  EntryReader read(entry, where);
  ASSIGN_OR_RETURN(*code, read.String("unified_social_credit_code"));
  BureauReport r;
  r.source = kSource;
  ASSIGN_OR_RETURN(r.report_id, read.String("report_id"));
  ASSIGN_OR_RETURN(r.report_date, read.Day("report_date"));
  ASSIGN_OR_RETURN(r.max_days_overdue_24m, read.Count("max_days_overdue_24m"));
  ASSIGN_OR_RETURN(r.current_overdue_amount, read.Amount("current_overdue_amount"));
  ASSIGN_OR_RETURN(r.guarantees_given, read.Amount("guarantees_given"));
  ASSIGN_OR_RETURN(r.open_lawsuits, read.Count("open_lawsuits"));
  ASSIGN_OR_RETURN(r.other_bank_loans, read.Amount("other_bank_loans"));
  return r;
}

}  // namespace

FileCreditBureau::FileCreditBureau(std::map<std::string, BureauReport> reports)
    : reports_(std::move(reports)) {}

absl::StatusOr<std::unique_ptr<FileCreditBureau>> FileCreditBureau::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read the credit bureau file ", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

absl::StatusOr<std::unique_ptr<FileCreditBureau>> FileCreditBureau::Parse(
    absl::string_view json, const std::string& origin) {
  const Json doc = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": not valid JSON"));
  }
  if (!doc.is_object() || !doc.contains("reports") || !doc["reports"].is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, ": must be an object with a \"reports\" array"));
  }
  std::map<std::string, BureauReport> reports;
  const Json& entries = doc["reports"];
  for (size_t i = 0; i < entries.size(); ++i) {
    std::string code;
    ASSIGN_OR_RETURN(BureauReport report, ReadEntry(entries[i], i, origin, &code));
    if (!reports.emplace(code, std::move(report)).second) {
      return absl::InvalidArgumentError(absl::StrCat(origin, ": reports[", i, "] (", code,
                                                     "): a report for this code is already "
                                                     "listed; give one report per code"));
    }
  }
  return std::unique_ptr<FileCreditBureau>(new FileCreditBureau(std::move(reports)));
}

absl::StatusOr<std::optional<BureauReport>> FileCreditBureau::Fetch(const BureauSubject& subject) {
  auto it = reports_.find(subject.unified_social_credit_code);
  if (subject.unified_social_credit_code.empty() || it == reports_.end()) {
    return std::optional<BureauReport>();
  }
  return std::optional<BureauReport>(it->second);
}

}  // namespace ccrm::rating
