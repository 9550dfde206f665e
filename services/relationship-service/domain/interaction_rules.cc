#include "services/relationship-service/domain/interaction_rules.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/validation/field_checks.h"

namespace ccrm::relationship {
namespace {

constexpr size_t kMaxTextChars = 4000;
constexpr size_t kMaxParticipants = 20;
constexpr size_t kMaxParticipantChars = 200;
constexpr size_t kMaxStaffIdLength = 64;

std::string Path(const std::string& field, const std::string& child) {
  return field.empty() ? child : absl::StrCat(field, ".", child);
}

bool IsKnownKind(InteractionKind kind) {
  const int k = static_cast<int>(kind);
  return k >= static_cast<int>(InteractionKind::kVisit) &&
         k <= static_cast<int>(InteractionKind::kSiteInspection);
}

}  // namespace

absl::Status ValidateInteraction(const Interaction& interaction, absl::Time now,
                                 const std::string& field) {
  FieldViolations v;
  if (!IsKnownKind(interaction.kind)) {
    v.Add(Path(field, "kind"), "must be VISIT, CALL, EMAIL, MEETING or SITE_INSPECTION");
  }
  const absl::Time earliest = absl::FromCivil(absl::CivilDay(2000, 1, 1), absl::UTCTimeZone());
  if (interaction.occur_time == absl::Time()) {
    v.Add(Path(field, "occur_time"), "must be set");
  } else if (interaction.occur_time < earliest) {
    v.Add(Path(field, "occur_time"), "must not be before 2000-01-01");
  } else if (interaction.occur_time > now + absl::Hours(24)) {
    v.Add(Path(field, "occur_time"), "must not be more than 1 day in the future");
  }
  CheckText(v, Path(field, "summary"), interaction.summary, TextRule::Required(1, kMaxTextChars));
  CheckText(v, Path(field, "outcome"), interaction.outcome, TextRule::Optional(kMaxTextChars));
  CheckText(v, Path(field, "next_steps"), interaction.next_steps,
            TextRule::Optional(kMaxTextChars));
  if (interaction.participants.size() > kMaxParticipants) {
    v.Add(Path(field, "participants"),
          absl::StrCat("must have at most ", kMaxParticipants, " entries"));
  }
  for (size_t i = 0; i < interaction.participants.size(); ++i) {
    CheckText(v, Path(field, absl::StrCat("participants[", i, "]")), interaction.participants[i],
              TextRule::Required(1, kMaxParticipantChars));
  }
  if (!interaction.manager_id.empty() && !IsStaffId(interaction.manager_id)) {
    v.Add(Path(field, "manager_id"), "must be 1-64 characters of [a-z0-9._-]");
  }
  return v.ToStatus();
}

bool MaySeeConfidential(const Principal& caller, const Interaction& interaction,
                        const std::string& current_manager_id) {
  if (!interaction.confidential) {
    return true;
  }
  if (caller.HasRole(roles::kRiskOfficer) || caller.HasRole(roles::kAuditor) ||
      caller.HasRole(roles::kAdmin)) {
    return true;
  }
  if (caller.subject.empty()) {
    return false;
  }
  return caller.subject == interaction.created_by || caller.subject == interaction.manager_id ||
         caller.subject == current_manager_id;
}

void Redact(Interaction& interaction) {
  interaction.summary.clear();
  interaction.outcome.clear();
  interaction.next_steps.clear();
  interaction.redacted = true;
}

bool IsStaffId(const std::string& id) {
  if (id.empty() || id.size() > kMaxStaffIdLength) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace ccrm::relationship
