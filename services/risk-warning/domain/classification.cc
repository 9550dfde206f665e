#include "services/risk-warning/domain/classification.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/risk-warning/domain/indicators.h"
#include "services/risk-warning/domain/rule.h"

namespace ccrm::risk {
namespace {

// Regulatory thresholds (days past due) of the categories below 关注.
constexpr int kSubstandardDays = 90;
constexpr int kDoubtfulDays = 270;
constexpr int kLossDays = 360;
// CC or worse on the AAA = 1 … D = 10 scale.
constexpr int kDistressedGrade = 8;
// More than this share (percent of the outstanding) non-performing drags every exposure down.
constexpr int kObligorSharePercent = 10;

const char* GradeName(int ordinal) {
  static constexpr const char* kGrades[] = {"AAA", "AA",  "A",  "BBB", "BB",
                                            "B",   "CCC", "CC", "C",   "D"};
  if (ordinal < 1 || ordinal > 10) {
    return "unknown";
  }
  return kGrades[ordinal - 1];
}

// The grade of the newest rating change; 0 when there is none.
int LatestGrade(const std::vector<Signal>& signals) {
  const Signal* latest = nullptr;
  for (const Signal& signal : signals) {
    if (signal.kind != SignalKind::kRatingChange || signal.value <= 0) {
      continue;
    }
    // Ties keep the later one in the list (signals come oldest first).
    if (latest == nullptr || signal.occur_time >= latest->occur_time) {
      latest = &signal;
    }
  }
  return latest == nullptr ? 0 : latest->value;
}

// The worst open ORANGE/RED alert on an indicator that measures the customer itself (derived
// ones echo other customers' distress and do not make this customer's loans worse).
const Alert* WorstOwnAlert(const std::vector<Alert>& open_alerts) {
  const Alert* worst = nullptr;
  for (const Alert& alert : open_alerts) {
    if (!IsOpen(alert.status) || alert.level < AlertLevel::kOrange) {
      continue;
    }
    const IndicatorSpec* spec = FindIndicator(alert.indicator);
    if (spec != nullptr && spec->derived) {
      continue;
    }
    if (worst == nullptr || alert.level > worst->level) {
      worst = &alert;
    }
  }
  return worst;
}

std::string DaysPastDueReason(int days_past_due) {
  const LoanCategory category = CategoryForDaysPastDue(days_past_due);
  const char* name = CategoryChineseName(category);
  switch (category) {
    case LoanCategory::kLoss:
      return absl::StrCat("DPD ", days_past_due, " > ", kLossDays, ": ", name);
    case LoanCategory::kDoubtful:
      return absl::StrCat("DPD ", days_past_due, " > ", kDoubtfulDays, ": ", name);
    case LoanCategory::kSubstandard:
      return absl::StrCat("DPD ", days_past_due, " > ", kSubstandardDays, ": ", name);
    case LoanCategory::kSpecialMention:
      return absl::StrCat("DPD ", days_past_due, " > 0: ", name);
    default:
      break;
  }
  return absl::StrCat("no payment overdue: ", name);
}

std::string FormatPercent(double percent) { return absl::StrFormat("%.1f%%", percent); }

}  // namespace

const char* CategoryName(LoanCategory category) {
  switch (category) {
    case LoanCategory::kNormal:
      return "NORMAL";
    case LoanCategory::kSpecialMention:
      return "SPECIAL_MENTION";
    case LoanCategory::kSubstandard:
      return "SUBSTANDARD";
    case LoanCategory::kDoubtful:
      return "DOUBTFUL";
    case LoanCategory::kLoss:
      return "LOSS";
    case LoanCategory::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

const char* CategoryChineseName(LoanCategory category) {
  switch (category) {
    case LoanCategory::kNormal:
      return "正常";
    case LoanCategory::kSpecialMention:
      return "关注";
    case LoanCategory::kSubstandard:
      return "次级";
    case LoanCategory::kDoubtful:
      return "可疑";
    case LoanCategory::kLoss:
      return "损失";
    case LoanCategory::kUnspecified:
      break;
  }
  return "未分类";
}

LoanCategory CategoryForDaysPastDue(int days_past_due) {
  if (days_past_due > kLossDays) {
    return LoanCategory::kLoss;
  }
  if (days_past_due > kDoubtfulDays) {
    return LoanCategory::kDoubtful;
  }
  if (days_past_due > kSubstandardDays) {
    return LoanCategory::kSubstandard;
  }
  if (days_past_due > 0) {
    return LoanCategory::kSpecialMention;
  }
  return LoanCategory::kNormal;
}

ObligorCategory ClassifyObligor(const RiskFile& file, const std::vector<Alert>& open_alerts,
                                absl::CivilDay today) {
  // The qualitative floors are the customer's, so they bear on every exposure alike.
  const Alert* alert_floor = WorstOwnAlert(open_alerts);
  const int grade = LatestGrade(file.signals);

  ObligorCategory obligor;
  absl::int128 total_nanos = 0;
  absl::int128 non_performing_nanos = 0;
  for (const ExposureFile& exposure_file : file.exposures) {
    const Exposure& exposure = exposure_file.exposure;
    ExposureCategory entry;
    entry.exposure_id = exposure.exposure_id;
    entry.facility_id = exposure.facility_id;
    entry.outstanding = exposure.outstanding;
    entry.days_past_due = DaysPastDue(exposure_file, today);
    // The strongest rule decides; days past due wins ties, being the objective measure.
    LoanCategory category = CategoryForDaysPastDue(entry.days_past_due);
    std::string reason = DaysPastDueReason(entry.days_past_due);
    if (alert_floor != nullptr && category < LoanCategory::kSpecialMention) {
      category = LoanCategory::kSpecialMention;
      reason = absl::StrCat("open ", LevelName(alert_floor->level), " alert on ",
                            alert_floor->indicator, ": ", CategoryChineseName(category));
    }
    if (grade >= kDistressedGrade && category < LoanCategory::kSubstandard) {
      category = LoanCategory::kSubstandard;
      reason = absl::StrCat("latest rating ", GradeName(grade), " (grade ", grade,
                            ") is CC or worse: ", CategoryChineseName(category));
    }
    entry.exposure_category = category;
    entry.category = category;
    entry.reason = std::move(reason);
    // Outstanding amounts are added at face value: the obligor's exposures share its currency
    // in practice, and the rule needs a share, not an amount.
    const absl::int128 outstanding = std::max<absl::int128>(0, TotalNanos(exposure.outstanding));
    total_nanos += outstanding;
    if (IsNonPerforming(category)) {
      non_performing_nanos += outstanding;
    }
    obligor.exposures.push_back(std::move(entry));
  }

  if (total_nanos > 0) {
    obligor.non_performing_percent =
        static_cast<double>(non_performing_nanos * 100) / static_cast<double>(total_nanos);
  }
  // Compared exactly: exactly 10 % is not more than 10 %.
  const bool obligor_rule = non_performing_nanos * 100 > total_nanos * kObligorSharePercent;
  const std::string share = FormatPercent(obligor.non_performing_percent);
  if (obligor_rule) {
    for (ExposureCategory& entry : obligor.exposures) {
      if (entry.category < LoanCategory::kSubstandard) {
        entry.category = LoanCategory::kSubstandard;
        entry.reason =
            absl::StrCat("obligor: ", share, " of outstanding non-performing > ",
                         kObligorSharePercent, "%: ", CategoryChineseName(entry.category));
      }
    }
  }

  const ExposureCategory* worst = nullptr;
  for (const ExposureCategory& entry : obligor.exposures) {
    if (worst == nullptr || entry.category > worst->category) {
      worst = &entry;
    }
  }
  if (worst == nullptr) {
    obligor.category = LoanCategory::kNormal;
    obligor.reason = absl::StrCat("no active exposure: ", CategoryChineseName(obligor.category));
  } else if (obligor_rule) {
    obligor.category = worst->category;
    obligor.reason = absl::StrCat(
        share, " of outstanding non-performing > ", kObligorSharePercent, "%: every exposure ",
        CategoryChineseName(LoanCategory::kSubstandard), " or worse; worst ", worst->facility_id,
        ": ", CategoryChineseName(worst->category));
  } else {
    obligor.category = worst->category;
    obligor.reason = absl::StrCat("worst ", worst->facility_id, ": ", worst->reason, "; ", share,
                                  " of outstanding non-performing");
  }
  return obligor;
}

}  // namespace ccrm::risk
