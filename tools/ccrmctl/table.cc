#include "tools/ccrmctl/table.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace ccrm::ctl {
namespace {

bool IsWide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

bool IsCombining(uint32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0xFE00 && c <= 0xFE0F);
}

// One line per cell, and "-" for nothing, so every row has the same number of columns.
std::string Cell(absl::string_view text) {
  if (text.empty()) {
    return "-";
  }
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  return out;
}

void AppendPadded(std::string* line, const std::string& cell, size_t width) {
  absl::StrAppend(line, cell);
  const size_t used = DisplayWidth(cell);
  if (used < width) {
    line->append(width - used, ' ');
  }
}

std::string TrimRight(std::string line) {
  while (!line.empty() && line.back() == ' ') {
    line.pop_back();
  }
  return line;
}

}  // namespace

size_t DisplayWidth(absl::string_view utf8) {
  size_t width = 0;
  size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    size_t length = 1;
    uint32_t code = lead;
    if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07;
    } else if (lead >= 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1F;
    }
    bool valid = lead < 0x80 || length > 1;
    for (size_t k = 1; valid && k < length; ++k) {
      if (i + k >= utf8.size() || (static_cast<unsigned char>(utf8[i + k]) & 0xC0) != 0x80) {
        valid = false;
      } else {
        code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
      }
    }
    if (!valid) {
      width += 1;
      i += 1;
      continue;
    }
    width += IsCombining(code) ? 0 : (IsWide(code) ? 2 : 1);
    i += length;
  }
  return width;
}

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  for (std::string& cell : cells) {
    cell = Cell(cell);
  }
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<size_t> widths;
  for (const std::string& header : headers_) {
    widths.push_back(DisplayWidth(header));
  }
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < cells.size(); ++c) {
      AppendPadded(&out, cells[c], c + 1 < cells.size() ? widths[c] + 2 : 0);
    }
    return TrimRight(std::move(out)) + "\n";
  };
  std::string out = line(headers_);
  for (const auto& row : rows_) {
    absl::StrAppend(&out, line(row));
  }
  return out;
}

void DetailList::Add(std::string label, std::string value) {
  lines_.emplace_back(std::move(label), Cell(value));
}

std::string DetailList::Render() const {
  size_t width = 0;
  for (const auto& [label, value] : lines_) {
    width = std::max(width, DisplayWidth(label) + 1);
  }
  std::string out;
  for (const auto& [label, value] : lines_) {
    std::string line;
    AppendPadded(&line, label + ":", width + 2);
    absl::StrAppend(&line, value);
    absl::StrAppend(&out, TrimRight(std::move(line)), "\n");
  }
  return out;
}

StreamTable::StreamTable(std::vector<std::pair<std::string, size_t>> columns)
    : columns_(std::move(columns)) {}

std::string StreamTable::Header() const {
  std::vector<std::string> headers;
  for (const auto& column : columns_) {
    headers.push_back(column.first);
  }
  return Line(headers);
}

std::string StreamTable::Row(const std::vector<std::string>& cells) const {
  std::vector<std::string> shown;
  for (size_t c = 0; c < columns_.size(); ++c) {
    shown.push_back(Cell(c < cells.size() ? cells[c] : ""));
  }
  return Line(shown);
}

std::string StreamTable::Line(const std::vector<std::string>& cells) const {
  std::string out;
  for (size_t c = 0; c < columns_.size(); ++c) {
    const bool last = c + 1 == columns_.size();
    AppendPadded(&out, cells[c], last ? 0 : columns_[c].second);
    if (!last) {
      absl::StrAppend(&out, "  ");
    }
  }
  return TrimRight(std::move(out)) + "\n";
}

}  // namespace ccrm::ctl
