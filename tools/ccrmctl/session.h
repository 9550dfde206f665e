// What a command runs with: the channel to the one address ccrmctl dials (each command makes the
// stub of the service it calls on it), the call options (token, deadline), where its output goes,
// standard input (for "-" as a request file) and the clock that dates fresh request ids.
//
// Example:
//   auto stub = v1::RiskWarning::NewStub(session.channel());
//   ASSIGN_OR_RETURN(v1::Alert alert, session.Call(*stub, &RiskStub::GetAlert, request));
//   return session.output().Show(alert, [&] { return AlertDetails(alert); });
#pragma once

#include <grpcpp/grpcpp.h>

#include <istream>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/client/call.h"
#include "common/time/clock.h"
#include "tools/ccrmctl/command_line.h"
#include "tools/ccrmctl/output.h"

namespace ccrm::ctl {

class Session final {
 public:
  Session(std::shared_ptr<grpc::ChannelInterface> channel, CallOptions call_options, Output* output,
          std::istream* input, const Clock* clock)
      : channel_(std::move(channel)),
        call_options_(std::move(call_options)),
        output_(output),
        input_(input),
        clock_(clock) {}

  const std::shared_ptr<grpc::ChannelInterface>& channel() const { return channel_; }
  const CallOptions& call_options() const { return call_options_; }
  Output& output() { return *output_; }
  std::istream& input() { return *input_; }
  const Clock& clock() const { return *clock_; }

  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request) const {
    return CallUnary(stub, method, call_options_, request);
  }

  // The same with `request_id` sent as x-request-id (a create's idempotency key).
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> CallWithRequestId(
      Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
      const Request& request, const std::string& request_id) const {
    CallOptions options = call_options_;
    options.request_id = request_id;
    return CallUnary(stub, method, options, request);
  }

 private:
  std::shared_ptr<grpc::ChannelInterface> channel_;
  CallOptions call_options_;
  Output* output_;
  std::istream* input_;
  const Clock* clock_;
};

}  // namespace ccrm::ctl
