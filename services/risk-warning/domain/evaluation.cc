#include "services/risk-warning/domain/evaluation.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/risk-warning/domain/indicators.h"

namespace ccrm::risk {
namespace {

// Column sizes of alerts.title and alerts.detail, in characters.
constexpr size_t kMaxTitleLength = 300;
constexpr size_t kMaxDetailLength = 2000;
constexpr char kClearedPrefix[] = "cleared by evaluation: ";
constexpr char kNoLongerMeasured[] = "no longer measured";

// `text` cut to at most `max` code points (never inside a UTF-8 sequence), "…" marking a cut.
std::string Truncated(std::string text, size_t max) {
  size_t code_points = 0;
  size_t cut = std::string::npos;  // byte offset of the code point that would be the max-th
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
      continue;  // continuation byte
    }
    if (code_points == max - 1) {
      cut = i;
    }
    if (++code_points > max) {
      text.resize(cut);
      text += "…";
      return text;
    }
  }
  return text;
}

AlertLevel LevelAfterSteps(AlertLevel evaluated, int steps) {
  return static_cast<AlertLevel>(
      std::min(static_cast<int>(AlertLevel::kRed), static_cast<int>(evaluated) + steps));
}

// What the rule says about a reading.
struct Judgement {
  const IndicatorReading* reading = nullptr;
  const Rule* rule = nullptr;
  LevelHit hit;
};

// Led by the alert's level as it stands (escalation steps included): the title is what a task
// list shows.
std::string TitleFor(const Judgement& j, AlertLevel level) {
  const IndicatorSpec* spec = FindIndicator(j.reading->indicator);
  std::string title = absl::StrCat(LevelName(level), " ",
                                   spec != nullptr ? spec->description : j.reading->indicator);
  if (!j.reading->summary.empty()) {
    absl::StrAppend(&title, " — ", j.reading->summary);
  }
  return Truncated(std::move(title), kMaxTitleLength);
}

std::string DetailFor(const Judgement& j) {
  std::string detail = j.reading->summary;
  if (!detail.empty()) {
    detail += "; ";
  }
  absl::StrAppend(&detail, "rule ", j.rule->rule_id, " v", j.rule->version, ": ",
                  LevelName(j.hit.level), " at ", j.hit.threshold);
  return Truncated(std::move(detail), kMaxDetailLength);
}

// Copies what the reading and rule say into `alert` (everything but the levels and status).
void Refresh(Alert& alert, const Judgement& j) {
  alert.value = j.reading->value;
  alert.threshold = j.hit.threshold;
  alert.rule_id = j.rule->rule_id;
  alert.rule_version = j.rule->version;
  alert.inputs = j.reading->inputs;
  alert.title = TitleFor(j, LevelAfterSteps(j.hit.level, alert.escalation_steps));
  alert.detail = DetailFor(j);
}

bool SameContent(const Alert& a, const Alert& b) {
  return a.value == b.value && a.threshold == b.threshold && a.rule_id == b.rule_id &&
         a.rule_version == b.rule_version && a.inputs == b.inputs && a.title == b.title &&
         a.detail == b.detail;
}

AlertChange ChangeOf(std::string action, Alert alert, absl::Time now, std::string note = "") {
  AlertChange change;
  change.action = std::move(action);
  change.alert = std::move(alert);
  change.actor = kSystemActor;
  change.note = std::move(note);
  change.change_time = now;
  return change;
}

AlertChange Cleared(const Alert& open, const std::string& why, absl::Time now) {
  Alert alert = open;
  alert.status = AlertStatus::kResolved;
  alert.close_time = now;
  alert.acknowledge_deadline.reset();
  alert.resolution_note = absl::StrCat(kClearedPrefix, why);
  alert.update_time = now;
  std::string note = alert.resolution_note;
  return ChangeOf(kActionCleared, std::move(alert), now, std::move(note));
}

// The change an open alert undergoes for a reading that still reaches a level; nullopt when
// nothing about it changes.
std::optional<AlertChange> Revised(const Alert& open, const Judgement& j, absl::Time now,
                                   const AcknowledgePolicy& policy) {
  Alert alert = open;
  Refresh(alert, j);
  std::string action;
  if (j.hit.level != open.evaluated_level) {
    alert.evaluated_level = j.hit.level;
    alert.level = LevelAfterSteps(j.hit.level, open.escalation_steps);
    if (alert.level > open.level) {
      action = kActionRaised;
      // A higher level is a new call on the manager's attention; once someone has acknowledged
      // the alert there is no clock left to restart.
      if (alert.status == AlertStatus::kOpen) {
        alert.acknowledge_deadline = now + policy.For(alert.level);
      }
    } else if (alert.level < open.level) {
      action = kActionLowered;
    } else {
      action = kActionUpdated;  // capped at RED by escalation steps
    }
  } else if (!SameContent(alert, open)) {
    action = kActionUpdated;
  } else {
    return std::nullopt;
  }
  alert.update_time = now;
  return ChangeOf(std::move(action), std::move(alert), now);
}

Alert Opened(const RiskFile& file, const Judgement& j, absl::Time now,
             const AcknowledgePolicy& policy, const std::function<std::string()>& new_id) {
  Alert alert;
  alert.alert_id = new_id();
  alert.customer_id = file.obligor.customer_id;
  alert.indicator = j.reading->indicator;
  alert.status = AlertStatus::kOpen;
  alert.level = j.hit.level;
  alert.evaluated_level = j.hit.level;
  alert.escalation_steps = 0;
  Refresh(alert, j);
  alert.assignee_manager_id = file.obligor.manager_id;
  alert.open_time = now;
  alert.acknowledge_deadline = now + policy.For(alert.level);
  alert.update_time = now;
  return alert;
}

// The open alerts once `changes` are applied.
std::vector<Alert> OpenAfter(const std::vector<Alert>& before,
                             const std::vector<AlertChange>& changes) {
  std::map<std::string, Alert> by_id;
  for (const Alert& alert : before) {
    if (IsOpen(alert.status)) {
      by_id[alert.alert_id] = alert;
    }
  }
  for (const AlertChange& change : changes) {
    if (IsOpen(change.alert.status)) {
      by_id[change.alert.alert_id] = change.alert;
    } else {
      by_id.erase(change.alert.alert_id);
    }
  }
  std::vector<Alert> open;
  for (auto& [id, alert] : by_id) {
    open.push_back(std::move(alert));
  }
  return open;
}

}  // namespace

Evaluation Evaluate(const RiskFile& file, const RuleBook& rules, absl::Time now,
                    const AcknowledgePolicy& policy, const std::function<std::string()>& new_id) {
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  std::vector<IndicatorReading> readings;
  if (!file.exposures.empty()) {
    readings = ReadIndicators(file, today);
  }
  std::map<std::string, const IndicatorReading*> reading_of;
  for (const IndicatorReading& reading : readings) {
    reading_of.emplace(reading.indicator, &reading);
  }
  std::map<std::string, const Alert*> open_of;
  for (const Alert& alert : file.open_alerts) {
    if (IsOpen(alert.status)) {
      open_of.emplace(alert.indicator, &alert);
    }
  }

  // Catalogue order, then open alerts of indicators the catalogue no longer has.
  std::vector<std::string> indicators;
  for (const IndicatorSpec& spec : Indicators()) {
    indicators.emplace_back(spec.name);
  }
  for (const auto& [indicator, alert] : open_of) {
    if (FindIndicator(indicator) == nullptr) {
      indicators.push_back(indicator);
    }
  }

  Evaluation evaluation;
  std::set<ContingencyScenario> scenarios_active = file.active_plan_scenarios;
  for (const std::string& indicator : indicators) {
    const auto reading_it = reading_of.find(indicator);
    const auto open_it = open_of.find(indicator);
    const Alert* open = open_it == open_of.end() ? nullptr : open_it->second;

    Judgement j;
    if (reading_it != reading_of.end()) {
      j.reading = reading_it->second;
      j.rule = rules.Select(indicator, file.obligor.segment, file.obligor.industry_code);
      if (j.rule != nullptr) {
        j.hit = LevelFor(*j.rule, j.reading->value);
      }
    }

    // No reading, no rule or within every threshold: the condition is gone.
    if (j.hit.level == AlertLevel::kNone) {
      if (file.suppressed.count(indicator) > 0) {
        evaluation.suppressions_cleared.push_back(indicator);
      }
      if (open != nullptr) {
        std::string why = kNoLongerMeasured;
        if (j.reading != nullptr && j.rule == nullptr) {
          why = absl::StrCat("no enabled rule for ", indicator);
        } else if (j.reading != nullptr) {
          why = j.reading->summary.empty() ? absl::StrCat(indicator, " ", j.reading->value)
                                           : j.reading->summary;
        }
        evaluation.changes.push_back(Cleared(*open, why, now));
      }
      continue;
    }

    AlertLevel before = AlertLevel::kNone;
    if (open != nullptr) {
      std::optional<AlertChange> change = Revised(*open, j, now, policy);
      if (!change.has_value()) {
        continue;
      }
      before = open->level;
      evaluation.changes.push_back(std::move(*change));
    } else {
      const auto suppressed = file.suppressed.find(indicator);
      if (suppressed != file.suppressed.end() && suppressed->second >= j.hit.level) {
        continue;  // judged a false positive at this level already
      }
      evaluation.changes.push_back(
          ChangeOf(kActionOpened, Opened(file, j, now, policy, new_id), now));
    }

    // A rule may hand a RED alert straight to a contingency plan, once per scenario.
    const Alert& after = evaluation.changes.back().alert;
    if (after.level == AlertLevel::kRed && before < AlertLevel::kRed &&
        j.rule->auto_activate_contingency &&
        scenarios_active.count(j.rule->contingency_scenario) == 0) {
      const ContingencyTemplate* tmpl = TemplateFor(j.rule->contingency_scenario);
      if (tmpl != nullptr) {
        evaluation.activations.push_back(BuildPlan(*tmpl, new_id(), file.obligor.customer_id,
                                                   after.alert_id, file.obligor.manager_id,
                                                   kSystemActor, /*automatic=*/true, now));
        scenarios_active.insert(j.rule->contingency_scenario);
      }
    }
  }

  evaluation.classification =
      ClassifyObligor(file, OpenAfter(file.open_alerts, evaluation.changes), today);
  return evaluation;
}

EvaluationCounts CountOf(const Evaluation& evaluation) {
  EvaluationCounts counts;
  for (const AlertChange& change : evaluation.changes) {
    if (change.action == kActionOpened) {
      ++counts.opened;
    } else if (change.action == kActionRaised) {
      ++counts.raised;
    } else if (change.action == kActionLowered) {
      ++counts.lowered;
    } else if (change.action == kActionCleared) {
      ++counts.cleared;
    }
  }
  counts.plans_activated = static_cast<int>(evaluation.activations.size());
  return counts;
}

bool IsNoOp(const Evaluation& evaluation, const RiskFile& file) {
  if (!evaluation.changes.empty() || !evaluation.activations.empty() ||
      !evaluation.suppressions_cleared.empty()) {
    return false;
  }
  for (const ExposureFile& exposure_file : file.exposures) {
    const Exposure& exposure = exposure_file.exposure;
    const auto& suggested = evaluation.classification.exposures;
    const auto it = std::find_if(suggested.begin(), suggested.end(), [&](const auto& c) {
      return c.exposure_id == exposure.exposure_id;
    });
    if (it == suggested.end() || it->category != exposure.suggested_category ||
        it->reason != exposure.category_reason || it->days_past_due != exposure.days_past_due) {
      return false;
    }
  }
  return true;
}

}  // namespace ccrm::risk
