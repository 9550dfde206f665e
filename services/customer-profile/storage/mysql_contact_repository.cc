#include "services/customer-profile/storage/mysql_contact_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "services/customer-profile/storage/idempotency.h"
#include "services/customer-profile/storage/keyset_page.h"
#include "services/customer-profile/storage/row_values.h"
#include "services/customer-profile/storage/write_trail.h"

namespace ccrm::customer {
namespace {

constexpr char kCollection[] = "contacts";
constexpr char kColumns[] =
    "contact_id, customer_id, role, full_name, title, id_number_enc, id_number_bidx, phone_enc, "
    "phone_bidx, email_enc, email_bidx, is_primary, create_time, update_time, revision";

struct SealedContact {
  SealedValue id_number;
  SealedValue phone;
  SealedValue email;
};

absl::StatusOr<SealedContact> Seal(const Contact& c, const PersonalDataCodec& codec) {
  SealedContact sealed;
  ASSIGN_OR_RETURN(sealed.id_number,
                   codec.Seal(PersonalField::kContactIdNumber, c.contact_id, c.id_number));
  ASSIGN_OR_RETURN(sealed.phone, codec.Seal(PersonalField::kContactPhone, c.contact_id, c.phone));
  ASSIGN_OR_RETURN(sealed.email, codec.Seal(PersonalField::kContactEmail, c.contact_id, c.email));
  return sealed;
}

// Binds role .. revision (every column but the two ids) from `first` on; returns the next index.
int BindMutableColumns(sql::PreparedStatement& stmt, int first, const Contact& c,
                       const SealedContact& sealed) {
  int i = first;
  stmt.setInt(i++, static_cast<int>(c.role));
  stmt.setString(i++, c.full_name);
  stmt.setString(i++, c.title);
  for (const SealedValue* v : {&sealed.id_number, &sealed.phone, &sealed.email}) {
    mysql::SetOptionalString(stmt, i++, v->ciphertext);
    mysql::SetOptionalString(stmt, i++, v->blind_index);
  }
  stmt.setBoolean(i++, c.primary);
  stmt.setString(i++, mysql::SqlTime(c.create_time));
  stmt.setString(i++, mysql::SqlTime(c.update_time));
  stmt.setInt64(i++, c.revision);
  return i;
}

absl::StatusOr<Contact> ReadContact(sql::ResultSet& rs, const PersonalDataCodec& codec) {
  Contact c;
  c.contact_id = rs.getString("contact_id").asStdString();
  c.customer_id = rs.getString("customer_id").asStdString();
  c.role = static_cast<ContactRole>(rs.getInt("role"));
  c.full_name = rs.getString("full_name").asStdString();
  c.title = rs.getString("title").asStdString();
  ASSIGN_OR_RETURN(c.id_number, codec.Open(PersonalField::kContactIdNumber, c.contact_id,
                                           mysql::GetOptionalString(rs, "id_number_enc")));
  ASSIGN_OR_RETURN(c.phone, codec.Open(PersonalField::kContactPhone, c.contact_id,
                                       mysql::GetOptionalString(rs, "phone_enc")));
  ASSIGN_OR_RETURN(c.email, codec.Open(PersonalField::kContactEmail, c.contact_id,
                                       mysql::GetOptionalString(rs, "email_enc")));
  c.primary = rs.getBoolean("is_primary");
  c.create_time = mysql::GetTime(rs, "create_time");
  c.update_time = mysql::GetTime(rs, "update_time");
  c.revision = rs.getInt64("revision");
  return c;
}

absl::Status ContactNotFound(const std::string& customer_id, const std::string& contact_id) {
  return WithReason(absl::NotFoundError(absl::StrCat(
                        ChildResourceName(customer_id, kCollection, contact_id), " not found")),
                    "CONTACT_NOT_FOUND");
}

absl::StatusOr<Contact> SelectContact(mysql::Session& s, const PersonalDataCodec& codec,
                                      const std::string& customer_id, const std::string& contact_id,
                                      bool for_update) {
  static const auto* plain = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM contacts WHERE contact_id = ? AND customer_id = ?"));
  static const auto* locking = new std::string(absl::StrCat(*plain, " FOR UPDATE"));
  sql::PreparedStatement& select = s.Prepare(for_update ? *locking : *plain);
  select.setString(1, contact_id);
  select.setString(2, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return ContactNotFound(customer_id, contact_id);
  }
  return ReadContact(*rs, codec);
}

}  // namespace

MySqlContactRepository::MySqlContactRepository(mysql::ConnectionPool* pool,
                                               const FieldCipher* cipher)
    : pool_(pool), codec_(cipher) {}

absl::StatusOr<Contact> MySqlContactRepository::Create(const Contact& contact,
                                                       const IdempotencyKey& key,
                                                       const WriteContext& write) {
  Contact stored = contact;
  if (stored.contact_id.empty()) {
    stored.contact_id = NewUuidV7(write.now);
  }
  stored.create_time = TruncateToMicros(write.now);
  stored.update_time = stored.create_time;
  stored.revision = 1;
  ASSIGN_OR_RETURN(SealedContact sealed, Seal(stored, codec_));
  const std::string name = ChildResourceName(stored.customer_id, kCollection, stored.contact_id);
  const std::string scope = absl::StrCat("contacts.create:", stored.customer_id);

  return mysql::RunInTransaction<Contact>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Contact> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         ClaimRequestId(s, scope, key, name, write.now));
        if (earlier.has_value()) {
          return SelectContact(s, codec_, stored.customer_id, LastNameSegment(*earlier),
                               /*for_update=*/false);
        }
        RETURN_IF_ERROR(LockParentCustomer(s, stored.customer_id));
        sql::PreparedStatement& insert =
            s.Prepare(absl::StrCat("INSERT INTO contacts (", kColumns,
                                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        insert.setString(1, stored.contact_id);
        insert.setString(2, stored.customer_id);
        BindMutableColumns(insert, 3, stored, sealed);
        insert.executeUpdate();
        InsertAuditRecord(s, AuditOf(write, "contact.create", name, stored.customer_id, {}));
        return stored;
      });
}

absl::StatusOr<Contact> MySqlContactRepository::Get(const std::string& customer_id,
                                                    const std::string& contact_id) {
  return mysql::RunInTransaction<Contact>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Contact> {
        return SelectContact(s, codec_, customer_id, contact_id, /*for_update=*/false);
      });
}

absl::StatusOr<Page<Contact>> MySqlContactRepository::List(const std::string& customer_id,
                                                           const PageQuery& page) {
  RETURN_IF_ERROR(CheckAfterKey(page, 2));
  const int limit = PageLimit(page);
  std::string after_time;
  if (!page.after_key.empty()) {
    ASSIGN_OR_RETURN(absl::Time t, ParseTimeKey(page.after_key[0]));
    after_time = mysql::SqlTime(t);
  }
  const std::string base =
      absl::StrCat("SELECT ", kColumns, " FROM contacts WHERE customer_id = ?");
  const std::string sql =
      absl::StrCat(base,
                   page.after_key.empty() ? ""
                                          : KeysetCondition("create_time", "contact_id",
                                                            /*descending=*/false),
                   " ORDER BY create_time, contact_id LIMIT ?");
  ASSIGN_OR_RETURN(std::vector<Contact> rows,
                   mysql::RunInTransaction<std::vector<Contact>>(
                       *pool_, mysql::TxOptions{},
                       [&](mysql::Session& s) -> absl::StatusOr<std::vector<Contact>> {
                         sql::PreparedStatement& select = s.Prepare(sql);
                         int i = 1;
                         select.setString(i++, customer_id);
                         if (!page.after_key.empty()) {
                           select.setString(i++, after_time);
                           select.setString(i++, after_time);
                           select.setString(i++, page.after_key[1]);
                         }
                         select.setInt(i, limit + 1);
                         std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
                         std::vector<Contact> out;
                         while (rs->next()) {
                           ASSIGN_OR_RETURN(Contact c, ReadContact(*rs, codec_));
                           out.push_back(std::move(c));
                         }
                         return out;
                       }));
  return FinishPage(std::move(rows), limit, [](const Contact& c) {
    return std::vector<std::string>{mysql::SqlTime(c.create_time), c.contact_id};
  });
}

absl::StatusOr<Contact> MySqlContactRepository::Update(const std::string& customer_id,
                                                       const std::string& contact_id,
                                                       std::optional<int64_t> expected_revision,
                                                       const Mutation& mutate,
                                                       const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kCollection, contact_id);
  return mysql::RunInTransaction<Contact>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Contact> {
        ASSIGN_OR_RETURN(Contact current,
                         SelectContact(s, codec_, customer_id, contact_id, /*for_update=*/true));
        if (expected_revision.has_value() && *expected_revision != current.revision) {
          return RevisionMismatch(name, *expected_revision, current.revision);
        }
        Contact next = current;
        ASSIGN_OR_RETURN(std::vector<std::string> changed, mutate(next));
        next.contact_id = current.contact_id;
        next.customer_id = current.customer_id;
        next.create_time = current.create_time;
        next.update_time = TruncateToMicros(write.now);
        next.revision = current.revision + 1;
        ASSIGN_OR_RETURN(SealedContact sealed, Seal(next, codec_));
        sql::PreparedStatement& update = s.Prepare(
            "UPDATE contacts SET role = ?, full_name = ?, title = ?, id_number_enc = ?, "
            "id_number_bidx = ?, phone_enc = ?, phone_bidx = ?, email_enc = ?, email_bidx = ?, "
            "is_primary = ?, create_time = ?, update_time = ?, revision = ? "
            "WHERE contact_id = ?");
        const int id_index = BindMutableColumns(update, 1, next, sealed);
        update.setString(id_index, contact_id);
        update.executeUpdate();
        InsertAuditRecord(s, AuditOf(write, "contact.update", name, customer_id, changed));
        return next;
      });
}

absl::StatusOr<Contact> MySqlContactRepository::Delete(const std::string& customer_id,
                                                       const std::string& contact_id,
                                                       std::optional<int64_t> expected_revision,
                                                       const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kCollection, contact_id);
  return mysql::RunInTransaction<Contact>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<Contact> {
        ASSIGN_OR_RETURN(Contact current,
                         SelectContact(s, codec_, customer_id, contact_id, /*for_update=*/true));
        if (expected_revision.has_value() && *expected_revision != current.revision) {
          return RevisionMismatch(name, *expected_revision, current.revision);
        }
        sql::PreparedStatement& del = s.Prepare("DELETE FROM contacts WHERE contact_id = ?");
        del.setString(1, contact_id);
        del.executeUpdate();
        InsertAuditRecord(s, AuditOf(write, "contact.delete", name, customer_id, {}));
        return current;
      });
}

}  // namespace ccrm::customer
