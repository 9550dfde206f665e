#include "services/customer-profile/storage/personal_data_codec.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "services/customer-profile/domain/personal_identifiers.h"

namespace ccrm::customer {
namespace {

const char* TableAndColumn(PersonalField field) {
  switch (field) {
    case PersonalField::kCustomerLegalRepresentativeIdNumber:
      return "customers.legal_representative_id_number";
    case PersonalField::kCustomerContactPhone:
      return "customers.contact_phone";
    case PersonalField::kCustomerSettlementAccountNumber:
      return "customers.settlement_account_number";
    case PersonalField::kContactIdNumber:
      return "contacts.id_number";
    case PersonalField::kContactPhone:
      return "contacts.phone";
    case PersonalField::kContactEmail:
      return "contacts.email";
  }
  return "unknown.unknown";
}

std::string Normalize(PersonalField field, const std::string& value) {
  switch (field) {
    case PersonalField::kCustomerLegalRepresentativeIdNumber:
    case PersonalField::kContactIdNumber:
      return NormalizeResidentIdNumber(value);
    case PersonalField::kCustomerContactPhone:
    case PersonalField::kContactPhone:
      return NormalizePhoneNumber(value);
    case PersonalField::kCustomerSettlementAccountNumber:
      return NormalizeBankAccountNumber(value);
    case PersonalField::kContactEmail:
      return absl::AsciiStrToLower(absl::StripAsciiWhitespace(value));
  }
  return value;
}

}  // namespace

std::string PersonalDataCodec::AssociatedData(PersonalField field, const std::string& row_id) {
  return absl::StrCat(TableAndColumn(field), ":", row_id);
}

absl::StatusOr<SealedValue> PersonalDataCodec::Seal(PersonalField field, const std::string& row_id,
                                                    const std::string& value) const {
  SealedValue sealed;
  if (value.empty()) {
    return sealed;
  }
  absl::StatusOr<std::string> ciphertext = cipher_->Encrypt(value, AssociatedData(field, row_id));
  if (!ciphertext.ok()) {
    return ciphertext.status();
  }
  sealed.ciphertext = *std::move(ciphertext);
  sealed.blind_index = BlindIndex(field, value);
  return sealed;
}

absl::StatusOr<std::string> PersonalDataCodec::Open(
    PersonalField field, const std::string& row_id,
    const std::optional<std::string>& ciphertext) const {
  if (!ciphertext.has_value() || ciphertext->empty()) {
    return std::string();
  }
  absl::StatusOr<std::string> clear = cipher_->Decrypt(*ciphertext, AssociatedData(field, row_id));
  if (!clear.ok()) {
    // Keep the code and reason; say which stored value failed (never the value itself).
    absl::Status named(clear.status().code(),
                       absl::StrCat("cannot decrypt ", TableAndColumn(field), " of row ", row_id,
                                    ": ", clear.status().message()));
    const std::string reason = ErrorReason(clear.status());
    return reason.empty() ? named : WithReason(std::move(named), reason);
  }
  return *std::move(clear);
}

std::string PersonalDataCodec::BlindIndex(PersonalField field, const std::string& value) const {
  if (value.empty()) {
    return std::string();
  }
  return cipher_->BlindIndex(Normalize(field, value));
}

}  // namespace ccrm::customer
