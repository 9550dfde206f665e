// Mapping between Customer values and rows of customers / customer_history (the same columns in
// the same order), with the personal identifiers encrypted on the way in and decrypted on the
// way out. Also the parent check every sub-resource create makes.
//
// Example:
//   ASSIGN_OR_RETURN(SealedCustomerIdentifiers sealed, SealCustomerIdentifiers(c, codec));
//   sql::PreparedStatement& insert = session.Prepare(CustomerInsertSql("customers"));
//   BindCustomerRow(insert, c, sealed);
//   insert.executeUpdate();
//   ...
//   ASSIGN_OR_RETURN(Customer back, ReadCustomerRow(*rs, codec));
#pragma once

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/mysql/connection_pool.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/storage/personal_data_codec.h"

namespace ccrm::customer {

// The customer's personal identifiers as stored.
struct SealedCustomerIdentifiers {
  SealedValue legal_representative_id_number;
  SealedValue contact_phone;
  SealedValue settlement_account_number;
};

// Encrypts the customer's identifiers (bound to its customer_id). Encrypt errors as they come.
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
// customer_id = ?": records the row as it now is.
const std::string& CustomerHistorySql();
int CustomerColumnCount();

// Binds every column, from parameter 1 on, in CustomerColumns() order.
void BindCustomerRow(sql::PreparedStatement& stmt, const Customer& customer,
                     const SealedCustomerIdentifiers& sealed);

// The customer in the current row (selected with CustomerColumns()). Decrypt errors as they
// come (FAILED_PRECONDITION ENCRYPTION_KEY_UNKNOWN, DATA_LOSS CIPHERTEXT_INVALID); INTERNAL
// when a stored amount cannot be read.
absl::StatusOr<Customer> ReadCustomerRow(sql::ResultSet& rs, const PersonalDataCodec& codec);

// NOT_FOUND (reason CUSTOMER_NOT_FOUND) naming the customer.
absl::Status CustomerNotFound(const std::string& customer_id);

// Share-locks the customer a sub-resource is being created under, so it cannot be archived
// until the create commits. NOT_FOUND (CUSTOMER_NOT_FOUND) when there is no such customer,
// FAILED_PRECONDITION (CUSTOMER_ARCHIVED) when it is archived. Throws sql::SQLException.
absl::Status LockParentCustomer(mysql::Session& session, const std::string& customer_id);

}  // namespace ccrm::customer
