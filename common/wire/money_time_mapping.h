// Mapping of the wire forms of money, calendar dates and instants (ccrm.common.v1.Money,
// ccrm.common.v1.Date, google.protobuf.Timestamp) to their domain forms (Money, absl::CivilDay,
// absl::Time). Request-side functions record each problem as a field violation instead of
// failing on the first, so a response lists every bad field at once.
//
// Example:
//   FieldViolations v;
//   std::optional<Money> capital = MoneyFromProto(request.customer().registered_capital(),
//                                                 "customer.registered_capital", v);
//   ToProto(absl::CivilDay(2024, 3, 31), response.mutable_period_end_date());
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/types.pb.h"
#include "common/money/money.h"
#include "common/status/errors.h"
#include "google/protobuf/timestamp.pb.h"

namespace ccrm {

// The instant of `timestamp`, taken as it is (no range check; see TimestampFromProto).
absl::Time FromProto(const google::protobuf::Timestamp& timestamp);

// Writes `time` into `out`. Instants outside the range a Timestamp may hold (0001-01-01 to
// 9999-12-31 UTC, including the infinite ones) are clamped to its ends.
void ToProto(absl::Time time, google::protobuf::Timestamp* out);

// The instant of a caller-supplied timestamp. INVALID_ARGUMENT with a violation on `field` when
// its nanos are outside 0..999,999,999 or it lies outside 0001-01-01..9999-12-31 UTC.
absl::StatusOr<absl::Time> TimestampFromProto(const google::protobuf::Timestamp& timestamp,
                                              const std::string& field);

void ToProto(const Money& money, common::v1::Money* out);

// The amount of a caller-supplied Money. Adds a violation on `field`.currency_code when the code
// is not three upper-case letters and on `field`.nanos when the nanos are out of range or their
// sign differs from that of units; returns nullopt when it added any.
std::optional<Money> MoneyFromProto(const common::v1::Money& money, const std::string& field,
                                    FieldViolations& violations);

void ToProto(absl::CivilDay day, common::v1::Date* out);

// The calendar day of a caller-supplied Date; nullopt for the all-zero Date (meaning "not set").
// Adds a violation on `field` and returns nullopt when it is not a real day of the years
// 1..9999.
std::optional<absl::CivilDay> DateFromProto(const common::v1::Date& date, const std::string& field,
                                            FieldViolations& violations);

}  // namespace ccrm
