#include "tests/bench/scenarios.h"

#include <atomic>
#include <fstream>
#include <random>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "ccrm/bench/v1/echo.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/ids/uuid.h"
#include "common/time/clock.h"
#include "tests/bench/uscc_sequence.h"

namespace ccrm::bench {
namespace {

namespace cpb = ::ccrm::customer::v1;
namespace epb = ::ccrm::bench::v1;

constexpr int kSeedThreads = 8;

absl::Status ToAbsl(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

// One unary call in flight: owns what gRPC reads and writes until the reply is in.
template <typename Request, typename Response>
struct UnaryCall {
  grpc::ClientContext context;
  Request request;
  Response response;
};

// Sends `call` through `method` (a callback-API stub method bound to a stub) and hands the
// status code to `done`. The call is freed before `done` runs.
template <typename Request, typename Response, typename Method>
void Send(std::unique_ptr<UnaryCall<Request, Response>> call, Method method, DoneCallback done) {
  UnaryCall<Request, Response>* raw = call.release();
  method(&raw->context, &raw->request, &raw->response,
         [raw, done = std::move(done)](grpc::Status status) {
           delete raw;
           done(static_cast<absl::StatusCode>(status.error_code()));
         });
}

// A customer as the bank would register an ordinary manufacturing enterprise.
cpb::Customer BenchCustomer(const std::string& uscc) {
  cpb::Customer c;
  c.set_kind(cpb::CUSTOMER_KIND_ENTERPRISE);
  c.set_unified_social_credit_code(uscc);
  c.set_legal_name(absl::StrCat("基准测试纺织有限公司", uscc.substr(8, 9)));
  c.set_legal_representative("林建华");
  c.set_industry_code("C3011");
  c.set_registered_address("福建省福州市鼓楼区五四路158号环球广场18层");
  c.set_business_scope(
      "棉纺纱加工；面料纺织加工；针纺织品及原料销售；服装制造；货物进出口；技术进出口。"
      "（依法须经批准的项目，经相关部门批准后方可开展经营活动）");
  c.mutable_registered_capital()->set_currency_code("CNY");
  c.mutable_registered_capital()->set_units(50'000'000);
  c.mutable_annual_revenue()->set_currency_code("CNY");
  c.mutable_annual_revenue()->set_units(180'000'000);
  c.mutable_total_assets()->set_currency_code("CNY");
  c.mutable_total_assets()->set_units(260'000'000);
  c.set_employee_count(420);
  c.mutable_established_date()->set_year(2009);
  c.mutable_established_date()->set_month(6);
  c.mutable_established_date()->set_day(18);
  return c;
}

std::string NewRequestId() { return NewUuidV7(SystemClock::Get().Now()); }

// Creates `count` customers with blocking calls on a few threads. Returns their resource names,
// or the first failure.
absl::StatusOr<std::vector<std::string>> CreateCustomers(const ClientPool& pool,
                                                         UsccSequence& codes, int count) {
  absl::Mutex mu;
  std::vector<std::string> names;
  absl::Status first_error;
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kSeedThreads; ++t) {
    threads.emplace_back([&, t] {
      auto stub = cpb::CustomerProfile::NewStub(pool.channel(t));
      while (next.fetch_add(1) < count) {
        grpc::ClientContext context;
        pool.Configure(&context);
        cpb::CreateCustomerRequest request;
        *request.mutable_customer() = BenchCustomer(codes.Next());
        request.set_request_id(NewRequestId());
        cpb::Customer created;
        grpc::Status s = stub->CreateCustomer(&context, request, &created);
        absl::MutexLock lock(&mu);
        if (!s.ok()) {
          if (first_error.ok()) {
            first_error = ToAbsl(s);
          }
          return;
        }
        names.push_back(created.name());
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  if (!first_error.ok()) {
    return first_error;
  }
  return names;
}

class EchoScenario final : public Scenario {
 public:
  EchoScenario(const ScenarioOptions& options, const ClientPool* pool) : pool_(pool) {
    request_.set_payload(std::string(static_cast<size_t>(options.echo_payload_bytes), 'x'));
    for (int i = 0; i < pool->channel_count(); ++i) {
      stubs_.push_back(epb::Echo::NewStub(pool->channel(i)));
    }
  }

  absl::Status Prepare() override { return absl::OkStatus(); }

  void Start(int worker, DoneCallback done) override {
    auto call = std::make_unique<UnaryCall<epb::EchoRequest, epb::EchoResponse>>();
    pool_->Configure(&call->context);
    call->request = request_;
    epb::Echo::Stub* stub = stubs_[static_cast<size_t>(worker) % stubs_.size()].get();
    Send(
        std::move(call),
        [stub](grpc::ClientContext* c, const epb::EchoRequest* q, epb::EchoResponse* r,
               std::function<void(grpc::Status)> f) { stub->async()->Echo(c, q, r, std::move(f)); },
        std::move(done));
  }

 private:
  const ClientPool* pool_;
  epb::EchoRequest request_;
  std::vector<std::unique_ptr<epb::Echo::Stub>> stubs_;
};

// What the customer scenarios share: a stub per channel, a random source per worker and the
// code sequence.
class CustomerScenario : public Scenario {
 public:
  CustomerScenario(const ScenarioOptions& options, const ClientPool* pool)
      : options_(options), pool_(pool), codes_(options.seed * 0x9E3779B97F4A7C15ULL + 7) {
    for (int i = 0; i < pool->channel_count(); ++i) {
      stubs_.push_back(cpb::CustomerProfile::NewStub(pool->channel(i)));
    }
    for (int i = 0; i < options.concurrency; ++i) {
      random_.emplace_back(options.seed + static_cast<uint64_t>(i));
    }
  }

 protected:
  cpb::CustomerProfile::Stub* stub(int worker) const {
    return stubs_[static_cast<size_t>(worker) % stubs_.size()].get();
  }

  const ScenarioOptions options_;
  const ClientPool* pool_;
  UsccSequence codes_;
  std::vector<std::unique_ptr<cpb::CustomerProfile::Stub>> stubs_;
  // random_[w] is used only by worker w's calls, which never overlap.
  std::vector<std::mt19937_64> random_;
};

absl::StatusOr<std::vector<std::string>> ReadCustomerNames(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path));
  }
  std::vector<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view id = absl::StripAsciiWhitespace(line);
    if (id.empty()) {
      continue;
    }
    names.push_back(absl::StartsWith(id, "customers/") ? std::string(id)
                                                       : absl::StrCat("customers/", id));
  }
  if (names.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, " holds no customer id"));
  }
  return names;
}

class GetCustomerScenario final : public CustomerScenario {
 public:
  using CustomerScenario::CustomerScenario;

  absl::Status Prepare() override {
    absl::StatusOr<std::vector<std::string>> names =
        options_.customer_ids_file.empty()
            ? CreateCustomers(*pool_, codes_, options_.seed_customers)
            : ReadCustomerNames(options_.customer_ids_file);
    if (!names.ok()) {
      return names.status();
    }
    if (names->empty()) {
      return absl::InvalidArgumentError("get_customer needs at least one customer");
    }
    names_ = *std::move(names);
    return absl::OkStatus();
  }

  void Start(int worker, DoneCallback done) override {
    auto call = std::make_unique<UnaryCall<cpb::GetCustomerRequest, cpb::Customer>>();
    pool_->Configure(&call->context);
    std::uniform_int_distribution<size_t> pick(0, names_.size() - 1);
    call->request.set_name(names_[pick(random_[worker])]);
    cpb::CustomerProfile::Stub* s = stub(worker);
    Send(
        std::move(call),
        [s](grpc::ClientContext* c, const cpb::GetCustomerRequest* q, cpb::Customer* r,
            std::function<void(grpc::Status)> f) {
          s->async()->GetCustomer(c, q, r, std::move(f));
        },
        std::move(done));
  }

 private:
  std::vector<std::string> names_;
};

class ListCustomersScenario final : public CustomerScenario {
 public:
  using CustomerScenario::CustomerScenario;

  absl::Status Prepare() override {
    grpc::ClientContext context;
    pool_->Configure(&context);
    cpb::ListCustomersRequest request;
    request.set_page_size(options_.page_size);
    cpb::ListCustomersResponse response;
    grpc::Status s = stub(0)->ListCustomers(&context, request, &response);
    if (!s.ok()) {
      return ToAbsl(s);
    }
    const int missing = options_.page_size - response.customers_size();
    if (missing > 0) {
      absl::StatusOr<std::vector<std::string>> created = CreateCustomers(*pool_, codes_, missing);
      if (!created.ok()) {
        return created.status();
      }
    }
    return absl::OkStatus();
  }

  void Start(int worker, DoneCallback done) override {
    auto call =
        std::make_unique<UnaryCall<cpb::ListCustomersRequest, cpb::ListCustomersResponse>>();
    pool_->Configure(&call->context);
    call->request.set_page_size(options_.page_size);
    cpb::CustomerProfile::Stub* s = stub(worker);
    Send(
        std::move(call),
        [s](grpc::ClientContext* c, const cpb::ListCustomersRequest* q,
            cpb::ListCustomersResponse* r, std::function<void(grpc::Status)> f) {
          s->async()->ListCustomers(c, q, r, std::move(f));
        },
        std::move(done));
  }
};

class CreateCustomerScenario final : public CustomerScenario {
 public:
  using CustomerScenario::CustomerScenario;

  absl::Status Prepare() override { return absl::OkStatus(); }

  void Start(int worker, DoneCallback done) override {
    auto call = std::make_unique<UnaryCall<cpb::CreateCustomerRequest, cpb::Customer>>();
    pool_->Configure(&call->context);
    *call->request.mutable_customer() = BenchCustomer(codes_.Next());
    call->request.set_request_id(NewRequestId());
    cpb::CustomerProfile::Stub* s = stub(worker);
    Send(
        std::move(call),
        [s](grpc::ClientContext* c, const cpb::CreateCustomerRequest* q, cpb::Customer* r,
            std::function<void(grpc::Status)> f) {
          s->async()->CreateCustomer(c, q, r, std::move(f));
        },
        std::move(done));
  }
};

}  // namespace

ClientPool::ClientPool(ClientSettings settings) : settings_(std::move(settings)) {
  if (!settings_.token.empty()) {
    authorization_ = absl::StrCat("Bearer ", settings_.token);
  }
  const int n = std::max(1, settings_.channels);
  for (int i = 0; i < n; ++i) {
    grpc::ChannelArguments args;
    // A distinct argument and a local subchannel pool: each channel gets its own connection.
    args.SetInt("ccrm.bench.channel_index", i);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
    if (!settings_.tls_ca_pem.empty()) {
      grpc::SslCredentialsOptions tls;
      tls.pem_root_certs = settings_.tls_ca_pem;
      tls.pem_cert_chain = settings_.tls_cert_pem;
      tls.pem_private_key = settings_.tls_key_pem;
      credentials = grpc::SslCredentials(tls);
    }
    channels_.push_back(grpc::CreateCustomChannel(settings_.target, credentials, args));
  }
}

absl::Status ClientPool::WaitForConnected(absl::Duration timeout) {
  const auto deadline = std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout);
  for (size_t i = 0; i < channels_.size(); ++i) {
    if (!channels_[i]->WaitForConnected(deadline)) {
      return absl::DeadlineExceededError(absl::StrCat("channel ", i, " to ", settings_.target,
                                                      " not connected within ",
                                                      absl::FormatDuration(timeout)));
    }
  }
  return absl::OkStatus();
}

void ClientPool::Configure(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(settings_.deadline));
  if (!authorization_.empty()) {
    context->AddMetadata("authorization", authorization_);
  }
}

absl::StatusOr<std::unique_ptr<Scenario>> MakeScenario(const std::string& name,
                                                       const ScenarioOptions& options,
                                                       const ClientPool* pool) {
  if (name == "echo") {
    return std::make_unique<EchoScenario>(options, pool);
  }
  if (name == "get_customer") {
    return std::make_unique<GetCustomerScenario>(options, pool);
  }
  if (name == "list_customers") {
    return std::make_unique<ListCustomersScenario>(options, pool);
  }
  if (name == "create_customer") {
    return std::make_unique<CreateCustomerScenario>(options, pool);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown scenario '", name, "' (echo, get_customer, list_customers, create_customer)"));
}

}  // namespace ccrm::bench
