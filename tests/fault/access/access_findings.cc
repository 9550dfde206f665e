#include "tests/fault/access/access_findings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/fault/report/reliability_report.h"

namespace ccrm::access_itest {
namespace {

using ::ccrm::reliability::ReliabilityReport;
using ::ccrm::reliability::ReliabilityTable;

// Writes the section once every test has run (and the services are still up or already gone:
// it only reads the tallies).
class ReportWriter final : public ::testing::Environment {
 public:
  void TearDown() override { EXPECT_TRUE(Findings().WriteReport()); }
};

[[maybe_unused]] ::testing::Environment* const kReportWriter =
    ::testing::AddGlobalTestEnvironment(new ReportWriter());

}  // namespace

AccessFindings& Findings() {
  static AccessFindings* findings = new AccessFindings();
  return *findings;
}

void AccessFindings::RecordGrantCheck(const std::string& user, bool refusal_expected, bool passed) {
  ++grant_checks_;
  grant_checks_passed_ += passed ? 1 : 0;
  if (refusal_expected) {
    ++refusals_expected_;
    refusals_seen_ += passed ? 1 : 0;
  }
  if (std::find(users_checked_.begin(), users_checked_.end(), user) == users_checked_.end()) {
    users_checked_.push_back(user);
  }
}

void AccessFindings::RecordMigration(const std::string& service, bool ok) {
  (void)service;
  ++migrations_;
  migrations_ok_ += ok ? 1 : 0;
}

bool AccessFindings::WriteReport() const {
  ReliabilityReport report("access_control", "Access control");
  report.AddFigure("database privilege checks run / passed",
                   absl::StrCat(grant_checks_, " / ", grant_checks_passed_));
  report.AddFigure("refusals expected / refused with the exact MariaDB error",
                   absl::StrCat(refusals_expected_, " / ", refusals_seen_));
  report.AddFigure("database users checked", absl::StrJoin(users_checked_, ", "));
  report.AddFigure("migrations applied as ccrm_migrator (ok / run)",
                   absl::StrCat(migrations_ok_, " / ", migrations_));
  report.AddFigure(
      "services serving on their least-privilege user",
      absl::StrCat(services_served_.size(), " (", absl::StrJoin(services_served_, ", "), ")"));

  int64_t values = 0;
  int64_t bytes = 0;
  int64_t hits = 0;
  for (const ScanRow& row : scans_) {
    values += row.values;
    bytes += row.bytes;
    hits += row.hits;
  }
  report.AddFigure("personal identifiers planted (clear forms searched)",
                   absl::StrCat(identifiers_planted_, " (", clear_forms_, ")"));
  report.AddFigure("places scanned (tables, logs, event feeds, error replies)",
                   absl::StrCat(scans_.size()));
  report.AddFigure("values scanned", absl::StrCat(values));
  report.AddFigure("bytes scanned", absl::StrCat(bytes));
  report.AddFigure("identifiers found in clear (must be 0)", absl::StrCat(hits));
  report.AddFigure("bad requests carrying identifiers (refused, nothing echoed)",
                   absl::StrCat(bad_requests_, " (", bad_requests_handled_, ")"));

  int64_t reads = 0;
  int64_t expected = 0;
  int64_t via_rpc = 0;
  int64_t in_table = 0;
  for (const AuditRow& row : audits_) {
    reads += row.reads;
    expected += row.expected_records;
    via_rpc += row.records_via_rpc;
    in_table += row.records_in_table;
  }
  report.AddFigure("unmasked reads made", absl::StrCat(reads));
  report.AddFigure("audit records expected / via ListAuditRecords / in audit_records",
                   absl::StrCat(expected, " / ", via_rpc, " / ", in_table));
  report.AddFigure(
      "readers who read masked or were refused unmasking (none has an unmasked-read record)",
      absl::StrCat(masked_reads_, " (", masked_reads_clean_, ")"));
  report.AddFigure("audit-trail access checks run / passed",
                   absl::StrCat(trail_access_checks_, " / ", trail_access_passed_));

  ReliabilityTable& scanned = report.AddTable("scanned for identifiers in clear",
                                              {"kind", "place", "values", "bytes", "hits"});
  for (const ScanRow& row : scans_) {
    scanned.AddRow({row.kind, row.place, absl::StrCat(row.values), absl::StrCat(row.bytes),
                    absl::StrCat(row.hits)});
  }
  ReliabilityTable& audited = report.AddTable(
      "unmasked reads and their audit records",
      {"rpc", "role", "reads", "records expected", "via ListAuditRecords", "in audit_records"});
  for (const AuditRow& row : audits_) {
    audited.AddRow({row.rpc, row.role, absl::StrCat(row.reads), absl::StrCat(row.expected_records),
                    absl::StrCat(row.records_via_rpc), absl::StrCat(row.records_in_table)});
  }

  report.AddNote(
      "Grants: a private MariaDB provisioned by deploy/local/lib/mariadb.sh (mariadb_provision); "
      "each <schema>_svc user may SELECT/INSERT/UPDATE/DELETE its own schema's tables and gets "
      "error 1142 on every table of the other ccrm schemas and on mysql.user, 1142 on DDL in its "
      "own schema, 1044 on CREATE/DROP DATABASE, USE of another schema and GRANT, 1227 on CREATE "
      "USER and INTO OUTFILE; the four real binaries then serve real reads and writes on those "
      "users.");
  report.AddNote(
      "Identifiers: legal representatives' ID numbers, contact phones (mobile and landline), "
      "settlement accounts, contacts' ID numbers, phones and e-mails, created, updated, read "
      "masked and unmasked and spread through ratings, exposures, interactions and events; each "
      "searched in its clear forms (as given, digits only, spaced and dashed groupings, the "
      "17-digit ID prefix, the e-mail's local part) in raw column bytes, logs at debug level, "
      "serialized events and the bytes of error replies (message and details).");
  report.AddTotal(reliability::kHostileInputs, static_cast<double>(bad_requests_));
  report.AddTotal(reliability::kHostileHandled, static_cast<double>(bad_requests_handled_));

  const absl::Status written = report.Write();
  if (!written.ok()) {
    std::cerr << "access_control report: " << written << "\n";
    return false;
  }
  return true;
}

}  // namespace ccrm::access_itest
