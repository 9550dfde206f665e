#include "tests/bench/risk_portfolio.h"

#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "ccrm/risk/v1/risk_warning.grpc.pb.h"
#include "tests/bench/async_tasks.h"
#include "tests/bench/uscc_sequence.h"

namespace ccrm::bench {
namespace {

namespace cpb = ::ccrm::customer::v1;
namespace rpb = ::ccrm::risk::v1;

constexpr int64_t kMillion = 1'000'000;
// How many days a troubled facility's first installment is overdue, in turn.
constexpr int kTroubledDaysPastDue[] = {10, 40, 75, 100, 200};
constexpr int kInstallments = 8;
constexpr int kProgressEvery = 10000;

// One call in flight: what gRPC reads and writes until the reply is in.
template <typename Request, typename Response>
struct PendingCall {
  grpc::ClientContext context;
  Request request;
  Response response;
};

template <typename Stub>
std::vector<std::unique_ptr<Stub>> StubsFor(
    const ClientPool& pool,
    std::unique_ptr<Stub> (*make)(const std::shared_ptr<grpc::ChannelInterface>&,
                                  const grpc::StubOptions&)) {
  std::vector<std::unique_ptr<Stub>> stubs;
  for (int i = 0; i < pool.channel_count(); ++i) {
    stubs.push_back(make(pool.channel(i), grpc::StubOptions()));
  }
  return stubs;
}

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

bool IsDrawn(const PortfolioShape& shape, int k) {
  return DaysPastDueOf(shape, k) > 0 || k % 4 == 0;
}

absl::Status CreateCustomers(const PortfolioShape& shape, const ClientPool& profile, int lanes,
                             const ToolLog& log, std::vector<std::string>& ids) {
  const int customers =
      (shape.exposures + shape.exposures_per_customer - 1) / shape.exposures_per_customer;
  ids.assign(static_cast<size_t>(customers), "");
  UsccSequence codes(shape.seed);
  auto stubs = StubsFor(profile, &cpb::CustomerProfile::NewStub);
  return RunAsyncTasks(
      customers, lanes,
      [&](int k, TaskDone done) {
        using Call = PendingCall<cpb::CreateCustomerRequest, cpb::Customer>;
        auto* call = new Call;
        profile.Configure(&call->context);
        *call->request.mutable_customer() =
            BenchObligor(codes.Next(), absl::StrFormat("bench-rm-%03d", k % shape.managers + 1));
        call->request.set_request_id(NewRequestId());
        stubs[static_cast<size_t>(k) % stubs.size()]->async()->CreateCustomer(
            &call->context, &call->request, &call->response,
            [call, k, &ids, done = std::move(done)](grpc::Status s) {
              ids[static_cast<size_t>(k)] = call->response.customer_id();
              delete call;
              done(ToAbsl(s));
            });
      },
      TaskProgress{kProgressEvery,
                   [&](int n) { log.Progress(absl::StrCat("created ", n, " customers")); }});
}

absl::Status CreateExposures(const PortfolioShape& shape, const ClientPool& risk, int lanes,
                             const ToolLog& log, const std::vector<std::string>& customer_ids,
                             Portfolio& portfolio) {
  portfolio.assign(static_cast<size_t>(shape.exposures), PortfolioExposure{});
  auto stubs = StubsFor(risk, &rpb::RiskWarning::NewStub);
  return RunAsyncTasks(
      shape.exposures, lanes,
      [&](int k, TaskDone done) {
        using Call = PendingCall<rpb::CreateExposureRequest, rpb::Exposure>;
        auto* call = new Call;
        risk.Configure(&call->context);
        const std::string& customer_id =
            customer_ids[static_cast<size_t>(k / shape.exposures_per_customer)];
        call->request = BenchExposure(shape, k, customer_id, DaysPastDueOf(shape, k));
        stubs[static_cast<size_t>(k) % stubs.size()]->async()->CreateExposure(
            &call->context, &call->request, &call->response,
            [call, k, &shape, &portfolio, done = std::move(done)](grpc::Status s) {
              portfolio[static_cast<size_t>(k)] =
                  PortfolioExposure{call->response.name(), call->response.customer_id(),
                                    DaysPastDueOf(shape, k) > 0, IsDrawn(shape, k)};
              delete call;
              done(ToAbsl(s));
            });
      },
      TaskProgress{kProgressEvery,
                   [&](int n) { log.Progress(absl::StrCat("registered ", n, " facilities")); }});
}

absl::Status RecordDisbursements(const PortfolioShape& shape, const ClientPool& risk, int lanes,
                                 const ToolLog& log, const Portfolio& portfolio) {
  std::vector<int> drawn;
  for (int k = 0; k < static_cast<int>(portfolio.size()); ++k) {
    if (portfolio[static_cast<size_t>(k)].drawn) {
      drawn.push_back(k);
    }
  }
  auto stubs = StubsFor(risk, &rpb::RiskWarning::NewStub);
  return RunAsyncTasks(
      static_cast<int>(drawn.size()), lanes,
      [&](int i, TaskDone done) {
        const int k = drawn[static_cast<size_t>(i)];
        using Call = PendingCall<rpb::RecordObservationRequest, rpb::RecordObservationResponse>;
        auto* call = new Call;
        risk.Configure(&call->context);
        const rpb::CreateExposureRequest terms = BenchExposure(shape, k, "", 0);
        call->request.set_parent(portfolio[static_cast<size_t>(k)].name);
        call->request.set_request_id(NewRequestId());
        rpb::Disbursement& d = *call->request.mutable_observation()->mutable_disbursement();
        *d.mutable_disbursed_date() = DateOf(shape.today - 390);
        *d.mutable_amount() = Cny(terms.exposure().amount().units() / 10 * 8);
        stubs[static_cast<size_t>(i) % stubs.size()]->async()->RecordObservation(
            &call->context, &call->request, &call->response,
            [call, done = std::move(done)](grpc::Status s) {
              delete call;
              done(ToAbsl(s));
            });
      },
      TaskProgress{kProgressEvery,
                   [&](int n) { log.Progress(absl::StrCat("recorded ", n, " disbursements")); }});
}

}  // namespace

ccrm::common::v1::Date DateOf(absl::CivilDay day) {
  ccrm::common::v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

cpb::Customer BenchObligor(const std::string& uscc, const std::string& manager_id) {
  cpb::Customer c;
  c.set_kind(cpb::CUSTOMER_KIND_ENTERPRISE);
  c.set_unified_social_credit_code(uscc);
  c.set_legal_name(absl::StrCat("预警基准机械制造有限公司", uscc.substr(8, 9)));
  c.set_legal_representative("王建国");
  c.set_industry_code("C3670");
  c.set_registered_address("福建省厦门市集美区杏林湾路168号");
  c.set_business_scope("汽车零部件及配件制造；通用设备制造；货物进出口。");
  *c.mutable_registered_capital() = Cny(40 * kMillion);
  *c.mutable_annual_revenue() = Cny(150 * kMillion);
  *c.mutable_total_assets() = Cny(200 * kMillion);
  c.set_employee_count(320);
  c.set_has_prior_credit(true);
  c.mutable_established_date()->set_year(2012);
  c.mutable_established_date()->set_month(4);
  c.mutable_established_date()->set_day(16);
  c.set_relationship_manager_id(manager_id);
  return c;
}

int DaysPastDueOf(const PortfolioShape& shape, int k) {
  const uint64_t h = Mix(shape.seed * 1'000'003ULL + static_cast<uint64_t>(k));
  if (static_cast<int>(h % 1000) >= shape.troubled_per_mille) {
    return 0;
  }
  constexpr int kKinds = sizeof(kTroubledDaysPastDue) / sizeof(kTroubledDaysPastDue[0]);
  return kTroubledDaysPastDue[(h / 1000) % kKinds];
}

rpb::CreateExposureRequest BenchExposure(const PortfolioShape& shape, int k,
                                         const std::string& customer_id, int days_past_due) {
  rpb::CreateExposureRequest request;
  request.set_request_id(absl::StrCat("bench-exposure-", shape.seed, "-", k));
  rpb::Exposure& e = *request.mutable_exposure();
  e.set_customer_id(customer_id);
  e.set_facility_id(absl::StrFormat("F-BENCH-%d-%07d", shape.seed % 100000, k));
  // CNY 5 to 50 million, in whole millions.
  const int64_t amount = (5 + static_cast<int64_t>(Mix(static_cast<uint64_t>(k)) % 46)) * kMillion;
  *e.mutable_amount() = Cny(amount);
  e.set_purpose("流动资金贷款：原材料采购及生产周转");
  *e.mutable_origination_date() = DateOf(shape.today - 400);
  *e.mutable_maturity_date() = DateOf(shape.today + 700);
  rpb::PlannedUse& materials = *e.add_use_of_funds_plan();
  materials.set_category("raw_materials");
  materials.set_payee("福建钢铁贸易有限公司");
  *materials.mutable_amount() = Cny(amount / 10 * 6);
  rpb::PlannedUse& wages = *e.add_use_of_funds_plan();
  wages.set_category("wages");
  *wages.mutable_amount() = Cny(amount - amount / 10 * 6);
  // Quarterly: the first one overdue by days_past_due, or 30 days ahead.
  const absl::CivilDay first = days_past_due > 0 ? shape.today - days_past_due : shape.today + 30;
  for (int i = 0; i < kInstallments; ++i) {
    rpb::ScheduledRepayment& r = *e.add_repayment_schedule();
    *r.mutable_due_date() = DateOf(first + 91 * i);
    *r.mutable_principal() = Cny(amount / kInstallments);
    *r.mutable_interest() = Cny(amount / 100);
  }
  e.mutable_covenants()->set_min_dscr(1.2);
  return request;
}

absl::StatusOr<Portfolio> SeedPortfolio(const PortfolioShape& shape, const ClientPool& profile,
                                        const ClientPool& risk, int lanes, const ToolLog& log) {
  std::vector<std::string> customer_ids;
  if (absl::Status s = CreateCustomers(shape, profile, lanes, log, customer_ids); !s.ok()) {
    return s;
  }
  Portfolio portfolio;
  if (absl::Status s = CreateExposures(shape, risk, lanes, log, customer_ids, portfolio); !s.ok()) {
    return s;
  }
  if (absl::Status s = RecordDisbursements(shape, risk, lanes, log, portfolio); !s.ok()) {
    return s;
  }
  return portfolio;
}

absl::Status WritePortfolioFile(const std::string& path, const Portfolio& portfolio) {
  std::ofstream out(path, std::ios::trunc);
  for (const PortfolioExposure& e : portfolio) {
    out << e.name << ' ' << e.customer_id << ' ' << (e.troubled ? 1 : 0) << ' ' << (e.drawn ? 1 : 0)
        << '\n';
  }
  out.close();
  if (!out) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<Portfolio> ReadPortfolioFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  Portfolio portfolio;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    PortfolioExposure e;
    int troubled = 0;
    int drawn = 0;
    if (!(fields >> e.name >> e.customer_id >> troubled >> drawn)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": malformed line '", line, "'"));
    }
    e.troubled = troubled != 0;
    e.drawn = drawn != 0;
    portfolio.push_back(std::move(e));
  }
  return portfolio;
}

}  // namespace ccrm::bench
