#include "tools/ccrmctl/formatting.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/wire/money_time_mapping.h"
#include "tools/ccrmctl/cli_errors.h"

namespace ccrm::ctl {
namespace {

// "LifecycleStage" → "LIFECYCLE_STAGE_": the prefix protobuf style puts on every value.
std::string ValuePrefix(const google::protobuf::EnumDescriptor* type) {
  std::string out;
  for (char c : type->name()) {
    if (absl::ascii_isupper(c) && !out.empty()) {
      out.push_back('_');
    }
    out.push_back(absl::ascii_toupper(c));
  }
  out.push_back('_');
  return out;
}

std::string GroupThousands(uint64_t value) {
  const std::string digits = absl::StrCat(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) {
      out.push_back(',');
    }
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

std::string FormatMoney(const common::v1::Money& money) {
  if (money.currency_code().empty() && money.units() == 0 && money.nanos() == 0) {
    return "";
  }
  const bool negative = money.units() < 0 || money.nanos() < 0;
  // The magnitude of INT64_MIN does not fit in int64; go through uint64.
  const uint64_t units = money.units() < 0 ? 0 - static_cast<uint64_t>(money.units())
                                           : static_cast<uint64_t>(money.units());
  std::string fraction = absl::StrFormat("%09d", std::abs(money.nanos()));
  while (fraction.size() > 2 && fraction.back() == '0') {
    fraction.pop_back();
  }
  const std::string amount =
      absl::StrCat(negative ? "-" : "", GroupThousands(units), ".", fraction);
  return money.currency_code().empty() ? amount : absl::StrCat(money.currency_code(), " ", amount);
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) {
    return "";
  }
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", FromProto(timestamp), absl::UTCTimeZone());
}

std::string FormatDate(const common::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return "";
  }
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value) {
  if (value == 0) {
    return "";
  }
  const google::protobuf::EnumValueDescriptor* found = type->FindValueByNumber(value);
  if (found == nullptr) {
    return absl::StrCat(value);
  }
  const std::string prefix = ValuePrefix(type);
  const std::string& name = found->name();
  return absl::StartsWith(name, prefix) ? name.substr(prefix.size()) : name;
}

std::string FormatFraction(double fraction) { return absl::StrFormat("%.2f%%", fraction * 100); }

std::string FormatBps(int bps) { return absl::StrFormat("%.2f%%", bps / 100.0); }

std::string FormatNumber(double value) {
  std::string out = absl::StrFormat("%.4f", value);
  while (out.back() == '0') {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out == "-0" ? "0" : out;
}

std::string YesOrBlank(bool value) { return value ? "yes" : ""; }

absl::StatusOr<int> ParseEnumFlag(const google::protobuf::EnumDescriptor* type,
                                  absl::string_view flag, absl::string_view text) {
  const std::string prefix = ValuePrefix(type);
  std::vector<std::string> choices;
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0) {
      continue;
    }
    const std::string label = absl::AsciiStrToLower(EnumLabel(type, value->number()));
    if (absl::EqualsIgnoreCase(text, label) || absl::EqualsIgnoreCase(text, value->name())) {
      return value->number();
    }
    choices.push_back(label);
  }
  return UsageError(
      absl::StrCat("--", flag, ": \"", text, "\" is not one of ", absl::StrJoin(choices, ", ")));
}

absl::StatusOr<absl::Time> ParseTimeFlag(absl::string_view flag, absl::string_view text) {
  absl::Time time;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) {
    return time;
  }
  absl::CivilDay day;
  if (text.size() == 10 && absl::ParseCivilTime(text, &day)) {
    return absl::FromCivil(day, absl::UTCTimeZone());
  }
  return UsageError(absl::StrCat("--", flag, ": \"", text,
                                 "\" is not a time such as 2026-03-01T08:00:00Z or a date such "
                                 "as 2026-03-01"));
}

}  // namespace ccrm::ctl
