#include "services/customer-profile/storage/mysql_contact_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <array>

#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/storage/child_queries.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "services/customer-profile/storage/row_values.h"
#include "services/customer-profile/storage/write_trail.h"

namespace ccrm::customer {
namespace {

constexpr char kCollection[] = "contacts";
constexpr char kColumns[] =
    "contact_id, customer_id, role, full_name, title, id_number_enc, id_number_bidx, "
    "id_number_masked, phone_enc, phone_bidx, phone_masked, email_enc, email_bidx, email_masked, "
    "is_primary, create_time, update_time, revision";

const std::array<IdentifierColumns<Contact>, 3>& ContactIdentifierColumns() {
  static const std::array<IdentifierColumns<Contact>, 3> columns = {{
      {PersonalField::kContactIdNumber, "id_number_enc", "id_number_masked", &Contact::id_number},
      {PersonalField::kContactPhone, "phone_enc", "phone_masked", &Contact::phone},
      {PersonalField::kContactEmail, "email_enc", "email_masked", &Contact::email},
  }};
  return columns;
}

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
  Contact masked = c;
  MaskPersonalData(masked);
  sealed.id_number.masked = masked.id_number;
  sealed.phone.masked = masked.phone;
  sealed.email.masked = masked.email;
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
    mysql::SetOptionalString(stmt, i++, v->masked);
  }
  stmt.setBoolean(i++, c.primary);
  stmt.setString(i++, mysql::SqlTime(c.create_time));
  stmt.setString(i++, mysql::SqlTime(c.update_time));
  stmt.setInt64(i++, c.revision);
  return i;
}

absl::StatusOr<Contact> ReadContact(sql::ResultSet& rs, const PersonalDataCodec& codec,
                                    PersonalDataView view) {
  Contact c;
  c.contact_id = rs.getString("contact_id").asStdString();
  c.customer_id = rs.getString("customer_id").asStdString();
  c.role = static_cast<ContactRole>(rs.getInt("role"));
  c.full_name = rs.getString("full_name").asStdString();
  c.title = rs.getString("title").asStdString();
  RETURN_IF_ERROR(ReadIdentifiers(rs, codec, c.contact_id, view, ContactIdentifierColumns(), c));
  c.primary = rs.getBoolean("is_primary");
  c.create_time = mysql::GetTime(rs, "create_time");
  c.update_time = mysql::GetTime(rs, "update_time");
  c.revision = rs.getInt64("revision");
  return c;
}

// ReadContact as the child queries call it; identifiers in clear unless `view` says masked.
struct ContactReader {
  const PersonalDataCodec* codec;
  PersonalDataView view = PersonalDataView::kUnmasked;
  absl::StatusOr<Contact> operator()(sql::ResultSet& rs) const {
    return ReadContact(rs, *codec, view);
  }
};

constexpr ChildTable kContacts{.table = "contacts",
                               .id_column = "contact_id",
                               .columns = kColumns,
                               .collection = kCollection,
                               .not_found_reason = "CONTACT_NOT_FOUND",
                               .create_scope = "contacts.create"};

}  // namespace

MySqlContactRepository::MySqlContactRepository(mysql::ConnectionPool* pool,
                                               const FieldCipher* cipher)
    : pool_(pool), codec_(cipher) {}

absl::StatusOr<Contact> MySqlContactRepository::Create(const Contact& contact,
                                                       const IdempotencyKey& key,
                                                       const WriteContext& write) {
  Contact stored = NewChild(contact, &Contact::contact_id, write.now);
  stored.update_time = stored.create_time;
  stored.revision = 1;
  ASSIGN_OR_RETURN(SealedContact sealed, Seal(stored, codec_));
  const std::string name = ChildResourceName(stored.customer_id, kCollection, stored.contact_id);
  return CreateChildOnce<Contact>(
      *pool_, kContacts, stored.customer_id, stored.contact_id, key, write.now,
      ContactReader{&codec_}, [&](mysql::Session& s) -> absl::StatusOr<Contact> {
        RETURN_IF_ERROR(LockParentCustomer(s, stored.customer_id));
        sql::PreparedStatement& insert = s.Prepare(InsertChildSql(kContacts));
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
  return GetChild<Contact>(*pool_, kContacts, customer_id, contact_id, ContactReader{&codec_});
}

absl::StatusOr<Page<Contact>> MySqlContactRepository::List(const std::string& customer_id,
                                                           const PageQuery& page,
                                                           PersonalDataView view) {
  return ListChildren(*pool_, kContacts, &Contact::contact_id, customer_id, page,
                      ContactReader{&codec_, view});
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
                         LockChildAtRevision<Contact>(s, kContacts, customer_id, contact_id,
                                                      expected_revision, ContactReader{&codec_}));
        ASSIGN_OR_RETURN(Revision<Contact> next,
                         ReviseChild(current, &Contact::contact_id, mutate, write.now));
        ASSIGN_OR_RETURN(SealedContact sealed, Seal(next.row, codec_));
        sql::PreparedStatement& update = s.Prepare(UpdateChildSql(kContacts));
        const int id_index = BindMutableColumns(update, 1, next.row, sealed);
        update.setString(id_index, contact_id);
        update.executeUpdate();
        InsertAuditRecord(s,
                          AuditOf(write, "contact.update", name, customer_id, next.changed_fields));
        return next.row;
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
                         LockChildAtRevision<Contact>(s, kContacts, customer_id, contact_id,
                                                      expected_revision, ContactReader{&codec_}));
        DeleteChildRow(s, kContacts, contact_id);
        InsertAuditRecord(s, AuditOf(write, "contact.delete", name, customer_id, {}));
        return current;
      });
}

}  // namespace ccrm::customer
