// ContactRepository on MySQL: a customer's contacts, with their ID number, phone and e-mail
// encrypted per column (blind-indexed for exact look-ups, and kept masked beside the ciphertext
// for masked reads without decryption), and an audit record per write.
//
// Statements per call: Create [INSERT idempotency key] SELECT parent LOCK IN SHARE MODE, INSERT,
// INSERT audit, COMMIT; Update/Delete SELECT ... FOR UPDATE, UPDATE/DELETE, INSERT audit,
// COMMIT; Get/List one SELECT, COMMIT.
//
// Example:
//   MySqlContactRepository contacts(pool.get(), &cipher);
//   ASSIGN_OR_RETURN(Contact c, contacts.Create(draft, key, write));
//   ASSIGN_OR_RETURN(Page<Contact> shown,
//                    contacts.List(customer_id, PageQuery{}, PersonalDataView::kMasked));
#pragma once

#include <optional>
#include <string>

#include "common/crypto/field_cipher.h"
#include "common/mysql/connection_pool.h"
#include "services/customer-profile/domain/repositories.h"
#include "services/customer-profile/storage/personal_data_codec.h"

namespace ccrm::customer {

class MySqlContactRepository final : public ContactRepository {
 public:
  // Borrows both; they must outlive the repository.
  MySqlContactRepository(mysql::ConnectionPool* pool, const FieldCipher* cipher);

  // As ContactRepository::Create; the contact gets revision 1, create/update time write.now and,
  // when its contact_id is empty, a new UUIDv7. Database errors as RunInTransaction maps them.
  absl::StatusOr<Contact> Create(const Contact& contact, const IdempotencyKey& key,
                                 const WriteContext& write) override;
  // NOT_FOUND (CONTACT_NOT_FOUND); decrypt errors as they come.
  absl::StatusOr<Contact> Get(const std::string& customer_id,
                              const std::string& contact_id) override;
  // Oldest first; empty for an unknown customer. INVALID_ARGUMENT ("page_token") for a key of
  // another list. kMasked reads the stored masked forms and never decrypts (except rows written
  // before masked forms were stored); kUnmasked decrypts, its errors as they come.
  absl::StatusOr<Page<Contact>> List(const std::string& customer_id, const PageQuery& page,
                                     PersonalDataView view) override;
  // NOT_FOUND (CONTACT_NOT_FOUND), ABORTED (ETAG_MISMATCH), or what `mutate` returns (nothing
  // written). Ids, create time and revision are the storage's.
  absl::StatusOr<Contact> Update(const std::string& customer_id, const std::string& contact_id,
                                 std::optional<int64_t> expected_revision, const Mutation& mutate,
                                 const WriteContext& write) override;
  // NOT_FOUND (CONTACT_NOT_FOUND), ABORTED (ETAG_MISMATCH).
  absl::StatusOr<Contact> Delete(const std::string& customer_id, const std::string& contact_id,
                                 std::optional<int64_t> expected_revision,
                                 const WriteContext& write) override;

 private:
  mysql::ConnectionPool* pool_;
  PersonalDataCodec codec_;
};

}  // namespace ccrm::customer
