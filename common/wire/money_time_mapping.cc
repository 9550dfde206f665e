#include "common/wire/money_time_mapping.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace ccrm {
namespace {

// The range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;
constexpr int32_t kMaxNanos = 999999999;

constexpr int32_t kMinYear = 1;
constexpr int32_t kMaxYear = 9999;

}  // namespace

absl::Time FromProto(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

void ToProto(absl::Time time, google::protobuf::Timestamp* out) {
  const absl::Time min = absl::FromUnixSeconds(kMinTimestampSeconds);
  const absl::Time max = absl::FromUnixSeconds(kMaxTimestampSeconds) + absl::Nanoseconds(kMaxNanos);
  if (time < min) {
    time = min;
  } else if (time > max) {
    time = max;
  }
  // ToUnixSeconds rounds toward the infinite past, so the remainder is 0..999,999,999 ns.
  const int64_t seconds = absl::ToUnixSeconds(time);
  const int64_t nanos = absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds));
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(nanos));
}

absl::StatusOr<absl::Time> TimestampFromProto(const google::protobuf::Timestamp& timestamp,
                                              const std::string& field) {
  if (timestamp.nanos() < 0 || timestamp.nanos() > kMaxNanos) {
    return InvalidField(absl::StrCat(field, ".nanos"), "must be 0..999999999");
  }
  if (timestamp.seconds() < kMinTimestampSeconds || timestamp.seconds() > kMaxTimestampSeconds) {
    return InvalidField(absl::StrCat(field, ".seconds"),
                        "must lie between 0001-01-01 and 9999-12-31 UTC");
  }
  return FromProto(timestamp);
}

void ToProto(const Money& money, common::v1::Money* out) {
  out->set_currency_code(money.currency_code);
  out->set_units(money.units);
  out->set_nanos(money.nanos);
}

std::optional<Money> MoneyFromProto(const common::v1::Money& money, const std::string& field,
                                    FieldViolations& violations) {
  bool valid = true;
  if (!IsCurrencyCode(money.currency_code())) {
    violations.Add(absl::StrCat(field, ".currency_code"),
                   "must be an ISO 4217 code of three upper-case letters");
    valid = false;
  }
  Money result{money.currency_code(), money.units(), money.nanos()};
  if (!IsWellFormed(result)) {
    violations.Add(absl::StrCat(field, ".nanos"),
                   "must be -999999999..999999999 with the same sign as units");
    valid = false;
  }
  if (!valid) {
    return std::nullopt;
  }
  return result;
}

void ToProto(absl::CivilDay day, common::v1::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

std::optional<absl::CivilDay> DateFromProto(const common::v1::Date& date, const std::string& field,
                                            FieldViolations& violations) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return std::nullopt;
  }
  if (date.year() < kMinYear || date.year() > kMaxYear || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || date.day() > 31) {
    violations.Add(field, "must be a calendar date of the years 1..9999");
    return std::nullopt;
  }
  // CivilDay normalizes 2023-02-30 to 2023-03-02; a real date comes back unchanged.
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.year() != date.year() || day.month() != date.month() || day.day() != date.day()) {
    violations.Add(field, absl::StrCat("is not a calendar date: ", date.year(), "-", date.month(),
                                       "-", date.day()));
    return std::nullopt;
  }
  return day;
}

}  // namespace ccrm
