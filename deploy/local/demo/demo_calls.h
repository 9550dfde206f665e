// How the demo loaders call a service: the demo token and a deadline on every call, and a tally
// of what was done, what a previous run had already done (ALREADY_EXISTS, or FAILED_PRECONDITION
// saying "already", as for an assignment that is already in place) and what failed. The loaders
// are idempotent, so a second run counts everything as already there or replayed.
//
// Example:
//   DemoCalls<Stub> calls(stub.get(), token);
//   calls.Call("CreateExposure", &Stub::CreateExposure, request, &exposure);
//   return calls.failures() == 0 ? 0 : 1;
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <string>
#include <utility>

#include "common/client/call.h"

namespace ccrm::demo {

template <typename Stub>
class DemoCalls final {
 public:
  DemoCalls(Stub* stub, std::string token) : stub_(stub) {
    options_.token = std::move(token);
    options_.timeout = absl::Seconds(20);
  }

  // True when the call succeeded (its response filled); a failure is printed to stderr.
  template <typename Request, typename Response>
  bool Call(const char* what,
            grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
            const Request& request, Response* response) {
    grpc::ClientContext ctx;
    PrepareClientContext(options_, &ctx);
    grpc::Status s = (stub_->*method)(&ctx, request, response);
    if (s.ok()) {
      ++done_;
      return true;
    }
    if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS ||
        (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
         s.error_message().find("already") != std::string::npos)) {
      ++kept_;
      return false;
    }
    std::fprintf(stderr, "%s failed: %s\n", what, s.error_message().c_str());
    ++failures_;
    return false;
  }

  // The same when the response is not needed.
  template <typename Request, typename Response>
  bool Call(const char* what,
            grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
            const Request& request) {
    Response response;
    return Call(what, method, request, &response);
  }

  int done() const { return done_; }
  int kept() const { return kept_; }
  int failures() const { return failures_; }

 private:
  Stub* stub_;
  CallOptions options_;
  int done_ = 0;
  int kept_ = 0;
  int failures_ = 0;
};

}  // namespace ccrm::demo
