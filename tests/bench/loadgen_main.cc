// ccrm-loadgen: a closed-loop gRPC load generator. N workers each keep one call in flight (the
// callback client API, no thread per worker) against one scenario for a warm-up and a measured
// window, then print one line:
//   RESULT scenario=get_customer concurrency=16 duration_s=10.000 calls=… qps=… p50_ms=…
//          p90_ms=… p99_ms=… max_ms=… mean_ms=… errors=0 error_codes=none cpu_client=… …
//
// Example:
//   ccrm-loadgen --target=127.0.0.1:50051 --scenario=get_customer --concurrency=16
//       --duration=10s --warmup=2s --token_file=/tmp/bench/token --watch_pids=server:1234
//
// Exit status: 0 when the run completed (failed calls are counted in the line, not fatal), 1 when
// the target cannot be reached or the scenario cannot be prepared, 2 for bad flags.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/config/flags.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/scenarios.h"

namespace ccrm::bench {
namespace {

struct LoadgenFlags {
  std::string target;
  std::string scenario = "echo";
  int concurrency = 16;
  absl::Duration duration = absl::Seconds(10);
  absl::Duration warmup = absl::Seconds(2);
  absl::Duration deadline = absl::Seconds(5);
  absl::Duration connect_timeout = absl::Seconds(10);
  std::string token;
  std::string token_file;
  int channels = 0;
  int echo_payload_bytes = 512;
  int seed_customers = 1000;
  std::string customer_ids_file;
  int page_size = 20;
  int seed = 0;
  std::string watch_pids;

  void Bind(FlagSet& flags) {
    flags.Add("target", &target, "host:port of the server (loopback only)");
    flags.Add("scenario", &scenario, "echo | get_customer | list_customers | create_customer");
    flags.Add("concurrency", &concurrency, "calls in flight (closed-loop workers)");
    flags.Add("duration", &duration, "measured window");
    flags.Add("warmup", &warmup, "load before the window that is not counted");
    flags.Add("deadline", &deadline, "per-call deadline");
    flags.Add("connect_timeout", &connect_timeout, "how long to wait for the channels to connect");
    flags.Add("token", &token, "bearer token sent as the authorization metadata");
    flags.Add("token_file", &token_file, "file holding the bearer token (instead of --token)");
    flags.Add("channels", &channels, "HTTP/2 connections to spread calls over; 0 = min(N, 4)");
    flags.Add("echo_payload_bytes", &echo_payload_bytes, "echo: payload size");
    flags.Add("seed_customers", &seed_customers,
              "get_customer: customers created first to read from (without --customer_ids_file)");
    flags.Add("customer_ids_file", &customer_ids_file,
              "get_customer: one customer id per line, read instead of creating customers");
    flags.Add("page_size", &page_size, "list_customers: page size");
    flags.Add("seed", &seed, "random seed; 0 = a random one");
    flags.Add("watch_pids", &watch_pids,
              "label:pid,... whose CPU use over the window is reported as cpu_<label>");
  }

  absl::Status Validate() const {
    if (absl::Status s = RequireLoopbackTarget(target); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--target: ", s.message()));
    }
    if (concurrency < 1 || concurrency > 4096) {
      return absl::InvalidArgumentError("--concurrency must be 1..4096");
    }
    if (duration <= absl::ZeroDuration() || duration > absl::Hours(1) ||
        warmup < absl::ZeroDuration() || warmup > absl::Hours(1)) {
      return absl::InvalidArgumentError("--duration must be in (0, 1h], --warmup in [0, 1h]");
    }
    if (deadline <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError("--deadline must be positive");
    }
    if (!token.empty() && !token_file.empty()) {
      return absl::InvalidArgumentError("give --token or --token_file, not both");
    }
    if (channels < 0 || echo_payload_bytes < 0 || seed_customers < 1 || page_size < 1) {
      return absl::InvalidArgumentError(
          "--channels and --echo_payload_bytes must be >= 0, --seed_customers and --page_size "
          ">= 1");
    }
    return absl::OkStatus();
  }
};

int Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "ccrm-loadgen: %s: %s\n", what.c_str(), status.ToString().c_str());
  return 1;
}

int Run(int argc, char** argv) {
  LoadgenFlags f;
  FlagSet flags("ccrm-loadgen");
  f.Bind(flags);
  if (absl::Status s = flags.Parse(argc, argv); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  if (absl::Status s = f.Validate(); !s.ok()) {
    ExitWithUsage(flags, s);
  }
  absl::StatusOr<std::vector<WatchedProcess>> watched = ParseWatchList(f.watch_pids);
  if (!watched.ok()) {
    ExitWithUsage(flags, watched.status());
  }
  std::string token = f.token;
  if (!f.token_file.empty()) {
    absl::StatusOr<std::string> read = ReadTrimmedFile(f.token_file);
    if (!read.ok()) {
      return Fail("token", read.status());
    }
    token = *read;
  }

  ClientSettings settings;
  settings.target = f.target;
  settings.channels = f.channels > 0 ? f.channels : std::min(f.concurrency, 4);
  settings.token = token;
  settings.deadline = f.deadline;
  ClientPool pool(settings);
  if (absl::Status s = pool.WaitForConnected(f.connect_timeout); !s.ok()) {
    return Fail("connect", s);
  }
  const ScenarioOptions options{.concurrency = f.concurrency,
                                .seed = SeedOrRandom(f.seed),
                                .echo_payload_bytes = f.echo_payload_bytes,
                                .seed_customers = f.seed_customers,
                                .customer_ids_file = f.customer_ids_file,
                                .page_size = f.page_size};
  absl::StatusOr<std::unique_ptr<Scenario>> scenario = MakeScenario(f.scenario, options, &pool);
  if (!scenario.ok()) {
    ExitWithUsage(flags, scenario.status());
  }
  if (absl::Status s = (*scenario)->Prepare(); !s.ok()) {
    return Fail(absl::StrCat("preparing ", f.scenario), s);
  }

  const LoadOptions load{.concurrency = f.concurrency, .warmup = f.warmup, .duration = f.duration};
  CpuWindow cpu(*watched);
  Scenario* s = scenario->get();
  RunResult result = RunAsyncClosedLoop(
      load, [s](int worker, DoneCallback done) { s->Start(worker, std::move(done)); },
      WindowHooks{[&cpu] { cpu.Start(); }, [&cpu] { cpu.Stop(); }});
  result.extra = cpu.Figures();
  result.extra.emplace_back("channels", absl::StrCat(pool.channel_count()));
  std::printf("%s\n", FormatResultLine(f.scenario, load, result).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace ccrm::bench

int main(int argc, char** argv) { return ccrm::bench::Run(argc, argv); }
