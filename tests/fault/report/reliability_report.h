// What a reliability test found, written as one JSON file per section for the report
// (tests/fault/report/render_report.py renders every file into docs/reliability.md): figures as
// label/value pairs, tables, notes, and totals that the report adds up across sections (faults
// injected and survived, requests lost, hostile inputs tried and handled, fuzz executions...).
//
// Files go to $CCRM_RELIABILITY_DIR (tests/run.sh sets it to <build>/reliability); without it,
// Write() does nothing, so a test run by hand still passes or fails on its own assertions.
//
// Example:
//   ReliabilityReport report("db_faults", "Database faults");
//   report.AddFigure("acknowledged writes", absl::StrCat(acked));
//   report.AddTotal("faults_injected", 3);
//   ReliabilityTable& t = report.AddTable("per fault", {"fault", "acked", "lost"});
//   t.AddRow({"restart", "812", "0"});
//   ASSERT_OK(report.Write());
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace ccrm::reliability {

// Keys the report knows how to add up; totals with other keys are kept per section only.
inline constexpr char kFaultsInjected[] = "faults_injected";
inline constexpr char kFaultsSurvived[] = "faults_survived";
inline constexpr char kRequestsLost[] = "requests_lost";
inline constexpr char kEventsLostOrDuplicated[] = "events_lost_or_duplicated";
inline constexpr char kHostileInputs[] = "hostile_inputs";
inline constexpr char kHostileHandled[] = "hostile_handled";
inline constexpr char kFuzzExecutions[] = "fuzz_executions";
inline constexpr char kSoakSeconds[] = "soak_seconds";

// "short" (the default; what CI runs) or "long" ($CCRM_RELIABILITY_MODE=long, tests/run.sh
// --long): long runs inject more faults and run longer.
bool LongRun();
const char* RunModeName();

class ReliabilityTable final {
 public:
  explicit ReliabilityTable(std::string title, std::vector<std::string> columns)
      : title_(std::move(title)), columns_(std::move(columns)) {}
  // A row must have one cell per column (extra cells are dropped, missing ones left empty).
  void AddRow(std::vector<std::string> cells);

  const std::string& title() const { return title_; }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

 private:
  std::string title_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
};

class ReliabilityReport final {
 public:
  // `section` names the file (<section>.json: [a-z0-9_]+); `title` is its heading.
  ReliabilityReport(std::string section, std::string title);

  void AddFigure(const std::string& label, const std::string& value);
  // Adds to the section's total for `key` (several calls add up).
  void AddTotal(const std::string& key, double value);
  // The table stays owned by the report; the reference is valid until the next AddTable.
  ReliabilityTable& AddTable(std::string title, std::vector<std::string> columns);
  void AddNote(const std::string& text);

  // Writes $CCRM_RELIABILITY_DIR/<section>.json (replacing it). OK without the variable;
  // INTERNAL when the file cannot be written.
  absl::Status Write() const;
  // The JSON text Write() would write.
  std::string ToJson() const;

 private:
  std::string section_;
  std::string title_;
  std::vector<std::pair<std::string, std::string>> figures_;
  std::map<std::string, double> totals_;
  std::vector<ReliabilityTable> tables_;
  std::vector<std::string> notes_;
};

}  // namespace ccrm::reliability
