#include "tests/fault/hostile/hostile_catalogue.h"

#include <google/protobuf/field_mask.pb.h>

#include <cmath>
#include <limits>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace ccrm::hostile {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kMoneyType[] = "ccrm.common.v1.Money";
constexpr char kFieldMaskType[] = "google.protobuf.FieldMask";
constexpr char kPlaceholderStem[] = "~#PLACE#";

HostileValue Text(std::string label, ValueKind kind, std::string text) {
  HostileValue v;
  v.label = std::move(label);
  v.kind = kind;
  v.text = std::move(text);
  return v;
}

HostileValue Integer(std::string label, ValueKind kind, int64_t value) {
  HostileValue v;
  v.label = std::move(label);
  v.kind = kind;
  v.integer = value;
  return v;
}

HostileValue Real(std::string label, double value) {
  HostileValue v;
  v.label = std::move(label);
  v.kind = ValueKind::kNumberExtreme;
  v.real = value;
  return v;
}

HostileValue Amount(std::string label, int64_t units, int32_t nanos, std::string currency = "CNY") {
  HostileValue v;
  v.label = std::move(label);
  v.kind = ValueKind::kMoneyMalformed;
  v.units = units;
  v.nanos = nanos;
  v.text = std::move(currency);
  return v;
}

// Malformed UTF-8 padded with ASCII to at least 8 bytes (WireWith's placeholder needs the room).
HostileValue Malformed(std::string label, const std::string& bytes) {
  std::string text = "ab" + bytes;
  while (text.size() < 8) {
    text.push_back('z');
  }
  return Text(std::move(label), ValueKind::kMalformedUtf8, text);
}

// A placeholder of exactly `size` (>= 8) bytes that no request otherwise holds.
std::string Placeholder(size_t size) {
  std::string p = kPlaceholderStem;
  while (p.size() < size) {
    p.push_back('~');
  }
  return p.substr(0, size);
}

std::string AppendVarint(std::string out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}

struct Segment {
  std::string name;
  bool element = false;  // "[0]"
};

std::vector<Segment> ParsePath(const std::string& path) {
  std::vector<Segment> out;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    Segment s;
    if (absl::EndsWith(part, "[0]")) {
      s.element = true;
      part.remove_suffix(3);
    }
    s.name = std::string(part);
    out.push_back(std::move(s));
  }
  return out;
}

void Walk(const Descriptor& type, const std::string& prefix, int depth, int max_depth,
          std::vector<FieldSlot>& out) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* f = type.field(i);
    std::string path = absl::StrCat(prefix, f->name(), f->is_repeated() ? "[0]" : "");
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL || f->is_map()) {
      continue;
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      out.push_back(FieldSlot{path, f});
      continue;
    }
    const std::string& type_name = f->message_type()->full_name();
    if (type_name == kFieldMaskType) {
      out.push_back(FieldSlot{path, f, false, true});
      continue;
    }
    if (type_name == kMoneyType) {
      out.push_back(FieldSlot{path, f, true, false});
    }
    if (depth < max_depth && !absl::StartsWith(type_name, "google.protobuf.Any") &&
        !absl::StartsWith(type_name, "google.protobuf.Struct")) {
      Walk(*f->message_type(), path + ".", depth + 1, max_depth, out);
    }
  }
}

// The message holding the last segment, creating the way there; nullptr when a name is unknown.
Message* MutableParent(Message& root, const std::vector<Segment>& path) {
  Message* m = &root;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(path[i].name);
    if (f == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      return nullptr;
    }
    const Reflection* r = m->GetReflection();
    if (f->is_repeated()) {
      m = r->FieldSize(*m, f) == 0 ? r->AddMessage(m, f) : r->MutableRepeatedMessage(m, f, 0);
    } else {
      m = r->MutableMessage(m, f);
    }
  }
  return m;
}

void SetScalar(Message& m, const FieldDescriptor* f, const HostileValue& v,
               const std::string& text) {
  const Reflection* r = m.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      rep ? r->AddString(&m, f, text) : r->SetString(&m, f, text);
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      rep ? r->AddInt32(&m, f, static_cast<int32_t>(v.integer))
          : r->SetInt32(&m, f, static_cast<int32_t>(v.integer));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      rep ? r->AddInt64(&m, f, v.integer) : r->SetInt64(&m, f, v.integer);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      rep ? r->AddUInt32(&m, f, static_cast<uint32_t>(v.integer))
          : r->SetUInt32(&m, f, static_cast<uint32_t>(v.integer));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      rep ? r->AddUInt64(&m, f, static_cast<uint64_t>(v.integer))
          : r->SetUInt64(&m, f, static_cast<uint64_t>(v.integer));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      rep ? r->AddDouble(&m, f, v.real) : r->SetDouble(&m, f, v.real);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      rep ? r->AddFloat(&m, f, static_cast<float>(v.real))
          : r->SetFloat(&m, f, static_cast<float>(v.real));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      rep ? r->AddEnumValue(&m, f, static_cast<int>(v.integer))
          : r->SetEnumValue(&m, f, static_cast<int>(v.integer));
      break;
    default:
      break;
  }
}

}  // namespace

const char* ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kInjection:
      return "injection";
    case ValueKind::kResourceAbuse:
      return "resource_abuse";
    case ValueKind::kControl:
      return "control_bidi";
    case ValueKind::kOversized:
      return "oversized";
    case ValueKind::kMalformedUtf8:
      return "malformed_utf8";
    case ValueKind::kEnumUnknown:
      return "enum_unknown";
    case ValueKind::kEnumUnspecified:
      return "enum_unspecified";
    case ValueKind::kNumberExtreme:
      return "number_extreme";
    case ValueKind::kMoneyMalformed:
      return "money_malformed";
    case ValueKind::kFieldMask:
      return "field_mask";
    case ValueKind::kPageToken:
      return "page_token";
    case ValueKind::kPageSize:
      return "page_size";
  }
  return "?";
}

std::vector<HostileValue> HostileStrings(bool long_run) {
  std::vector<HostileValue> out = {
      Text("sql_or_true", ValueKind::kInjection, "' OR '1'='1"),
      Text("sql_drop_table", ValueKind::kInjection, "\"; DROP TABLE customers; --"),
      Text("sql_escaped_quote", ValueKind::kInjection, "\\'"),
      Text("like_percent", ValueKind::kInjection, "%"),
      Text("like_underscore", ValueKind::kInjection, "_"),
      Text("backslashes", ValueKind::kInjection, "a\\\\b\\0c\\"),
      Text("nul_bytes", ValueKind::kInjection, std::string("nul\0in\0text", 11)),
      Text("traversal", ValueKind::kResourceAbuse, "customers/../x"),
      Text("wildcard_name", ValueKind::kResourceAbuse, "customers/*"),
      Text("long_name", ValueKind::kResourceAbuse, "customers/" + std::string(5000, 'a')),
      Text("control_chars", ValueKind::kControl, "a\x01\x07\x1b[31mb\r\nc"),
      Text("bidi_override", ValueKind::kControl, "abc\u202Edcba\u2066x\u2069"),
      Text("oversized_100k", ValueKind::kOversized, std::string(100 * 1024, 'A')),
      Malformed("utf8_invalid_byte", "\xff\xfe"),
      Malformed("utf8_bad_continuation", "\xc3\x28"),
      Malformed("utf8_surrogate", "\xed\xa0\x80"),
      Malformed("utf8_overlong", "\xc0\xaf"),
      Malformed("utf8_truncated", "\xe4\xb8"),
  };
  if (long_run) {
    const std::vector<HostileValue> more = {
        Text("sql_union", ValueKind::kInjection, "x' UNION SELECT password FROM mysql.user -- "),
        Text("sql_comment", ValueKind::kInjection, "/*!50000 SLEEP(5)*/"),
        Text("sql_hex", ValueKind::kInjection, "0x27204f522031"),
        Text("percent_run", ValueKind::kInjection, "%%%_%"),
        Text("jndi", ValueKind::kInjection, "${jndi:ldap://example.invalid/a}"),
        Text("html", ValueKind::kInjection, "<script>alert(1)</script>"),
        Text("double_slash", ValueKind::kResourceAbuse, "customers//x"),
        Text("encoded_traversal", ValueKind::kResourceAbuse, "customers/%2e%2e%2fx"),
        Text("absolute_path", ValueKind::kResourceAbuse, "/etc/passwd"),
        Text("very_long_name", ValueKind::kResourceAbuse, std::string(60 * 1024, 'n')),
        Text("zero_width", ValueKind::kControl, "a\u200Bb\uFEFFc"),
        Text("oversized_1m", ValueKind::kOversized, std::string(1024 * 1024, 'B')),
        Malformed("utf8_above_max", "\xf4\x90\x80\x80"),
        Malformed("utf8_five_byte", "\xf8\x88\x80\x80\x80"),
        Malformed("utf8_lone_continuation", "\x80\x80"),
    };
    out.insert(out.end(), more.begin(), more.end());
    // Random strings from a fixed seed: valid UTF-8 (random code points) and raw bytes.
    std::mt19937 rng(20240607);
    for (int i = 0; i < 8; ++i) {
      std::string utf8;
      for (int j = 0; j < 24; ++j) {
        uint32_t cp = std::uniform_int_distribution<uint32_t>(1, 0x2FFFF)(rng);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          cp = 0x4E2D;
        }
        if (cp < 0x80) {
          utf8.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          utf8.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          utf8.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          utf8.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          utf8.push_back(static_cast<char>(0xF0 | (cp >> 18)));
          utf8.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
          utf8.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
      }
      out.push_back(Text(absl::StrCat("random_utf8_", i), ValueKind::kControl, utf8));
      std::string bytes = "\xff";  // never UTF-8, whatever follows
      for (int j = 0; j < 23; ++j) {
        bytes.push_back(static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng)));
      }
      out.push_back(Malformed(absl::StrCat("random_bytes_", i), bytes));
    }
  }
  return out;
}

std::vector<FieldSlot> RequestSlots(const Descriptor& request, int max_depth) {
  std::vector<FieldSlot> out;
  Walk(request, "", 0, max_depth, out);
  return out;
}

std::vector<HostileValue> ValuesFor(const FieldSlot& slot, const std::vector<HostileValue>& strings,
                                    bool long_run) {
  std::vector<HostileValue> out;
  if (slot.money) {
    out = {Amount("nanos_above_range", 1, 1'000'000'000),
           Amount("nanos_below_range", 0, -1'000'000'000),
           Amount("nanos_sign_mismatch_pos_units", 5, -1),
           Amount("nanos_sign_mismatch_neg_units", -5, 1),
           Amount("currency_lower_case", 1, 0, "cny"),
           Amount("currency_injection", 1, 0, "' OR 1=1")};
    // A huge but well-formed amount: whether it is acceptable depends on the field.
    HostileValue huge = Amount("units_max", std::numeric_limits<int64_t>::max(), 999'999'999);
    huge.kind = ValueKind::kNumberExtreme;
    out.push_back(huge);
    if (long_run) {
      out.push_back(Amount("units_min", std::numeric_limits<int64_t>::min(), -999'999'999));
      out.push_back(Amount("nanos_int_min", 0, std::numeric_limits<int32_t>::min()));
      out.push_back(Amount("currency_empty", 1, 0, ""));
    }
    return out;
  }
  if (slot.field_mask) {
    for (const char* path :
         {"no_such_field", "name", "create_time", "etag", "customer_id", "../x", "' OR '1'='1"}) {
      out.push_back(Text(absl::StrCat("mask_", path[0] == '\'' ? "injection" : path),
                         ValueKind::kFieldMask, path));
    }
    return out;
  }
  const FieldDescriptor* f = slot.field;
  const std::string& name = f->name();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      for (HostileValue v : strings) {
        if (name == "page_token" && v.kind != ValueKind::kMalformedUtf8 &&
            v.kind != ValueKind::kOversized) {
          v.kind = ValueKind::kPageToken;
        }
        out.push_back(std::move(v));
      }
      if (name == "page_token") {
        out.push_back(Text("token_garbage", ValueKind::kPageToken, "garbage"));
        out.push_back(Text("token_base64_junk", ValueKind::kPageToken, "AAAAAAAAAAAAAAAA"));
      }
      return out;
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64: {
      const bool wide = f->cpp_type() == FieldDescriptor::CPPTYPE_INT64;
      if (name == "page_size") {
        return {Integer("page_size_huge", ValueKind::kPageSize, 1'000'000'000),
                Integer("page_size_negative", ValueKind::kPageSize, -1),
                Integer("page_size_int_min", ValueKind::kPageSize,
                        std::numeric_limits<int32_t>::min())};
      }
      out = {
          Integer("negative", ValueKind::kNumberExtreme, -1),
          Integer("zero", ValueKind::kNumberExtreme, 0),
          Integer("max", ValueKind::kNumberExtreme,
                  wide ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int32_t>::max()),
          Integer(
              "min", ValueKind::kNumberExtreme,
              wide ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int32_t>::min())};
      if (long_run) {
        out.push_back(Integer("large", ValueKind::kNumberExtreme, 1'000'000'007));
      }
      return out;
    }
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return {Integer("zero", ValueKind::kNumberExtreme, 0),
              Integer("max", ValueKind::kNumberExtreme, -1)};
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      out = {Real("negative", -1.0),
             Real("zero", 0.0),
             Real("nan", std::numeric_limits<double>::quiet_NaN()),
             Real("plus_inf", std::numeric_limits<double>::infinity()),
             Real("minus_inf", -std::numeric_limits<double>::infinity()),
             Real("huge", 1e308)};
      if (long_run) {
        out.push_back(Real("denormal", 5e-324));
        out.push_back(Real("lowest", std::numeric_limits<double>::lowest()));
      }
      return out;
    case FieldDescriptor::CPPTYPE_ENUM:
      out = {Integer("enum_999", ValueKind::kEnumUnknown, 999),
             Integer("enum_unspecified", ValueKind::kEnumUnspecified, 0)};
      if (long_run) {
        out.push_back(Integer("enum_negative", ValueKind::kEnumUnknown, -1));
        out.push_back(
            Integer("enum_int_max", ValueKind::kEnumUnknown, std::numeric_limits<int32_t>::max()));
      }
      return out;
    default:
      return out;
  }
}

void SetSlot(Message& message, const FieldSlot& slot, const HostileValue& value) {
  const std::vector<Segment> path = ParsePath(slot.path);
  Message* parent = MutableParent(message, path);
  if (parent == nullptr) {
    return;
  }
  const FieldDescriptor* f = parent->GetDescriptor()->FindFieldByName(path.back().name);
  if (f == nullptr) {
    return;
  }
  const Reflection* r = parent->GetReflection();
  if (slot.money || slot.field_mask) {
    Message* m = f->is_repeated()
                     ? (r->FieldSize(*parent, f) == 0 ? r->AddMessage(parent, f)
                                                      : r->MutableRepeatedMessage(parent, f, 0))
                     : r->MutableMessage(parent, f);
    const Descriptor* d = m->GetDescriptor();
    const Reflection* mr = m->GetReflection();
    if (slot.money) {
      mr->SetString(m, d->FindFieldByName("currency_code"), value.text);
      mr->SetInt64(m, d->FindFieldByName("units"), value.units);
      mr->SetInt32(m, d->FindFieldByName("nanos"), value.nanos);
    } else {
      const FieldDescriptor* paths = d->FindFieldByName("paths");
      mr->ClearField(m, paths);
      mr->AddString(m, paths, value.text);
    }
    return;
  }
  const std::string text =
      value.kind == ValueKind::kMalformedUtf8 ? Placeholder(value.text.size()) : value.text;
  // "[0]" on a repeated field: the hostile value becomes its only element.
  r->ClearField(parent, f);
  SetScalar(*parent, f, value, text);
}

absl::StatusOr<std::string> WireWith(const Message& message, const FieldSlot& slot,
                                     const HostileValue& value) {
  std::unique_ptr<Message> copy(message.New());
  copy->CopyFrom(message);
  SetSlot(*copy, slot, value);
  std::string wire;
  if (!copy->SerializeToString(&wire)) {
    return absl::InternalError(absl::StrCat("cannot serialize ", slot.path));
  }
  if (value.kind != ValueKind::kMalformedUtf8) {
    return wire;
  }
  const std::string placeholder = Placeholder(value.text.size());
  const size_t at = wire.find(placeholder);
  if (at == std::string::npos || wire.find(placeholder, at + 1) != std::string::npos) {
    return absl::InternalError(absl::StrCat("placeholder of ", slot.path, " not found once"));
  }
  wire.replace(at, placeholder.size(), value.text);
  return wire;
}

bool SlotIsSet(const Message& message, const FieldSlot& slot) {
  const std::vector<Segment> segments = ParsePath(slot.path);
  const Message* m = &message;
  for (size_t i = 0; i < segments.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(segments[i].name);
    if (f == nullptr) {
      return false;
    }
    const Reflection* r = m->GetReflection();
    if (f->is_repeated()) {
      if (r->FieldSize(*m, f) == 0) {
        return false;
      }
    } else if (!r->HasField(*m, f)) {  // proto3 scalars: "has" means not the default
      return false;
    }
    if (i + 1 == segments.size() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      return true;
    }
    m = f->is_repeated() ? &r->GetRepeatedMessage(*m, f, 0) : &r->GetMessage(*m, f);
  }
  return false;
}

std::string StringAt(const Message& message, const std::string& path) {
  const std::vector<Segment> segments = ParsePath(path);
  const Message* m = &message;
  for (size_t i = 0; i < segments.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(segments[i].name);
    if (f == nullptr) {
      return "";
    }
    const Reflection* r = m->GetReflection();
    if (f->is_repeated() && r->FieldSize(*m, f) == 0) {
      return "";
    }
    if (i + 1 == segments.size()) {
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
        return "";
      }
      return f->is_repeated() ? r->GetRepeatedString(*m, f, 0) : r->GetString(*m, f);
    }
    m = f->is_repeated() ? &r->GetRepeatedMessage(*m, f, 0) : &r->GetMessage(*m, f);
  }
  return "";
}

bool ViolationNames(const std::string& violation, const std::string& path) {
  auto strip_indexes = [](std::string s) {
    std::string out;
    bool skipping = false;
    for (char c : s) {
      if (c == '[') {
        skipping = true;
      } else if (c == ']') {
        skipping = false;
      } else if (!skipping) {
        out.push_back(c);
      }
    }
    return out;
  };
  auto without_first = [](const std::string& s) {
    const size_t dot = s.find('.');
    return dot == std::string::npos ? std::string() : s.substr(dot + 1);
  };
  auto prefix_of = [](const std::string& a, const std::string& b) {
    return !a.empty() && absl::StartsWith(b, a) && (a.size() == b.size() || b[a.size()] == '.');
  };
  const std::string v = strip_indexes(violation);
  const std::string p = strip_indexes(path);
  for (const std::string& a : {v, without_first(v)}) {
    for (const std::string& b : {p, without_first(p)}) {
      if (prefix_of(a, b) || prefix_of(b, a)) {
        return true;
      }
    }
  }
  return false;
}

std::string UnknownFieldOfSize(size_t size) {
  std::string out = AppendVarint("", (9999u << 3) | 2u);
  out = AppendVarint(std::move(out), size);
  out.append(size, 'x');
  return out;
}

}  // namespace ccrm::hostile
