// CPU use over a benchmark's measured window: this process (getrusage), other processes named on
// the command line (/proc/<pid>/stat, all threads) and the whole machine (/proc/stat), in percent
// of one core, so on a 2-core machine the machine figure tops out at 200.
//
// Example:
//   ASSIGN_OR_RETURN(std::vector<WatchedProcess> watched, ParseWatchList("server:1234"));
//   CpuWindow cpu(watched);
//   cpu.Start();  ... load ...  cpu.Stop();
//   for (auto& [key, value] : cpu.Figures()) { ... }  // {"cpu_client", "63.0"}, {"cpu_server",
//   ...}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace ccrm::bench {

struct WatchedProcess {
  std::string label;
  int pid = 0;
};

// Parses "label:pid,label:pid" (labels [A-Za-z0-9_]+). An empty spec gives an empty list.
// INVALID_ARGUMENT on any malformed entry.
absl::StatusOr<std::vector<WatchedProcess>> ParseWatchList(const std::string& spec);

// User plus system CPU time of `pid` (all its threads) so far. NOT_FOUND when /proc/<pid>/stat
// cannot be read (the process is gone), INTERNAL when it cannot be parsed.
absl::StatusOr<absl::Duration> ProcessCpuTime(int pid);

// Samples CPU counters at Start() and Stop() and reports the use in between.
class CpuWindow final {
 public:
  explicit CpuWindow(std::vector<WatchedProcess> watched);

  void Start();
  void Stop();
  // "cpu_client", "cpu_<label>" for each watched process and "cpu_machine", each a percentage of
  // one core with one decimal; "n/a" for a process that could not be read at either end.
  std::vector<std::pair<std::string, std::string>> Figures() const;

 private:
  struct Sample {
    absl::Time wall;
    absl::Duration self;
    std::vector<std::optional<absl::Duration>> processes;
    std::optional<std::pair<int64_t, int64_t>> machine_busy_total;  // clock ticks
  };
  Sample Take() const;

  std::vector<WatchedProcess> watched_;
  Sample start_;
  Sample end_;
};

}  // namespace ccrm::bench
