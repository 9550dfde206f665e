#include "services/relationship-service/domain/satisfaction_service.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/validation/field_checks.h"

namespace ccrm::relationship {
namespace {

constexpr size_t kMaxCommentChars = 2000;
constexpr absl::Duration kClockSkew = absl::Minutes(1);
constexpr int kDefaultQuarters = 8;
constexpr int kMaxQuarters = 40;
constexpr int kTrailingMonths = 12;
// Amounts are stored as DECIMAL(38,9) and read back with ParseMoney, which takes 18 whole digits.
constexpr int64_t kMaxUnits = 999'999'999'999'999'999;

std::string Path(const std::string& field, const std::string& child) {
  return field.empty() ? child : absl::StrCat(field, ".", child);
}

absl::CivilDay Earliest() { return absl::CivilDay(2000, 1, 1); }

absl::CivilDay TodayOf(absl::Time now) { return absl::ToCivilDay(now, absl::UTCTimeZone()); }

// Adds the violations of one amount under `path` (that all share one currency is checked apart).
void CheckContributionAmount(const Money& m, const std::string& path, FieldViolations& v) {
  if (!IsCurrencyCode(m.currency_code)) {
    v.Add(Path(path, "currency_code"), "must be an ISO 4217 code (three upper-case letters)");
  }
  if (!IsWellFormed(m)) {
    v.Add(Path(path, "nanos"), "must be within ±999,999,999 and carry the sign of units");
  } else if (m.units < 0 || m.nanos < 0) {
    v.Add(path, "must not be negative");
  } else if (m.units > kMaxUnits) {
    v.Add(Path(path, "units"), "must be below 10^18");
  }
}

// Day 1 of the first month of the quarter `quarters - 1` quarters before today's.
absl::CivilDay FirstDayOfTrend(absl::CivilDay today, int quarters) {
  const absl::CivilMonth this_quarter(today.year(), (today.month() - 1) / 3 * 3 + 1);
  return absl::CivilDay(this_quarter - 3 * (quarters - 1));
}

}  // namespace

absl::Status ValidateSurvey(const Survey& draft, absl::Time now, const std::string& field) {
  FieldViolations v;
  v.Merge(ValidateScores(ScoresOf(draft), field));
  const absl::Time earliest = absl::FromCivil(Earliest(), absl::UTCTimeZone());
  if (draft.survey_time == absl::Time()) {
    v.Add(Path(field, "survey_time"), "must be set");
  } else if (draft.survey_time < earliest) {
    v.Add(Path(field, "survey_time"), "must not be before 2000-01-01");
  } else if (draft.survey_time > now + kClockSkew) {
    v.Add(Path(field, "survey_time"), "must not be in the future");
  }
  CheckText(v, Path(field, "comment"), draft.comment, TextRule::Optional(kMaxCommentChars));
  return v.ToStatus();
}

absl::Status ValidateContribution(const Contribution& draft, absl::CivilDay today,
                                  const std::string& field) {
  FieldViolations v;
  const std::string month = Path(field, "month");
  if (draft.month.day() != 1) {
    v.Add(month, "must be the first day of a month");
  }
  if (draft.month < Earliest()) {
    v.Add(month, "must be set, 2000-01 or later");
  } else if (absl::CivilMonth(draft.month) > absl::CivilMonth(today)) {
    v.Add(month, "must not be after the current month");
  }
  const std::string interest = Path(field, "interest_income");
  const std::string fees = Path(field, "fee_income");
  const std::string deposits = Path(field, "average_deposits");
  CheckContributionAmount(draft.interest_income, interest, v);
  CheckContributionAmount(draft.fee_income, fees, v);
  CheckContributionAmount(draft.average_deposits, deposits, v);
  const std::string& currency = draft.interest_income.currency_code;
  if (IsCurrencyCode(currency)) {
    const std::string same = absl::StrCat("must be in ", currency, " as interest_income is");
    if (IsCurrencyCode(draft.fee_income.currency_code) &&
        draft.fee_income.currency_code != currency) {
      v.Add(Path(fees, "currency_code"), same);
    }
    if (IsCurrencyCode(draft.average_deposits.currency_code) &&
        draft.average_deposits.currency_code != currency) {
      v.Add(Path(deposits, "currency_code"), same);
    }
  }
  return v.ToStatus();
}

absl::StatusOr<Survey> SatisfactionService::RecordSurvey(const Caller& caller,
                                                         const std::string& customer_id,
                                                         Survey draft, const IdempotencyKey& key) {
  const absl::Time now = clock_->Now();
  RETURN_IF_ERROR(ValidateSurvey(draft, now, "survey"));
  ASSIGN_OR_RETURN(CustomerSummary customer,
                   directory_->GetCustomer(caller.Identity(), customer_id));
  if (customer.archived) {
    return WithReason(absl::FailedPreconditionError("the customer is archived"),
                      "CUSTOMER_ARCHIVED");
  }
  ASSIGN_OR_RETURN(std::optional<Assignment> current,
                   managers_->CurrentAssignment(customer.customer_id));
  draft.survey_id = NewUuidV7(now);
  draft.customer_id = customer.customer_id;
  draft.manager_id = current.has_value() ? current->manager_id : "";
  draft.recorded_by = caller.principal.subject;
  draft.create_time = now;
  return surveys_->Record(draft, key, *encoder_, caller.Write(now));
}

absl::StatusOr<SatisfactionTrend> SatisfactionService::Trend(SurveySubject subject,
                                                             const std::string& id, int quarters) {
  if (quarters == 0) {
    quarters = kDefaultQuarters;
  }
  if (quarters < 1 || quarters > kMaxQuarters) {
    return InvalidField("quarters", absl::StrCat("must be between 1 and ", kMaxQuarters));
  }
  if (subject == SurveySubject::kManager) {
    RETURN_IF_ERROR(managers_->Get(id).status());
  }
  const absl::CivilDay today = TodayOf(clock_->Now());
  const absl::Time since = absl::FromCivil(FirstDayOfTrend(today, quarters), absl::UTCTimeZone());
  ASSIGN_OR_RETURN(std::vector<SurveyScores> scores, surveys_->ScoresSince(subject, id, since));
  return SatisfactionTrend{QuarterlyTrend(scores, today, quarters)};
}

absl::StatusOr<Contribution> SatisfactionService::RecordContribution(const Caller& caller,
                                                                     const std::string& customer_id,
                                                                     Contribution draft,
                                                                     const IdempotencyKey& key) {
  const absl::Time now = clock_->Now();
  RETURN_IF_ERROR(ValidateContribution(draft, TodayOf(now), "contribution"));
  // An archived customer's past months may still be recorded or corrected.
  ASSIGN_OR_RETURN(CustomerSummary customer,
                   directory_->GetCustomer(caller.Identity(), customer_id));
  draft.customer_id = customer.customer_id;
  draft.recorded_by = caller.principal.subject;
  draft.record_time = now;
  return contributions_->Record(draft, key, caller.Write(now));
}

absl::StatusOr<CustomerValue> SatisfactionService::Value(const Caller& caller,
                                                         const std::string& customer_id) {
  const CallIdentity identity = caller.Identity();
  ASSIGN_OR_RETURN(CustomerSummary customer, directory_->GetCustomer(identity, customer_id));
  ASSIGN_OR_RETURN(CustomerRelations relations,
                   directory_->GetRelations(identity, customer.customer_id));
  const absl::CivilDay today = TodayOf(clock_->Now());
  const absl::CivilDay since(absl::CivilMonth(today) - (kTrailingMonths - 1));
  ASSIGN_OR_RETURN(std::vector<Contribution> months,
                   contributions_->Since(customer.customer_id, since));
  std::vector<MonthlyContribution> monthly;
  monthly.reserve(months.size());
  for (const Contribution& c : months) {
    monthly.push_back(MonthlyOf(c));
  }
  CustomerFacts facts;
  facts.segment = customer.segment;
  facts.tier = customer.tier;
  facts.industry_code = customer.industry_code;
  facts.employee_count = customer.employee_count;
  facts.upstream_partners = relations.upstream_partners;
  facts.downstream_partners = relations.downstream_partners;
  facts.subsidiaries = relations.subsidiaries;
  facts.has_projects = relations.has_projects;

  CustomerValue value;
  value.customer_id = customer.customer_id;
  value.summary = SummarizeContributions(monthly, today);
  value.key_customer = IdentifyKeyCustomer(facts, value.summary);
  value.recommendations = Recommend(facts, value.summary);
  return value;
}

}  // namespace ccrm::relationship
