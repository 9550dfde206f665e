// ccrm-risk-bench: risk-warning's benchmarks, one per --mode, each printing one RESULT line in
// ccrm-loadgen's format (qps, p50_ms, … where they apply, then its own figures):
//   seed                creates the monitored portfolio through the APIs (tests/bench/
//                       risk_portfolio.h): --exposures facilities, --exposures_per_customer per
//                       customer, --troubled_per_mille overdue; writes it to --portfolio_file.
//                       qps = facilities registered per second.
//   record_observation  closed-loop RecordObservation on the drawn, current facilities of the
//                       portfolio: a fund usage inside the approved plan with a fresh request_id,
//                       each recorded and the customer re-evaluated in one transaction.
//   scan                one RunPortfolioScan over the whole portfolio, timed, with the
//                       service's resident memory before, at its peak during and after the scan
//                       (--server_pid). qps = facilities evaluated per second.
//   rule_change_scan
//                       tightens the default days-past-due rule (thresholds 1/7/30/60 instead of
//                       1/30/60/90) and scans again: the scan now raises alerts in place and
//                       activates contingency plans under each customer's lock.
//   watch_latency       opens a WatchAlerts stream for one relationship manager's customers, then
//                       --samples times records a repayment that fell due 40 days ago on a
//                       current facility and waits for the alert it opens to arrive on the
//                       stream. The latency columns are from the call's start to the alert on
//                       the stream (the write's own work included); delivered_before_reply counts
//                       the alerts that reached the stream before the call's reply reached the
//                       caller, reply_to_delivery_* the wait after the reply for the others.
//
// Example:
//   ccrm-risk-bench --mode=seed --customer_profile=127.0.0.1:50051 --risk=127.0.0.1:50054
//       --token_file=/tmp/bench/risk.token --portfolio_file=/tmp/bench/portfolio.txt
//   ccrm-risk-bench --mode=scan --risk=127.0.0.1:50054 --token_file=/tmp/bench/risk.token
//       --portfolio_file=/tmp/bench/portfolio.txt --server_pid=4242
//
// Exit status: 0 when the run produced its figures, 1 when a target cannot be reached or a
// preparing call fails, 2 for bad flags.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "common/config/flags.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/latency_histogram.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/process_memory.h"
#include "tests/bench/risk_portfolio.h"
#include "tests/bench/rpc_support.h"
#include "tests/bench/scenarios.h"
#include "tests/bench/tool_flags.h"
#include "tests/bench/uscc_sequence.h"

namespace ccrm::bench {
namespace {

namespace rpb = ::ccrm::risk::v1;

const ToolLog kLog("ccrm-risk-bench");
// The relationship manager whose customers the watch_latency stream follows.
constexpr char kWatchedManager[] = "bench-watch-rm";
// Facility numbers of the watch_latency customers, apart from the portfolio's.
constexpr int kWatchFacilityBase = 9'000'000;
constexpr int kWatchDaysPastDue = 40;
constexpr char kDaysPastDueRule[] = "rules/default-days_past_due";

struct RiskBenchFlags {
  std::string mode;
  std::string customer_profile;
  std::string risk;
  std::string token_file;
  std::string portfolio_file;
  int exposures = 100000;
  int exposures_per_customer = 4;
  int troubled_per_mille = 20;
  int managers = 50;
  int seed_concurrency = 32;
  absl::Duration scan_timeout = absl::Minutes(60);
  int samples = 60;
  int server_pid = 0;

  LoadFlags load;

  void Bind(FlagSet& flags) {
    load.Bind(flags);
    flags.Add("mode", &mode, "seed | record_observation | scan | rule_change_scan | watch_latency");
    flags.Add("customer_profile", &customer_profile,
              "host:port of customer-profile (loopback only); seed and watch_latency");
    flags.Add("risk", &risk, "host:port of risk-warning (loopback only)");
    flags.Add("token_file", &token_file,
              "token with roles admin, risk_officer and relationship_manager");
    flags.Add("portfolio_file", &portfolio_file,
              "the seeded portfolio: written by seed, read by record_observation");
    flags.Add("exposures", &exposures, "seed: facilities in the portfolio");
    flags.Add("exposures_per_customer", &exposures_per_customer, "seed: facilities per customer");
    flags.Add("troubled_per_mille", &troubled_per_mille, "seed: overdue facilities per 1000");
    flags.Add("managers", &managers, "seed: relationship managers the customers are spread over");
    flags.Add("seed_concurrency", &seed_concurrency, "calls in flight while seeding");
    flags.Add("scan_timeout", &scan_timeout, "deadline of RunPortfolioScan");
    flags.Add("samples", &samples, "watch_latency: alerts raised and timed");
    flags.Add("server_pid", &server_pid, "scan modes: risk-warning's pid, for its memory");
  }

  bool NeedsProfile() const { return mode == "seed" || mode == "watch_latency"; }
  bool ScanMode() const { return mode == "scan" || mode == "rule_change_scan"; }

  absl::Status Validate() const {
    if (mode != "seed" && mode != "record_observation" && !ScanMode() && mode != "watch_latency") {
      return absl::InvalidArgumentError(
          "--mode must be seed, record_observation, scan, rule_change_scan or "
          "watch_latency");
    }
    if (absl::Status s = RequireLoopbackTarget(risk); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--risk: ", s.message()));
    }
    if (NeedsProfile()) {
      if (absl::Status s = RequireLoopbackTarget(customer_profile); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("--customer_profile: ", s.message()));
      }
    }
    if (token_file.empty()) {
      return absl::InvalidArgumentError("--token_file is required");
    }
    if ((mode == "seed" || mode == "record_observation") && portfolio_file.empty()) {
      return absl::InvalidArgumentError("--portfolio_file is required for " + mode);
    }
    if (ScanMode() && server_pid <= 0) {
      return absl::InvalidArgumentError("--server_pid is required for " + mode);
    }
    if (exposures < 1 || exposures > 10'000'000 || exposures_per_customer < 1 ||
        exposures_per_customer > 1000 || troubled_per_mille < 0 || troubled_per_mille > 1000 ||
        managers < 1 || managers > 999) {
      return absl::InvalidArgumentError(
          "--exposures must be 1..10000000, --exposures_per_customer 1..1000, "
          "--troubled_per_mille 0..1000, --managers 1..999");
    }
    if (absl::Status s = load.Validate(); !s.ok()) {
      return s;
    }
    if (seed_concurrency < 1 || seed_concurrency > 4096 || samples < 1 || samples > 100000) {
      return absl::InvalidArgumentError("--seed_concurrency must be 1..4096, --samples 1..100000");
    }
    if (scan_timeout <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError("--scan_timeout must be positive");
    }
    return absl::OkStatus();
  }
};

PortfolioShape ShapeOf(const RiskBenchFlags& f, uint64_t seed) {
  return PortfolioShape{.exposures = f.exposures,
                        .exposures_per_customer = f.exposures_per_customer,
                        .troubled_per_mille = f.troubled_per_mille,
                        .managers = f.managers,
                        .seed = seed,
                        .today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone())};
}

std::string Fixed(double value, int decimals) { return absl::StrFormat("%.*f", decimals, value); }

std::string Mib(int64_t kib) { return Fixed(static_cast<double>(kib) / 1024.0, 1); }

// ---- seed ----

int RunSeed(const RiskBenchFlags& f, const std::string& token) {
  ClientPool profile(f.load.Settings(f.customer_profile, token));
  ClientPool risk(f.load.Settings(f.risk, token));
  if (absl::Status s = Connect({&profile, &risk}, f.load.connect_timeout); !s.ok()) {
    return kLog.Fail("connect", s);
  }
  const PortfolioShape shape = ShapeOf(f, SeedOrRandom(f.load.seed));
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<Portfolio> portfolio =
      SeedPortfolio(shape, profile, risk, f.seed_concurrency, kLog);
  if (!portfolio.ok()) {
    return kLog.Fail("seeding the portfolio", portfolio.status());
  }
  const double seconds = SecondsSince(start);
  if (absl::Status s = WritePortfolioFile(f.portfolio_file, *portfolio); !s.ok()) {
    return kLog.Fail("portfolio file", s);
  }
  const int64_t troubled = std::count_if(portfolio->begin(), portfolio->end(),
                                         [](const PortfolioExposure& e) { return e.troubled; });
  const int64_t drawn = std::count_if(portfolio->begin(), portfolio->end(),
                                      [](const PortfolioExposure& e) { return e.drawn; });
  std::printf(
      "RESULT scenario=risk_seed qps=%s exposures=%d customers=%d troubled=%lld drawn=%lld "
      "seed_s=%s seed_concurrency=%d\n",
      Fixed(f.exposures / seconds, 1).c_str(), f.exposures,
      (f.exposures + f.exposures_per_customer - 1) / f.exposures_per_customer,
      static_cast<long long>(troubled), static_cast<long long>(drawn), Fixed(seconds, 1).c_str(),
      f.seed_concurrency);
  std::fflush(stdout);
  return 0;
}

// ---- record_observation ----

int RunRecordObservation(const RiskBenchFlags& f, const std::string& token,
                         const std::vector<WatchedProcess>& watched) {
  absl::StatusOr<Portfolio> portfolio = ReadPortfolioFile(f.portfolio_file);
  if (!portfolio.ok()) {
    return kLog.Fail("portfolio file", portfolio.status());
  }
  std::vector<std::string> facilities;
  for (const PortfolioExposure& e : *portfolio) {
    if (e.drawn && !e.troubled) {
      facilities.push_back(e.name);
    }
  }
  if (facilities.empty()) {
    return kLog.Fail("portfolio file", absl::FailedPreconditionError("no drawn, current facility"));
  }
  ClientPool risk(f.load.Settings(f.risk, token));
  if (absl::Status s = Connect({&risk}, f.load.connect_timeout); !s.ok()) {
    return kLog.Fail("connect", s);
  }
  std::vector<std::unique_ptr<rpb::RiskWarning::Stub>> stubs;
  for (int i = 0; i < risk.channel_count(); ++i) {
    stubs.push_back(rpb::RiskWarning::NewStub(risk.channel(i)));
  }
  const absl::CivilDay yesterday = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - 1;
  std::mt19937_64 random(SeedOrRandom(f.load.seed));
  std::shuffle(facilities.begin(), facilities.end(), random);
  std::atomic<uint64_t> next{0};
  struct Call {
    grpc::ClientContext context;
    rpb::RecordObservationRequest request;
    rpb::RecordObservationResponse response;
  };
  const LoadOptions load = f.load.Load();
  CpuWindow cpu(watched);
  RunResult result = RunAsyncClosedLoop(
      load,
      [&](int worker, DoneCallback done) {
        auto* call = new Call;
        risk.Configure(&call->context);
        call->request.set_parent(facilities[next.fetch_add(1) % facilities.size()]);
        call->request.set_request_id(NewRequestId());
        rpb::FundUsage& usage = *call->request.mutable_observation()->mutable_fund_usage();
        *usage.mutable_paid_date() = DateOf(yesterday);
        usage.set_category("raw_materials");
        usage.set_payee("福建钢铁贸易有限公司");
        *usage.mutable_amount() = Cny(20'000);
        stubs[static_cast<size_t>(worker) % stubs.size()]->async()->RecordObservation(
            &call->context, &call->request, &call->response,
            [call, done = std::move(done)](grpc::Status s) {
              delete call;
              done(static_cast<absl::StatusCode>(s.error_code()));
            });
      },
      WindowHooks{[&cpu] { cpu.Start(); }, [&cpu] { cpu.Stop(); }});
  PrintResult("record_observation", load, std::move(result), cpu,
              {{"channels", absl::StrCat(risk.channel_count())},
               {"facilities", absl::StrCat(facilities.size())}});
  return 0;
}

// ---- scan ----

// Lowers the default days-past-due thresholds so that the next scan raises alerts.
absl::Status TightenDaysPastDueRule(const ClientPool& risk) {
  auto stub = rpb::RiskWarning::NewStub(risk.channel(0));
  rpb::Rule rule;
  {
    grpc::ClientContext context;
    risk.Configure(&context);
    rpb::GetRuleRequest request;
    request.set_name(kDaysPastDueRule);
    if (grpc::Status s = stub->GetRule(&context, request, &rule); !s.ok()) {
      return ToAbsl(s);
    }
  }
  grpc::ClientContext context;
  risk.Configure(&context);
  rpb::UpdateRuleRequest request;
  *request.mutable_rule() = rule;
  rpb::LevelThresholds& t = *request.mutable_rule()->mutable_thresholds();
  t.set_blue(1);
  t.set_yellow(7);
  t.set_orange(30);
  t.set_red(60);
  request.set_reason("benchmark: days-past-due thresholds tightened to 1/7/30/60");
  rpb::Rule updated;
  return ToAbsl(stub->UpdateRule(&context, request, &updated));
}

int RunScan(const RiskBenchFlags& f, const std::string& token,
            const std::vector<WatchedProcess>& watched) {
  ClientPool risk(f.load.Settings(f.risk, token));
  if (absl::Status s = Connect({&risk}, f.load.connect_timeout); !s.ok()) {
    return kLog.Fail("connect", s);
  }
  if (f.mode == "rule_change_scan") {
    if (absl::Status s = TightenDaysPastDueRule(risk); !s.ok()) {
      return kLog.Fail("tightening the days-past-due rule", s);
    }
  }
  absl::StatusOr<ResidentMemory> before = ReadResidentMemory(f.server_pid);
  if (!before.ok()) {
    return kLog.Fail("server memory", before.status());
  }
  if (absl::Status s = ResetPeakResident(f.server_pid); !s.ok()) {
    return kLog.Fail("resetting the server's peak memory", s);
  }
  auto stub = rpb::RiskWarning::NewStub(risk.channel(0));
  grpc::ClientContext context;
  risk.Configure(&context);
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(f.scan_timeout));
  rpb::PortfolioScanResult response;
  CpuWindow cpu(watched);
  cpu.Start();
  const auto start = std::chrono::steady_clock::now();
  grpc::Status status = stub->RunPortfolioScan(&context, rpb::RunPortfolioScanRequest(), &response);
  const double seconds = SecondsSince(start);
  cpu.Stop();
  if (!status.ok()) {
    return kLog.Fail("RunPortfolioScan", ToAbsl(status));
  }
  absl::StatusOr<ResidentMemory> after = ReadResidentMemory(f.server_pid);
  if (!after.ok()) {
    return kLog.Fail("server memory", after.status());
  }
  std::string line = absl::StrCat(
      "RESULT scenario=", f.mode, " qps=", Fixed(response.exposures_evaluated() / seconds, 1),
      " elapsed_s=", Fixed(seconds, 2), " customers=", response.customers_evaluated(),
      " exposures=", response.exposures_evaluated(), " alerts_opened=", response.alerts_opened(),
      " alerts_raised=", response.alerts_raised(), " alerts_lowered=", response.alerts_lowered(),
      " alerts_cleared=", response.alerts_cleared(),
      " classifications_changed=", response.classifications_changed(),
      " plans_activated=", response.plans_activated(), " rss_before_mib=", Mib(before->current_kib),
      " rss_peak_mib=", Mib(after->peak_kib), " rss_after_mib=", Mib(after->current_kib),
      " rss_growth_mib=", Mib(after->peak_kib - before->current_kib), " us_per_exposure=",
      Fixed(seconds * 1e6 / std::max<int64_t>(1, response.exposures_evaluated()), 1));
  for (const auto& [key, value] : cpu.Figures()) {
    absl::StrAppend(&line, " ", key, "=", value);
  }
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  return 0;
}

// ---- watch_latency ----

// Follows WatchAlerts on its own thread and notes when each customer's first update arrived.
class AlertArrivals final {
 public:
  AlertArrivals(const ClientPool& risk, const std::string& token) {
    context_.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    rpb::WatchAlertsRequest request;
    request.set_assignee_manager_id(kWatchedManager);
    stub_ = rpb::RiskWarning::NewStub(risk.channel(0));
    reader_ = stub_->WatchAlerts(&context_, request);
    thread_ = std::thread([this] { Follow(); });
  }

  ~AlertArrivals() {
    context_.TryCancel();
    thread_.join();
  }

  // When the first update for `customer_id` arrived; DEADLINE_EXCEEDED after `timeout`, and the
  // stream's status when it ended.
  absl::StatusOr<std::chrono::steady_clock::time_point> WaitFor(const std::string& customer_id,
                                                                absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto arrived = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return arrivals_.count(customer_id) > 0 || ended_;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&arrived), timeout)) {
      return absl::DeadlineExceededError(absl::StrCat(
          "no alert for ", customer_id, " on the stream within ", absl::FormatDuration(timeout)));
    }
    if (auto it = arrivals_.find(customer_id); it != arrivals_.end()) {
      return it->second;
    }
    return absl::UnavailableError(absl::StrCat("the watch stream ended: ", end_status_.ToString()));
  }

 private:
  void Follow() {
    rpb::AlertUpdate update;
    while (reader_->Read(&update)) {
      const auto now = std::chrono::steady_clock::now();
      absl::MutexLock lock(&mu_);
      arrivals_.emplace(update.change().alert().customer_id(), now);
    }
    const grpc::Status status = reader_->Finish();
    absl::MutexLock lock(&mu_);
    ended_ = true;
    end_status_ = ToAbsl(status);
  }

  grpc::ClientContext context_;
  std::unique_ptr<rpb::RiskWarning::Stub> stub_;
  std::unique_ptr<grpc::ClientReader<rpb::AlertUpdate>> reader_;
  absl::Mutex mu_;
  std::map<std::string, std::chrono::steady_clock::time_point> arrivals_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status end_status_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

// A current facility for each sample (plus one to warm the stream up), on customers of the
// watched manager. Returns {customer_id, exposure name} pairs.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PrepareWatchedFacilities(
    const RiskBenchFlags& f, const ClientPool& profile, const ClientPool& risk) {
  const PortfolioShape shape = ShapeOf(f, SeedOrRandom(f.load.seed));
  UsccSequence codes(shape.seed + 1);
  auto customers = customer::v1::CustomerProfile::NewStub(profile.channel(0));
  auto exposures = rpb::RiskWarning::NewStub(risk.channel(0));
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 0; i <= f.samples; ++i) {
    customer::v1::CreateCustomerRequest create;
    *create.mutable_customer() = BenchObligor(codes.Next(), kWatchedManager);
    create.set_request_id(NewRequestId());
    customer::v1::Customer customer;
    grpc::ClientContext c1;
    profile.Configure(&c1);
    if (grpc::Status s = customers->CreateCustomer(&c1, create, &customer); !s.ok()) {
      return ToAbsl(s);
    }
    rpb::Exposure exposure;
    grpc::ClientContext c2;
    risk.Configure(&c2);
    if (grpc::Status s = exposures->CreateExposure(
            &c2, BenchExposure(shape, kWatchFacilityBase + i, customer.customer_id(), 0),
            &exposure);
        !s.ok()) {
      return ToAbsl(s);
    }
    out.emplace_back(customer.customer_id(), exposure.name());
  }
  return out;
}

int RunWatchLatency(const RiskBenchFlags& f, const std::string& token,
                    const std::vector<WatchedProcess>& watched) {
  ClientPool profile(f.load.Settings(f.customer_profile, token));
  ClientPool risk(f.load.Settings(f.risk, token));
  if (absl::Status s = Connect({&profile, &risk}, f.load.connect_timeout); !s.ok()) {
    return kLog.Fail("connect", s);
  }
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> facilities =
      PrepareWatchedFacilities(f, profile, risk);
  if (!facilities.ok()) {
    return kLog.Fail("preparing the watched facilities", facilities.status());
  }
  AlertArrivals arrivals(risk, token);
  auto stub = rpb::RiskWarning::NewStub(risk.channel(0));
  const absl::CivilDay due = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - kWatchDaysPastDue;
  std::mt19937_64 random(SeedOrRandom(f.load.seed));
  // Pauses between samples spread them over the stream's poll cycle.
  std::uniform_int_distribution<int> pause_ms(0, 250);
  LatencyHistogram after_send;
  LatencyHistogram after_reply;
  int delivered_before_reply = 0;
  CpuWindow cpu(watched);
  absl::Time window_start;
  for (size_t i = 0; i < facilities->size(); ++i) {
    const bool warm_up = i == 0;  // proves the stream is live; not counted
    if (i == 1) {
      cpu.Start();
      window_start = absl::Now();
    }
    const auto& [customer_id, exposure] = (*facilities)[i];
    rpb::RecordObservationRequest request;
    request.set_parent(exposure);
    request.set_request_id(NewRequestId());
    rpb::ScheduledRepayment& r = *request.mutable_observation()->mutable_repayment_due();
    *r.mutable_due_date() = DateOf(due);
    *r.mutable_principal() = Cny(1'000'000);
    *r.mutable_interest() = Cny(50'000);
    rpb::RecordObservationResponse response;
    grpc::ClientContext context;
    risk.Configure(&context);
    const auto sent = std::chrono::steady_clock::now();
    if (grpc::Status s = stub->RecordObservation(&context, request, &response); !s.ok()) {
      return kLog.Fail("recording the overdue repayment", ToAbsl(s));
    }
    const auto replied = std::chrono::steady_clock::now();
    if (response.evaluation().changes_size() == 0) {
      return kLog.Fail("recording the overdue repayment",
                       absl::FailedPreconditionError("the evaluation opened no alert"));
    }
    absl::StatusOr<std::chrono::steady_clock::time_point> arrived =
        arrivals.WaitFor(customer_id, absl::Seconds(10));
    if (!arrived.ok()) {
      return kLog.Fail("waiting for the alert on the stream", arrived.status());
    }
    if (!warm_up) {
      after_send.Record(absl::FromChrono(*arrived - sent));
      if (*arrived <= replied) {
        ++delivered_before_reply;
      } else {
        after_reply.Record(absl::FromChrono(*arrived - replied));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
  }
  cpu.Stop();
  RunResult result;
  result.window = absl::Now() - window_start;
  result.ok = after_send.count();
  result.latency = after_send;
  const LoadOptions load{
      .concurrency = 1, .warmup = absl::ZeroDuration(), .duration = result.window};
  auto ms = [](absl::Duration d) { return Fixed(absl::ToDoubleMilliseconds(d), 2); };
  PrintResult("watch_latency", load, std::move(result), cpu,
              {{"samples", absl::StrCat(f.samples)},
               {"delivered_before_reply", absl::StrCat(delivered_before_reply)},
               {"reply_to_delivery_p50_ms", ms(after_reply.Percentile(0.5))},
               {"reply_to_delivery_max_ms", ms(after_reply.max())}});
  return 0;
}

int Run(int argc, char** argv) {
  RiskBenchFlags f;
  FlagSet flags("ccrm-risk-bench");
  const std::vector<WatchedProcess> watched = ParseToolFlags(flags, argc, argv, f);
  absl::StatusOr<std::string> token = ReadTrimmedFile(f.token_file);
  if (!token.ok()) {
    return kLog.Fail("token", token.status());
  }
  if (f.mode == "seed") {
    return RunSeed(f, *token);
  }
  if (f.mode == "record_observation") {
    return RunRecordObservation(f, *token, watched);
  }
  if (f.ScanMode()) {
    return RunScan(f, *token, watched);
  }
  return RunWatchLatency(f, *token, watched);
}

}  // namespace
}  // namespace ccrm::bench

int main(int argc, char** argv) { return ccrm::bench::Run(argc, argv); }
