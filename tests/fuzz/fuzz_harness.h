// The part every service's fuzz target shares: the first input byte picks one of the service's
// RPCs (from the generated service descriptor), the rest is parsed as that RPC's request message
// (binary protobuf), and the request goes through what the RPC's handler runs before storage
// (resource names, proto → domain mapping, domain validation), through the target's table of
// request checks. Then the outcome is checked: a request check must not throw, must fail only
// with a code a caller's bad input may cause, and an INVALID_ARGUMENT must name the offending
// fields. A violated property aborts, which libFuzzer (and the replay test) report as a crash.
//
// Each target also lists seed requests, which the replay binary writes as the seed corpus
// (replay_main.cc --write-seeds DIR), in the same byte format the fuzzer reads.
//
// Example (a target's .cc):
//   const ccrm::fuzz::RequestChecks& Checks() {
//     static const auto* checks = new ccrm::fuzz::RequestChecks{
//         {"GetCustomer", ccrm::fuzz::Check<v1::GetCustomerRequest>(&CheckGetCustomer)}};
//     return *checks;
//   }
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     return ccrm::fuzz::RunOne(*v1::CustomerProfile::descriptor(), Checks(), data, size);
//   }
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ccrm/common/v1/types.pb.h"

namespace ccrm::fuzz {

// What one RPC's handler runs on a request before it touches storage; the request is of the
// RPC's input type. Returns the status the handler would answer with (OK when it gets through).
using RequestCheck = std::function<absl::Status(const google::protobuf::Message&)>;

// Method name (as in the proto service) → its check. Every method of the service must have one.
using RequestChecks = std::map<std::string, RequestCheck>;

// Adapts a check written for the concrete request type.
template <typename Request>
RequestCheck Check(absl::Status (*check)(const Request&)) {
  return
      [check](const google::protobuf::Message& m) { return check(static_cast<const Request&>(m)); };
}

// Runs one fuzz input: byte 0 picks the method (modulo the method count), the rest is its
// request. Input that does not parse is skipped. Aborts (with a message on stderr) when a
// property fails. Always returns 0, as libFuzzer wants.
int RunOne(const google::protobuf::ServiceDescriptor& service, const RequestChecks& checks,
           const uint8_t* data, size_t size);

// Aborts unless `checks` has an entry for every method of `service` and nothing else: a new RPC
// without a fuzz check fails the replay test.
void RequireEveryMethod(const google::protobuf::ServiceDescriptor& service,
                        const RequestChecks& checks);

// Aborts with `what` on stderr: a property the fuzzer checks does not hold.
[[noreturn]] void Fail(absl::string_view what);

// Aborts unless mapping `first` (a proto built from a domain value) back to the domain and out
// again gives the same message: ToProto(FromProto(ToProto(x))) == ToProto(x).
void RequireSameMessage(const google::protobuf::Message& first,
                        const google::protobuf::Message& second, absl::string_view what);

// A seed: the method and a request of its input type.
struct Seed {
  std::string method;
  std::shared_ptr<google::protobuf::Message> request;
};

template <typename Request>
Seed MakeSeed(std::string method, Request request) {
  return Seed{std::move(method), std::make_shared<Request>(std::move(request))};
}

// Seed values: an amount in CNY, and a calendar date as given (seeds may hold invalid ones).
ccrm::common::v1::Money Cny(int64_t units);
ccrm::common::v1::Date Day(int year, int month, int day);

// The fuzz input that selects `seed.method` and carries `seed.request`.
std::string Encode(const google::protobuf::ServiceDescriptor& service, const Seed& seed);

}  // namespace ccrm::fuzz

// Each target defines these (besides LLVMFuzzerTestOneInput), for the replay binary.
const google::protobuf::ServiceDescriptor& CcrmFuzzService();
const ccrm::fuzz::RequestChecks& CcrmFuzzChecks();
std::vector<ccrm::fuzz::Seed> CcrmFuzzSeeds();
