// How values read in a table and how flag values become proto values: money with its currency
// and thousands separators, instants in UTC ISO 8601, calendar dates, enum values without their
// type prefix ("SEGMENT_KEY" reads "KEY"), percentages; and the reverse for flags (an enum value
// by its short or full name, an instant or a date).
//
// Example:
//   FormatMoney(money);                      // "CNY 1,250,000.50"
//   FormatTimestamp(alert.open_time());      // "2026-03-01T08:00:00Z"
//   EnumLabel(customer.segment());           // "KEY"
//   ASSIGN_OR_RETURN(int level, ParseEnumFlag(v1::AlertLevel_descriptor(), "level", "red"));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/types.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/timestamp.pb.h"

namespace ccrm::ctl {

// "CNY 1,250,000.50": the currency code, the amount with a comma every three digits and its
// fraction to at least two and at most nine digits ("CNY 0.123456789"); a minus sign before the
// digits. "" for an unset amount (no currency, zero).
std::string FormatMoney(const common::v1::Money& money);

// "2026-03-01T08:00:00Z" (whole seconds, UTC); "" for an unset timestamp.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);
// "2026-03-01"; "" for the all-zero date.
std::string FormatDate(const common::v1::Date& date);

// The value's name without its enum type's prefix ("LIFECYCLE_STAGE_ACTIVE" of LifecycleStage
// reads "ACTIVE"); "" for the zero value (unspecified); the number for a value the descriptor
// does not know.
std::string EnumLabel(const google::protobuf::EnumDescriptor* type, int value);
template <typename E>
std::string EnumLabel(E value) {
  return EnumLabel(google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value));
}

// "0.35%" from 0.0035: a fraction shown as a percentage with two decimals.
std::string FormatFraction(double fraction);
// "12.50%" from 1250 basis points.
std::string FormatBps(int bps);
// A plain number with at most four decimals and no trailing zeros ("15", "1.25", "0.0035").
std::string FormatNumber(double value);
// "yes" / "".
std::string YesOrBlank(bool value);

// The enum value `text` names, matched without regard to case by its short label ("red") or
// its full name ("ALERT_LEVEL_RED"). UsageError naming --`flag` and the choices when it matches
// nothing or names the unspecified value.
absl::StatusOr<int> ParseEnumFlag(const google::protobuf::EnumDescriptor* type,
                                  absl::string_view flag, absl::string_view text);

// An instant in RFC 3339 ("2026-03-01T08:00:00Z", "2026-03-01T16:00:00+08:00") or a date
// ("2026-03-01", meaning 00:00 UTC). UsageError naming --`flag` otherwise.
absl::StatusOr<absl::Time> ParseTimeFlag(absl::string_view flag, absl::string_view text);

}  // namespace ccrm::ctl
