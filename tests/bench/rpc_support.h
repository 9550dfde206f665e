// What the service benchmark tools (ccrm-rating-bench, ccrm-relationship-bench,
// ccrm-risk-bench) share on the client side: messages on stderr under the tool's name, gRPC
// status conversion, waiting for channels, fresh request ids, CNY amounts, timing and the RESULT
// line with the CPU figures.
//
// Example:
//   const ToolLog log("ccrm-risk-bench");
//   if (absl::Status s = Connect({&profile, &risk}, absl::Seconds(10)); !s.ok()) {
//     return log.Fail("connect", s);
//   }
//   PrintResult("record_observation", load, std::move(result), cpu, {{"exposures", "400"}});
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "ccrm/common/v1/types.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/scenarios.h"

namespace ccrm::bench {

// Lines on stderr prefixed with the tool's name.
class ToolLog final {
 public:
  explicit ToolLog(std::string tool) : tool_(std::move(tool)) {}
  // "<tool>: <what>: <status>"; returns 1, the tools' exit status for a failed run.
  int Fail(const std::string& what, const absl::Status& status) const;
  void Progress(const std::string& message) const;

 private:
  std::string tool_;
};

absl::Status ToAbsl(const grpc::Status& status);

// Waits for every pool's channels in turn; the first failure.
absl::Status Connect(std::initializer_list<ClientPool*> pools, absl::Duration timeout);

std::string NewRequestId();
ccrm::common::v1::Money Cny(int64_t units);
void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out);
absl::Time TimeOf(const google::protobuf::Timestamp& t);
double SecondsSince(std::chrono::steady_clock::time_point start);

// Prints the RESULT line: loadgen's fields, then the CPU figures, then `extra`.
void PrintResult(const std::string& scenario, const LoadOptions& load, RunResult result,
                 const CpuWindow& cpu,
                 const std::vector<std::pair<std::string, std::string>>& extra);

}  // namespace ccrm::bench
