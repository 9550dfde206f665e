// The hostile-input catalogue's building blocks, free of any network or database: the hostile
// values (strings, malformed UTF-8, numbers, enums, money, field masks), a protobuf-reflection
// walk that finds every field of a request (nested messages two levels deep, one element of each
// repeated field) and sets it to a value, and the wire bytes of a request, with room for bytes the
// C++ serializer would refuse (a proto3 string that is not UTF-8).
//
// Example:
//   std::vector<FieldSlot> slots = RequestSlots(*v1::CreateCustomerRequest::descriptor());
//   for (const FieldSlot& slot : slots) {
//     for (const HostileValue& value : ValuesFor(slot, HostileStrings(false), false)) {
//       v1::CreateCustomerRequest request = base;
//       absl::StatusOr<std::string> wire = WireWith(request, slot, value);
//       ...
//     }
//   }
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ccrm::hostile {

// What a hostile value is, which decides the answer expected for it.
enum class ValueKind {
  kInjection,      // SQL metacharacters, LIKE wildcards, backslashes, NUL: valid UTF-8 text
  kResourceAbuse,  // path traversal, wildcards, very long resource names
  kControl,        // control characters and bidi overrides: valid UTF-8
  kOversized,      // 100 KiB of text: more than any field allows
  kMalformedUtf8,  // not UTF-8: the request does not parse
  kEnumUnknown,    // an enum number the schema does not define
  kEnumUnspecified,
  kNumberExtreme,   // negative, zero, min/max, NaN, infinities
  kMoneyMalformed,  // nanos out of range or with the opposite sign of units
  kFieldMask,       // unknown or forbidden update_mask paths
  kPageToken,       // garbage or another list's page token
  kPageSize,        // huge or negative page sizes
};

const char* ValueKindName(ValueKind kind);

// One hostile value: a label for reports (never the value itself) and the bytes.
struct HostileValue {
  std::string label;
  ValueKind kind;
  std::string text;     // strings, bytes, field-mask paths, page tokens
  int64_t integer = 0;  // integers and enums
  double real = 0;      // doubles
  int64_t units = 0;    // money
  int32_t nanos = 0;    // money
};

// Strings: injection, resource abuse, control/bidi, 100 KiB, malformed UTF-8 (each malformed
// value is at least 8 bytes, so WireWith can place it). `long_run` adds more, and random strings
// from a fixed seed.
std::vector<HostileValue> HostileStrings(bool long_run);

// A field the walk reaches, as a path from the request: "customer.registered_capital",
// "exposure.use_of_funds_plan[0].category".
struct FieldSlot {
  std::string path;
  const google::protobuf::FieldDescriptor* field = nullptr;  // the last field of the path
  bool money = false;       // a ccrm.common.v1.Money message (set as a whole)
  bool field_mask = false;  // a google.protobuf.FieldMask (its paths set as a whole)
};

// Every scalar field of `request` (strings, bytes, numbers, enums; not bools), Money and
// FieldMask messages as wholes, in nested messages up to `max_depth` levels below the request.
std::vector<FieldSlot> RequestSlots(const google::protobuf::Descriptor& request, int max_depth = 2);

// The hostile values that fit the slot's type: strings for string/bytes fields (page tokens get
// kPageToken values too), extremes for numbers (page_size gets kPageSize), unknown and
// UNSPECIFIED for enums, malformed amounts for money, bad paths for field masks.
std::vector<HostileValue> ValuesFor(const FieldSlot& slot, const std::vector<HostileValue>& strings,
                                    bool long_run);

// Sets the slot of `message` to the value (creating the messages and the repeated element on
// the way). A kMalformedUtf8 value sets a same-length placeholder: use WireWith.
void SetSlot(google::protobuf::Message& message, const FieldSlot& slot, const HostileValue& value);

// The wire bytes of `message` with the slot set to the value, malformed UTF-8 included.
// INTERNAL when the placeholder cannot be found again (it never should).
absl::StatusOr<std::string> WireWith(const google::protobuf::Message& message,
                                     const FieldSlot& slot, const HostileValue& value);

// True when the slot (or, for a repeated field, its first element) holds a non-default value in
// `message`: a valid request's filled fields are the ones whose hostile variants must be refused.
bool SlotIsSet(const google::protobuf::Message& message, const FieldSlot& slot);

// The string at `path` (as RequestSlots spells it) of `message`, or "" when unset.
std::string StringAt(const google::protobuf::Message& message, const std::string& path);

// True when a field-violation path `violation` names the field at `path`: one is the other or a
// prefix of it at a '.' or '[' boundary, comparing with and without the first segment.
bool ViolationNames(const std::string& violation, const std::string& path);

// The wire bytes of an unknown length-delimited field (number 9999) of `size` bytes: appended to a
// request, it makes the message as large as wanted without touching its fields.
std::string UnknownFieldOfSize(size_t size);

}  // namespace ccrm::hostile
