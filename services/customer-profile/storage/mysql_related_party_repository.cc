#include "services/customer-profile/storage/mysql_related_party_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/mysql/sql_error.h"
#include "common/mysql/sql_values.h"
#include "common/mysql/transaction.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/storage/child_queries.h"
#include "services/customer-profile/storage/customer_rows.h"
#include "common/mysql/query_params.h"
#include "services/customer-profile/storage/row_values.h"
#include "services/customer-profile/storage/write_trail.h"

namespace ccrm::customer {
namespace {

constexpr char kCollection[] = "relatedParties";
constexpr char kColumns[] =
    "related_party_id, customer_id, relation_type, related_customer_id, party_name, "
    "party_unified_social_credit_code, shareholding_bps, create_time";

// Who the party is, for the "same relation to the same party once" rule.
std::string PartyKey(const RelatedParty& p) {
  if (!p.related_customer_id.empty()) {
    return absl::StrCat("c:", p.related_customer_id);
  }
  if (!p.party_unified_social_credit_code.empty()) {
    return absl::StrCat("u:", p.party_unified_social_credit_code);
  }
  return absl::StrCat("n:", p.party_name);
}

RelatedParty ReadParty(sql::ResultSet& rs) {
  RelatedParty p;
  p.related_party_id = rs.getString("related_party_id").asStdString();
  p.customer_id = rs.getString("customer_id").asStdString();
  p.relation_type = static_cast<RelationType>(rs.getInt("relation_type"));
  p.related_customer_id = mysql::GetOptionalString(rs, "related_customer_id").value_or("");
  p.party_name = rs.getString("party_name").asStdString();
  p.party_unified_social_credit_code =
      rs.getString("party_unified_social_credit_code").asStdString();
  p.shareholding_bps = rs.getInt("shareholding_bps");
  p.create_time = mysql::GetTime(rs, "create_time");
  return p;
}

// Share-locks the customer the edge is recorded on and, when set, the related customer (one
// round trip), and copies the related customer's name and code onto the edge.
absl::Status LockEndpoints(mysql::Session& s, RelatedParty& party) {
  sql::PreparedStatement& select = s.Prepare(
      "SELECT customer_id, archived, legal_name, unified_social_credit_code FROM customers "
      "WHERE customer_id IN (?, ?) LOCK IN SHARE MODE");
  const std::string& related =
      party.related_customer_id.empty() ? party.customer_id : party.related_customer_id;
  select.setString(1, party.customer_id);
  select.setString(2, related);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  bool parent_found = false;
  bool parent_archived = false;
  bool related_found = false;
  while (rs->next()) {
    const std::string id = rs->getString("customer_id");
    if (id == party.customer_id) {
      parent_found = true;
      parent_archived = rs->getBoolean("archived");
    }
    if (!party.related_customer_id.empty() && id == party.related_customer_id) {
      related_found = true;
      party.party_name = rs->getString("legal_name").asStdString();
      party.party_unified_social_credit_code =
          mysql::GetOptionalString(*rs, "unified_social_credit_code").value_or("");
    }
  }
  if (!parent_found) {
    return CustomerNotFound(party.customer_id);
  }
  if (parent_archived) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat("customer ", party.customer_id,
                                                   " is archived; its records are read-only")),
        "CUSTOMER_ARCHIVED");
  }
  if (!party.related_customer_id.empty() && !related_found) {
    return WithReason(
        absl::NotFoundError(absl::StrCat("related_party.related_customer_id: customer ",
                                         party.related_customer_id, " not found")),
        "CUSTOMER_NOT_FOUND");
  }
  return absl::OkStatus();
}

constexpr ChildTable kParties{.table = "related_parties",
                              .id_column = "related_party_id",
                              .columns = kColumns,
                              .collection = kCollection,
                              .not_found_reason = "RELATED_PARTY_NOT_FOUND",
                              .create_scope = "related_parties.create"};

}  // namespace

MySqlRelatedPartyRepository::MySqlRelatedPartyRepository(mysql::ConnectionPool* pool,
                                                         const EventEncoder* events)
    : pool_(pool), events_(events) {}

absl::StatusOr<RelatedParty> MySqlRelatedPartyRepository::Create(const RelatedParty& party,
                                                                 const IdempotencyKey& key,
                                                                 const WriteContext& write) {
  const RelatedParty draft = NewChild(party, &RelatedParty::related_party_id, write.now);
  const std::string name =
      ChildResourceName(draft.customer_id, kCollection, draft.related_party_id);
  return CreateChildOnce<RelatedParty>(
      *pool_, kParties, draft.customer_id, draft.related_party_id, key, write.now, ReadParty,
      [&](mysql::Session& s) -> absl::StatusOr<RelatedParty> {
        RelatedParty stored = draft;
        RETURN_IF_ERROR(LockEndpoints(s, stored));
        try {
          sql::PreparedStatement& insert =
              s.Prepare(absl::StrCat("INSERT INTO related_parties (", kColumns,
                                     ", party_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
          insert.setString(1, stored.related_party_id);
          insert.setString(2, stored.customer_id);
          insert.setInt(3, static_cast<int>(stored.relation_type));
          mysql::SetOptionalString(insert, 4, stored.related_customer_id);
          insert.setString(5, stored.party_name);
          insert.setString(6, stored.party_unified_social_credit_code);
          insert.setInt(7, stored.shareholding_bps);
          insert.setString(8, mysql::SqlTime(stored.create_time));
          insert.setString(9, PartyKey(stored));
          insert.executeUpdate();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == mysql::kErrDuplicateKey) {
            return WithReason(
                absl::AlreadyExistsError(absl::StrCat("customer ", stored.customer_id,
                                                      " already records this party as ",
                                                      RelationTypeLabel(stored.relation_type))),
                "RELATED_PARTY_ALREADY_EXISTS");
          }
          throw;
        }
        InsertAuditRecord(s, AuditOf(write, "related_party.create", name, stored.customer_id, {}));
        events::AppendEvent(s, events_->RelatedPartyChanged(stored, /*removed=*/false, write), write);
        return stored;
      });
}

absl::StatusOr<Page<RelatedParty>> MySqlRelatedPartyRepository::List(const std::string& customer_id,
                                                                     const PageQuery& page) {
  return ListChildren(*pool_, kParties, &RelatedParty::related_party_id, customer_id, page,
                      ReadParty);
}

absl::StatusOr<RelatedParty> MySqlRelatedPartyRepository::Delete(
    const std::string& customer_id, const std::string& related_party_id,
    const WriteContext& write) {
  const std::string name = ChildResourceName(customer_id, kCollection, related_party_id);
  return mysql::RunInTransaction<RelatedParty>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<RelatedParty> {
        RETURN_IF_ERROR(LockParentCustomer(s, customer_id));
        ASSIGN_OR_RETURN(RelatedParty current,
                         SelectChild<RelatedParty>(s, kParties, customer_id, related_party_id,
                                                   RowLock::kForUpdate, ReadParty));
        DeleteChildRow(s, kParties, related_party_id);
        InsertAuditRecord(s, AuditOf(write, "related_party.delete", name, customer_id, {}));
        events::AppendEvent(s, events_->RelatedPartyChanged(current, /*removed=*/true, write), write);
        return current;
      });
}

absl::StatusOr<std::vector<RelatedParty>> MySqlRelatedPartyRepository::EdgesTouching(
    const std::string& customer_id) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kColumns, " FROM related_parties WHERE customer_id = ? UNION SELECT ",
                   kColumns, " FROM related_parties WHERE related_customer_id = ? ",
                   "ORDER BY create_time, related_party_id"));
  mysql::QueryParams params;
  params.AddString(customer_id);
  params.AddString(customer_id);
  return mysql::ReadAllRows<RelatedParty>(*pool_, *sql, params, ReadParty);
}

absl::StatusOr<std::pair<std::string, std::string>> MySqlRelatedPartyRepository::NameAndCode(
    const std::string& customer_id) {
  using NameCode = std::pair<std::string, std::string>;
  return mysql::RunReadOnly<NameCode>(
      *pool_, mysql::TxOptions{}, [&](mysql::Session& s) -> absl::StatusOr<NameCode> {
        sql::PreparedStatement& select = s.Prepare(
            "SELECT legal_name, unified_social_credit_code FROM customers WHERE customer_id = ?");
        select.setString(1, customer_id);
        std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
        if (!rs->next()) {
          return CustomerNotFound(customer_id);
        }
        return NameCode(rs->getString("legal_name").asStdString(),
                        mysql::GetOptionalString(*rs, "unified_social_credit_code").value_or(""));
      });
}

}  // namespace ccrm::customer
