// Who may see personal identifiers in clear, and masking for everyone else. Unmasked reads are
// opt-in per request (view = UNMASKED) and each one is written to the audit trail by the caller
// of these functions before any clear value is returned.
//
// Example:
//   if (view == PersonalDataView::kUnmasked) { RETURN_IF_ERROR(CheckMayUnmask(caller)); ... }
//   ASSIGN_OR_RETURN(Customer c, repository->Get(id, view));  // masked by the repository
//   ...
//   MaskPersonalData(created);  // a write returns clear values
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/customer.h"

namespace ccrm::customer {

enum class PersonalDataView { kMasked, kUnmasked };

// Roles with a business need to see identifiers in clear: relationship managers (KYC), credit
// analysts (credit-bureau queries), risk officers (collection, litigation) and admins. Auditors
// and services see masked values.
bool MayUnmask(const Principal& principal);

// PERMISSION_DENIED (reason UNMASKED_VIEW_NOT_PERMITTED) unless MayUnmask.
absl::Status CheckMayUnmask(const Caller& caller);

// Puts identifiers in their stored form (no spaces or dashes, "+86" dropped, ID check letter
// upper-cased) before validation, storage and blind-indexing, so equal values compare equal.
void NormalizePersonalIdentifiers(Customer& customer);
void NormalizePersonalIdentifiers(Contact& contact);

// Replaces each personal identifier by its masked form (common/privacy/masking.h). The one
// definition of the masked forms: storage keeps this function's output beside each ciphertext and
// returns it for PersonalDataView::kMasked reads. Not idempotent (a masked phone is no longer a
// phone number): never apply it to values that are already masked.
void MaskPersonalData(Customer& customer);
void MaskPersonalData(Contact& contact);

// Paths of the personal identifiers that hold a value (what an unmasked read reveals).
std::vector<std::string> PersonalDataFields(const Customer& customer);
std::vector<std::string> PersonalDataFields(const Contact& contact);

}  // namespace ccrm::customer
