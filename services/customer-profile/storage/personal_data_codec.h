// Encryption at rest of the personal identifiers customer-profile stores (legal representatives'
// and contacts' ID numbers, phone numbers, settlement account numbers, contacts' e-mail): each
// value becomes a FieldCipher ciphertext bound to its place by the associated data
// "<table>.<column>:<row id>", plus a blind index of its normalised form for exact look-ups.
// Empty values are stored as NULL (no ciphertext, no index).
//
// Example:
//   PersonalDataCodec codec(&cipher);
//   ASSIGN_OR_RETURN(SealedValue phone,
//                    codec.Seal(PersonalField::kCustomerContactPhone, id, c.contact_phone));
//   // store phone.ciphertext in contact_phone_enc, phone.blind_index in contact_phone_bidx
//   // (and the masked form, filled in by the row mapper, in contact_phone_masked)
//   ASSIGN_OR_RETURN(c.contact_phone,
//                    codec.Open(PersonalField::kCustomerContactPhone, id, stored_ciphertext));
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/crypto/field_cipher.h"

namespace ccrm::customer {

enum class PersonalField {
  kCustomerLegalRepresentativeIdNumber,
  kCustomerContactPhone,
  kCustomerSettlementAccountNumber,
  kContactIdNumber,
  kContactPhone,
  kContactEmail,
};

// A value as stored: all empty for an empty value (bound as NULL).
struct SealedValue {
  std::string ciphertext;
  std::string blind_index;
  // The value as MaskPersonalData shows it, for <column>_masked. Seal leaves it empty; the row
  // mappers fill it.
  std::string masked;
};

class PersonalDataCodec final {
 public:
  // `cipher` must outlive the codec.
  explicit PersonalDataCodec(const FieldCipher* cipher) : cipher_(cipher) {}

  // Encrypts `value` under the active key for `field` of row `row_id`. Errors of
  // FieldCipher::Encrypt (INVALID_ARGUMENT, INTERNAL) as they come.
  absl::StatusOr<SealedValue> Seal(PersonalField field, const std::string& row_id,
                                   const std::string& value) const;

  // The clear value of a stored ciphertext; "" for NULL. FieldCipher::Decrypt's errors
  // (FAILED_PRECONDITION ENCRYPTION_KEY_UNKNOWN, DATA_LOSS CIPHERTEXT_INVALID) as they come, the
  // message naming the column and row (never the value).
  absl::StatusOr<std::string> Open(PersonalField field, const std::string& row_id,
                                   const std::optional<std::string>& ciphertext) const;

  // The blind index of `value` after the field's normalisation ("" for an empty value), for
  // look-ups by exact value.
  std::string BlindIndex(PersonalField field, const std::string& value) const;

  // "<table>.<column>:<row_id>", e.g. "customers.contact_phone:0193...".
  static std::string AssociatedData(PersonalField field, const std::string& row_id);

 private:
  const FieldCipher* cipher_;
};

}  // namespace ccrm::customer
