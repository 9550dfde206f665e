#include "services/risk-warning/domain/indicators.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/money/money.h"
#include "services/risk-warning/domain/coverage.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {
namespace {

using Nanos = absl::int128;

// Windows of the per-customer indicators, in days back from today (today counts as day 1).
constexpr int kRatingWindowDays = 365;
constexpr int kServiceWindowDays = 90;
constexpr int kSatisfactionWindowDays = 180;
// Each milestone missed weighs like 10 % of the planned investment not made.
constexpr double kPointsPerMissedMilestone = 10;

// Grade ordinals as credit-rating sends them (AAA = 1 … D = 10).
constexpr const char* kGrades[] = {"AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D"};

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// An exact amount as a decimal: at least two fraction digits, at most nine ("1250000.50").
std::string FormatNanos(Nanos nanos) {
  const bool negative = nanos < 0;
  const absl::uint128 magnitude = negative ? absl::uint128(-nanos) : absl::uint128(nanos);
  absl::uint128 whole = magnitude / kNanosPerUnit;
  const uint64_t fraction = absl::Uint128Low64(magnitude % kNanosPerUnit);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + absl::Uint128Low64(whole % 10)));
    whole /= 10;
  } while (whole > 0);
  std::string fraction_digits = absl::StrFormat("%09d", fraction);
  while (fraction_digits.size() > 2 && fraction_digits.back() == '0') {
    fraction_digits.pop_back();
  }
  return absl::StrCat(negative ? "-" : "", digits, ".", fraction_digits);
}

std::string FormatAmount(const Money& money) { return FormatNanos(TotalNanos(money)); }

// A percentage or figure for people: at most two decimals, trailing zeros dropped ("12.5").
std::string FormatFigure(double value) {
  std::string text = absl::StrFormat("%.2f", value);
  while (text.back() == '0') {
    text.pop_back();
  }
  if (text.back() == '.') {
    text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

// A ratio as covenants are written ("1.20").
std::string FormatRatio(double value) { return absl::StrFormat("%.2f", value); }

// part / whole × 100; doubles only here, for the final ratio of exact sums.
double Percent(Nanos part, Nanos whole) {
  return static_cast<double>(part) / static_cast<double>(whole) * 100.0;
}

std::string FacilityOf(const Exposure& exposure) {
  return exposure.facility_id.empty() ? exposure.exposure_id : exposure.facility_id;
}

std::string GradeName(int ordinal) {
  if (ordinal >= 1 && ordinal <= static_cast<int>(std::size(kGrades))) {
    return kGrades[ordinal - 1];
  }
  return absl::StrCat("grade ", ordinal);
}

// Local copy of the level names so readings do not depend on the alert lifecycle's code.
const char* LevelWord(AlertLevel level) {
  switch (level) {
    case AlertLevel::kBlue:
      return "BLUE";
    case AlertLevel::kYellow:
      return "YELLOW";
    case AlertLevel::kOrange:
      return "ORANGE";
    case AlertLevel::kRed:
      return "RED";
    case AlertLevel::kNone:
      break;
  }
  return "NONE";
}

IndicatorReading NewReading(const char* indicator, const Exposure* exposure) {
  IndicatorReading reading;
  reading.indicator = indicator;
  if (exposure != nullptr) {
    reading.exposure_id = exposure->exposure_id;
    reading.inputs.emplace_back("facility", FacilityOf(*exposure));
  }
  return reading;
}

// Keeps the worse of the two readings; the earlier one on a tie, so the result does not depend
// on anything but the order exposures come in.
void KeepWorse(std::optional<IndicatorReading>& worst, IndicatorReading candidate,
               bool higher_is_worse) {
  if (!worst.has_value() ||
      (higher_is_worse ? candidate.value > worst->value : candidate.value < worst->value)) {
    worst = std::move(candidate);
  }
}

// ---- Repayments ------------------------------------------------------------------------------

struct InstallmentState {
  absl::CivilDay due_date;
  Nanos due = 0;
  Nanos unpaid_interest = 0;
  Nanos unpaid_principal = 0;
  Nanos unpaid() const { return unpaid_interest + unpaid_principal; }
};

// The schedule by due date with what the payments leave unpaid of each installment: every
// payment recorded, whatever its date, goes to the oldest installment first, its interest before
// its principal (the bank's appropriation order), so only the total paid matters.
std::vector<InstallmentState> ApplyPayments(const ExposureFile& file) {
  std::vector<InstallmentState> states;
  for (const Installment& i : file.exposure.repayment_schedule) {
    InstallmentState s;
    s.due_date = i.due_date;
    s.unpaid_interest = std::max<Nanos>(0, TotalNanos(i.interest));
    s.unpaid_principal = std::max<Nanos>(0, TotalNanos(i.principal));
    s.due = s.unpaid();
    states.push_back(s);
  }
  std::stable_sort(
      states.begin(), states.end(),
      [](const InstallmentState& a, const InstallmentState& b) { return a.due_date < b.due_date; });
  Nanos paid = 0;
  for (const Observation& o : file.observations) {
    if (o.kind == ObservationKind::kRepaymentPaid) {
      paid += std::max<Nanos>(0, TotalNanos(o.amount));
    }
  }
  for (InstallmentState& s : states) {
    const Nanos to_interest = std::min(paid, s.unpaid_interest);
    s.unpaid_interest -= to_interest;
    paid -= to_interest;
    const Nanos to_principal = std::min(paid, s.unpaid_principal);
    s.unpaid_principal -= to_principal;
    paid -= to_principal;
  }
  return states;
}

// The oldest installment due before `today` that is not fully paid; nullptr when none.
const InstallmentState* OldestLate(const std::vector<InstallmentState>& states,
                                   absl::CivilDay today) {
  for (const InstallmentState& s : states) {
    if (s.due_date >= today) {
      break;
    }
    if (s.unpaid() > 0) {
      return &s;
    }
  }
  return nullptr;
}

IndicatorReading DaysPastDueOf(const ExposureFile& file, absl::CivilDay today) {
  const Exposure& e = file.exposure;
  IndicatorReading r = NewReading(kDaysPastDue, &e);
  const std::vector<InstallmentState> states = ApplyPayments(file);
  const InstallmentState* late = OldestLate(states, today);
  const int days = late == nullptr ? 0 : static_cast<int>(today - late->due_date);
  r.value = days;
  r.inputs.emplace_back("days_past_due", absl::StrCat(days));
  if (late != nullptr) {
    Nanos overdue = 0;
    for (const InstallmentState& s : states) {
      if (s.due_date < today) {
        overdue += s.unpaid();
      }
    }
    r.inputs.emplace_back("oldest_unpaid_due_date", Day(late->due_date));
    r.inputs.emplace_back("unpaid_interest", FormatNanos(late->unpaid_interest));
    r.inputs.emplace_back("unpaid_principal", FormatNanos(late->unpaid_principal));
    r.inputs.emplace_back("unpaid_amount", FormatNanos(late->unpaid()));
    r.inputs.emplace_back("overdue_amount", FormatNanos(overdue));
    r.inputs.emplace_back("currency", e.amount.currency_code);
  }
  r.summary = absl::StrCat("DPD ", days, " days on facility ", FacilityOf(e));
  return r;
}

// Overdue (unpaid principal and interest of installments past due) against what is outstanding:
// how much of the balance is in arrears. No reading while nothing is outstanding.
std::optional<IndicatorReading> OverdueRateOf(const ExposureFile& file, absl::CivilDay today) {
  const Exposure& e = file.exposure;
  const Nanos outstanding = TotalNanos(e.outstanding);
  if (outstanding <= 0) {
    return std::nullopt;
  }
  Nanos overdue = 0;
  int installments = 0;
  for (const InstallmentState& s : ApplyPayments(file)) {
    if (s.due_date < today && s.unpaid() > 0) {
      overdue += s.unpaid();
      ++installments;
    }
  }
  IndicatorReading r = NewReading(kOverdueRate, &e);
  r.value = Percent(overdue, outstanding);
  r.inputs.emplace_back("installments_overdue", absl::StrCat(installments));
  r.inputs.emplace_back("overdue_amount", FormatNanos(overdue));
  r.inputs.emplace_back("outstanding", FormatNanos(outstanding));
  r.inputs.emplace_back("currency", e.amount.currency_code);
  r.summary = absl::StrCat(FormatFigure(r.value), "% of the outstanding overdue on facility ",
                           FacilityOf(e), " (", FormatNanos(overdue), " of ",
                           FormatNanos(outstanding), " ", e.amount.currency_code, ")");
  return r;
}

// ---- Use of funds ----------------------------------------------------------------------------

// A plan line's key: category and payee ("" = any payee of the category). Lines with the same
// key are one line.
using PlanKey = std::pair<std::string, std::string>;

// Off-plan amounts by why they are off plan, in the order first met.
class OffPlanTally final {
 public:
  void Add(const std::string& reason, Nanos amount) {
    for (auto& [r, total] : parts_) {
      if (r == reason) {
        total += amount;
        return;
      }
    }
    parts_.emplace_back(reason, amount);
  }
  Nanos Total() const {
    Nanos total = 0;
    for (const auto& part : parts_) {
      total += part.second;
    }
    return total;
  }
  // The reason with the largest amount (the first on a tie); empty when nothing is off plan.
  std::string Largest() const {
    const std::pair<std::string, Nanos>* largest = nullptr;
    for (const auto& part : parts_) {
      if (part.second > 0 && (largest == nullptr || part.second > largest->second)) {
        largest = &part;
      }
    }
    return largest == nullptr ? "" : largest->first;
  }

 private:
  std::vector<std::pair<std::string, Nanos>> parts_;
};

// A usage counts against the line naming its payee, else against its category's any-payee
// line; with neither it is off plan in full. A line's usage above its amount is off plan by the
// excess (it does not spill over to another line).
std::optional<IndicatorReading> FundsOffPlanOf(const ExposureFile& file) {
  const Exposure& e = file.exposure;
  std::map<PlanKey, Nanos> planned;
  std::map<std::string, bool> planned_categories;
  Nanos plan_total = 0;
  for (const PlannedUse& line : e.use_of_funds_plan) {
    planned[{line.category, line.payee}] += TotalNanos(line.amount);
    planned_categories[line.category] = true;
    plan_total += TotalNanos(line.amount);
  }
  std::map<PlanKey, Nanos> used;
  OffPlanTally off_plan;
  Nanos used_total = 0;
  int usages = 0;
  for (const Observation& o : file.observations) {
    if (o.kind != ObservationKind::kFundUsage) {
      continue;
    }
    ++usages;
    const Nanos amount = TotalNanos(o.amount);
    used_total += amount;
    if (planned.count({o.category, o.payee}) > 0) {
      used[{o.category, o.payee}] += amount;
    } else if (planned.count({o.category, ""}) > 0) {
      used[{o.category, ""}] += amount;
    } else if (planned_categories.count(o.category) > 0) {
      off_plan.Add(absl::StrCat("payee ", o.payee, " not in the plan"), amount);
    } else {
      off_plan.Add(absl::StrCat("category ", o.category, " not in the plan"), amount);
    }
  }
  if (plan_total <= 0 || usages == 0) {
    return std::nullopt;
  }
  for (const auto& [key, amount] : used) {
    const Nanos excess = amount - planned[key];
    if (excess > 0) {
      const std::string line = key.second.empty()
                                   ? absl::StrCat("category ", key.first)
                                   : absl::StrCat("payee ", key.second, " (", key.first, ")");
      off_plan.Add(absl::StrCat(line, " over its line by ", FormatNanos(excess)), excess);
    }
  }
  const Nanos off_total = off_plan.Total();
  IndicatorReading r = NewReading(kFundsOffPlan, &e);
  r.value = Percent(off_total, plan_total);
  r.inputs.emplace_back("off_plan_amount", FormatNanos(off_total));
  r.inputs.emplace_back("plan_total", FormatNanos(plan_total));
  r.inputs.emplace_back("used_total", FormatNanos(used_total));
  r.inputs.emplace_back("currency", e.amount.currency_code);
  const std::string largest = off_plan.Largest();
  if (!largest.empty()) {
    r.inputs.emplace_back("largest_off_plan", largest);
  }
  r.summary = absl::StrCat(FormatFigure(r.value), "% of funds used off plan on facility ",
                           FacilityOf(e), largest.empty() ? "" : absl::StrCat(" (", largest, ")"));
  return r;
}

// ---- Project progress and covenants ------------------------------------------------------------

// The observation of `kind` with the latest date that `usable` accepts (the later recorded on
// the same date); nullptr when none.
template <typename Predicate>
const Observation* Latest(const ExposureFile& file, ObservationKind kind, Predicate usable) {
  const Observation* latest = nullptr;
  for (const Observation& o : file.observations) {
    if (o.kind == kind && usable(o) && (latest == nullptr || o.date >= latest->date)) {
      latest = &o;
    }
  }
  return latest;
}

std::optional<IndicatorReading> ProgressDeviationOf(const ExposureFile& file) {
  const Exposure& e = file.exposure;
  const Observation* p =
      Latest(file, ObservationKind::kProjectProgress, [](const Observation&) { return true; });
  if (p == nullptr) {
    return std::nullopt;
  }
  const Nanos planned = TotalNanos(p->planned_amount);
  const Nanos actual = TotalNanos(p->amount);
  const double behind = planned > 0 ? std::max(0.0, Percent(planned - actual, planned)) : 0.0;
  const int missed = std::max(0, p->milestones_due - p->milestones_met);
  IndicatorReading r = NewReading(kProjectProgressDeviation, &e);
  r.value = behind + kPointsPerMissedMilestone * missed;
  r.inputs.emplace_back("as_of_date", Day(p->date));
  r.inputs.emplace_back("planned_investment", FormatNanos(planned));
  r.inputs.emplace_back("actual_investment", FormatNanos(actual));
  r.inputs.emplace_back("investment_behind_percent", FormatFigure(behind));
  r.inputs.emplace_back("milestones_due", absl::StrCat(p->milestones_due));
  r.inputs.emplace_back("milestones_met", absl::StrCat(p->milestones_met));
  r.summary = absl::StrCat("Project ", FormatFigure(behind), "% behind planned investment and ",
                           missed, " milestone", missed == 1 ? "" : "s", " missed on facility ",
                           FacilityOf(e), " (as of ", Day(p->date), ")");
  return r;
}

// One covenant ratio: its name in inputs and summaries and where it is kept.
struct CovenantRatio {
  const char* indicator;
  const char* label;
  const char* figure_key;
  const char* covenant_key;
  double Covenants::*covenant;
  double Observation::*figure;
};

constexpr CovenantRatio kDscr = {
    kDscrHeadroom, "DSCR", "dscr", "min_dscr", &Covenants::min_dscr, &Observation::dscr};
constexpr CovenantRatio kCurrentRatio = {kCurrentRatioHeadroom,
                                         "Current ratio",
                                         "current_ratio",
                                         "min_current_ratio",
                                         &Covenants::min_current_ratio,
                                         &Observation::current_ratio};

std::optional<IndicatorReading> HeadroomOf(const ExposureFile& file, const CovenantRatio& ratio) {
  const Exposure& e = file.exposure;
  const double covenant = e.covenants.*(ratio.covenant);
  if (!(covenant > 0)) {
    return std::nullopt;  // no such covenant
  }
  const Observation* f = Latest(file, ObservationKind::kCovenantFigures,
                                [&](const Observation& o) { return o.*(ratio.figure) > 0; });
  if (f == nullptr) {
    return std::nullopt;
  }
  const double figure = f->*(ratio.figure);
  IndicatorReading r = NewReading(ratio.indicator, &e);
  r.value = (figure / covenant - 1) * 100;
  r.inputs.emplace_back(ratio.figure_key, absl::StrCat(figure));
  r.inputs.emplace_back(ratio.covenant_key, absl::StrCat(covenant));
  r.inputs.emplace_back("period_end_date", Day(f->date));
  r.summary =
      absl::StrCat(ratio.label, " ", FormatRatio(figure), " vs covenant ", FormatRatio(covenant),
                   " (headroom ", FormatFigure(r.value), "%) on facility ", FacilityOf(e));
  return r;
}

// ---- Collateral ------------------------------------------------------------------------------

std::optional<IndicatorReading> CoverageOf(const ExposureFile& file, absl::CivilDay today) {
  const Exposure& e = file.exposure;
  if (file.collateral.empty() || TotalNanos(e.outstanding) <= 0) {
    return std::nullopt;
  }
  const CoverageFigures figures = ComputeCoverage(file, today);
  IndicatorReading r = NewReading(kCollateralCoverage, &e);
  r.value = figures.coverage_percent;
  r.inputs.emplace_back("collateral_value", FormatAmount(figures.collateral_value));
  r.inputs.emplace_back("outstanding", FormatAmount(figures.outstanding));
  r.inputs.emplace_back("collateral_items", absl::StrCat(file.collateral.size()));
  r.inputs.emplace_back("currency", figures.collateral_value.currency_code);
  r.summary = absl::StrCat(
      "Collateral covers ", FormatFigure(r.value), "% of the outstanding on facility ",
      FacilityOf(e), " (", FormatAmount(figures.collateral_value), " of ",
      FormatAmount(figures.outstanding), " ", figures.collateral_value.currency_code, ")");
  return r;
}

std::optional<IndicatorReading> StaleAppraisalOf(const std::vector<const ExposureFile*>& files,
                                                 absl::CivilDay today) {
  std::optional<IndicatorReading> worst;
  for (const ExposureFile* file : files) {
    for (const Collateral& c : file->collateral) {
      const int age = static_cast<int>(today - c.appraisal_date);
      IndicatorReading r = NewReading(kStaleAppraisal, &file->exposure);
      r.value = age;
      r.inputs.emplace_back("collateral_id", c.collateral_id);
      r.inputs.emplace_back("appraisal_date", Day(c.appraisal_date));
      r.inputs.emplace_back("age_days", absl::StrCat(age));
      r.summary = absl::StrCat("Oldest appraisal ", age, " days old (collateral ", c.collateral_id,
                               " on facility ", FacilityOf(file->exposure), ", appraised ",
                               Day(c.appraisal_date), ")");
      KeepWorse(worst, std::move(r), /*higher_is_worse=*/true);
    }
  }
  return worst;
}

// ---- Signals and related customers -----------------------------------------------------------

// Days from the signal's (UTC) day to today; a signal from today is 0 days old.
int AgeInDays(const Signal& signal, absl::CivilDay today) {
  return static_cast<int>(today - absl::ToCivilDay(signal.occur_time, absl::UTCTimeZone()));
}

bool InWindow(const Signal& signal, absl::CivilDay today, int window_days) {
  return AgeInDays(signal, today) < window_days;
}

std::optional<IndicatorReading> RatingDowngradeOf(const RiskFile& file, absl::CivilDay today) {
  const Signal* newest = nullptr;
  int best = 0;
  int changes = 0;
  auto consider = [&best](int ordinal) {
    if (ordinal > 0 && (best == 0 || ordinal < best)) {
      best = ordinal;
    }
  };
  for (const Signal& s : file.signals) {
    if (s.kind != SignalKind::kRatingChange || !InWindow(s, today, kRatingWindowDays)) {
      continue;
    }
    ++changes;
    consider(s.value);
    consider(s.previous_value);
    if (newest == nullptr || s.occur_time >= newest->occur_time) {
      newest = &s;
    }
  }
  if (newest == nullptr || newest->value <= 0) {
    return std::nullopt;
  }
  IndicatorReading r = NewReading(kRatingDowngrade, nullptr);
  const int notches = newest->value - best;
  r.value = notches;
  r.inputs.emplace_back("latest_grade", GradeName(newest->value));
  r.inputs.emplace_back("best_grade", GradeName(best));
  r.inputs.emplace_back("rating_changes", absl::StrCat(changes));
  r.inputs.emplace_back("latest_change_date",
                        Day(absl::ToCivilDay(newest->occur_time, absl::UTCTimeZone())));
  if (!newest->source.empty()) {
    r.inputs.emplace_back("latest_source", newest->source);
  }
  r.summary = absl::StrCat("Rating ", GradeName(newest->value), ", ", notches, " notch",
                           notches == 1 ? "" : "es", " below the best of the last ",
                           kRatingWindowDays, " days (", GradeName(best), ")");
  return r;
}

struct SoftSignal {
  const char* indicator;
  SignalKind kind;
  int window_days;
  const char* singular;
  const char* plural;
};

constexpr SoftSignal kSoftSignals[] = {
    {kComplaints, SignalKind::kComplaint, kServiceWindowDays, "complaint", "complaints"},
    {kSlaBreaches, SignalKind::kSlaBreach, kServiceWindowDays, "SLA breach", "SLA breaches"},
    {kSatisfactionDrop, SignalKind::kSatisfactionDrop, kSatisfactionWindowDays, "satisfaction drop",
     "satisfaction drops"},
    {kMissedEngagements, SignalKind::kMissedEngagement, kServiceWindowDays, "missed engagement",
     "missed engagements"},
};

// Always read (0 when none), so an open alert clears once its signals age out of the window.
IndicatorReading SignalCountOf(const RiskFile& file, const SoftSignal& soft, absl::CivilDay today) {
  IndicatorReading r = NewReading(soft.indicator, nullptr);
  int count = 0;
  const Signal* latest = nullptr;
  for (const Signal& s : file.signals) {
    if (s.kind == soft.kind && InWindow(s, today, soft.window_days)) {
      ++count;
      if (latest == nullptr || s.occur_time >= latest->occur_time) {
        latest = &s;
      }
    }
  }
  r.value = count;
  r.inputs.emplace_back("count", absl::StrCat(count));
  r.inputs.emplace_back("window_days", absl::StrCat(soft.window_days));
  if (latest != nullptr) {
    r.inputs.emplace_back("latest_date",
                          Day(absl::ToCivilDay(latest->occur_time, absl::UTCTimeZone())));
    if (!latest->source.empty()) {
      r.inputs.emplace_back("latest_source", latest->source);
    }
  }
  r.summary = absl::StrCat(count, " ", count == 1 ? soft.singular : soft.plural, " in the last ",
                           soft.window_days, " days");
  return r;
}

// Always read (0 when none) so a related customer's recovery clears the alert.
IndicatorReading DistressOf(const RiskFile& file, const char* indicator,
                            const std::string& relation, const char* who, const char* none) {
  IndicatorReading r = NewReading(indicator, nullptr);
  const RelatedDistress* worst = nullptr;
  int distressed = 0;
  for (const RelatedDistress& d : file.related) {
    if (d.relation != relation || d.level == AlertLevel::kNone) {
      continue;
    }
    ++distressed;
    if (worst == nullptr || d.level > worst->level) {
      worst = &d;
    }
  }
  r.inputs.emplace_back("distressed_count", absl::StrCat(distressed));
  if (worst == nullptr) {
    r.value = 0;
    r.summary = none;
    return r;
  }
  r.value = static_cast<int>(worst->level);
  r.exposure_id = worst->exposure_id;
  r.inputs.emplace_back("customer_id", worst->customer_id);
  r.inputs.emplace_back("level", LevelWord(worst->level));
  r.inputs.emplace_back("indicator", worst->indicator);
  std::string facility;
  if (!worst->exposure_id.empty()) {
    for (const ExposureFile& f : file.exposures) {
      if (f.exposure.exposure_id == worst->exposure_id) {
        facility = FacilityOf(f.exposure);
        r.inputs.emplace_back("facility", facility);
        break;
      }
    }
  }
  r.summary = absl::StrCat(who, " ", worst->customer_id, " at ", LevelWord(worst->level), " on ",
                           worst->indicator,
                           facility.empty() ? "" : absl::StrCat(" (facility ", facility, ")"));
  return r;
}

}  // namespace

int DaysPastDue(const ExposureFile& file, absl::CivilDay today) {
  const std::vector<InstallmentState> states = ApplyPayments(file);
  const InstallmentState* late = OldestLate(states, today);
  return late == nullptr ? 0 : static_cast<int>(today - late->due_date);
}

std::vector<IndicatorReading> ReadIndicators(const RiskFile& file, absl::CivilDay today) {
  std::vector<const ExposureFile*> active;
  for (const ExposureFile& f : file.exposures) {
    if (f.exposure.status == ExposureStatus::kActive) {
      active.push_back(&f);
    }
  }
  if (active.empty()) {
    return {};  // nothing is monitored: every open alert of the customer clears
  }

  std::map<std::string, std::optional<IndicatorReading>> by_indicator;
  auto keep_worse = [&by_indicator](std::optional<IndicatorReading> candidate) {
    if (candidate.has_value()) {
      std::optional<IndicatorReading>& worst = by_indicator[candidate->indicator];
      const bool higher_is_worse = FindIndicator(candidate->indicator)->higher_is_worse;
      KeepWorse(worst, *std::move(candidate), higher_is_worse);
    }
  };
  for (const ExposureFile* f : active) {
    keep_worse(DaysPastDueOf(*f, today));
    keep_worse(OverdueRateOf(*f, today));
    keep_worse(FundsOffPlanOf(*f));
    keep_worse(ProgressDeviationOf(*f));
    keep_worse(HeadroomOf(*f, kDscr));
    keep_worse(HeadroomOf(*f, kCurrentRatio));
    keep_worse(CoverageOf(*f, today));
  }
  by_indicator[kStaleAppraisal] = StaleAppraisalOf(active, today);
  by_indicator[kRatingDowngrade] = RatingDowngradeOf(file, today);
  for (const SoftSignal& soft : kSoftSignals) {
    by_indicator[soft.indicator] = SignalCountOf(file, soft, today);
  }
  by_indicator[kGroupDistress] =
      DistressOf(file, kGroupDistress, "group", "Group member", "No group member in distress");
  by_indicator[kGuarantorDistress] =
      DistressOf(file, kGuarantorDistress, "guarantor", "Guarantor", "No guarantor in distress");

  std::vector<IndicatorReading> readings;
  for (const IndicatorSpec& spec : Indicators()) {
    auto it = by_indicator.find(spec.name);
    if (it != by_indicator.end() && it->second.has_value()) {
      readings.push_back(*std::move(it->second));
    }
  }
  return readings;
}

}  // namespace ccrm::risk
