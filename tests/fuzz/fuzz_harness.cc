#include "tests/fuzz/fuzz_harness.h"

#include <google/protobuf/util/message_differencer.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace ccrm::fuzz {
namespace {

// Codes a handler may answer a caller's request with before (or, with the in-memory stores,
// instead of) the database: bad input, or the state of what it names. Anything else (INTERNAL,
// UNKNOWN, ...) from validation or mapping is a bug.
bool IsCallerFacingCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

void CheckOutcome(const std::string& method, const absl::Status& status) {
  if (!IsCallerFacingCode(status.code())) {
    Fail(absl::StrCat(method,
                      ": answered with a code no caller input should cause: ", status.ToString()));
  }
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    const std::vector<FieldViolation> violations = FieldViolationsOf(status);
    if (violations.empty()) {
      Fail(
          absl::StrCat(method, ": INVALID_ARGUMENT without field violations: ", status.ToString()));
    }
    for (const FieldViolation& v : violations) {
      if (v.field.empty() || v.description.empty()) {
        Fail(absl::StrCat(
            method, ": a field violation without a field or a description: ", status.ToString()));
      }
    }
  }
}

}  // namespace

void Fail(absl::string_view what) {
  std::fprintf(stderr, "ccrm fuzz property failed: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::fflush(stderr);
  std::abort();
}

void RequireSameMessage(const google::protobuf::Message& first,
                        const google::protobuf::Message& second, absl::string_view what) {
  if (!google::protobuf::util::MessageDifferencer::Equals(first, second)) {
    Fail(absl::StrCat(what, ": the mapping does not round-trip:\n", first.DebugString(),
                      "--- became ---\n", second.DebugString()));
  }
}

void RequireEveryMethod(const google::protobuf::ServiceDescriptor& service,
                        const RequestChecks& checks) {
  for (int i = 0; i < service.method_count(); ++i) {
    if (checks.count(service.method(i)->name()) == 0) {
      Fail(absl::StrCat(service.full_name(), ".", service.method(i)->name(), " has no fuzz check"));
    }
  }
  for (const auto& [name, check] : checks) {
    if (service.FindMethodByName(name) == nullptr) {
      Fail(absl::StrCat(service.full_name(), " has no method ", name));
    }
  }
}

int RunOne(const google::protobuf::ServiceDescriptor& service, const RequestChecks& checks,
           const uint8_t* data, size_t size) {
  if (size == 0 || service.method_count() == 0) {
    return 0;
  }
  const google::protobuf::MethodDescriptor* method =
      service.method(data[0] % service.method_count());
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(method->input_type());
  std::unique_ptr<google::protobuf::Message> request(prototype->New());
  if (!request->ParseFromArray(data + 1, static_cast<int>(size - 1))) {
    return 0;
  }
  auto check = checks.find(method->name());
  if (check == checks.end()) {
    Fail(absl::StrCat(method->full_name(), " has no fuzz check"));
  }
  absl::Status status;
  try {
    status = check->second(*request);
  } catch (const std::exception& e) {
    Fail(absl::StrCat(method->name(), ": threw ", e.what()));
  } catch (...) {
    Fail(absl::StrCat(method->name(), ": threw something not a std::exception"));
  }
  // CCRM_FUZZ_VERBOSE=1: what each input got, to see how far seeds reach.
  static const bool verbose = std::getenv("CCRM_FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    std::fprintf(stderr, "  %s -> %s\n", method->name().c_str(), status.ToString().c_str());
  }
  CheckOutcome(method->name(), status);
  return 0;
}

std::string Encode(const google::protobuf::ServiceDescriptor& service, const Seed& seed) {
  const google::protobuf::MethodDescriptor* method = service.FindMethodByName(seed.method);
  if (method == nullptr) {
    Fail(absl::StrCat("seed for unknown method ", seed.method));
  }
  std::string out(1, static_cast<char>(method->index()));
  seed.request->AppendToString(&out);
  return out;
}

ccrm::common::v1::Money Cny(int64_t units) {
  ccrm::common::v1::Money money;
  money.set_currency_code("CNY");
  money.set_units(units);
  return money;
}

ccrm::common::v1::Date Day(int year, int month, int day) {
  ccrm::common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

}  // namespace ccrm::fuzz
