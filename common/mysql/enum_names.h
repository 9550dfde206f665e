// Enums stored by name (e.g. 'OPEN', 'SITE_INSPECTION'), so that columns and constraints say what
// they mean: a table of {value, name} pairs per enum, read both ways. "" stands for the
// unspecified value E{}.
//
// Example:
//   constexpr NameOf<TaskStatus> kTaskStatuses[] = {{TaskStatus::kOpen, "OPEN"},
//                                                   {TaskStatus::kDone, "DONE"}};
//   stmt.setString(3, NameIn(kTaskStatuses, task.status));
//   ASSIGN_OR_RETURN(task.status, ParseIn(kTaskStatuses, column, "task status"));
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ccrm::mysql {

template <typename E>
using NameOf = std::pair<E, const char*>;

// The stored name of `value`; "" for a value the table does not list (the unspecified one).
template <typename E, size_t N>
std::string NameIn(const NameOf<E> (&table)[N], E value) {
  for (const auto& [v, name] : table) {
    if (v == value) {
      return name;
    }
  }
  return "";
}

// The value stored as `name` (E{} for ""); INVALID_ARGUMENT naming `what` for a name the table
// does not list.
template <typename E, size_t N>
absl::StatusOr<E> ParseIn(const NameOf<E> (&table)[N], absl::string_view name, const char* what) {
  if (name.empty()) {
    return E{};
  }
  for (const auto& [v, n] : table) {
    if (name == n) {
      return v;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown ", what, " \"", name, "\""));
}

}  // namespace ccrm::mysql
