// What every customer-profile write leaves behind in its own transaction: an audit record (who,
// what, which fields, why; never values) and, for changes other services care about, an outbox
// event appended as the transaction's last statement.
//
// Example:
//   InsertAuditRecord(session, AuditOf(write, "contact.create", name, customer_id, {}));
//   events::AppendEvent(session, encoder.CustomerCreated(customer, write), write);  // last
#pragma once

#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "common/events/outbox.h"
#include "common/mysql/connection_pool.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

// Columns of audit_records in the order ReadAuditRecord expects.
extern const char kAuditColumns[];

// The audit record of a write made under `write`, at write.now (to the microsecond).
AuditRecord AuditOf(const WriteContext& write, std::string action, std::string resource,
                    std::string customer_id, std::vector<std::string> fields);

// Inserts `record` (audit_id is assigned by the database) in the session's open transaction.
// Throws sql::SQLException.
void InsertAuditRecord(mysql::Session& session, const AuditRecord& record);

// One row selected with kAuditColumns.
AuditRecord ReadAuditRecord(sql::ResultSet& rs);


}  // namespace ccrm::customer
