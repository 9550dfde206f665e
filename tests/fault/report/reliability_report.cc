#include "tests/fault/report/reliability_report.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace ccrm::reliability {

bool LongRun() {
  const char* mode = std::getenv("CCRM_RELIABILITY_MODE");
  return mode != nullptr && std::string(mode) == "long";
}

const char* RunModeName() { return LongRun() ? "long" : "short"; }

void ReliabilityTable::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

ReliabilityReport::ReliabilityReport(std::string section, std::string title)
    : section_(std::move(section)), title_(std::move(title)) {}

void ReliabilityReport::AddFigure(const std::string& label, const std::string& value) {
  figures_.emplace_back(label, value);
}

void ReliabilityReport::AddTotal(const std::string& key, double value) { totals_[key] += value; }

ReliabilityTable& ReliabilityReport::AddTable(std::string title, std::vector<std::string> columns) {
  tables_.emplace_back(std::move(title), std::move(columns));
  return tables_.back();
}

void ReliabilityReport::AddNote(const std::string& text) { notes_.push_back(text); }

std::string ReliabilityReport::ToJson() const {
  nlohmann::json out;
  out["section"] = section_;
  out["title"] = title_;
  out["mode"] = RunModeName();
  out["written_at"] = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  out["figures"] = nlohmann::json::array();
  for (const auto& [label, value] : figures_) {
    out["figures"].push_back({label, value});
  }
  out["totals"] = nlohmann::json::object();
  for (const auto& [key, value] : totals_) {
    out["totals"][key] = value;
  }
  out["tables"] = nlohmann::json::array();
  for (const ReliabilityTable& table : tables_) {
    out["tables"].push_back(
        {{"title", table.title()}, {"columns", table.columns()}, {"rows", table.rows()}});
  }
  out["notes"] = notes_;
  // Hostile inputs may hold invalid UTF-8; never let the report writer throw on them.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::Status ReliabilityReport::Write() const {
  const char* dir = std::getenv("CCRM_RELIABILITY_DIR");
  if (dir == nullptr || *dir == '\0') {
    return absl::OkStatus();
  }
  const std::string path = absl::StrCat(dir, "/", section_, ".json");
  std::ofstream file(path, std::ios::trunc);
  file << ToJson() << "\n";
  file.close();
  if (!file) {
    return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace ccrm::reliability
