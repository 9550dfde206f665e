// The flags every service benchmark tool has (ccrm-rating-bench, ccrm-relationship-bench,
// ccrm-risk-bench, ccrm-suite-flow): the closed loop's shape, the per-call deadline, how long to
// wait for the channels, how many channels, the random seed and the processes whose CPU use is
// reported; and the start every tool makes (parse, validate, read the watch list).
//
// Example:
//   struct MyFlags {
//     std::string target;
//     LoadFlags load;
//     void Bind(FlagSet& flags) { flags.Add("target", &target, "..."); load.Bind(flags); }
//     absl::Status Validate() const { return load.Validate(); }
//   };
//   MyFlags f;
//   FlagSet flags("ccrm-my-bench");
//   std::vector<WatchedProcess> watched = ParseToolFlags(flags, argc, argv, f);
//   ClientPool pool(f.load.Settings(f.target, token));
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/config/flags.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/scenarios.h"

namespace ccrm::bench {

struct LoadFlags {
  int concurrency = 16;
  absl::Duration duration = absl::Seconds(10);
  absl::Duration warmup = absl::Seconds(2);
  absl::Duration deadline = absl::Seconds(5);
  absl::Duration connect_timeout = absl::Seconds(10);
  // 0 = min(concurrency, 4).
  int channels = 0;
  // 0 = a random seed.
  int seed = 0;
  std::string watch_pids;

  void Bind(FlagSet& flags);
  // INVALID_ARGUMENT unless concurrency is 1..4096, duration in (0, 1h], warmup in [0, 1h],
  // deadline and connect_timeout positive and channels >= 0.
  absl::Status Validate() const;
  LoadOptions Load() const;
  int ChannelCount() const;
  // A client of `target` with this run's channels and deadline, sending `token`.
  ClientSettings Settings(const std::string& target, const std::string& token) const;
};

// Parses argv into `flags` (bound by tool_flags.Bind), validates tool_flags and reads its
// --watch_pids. Exits 2 with the usage on any problem.
template <typename ToolFlags>
std::vector<WatchedProcess> ParseToolFlags(FlagSet& flags, int argc, char** argv,
                                           ToolFlags& tool_flags) {
  tool_flags.Bind(flags);
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  if (absl::Status s = tool_flags.Validate(); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  absl::StatusOr<std::vector<WatchedProcess>> watched =
      ParseWatchList(tool_flags.load.watch_pids);
  if (!watched.ok()) {
    ExitWithUsage(flags, watched.status());
  }
  return *std::move(watched);
}

}  // namespace ccrm::bench
