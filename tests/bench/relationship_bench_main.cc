// ccrm-relationship-bench: relationship-service's benchmarks, one per --mode, each printing one
// RESULT line in ccrm-loadgen's format (qps, p50_ms, p90_ms, p99_ms, errors, …):
//   log_interaction    creates one SME customer in customer-profile (assigned to nobody), then
//                      closed-loop LogInteraction against it: a VISIT with a ~200-character
//                      Chinese summary, two participants, an outcome and next steps, a fresh
//                      request_id each (so each call also looks the customer up in
//                      customer-profile).
//   list_interactions  creates one customer, logs --timeline interactions for it through the API
//                      (async, --seed_concurrency in flight; occur_time spread over the past five
//                      years, every 25th confidential), walks the whole timeline once as the
//                      reader (checking its size and order and keeping the page tokens of three
//                      deep pages), then closed-loop ListInteractions of --page_size as the
//                      reader, a different relationship manager, so confidential entries are
//                      redacted: half the calls read the first page, half one of the deep pages.
//                      The line adds the timeline size and the seeding time and rate.
//
// Example:
//   ccrm-relationship-bench --mode=log_interaction --customer_profile=127.0.0.1:50051
//       --relationship=127.0.0.1:50053 --token_file=/tmp/bench/rm-writer.token
//   ccrm-relationship-bench --mode=list_interactions --customer_profile=127.0.0.1:50051
//       --relationship=127.0.0.1:50053 --token_file=/tmp/bench/rm-writer.token
//       --reader_token_file=/tmp/bench/rm-reader.token --timeline=10000
//
// Exit status: 0 when the run produced its figures (failed calls in the measured window are
// counted in the line, not fatal), 1 when a target cannot be reached, seeding fails or the
// seeded timeline is not what was logged, 2 for bad flags.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/relationship/v1/relationship.grpc.pb.h"
#include "common/config/flags.h"
#include "common/ids/uuid.h"
#include "common/time/clock.h"
#include "tests/bench/bench_support.h"
#include "tests/bench/closed_loop.h"
#include "tests/bench/latency_histogram.h"
#include "tests/bench/process_cpu.h"
#include "tests/bench/rpc_support.h"
#include "tests/bench/scenarios.h"
#include "tests/bench/tool_flags.h"
#include "tests/bench/uscc_sequence.h"

namespace ccrm::bench {
namespace {

namespace cpb = ::ccrm::customer::v1;
namespace rel = ::ccrm::relationship::v1;

const ToolLog kLog("ccrm-relationship-bench");
constexpr int64_t kMillion = 1'000'000;
// The seeded timeline spans this many years back from now.
constexpr int kTimelineYears = 5;
// Every kConfidentialEvery-th seeded interaction is confidential (4 %).
constexpr int kConfidentialEvery = 25;
// Where in the timeline the deep pages are, as fractions of its page count (for 10 000
// interactions in pages of 20: pages 50, 200 and 450).
constexpr double kDeepPageFractions[] = {0.1, 0.4, 0.9};

struct RelationshipBenchFlags {
  std::string mode;
  std::string customer_profile;
  std::string relationship;
  std::string token_file;
  std::string reader_token_file;
  int timeline = 10000;
  int seed_concurrency = 32;
  int page_size = 20;

  LoadFlags load;

  void Bind(FlagSet& flags) {
    load.Bind(flags);
    flags.Add("mode", &mode, "log_interaction | list_interactions");
    flags.Add("customer_profile", &customer_profile,
              "host:port of customer-profile (loopback only), where the customer is created");
    flags.Add("relationship", &relationship, "host:port of relationship-service (loopback only)");
    flags.Add("token_file", &token_file,
              "token of a relationship manager: creates the customer and logs the interactions");
    flags.Add("reader_token_file", &reader_token_file,
              "list_interactions: token of another relationship manager, who reads the timeline");
    flags.Add("timeline", &timeline, "list_interactions: interactions logged for the customer");
    flags.Add("seed_concurrency", &seed_concurrency,
              "list_interactions: LogInteraction calls in flight while seeding");
    flags.Add("page_size", &page_size, "list_interactions: ListInteractions page size");
  }

  absl::Status Validate() const {
    if (mode != "log_interaction" && mode != "list_interactions") {
      return absl::InvalidArgumentError("--mode must be log_interaction or list_interactions");
    }
    for (const auto& [name, target] :
         {std::pair<std::string, std::string>{"customer_profile", customer_profile},
          {"relationship", relationship}}) {
      if (absl::Status s = RequireLoopbackTarget(target); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", s.message()));
      }
    }
    if (token_file.empty()) {
      return absl::InvalidArgumentError("--token_file is required");
    }
    if (mode == "list_interactions" && reader_token_file.empty()) {
      return absl::InvalidArgumentError("--reader_token_file is required for list_interactions");
    }
    if (absl::Status s = load.Validate(); !s.ok()) {
      return s;
    }
    if (seed_concurrency < 1 || seed_concurrency > 4096) {
      return absl::InvalidArgumentError("--seed_concurrency must be 1..4096");
    }
    if (page_size < 1 || page_size > 500) {
      return absl::InvalidArgumentError("--page_size must be 1..500 (the server's maximum)");
    }
    // At least 10 pages, so that the deep pages are distinct from the first.
    if (timeline < 10 * page_size || timeline > 10'000'000) {
      return absl::InvalidArgumentError(
          "--timeline must be at least 10 pages (10 × --page_size) and at most 10 000 000");
    }
    return absl::OkStatus();
  }
};

// ---- the customer ----

// A mid-sized parts maker that has borrowed before (customer-profile files it as SME: revenue
// and assets under CNY 400 million, fewer than 1000 staff, prior credit).
cpb::Customer SmeCustomer(const std::string& uscc) {
  cpb::Customer c;
  c.set_kind(cpb::CUSTOMER_KIND_ENTERPRISE);
  c.set_unified_social_credit_code(uscc);
  c.set_legal_name(absl::StrCat("客户关系基准汽车零部件有限公司", uscc.substr(8, 9)));
  c.set_legal_representative("陈志强");
  c.set_industry_code("C3670");
  c.set_registered_address("福建省泉州市晋江市经济开发区五里园区安东路28号");
  c.set_business_scope("汽车零部件及配件制造；模具制造；金属制品加工；货物进出口。");
  *c.mutable_registered_capital() = Cny(30 * kMillion);
  *c.mutable_annual_revenue() = Cny(120 * kMillion);
  *c.mutable_total_assets() = Cny(150 * kMillion);
  c.set_employee_count(260);
  c.set_has_prior_credit(true);
  c.set_credit_grade("A");
  c.mutable_established_date()->set_year(2011);
  c.mutable_established_date()->set_month(9);
  c.mutable_established_date()->set_day(6);
  return c;
}

// Creates one SME customer. Returns its resource name ("customers/{id}") or the call's status.
absl::StatusOr<std::string> CreateSmeCustomer(const ClientPool& profile, uint64_t seed) {
  UsccSequence codes(seed);
  auto stub = cpb::CustomerProfile::NewStub(profile.channel(0));
  cpb::CreateCustomerRequest request;
  *request.mutable_customer() = SmeCustomer(codes.Next());
  request.set_request_id(NewRequestId());
  cpb::Customer created;
  grpc::ClientContext context;
  profile.Configure(&context);
  if (grpc::Status s = stub->CreateCustomer(&context, request, &created); !s.ok()) {
    return ToAbsl(s);
  }
  return created.name();
}

// ---- interactions ----

// What a relationship manager writes after a visit, a call or an inspection (about 200
// characters each).
constexpr const char* kVisitSummary =
    "上门拜访客户总部，与总经理、财务总监就今年经营情况和融资需求进行了深入交流。客户一季度销售收入"
    "同比增长百分之十二，主要来自新能源汽车零部件订单，应收账款周转天数由六十八天缩短至五十五天，存"
    "货水平基本稳定。客户计划下半年扩建二号厂房，预计总投资八千万元，其中自有资金约四成，其余拟申请"
    "项目贷款。客户对我行供应链融资产品较感兴趣，希望了解核心企业确权流程和放款时效。现场查看了生产"
    "线运行情况，设备开工率约九成，未发现异常。";
constexpr const char* kCallSummary =
    "电话回访客户财务负责人，了解上月流动资金贷款用款进度。客户反映原材料铜价上涨，采购资金占用较上"
    "季度增加约一千五百万元，现有授信额度使用率已达百分之八十五。客户询问能否在年度授信框架内临时调"
    "增额度，并希望将部分美元结算业务迁移至我行办理。已告知调额需补充最新月度财务报表及前十大客户应"
    "收明细，并提示关注汇率波动风险，建议配合远期结售汇锁定成本。客户表示理解，同意本周内提交材料"
    "。";
constexpr const char* kInspectionSummary =
    "会同风险经理对客户在建仓储物流中心开展实地核查。项目主体结构已封顶，外墙及消防工程正在施工，现"
    "场施工人员约一百二十人，安全措施到位。核对工程监理月报，累计完成投资约一点六亿元，与贷款资金支"
    "付记录基本一致，未发现挪用迹象。客户介绍项目预计年底竣工验收，投产后可新增仓储面积三万平方米，"
    "已与两家大型电商签订意向租赁协议。抵押土地使用权证及在建工程抵押登记手续齐全，需跟进转换登记"
    "。";

// One interaction as a manager logs it: `kind` picks the summary.
rel::Interaction BenchInteraction(rel::InteractionKind kind, absl::Time occur_time,
                                  bool confidential) {
  rel::Interaction i;
  i.set_kind(kind);
  SetTimestamp(occur_time, i.mutable_occur_time());
  i.add_participants("总经理 陈志强");
  i.add_participants("财务总监 王丽华");
  switch (kind) {
    case rel::INTERACTION_KIND_CALL:
    case rel::INTERACTION_KIND_EMAIL:
      i.set_summary(kCallSummary);
      break;
    case rel::INTERACTION_KIND_SITE_INSPECTION:
      i.set_summary(kInspectionSummary);
      break;
    default:
      i.set_summary(kVisitSummary);
      break;
  }
  i.set_outcome(
      "客户确认下半年新增融资需求约五千万元，同意两周内提供近三年审计报告及最新月度报表。");
  i.set_next_steps("起草授信调查方案，安排风险经理于下月上旬实地核查新厂房项目。");
  i.set_confidential(confidential);
  return i;
}

struct LogCall {
  grpc::ClientContext context;
  rel::LogInteractionRequest request;
  rel::Interaction response;
};

// Starts LogInteraction of `interaction` for `customer` on `stub`; `done` gets the status once
// the reply is in (the call's memory is freed first).
template <typename Done>
void StartLog(const ClientPool& pool, rel::RelationshipService::Stub* stub,
              const std::string& customer, rel::Interaction interaction, Done done) {
  auto* call = new LogCall;
  pool.Configure(&call->context);
  call->request.set_parent(customer);
  *call->request.mutable_interaction() = std::move(interaction);
  call->request.set_request_id(NewRequestId());
  stub->async()->LogInteraction(&call->context, &call->request, &call->response,
                                [call, done = std::move(done)](grpc::Status status) mutable {
                                  delete call;
                                  done(std::move(status));
                                });
}

std::vector<std::unique_ptr<rel::RelationshipService::Stub>> StubsOf(const ClientPool& pool) {
  std::vector<std::unique_ptr<rel::RelationshipService::Stub>> stubs;
  for (int i = 0; i < pool.channel_count(); ++i) {
    stubs.push_back(rel::RelationshipService::NewStub(pool.channel(i)));
  }
  return stubs;
}

// Logs `count` interactions for one customer with `lanes` async calls in flight. Interaction k
// happens at a random moment of the k-th of `count` equal slots of the past kTimelineYears
// (newest first), cycles through the five kinds, and every kConfidentialEvery-th is
// confidential.
class TimelineSeeder final {
 public:
  TimelineSeeder(const ClientPool* pool, std::string customer, int count, uint64_t seed)
      : pool_(pool),
        customer_(std::move(customer)),
        count_(count),
        now_(SystemClock::Get().Now()),
        random_(seed),
        stubs_(StubsOf(*pool)) {}

  // Returns after every interaction is logged, or the first failure once the calls in flight
  // are in.
  absl::Status Run(int lanes) {
    lanes = std::max(1, std::min(lanes, count_));
    active_lanes_.store(lanes);
    for (int lane = 0; lane < lanes; ++lane) {
      Next(lane);
    }
    all_done_.WaitForNotification();
    absl::MutexLock lock(&mu_);
    return first_error_;
  }

  int confidential() const { return (count_ + kConfidentialEvery - 1) / kConfidentialEvery; }

 private:
  void Next(int lane) {
    const int k = next_.fetch_add(1);
    if (k >= count_ || failed_.load()) {
      if (active_lanes_.fetch_sub(1) == 1) {
        all_done_.Notify();
      }
      return;
    }
    static constexpr rel::InteractionKind kKinds[] = {
        rel::INTERACTION_KIND_VISIT, rel::INTERACTION_KIND_CALL, rel::INTERACTION_KIND_EMAIL,
        rel::INTERACTION_KIND_MEETING, rel::INTERACTION_KIND_SITE_INSPECTION};
    const absl::Duration slot = absl::Hours(24 * 365 * kTimelineYears) / count_;
    absl::Time occur;
    {
      absl::MutexLock lock(&mu_);
      occur = now_ - absl::Minutes(1) - slot * k - slot * unit_(random_);
    }
    StartLog(*pool_, stubs_[static_cast<size_t>(lane) % stubs_.size()].get(), customer_,
             BenchInteraction(kKinds[k % 5], occur, k % kConfidentialEvery == 0),
             [this, lane](grpc::Status status) {
               if (!status.ok()) {
                 absl::MutexLock lock(&mu_);
                 if (first_error_.ok()) {
                   first_error_ = ToAbsl(status);
                 }
                 failed_.store(true);
               }
               if (const int done = logged_.fetch_add(1) + 1; done % 2000 == 0) {
                 kLog.Progress(absl::StrCat("logged ", done, " of ", count_, " interactions"));
               }
               Next(lane);
             });
  }

  const ClientPool* pool_;
  const std::string customer_;
  const int count_;
  const absl::Time now_;
  absl::Mutex mu_;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_);
  std::uniform_real_distribution<double> unit_ ABSL_GUARDED_BY(mu_){0.0, 1.0};
  absl::Status first_error_ ABSL_GUARDED_BY(mu_);
  const std::vector<std::unique_ptr<rel::RelationshipService::Stub>> stubs_;
  std::atomic<int> next_{0};
  std::atomic<int> logged_{0};
  std::atomic<int> active_lanes_{0};
  std::atomic<bool> failed_{false};
  absl::Notification all_done_;
};

// ---- log_interaction ----

int RunLogInteraction(const RelationshipBenchFlags& f, const std::string& token,
                      const std::vector<WatchedProcess>& watched) {
  ClientPool profile(f.load.Settings(f.customer_profile, token));
  ClientPool relationship(f.load.Settings(f.relationship, token));
  if (absl::Status s = Connect({&profile, &relationship}, f.load.connect_timeout); !s.ok()) {
    return kLog.Fail("connect", s);
  }
  absl::StatusOr<std::string> customer = CreateSmeCustomer(profile, SeedOrRandom(f.load.seed));
  if (!customer.ok()) {
    return kLog.Fail("creating the customer", customer.status());
  }
  const auto stubs = StubsOf(relationship);
  const LoadOptions load = f.load.Load();
  CpuWindow cpu(watched);
  RunResult result = RunAsyncClosedLoop(
      load,
      [&](int worker, DoneCallback done) {
        StartLog(relationship, stubs[static_cast<size_t>(worker) % stubs.size()].get(), *customer,
                 BenchInteraction(rel::INTERACTION_KIND_VISIT,
                                  SystemClock::Get().Now() - absl::Hours(2), false),
                 [done = std::move(done)](grpc::Status status) {
                   done(static_cast<absl::StatusCode>(status.error_code()));
                 });
      },
      WindowHooks{[&cpu] { cpu.Start(); }, [&cpu] { cpu.Stop(); }});
  PrintResult("log_interaction", load, std::move(result), cpu,
              {{"channels", absl::StrCat(relationship.channel_count())}});
  return 0;
}

// ---- list_interactions ----

struct TimelineWalk {
  int64_t interactions = 0;
  int64_t redacted = 0;
  int pages = 0;
  // The tokens that read the deep pages, and those pages' 1-based numbers.
  std::vector<std::string> deep_tokens;
  std::vector<int> deep_pages;
};

// Reads the customer's whole timeline in pages of `page_size` as the pool's caller, keeping the
// tokens of the pages at kDeepPageFractions. Returns the first failed call, or
// FAILED_PRECONDITION when the timeline is not newest first.
absl::StatusOr<TimelineWalk> WalkTimeline(const ClientPool& pool, const std::string& customer,
                                          int page_size, int expected) {
  const int expected_pages = (expected + page_size - 1) / page_size;
  std::vector<int> wanted;
  for (double fraction : kDeepPageFractions) {
    const int page = std::max(2, static_cast<int>(std::lround(fraction * expected_pages)));
    if (std::find(wanted.begin(), wanted.end(), page) == wanted.end()) {
      wanted.push_back(page);
    }
  }
  auto stub = rel::RelationshipService::NewStub(pool.channel(0));
  rel::ListInteractionsRequest request;
  request.set_parent(customer);
  request.set_page_size(page_size);
  TimelineWalk walk;
  absl::Time previous = absl::InfiniteFuture();
  do {
    rel::ListInteractionsResponse response;
    grpc::ClientContext context;
    pool.Configure(&context);
    if (grpc::Status s = stub->ListInteractions(&context, request, &response); !s.ok()) {
      return ToAbsl(s);
    }
    ++walk.pages;
    if (std::find(wanted.begin(), wanted.end(), walk.pages) != wanted.end()) {
      walk.deep_tokens.push_back(request.page_token());
      walk.deep_pages.push_back(walk.pages);
    }
    for (const rel::Interaction& i : response.interactions()) {
      const absl::Time t = TimeOf(i.occur_time());
      if (t > previous) {
        return absl::FailedPreconditionError(
            absl::StrCat("timeline not newest first at ", i.name(), " (page ", walk.pages, ")"));
      }
      previous = t;
      ++walk.interactions;
      walk.redacted += i.redacted() ? 1 : 0;
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return walk;
}

struct ListCall {
  grpc::ClientContext context;
  rel::ListInteractionsRequest request;
  rel::ListInteractionsResponse response;
  std::chrono::steady_clock::time_point start;
  bool deep = false;
};

// Latencies of the successful first-page and deep-page reads that complete inside the measured
// window, apart (the loop's own figures mix the two). Thread-safe.
class PageLatencies final {
 public:
  void SetMeasuring(bool measuring) { measuring_.store(measuring); }

  void Record(bool deep, std::chrono::steady_clock::time_point start) {
    if (!measuring_.load()) {
      return;
    }
    const absl::Duration latency = absl::FromChrono(std::chrono::steady_clock::now() - start);
    absl::MutexLock lock(&mu_);
    (deep ? deep_ : first_).Record(latency);
  }

  // first_p50_ms, first_p99_ms, deep_p50_ms, deep_p99_ms.
  std::vector<std::pair<std::string, std::string>> Figures() const {
    absl::MutexLock lock(&mu_);
    auto ms = [](absl::Duration d) {
      return absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(d));
    };
    return {{"first_p50_ms", ms(first_.Percentile(0.5))},
            {"first_p99_ms", ms(first_.Percentile(0.99))},
            {"deep_p50_ms", ms(deep_.Percentile(0.5))},
            {"deep_p99_ms", ms(deep_.Percentile(0.99))}};
  }

 private:
  std::atomic<bool> measuring_{false};
  mutable absl::Mutex mu_;
  LatencyHistogram first_ ABSL_GUARDED_BY(mu_);
  LatencyHistogram deep_ ABSL_GUARDED_BY(mu_);
};

int RunListInteractions(const RelationshipBenchFlags& f, const std::string& token,
                        const std::string& reader_token,
                        const std::vector<WatchedProcess>& watched) {
  ClientPool profile(f.load.Settings(f.customer_profile, token));
  ClientPool writer(f.load.Settings(f.relationship, token));
  ClientPool reader(f.load.Settings(f.relationship, reader_token));
  if (absl::Status s = Connect({&profile, &writer, &reader}, f.load.connect_timeout); !s.ok()) {
    return kLog.Fail("connect", s);
  }
  const uint64_t seed = SeedOrRandom(f.load.seed);
  absl::StatusOr<std::string> customer = CreateSmeCustomer(profile, seed);
  if (!customer.ok()) {
    return kLog.Fail("creating the customer", customer.status());
  }

  TimelineSeeder seeder(&writer, *customer, f.timeline, seed);
  const auto seed_start = std::chrono::steady_clock::now();
  if (absl::Status s = seeder.Run(f.seed_concurrency); !s.ok()) {
    return kLog.Fail("seeding the timeline", s);
  }
  const double seed_seconds = SecondsSince(seed_start);
  kLog.Progress(absl::StrFormat("logged %d interactions in %.1f s", f.timeline, seed_seconds));

  const auto walk_start = std::chrono::steady_clock::now();
  absl::StatusOr<TimelineWalk> walk = WalkTimeline(reader, *customer, f.page_size, f.timeline);
  if (!walk.ok()) {
    return kLog.Fail("walking the timeline", walk.status());
  }
  const double walk_seconds = SecondsSince(walk_start);
  if (walk->interactions != f.timeline || walk->redacted != seeder.confidential() ||
      walk->deep_tokens.empty()) {
    return kLog.Fail("walking the timeline",
                     absl::FailedPreconditionError(absl::StrCat(
                         "read ", walk->interactions, " interactions (", walk->redacted,
                         " redacted) in ", walk->pages, " pages; logged ", f.timeline, " (",
                         seeder.confidential(), " confidential)")));
  }

  const auto stubs = StubsOf(reader);
  const std::vector<std::string> deep_tokens = walk->deep_tokens;
  std::atomic<uint64_t> next{0};
  PageLatencies pages;
  const LoadOptions load = f.load.Load();
  CpuWindow cpu(watched);
  RunResult result = RunAsyncClosedLoop(
      load,
      [&](int worker, DoneCallback done) {
        auto* call = new ListCall;
        reader.Configure(&call->context);
        call->request.set_parent(*customer);
        call->request.set_page_size(f.page_size);
        // Even calls read the first page, odd ones the deep pages in turn.
        const uint64_t k = next.fetch_add(1);
        call->deep = k % 2 == 1;
        if (call->deep) {
          call->request.set_page_token(deep_tokens[(k / 2) % deep_tokens.size()]);
        }
        call->start = std::chrono::steady_clock::now();
        stubs[static_cast<size_t>(worker) % stubs.size()]->async()->ListInteractions(
            &call->context, &call->request, &call->response,
            [call, &pages, done = std::move(done)](grpc::Status status) {
              if (status.ok()) {
                pages.Record(call->deep, call->start);
              }
              delete call;
              done(static_cast<absl::StatusCode>(status.error_code()));
            });
      },
      WindowHooks{[&cpu, &pages] {
                    pages.SetMeasuring(true);
                    cpu.Start();
                  },
                  [&cpu, &pages] {
                    cpu.Stop();
                    pages.SetMeasuring(false);
                  }});
  std::vector<std::pair<std::string, std::string>> extra = pages.Figures();
  extra.insert(extra.end(),
               {{"channels", absl::StrCat(reader.channel_count())},
                {"timeline", absl::StrCat(f.timeline)},
                {"confidential", absl::StrCat(seeder.confidential())},
                {"page_size", absl::StrCat(f.page_size)},
                {"deep_pages", absl::StrJoin(walk->deep_pages, "/")},
                {"seed_s", absl::StrFormat("%.2f", seed_seconds)},
                {"seed_per_s", absl::StrFormat("%.1f", f.timeline / std::max(seed_seconds, 1e-9))},
                {"seed_concurrency", absl::StrCat(f.seed_concurrency)},
                {"walk_pages", absl::StrCat(walk->pages)},
                {"walk_s", absl::StrFormat("%.2f", walk_seconds)}});
  PrintResult("list_interactions", load, std::move(result), cpu, extra);
  return 0;
}

int Run(int argc, char** argv) {
  RelationshipBenchFlags f;
  FlagSet flags("ccrm-relationship-bench");
  const std::vector<WatchedProcess> watched = ParseToolFlags(flags, argc, argv, f);
  absl::StatusOr<std::string> token = ReadTrimmedFile(f.token_file);
  if (!token.ok()) {
    return kLog.Fail("token", token.status());
  }
  if (f.mode == "log_interaction") {
    return RunLogInteraction(f, *token, watched);
  }
  absl::StatusOr<std::string> reader_token = ReadTrimmedFile(f.reader_token_file);
  if (!reader_token.ok()) {
    return kLog.Fail("reader token", reader_token.status());
  }
  return RunListInteractions(f, *token, *reader_token, watched);
}

}  // namespace
}  // namespace ccrm::bench

int main(int argc, char** argv) { return ccrm::bench::Run(argc, argv); }
