#include "tests/bench/tool_flags.h"

#include <algorithm>

namespace ccrm::bench {

void LoadFlags::Bind(FlagSet& flags) {
  flags.Add("concurrency", &concurrency, "calls (or flows) in flight in the measured loop");
  flags.Add("duration", &duration, "measured window");
  flags.Add("warmup", &warmup, "load before the window, not counted");
  flags.Add("deadline", &deadline, "per-call deadline");
  flags.Add("connect_timeout", &connect_timeout, "how long to wait for the channels to connect");
  flags.Add("channels", &channels, "HTTP/2 connections per target; 0 = min(concurrency, 4)");
  flags.Add("seed", &seed, "random seed (customer codes, choices); 0 = a random one");
  flags.Add("watch_pids", &watch_pids,
            "label:pid,... whose CPU use over the window is reported as cpu_<label>");
}

absl::Status LoadFlags::Validate() const {
  if (concurrency < 1 || concurrency > 4096) {
    return absl::InvalidArgumentError("--concurrency must be 1..4096");
  }
  if (duration <= absl::ZeroDuration() || duration > absl::Hours(1) ||
      warmup < absl::ZeroDuration() || warmup > absl::Hours(1)) {
    return absl::InvalidArgumentError("--duration must be in (0, 1h], --warmup in [0, 1h]");
  }
  if (deadline <= absl::ZeroDuration() || connect_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--deadline and --connect_timeout must be positive");
  }
  if (channels < 0) {
    return absl::InvalidArgumentError("--channels must be >= 0");
  }
  return absl::OkStatus();
}

LoadOptions LoadFlags::Load() const {
  return LoadOptions{.concurrency = concurrency, .warmup = warmup, .duration = duration};
}

int LoadFlags::ChannelCount() const { return channels > 0 ? channels : std::min(concurrency, 4); }

ClientSettings LoadFlags::Settings(const std::string& target, const std::string& token) const {
  ClientSettings settings;
  settings.target = target;
  settings.channels = ChannelCount();
  settings.token = token;
  settings.deadline = deadline;
  return settings;
}

}  // namespace ccrm::bench
