// ccrm-suite-flow: the cross-service flow a bank's day is made of, against the four services
// directly or through the API gateway:
//   1. customer-profile  CreateCustomer (an SME manufacturer, managed by the flow's manager)
//   2. credit-rating     ListRatings of the new customer
//   3. risk-warning      CreateExposure with an installment 40 days overdue: evaluated in the
//                        same transaction, it opens a days-past-due alert
//   4. relationship      ListTasks of the manager
// Modes:
//   check  runs the flow once and follows it through: the alert arrives on WatchAlerts and
//          becomes the manager's follow-up task in relationship-service (through the event flow);
//          exit 0 only if every step did. Prints one RESULT line with the step timings. Targets
//          on this machine: loopback or a private 10.0.0.0/8 address (network namespaces).
//   load   closed loop of steps 1-4 at --concurrency (one thread per flow in flight) for
//          --duration after --warmup; one RESULT line in ccrm-loadgen's format (qps = flows/s).
//          Loopback targets only.
//   rate   open loop: a flow is started every 1/--rate seconds whether or not the earlier ones
//          are done (at most --concurrency at once, one thread each), --warmup then --duration.
//          Prints STEADY_START when the warm-up is over, an INTERVAL line every --interval (flows
//          due, started, completed, failed, started late, still due but not started ("behind"),
//          flows/s, whole-flow p50/p95/p99/max from the scheduled start and each step's p50/p99)
//          and a RESULT line for the steady phase. A system that cannot keep up shows as late
//          starts, a growing "behind", latencies that include the wait, and flows not started
//          at all when the phase ended more than 4 deadlines ago. Loopback targets only.
//   read   closed loop of one read of the flow (--read_rpc: list_ratings, get_exposure or
//          list_tasks) over the records of --read_flows flows run first; RESULT line in
//          ccrm-loadgen's format, scenario = the RPC. Loopback targets only.
// Every target is either --gateway (one address for all four services) or the four
// --customer_profile/--credit_rating/--relationship/--risk; --ca_file (and --cert_file/--key_file)
// for TLS (and mTLS).
//
// Example:
//   ccrm-suite-flow --mode=check --gateway=127.0.0.1:8080 --ca_file=.local/secrets/gateway-ca.crt
//       --token_file=/tmp/flow.token
//   ccrm-suite-flow --mode=load --customer_profile=127.0.0.1:50051 --credit_rating=127.0.0.1:50052
//       --relationship=127.0.0.1:50053 --risk=127.0.0.1:50054 --token_file=/tmp/flow.token
//   ccrm-suite-flow --mode=rate --rate=100 --concurrency=64 --warmup=10s --duration=15m
//       --interval=10s <the four targets> --token_file=/tmp/flow.token
//
// Exit status: 0 when the flow completed (check), the run produced its figures (load, read) or
// every flow succeeded (rate); 1 when a step failed (check), a flow failed (rate, figures printed
// anyway) or a target cannot be reached; 2 for bad flags.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/config/flags.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/risk_portfolio.h"
#include "tests/bench/rpc_support.h"
#include "tests/bench/scenarios.h"
#include "tests/bench/soak/open_loop.h"
#include "tests/bench/tool_flags.h"
#include "tests/bench/uscc_sequence.h"

namespace ccrm::bench {
namespace {

namespace cpb = ::ccrm::customer::v1;
namespace rtb = ::ccrm::rating::v1;
namespace rel = ::ccrm::relationship::v1;
namespace rpb = ::ccrm::risk::v1;

const ToolLog kLog("ccrm-suite-flow");
constexpr int kOverdueDays = 40;
// Facility numbers of the flows, apart from the risk benchmark's portfolio.
constexpr int kFlowFacilityBase = 20'000'000;

struct SuiteFlowFlags {
  std::string mode;
  std::string gateway;
  std::string customer_profile;
  std::string credit_rating;
  std::string relationship;
  std::string risk;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string token_file;
  absl::Duration follow_timeout = absl::Seconds(60);
  int rate = 0;
  absl::Duration interval = absl::Seconds(10);
  absl::Duration late_after = absl::Milliseconds(100);
  std::string read_rpc = "get_exposure";
  int read_flows = 20;

  LoadFlags load;

  void Bind(FlagSet& flags) {
    load.Bind(flags);
    flags.Add("mode", &mode, "check | load | rate | read");
    flags.Add("gateway", &gateway, "host:port of the API gateway (all four services)");
    flags.Add("customer_profile", &customer_profile, "host:port of customer-profile");
    flags.Add("credit_rating", &credit_rating, "host:port of credit-rating");
    flags.Add("relationship", &relationship, "host:port of relationship-service");
    flags.Add("risk", &risk, "host:port of risk-warning");
    flags.Add("ca_file", &ca_file, "TLS: CA certificates (PEM) the servers must chain to");
    flags.Add("cert_file", &cert_file, "mTLS: this client's certificate (PEM)");
    flags.Add("key_file", &key_file, "mTLS: this client's private key (PEM)");
    flags.Add("token_file", &token_file,
              "token with roles admin, relationship_manager and risk_officer");
    flags.Add("follow_timeout", &follow_timeout,
              "check: how long the alert and the task may take to appear");
    flags.Add("rate", &rate,
              "rate: flows started per second, whether or not earlier ones are done");
    flags.Add("interval", &interval, "rate: how often a line of figures is printed");
    flags.Add("late_after", &late_after,
              "rate: a flow starting this long after its scheduled time counts as late");
    flags.Add("read_rpc", &read_rpc, "read: list_ratings | get_exposure | list_tasks");
    flags.Add("read_flows", &read_flows, "read: flows run first, whose records are read");
  }

  std::vector<std::pair<std::string, std::string>> Targets() const {
    if (!gateway.empty()) {
      return {{"customer_profile", gateway},
              {"credit_rating", gateway},
              {"relationship", gateway},
              {"risk", gateway}};
    }
    return {{"customer_profile", customer_profile},
            {"credit_rating", credit_rating},
            {"relationship", relationship},
            {"risk", risk}};
  }

  absl::Status Validate() const {
    if (mode != "check" && mode != "load" && mode != "rate" && mode != "read") {
      return absl::InvalidArgumentError("--mode must be check, load, rate or read");
    }
    if (mode == "rate" && (rate < 1 || rate > 100'000 || interval <= absl::ZeroDuration() ||
                           interval > load.duration || late_after < absl::ZeroDuration())) {
      return absl::InvalidArgumentError(
          "rate: --rate must be 1..100000, --interval in (0, --duration], --late_after >= 0");
    }
    if (mode == "read" &&
        (read_flows < 1 ||
         (read_rpc != "list_ratings" && read_rpc != "get_exposure" && read_rpc != "list_tasks"))) {
      return absl::InvalidArgumentError(
          "read: --read_flows must be >= 1 and --read_rpc list_ratings, get_exposure or "
          "list_tasks");
    }
    const bool direct = !customer_profile.empty() || !credit_rating.empty() ||
                        !relationship.empty() || !risk.empty();
    if (gateway.empty() == !direct) {
      return absl::InvalidArgumentError(
          "give either --gateway or all of --customer_profile, --credit_rating, --relationship "
          "and --risk");
    }
    for (const auto& [name, target] : Targets()) {
      absl::Status loopback = RequireLoopbackTarget(target);
      // A single checked flow may go to a network namespace on this machine (10.0.0.0/8);
      // load never leaves loopback.
      const bool namespaced = mode == "check" && absl::StartsWith(target, "10.");
      if (!loopback.ok() && !namespaced) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", loopback.message()));
      }
    }
    if (token_file.empty()) {
      return absl::InvalidArgumentError("--token_file is required");
    }
    if (cert_file.empty() != key_file.empty() || (!cert_file.empty() && ca_file.empty())) {
      return absl::InvalidArgumentError("--cert_file and --key_file go together, with --ca_file");
    }
    if (absl::Status s = load.Validate(); !s.ok()) {
      return s;
    }
    if (follow_timeout <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError("--follow_timeout must be positive");
    }
    return absl::OkStatus();
  }
};

// The four stubs of one flow, each over its target's channel.
struct SuiteClients {
  std::unique_ptr<ClientPool> profile_pool;
  std::unique_ptr<ClientPool> rating_pool;
  std::unique_ptr<ClientPool> relationship_pool;
  std::unique_ptr<ClientPool> risk_pool;

  absl::Status Connect(absl::Duration timeout) {
    return ::ccrm::bench::Connect(
        {profile_pool.get(), rating_pool.get(), relationship_pool.get(), risk_pool.get()}, timeout);
  }
};

absl::StatusOr<SuiteClients> MakeClients(const SuiteFlowFlags& f, const std::string& token) {
  ClientSettings base;
  base.channels = f.mode == "check" ? 1 : f.load.ChannelCount();
  base.token = token;
  base.deadline = f.load.deadline;
  for (const auto& [file, target] : {std::pair{f.ca_file, &base.tls_ca_pem},
                                     {f.cert_file, &base.tls_cert_pem},
                                     {f.key_file, &base.tls_key_pem}}) {
    if (file.empty()) {
      continue;
    }
    absl::StatusOr<std::string> pem = ReadTrimmedFile(file);
    if (!pem.ok()) {
      return pem.status();
    }
    *target = *pem + "\n";
  }
  SuiteClients clients;
  std::vector<std::unique_ptr<ClientPool>*> pools = {
      &clients.profile_pool, &clients.rating_pool, &clients.relationship_pool, &clients.risk_pool};
  const auto targets = f.Targets();
  for (size_t i = 0; i < pools.size(); ++i) {
    ClientSettings settings = base;
    settings.target = targets[i].second;
    *pools[i] = std::make_unique<ClientPool>(settings);
  }
  return clients;
}

// Steps 1-4 of one flow on `worker`'s channels; the first failure. Fills `alert_customer` with
// the customer and `exposure_name` with the facility.
class SuiteFlow final {
 public:
  SuiteFlow(const SuiteClients* clients, std::string manager_id, uint64_t seed)
      : clients_(clients), manager_id_(std::move(manager_id)), codes_(seed), seed_(seed) {}

  // Registers the flow's relationship manager (an existing one is fine).
  absl::Status PrepareManager() const {
    auto stub = rel::RelationshipService::NewStub(clients_->relationship_pool->channel(0));
    rel::CreateRelationshipManagerRequest request;
    request.mutable_manager()->set_manager_id(manager_id_);
    request.mutable_manager()->set_display_name("跨服务流程客户经理");
    request.mutable_manager()->set_branch("福州分行");
    request.mutable_manager()->set_max_portfolio_size(10000);
    rel::RelationshipManager created;
    grpc::ClientContext context;
    clients_->relationship_pool->Configure(&context);
    const grpc::Status s = stub->CreateRelationshipManager(&context, request, &created);
    if (!s.ok() && s.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return ToAbsl(s);
    }
    return absl::OkStatus();
  }

  struct Outcome {
    std::string customer_id;
    std::string customer_name;
    std::string exposure_name;
  };

  // The four steps, in flow order; `step_times` (when given) gets each completed step's latency.
  static constexpr int kSteps = 4;
  // Sized kSteps by the caller.
  using StepTimes = std::vector<absl::Duration>;

  absl::StatusOr<Outcome> Run(int worker, StepTimes* step_times = nullptr) {
    Outcome out;
    StepClock clock(step_times);
    auto profile = cpb::CustomerProfile::NewStub(clients_->profile_pool->channel(worker));
    cpb::CreateCustomerRequest create;
    *create.mutable_customer() = BenchObligor(codes_.Next(), manager_id_);
    create.set_request_id(NewRequestId());
    cpb::Customer customer;
    if (absl::Status s = Call(
            *clients_->profile_pool,
            [&](grpc::ClientContext* c) { return profile->CreateCustomer(c, create, &customer); });
        !s.ok()) {
      return s;
    }
    out.customer_id = customer.customer_id();
    out.customer_name = customer.name();
    clock.Lap(0);

    auto ratings = rtb::CreditRating::NewStub(clients_->rating_pool->channel(worker));
    rtb::ListRatingsRequest list_ratings;
    list_ratings.set_parent(customer.name());
    rtb::ListRatingsResponse rating_page;
    if (absl::Status s = Call(*clients_->rating_pool,
                              [&](grpc::ClientContext* c) {
                                return ratings->ListRatings(c, list_ratings, &rating_page);
                              });
        !s.ok()) {
      return s;
    }
    clock.Lap(1);

    auto risk = rpb::RiskWarning::NewStub(clients_->risk_pool->channel(worker));
    const PortfolioShape shape{.seed = seed_,
                               .today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone())};
    const rpb::CreateExposureRequest exposure =
        BenchExposure(shape, kFlowFacilityBase + static_cast<int>(next_facility_.fetch_add(1)),
                      customer.customer_id(), kOverdueDays);
    rpb::Exposure created;
    if (absl::Status s = Call(
            *clients_->risk_pool,
            [&](grpc::ClientContext* c) { return risk->CreateExposure(c, exposure, &created); });
        !s.ok()) {
      return s;
    }
    out.exposure_name = created.name();
    clock.Lap(2);

    auto relationships =
        rel::RelationshipService::NewStub(clients_->relationship_pool->channel(worker));
    rel::ListTasksRequest list_tasks;
    list_tasks.set_parent(absl::StrCat("relationshipManagers/", manager_id_));
    list_tasks.set_page_size(10);
    rel::ListTasksResponse tasks;
    if (absl::Status s = Call(*clients_->relationship_pool,
                              [&](grpc::ClientContext* c) {
                                return relationships->ListTasks(c, list_tasks, &tasks);
                              });
        !s.ok()) {
      return s;
    }
    clock.Lap(3);
    return out;
  }

  const std::string& manager_id() const { return manager_id_; }

 private:
  // Times the steps of one flow into a StepTimes, when there is one.
  class StepClock final {
   public:
    explicit StepClock(StepTimes* times) : times_(times) {}
    void Lap(int step) {
      const auto now = std::chrono::steady_clock::now();
      if (times_ != nullptr && static_cast<size_t>(step) < times_->size()) {
        (*times_)[static_cast<size_t>(step)] = absl::FromChrono(now - last_);
      }
      last_ = now;
    }

   private:
    StepTimes* times_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  };

  template <typename Send>
  static absl::Status Call(const ClientPool& pool, const Send& send) {
    grpc::ClientContext context;
    pool.Configure(&context);
    return ToAbsl(send(&context));
  }

  const SuiteClients* clients_;
  const std::string manager_id_;
  UsccSequence codes_;
  const uint64_t seed_;
  std::atomic<uint64_t> next_facility_{0};
};

// ---- check ----

// The first update of `customer_id`'s alerts (WatchAlerts from the start of the history).
absl::StatusOr<rpb::AlertUpdate> FirstAlertOf(const ClientPool& risk, const std::string& token,
                                              const std::string& customer_id,
                                              absl::Duration timeout) {
  auto stub = rpb::RiskWarning::NewStub(risk.channel(0));
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  rpb::WatchAlertsRequest request;
  request.set_customer_id(customer_id);
  auto reader = stub->WatchAlerts(&context, request);
  rpb::AlertUpdate update;
  if (reader->Read(&update)) {
    context.TryCancel();
    reader->Finish();
    return update;
  }
  return ToAbsl(reader->Finish());
}

// Polls the manager's tasks until one comes from `alert_name`.
absl::Status AwaitTaskFor(const ClientPool& relationship, const std::string& manager_id,
                          const std::string& alert_name, absl::Duration timeout) {
  auto stub = rel::RelationshipService::NewStub(relationship.channel(0));
  const absl::Time give_up = absl::Now() + timeout;
  absl::Status last = absl::NotFoundError("no task yet");
  while (absl::Now() < give_up) {
    rel::ListTasksRequest request;
    request.set_parent(absl::StrCat("relationshipManagers/", manager_id));
    request.set_page_size(100);
    rel::ListTasksResponse tasks;
    grpc::ClientContext context;
    relationship.Configure(&context);
    if (grpc::Status s = stub->ListTasks(&context, request, &tasks); s.ok()) {
      for (const rel::FollowUpTask& task : tasks.tasks()) {
        if (task.source() == alert_name) {
          return absl::OkStatus();
        }
      }
      last = absl::NotFoundError(
          absl::StrCat("no task from ", alert_name, " among ", tasks.tasks_size(), " tasks"));
    } else {
      last = ToAbsl(s);
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  return last;
}

// What every mode starts from: the clients connected, and the flow with its manager registered.
struct ReadyFlow {
  std::unique_ptr<SuiteClients> clients;
  std::unique_ptr<SuiteFlow> flow;
};

// The step that failed (TLS files, connect, registering the manager) heads the error.
absl::StatusOr<ReadyFlow> PrepareFlow(const SuiteFlowFlags& f, const std::string& token,
                                      uint64_t seed) {
  const auto step_failed = [](const char* step, const absl::Status& s) {
    return absl::Status(s.code(), absl::StrCat(step, ": ", s.message()));
  };
  absl::StatusOr<SuiteClients> clients = MakeClients(f, token);
  if (!clients.ok()) {
    return step_failed("TLS files", clients.status());
  }
  ReadyFlow ready;
  ready.clients = std::make_unique<SuiteClients>(*std::move(clients));
  if (absl::Status s = ready.clients->Connect(f.load.connect_timeout); !s.ok()) {
    return step_failed("connect", s);
  }
  ready.flow = std::make_unique<SuiteFlow>(
      ready.clients.get(), absl::StrFormat("flow-rm-%08x", seed % 0x100000000ULL), seed);
  if (absl::Status s = ready.flow->PrepareManager(); !s.ok()) {
    return step_failed("registering the manager", s);
  }
  return ready;
}

int RunCheck(const SuiteFlowFlags& f, const std::string& token, uint64_t seed) {
  absl::StatusOr<ReadyFlow> ready = PrepareFlow(f, token, seed);
  if (!ready.ok()) {
    return kLog.Fail("setting up the flow", ready.status());
  }
  SuiteClients& clients = *ready->clients;
  SuiteFlow& flow = *ready->flow;
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<SuiteFlow::Outcome> outcome = flow.Run(0);
  if (!outcome.ok()) {
    return kLog.Fail("the flow's calls", outcome.status());
  }
  const double calls_s = SecondsSince(start);
  absl::StatusOr<rpb::AlertUpdate> alert =
      FirstAlertOf(*clients.risk_pool, token, outcome->customer_id, f.follow_timeout);
  if (!alert.ok()) {
    return kLog.Fail("the alert on WatchAlerts", alert.status());
  }
  if (alert->change().action() != "opened" ||
      alert->change().alert().indicator() != "days_past_due") {
    return kLog.Fail("the alert on WatchAlerts",
                     absl::FailedPreconditionError(absl::StrCat(
                         "first change was ", alert->change().action(), " of ",
                         alert->change().alert().indicator(), ", not opened days_past_due")));
  }
  const double alert_s = SecondsSince(start);
  if (absl::Status s = AwaitTaskFor(*clients.relationship_pool, flow.manager_id(),
                                    alert->change().alert().name(), f.follow_timeout);
      !s.ok()) {
    return kLog.Fail("the manager's follow-up task", s);
  }
  const double task_s = SecondsSince(start);
  std::printf(
      "RESULT scenario=suite_flow_check customer=%s alert=%s level=%s calls_s=%.3f "
      "alert_on_watch_s=%.3f task_s=%.3f\n",
      outcome->customer_id.c_str(), alert->change().alert().name().c_str(),
      rpb::AlertLevel_Name(alert->change().alert().level()).c_str(), calls_s, alert_s, task_s);
  std::fflush(stdout);
  return 0;
}

// ---- load ----

int RunLoad(const SuiteFlowFlags& f, const std::string& token, uint64_t seed,
            const std::vector<WatchedProcess>& watched) {
  absl::StatusOr<ReadyFlow> ready = PrepareFlow(f, token, seed);
  if (!ready.ok()) {
    return kLog.Fail("setting up the flow", ready.status());
  }
  SuiteFlow& flow = *ready->flow;
  const LoadOptions load = f.load.Load();
  CpuWindow cpu(watched);
  RunResult result = RunBlockingClosedLoop(
      load, [&flow](int worker) { return flow.Run(worker).status().code(); },
      WindowHooks{[&cpu] { cpu.Start(); }, [&cpu] { cpu.Stop(); }});
  PrintResult(f.gateway.empty() ? "flow_direct" : "flow_gateway", load, std::move(result), cpu,
              {{"calls_per_flow", "4"}});
  return 0;
}

// ---- rate ----

std::string Millis(absl::Duration d) {
  return absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(d));
}

const std::vector<std::string>& StepNames() {
  static const auto* const names = new std::vector<std::string>{"create_customer", "list_ratings",
                                                                "create_exposure", "list_tasks"};
  return *names;
}

int RunRate(const SuiteFlowFlags& f, const std::string& token, uint64_t seed,
            const std::vector<WatchedProcess>& watched) {
  absl::StatusOr<ReadyFlow> ready = PrepareFlow(f, token, seed);
  if (!ready.ok()) {
    return kLog.Fail("setting up the flow", ready.status());
  }
  SuiteFlow& flow = *ready->flow;
  OpenLoop::Options options{.rate = static_cast<double>(f.rate),
                            .warmup = f.load.warmup,
                            .duration = f.load.duration,
                            .interval = f.interval,
                            .late_after = f.late_after,
                            .grace = f.load.deadline * SuiteFlow::kSteps,
                            .max_in_flight = f.load.concurrency,
                            .step_names = StepNames()};
  OpenLoop loop(std::move(options), [&flow](int worker, std::vector<absl::Duration>* times) {
    return flow.Run(worker, times).status();
  });
  const double interval_s = absl::ToDoubleSeconds(f.interval);
  const double duration_s = absl::ToDoubleSeconds(f.load.duration);
  CpuWindow cpu(watched);
  int exit_code = 0;
  loop.Run(OpenLoop::Hooks{
      .on_steady_start =
          [&](const OpenLoopTally& warmup) {
            cpu.Start();
            std::printf(
                "STEADY_START rate=%d warmup_flows=%lld warmup_failed=%lld warmup_late=%lld "
                "error_codes=%s\n",
                f.rate, static_cast<long long>(warmup.completed + warmup.failed),
                static_cast<long long>(warmup.failed), static_cast<long long>(warmup.late),
                warmup.ErrorCodes().c_str());
            std::fflush(stdout);
          },
      .on_interval =
          [&](int k, const OpenLoopTally& t, int64_t behind, int64_t in_flight) {
            const double length_s = absl::ToDoubleSeconds(loop.IntervalLength(k));
            const double end_s = k * interval_s + length_s;
            std::printf(
                "INTERVAL index=%d t_s=%.1f scheduled=%lld started=%lld completed=%lld "
                "failed=%lld late=%lld behind=%lld in_flight=%lld flows_per_s=%.1f "
                "max_lag_ms=%s %s error_codes=%s\n",
                k, end_s, static_cast<long long>(loop.ScheduledIn(k)),
                static_cast<long long>(t.started), static_cast<long long>(t.completed),
                static_cast<long long>(t.failed), static_cast<long long>(t.late),
                static_cast<long long>(behind), static_cast<long long>(in_flight),
                length_s > 0 ? static_cast<double>(t.completed) / length_s : 0.0,
                Millis(t.max_lag).c_str(), t.Latencies(StepNames()).c_str(),
                t.ErrorCodes().c_str());
            std::fflush(stdout);
          },
      .on_end =
          [&](const OpenLoopTally& t, const OpenLoopTally& warmup, int64_t not_started) {
            cpu.Stop();
            // Warm-up flows still in flight when the steady phase began are in `warmup` now.
            OpenLoopTally all = warmup;
            all.Merge(t);
            std::string line = absl::StrFormat(
                "RESULT scenario=flow_rate rate=%d concurrency=%d duration_s=%.3f "
                "interval_s=%.3f scheduled=%lld started=%lld completed=%lld failed=%lld "
                "not_started=%lld late=%lld max_lag_ms=%s qps=%.1f %s mean_ms=%s errors=%lld "
                "error_codes=%s warmup_flows=%lld warmup_failed=%lld calls_per_flow=4",
                f.rate, f.load.concurrency, duration_s, interval_s,
                static_cast<long long>(loop.ScheduledSteady()), static_cast<long long>(t.started),
                static_cast<long long>(t.completed), static_cast<long long>(t.failed),
                static_cast<long long>(not_started), static_cast<long long>(t.late),
                Millis(t.max_lag), static_cast<double>(t.completed) / duration_s,
                t.Latencies(StepNames()), Millis(t.latency.Mean()),
                static_cast<long long>(all.failed), all.ErrorCodes(),
                static_cast<long long>(warmup.completed + warmup.failed),
                static_cast<long long>(warmup.failed));
            for (const auto& [key, value] : cpu.Figures()) {
              absl::StrAppend(&line, " ", key, "=", value);
            }
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
            if (all.failed > 0) {
              exit_code = 1;
            }
          },
  });
  return exit_code;
}

// ---- read ----

// A closed loop of one read of the flow (ListRatings, GetExposure or ListTasks) over the
// customers and facilities of --read_flows flows run first.
int RunRead(const SuiteFlowFlags& f, const std::string& token, uint64_t seed,
            const std::vector<WatchedProcess>& watched) {
  absl::StatusOr<ReadyFlow> ready = PrepareFlow(f, token, seed);
  if (!ready.ok()) {
    return kLog.Fail("setting up the flow", ready.status());
  }
  SuiteClients& clients = *ready->clients;
  SuiteFlow& flow = *ready->flow;
  std::vector<SuiteFlow::Outcome> outcomes;
  for (int i = 0; i < f.read_flows; ++i) {
    absl::StatusOr<SuiteFlow::Outcome> outcome = flow.Run(0);
    if (!outcome.ok()) {
      return kLog.Fail("the flows read afterwards", outcome.status());
    }
    outcomes.push_back(*std::move(outcome));
  }
  std::atomic<uint64_t> next{0};
  const auto pick = [&]() -> const SuiteFlow::Outcome& {
    return outcomes[next.fetch_add(1) % outcomes.size()];
  };
  BlockingOperation op;
  if (f.read_rpc == "list_ratings") {
    op = [&](int worker) {
      auto stub = rtb::CreditRating::NewStub(clients.rating_pool->channel(worker));
      rtb::ListRatingsRequest request;
      request.set_parent(pick().customer_name);
      rtb::ListRatingsResponse reply;
      grpc::ClientContext context;
      clients.rating_pool->Configure(&context);
      return ToAbsl(stub->ListRatings(&context, request, &reply)).code();
    };
  } else if (f.read_rpc == "get_exposure") {
    op = [&](int worker) {
      auto stub = rpb::RiskWarning::NewStub(clients.risk_pool->channel(worker));
      rpb::GetExposureRequest request;
      request.set_name(pick().exposure_name);
      rpb::Exposure reply;
      grpc::ClientContext context;
      clients.risk_pool->Configure(&context);
      return ToAbsl(stub->GetExposure(&context, request, &reply)).code();
    };
  } else {
    op = [&](int worker) {
      auto stub = rel::RelationshipService::NewStub(clients.relationship_pool->channel(worker));
      rel::ListTasksRequest request;
      request.set_parent(absl::StrCat("relationshipManagers/", flow.manager_id()));
      request.set_page_size(10);
      rel::ListTasksResponse reply;
      grpc::ClientContext context;
      clients.relationship_pool->Configure(&context);
      return ToAbsl(stub->ListTasks(&context, request, &reply)).code();
    };
  }
  const LoadOptions load = f.load.Load();
  CpuWindow cpu(watched);
  RunResult result =
      RunBlockingClosedLoop(load, op, WindowHooks{[&cpu] { cpu.Start(); }, [&cpu] { cpu.Stop(); }});
  PrintResult(f.read_rpc, load, std::move(result), cpu,
              {{"read_flows", absl::StrCat(f.read_flows)}});
  return 0;
}

int Run(int argc, char** argv) {
  SuiteFlowFlags f;
  FlagSet flags("ccrm-suite-flow");
  const std::vector<WatchedProcess> watched = ParseToolFlags(flags, argc, argv, f);
  absl::StatusOr<std::string> token = ReadTrimmedFile(f.token_file);
  if (!token.ok()) {
    return kLog.Fail("token", token.status());
  }
  const uint64_t seed = SeedOrRandom(f.load.seed);
  if (f.mode == "check") {
    return RunCheck(f, *token, seed);
  }
  if (f.mode == "rate") {
    return RunRate(f, *token, seed, watched);
  }
  if (f.mode == "read") {
    return RunRead(f, *token, seed, watched);
  }
  return RunLoad(f, *token, seed, watched);
}

}  // namespace
}  // namespace ccrm::bench

int main(int argc, char** argv) { return ccrm::bench::Run(argc, argv); }
