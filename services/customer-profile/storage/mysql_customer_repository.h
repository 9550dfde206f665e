// CustomerRepository on MySQL: customers, their earlier revisions (customer_history), the audit
// trail and the outbox, each write in one transaction. Personal identifiers are encrypted per
// column with the FieldCipher, found by blind index, and kept masked beside the ciphertext so
// masked reads need no decryption.
//
// Statements per call (each a round trip; prepared once per session):
//   Create: [INSERT idempotency key] INSERT customer, INSERT audit, INSERT outbox, COMMIT.
//   Update: SELECT ... FOR UPDATE, INSERT history (the row being replaced), UPDATE, INSERT audit,
//           INSERT outbox, COMMIT.
//   Get / GetAsOf / List: one SELECT, COMMIT.
//
// Example:
//   MySqlCustomerRepository customers(pool.get(), &cipher, &encoder);
//   ASSIGN_OR_RETURN(Customer created, customers.Create(draft, key, write));
//   ASSIGN_OR_RETURN(Customer shown, customers.Get(id, PersonalDataView::kMasked));
#pragma once

#include <optional>
#include <string>

#include "common/crypto/field_cipher.h"
#include "common/mysql/connection_pool.h"
#include "services/customer-profile/domain/repositories.h"
#include "services/customer-profile/storage/personal_data_codec.h"

namespace ccrm::customer {

class MySqlCustomerRepository final : public CustomerRepository {
 public:
  // Borrows all three; they must outlive the repository.
  MySqlCustomerRepository(mysql::ConnectionPool* pool, const FieldCipher* cipher,
                          const EventEncoder* events);

  // As CustomerRepository::Create. The customer is stored with revision 1 and create/update
  // time write.now (to the microsecond); an empty customer_id gets a new UUIDv7. Database errors
  // as RunInTransaction maps them (e.g. UNAVAILABLE); encryption errors as they come.
  absl::StatusOr<Customer> Create(const Customer& customer, const IdempotencyKey& key,
                                  const WriteContext& write) override;
  // As CustomerRepository::Get. kMasked reads the stored masked forms and never decrypts (except
  // rows written before masked forms were stored). kUnmasked decrypts; decrypt errors
  // (FAILED_PRECONDITION ENCRYPTION_KEY_UNKNOWN, DATA_LOSS CIPHERTEXT_INVALID) as they come,
  // never ciphertext in place of a value. The same for GetAsOf and List.
  absl::StatusOr<Customer> Get(const std::string& customer_id, PersonalDataView view) override;
  // The current row when its update_time <= as_of, else the newest earlier revision that is.
  absl::StatusOr<Customer> GetAsOf(const std::string& customer_id, absl::Time as_of,
                                   PersonalDataView view) override;
  // INVALID_ARGUMENT (field "page_token") for an after_key of another list.
  absl::StatusOr<Page<Customer>> List(const CustomerQuery& query, PersonalDataView view) override;
  // As CustomerRepository::Update. The id, create time and revision are the storage's: what
  // `mutate` does to them is ignored. ALREADY_EXISTS (CUSTOMER_ALREADY_EXISTS) when the change
  // gives the customer a unified social credit code another customer has.
  absl::StatusOr<Customer> Update(const std::string& customer_id,
                                  std::optional<int64_t> expected_revision, const Mutation& mutate,
                                  const WriteContext& write) override;
  absl::Status RecordAudit(const AuditRecord& record) override;
  // INVALID_ARGUMENT (field "page_token") for an after_key of another list.
  absl::StatusOr<Page<AuditRecord>> ListAudit(const AuditQuery& query) override;

 private:
  mysql::ConnectionPool* pool_;
  PersonalDataCodec codec_;
  const EventEncoder* events_;
};

}  // namespace ccrm::customer
