#include "services/customer-profile/domain/privacy_policy.h"

#include "common/privacy/masking.h"
#include "common/status/errors.h"
#include "services/customer-profile/domain/personal_identifiers.h"

namespace ccrm::customer {

bool MayUnmask(const Principal& principal) {
  return principal.HasRole(roles::kRelationshipManager) ||
         principal.HasRole(roles::kCreditAnalyst) || principal.HasRole(roles::kRiskOfficer) ||
         principal.HasRole(roles::kAdmin);
}

absl::Status CheckMayUnmask(const Caller& caller) {
  if (MayUnmask(caller.principal)) {
    return absl::OkStatus();
  }
  return WithReason(absl::PermissionDeniedError(
                        "your roles may not see personal identifiers in clear; request the "
                        "masked view"),
                    "UNMASKED_VIEW_NOT_PERMITTED");
}

void NormalizePersonalIdentifiers(Customer& customer) {
  if (!customer.legal_representative_id_number.empty()) {
    customer.legal_representative_id_number =
        NormalizeResidentIdNumber(customer.legal_representative_id_number);
  }
  if (!customer.contact_phone.empty()) {
    customer.contact_phone = NormalizePhoneNumber(customer.contact_phone);
  }
  if (!customer.settlement_account_number.empty()) {
    customer.settlement_account_number =
        NormalizeBankAccountNumber(customer.settlement_account_number);
  }
}

void NormalizePersonalIdentifiers(Contact& contact) {
  if (!contact.id_number.empty()) {
    contact.id_number = NormalizeResidentIdNumber(contact.id_number);
  }
  if (!contact.phone.empty()) {
    contact.phone = NormalizePhoneNumber(contact.phone);
  }
}

void MaskPersonalData(Customer& customer) {
  customer.legal_representative_id_number = MaskIdNumber(customer.legal_representative_id_number);
  customer.contact_phone = MaskPhone(customer.contact_phone);
  customer.settlement_account_number = MaskAccountNumber(customer.settlement_account_number);
}

void MaskPersonalData(Contact& contact) {
  contact.id_number = MaskIdNumber(contact.id_number);
  contact.phone = MaskPhone(contact.phone);
  contact.email = MaskEmail(contact.email);
}

std::vector<std::string> PersonalDataFields(const Customer& customer) {
  std::vector<std::string> fields;
  if (!customer.legal_representative_id_number.empty()) {
    fields.push_back("legal_representative_id_number");
  }
  if (!customer.contact_phone.empty()) {
    fields.push_back("contact_phone");
  }
  if (!customer.settlement_account_number.empty()) {
    fields.push_back("settlement_account_number");
  }
  return fields;
}

std::vector<std::string> PersonalDataFields(const Contact& contact) {
  std::vector<std::string> fields;
  if (!contact.id_number.empty()) {
    fields.push_back("id_number");
  }
  if (!contact.phone.empty()) {
    fields.push_back("phone");
  }
  if (!contact.email.empty()) {
    fields.push_back("email");
  }
  return fields;
}

}  // namespace ccrm::customer
