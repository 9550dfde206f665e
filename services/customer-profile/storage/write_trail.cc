#include "services/customer-profile/storage/write_trail.h"

#include <cppconn/prepared_statement.h>

#include <utility>

#include "common/ids/uuid.h"
#include "common/mysql/sql_values.h"
#include "services/customer-profile/storage/row_values.h"

namespace ccrm::customer {

const char kAuditColumns[] =
    "audit_id, actor, actor_roles, action, resource, customer_id, fields, reason, request_id, "
    "record_time";

AuditRecord AuditOf(const WriteContext& write, std::string action, std::string resource,
                    std::string customer_id, std::vector<std::string> fields) {
  AuditRecord record;
  record.actor = write.actor;
  record.actor_roles = write.actor_roles;
  record.action = std::move(action);
  record.resource = std::move(resource);
  record.customer_id = std::move(customer_id);
  record.fields = std::move(fields);
  record.reason = write.reason;
  record.request_id = write.request_id;
  record.record_time = TruncateToMicros(write.now);
  return record;
}

void InsertAuditRecord(mysql::Session& session, const AuditRecord& record) {
  sql::PreparedStatement& insert = session.Prepare(
      "INSERT INTO audit_records (actor, actor_roles, action, resource, customer_id, fields, "
      "reason, request_id, record_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.setString(1, record.actor);
  insert.setString(2, JoinCommaList(record.actor_roles));
  insert.setString(3, record.action);
  insert.setString(4, record.resource);
  insert.setString(5, record.customer_id);
  insert.setString(6, JoinCommaList(record.fields));
  insert.setString(7, record.reason);
  insert.setString(8, record.request_id);
  insert.setString(9, mysql::SqlTime(record.record_time));
  insert.executeUpdate();
}

AuditRecord ReadAuditRecord(sql::ResultSet& rs) {
  AuditRecord record;
  record.audit_id = rs.getInt64("audit_id");
  record.actor = rs.getString("actor");
  record.actor_roles = SplitCommaList(rs.getString("actor_roles"));
  record.action = rs.getString("action");
  record.resource = rs.getString("resource");
  record.customer_id = rs.getString("customer_id");
  record.fields = SplitCommaList(rs.getString("fields"));
  record.reason = rs.getString("reason");
  record.request_id = rs.getString("request_id");
  record.record_time = mysql::GetTime(rs, "record_time");
  return record;
}

}  // namespace ccrm::customer
