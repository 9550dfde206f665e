#include "tests/bench/rpc_support.h"

#include <cstdio>

#include "common/ids/uuid.h"
#include "common/time/clock.h"

namespace ccrm::bench {

int ToolLog::Fail(const std::string& what, const absl::Status& status) const {
  std::fprintf(stderr, "%s: %s: %s\n", tool_.c_str(), what.c_str(), status.ToString().c_str());
  return 1;
}

void ToolLog::Progress(const std::string& message) const {
  std::fprintf(stderr, "%s: %s\n", tool_.c_str(), message.c_str());
  std::fflush(stderr);
}

absl::Status ToAbsl(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

absl::Status Connect(std::initializer_list<ClientPool*> pools, absl::Duration timeout) {
  for (ClientPool* pool : pools) {
    if (absl::Status s = pool->WaitForConnected(timeout); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

std::string NewRequestId() { return NewUuidV7(SystemClock::Get().Now()); }

ccrm::common::v1::Money Cny(int64_t units) {
  ccrm::common::v1::Money m;
  m.set_currency_code("CNY");
  m.set_units(units);
  return m;
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t nanos = absl::ToUnixNanos(t);
  out->set_seconds(nanos / 1'000'000'000);
  out->set_nanos(static_cast<int32_t>(nanos % 1'000'000'000));
}

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void PrintResult(const std::string& scenario, const LoadOptions& load, RunResult result,
                 const CpuWindow& cpu,
                 const std::vector<std::pair<std::string, std::string>>& extra) {
  result.extra = cpu.Figures();
  result.extra.insert(result.extra.end(), extra.begin(), extra.end());
  std::printf("%s\n", FormatResultLine(scenario, load, result).c_str());
  std::fflush(stdout);
}

}  // namespace ccrm::bench
