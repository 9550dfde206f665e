// Small checks shared by the services' request validators (customers, contacts, statements,
// interactions, service requests, surveys …). Each adds one violation on `field` when the value
// breaks its rule and nothing otherwise, so a validator lists every problem of a request at once.
//
// Example:
//   FieldViolations v;
//   CheckText(v, "legal_name", c.legal_name, TextRule::Required(2, 200));
//   if (c.total_assets) CheckAmount(v, "total_assets", *c.total_assets, AmountSign::kNonNegative);
//   RETURN_IF_ERROR(v.ToStatus());
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "common/status/errors.h"

namespace ccrm {

// The number of Unicode code points in `text`, or nullopt when it is not valid UTF-8 (overlong
// forms, surrogates and values above U+10FFFF are invalid).
std::optional<size_t> Utf8CodePointCount(absl::string_view text);

// Length rules for a text field, in code points.
struct TextRule {
  // Blank (empty or only ASCII white space) is a violation "is required".
  bool required = false;
  size_t min = 0;
  size_t max = 0;

  // Must be present, min..max code points.
  static TextRule Required(size_t min, size_t max) { return {true, min, max}; }
  // May be empty; otherwise at most max code points.
  static TextRule Optional(size_t max) { return {false, 0, max}; }
};

// Adds a violation when the text is required but blank, not valid UTF-8, or (when not empty)
// shorter than rule.min or longer than rule.max code points.
void CheckText(FieldViolations& v, const std::string& field, absl::string_view text,
               const TextRule& rule);

enum class AmountSign { kAny, kNonNegative, kPositive };

// Adds a violation when the amount's nanos are malformed, its currency is not three upper-case
// letters (on field + ".currency_code"), or its sign breaks `sign`.
void CheckAmount(FieldViolations& v, const std::string& field, const Money& amount,
                 AmountSign sign);

// Adds a violation when `day` is after `today`.
void CheckNotInFuture(FieldViolations& v, const std::string& field, absl::CivilDay day,
                      absl::CivilDay today);

// Adds `status`'s message as the violation's description when it is not OK.
void AddIfError(FieldViolations& v, const std::string& field, const absl::Status& status);

// "milestones[2].title" style paths for elements of repeated fields.
std::string ElementPath(absl::string_view repeated_field, size_t index, absl::string_view field);

}  // namespace ccrm
