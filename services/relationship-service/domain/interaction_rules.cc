#include "services/relationship-service/domain/interaction_rules.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

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

// The number of code points in `text`, or nullopt when it is not well-formed UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF are rejected).
std::optional<size_t> Utf8Length(const std::string& text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<uint8_t>(text[i]);
    size_t extra = 0;
    uint32_t code_point = 0;
    uint32_t min_code_point = 0;
    if (lead < 0x80) {
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      code_point = lead & 0x1F;
      min_code_point = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      code_point = lead & 0x0F;
      min_code_point = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      code_point = lead & 0x07;
      min_code_point = 0x10000;
    } else {
      return std::nullopt;
    }
    if (i + extra >= text.size()) {
      return std::nullopt;
    }
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return std::nullopt;
      }
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return std::nullopt;
    }
    i += extra + 1;
    ++count;
  }
  return count;
}

// Adds a violation when `text` is malformed UTF-8 or longer than `max_chars` code points, or
// (when `required`) blank.
void CheckText(const std::string& text, size_t max_chars, bool required, const std::string& path,
               FieldViolations& v) {
  const std::optional<size_t> length = Utf8Length(text);
  if (!length.has_value()) {
    v.Add(path, "must be valid UTF-8");
  } else if (required && absl::StripAsciiWhitespace(text).empty()) {
    v.Add(path, "must not be empty");
  } else if (*length > max_chars) {
    v.Add(path, absl::StrCat("must be at most ", max_chars, " characters"));
  }
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
  CheckText(interaction.summary, kMaxTextChars, true, Path(field, "summary"), v);
  CheckText(interaction.outcome, kMaxTextChars, false, Path(field, "outcome"), v);
  CheckText(interaction.next_steps, kMaxTextChars, false, Path(field, "next_steps"), v);
  if (interaction.participants.size() > kMaxParticipants) {
    v.Add(Path(field, "participants"),
          absl::StrCat("must have at most ", kMaxParticipants, " entries"));
  }
  for (size_t i = 0; i < interaction.participants.size(); ++i) {
    CheckText(interaction.participants[i], kMaxParticipantChars, true,
              Path(field, absl::StrCat("participants[", i, "]")), v);
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
