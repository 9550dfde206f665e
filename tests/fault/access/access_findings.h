// What access_control_itest found, gathered across its tests and written once, after the last
// test, as the "access_control" section of the reliability report: grant checks made and
// refused as expected, identifiers planted and the places and bytes scanned for them (hits must
// be 0), unmasked reads made and the audit records found for them.
//
// Example:
//   AccessFindings& f = Findings();
//   f.RecordGrantCheck("ccrm_customer_svc", "SELECT other schema", /*passed=*/code == 1142);
//   f.AddScan("log", "customer-profile.log", log.size(), hits);
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ccrm::access_itest {

struct ScanRow {
  std::string kind;   // "table", "log", "event feed", "error"
  std::string place;  // e.g. "t_123_0_ab12.customers", "risk-warning log"
  int64_t values = 0;
  int64_t bytes = 0;
  int64_t hits = 0;
};

struct AuditRow {
  std::string rpc;
  std::string role;
  int64_t reads = 0;
  int64_t expected_records = 0;
  int64_t records_via_rpc = 0;
  int64_t records_in_table = 0;
};

class AccessFindings final {
 public:
  // One database privilege check (an expected success or an expected refusal).
  void RecordGrantCheck(const std::string& user, bool refusal_expected, bool passed);
  void RecordServiceServed(const std::string& service) { services_served_.push_back(service); }
  void RecordMigration(const std::string& service, bool ok);

  // `count` identifiers planted, searched for in `forms` clear forms in all.
  void RecordPlanted(int count, int forms) {
    identifiers_planted_ += count;
    clear_forms_ += forms;
  }
  // Bad requests carrying identifiers sent, and how many were refused with nothing leaked.
  void RecordBadRequest(bool handled) {
    ++bad_requests_;
    bad_requests_handled_ += handled ? 1 : 0;
  }
  void AddScan(ScanRow row) { scans_.push_back(std::move(row)); }

  void AddAudit(AuditRow row) { audits_.push_back(std::move(row)); }
  // One reader (actor) who only read masked or was refused unmasking.
  void RecordMaskedRead(bool no_unmasked_record) {
    ++masked_reads_;
    masked_reads_clean_ += no_unmasked_record ? 1 : 0;
  }
  void RecordTrailAccess(bool as_expected) {
    ++trail_access_checks_;
    trail_access_passed_ += as_expected ? 1 : 0;
  }

  // Writes $CCRM_RELIABILITY_DIR/access_control.json (nothing without the variable). Prints to
  // stderr and returns false when it cannot be written.
  bool WriteReport() const;

 private:
  int64_t grant_checks_ = 0;
  int64_t grant_checks_passed_ = 0;
  int64_t refusals_expected_ = 0;
  int64_t refusals_seen_ = 0;
  std::vector<std::string> users_checked_;
  std::vector<std::string> services_served_;
  int64_t migrations_ = 0;
  int64_t migrations_ok_ = 0;
  int64_t identifiers_planted_ = 0;
  int64_t clear_forms_ = 0;
  int64_t bad_requests_ = 0;
  int64_t bad_requests_handled_ = 0;
  std::vector<ScanRow> scans_;
  std::vector<AuditRow> audits_;
  int64_t masked_reads_ = 0;
  int64_t masked_reads_clean_ = 0;
  int64_t trail_access_checks_ = 0;
  int64_t trail_access_passed_ = 0;
};

// The binary's one instance; written by a gtest environment after the last test.
AccessFindings& Findings();

}  // namespace ccrm::access_itest
