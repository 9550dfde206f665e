// ccrm-rating-bench: credit-rating's benchmarks, one per --mode, each printing one RESULT line:
//   merton         in-process: SolveMerton over a spread of leverage and volatility, and as a
//                  same-run baseline plain Black-Scholes call pricings (what one Newton iteration
//                  evaluates); prints solves per second, µs per solve and the ratio.
//   rate_customer  seeds KEY customers with two annual statements each in customer-profile, then
//                  closed-loop RateCustomer against credit-rating (round-robin over the customers);
//                  the line has ccrm-loadgen's format (qps, p50_ms, p99_ms, errors, …).
//   rerate         makes sure --portfolio KEY customers with statements exist, starts a portfolio
//                  re-rating of the KEY segment and polls the job until it finishes; prints
//                  customers, elapsed seconds, customers per second and rated/skipped/failed.
//
// Example:
//   ccrm-rating-bench --mode=merton --duration=5s
//   ccrm-rating-bench --mode=rate_customer --customer_profile=127.0.0.1:50051
//       --credit_rating=127.0.0.1:50052 --token_file=/tmp/bench/rating.token --concurrency=16
//   ccrm-rating-bench --mode=rerate --customer_profile=127.0.0.1:50051
//       --credit_rating=127.0.0.1:50052 --token_file=/tmp/bench/rerate.token --portfolio=10000
//
// Exit status: 0 when the run produced its figures (failed RateCustomer calls are counted in the
// line, not fatal), 1 when a target cannot be reached, seeding fails or the re-rating job does
// not succeed, 2 for bad flags.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/rating/v1/credit_rating.grpc.pb.h"
#include "common/config/flags.h"
#include "common/ids/uuid.h"
#include "common/time/clock.h"
#include "services/credit-rating/domain/merton.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/rpc_support.h"
#include "tests/bench/scenarios.h"
#include "tests/bench/tool_flags.h"
#include "tests/bench/uscc_sequence.h"

namespace ccrm::bench {
namespace {

namespace cpb = ::ccrm::customer::v1;
namespace rpb = ::ccrm::rating::v1;

const ToolLog kLog("ccrm-rating-bench");
constexpr int64_t kMillion = 1'000'000;
// Threads that create customers at once (each has one blocking call in flight).
constexpr int kMaxSeedThreads = 16;
// ListCustomers page size when counting the KEY customers that exist (the server's maximum).
constexpr int kCountPageSize = 500;

struct RatingBenchFlags {
  std::string mode;
  std::string customer_profile;
  std::string credit_rating;
  std::string token_file;
  int seed_customers = 200;
  int portfolio = 10000;
  absl::Duration poll_interval = absl::Milliseconds(200);
  absl::Duration job_timeout = absl::Minutes(60);

  LoadFlags load;

  void Bind(FlagSet& flags) {
    load.Bind(flags);
    flags.Add("mode", &mode, "merton | rate_customer | rerate");
    flags.Add("customer_profile", &customer_profile,
              "rate_customer, rerate: host:port of customer-profile (loopback only)");
    flags.Add("credit_rating", &credit_rating,
              "rate_customer, rerate: host:port of credit-rating (loopback only)");
    flags.Add("token_file", &token_file,
              "rate_customer: token with relationship_manager and credit_analyst; rerate: with "
              "relationship_manager and risk_officer");
    flags.Add("seed_customers", &seed_customers, "rate_customer: KEY customers to create and rate");
    flags.Add("portfolio", &portfolio, "rerate: KEY customers with statements the job rates");
    flags.Add("poll_interval", &poll_interval, "rerate: how often the job is polled");
    flags.Add("job_timeout", &job_timeout, "rerate: how long to wait for the job");
  }

  absl::Status Validate() const {
    if (mode != "merton" && mode != "rate_customer" && mode != "rerate") {
      return absl::InvalidArgumentError("--mode must be merton, rate_customer or rerate");
    }
    if (absl::Status s = load.Validate(); !s.ok()) {
      return s;
    }
    if (mode == "merton") {
      return absl::OkStatus();
    }
    for (const auto& [name, target] :
         {std::pair<std::string, std::string>{"customer_profile", customer_profile},
          {"credit_rating", credit_rating}}) {
      if (absl::Status s = RequireLoopbackTarget(target); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", s.message()));
      }
    }
    if (token_file.empty()) {
      return absl::InvalidArgumentError("--token_file is required");
    }
    if (poll_interval <= absl::ZeroDuration() || job_timeout <= absl::ZeroDuration()) {
      return absl::InvalidArgumentError("--poll_interval and --job_timeout must be positive");
    }
    if (seed_customers < 1 || portfolio < 1) {
      return absl::InvalidArgumentError("--seed_customers and --portfolio must be >= 1");
    }
    return absl::OkStatus();
  }
};

// ---- merton ----

// Firms with equity 100 at debt-to-firm-value leverage 10 % … 90 % and equity volatility
// 15 % … 90 %, a 2 % risk-free rate and a one-year horizon: the range listed borrowers span.
std::vector<rating::MertonInputs> MertonSpread() {
  std::vector<rating::MertonInputs> inputs;
  for (double leverage : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}) {
    for (double volatility : {0.15, 0.25, 0.35, 0.5, 0.7, 0.9}) {
      const double equity = 100;
      inputs.push_back(
          rating::MertonInputs{equity, volatility, equity * leverage / (1 - leverage), 0.02, 1.0});
    }
  }
  return inputs;
}

// Equity as a call on the assets at the solver's starting point: the two normal CDFs, the log
// and the exponentials one Newton iteration evaluates.
double BlackScholesCall(const rating::MertonInputs& in) {
  const double discounted_debt = in.default_point * std::exp(-in.risk_free_rate * in.horizon_years);
  const double v = in.equity_value + discounted_debt;
  const double s = in.equity_volatility * in.equity_value / v;
  const double sqrt_t = std::sqrt(in.horizon_years);
  const double d1 =
      (std::log(v / in.default_point) + (in.risk_free_rate + 0.5 * s * s) * in.horizon_years) /
      (s * sqrt_t);
  const double d2 = d1 - s * sqrt_t;
  return v * rating::NormalCdf(d1) - discounted_debt * rating::NormalCdf(d2);
}

struct LoopFigures {
  int64_t operations = 0;
  double seconds = 0;
  // Sum of the operations' results, printed so the work cannot be optimised away.
  double checksum = 0;

  double PerSecond() const { return seconds > 0 ? operations / seconds : 0; }
  double MeanMicros() const { return operations > 0 ? seconds * 1e6 / operations : 0; }
};

// Runs `op(i)` for i = 0, 1, … (callers take it modulo their input count) for `length`.
template <typename Op>
LoopFigures TimeLoop(absl::Duration length, const Op& op) {
  constexpr int kBatch = 256;  // operations between clock reads
  const auto start = std::chrono::steady_clock::now();
  const double limit = absl::ToDoubleSeconds(length);
  LoopFigures figures;
  do {
    for (int k = 0; k < kBatch; ++k) {
      figures.checksum += op(figures.operations++);
    }
    figures.seconds = SecondsSince(start);
  } while (figures.seconds < limit);
  return figures;
}

int RunMerton(const RatingBenchFlags& f) {
  std::vector<rating::MertonInputs> inputs;
  int64_t iterations = 0;
  for (const rating::MertonInputs& in : MertonSpread()) {
    absl::StatusOr<rating::MertonResult> r = rating::SolveMerton(in);
    if (!r.ok()) {
      return kLog.Fail(absl::StrFormat("Merton inputs E=%g σE=%g D=%g", in.equity_value,
                                       in.equity_volatility, in.default_point),
                       r.status());
    }
    iterations += r->iterations;
    inputs.push_back(in);
  }
  const size_t n = inputs.size();
  auto solve = [&inputs, n](int64_t i) {
    absl::StatusOr<rating::MertonResult> r = rating::SolveMerton(inputs[i % n]);
    return r.ok() ? r->default_probability : -1.0;
  };
  auto price = [&inputs, n](int64_t i) { return BlackScholesCall(inputs[i % n]); };

  if (f.load.warmup > absl::ZeroDuration()) {
    TimeLoop(f.load.warmup / 2, solve);
    TimeLoop(f.load.warmup / 2, price);
  }
  const LoopFigures merton = TimeLoop(f.load.duration, solve);
  const LoopFigures black_scholes = TimeLoop(f.load.duration, price);
  const double ratio = merton.PerSecond() > 0 ? black_scholes.PerSecond() / merton.PerSecond() : 0;
  std::printf(
      "RESULT scenario=merton inputs=%zu duration_s=%.3f solves=%lld qps=%.1f "
      "merton_solves_per_second=%.1f mean_us_per_solve=%.3f mean_iterations=%.2f "
      "bs_calls_per_second=%.1f mean_us_per_bs_call=%.4f bs_calls_per_solve=%.1f "
      "checksum=%.6g\n",
      n, merton.seconds, static_cast<long long>(merton.operations), merton.PerSecond(),
      merton.PerSecond(), merton.MeanMicros(), static_cast<double>(iterations) / n,
      black_scholes.PerSecond(), black_scholes.MeanMicros(), ratio,
      merton.checksum + black_scholes.checksum);
  std::fflush(stdout);
  return 0;
}

// ---- customers with statements ----

// A large manufacturer (revenue over CNY 400 million, so customer-profile files it as KEY).
cpb::Customer KeyCustomer(const std::string& uscc) {
  cpb::Customer c;
  c.set_kind(cpb::CUSTOMER_KIND_ENTERPRISE);
  c.set_unified_social_credit_code(uscc);
  c.set_legal_name(absl::StrCat("评级基准机械制造股份有限公司", uscc.substr(8, 9)));
  c.set_legal_representative("陈国栋");
  c.set_industry_code("C3011");
  c.set_registered_address("福建省厦门市湖里区枋湖北二路1号");
  c.set_business_scope("通用设备制造；专用设备制造；机械零部件加工；货物进出口。");
  *c.mutable_registered_capital() = Cny(300 * kMillion);
  *c.mutable_annual_revenue() = Cny(850 * kMillion);
  *c.mutable_total_assets() = Cny(1000 * kMillion);
  c.set_employee_count(1800);
  c.set_has_prior_credit(true);
  c.set_credit_grade("A");
  c.mutable_established_date()->set_year(2004);
  c.mutable_established_date()->set_month(3);
  c.mutable_established_date()->set_day(12);
  return c;
}

// An audited annual statement that balances (assets = liabilities + equity, current items within
// the totals), of a sound borrower with `revenue_millions` of revenue.
cpb::FinancialStatement AnnualStatement(int year, int64_t revenue_millions) {
  cpb::FinancialStatement s;
  s.set_period_type(cpb::PERIOD_TYPE_ANNUAL);
  s.set_fiscal_year(year);
  s.mutable_period_end_date()->set_year(year);
  s.mutable_period_end_date()->set_month(12);
  s.mutable_period_end_date()->set_day(31);
  s.set_audited(true);
  s.set_currency_code("CNY");
  cpb::BalanceSheet& b = *s.mutable_balance_sheet();
  *b.mutable_cash() = Cny(120 * kMillion);
  *b.mutable_accounts_receivable() = Cny(150 * kMillion);
  *b.mutable_inventory() = Cny(100 * kMillion);
  *b.mutable_current_assets() = Cny(400 * kMillion);
  *b.mutable_total_assets() = Cny(1000 * kMillion);
  *b.mutable_short_term_debt() = Cny(100 * kMillion);
  *b.mutable_current_liabilities() = Cny(250 * kMillion);
  *b.mutable_long_term_debt() = Cny(200 * kMillion);
  *b.mutable_total_liabilities() = Cny(500 * kMillion);
  *b.mutable_total_equity() = Cny(500 * kMillion);
  *b.mutable_retained_earnings() = Cny(200 * kMillion);
  const int64_t revenue = revenue_millions * kMillion;
  cpb::IncomeStatement& i = *s.mutable_income_statement();
  *i.mutable_revenue() = Cny(revenue);
  *i.mutable_cost_of_sales() = Cny(revenue * 7 / 10);
  *i.mutable_operating_profit() = Cny(revenue / 10);
  *i.mutable_interest_expense() = Cny(8 * kMillion);
  *i.mutable_ebit() = Cny(revenue / 10);
  *i.mutable_ebitda() = Cny(revenue / 8);
  *i.mutable_net_profit() = Cny(revenue / 16);
  cpb::CashFlowStatement& c = *s.mutable_cash_flow_statement();
  *c.mutable_operating_cash_flow() = Cny(90 * kMillion);
  *c.mutable_investing_cash_flow() = Cny(-40 * kMillion);
  *c.mutable_financing_cash_flow() = Cny(-20 * kMillion);
  *c.mutable_debt_service() = Cny(45 * kMillion);
  return s;
}

std::string NewRequestId() { return NewUuidV7(SystemClock::Get().Now()); }

// Creates one KEY customer and its annual statements for the two fiscal years before this one
// (recent enough for the default model). Returns its resource name or the first failed call.
absl::StatusOr<std::string> CreateRatedCustomer(const ClientPool& pool,
                                                cpb::CustomerProfile::Stub& stub,
                                                const std::string& uscc) {
  cpb::CreateCustomerRequest create;
  *create.mutable_customer() = KeyCustomer(uscc);
  create.set_request_id(NewRequestId());
  cpb::Customer created;
  {
    grpc::ClientContext context;
    pool.Configure(&context);
    if (grpc::Status s = stub.CreateCustomer(&context, create, &created); !s.ok()) {
      return ToAbsl(s);
    }
  }
  const int this_year =
      static_cast<int>(absl::ToCivilYear(SystemClock::Get().Now(), absl::UTCTimeZone()).year());
  for (int k = 0; k < 2; ++k) {
    cpb::SubmitFinancialStatementRequest submit;
    submit.set_parent(created.name());
    *submit.mutable_statement() = AnnualStatement(this_year - 2 + k, 800 + 50 * k);
    submit.set_request_id(NewRequestId());
    cpb::FinancialStatement statement;
    grpc::ClientContext context;
    pool.Configure(&context);
    if (grpc::Status s = stub.SubmitFinancialStatement(&context, submit, &statement); !s.ok()) {
      return ToAbsl(s);
    }
  }
  return created.name();
}

// Creates `count` customers with CreateRatedCustomer on up to `threads` threads. Returns their
// names, or the first failure.
absl::StatusOr<std::vector<std::string>> CreateRatedCustomers(const ClientPool& pool,
                                                              UsccSequence& codes, int count,
                                                              int threads) {
  absl::Mutex mu;
  std::vector<std::string> names;
  absl::Status first_error;
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> workers;
  const int n = std::max(1, std::min(threads, count));
  for (int t = 0; t < n; ++t) {
    workers.emplace_back([&, t] {
      auto stub = cpb::CustomerProfile::NewStub(pool.channel(t));
      while (!failed.load() && next.fetch_add(1) < count) {
        absl::StatusOr<std::string> name = CreateRatedCustomer(pool, *stub, codes.Next());
        absl::MutexLock lock(&mu);
        if (!name.ok()) {
          if (first_error.ok()) {
            first_error = name.status();
          }
          failed.store(true);
          return;
        }
        names.push_back(*std::move(name));
        if (names.size() % 1000 == 0) {
          kLog.Progress(absl::StrCat("created ", names.size(), " of ", count, " customers"));
        }
      }
    });
  }
  for (std::thread& w : workers) {
    w.join();
  }
  if (!first_error.ok()) {
    return first_error;
  }
  return names;
}

// ---- rate_customer ----

struct RateCall {
  grpc::ClientContext context;
  rpb::RateCustomerRequest request;
  rpb::Rating response;
};

// Draft ratings of the seeded customers, round-robin; one call per worker at a time.
class RateCustomerLoad final {
 public:
  RateCustomerLoad(const ClientPool* pool, std::vector<std::string> customers)
      : pool_(pool), customers_(std::move(customers)) {
    for (int i = 0; i < pool->channel_count(); ++i) {
      stubs_.push_back(rpb::CreditRating::NewStub(pool->channel(i)));
    }
  }

  void Start(int worker, DoneCallback done) {
    auto* call = new RateCall;
    pool_->Configure(&call->context);
    call->request.set_customer(customers_[next_.fetch_add(1) % customers_.size()]);
    rpb::QualitativeInputs& q = *call->request.mutable_qualitative();
    q.set_management_quality(rpb::ASSESSMENT_GOOD);
    q.set_market_position(rpb::ASSESSMENT_GOOD);
    q.set_industry_outlook(rpb::ASSESSMENT_ADEQUATE);
    q.set_guarantee_strength(rpb::ASSESSMENT_GOOD);
    call->request.set_request_id(NewRequestId());
    rpb::CreditRating::Stub* stub = stubs_[static_cast<size_t>(worker) % stubs_.size()].get();
    stub->async()->RateCustomer(&call->context, &call->request, &call->response,
                                [call, done = std::move(done)](grpc::Status status) {
                                  delete call;
                                  done(static_cast<absl::StatusCode>(status.error_code()));
                                });
  }

 private:
  const ClientPool* pool_;
  const std::vector<std::string> customers_;
  std::vector<std::unique_ptr<rpb::CreditRating::Stub>> stubs_;
  std::atomic<uint64_t> next_{0};
};

int RunRateCustomer(const RatingBenchFlags& f, const std::string& token,
                    const std::vector<WatchedProcess>& watched) {
  ClientPool profile(f.load.Settings(f.customer_profile, token));
  ClientPool rating(f.load.Settings(f.credit_rating, token));
  for (ClientPool* pool : {&profile, &rating}) {
    if (absl::Status s = pool->WaitForConnected(f.load.connect_timeout); !s.ok()) {
      return kLog.Fail("connect", s);
    }
  }
  UsccSequence codes(SeedOrRandom(f.load.seed));
  absl::StatusOr<std::vector<std::string>> customers =
      CreateRatedCustomers(profile, codes, f.seed_customers, kMaxSeedThreads);
  if (!customers.ok()) {
    return kLog.Fail("seeding customers", customers.status());
  }
  RateCustomerLoad load_calls(&rating, *std::move(customers));
  const LoadOptions load = f.load.Load();
  CpuWindow cpu(watched);
  RunResult result = RunAsyncClosedLoop(
      load,
      [&load_calls](int worker, DoneCallback done) { load_calls.Start(worker, std::move(done)); },
      WindowHooks{[&cpu] { cpu.Start(); }, [&cpu] { cpu.Stop(); }});
  result.extra = cpu.Figures();
  result.extra.emplace_back("channels", absl::StrCat(rating.channel_count()));
  result.extra.emplace_back("customers", absl::StrCat(f.seed_customers));
  std::printf("%s\n", FormatResultLine("rate_customer", load, result).c_str());
  std::fflush(stdout);
  return 0;
}

// ---- rerate ----

// KEY customers in customer-profile (the bench creates every KEY customer with statements).
absl::StatusOr<int64_t> CountKeyCustomers(const ClientPool& pool) {
  auto stub = cpb::CustomerProfile::NewStub(pool.channel(0));
  cpb::ListCustomersRequest request;
  request.set_page_size(kCountPageSize);
  request.set_segment(cpb::SEGMENT_KEY);
  int64_t count = 0;
  do {
    cpb::ListCustomersResponse response;
    grpc::ClientContext context;
    pool.Configure(&context);
    if (grpc::Status s = stub->ListCustomers(&context, request, &response); !s.ok()) {
      return ToAbsl(s);
    }
    count += response.customers_size();
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return count;
}

double TimestampSeconds(const google::protobuf::Timestamp& t) {
  return static_cast<double>(t.seconds()) + t.nanos() * 1e-9;
}

int RunRerate(const RatingBenchFlags& f, const std::string& token,
              const std::vector<WatchedProcess>& watched) {
  ClientPool profile(f.load.Settings(f.customer_profile, token));
  ClientPool rating(f.load.Settings(f.credit_rating, token));
  for (ClientPool* pool : {&profile, &rating}) {
    if (absl::Status s = pool->WaitForConnected(f.load.connect_timeout); !s.ok()) {
      return kLog.Fail("connect", s);
    }
  }
  absl::StatusOr<int64_t> existing = CountKeyCustomers(profile);
  if (!existing.ok()) {
    return kLog.Fail("counting KEY customers", existing.status());
  }
  const int64_t missing = f.portfolio - *existing;
  if (missing > 0) {
    kLog.Progress(absl::StrCat(*existing, " KEY customers exist; creating ", missing));
    UsccSequence codes(SeedOrRandom(f.load.seed));
    absl::StatusOr<std::vector<std::string>> created =
        CreateRatedCustomers(profile, codes, static_cast<int>(missing), f.load.concurrency);
    if (!created.ok()) {
      return kLog.Fail("creating customers", created.status());
    }
  }

  auto stub = rpb::CreditRating::NewStub(rating.channel(0));
  rpb::StartPortfolioReratingRequest start;
  start.set_segment(rpb::SEGMENT_KEY);
  start.set_request_id(NewRequestId());
  rpb::ReratingJob job;
  CpuWindow cpu(watched);
  cpu.Start();
  const auto started = std::chrono::steady_clock::now();
  {
    grpc::ClientContext context;
    rating.Configure(&context);
    if (grpc::Status s = stub->StartPortfolioRerating(&context, start, &job); !s.ok()) {
      return kLog.Fail("StartPortfolioRerating", ToAbsl(s));
    }
  }
  kLog.Progress(absl::StrCat("started ", job.name()));
  rpb::GetReratingJobRequest get;
  get.set_name(job.name());
  const double timeout = absl::ToDoubleSeconds(f.job_timeout);
  while (job.state() == rpb::RERATING_JOB_STATE_RUNNING) {
    if (SecondsSince(started) > timeout) {
      return kLog.Fail("re-rating",
                       absl::DeadlineExceededError(absl::StrCat(
                           job.name(), " still running after ", absl::FormatDuration(f.job_timeout),
                           " (processed ", job.processed(), ")")));
    }
    absl::SleepFor(f.poll_interval);
    grpc::ClientContext context;
    rating.Configure(&context);
    if (grpc::Status s = stub->GetReratingJob(&context, get, &job); !s.ok()) {
      return kLog.Fail("GetReratingJob", ToAbsl(s));
    }
  }
  const double polled_seconds = SecondsSince(started);
  cpu.Stop();
  // The job's own timestamps when it has them (the polling adds up to one interval).
  const double elapsed =
      job.has_finish_time() && job.has_create_time()
          ? TimestampSeconds(job.finish_time()) - TimestampSeconds(job.create_time())
          : polled_seconds;
  std::string line = absl::StrFormat(
      "RESULT scenario=rerate customers=%d elapsed_s=%.3f polled_s=%.3f customers_per_s=%.1f "
      "qps=%.1f rated=%d skipped=%d failed=%d state=%s",
      job.processed(), elapsed, polled_seconds, elapsed > 0 ? job.processed() / elapsed : 0.0,
      elapsed > 0 ? job.processed() / elapsed : 0.0, job.rated(), job.skipped(), job.failed(),
      rpb::ReratingJobState_Name(job.state()));
  for (const auto& [key, value] : cpu.Figures()) {
    absl::StrAppend(&line, " ", key, "=", value);
  }
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  if (job.state() != rpb::RERATING_JOB_STATE_SUCCEEDED) {
    return kLog.Fail("re-rating",
                     absl::AbortedError(absl::StrCat(job.name(), " ended ",
                                                     rpb::ReratingJobState_Name(job.state()), ": ",
                                                     job.last_error())));
  }
  return 0;
}

int Run(int argc, char** argv) {
  RatingBenchFlags f;
  FlagSet flags("ccrm-rating-bench");
  const std::vector<WatchedProcess> watched = ParseToolFlags(flags, argc, argv, f);
  if (f.mode == "merton") {
    return RunMerton(f);
  }
  absl::StatusOr<std::string> token = ReadTrimmedFile(f.token_file);
  if (!token.ok()) {
    return kLog.Fail("token", token.status());
  }
  return f.mode == "rate_customer" ? RunRateCustomer(f, *token, watched)
                                   : RunRerate(f, *token, watched);
}

}  // namespace
}  // namespace ccrm::bench

int main(int argc, char** argv) { return ccrm::bench::Run(argc, argv); }
