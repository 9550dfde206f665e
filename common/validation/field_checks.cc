#include "common/validation/field_checks.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace ccrm {
namespace {

bool IsBlank(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace

std::optional<size_t> Utf8CodePointCount(absl::string_view text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length;
    uint32_t code_point;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return std::nullopt;
    }
    if (i + length > text.size()) {
      return std::nullopt;
    }
    for (size_t k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) {
        return std::nullopt;
      }
      code_point = (code_point << 6) | (next & 0x3F);
    }
    bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) {
      return std::nullopt;
    }
    i += length;
    ++count;
  }
  return count;
}

void CheckText(FieldViolations& v, const std::string& field, absl::string_view text,
               const TextRule& rule) {
  if (IsBlank(text)) {
    if (rule.required) {
      v.Add(field, "is required");
    } else if (!text.empty()) {
      v.Add(field, "must not be only white space");
    }
    return;
  }
  std::optional<size_t> length = Utf8CodePointCount(text);
  if (!length.has_value()) {
    v.Add(field, "must be valid UTF-8");
    return;
  }
  if (*length < rule.min || *length > rule.max) {
    v.Add(field,
          rule.min > 0
              ? absl::StrCat("must be ", rule.min, " to ", rule.max, " characters, got ", *length)
              : absl::StrCat("must be at most ", rule.max, " characters, got ", *length));
  }
}

void CheckAmount(FieldViolations& v, const std::string& field, const Money& amount,
                 AmountSign sign) {
  if (!IsCurrencyCode(amount.currency_code)) {
    v.Add(absl::StrCat(field, ".currency_code"),
          "must be an ISO 4217 currency code (three upper-case letters)");
  }
  if (!IsWellFormed(amount)) {
    v.Add(field, "nanos must be within ±999,999,999 and have the sign of units");
    return;
  }
  absl::int128 nanos = TotalNanos(amount);
  if (sign == AmountSign::kNonNegative && nanos < 0) {
    v.Add(field, "must not be negative");
  } else if (sign == AmountSign::kPositive && nanos <= 0) {
    v.Add(field, "must be greater than zero");
  }
}

void CheckNotInFuture(FieldViolations& v, const std::string& field, absl::CivilDay day,
                      absl::CivilDay today) {
  if (day > today) {
    v.Add(field, absl::StrCat("must not be in the future (", FormatDay(day), " is after ",
                              FormatDay(today), ")"));
  }
}

void AddIfError(FieldViolations& v, const std::string& field, const absl::Status& status) {
  if (!status.ok()) {
    v.Add(field, std::string(status.message()));
  }
}

std::string ElementPath(absl::string_view repeated_field, size_t index, absl::string_view field) {
  return absl::StrCat(repeated_field, "[", index, "].", field);
}

}  // namespace ccrm
