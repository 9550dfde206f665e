// Plain-text tables for a terminal: columns aligned by their widest cell, where a Chinese
// character takes two columns as a terminal shows it; a list of "label: value" lines for one
// resource; and rows of fixed widths for a stream, printed one at a time as updates arrive.
// Cells are one line each: line breaks and tabs become spaces; an empty cell shows "-".
//
// Example:
//   Table table({"NAME", "LEGAL NAME", "SEGMENT"});
//   table.AddRow({"customers/0193...", "福建某某建设有限公司", "KEY"});
//   std::cout << table.Render();
//   DetailList details;
//   details.Add("legal name", customer.legal_name());
//   std::cout << details.Render();
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace ccrm::ctl {

// Columns a terminal gives `utf8`: two for East Asian wide characters (CJK, full-width forms,
// Hangul), none for combining marks, one for everything else (and for each invalid byte).
size_t DisplayWidth(absl::string_view utf8);

class Table final {
 public:
  explicit Table(std::vector<std::string> headers);

  // A row with fewer cells than headers is padded with empty ones; extra cells are dropped.
  void AddRow(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }

  // The header line and one line per row, columns two spaces apart, no trailing spaces.
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

class DetailList final {
 public:
  void Add(std::string label, std::string value);
  // "label:" padded so the values line up, then the value; one line each.
  std::string Render() const;

 private:
  std::vector<std::pair<std::string, std::string>> lines_;
};

// Rows of fixed column widths (a cell wider than its column pushes the rest right), for output
// that cannot wait for every row before choosing the widths.
class StreamTable final {
 public:
  // Each column with its width; the last column is never padded.
  explicit StreamTable(std::vector<std::pair<std::string, size_t>> columns);

  std::string Header() const;
  std::string Row(const std::vector<std::string>& cells) const;

 private:
  std::string Line(const std::vector<std::string>& cells) const;

  std::vector<std::pair<std::string, size_t>> columns_;
};

}  // namespace ccrm::ctl
