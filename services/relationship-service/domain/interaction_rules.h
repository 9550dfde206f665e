// The interaction log's rules: what a valid interaction is, and who may read a confidential one
// in full (others get it with summary, outcome and next steps withheld).
//
// Example:
//   RETURN_IF_ERROR(ValidateInteraction(draft, now, "interaction"));
//   if (!MaySeeConfidential(caller, interaction, current_manager_id)) { Redact(interaction); }
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"

namespace ccrm::relationship {

enum class InteractionKind {
  kUnspecified = 0,
  kVisit = 1,
  kCall = 2,
  kEmail = 3,
  kMeeting = 4,
  kSiteInspection = 5
};

struct Interaction {
  std::string interaction_id;
  std::string customer_id;
  InteractionKind kind = InteractionKind::kUnspecified;
  absl::Time occur_time;
  std::string manager_id;
  std::vector<std::string> participants;
  std::string summary;
  std::string outcome;
  std::string next_steps;
  bool confidential = false;
  bool redacted = false;
  // "" or the engagement id it completes.
  std::string engagement_id;
  std::string created_by;
  absl::Time create_time;
};

// INVALID_ARGUMENT under `field`: a known kind; occur_time set, not more than 1 day in the future
// and not before 2000; summary 1-4000 characters (UTF-8); outcome and next steps ≤ 4000;
// participants ≤ 20, each 1-200; manager_id (when set) 1-64 of [a-z0-9._-].
absl::Status ValidateInteraction(const Interaction& interaction, absl::Time now,
                                 const std::string& field);

// Who sees a confidential interaction in full: the staff member who logged it or is named as
// its manager, the customer's current manager, risk officers, auditors and admins.
bool MaySeeConfidential(const Principal& caller, const Interaction& interaction,
                        const std::string& current_manager_id);

// Withholds summary, outcome and next steps and sets redacted.
void Redact(Interaction& interaction);

// A staff id: 1-64 of [a-z0-9._-].
bool IsStaffId(const std::string& id);

}  // namespace ccrm::relationship
