// Mapping between Customer values and rows of customers / customer_history (the same columns in
// the same order), with the personal identifiers encrypted (and their masked forms kept) on the
// way in, and decrypted or read masked on the way out. Also the parent check every sub-resource
// create makes.
//
// Example:
//   ASSIGN_OR_RETURN(SealedCustomerIdentifiers sealed, SealCustomerIdentifiers(c, codec));
//   sql::PreparedStatement& insert = session.Prepare(CustomerInsertSql("customers"));
//   BindCustomerRow(insert, c, sealed);
//   insert.executeUpdate();
//   ...
//   ASSIGN_OR_RETURN(Customer back, ReadCustomerRow(*rs, codec, PersonalDataView::kMasked));
#pragma once

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/mysql/connection_pool.h"
#include "common/mysql/sql_values.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/privacy_policy.h"
#include "services/customer-profile/storage/personal_data_codec.h"

namespace ccrm::customer {

// Where one personal identifier of a T (Customer, Contact) is stored.
template <typename T>
struct IdentifierColumns {
  PersonalField field;
  const char* ciphertext_column;  // "contact_phone_enc"
  const char* masked_column;      // "contact_phone_masked"
  std::string T::*member;         // &Customer::contact_phone
};

// Reads the identifiers of the current row into `record` as `view` asks. kUnmasked decrypts each
// ciphertext. kMasked reads the stored masked forms and never calls the cipher, except for a
// value whose masked column is NULL while it has a ciphertext (a row written before masked forms
// were stored): that one is decrypted and masked with MaskPersonalData. Decrypt errors as
// PersonalDataCodec::Open returns them (FAILED_PRECONDITION ENCRYPTION_KEY_UNKNOWN, DATA_LOSS
// CIPHERTEXT_INVALID). Throws sql::SQLException.
template <typename T, size_t N>
absl::Status ReadIdentifiers(sql::ResultSet& rs, const PersonalDataCodec& codec,
                             const std::string& row_id, PersonalDataView view,
                             const std::array<IdentifierColumns<T>, N>& columns, T& record) {
  T unmasked;  // clear values of a masked read that has no stored masked form
  std::array<bool, N> masks_here{};
  bool any_masks_here = false;
  for (size_t i = 0; i < N; ++i) {
    const IdentifierColumns<T>& c = columns[i];
    if (view == PersonalDataView::kMasked) {
      std::optional<std::string> masked = mysql::GetOptionalString(rs, c.masked_column);
      if (masked.has_value()) {
        record.*c.member = *std::move(masked);
        continue;
      }
    }
    std::optional<std::string> ciphertext = mysql::GetOptionalString(rs, c.ciphertext_column);
    T& target = view == PersonalDataView::kMasked ? unmasked : record;
    ASSIGN_OR_RETURN(target.*c.member, codec.Open(c.field, row_id, ciphertext));
    if (view == PersonalDataView::kMasked) {
      masks_here[i] = true;
      any_masks_here = true;
    }
  }
  if (any_masks_here) {
    MaskPersonalData(unmasked);
    for (size_t i = 0; i < N; ++i) {
      if (masks_here[i]) {
        record.*columns[i].member = std::move(unmasked.*columns[i].member);
      }
    }
  }
  return absl::OkStatus();
}

// The customer's personal identifiers as stored.
struct SealedCustomerIdentifiers {
  SealedValue legal_representative_id_number;
  SealedValue contact_phone;
  SealedValue settlement_account_number;
};

// Encrypts the customer's identifiers (bound to its customer_id) and keeps their masked forms.
// Encrypt errors as they come.
absl::StatusOr<SealedCustomerIdentifiers> SealCustomerIdentifiers(const Customer& customer,
                                                                  const PersonalDataCodec& codec);

// Every column of customers (and customer_history), comma-separated, in row order.
const std::string& CustomerColumns();
// "INSERT INTO <table> (<columns>) VALUES (?, ...)"; BindCustomerRow binds it.
std::string CustomerInsertSql(const std::string& table);
// "UPDATE customers SET <every column> = ? ... WHERE customer_id = ?"; BindCustomerRow binds the
// SET list, the caller binds the id at CustomerColumnCount() + 1.
const std::string& CustomerUpdateSql();
// "INSERT INTO customer_history (<columns>) SELECT <columns> FROM customers WHERE
// customer_id = ?": keeps the row as it now is, before an update replaces it.
const std::string& CustomerHistorySql();
int CustomerColumnCount();

// Binds every column, from parameter 1 on, in CustomerColumns() order.
void BindCustomerRow(sql::PreparedStatement& stmt, const Customer& customer,
                     const SealedCustomerIdentifiers& sealed);

// The customer in the current row (selected with CustomerColumns()), its identifiers as `view`
// asks (ReadIdentifiers). Decrypt errors as they come (FAILED_PRECONDITION
// ENCRYPTION_KEY_UNKNOWN, DATA_LOSS CIPHERTEXT_INVALID); INTERNAL when a stored amount cannot be
// read.
absl::StatusOr<Customer> ReadCustomerRow(sql::ResultSet& rs, const PersonalDataCodec& codec,
                                         PersonalDataView view);

// NOT_FOUND (reason CUSTOMER_NOT_FOUND) naming the customer.
absl::Status CustomerNotFound(const std::string& customer_id);

// Share-locks the customer a sub-resource is being created under, so it cannot be archived
// until the create commits. NOT_FOUND (CUSTOMER_NOT_FOUND) when there is no such customer,
// FAILED_PRECONDITION (CUSTOMER_ARCHIVED) when it is archived. Throws sql::SQLException.
absl::Status LockParentCustomer(mysql::Session& session, const std::string& customer_id);

}  // namespace ccrm::customer
