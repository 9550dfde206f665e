#include "services/customer-profile/storage/customer_rows.h"

#include <cppconn/datatype.h>

#include <array>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/mysql/sql_values.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/storage/money_columns.h"

namespace ccrm::customer {
namespace {

// Row order of customers and customer_history; BindCustomerRow follows it.
const std::vector<std::string>& ColumnNames() {
  static const auto* names = new std::vector<std::string>{
      "customer_id",
      "kind",
      "unified_social_credit_code",
      "legal_name",
      "legal_representative",
      "legal_representative_id_number_enc",
      "legal_representative_id_number_bidx",
      "legal_representative_id_number_masked",
      "contact_phone_enc",
      "contact_phone_bidx",
      "contact_phone_masked",
      "settlement_account_number_enc",
      "settlement_account_number_bidx",
      "settlement_account_number_masked",
      "registered_capital",
      "registered_capital_currency",
      "business_scope",
      "industry_code",
      "registered_address",
      "established_date",
      "annual_revenue",
      "annual_revenue_currency",
      "total_assets",
      "total_assets_currency",
      "employee_count",
      "has_prior_credit",
      "credit_grade",
      "relationship_start_date",
      "relationship_manager_id",
      "segment",
      "tier",
      "override_segment",
      "override_tier",
      "override_reason",
      "overridden_by",
      "override_time",
      "lifecycle_stage",
      "archived",
      "create_time",
      "update_time",
      "archive_time",
      "revision",
  };
  return *names;
}

// Binds <name>_enc, <name>_bidx and <name>_masked from `index` on; returns the next index.
int BindSealed(sql::PreparedStatement& stmt, int index, const SealedValue& sealed) {
  mysql::SetOptionalString(stmt, index, sealed.ciphertext);
  mysql::SetOptionalString(stmt, index + 1, sealed.blind_index);
  mysql::SetOptionalString(stmt, index + 2, sealed.masked);
  return index + 3;
}

const std::array<IdentifierColumns<Customer>, 3>& CustomerIdentifierColumns() {
  static const std::array<IdentifierColumns<Customer>, 3> columns = {{
      {PersonalField::kCustomerLegalRepresentativeIdNumber, "legal_representative_id_number_enc",
       "legal_representative_id_number_masked", &Customer::legal_representative_id_number},
      {PersonalField::kCustomerContactPhone, "contact_phone_enc", "contact_phone_masked",
       &Customer::contact_phone},
      {PersonalField::kCustomerSettlementAccountNumber, "settlement_account_number_enc",
       "settlement_account_number_masked", &Customer::settlement_account_number},
  }};
  return columns;
}

void BindOptionalTime(sql::PreparedStatement& stmt, int index, const std::optional<absl::Time>& t) {
  if (t.has_value()) {
    stmt.setString(index, mysql::SqlTime(*t));
  } else {
    stmt.setNull(index, sql::DataType::TIMESTAMP);
  }
}

}  // namespace

absl::StatusOr<SealedCustomerIdentifiers> SealCustomerIdentifiers(const Customer& customer,
                                                                  const PersonalDataCodec& codec) {
  SealedCustomerIdentifiers sealed;
  ASSIGN_OR_RETURN(sealed.legal_representative_id_number,
                   codec.Seal(PersonalField::kCustomerLegalRepresentativeIdNumber,
                              customer.customer_id, customer.legal_representative_id_number));
  ASSIGN_OR_RETURN(sealed.contact_phone, codec.Seal(PersonalField::kCustomerContactPhone,
                                                    customer.customer_id, customer.contact_phone));
  ASSIGN_OR_RETURN(sealed.settlement_account_number,
                   codec.Seal(PersonalField::kCustomerSettlementAccountNumber, customer.customer_id,
                              customer.settlement_account_number));
  Customer masked = customer;
  MaskPersonalData(masked);
  sealed.legal_representative_id_number.masked = masked.legal_representative_id_number;
  sealed.contact_phone.masked = masked.contact_phone;
  sealed.settlement_account_number.masked = masked.settlement_account_number;
  return sealed;
}

const std::string& CustomerColumns() {
  static const auto* columns = new std::string(absl::StrJoin(ColumnNames(), ", "));
  return *columns;
}

int CustomerColumnCount() { return static_cast<int>(ColumnNames().size()); }

std::string CustomerInsertSql(const std::string& table) {
  std::vector<std::string> marks(ColumnNames().size(), "?");
  return absl::StrCat("INSERT INTO ", table, " (", CustomerColumns(), ") VALUES (",
                      absl::StrJoin(marks, ", "), ")");
}

const std::string& CustomerUpdateSql() {
  static const auto* sql = [] {
    std::vector<std::string> sets;
    for (const std::string& name : ColumnNames()) {
      sets.push_back(absl::StrCat(name, " = ?"));
    }
    return new std::string(
        absl::StrCat("UPDATE customers SET ", absl::StrJoin(sets, ", "), " WHERE customer_id = ?"));
  }();
  return *sql;
}

const std::string& CustomerHistorySql() {
  static const auto* sql =
      new std::string(absl::StrCat("INSERT INTO customer_history (", CustomerColumns(), ") SELECT ",
                                   CustomerColumns(), " FROM customers WHERE customer_id = ?"));
  return *sql;
}

void BindCustomerRow(sql::PreparedStatement& stmt, const Customer& c,
                     const SealedCustomerIdentifiers& sealed) {
  int i = 1;
  stmt.setString(i++, c.customer_id);
  stmt.setInt(i++, static_cast<int>(c.kind));
  mysql::SetOptionalString(stmt, i++, c.unified_social_credit_code);
  stmt.setString(i++, c.legal_name);
  stmt.setString(i++, c.legal_representative);
  i = BindSealed(stmt, i, sealed.legal_representative_id_number);
  i = BindSealed(stmt, i, sealed.contact_phone);
  i = BindSealed(stmt, i, sealed.settlement_account_number);
  BindMoneyColumns(stmt, i, c.registered_capital);
  i += 2;
  stmt.setString(i++, c.business_scope);
  stmt.setString(i++, c.industry_code);
  stmt.setString(i++, c.registered_address);
  mysql::SetOptionalDate(stmt, i++, c.established_date);
  BindMoneyColumns(stmt, i, c.annual_revenue);
  i += 2;
  BindMoneyColumns(stmt, i, c.total_assets);
  i += 2;
  stmt.setInt(i++, c.employee_count);
  stmt.setBoolean(i++, c.has_prior_credit);
  stmt.setString(i++, c.credit_grade);
  mysql::SetOptionalDate(stmt, i++, c.relationship_start_date);
  stmt.setString(i++, c.relationship_manager_id);
  stmt.setInt(i++, static_cast<int>(c.segment));
  stmt.setInt(i++, static_cast<int>(c.tier));
  if (c.classification_override.has_value()) {
    const ClassificationOverride& o = *c.classification_override;
    stmt.setInt(i++, static_cast<int>(o.segment));
    stmt.setInt(i++, static_cast<int>(o.tier));
    stmt.setString(i++, o.reason);
    stmt.setString(i++, o.overridden_by);
    stmt.setString(i++, mysql::SqlTime(o.override_time));
  } else {
    stmt.setNull(i++, sql::DataType::TINYINT);
    stmt.setNull(i++, sql::DataType::TINYINT);
    stmt.setNull(i++, sql::DataType::VARCHAR);
    stmt.setNull(i++, sql::DataType::VARCHAR);
    stmt.setNull(i++, sql::DataType::TIMESTAMP);
  }
  stmt.setInt(i++, static_cast<int>(c.lifecycle_stage));
  stmt.setBoolean(i++, c.archived);
  stmt.setString(i++, mysql::SqlTime(c.create_time));
  stmt.setString(i++, mysql::SqlTime(c.update_time));
  BindOptionalTime(stmt, i++, c.archive_time);
  stmt.setInt64(i++, c.revision);
}

absl::StatusOr<Customer> ReadCustomerRow(sql::ResultSet& rs, const PersonalDataCodec& codec,
                                         PersonalDataView view) {
  Customer c;
  c.customer_id = rs.getString("customer_id").asStdString();
  c.kind = static_cast<CustomerKind>(rs.getInt("kind"));
  c.unified_social_credit_code =
      mysql::GetOptionalString(rs, "unified_social_credit_code").value_or("");
  c.legal_name = rs.getString("legal_name").asStdString();
  c.legal_representative = rs.getString("legal_representative").asStdString();
  RETURN_IF_ERROR(ReadIdentifiers(rs, codec, c.customer_id, view, CustomerIdentifierColumns(), c));
  ASSIGN_OR_RETURN(c.registered_capital,
                   ReadMoneyColumns(rs, "registered_capital", "registered_capital_currency"));
  c.business_scope = rs.getString("business_scope").asStdString();
  c.industry_code = rs.getString("industry_code").asStdString();
  c.registered_address = rs.getString("registered_address").asStdString();
  c.established_date = mysql::GetOptionalDate(rs, "established_date");
  ASSIGN_OR_RETURN(c.annual_revenue,
                   ReadMoneyColumns(rs, "annual_revenue", "annual_revenue_currency"));
  ASSIGN_OR_RETURN(c.total_assets, ReadMoneyColumns(rs, "total_assets", "total_assets_currency"));
  c.employee_count = rs.getInt("employee_count");
  c.has_prior_credit = rs.getBoolean("has_prior_credit");
  c.credit_grade = rs.getString("credit_grade").asStdString();
  c.relationship_start_date = mysql::GetOptionalDate(rs, "relationship_start_date");
  c.relationship_manager_id = rs.getString("relationship_manager_id").asStdString();
  c.segment = static_cast<Segment>(rs.getInt("segment"));
  c.tier = static_cast<Tier>(rs.getInt("tier"));
  const int override_segment = rs.getInt("override_segment");
  if (!rs.wasNull()) {
    ClassificationOverride o;
    o.segment = static_cast<Segment>(override_segment);
    o.tier = static_cast<Tier>(rs.getInt("override_tier"));
    o.reason = mysql::GetOptionalString(rs, "override_reason").value_or("");
    o.overridden_by = mysql::GetOptionalString(rs, "overridden_by").value_or("");
    o.override_time = mysql::GetOptionalTime(rs, "override_time").value_or(absl::UnixEpoch());
    c.classification_override = std::move(o);
  }
  c.lifecycle_stage = static_cast<LifecycleStage>(rs.getInt("lifecycle_stage"));
  c.archived = rs.getBoolean("archived");
  c.create_time = mysql::GetTime(rs, "create_time");
  c.update_time = mysql::GetTime(rs, "update_time");
  c.archive_time = mysql::GetOptionalTime(rs, "archive_time");
  c.revision = rs.getInt64("revision");
  return c;
}

absl::Status CustomerNotFound(const std::string& customer_id) {
  return WithReason(absl::NotFoundError(absl::StrCat("customer ", customer_id, " not found")),
                    "CUSTOMER_NOT_FOUND");
}

absl::Status LockParentCustomer(mysql::Session& session, const std::string& customer_id) {
  sql::PreparedStatement& select =
      session.Prepare("SELECT archived FROM customers WHERE customer_id = ? LOCK IN SHARE MODE");
  select.setString(1, customer_id);
  std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
  if (!rs->next()) {
    return CustomerNotFound(customer_id);
  }
  if (rs->getBoolean("archived")) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          "customer ", customer_id, " is archived; its records are read-only")),
                      "CUSTOMER_ARCHIVED");
  }
  return absl::OkStatus();
}

}  // namespace ccrm::customer
