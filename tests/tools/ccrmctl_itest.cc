// The real ccrmctl binary against the four real services (tests/risk-warning/integration's suite:
// each on a throwaway database, real tokens): customers created through the API and read back as
// a table and as JSON, listed with paging, created from a JSON file on stdin (idempotently) and
// refused with their field violations; alerts raised by an observation, listed, acknowledged and
// followed by `alerts watch` from cursor 0 until Ctrl-C, also across a restart of risk-warning; a
// wrong role refused with PERMISSION_DENIED; health.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "common/testing/service_process.h"
#include "common/testing/status_matchers.h"
#include "google/protobuf/util/json_util.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/risk-warning/integration/suite_env.h"

extern char** environ;

namespace ccrm::risk::itest {
namespace {

namespace cv1 = ::ccrm::customer::v1;
using ::ccrm::customer::itest::Cny;
using ::ccrm::customer::itest::Day;
using ::ccrm::customer::itest::ExpectedMaskedIdNumber;
using ::ccrm::customer::itest::SmeEnterprise;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

CCRM_SUITE_SHARED_SERVICES(SuiteEnvOptions{{"--consume_relationship_events=false"}});

struct CtlResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// One ccrmctl process, its stdout and stderr piped back to the test. The child's environment is
// the test's without any CCRM_* setting ccrmctl reads, plus `env`.
class CtlProcess final {
 public:
  static std::unique_ptr<CtlProcess> Start(const std::vector<std::string>& args,
                                           const std::vector<std::string>& env = {},
                                           const std::string& input = "") {
    std::unique_ptr<CtlProcess> p(new CtlProcess());
    int out[2];
    int err[2];
    if (pipe(out) != 0 || pipe(err) != 0) {
      ADD_FAILURE() << "pipe: " << std::strerror(errno);
      return p;
    }
    std::string input_path = "/dev/null";
    if (!input.empty()) {
      p->dir_ = testing::MakeTempDir("ccrmctl-it");
      input_path = p->dir_ + "/stdin";
      std::ofstream(input_path) << input;
    }
    std::vector<std::string> argv_strings = {CCRMCTL_BINARY};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
      const bool read_by_ccrmctl = absl::StartsWith(*e, "CCRM_ADDRESS=") ||
                                   absl::StartsWith(*e, "CCRM_TOKEN") ||
                                   absl::StartsWith(*e, "CCRM_TLS_CA_FILE=");
      if (!read_by_ccrmctl) {
        env_strings.emplace_back(*e);
      }
    }
    env_strings.insert(env_strings.end(), env.begin(), env.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings) {
      argv.push_back(s.data());
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (std::string& s : env_strings) {
      envp.push_back(s.data());
    }
    envp.push_back(nullptr);
    p->pid_ = fork();
    if (p->pid_ < 0) {
      ADD_FAILURE() << "fork: " << std::strerror(errno);
      return p;
    }
    if (p->pid_ == 0) {
      const int in = open(input_path.c_str(), O_RDONLY);
      dup2(in, 0);
      dup2(out[1], 1);
      dup2(err[1], 2);
      close(out[0]);
      close(err[0]);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    close(out[1]);
    close(err[1]);
    p->out_fd_ = out[0];
    p->err_fd_ = err[0];
    return p;
  }

  ~CtlProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    CloseIfOpen(out_fd_);
    CloseIfOpen(err_fd_);
  }

  // The next whole line of stdout; nullopt when none arrives within `timeout` or stdout closed.
  std::optional<std::string> NextLine(absl::Duration timeout) {
    const absl::Time give_up = absl::Now() + timeout;
    while (true) {
      const size_t newline = out_.find('\n', consumed_);
      if (newline != std::string::npos) {
        std::string line = out_.substr(consumed_, newline - consumed_);
        consumed_ = newline + 1;
        return line;
      }
      const absl::Duration left = give_up - absl::Now();
      if (left <= absl::ZeroDuration() || (out_fd_ < 0 && err_fd_ < 0)) {
        return std::nullopt;
      }
      Pump(left);
    }
  }

  // True once stderr holds `text`; false when it does not within `timeout`.
  bool WaitForStderr(const std::string& text, absl::Duration timeout) {
    const absl::Time give_up = absl::Now() + timeout;
    while (!absl::StrContains(err_, text)) {
      const absl::Duration left = give_up - absl::Now();
      if (left <= absl::ZeroDuration() || (out_fd_ < 0 && err_fd_ < 0)) {
        return false;
      }
      Pump(left);
    }
    return true;
  }

  void Signal(int signal) {
    if (pid_ > 0) {
      kill(pid_, signal);
    }
  }

  // Reads both pipes to their end and waits for the exit; exit code -1 (and killed) if that takes
  // longer than `timeout`.
  CtlResult Finish(absl::Duration timeout = absl::Seconds(60)) {
    const absl::Time give_up = absl::Now() + timeout;
    while ((out_fd_ >= 0 || err_fd_ >= 0) && absl::Now() < give_up) {
      Pump(give_up - absl::Now());
    }
    CtlResult result;
    if (pid_ <= 0) {
      ADD_FAILURE() << "ccrmctl did not start";
      return result;
    }
    if (out_fd_ >= 0 || err_fd_ >= 0) {
      kill(pid_, SIGKILL);
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = out_;
    result.err = err_;
    return result;
  }

 private:
  CtlProcess() = default;

  static void CloseIfOpen(int& fd) {
    if (fd >= 0) {
      close(fd);
      fd = -1;
    }
  }

  // Waits up to `timeout` for output on either pipe and appends what came.
  void Pump(absl::Duration timeout) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    const int ms = static_cast<int>(std::max<int64_t>(1, absl::ToInt64Milliseconds(timeout)));
    if (poll(fds, 2, ms) <= 0) {
      return;
    }
    ReadFrom(fds[0], out_fd_, out_);
    ReadFrom(fds[1], err_fd_, err_);
  }

  static void ReadFrom(const pollfd& polled, int& fd, std::string& into) {
    if (fd < 0 || (polled.revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
      return;
    }
    char buffer[4096];
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) {
      CloseIfOpen(fd);
      return;
    }
    into.append(buffer, static_cast<size_t>(n));
  }

  pid_t pid_ = -1;
  bool reaped_ = false;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  size_t consumed_ = 0;
  std::string dir_;
};

CtlResult RunCtl(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                 const std::string& input = "") {
  return CtlProcess::Start(args, env, input)->Finish();
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

template <typename Message>
Message FromJson(const std::string& json) {
  Message message;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in " << json;
  return message;
}

class CcrmctlTest : public ::testing::Test {
 protected:
  SuiteEnv& env() { return SharedSuiteEnv(); }
  std::string CustomerAddress() { return env().customer_profile().process().address(); }
  std::string RiskAddress() { return env().risk_warning().process().address(); }
  std::string ManagerToken(const std::string& manager) {
    return env().Token(manager, {roles::kRelationshipManager});
  }
  std::string Officer() { return env().TokenFor(roles::kRiskOfficer); }

  // A token in a file, as operators keep theirs.
  std::string TokenFile(const std::string& token) {
    const std::string path = absl::StrCat(testing::MakeTempDir("ccrmctl-token"), "/token");
    EXPECT_OK(testing::WriteSecretFile(path, token + "\n"));
    return path;
  }

  // A customer created through the API (not through ccrmctl), managed by `manager`.
  cv1::Customer NewCustomer(const std::string& manager, const std::string& legal_name,
                            std::string* id_number = nullptr) {
    std::unique_ptr<CustomerStub> customers = env().CustomerClient();
    cv1::CreateCustomerRequest create;
    *create.mutable_customer() = SmeEnterprise(legal_name);
    create.mutable_customer()->set_relationship_manager_id(manager);
    if (id_number != nullptr) {
      *id_number = create.customer().legal_representative_id_number();
    }
    absl::StatusOr<cv1::Customer> customer =
        CallWithToken(*customers, &CustomerStub::CreateCustomer, ManagerToken(manager), create);
    EXPECT_OK(customer.status());
    return customer.ok() ? *customer : cv1::Customer();
  }

  // A CNY 10 million facility whose whole amount is planned for one steel supplier.
  absl::StatusOr<v1::Exposure> NewExposure(const cv1::Customer& customer,
                                           const std::string& facility) {
    v1::CreateExposureRequest request;
    request.set_request_id(absl::StrCat("ctl-exp-", customer.customer_id()));
    v1::Exposure& e = *request.mutable_exposure();
    e.set_customer_id(customer.customer_id());
    e.set_facility_id(facility);
    *e.mutable_amount() = Cny(10'000'000);
    e.set_purpose("流动资金贷款：原材料采购");
    *e.mutable_origination_date() = Day(2025, 6, 1);
    *e.mutable_maturity_date() = Day(2028, 6, 1);
    v1::PlannedUse& steel = *e.add_use_of_funds_plan();
    steel.set_category("raw_materials");
    steel.set_payee("福建钢铁贸易有限公司");
    *steel.mutable_amount() = Cny(10'000'000);
    return env().Call(&RiskStub::CreateExposure, Officer(), request);
  }

  // Money paid from the facility to a payee outside its plan, on 2025-07-`day`.
  absl::StatusOr<v1::RecordObservationResponse> PayOffPlan(const v1::Exposure& exposure,
                                                           int64_t amount, int day) {
    v1::RecordObservationRequest request;
    request.set_parent(exposure.name());
    request.set_request_id(absl::StrCat("ctl-obs-", exposure.facility_id(), "-", day));
    v1::FundUsage& usage = *request.mutable_observation()->mutable_fund_usage();
    *usage.mutable_paid_date() = Day(2025, 7, day);
    usage.set_category("raw_materials");
    usage.set_payee("某房地产开发公司");
    *usage.mutable_amount() = Cny(amount);
    return env().Call(&RiskStub::RecordObservation, Officer(), request);
  }
};

TEST_F(CcrmctlTest, CustomersGetAsATableAndAsJson) {
  std::string id_number;
  const cv1::Customer created = NewCustomer("rm-ctl-1", "福建控制台测试建设有限公司", &id_number);
  const std::string token_file = TokenFile(env().TokenFor(roles::kCreditAnalyst));

  const CtlResult table = RunCtl({"--address", CustomerAddress(), "--token_file", token_file,
                                  "customers", "get", created.customer_id()});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.err, "");
  EXPECT_THAT(table.out,
              HasSubstr(absl::StrCat("name:                        ", created.name(), "\n")));
  EXPECT_THAT(table.out, HasSubstr("legal name:                  福建控制台测试建设有限公司\n"));
  EXPECT_THAT(table.out, HasSubstr("segment:                     SME\n"));
  EXPECT_THAT(table.out, HasSubstr("manager:                     rm-ctl-1\n"));
  // Masked as the service returns it to an analyst.
  EXPECT_THAT(table.out, HasSubstr(absl::StrCat("legal representative id:     ",
                                                ExpectedMaskedIdNumber(id_number), "\n")));
  EXPECT_THAT(table.out, Not(HasSubstr(id_number)));

  // The token from the environment this time, and the customer's full name as the argument.
  const CtlResult json = RunCtl({"customers", "get", created.name(), "--output=json"},
                                {absl::StrCat("CCRM_ADDRESS=", CustomerAddress()),
                                 absl::StrCat("CCRM_TOKEN=", env().TokenFor(roles::kAuditor))});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  ASSERT_THAT(Lines(json.out), SizeIs(1));
  const cv1::Customer read = FromJson<cv1::Customer>(json.out);
  EXPECT_EQ(read.name(), created.name());
  EXPECT_EQ(read.legal_name(), "福建控制台测试建设有限公司");
  EXPECT_EQ(read.segment(), cv1::SEGMENT_SME);
  EXPECT_EQ(read.etag(), created.etag());
  EXPECT_EQ(read.legal_representative_id_number(), ExpectedMaskedIdNumber(id_number));
}

TEST_F(CcrmctlTest, CustomersListFiltersAndPages) {
  const cv1::Customer first = NewCustomer("rm-ctl-2", "厦门控制台列表A有限公司");
  const cv1::Customer second = NewCustomer("rm-ctl-2", "厦门控制台列表B有限公司");
  const std::string token = env().TokenFor(roles::kCreditAnalyst);

  const CtlResult all = RunCtl({"--address", CustomerAddress(), "--token", token, "customers",
                                "list", "--manager=rm-ctl-2", "--order_by=legal_name"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const std::vector<std::string> lines = Lines(all.out);
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_TRUE(absl::StartsWith(lines[0], "NAME ")) << lines[0];
  EXPECT_THAT(lines[0], HasSubstr("LEGAL NAME"));
  EXPECT_THAT(lines[1], HasSubstr(first.name()));
  EXPECT_THAT(lines[1], HasSubstr("厦门控制台列表A有限公司"));
  EXPECT_THAT(lines[1], HasSubstr("SME"));
  EXPECT_THAT(lines[1], HasSubstr("F5124"));
  EXPECT_THAT(lines[1], HasSubstr("rm-ctl-2"));
  EXPECT_THAT(lines[2], HasSubstr(second.name()));
  EXPECT_EQ(all.err, "");

  const CtlResult page =
      RunCtl({"--address", CustomerAddress(), "--token", token, "customers", "list",
              "--manager=rm-ctl-2", "--order_by=legal_name", "--page_size=1"});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  EXPECT_THAT(Lines(page.out), SizeIs(2));
  EXPECT_THAT(page.err, HasSubstr("more results: add --page_token="));

  const CtlResult search = RunCtl({"--address", CustomerAddress(), "--token", token, "customers",
                                   "search", "厦门控制台列表B", "--output=json"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  const auto found = FromJson<cv1::ListCustomersResponse>(search.out);
  ASSERT_EQ(found.customers_size(), 1);
  EXPECT_EQ(found.customers(0).name(), second.name());
}

TEST_F(CcrmctlTest, CustomersCreateFromStdinIsIdempotentAndBadInputShowsItsFields) {
  cv1::CreateCustomerRequest request;
  *request.mutable_customer() = SmeEnterprise("泉州控制台创建有限公司");
  request.mutable_customer()->set_relationship_manager_id("rm-ctl-3");
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
  const std::string token = ManagerToken("rm-ctl-3");
  const std::vector<std::string> create = {
      "--address", CustomerAddress(), "--token",
      token,       "--output=json",   "--request_id=ctl-create-1",
      "customers", "create",          "-"};
  const CtlResult first = RunCtl(create, {}, json);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const cv1::Customer made = FromJson<cv1::Customer>(first.out);
  EXPECT_EQ(made.legal_name(), "泉州控制台创建有限公司");
  const CtlResult replay = RunCtl(create, {}, json);
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(FromJson<cv1::Customer>(replay.out).name(), made.name());

  cv1::CreateCustomerRequest bad = request;
  // A registered code with its check character changed.
  std::string code = bad.customer().unified_social_credit_code();
  code.back() = code.back() == '0' ? '1' : '0';
  bad.mutable_customer()->set_unified_social_credit_code(code);
  bad.mutable_customer()->set_industry_code("not-a-code");
  json.clear();  // MessageToJsonString appends
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(bad, &json).ok());
  const CtlResult refused = RunCtl(
      {"--address", CustomerAddress(), "--token", token, "customers", "create", "-"}, {}, json);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.out, "");
  EXPECT_THAT(refused.err, HasSubstr("ccrmctl: INVALID_ARGUMENT: "));
  EXPECT_THAT(refused.err, HasSubstr("\n  reason: INVALID_ARGUMENT\n  field violations:\n"));
  EXPECT_THAT(refused.err,
              HasSubstr("\n    customer.unified_social_credit_code: check character mismatch"));
  EXPECT_THAT(refused.err, HasSubstr("\n    customer.industry_code: "));
}

TEST_F(CcrmctlTest, AWrongRoleIsRefusedWithPermissionDenied) {
  cv1::CreateCustomerRequest request;
  *request.mutable_customer() = SmeEnterprise("漳州控制台拒绝有限公司");
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
  const CtlResult refused = RunCtl({"--address", CustomerAddress(), "--token",
                                    env().TokenFor(roles::kAuditor), "customers", "create", "-"},
                                   {}, json);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.out, "");
  EXPECT_TRUE(absl::StartsWith(
      refused.err,
      "ccrmctl: PERMISSION_DENIED: calling /ccrm.customer.v1.CustomerProfile/CreateCustomer needs "
      "one of the roles"))
      << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("\n  reason: ROLE_NOT_PERMITTED\n"));

  // No token at all.
  const CtlResult anonymous = RunCtl({"--address", RiskAddress(), "alerts", "list"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_TRUE(absl::StartsWith(anonymous.err, "ccrmctl: UNAUTHENTICATED: ")) << anonymous.err;
}

TEST_F(CcrmctlTest, AnAlertRaisedByAnObservationIsListedAndWatchedLive) {
  const std::string manager = "rm-ctl-4";
  const cv1::Customer customer = NewCustomer(manager, "福州控制台预警有限公司");
  ASSERT_OK_AND_ASSIGN(v1::Exposure exposure, NewExposure(customer, "F-CTL-0001"));

  // Watching from the start of the retained history, only this customer's alerts, as JSON.
  const std::string auditor = env().TokenFor(roles::kAuditor);
  std::unique_ptr<CtlProcess> watch =
      CtlProcess::Start({"--address", RiskAddress(), "--token", auditor, "--output=json", "alerts",
                         "watch", "--after=0", absl::StrCat("--customer=", customer.name())});

  // CNY 1.5 million paid to a payee outside the plan: 15 % of the plan, ORANGE.
  ASSERT_OK_AND_ASSIGN(v1::RecordObservationResponse recorded, PayOffPlan(exposure, 1'500'000, 1));
  ASSERT_EQ(recorded.evaluation().changes_size(), 1);
  const v1::Alert& alert = recorded.evaluation().changes(0).alert();

  const std::optional<std::string> line = watch->NextLine(absl::Seconds(30));
  ASSERT_TRUE(line.has_value()) << "no update; stderr so far: " << watch->Finish().err;
  const v1::AlertUpdate update = FromJson<v1::AlertUpdate>(*line);
  EXPECT_GT(update.sequence(), 0);
  EXPECT_EQ(update.change().action(), "opened");
  EXPECT_EQ(update.change().alert().name(), alert.name());
  EXPECT_EQ(update.change().alert().customer_id(), customer.customer_id());
  EXPECT_EQ(update.change().alert().indicator(), "funds_off_plan");
  EXPECT_EQ(update.change().alert().level(), v1::ALERT_LEVEL_ORANGE);

  // Ctrl-C ends it cleanly and says where to resume.
  watch->Signal(SIGINT);
  const CtlResult watched = watch->Finish(absl::Seconds(30));
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(watched.err,
              HasSubstr(absl::StrCat("watch stopped; resume with --after=", update.sequence())));

  // The same alert in a table watch replayed from cursor 0: the header, then its line.
  std::unique_ptr<CtlProcess> table_watch =
      CtlProcess::Start({"--address", RiskAddress(), "--token", auditor, "alerts", "watch",
                         absl::StrCat("--customer=", customer.customer_id())});
  const std::optional<std::string> header = table_watch->NextLine(absl::Seconds(30));
  const std::optional<std::string> row = table_watch->NextLine(absl::Seconds(30));
  ASSERT_TRUE(header.has_value() && row.has_value()) << table_watch->Finish().err;
  EXPECT_TRUE(absl::StartsWith(*header, "SEQ ")) << *header;
  EXPECT_TRUE(absl::StartsWith(*row, absl::StrCat(update.sequence(), " "))) << *row;
  EXPECT_THAT(*row, HasSubstr(" opened "));
  EXPECT_THAT(*row, HasSubstr(absl::StrCat(" ORANGE  OPEN "))) << *row;
  EXPECT_THAT(*row, HasSubstr(alert.name()));
  table_watch->Signal(SIGTERM);
  EXPECT_EQ(table_watch->Finish(absl::Seconds(30)).exit_code, 0);

  // And in the list of open alerts.
  const CtlResult listed = RunCtl({"--address", RiskAddress(), "--token", Officer(), "alerts",
                                   "list", absl::StrCat("--customer=", customer.customer_id())});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const std::vector<std::string> lines = Lines(listed.out);
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_THAT(lines[1], HasSubstr(alert.name()));
  EXPECT_THAT(lines[1], HasSubstr("ORANGE"));
  EXPECT_THAT(lines[1], HasSubstr("funds_off_plan"));
  EXPECT_THAT(lines[1], HasSubstr(manager));

  // A manager acknowledges it through ccrmctl; its history shows both changes.
  const CtlResult acknowledged = RunCtl({"--address", RiskAddress(), "--token",
                                         ManagerToken(manager), "alerts", "ack", alert.name()});
  ASSERT_EQ(acknowledged.exit_code, 0) << acknowledged.err;
  EXPECT_THAT(acknowledged.out, HasSubstr("status:            ACKNOWLEDGED\n"));
  const CtlResult history =
      RunCtl({"--address", RiskAddress(), "--token", Officer(), "alerts", "history", alert.name()});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  const std::vector<std::string> changes = Lines(history.out);
  ASSERT_THAT(changes, SizeIs(3));
  EXPECT_THAT(changes[1], HasSubstr(" opened "));
  EXPECT_THAT(changes[2], HasSubstr(" acknowledged "));
  EXPECT_THAT(changes[2], HasSubstr(manager));
}

TEST_F(CcrmctlTest, HealthAndUsageOfTheRealBinary) {
  const CtlResult healthy = RunCtl({"--address", RiskAddress(), "health"});
  EXPECT_EQ(healthy.exit_code, 0) << healthy.err;
  EXPECT_THAT(healthy.out, HasSubstr("status:   SERVING\n"));
  const CtlResult unknown = RunCtl({"--address", RiskAddress(), "loans", "list"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(absl::StartsWith(unknown.err, "ccrmctl: unknown command \"loans\"\n")) << unknown.err;
  EXPECT_THAT(unknown.err, HasSubstr("usage: ccrmctl"));
  EXPECT_EQ(unknown.out, "");
}

// Last: it restarts risk-warning under the other tests' feet otherwise.
TEST_F(CcrmctlTest, AWatchCutOffByARestartResumesAfterItsLastSequence) {
  const cv1::Customer customer = NewCustomer("rm-ctl-5", "莆田控制台重连有限公司");
  ASSERT_OK_AND_ASSIGN(v1::Exposure exposure, NewExposure(customer, "F-CTL-0002"));
  std::unique_ptr<CtlProcess> watch = CtlProcess::Start(
      {"--address", RiskAddress(), "--token", env().TokenFor(roles::kAuditor), "--output=json",
       "alerts", "watch", absl::StrCat("--customer=", customer.customer_id())});
  ASSERT_OK(PayOffPlan(exposure, 1'500'000, 1).status());
  const std::optional<std::string> opened = watch->NextLine(absl::Seconds(30));
  ASSERT_TRUE(opened.has_value()) << watch->Finish().err;
  const v1::AlertUpdate first = FromJson<v1::AlertUpdate>(*opened);
  EXPECT_EQ(first.change().action(), "opened");

  // risk-warning goes away: the watch says it will resume after what it printed last.
  env().risk_warning().Stop();
  ASSERT_TRUE(watch->WaitForStderr(
      absl::StrCat("; resuming after sequence ", first.sequence(), " in "), absl::Seconds(30)))
      << watch->Finish().err;
  ASSERT_OK(env().risk_warning().Start());

  // Another CNY 1.5 million off plan, 30 %: the alert is raised, and that is the next line —
  // the update received before the restart is not shown again.
  ASSERT_OK(PayOffPlan(exposure, 1'500'000, 2).status());
  const std::optional<std::string> raised = watch->NextLine(absl::Seconds(60));
  ASSERT_TRUE(raised.has_value()) << watch->Finish().err;
  const v1::AlertUpdate second = FromJson<v1::AlertUpdate>(*raised);
  EXPECT_GT(second.sequence(), first.sequence());
  EXPECT_EQ(second.change().action(), "raised");
  EXPECT_EQ(second.change().alert().name(), first.change().alert().name());

  watch->Signal(SIGINT);
  const CtlResult watched = watch->Finish(absl::Seconds(30));
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(watched.err,
              HasSubstr(absl::StrCat("watch stopped; resume with --after=", second.sequence())));
}

}  // namespace
}  // namespace ccrm::risk::itest
