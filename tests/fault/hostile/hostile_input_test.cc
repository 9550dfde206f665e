// Hostile input for every RPC of the four services, through the real binaries (SuiteEnv): the
// methods are enumerated from the generated service descriptors (each service and its event
// feed), so a new RPC is covered without touching this file, and the catalogue fails when a method
// gets no case or is missing from its service's permission table.
//
// Expected answers, by case kind (the same for every method unless the column says otherwise):
//
// case                                  -> expected
// ------------------------------------------------------------------------------------------------
// no token, "Basic ...", "Bearer " empty -> UNAUTHENTICATED / TOKEN_MISSING
// signed with another key; "alg":"none" -> UNAUTHENTICATED / TOKEN_SIGNATURE_INVALID
// expired; other audience; other issuer -> UNAUTHENTICATED / TOKEN_EXPIRED;
//                                          TOKEN_AUDIENCE_MISMATCH; TOKEN_ISSUER_MISMATCH
// garbage bearer (short, 7 KiB)         -> UNAUTHENTICATED / TOKEN_MALFORMED
// 20 KiB bearer                         -> RESOURCE_EXHAUSTED (gRPC's 8 KiB metadata limit,
//                                          before any service code; jwt.h's 16 KiB is never hit)
// a real role the table lacks; no role  -> PERMISSION_DENIED / ROLE_NOT_PERMITTED
// request above 4 MiB                   -> RESOURCE_EXHAUSTED (gRPC's receive limit)
// a string that is not UTF-8            -> INVALID_ARGUMENT / REQUEST_MALFORMED (see below)
// empty request                         -> INVALID_ARGUMENT; OK for kEmptyIsValid
// one field of an empty write           -> INVALID_ARGUMENT (required fields are missing)
// one field of an empty portfolio job   -> OK (write phase), INVALID_ARGUMENT, or
//                                          FAILED_PRECONDITION / NO_ACTIVE_MODEL (a model family
//                                          without an active version)
// one field of an empty read            -> INVALID_ARGUMENT; for kEmptyIsValid reads OK or
//                                          INVALID_ARGUMENT, exactly INVALID_ARGUMENT naming the
//                                          field for an unknown enum, OK for UNSPECIFIED
// non-ASCII filter on an ASCII column   -> INVALID_ARGUMENT / DATABASE_VALUE_REJECTED
// page_token garbage or another list's  -> INVALID_ARGUMENT
// page_size negative; huge              -> INVALID_ARGUMENT; OK (clamped, AIP-158)
// a filled field of a valid write, not  -> INVALID_ARGUMENT with a violation naming the field
//   free text, set to a hostile value      (NOT_FOUND too for name/parent/customer)
// free text of a valid write: 100 KiB   -> INVALID_ARGUMENT naming the field
// free text of a valid write: injection,-> OK, read back byte-for-byte (the write phase);
//   control and bidi text                  non-ASCII in an ASCII-only path: INVALID_ARGUMENT
//
// Refused requests write nothing anywhere: no service audits a refusal, so no table is exempt
// from the before/after comparison.
//
// Never OK for a refused write (the schemas are compared before and after), never UNKNOWN or
// INTERNAL, and no answer echoes the hostile value (longer than 6 bytes), SQL text, table names,
// file paths, exception texts or the token.
//
// Malformed UTF-8: the protobuf runtime refuses to parse a proto3 string that is not UTF-8, and
// gRPC's callback handlers then answer UNIMPLEMENTED with an empty message (as if the method did
// not exist). The server interceptor (common/server/rpc_interceptor.cc) turns that into
// INVALID_ARGUMENT / REQUEST_MALFORMED after the token and permission checks: the caller sent a
// request that is not a message of the method's type.
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <google/protobuf/descriptor.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/sync_stream.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/auth/jwt.h"
#include "common/auth/principal.h"
#include "common/status/errors.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_secrets.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/credit-rating/api/permissions.h"
#include "services/customer-profile/api/permissions.h"
#include "services/relationship-service/api/permissions.h"
#include "services/risk-warning/api/permissions.h"
#include "tests/customer-profile/integration/sample_data.h"
#include "tests/fault/hostile/hostile_catalogue.h"
#include "tests/fault/report/reliability_report.h"
#include "tests/risk-warning/integration/suite_env.h"

namespace ccrm::hostile {
namespace {

namespace cv1 = ::ccrm::customer::v1;
namespace rv1 = ::ccrm::rating::v1;
namespace relv1 = ::ccrm::relationship::v1;
namespace riskv1 = ::ccrm::risk::v1;
using ::ccrm::customer::itest::Cny;
using ::ccrm::risk::itest::SharedSuiteEnv;
using ::ccrm::risk::itest::SuiteEnv;
using ::google::protobuf::Message;
using ::google::protobuf::MethodDescriptor;

CCRM_SUITE_SHARED_SERVICES(::ccrm::risk::itest::SuiteEnvOptions{});

constexpr char kManager[] = "rm-hostile";
constexpr size_t kReceiveLimit = 4 * 1024 * 1024;
const absl::Duration kUnaryTimeout = absl::Seconds(20);
// An accepted WatchAlerts stays open: the client ends it at this deadline.
const absl::Duration kWatchTimeout = absl::Milliseconds(800);

// Requests whose empty form is valid: reads with only optional filters, and the two portfolio
// jobs (whose empty form is a write, sent in the write phase).
const std::set<std::string> kEmptyIsValid = {
    "/ccrm.customer.v1.CustomerProfile/ListCustomers",
    "/ccrm.customer.v1.CustomerProfile/ListAuditRecords",
    "/ccrm.rating.v1.CreditRating/ListScorecardModels",
    "/ccrm.rating.v1.CreditRating/ListRatingsDueForReview",
    "/ccrm.rating.v1.CreditRating/ListReratingJobs",
    "/ccrm.rating.v1.CreditRating/StartPortfolioRerating",
    "/ccrm.relationship.v1.RelationshipService/ListRelationshipManagers",
    "/ccrm.relationship.v1.RelationshipService/ListEngagementTemplates",
    "/ccrm.relationship.v1.RelationshipService/ListEngagements",
    "/ccrm.relationship.v1.RelationshipService/ListServiceRequests",
    "/ccrm.risk.v1.RiskWarning/ListExposures",
    "/ccrm.risk.v1.RiskWarning/ListRules",
    "/ccrm.risk.v1.RiskWarning/ListAlerts",
    "/ccrm.risk.v1.RiskWarning/WatchAlerts",
    "/ccrm.risk.v1.RiskWarning/RunPortfolioScan",
    "/ccrm.risk.v1.RiskWarning/ListContingencyTemplates",
    "/ccrm.risk.v1.RiskWarning/ListContingencyPlans",
    "/ccrm.risk.v1.RiskWarning/GetPortfolioSummary",
    "/ccrm.common.v1.EventFeed/StreamEvents",
};

// Every role the services know, in the order a denied role is picked.
const std::vector<std::string> kAllRoles = {
    roles::kAuditor,       roles::kService,        roles::kRelationshipManager,
    roles::kCreditAnalyst, roles::kCreditApprover, roles::kRiskOfficer,
    roles::kAdmin};

struct Rpc {
  std::string service;  // "customer-profile"
  std::string path;     // "/ccrm.customer.v1.CustomerProfile/GetCustomer"
  std::string address;  // to open a channel of its own
  const MethodDescriptor* method = nullptr;
  std::shared_ptr<grpc::Channel> channel;
  const PermissionTable* permissions = nullptr;
  bool streaming = false;
  bool read = false;
  bool empty_is_valid = false;
};

struct Expectation {
  std::set<grpc::StatusCode> codes;
  std::string reason;          // exact, when not empty
  std::string violation_path;  // a field violation must name it, when not empty
};

struct Case {
  const Rpc* rpc = nullptr;
  std::string label;  // "auth/forged", "body/customer.legal_name/sql_or_true"
  std::string kind;   // for the report
  std::string authorization;
  std::string wire;
  std::string hostile;  // the value, for the leak check ("" when none)
  Expectation expected;
  // Sent on a channel of its own: gRPC closes the connection of a request whose metadata or
  // message is above its limits, failing every other call on it with UNAVAILABLE.
  bool isolated = false;
};

struct Outcome {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  std::string details;  // serialized google.rpc.Status
  std::string response;
};

std::string CodeText(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

Expectation Exactly(grpc::StatusCode code, std::string reason = "", std::string violation = "") {
  return Expectation{{code}, std::move(reason), std::move(violation)};
}

bool IsRead(const std::string& method_name) {
  for (const char* prefix :
       {"Get", "List", "Compute", "Calculate", "Recommend", "Watch", "Stream"}) {
    if (absl::StartsWith(method_name, prefix)) {
      return true;
    }
  }
  return false;
}

// Letters, digits and - _ . : only: a valid request id, manager id or category, so not hostile
// to an identifier field.
bool IsPlainIdentifier(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

// Sends `wire` as the request of `rpc`; streams are read to their end.
Outcome Send(const Rpc& rpc, const std::string& authorization, const std::string& wire,
             bool isolated = false) {
  std::shared_ptr<grpc::Channel> channel = rpc.channel;
  if (isolated) {
    static std::atomic<int> serial{0};
    grpc::ChannelArguments args;
    args.SetInt("ccrm.hostile.isolated", serial++);  // no subchannel shared with other calls
    channel = grpc::CreateCustomChannel(rpc.address, grpc::InsecureChannelCredentials(), args);
  }
  grpc::ClientContext context;
  if (!authorization.empty()) {
    context.AddMetadata("authorization", authorization);
  }
  const bool watch = rpc.streaming && rpc.method->name() == "WatchAlerts";
  context.set_deadline(absl::ToChronoTime(absl::Now() + (watch ? kWatchTimeout : kUnaryTimeout)));
  grpc::Slice slice(wire);
  grpc::ByteBuffer request(&slice, 1);
  grpc::Status status;
  Outcome out;
  if (!rpc.streaming) {
    grpc::ByteBuffer response;
    status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
        channel.get(),
        grpc::internal::RpcMethod(rpc.path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC),
        &context, request, &response);
    if (status.ok()) {
      std::vector<grpc::Slice> slices;
      if (response.Dump(&slices).ok()) {
        for (const grpc::Slice& s : slices) {
          out.response.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
      }
    }
  } else {
    std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
        grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
            channel.get(),
            grpc::internal::RpcMethod(rpc.path.c_str(),
                                      grpc::internal::RpcMethod::SERVER_STREAMING),
            &context, request));
    grpc::ByteBuffer message;
    while (reader->Read(&message)) {
    }
    status = reader->Finish();
  }
  if (watch && status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    // A refused watch ends at once with its error; an accepted one stays open until the client's
    // deadline: that is its OK.
    status = grpc::Status::OK;
  }
  out.code = status.error_code();
  out.message = status.error_message();
  out.details = status.error_details();
  return out;
}

// What an answer must not hold: SQL and driver texts, source paths, stack traces.
const std::vector<std::string> kLeakMarkers = {"sql::",
                                               "SQLException",
                                               "MySQL",
                                               "MariaDB",
                                               "syntax",
                                               "SELECT ",
                                               "INSERT INTO",
                                               "UPDATE `",
                                               " WHERE ",
                                               "Duplicate entry",
                                               "for key",
                                               "Data too long",
                                               "Incorrect string",
                                               "errno",
                                               ".cc:",
                                               ".h:",
                                               "/work/",
                                               "/usr/",
                                               "std::",
                                               "terminate",
                                               "exception",
                                               "what()",
                                               "Traceback"};

// The leaks in an answer (message and every detail), "" when none.
std::string LeakIn(const Outcome& out, const Case& c, const std::vector<std::string>& table_names) {
  std::string text = out.message;
  google::rpc::Status details;
  if (!out.details.empty() && details.ParseFromString(out.details)) {
    absl::StrAppend(&text, "\n", details.message());
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      google::rpc::BadRequest bad;
      if (any.type_url() == kErrorInfoTypeUrl && info.ParseFromString(any.value())) {
        absl::StrAppend(&text, "\n", info.reason(), " ", info.domain());
        for (const auto& [k, v] : info.metadata()) {
          absl::StrAppend(&text, "\n", k, "=", v);
        }
      } else if (bad.ParseFromString(any.value())) {
        for (const auto& v : bad.field_violations()) {
          absl::StrAppend(&text, "\n", v.field(), ": ", v.description());
        }
      }
    }
  }
  if (c.hostile.size() > 6 && absl::StrContains(text, c.hostile)) {
    return "echoes the hostile value";
  }
  // A long value echoed in part is still an echo.
  if (c.hostile.size() > 64 && absl::StrContains(text, c.hostile.substr(0, 32))) {
    return "echoes the start of the hostile value";
  }
  for (const std::string& marker : kLeakMarkers) {
    if (absl::StrContains(text, marker)) {
      return absl::StrCat("holds \"", marker, "\"");
    }
  }
  for (const std::string& table : table_names) {
    if (absl::StrContains(text, table)) {
      return absl::StrCat("names table ", table);
    }
  }
  const std::string token = absl::StartsWithIgnoreCase(c.authorization, "bearer ")
                                ? c.authorization.substr(7)
                                : c.authorization;
  if (token.size() > 16 && absl::StrContains(text, token.substr(0, 16))) {
    return "echoes the token";
  }
  return "";
}

std::vector<std::string> ViolationsOf(const Outcome& out) {
  return testing::ViolatedFields(FromGrpcStatus(grpc::Status(out.code, out.message, out.details)));
}

std::string ReasonOf(const Outcome& out) {
  return ErrorReason(FromGrpcStatus(grpc::Status(out.code, out.message, out.details)));
}

// "" when the outcome is what the case expects; otherwise why not.
std::string Judge(const Case& c, const Outcome& out, const std::vector<std::string>& tables) {
  if (c.expected.codes.count(out.code) == 0) {
    return "code";
  }
  if (out.code == grpc::StatusCode::OK) {
    return "";
  }
  if (!c.expected.reason.empty() && ReasonOf(out) != c.expected.reason) {
    return absl::StrCat("reason ", ReasonOf(out));
  }
  if (!c.expected.violation_path.empty() && out.code == grpc::StatusCode::INVALID_ARGUMENT) {
    const std::vector<std::string> fields = ViolationsOf(out);
    const bool named = std::any_of(fields.begin(), fields.end(), [&](const std::string& f) {
      return ViolationNames(f, c.expected.violation_path);
    });
    if (!named) {
      return absl::StrCat("violations [", absl::StrJoin(fields, ","), "]");
    }
  }
  if (out.code == grpc::StatusCode::INVALID_ARGUMENT && ReasonOf(out) == "INVALID_ARGUMENT" &&
      ViolationsOf(out).empty()) {
    return "INVALID_ARGUMENT without a field violation";
  }
  return LeakIn(out, c, tables);
}

struct Result {
  Outcome outcome;
  std::string problem;
};

// Runs the cases on a few threads; one result per case, in order.
std::vector<Result> RunAll(const std::vector<Case>& cases, const std::vector<std::string>& tables,
                           int threads) {
  std::vector<Result> results(cases.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < cases.size(); i = next++) {
        results[i].outcome =
            Send(*cases[i].rpc, cases[i].authorization, cases[i].wire, cases[i].isolated);
        results[i].problem = Judge(cases[i], results[i].outcome, tables);
      }
    });
  }
  for (std::thread& t : pool) {
    t.join();
  }
  return results;
}

// ---- tokens ----

std::string Base64Url(const std::string& s) {
  std::string out;
  absl::WebSafeBase64Escape(s, &out);
  return out;
}

struct Tokens {
  std::string forged, expired, other_audience, other_issuer, alg_none, no_known_role;
};

Tokens MakeTokens(const SuiteEnv& env, const std::string& jwt_key) {
  Tokens t;
  JwtClaims claims;
  claims.issuer = testing::kTestIssuer;
  claims.audience = testing::kTestAudience;
  claims.subject = "it-hostile";
  claims.roles = {roles::kAdmin};
  claims.issued_at = absl::Now();
  claims.expires_at = claims.issued_at + absl::Hours(1);
  const JwtKey key{"", JwtAlgorithm::kHs256, jwt_key};
  auto mint = [](const JwtKey& k, const JwtClaims& c) {
    absl::StatusOr<std::string> token = MintJwt(k, c);
    return token.ok() ? *token : std::string("mint-failed");
  };
  t.forged = mint(JwtKey{"", JwtAlgorithm::kHs256, std::string(32, 'f')}, claims);
  JwtClaims expired = claims;
  expired.issued_at = absl::Now() - absl::Hours(2);
  expired.expires_at = absl::Now() - absl::Hours(1);
  t.expired = mint(key, expired);
  JwtClaims audience = claims;
  audience.audience = "another-audience";
  t.other_audience = mint(key, audience);
  JwtClaims issuer = claims;
  issuer.issuer = "https://another-issuer.example";
  t.other_issuer = mint(key, issuer);
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  t.alg_none = absl::StrCat(
      Base64Url(R"({"alg":"none","typ":"JWT"})"), ".",
      Base64Url(absl::StrCat(
          R"({"iss":")", testing::kTestIssuer, R"(","aud":")", testing::kTestAudience,
          R"(","sub":"it-hostile","roles":["admin"],"iat":)", now, R"(,"exp":)", now + 3600, "}")),
      ".");
  t.no_known_role = env.Token("it-hostile", {"customer"});
  return t;
}

// ---- schemas ----

// "schema.table" → "rows:hash" for every table of the four schemas (rows sorted before hashing).
absl::StatusOr<std::map<std::string, std::string>> Snapshot(
    mysql::ConnectionPool& admin, const std::vector<std::string>& schemas) {
  ASSIGN_OR_RETURN(mysql::ConnectionPool::Lease lease, admin.Acquire());
  std::map<std::string, std::string> out;
  try {
    for (const std::string& schema : schemas) {
      std::vector<std::string> tables;
      {
        sql::PreparedStatement& stmt = lease->Prepare(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
            "ORDER BY table_name");
        stmt.setString(1, schema);
        std::unique_ptr<sql::ResultSet> rs(stmt.executeQuery());
        while (rs->next()) {
          tables.push_back(rs->getString(1).asStdString());
        }
      }
      for (const std::string& table : tables) {
        std::unique_ptr<sql::ResultSet> rs(
            lease->Prepare(absl::StrCat("SELECT * FROM `", schema, "`.`", table, "`"))
                .executeQuery());
        const unsigned int columns = rs->getMetaData()->getColumnCount();
        std::vector<std::string> rows;
        while (rs->next()) {
          std::string row;
          for (unsigned int i = 1; i <= columns; ++i) {
            absl::StrAppend(&row, rs->isNull(i) ? "\\N" : rs->getString(i).asStdString(), "\x1f");
          }
          rows.push_back(std::move(row));
        }
        std::sort(rows.begin(), rows.end());
        out[absl::StrCat(schema, ".", table)] =
            absl::StrCat(rows.size(), ":", std::hash<std::string>{}(absl::StrJoin(rows, "\x1e")));
      }
    }
    lease->Commit();
  } catch (const sql::SQLException& e) {
    lease->RollbackQuietly();
    return absl::InternalError(e.what());
  }
  return out;
}

std::vector<std::string> Differences(const std::map<std::string, std::string>& before,
                                     const std::map<std::string, std::string>& after) {
  std::vector<std::string> out;
  for (const auto& [table, value] : after) {
    auto it = before.find(table);
    if (it == before.end() || it->second != value) {
      out.push_back(
          absl::StrCat(table, " (", it == before.end() ? "new" : it->second, " -> ", value, ")"));
    }
  }
  return out;
}

// ---- baselines ----

// A valid request of one of the important writes, the request paths of its free-text fields, and
// how to read the written resource back.
struct Baseline {
  std::string path;
  std::string role;
  std::function<std::unique_ptr<Message>()> make;
  std::vector<std::string> free_text;
  // The stored resource of a successful response, as the reader RPC returns it; the free-text
  // request paths without their first segment are its paths.
  std::function<absl::StatusOr<std::unique_ptr<Message>>(const std::string& response)> read_back;
  // Free-text paths stored in ASCII columns: a value with non-ASCII text is refused (as the
  // database refuses it: INVALID_ARGUMENT / DATABASE_VALUE_REJECTED, no field violation).
  std::set<std::string> ascii_only = {};
};

std::string NameIn(const std::string& response, const Message& prototype,
                   const std::string& path = "name") {
  std::unique_ptr<Message> m(prototype.New());
  return m->ParseFromString(response) ? StringAt(*m, path) : "";
}

class HostileInputTest : public ::testing::Test {
 protected:
  SuiteEnv& env() { return SharedSuiteEnv(); }
};

std::string Serial() {
  static std::atomic<int> n{0};
  return absl::StrCat(absl::ToUnixMillis(absl::Now()), "-", n++);
}

TEST_F(HostileInputTest, EveryRpcRefusesHostileRequestsWithTheRightCodeAndWritesNothing) {
  const bool long_run = reliability::LongRun();
  SuiteEnv& e = env();
  const std::string jwt_key = e.customer_profile().secrets().jwt_key();
  const std::string rm = e.TokenFor(roles::kRelationshipManager);

  // ---- seed data the valid requests point at ----
  {
    relv1::CreateRelationshipManagerRequest request;
    request.mutable_manager()->set_manager_id(kManager);
    request.mutable_manager()->set_display_name("恶意输入测试客户经理");
    request.mutable_manager()->set_branch("福州分行");
    request.mutable_manager()->set_max_portfolio_size(50);
    ASSERT_OK(testing::CallWithToken(*e.RelationshipClient(),
                                     &relv1::RelationshipService::Stub::CreateRelationshipManager,
                                     e.TokenFor(roles::kAdmin), request)
                  .status());
  }
  std::unique_ptr<cv1::CustomerProfile::Stub> customers = e.CustomerClient();
  std::vector<cv1::Customer> seeded;
  for (int i = 0; i < 2; ++i) {
    cv1::CreateCustomerRequest create;
    *create.mutable_customer() =
        customer::itest::KeyEnterprise(absl::StrCat("福建恶意输入测试", i, "有限公司"));
    create.mutable_customer()->set_relationship_manager_id(kManager);
    ASSERT_OK_AND_ASSIGN(cv1::Customer c,
                         testing::CallWithToken(
                             *customers, &cv1::CustomerProfile::Stub::CreateCustomer, rm, create));
    seeded.push_back(c);
  }
  const cv1::Customer& customer = seeded[0];
  for (int year : {2024, 2025}) {
    cv1::SubmitFinancialStatementRequest submit;
    submit.set_parent(customer.name());
    *submit.mutable_statement() = customer::itest::SoundAnnualStatement(year, 800);
    ASSERT_OK(testing::CallWithToken(
                  *customers, &cv1::CustomerProfile::Stub::SubmitFinancialStatement, rm, submit)
                  .status());
  }
  std::string foreign_page_token;
  {
    cv1::ListCustomersRequest list;
    list.set_page_size(1);
    ASSERT_OK_AND_ASSIGN(
        cv1::ListCustomersResponse page,
        testing::CallWithToken(*customers, &cv1::CustomerProfile::Stub::ListCustomers, rm, list));
    foreign_page_token = page.next_page_token();
    ASSERT_FALSE(foreign_page_token.empty());
  }
  const std::string officer = e.TokenFor(roles::kRiskOfficer);
  auto make_exposure = [&]() {
    auto r = std::make_unique<riskv1::CreateExposureRequest>();
    r->set_request_id(absl::StrCat("hostile-exposure-", Serial()));
    riskv1::Exposure& x = *r->mutable_exposure();
    x.set_customer_id(customer.customer_id());
    x.set_facility_id(absl::StrCat("F-HOSTILE-", Serial()));
    *x.mutable_amount() = Cny(10'000'000);
    x.set_purpose("流动资金贷款");
    *x.mutable_origination_date() = customer::itest::Day(2025, 1, 15);
    *x.mutable_maturity_date() = customer::itest::Day(2028, 1, 15);
    riskv1::PlannedUse& use = *x.add_use_of_funds_plan();
    use.set_category("construction");
    use.set_payee("福建建工集团");
    *use.mutable_amount() = Cny(10'000'000);
    return r;
  };
  ASSERT_OK_AND_ASSIGN(riskv1::Exposure exposure, e.Call(&riskv1::RiskWarning::Stub::CreateExposure,
                                                         officer, *make_exposure()));
  {
    riskv1::RecordObservationRequest draw;
    draw.set_parent(exposure.name());
    draw.set_request_id(absl::StrCat("hostile-draw-", Serial()));
    *draw.mutable_observation()->mutable_disbursement()->mutable_disbursed_date() =
        customer::itest::Day(2025, 2, 1);
    *draw.mutable_observation()->mutable_disbursement()->mutable_amount() = Cny(10'000'000);
    ASSERT_OK(e.Call(&riskv1::RiskWarning::Stub::RecordObservation, officer, draw).status());
  }

  // ---- the methods ----
  const PermissionTable customer_permissions = customer::CustomerProfilePermissions();
  const PermissionTable rating_permissions = rating::CreditRatingPermissions();
  const PermissionTable relationship_permissions = relationship::RelationshipPermissions();
  const PermissionTable risk_permissions = risk::RiskWarningPermissions();
  const std::shared_ptr<grpc::Channel> customer_channel = grpc::CreateChannel(
      e.customer_profile().process().address(), grpc::InsecureChannelCredentials());
  struct ServiceUnderTest {
    std::string label;
    std::string address;
    std::string full_name;
    std::shared_ptr<grpc::Channel> channel;
    const PermissionTable* permissions;
  };
  const std::vector<ServiceUnderTest> services = {
      {"customer-profile", e.customer_profile().process().address(),
       cv1::CustomerProfile::service_full_name(), customer_channel, &customer_permissions},
      {"customer-profile", e.customer_profile().process().address(),
       ccrm::common::v1::EventFeed::service_full_name(), customer_channel, &customer_permissions},
      {"credit-rating", e.credit_rating().process().address(),
       rv1::CreditRating::service_full_name(), e.credit_rating().channel(), &rating_permissions},
      {"credit-rating", e.credit_rating().process().address(),
       ccrm::common::v1::EventFeed::service_full_name(), e.credit_rating().channel(),
       &rating_permissions},
      {"relationship-service", e.relationship().process().address(),
       relv1::RelationshipService::service_full_name(), e.relationship().channel(),
       &relationship_permissions},
      {"relationship-service", e.relationship().process().address(),
       ccrm::common::v1::EventFeed::service_full_name(), e.relationship().channel(),
       &relationship_permissions},
      {"risk-warning", e.risk_warning().process().address(),
       riskv1::RiskWarning::service_full_name(), e.risk_warning().channel(), &risk_permissions},
      {"risk-warning", e.risk_warning().process().address(),
       ccrm::common::v1::EventFeed::service_full_name(), e.risk_warning().channel(),
       &risk_permissions},
  };
  std::vector<std::unique_ptr<Rpc>> rpcs;
  for (const ServiceUnderTest& s : services) {
    const google::protobuf::ServiceDescriptor* d =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(s.full_name);
    ASSERT_NE(d, nullptr) << s.full_name;
    for (int i = 0; i < d->method_count(); ++i) {
      auto rpc = std::make_unique<Rpc>();
      rpc->service = s.label;
      rpc->method = d->method(i);
      rpc->path = absl::StrCat("/", s.full_name, "/", rpc->method->name());
      rpc->channel = s.channel;
      rpc->address = s.address;
      rpc->permissions = s.permissions;
      rpc->streaming = rpc->method->server_streaming();
      rpc->read = IsRead(rpc->method->name());
      rpc->empty_is_valid = kEmptyIsValid.count(rpc->path) > 0;
      EXPECT_TRUE(s.permissions->Contains(rpc->path))
          << rpc->path << " is not in " << s.label << "'s permission table";
      rpcs.push_back(std::move(rpc));
    }
  }

  // ---- the baselines ----
  std::unique_ptr<relv1::RelationshipService::Stub> relationship = e.RelationshipClient();
  std::unique_ptr<riskv1::RiskWarning::Stub> risk = e.RiskClient();
  std::unique_ptr<rv1::CreditRating::Stub> rating = e.RatingClient();
  auto wrap = [](auto status_or) -> absl::StatusOr<std::unique_ptr<Message>> {
    if (!status_or.ok()) {
      return status_or.status();
    }
    using T = typename std::decay_t<decltype(*status_or)>;
    return std::unique_ptr<Message>(new T(*std::move(status_or)));
  };
  std::vector<Baseline> baselines;
  baselines.push_back(
      Baseline{"/ccrm.customer.v1.CustomerProfile/CreateCustomer",
               roles::kRelationshipManager,
               [&] {
                 auto r = std::make_unique<cv1::CreateCustomerRequest>();
                 *r->mutable_customer() = customer::itest::SmeEnterprise("福建基线建材有限公司");
                 r->set_request_id(absl::StrCat("hostile-customer-", Serial()));
                 return r;
               },
               {"customer.legal_name", "customer.legal_representative", "customer.business_scope",
                "customer.registered_address"},
               [&](const std::string& response) {
                 cv1::GetCustomerRequest get;
                 get.set_name(NameIn(response, cv1::Customer::default_instance()));
                 return wrap(testing::CallWithToken(
                     *customers, &cv1::CustomerProfile::Stub::GetCustomer, rm, get));
               }});
  baselines.push_back(Baseline{
      "/ccrm.customer.v1.CustomerProfile/CreateContact",
      roles::kRelationshipManager,
      [&] {
        auto r = std::make_unique<cv1::CreateContactRequest>();
        r->set_parent(customer.name());
        const int n = customer::itest::NextSerial();
        cv1::Contact& c = *r->mutable_contact();
        c.set_role(cv1::CONTACT_ROLE_FINANCE_OFFICER);
        c.set_full_name("李四");
        c.set_title("财务总监");
        c.set_id_number(customer::itest::ResidentIdNumber(n % 1000));
        c.set_phone(customer::itest::MobileNumber(n));
        c.set_email(absl::StrCat("li.si", n, "@example.com"));
        r->set_request_id(absl::StrCat("hostile-contact-", Serial()));
        return r;
      },
      {"contact.full_name", "contact.title"},
      [&](const std::string& response) -> absl::StatusOr<std::unique_ptr<Message>> {
        const std::string name = NameIn(response, cv1::Contact::default_instance());
        cv1::ListContactsRequest list;
        list.set_parent(customer.name());
        list.set_page_size(1000);
        ASSIGN_OR_RETURN(cv1::ListContactsResponse all,
                         testing::CallWithToken(
                             *customers, &cv1::CustomerProfile::Stub::ListContacts, rm, list));
        for (const cv1::Contact& c : all.contacts()) {
          if (c.name() == name) {
            return std::unique_ptr<Message>(new cv1::Contact(c));
          }
        }
        return absl::NotFoundError(name);
      }});
  baselines.push_back(Baseline{"/ccrm.rating.v1.CreditRating/RateCustomer",
                               roles::kCreditAnalyst,
                               [&] {
                                 auto r = std::make_unique<rv1::RateCustomerRequest>();
                                 r->set_customer(customer.name());
                                 rv1::QualitativeInputs& q = *r->mutable_qualitative();
                                 q.set_management_quality(rv1::ASSESSMENT_GOOD);
                                 q.set_market_position(rv1::ASSESSMENT_GOOD);
                                 q.set_industry_outlook(rv1::ASSESSMENT_ADEQUATE);
                                 q.set_guarantee_strength(rv1::ASSESSMENT_GOOD);
                                 r->set_request_id(absl::StrCat("hostile-rating-", Serial()));
                                 return r;
                               },
                               {},
                               [&](const std::string& response) {
                                 rv1::GetRatingRequest get;
                                 get.set_name(NameIn(response, rv1::Rating::default_instance()));
                                 return wrap(testing::CallWithToken(
                                     *rating, &rv1::CreditRating::Stub::GetRating, rm, get));
                               }});
  baselines.push_back(Baseline{
      "/ccrm.relationship.v1.RelationshipService/LogInteraction",
      roles::kRelationshipManager,
      [&] {
        auto r = std::make_unique<relv1::LogInteractionRequest>();
        r->set_parent(customer.name());
        relv1::Interaction& i = *r->mutable_interaction();
        i.set_kind(relv1::INTERACTION_KIND_VISIT);
        i.mutable_occur_time()->set_seconds(absl::ToUnixSeconds(absl::Now() - absl::Hours(1)));
        i.add_participants("财务总监 王某");
        i.set_summary("走访企业，了解经营情况");
        i.set_outcome("同意提供季度报表");
        i.set_next_steps("下月再访");
        r->set_request_id(absl::StrCat("hostile-interaction-", Serial()));
        return r;
      },
      {"interaction.summary", "interaction.outcome", "interaction.next_steps",
       "interaction.participants[0]"},
      [&](const std::string& response) -> absl::StatusOr<std::unique_ptr<Message>> {
        const std::string name = NameIn(response, relv1::Interaction::default_instance());
        relv1::ListInteractionsRequest list;
        list.set_parent(customer.name());
        list.set_page_size(1000);
        ASSIGN_OR_RETURN(
            relv1::ListInteractionsResponse all,
            testing::CallWithToken(*relationship,
                                   &relv1::RelationshipService::Stub::ListInteractions, rm, list));
        for (const relv1::Interaction& i : all.interactions()) {
          if (i.name() == name) {
            return std::unique_ptr<Message>(new relv1::Interaction(i));
          }
        }
        return absl::NotFoundError(name);
      }});
  baselines.push_back(
      Baseline{"/ccrm.relationship.v1.RelationshipService/CreateServiceRequest",
               roles::kRelationshipManager,
               [&] {
                 auto r = std::make_unique<relv1::CreateServiceRequestRequest>();
                 r->set_parent(customer.name());
                 relv1::ServiceRequest& s = *r->mutable_service_request();
                 s.set_type(relv1::SERVICE_REQUEST_TYPE_INQUIRY);
                 s.set_priority(relv1::PRIORITY_MEDIUM);
                 s.set_subject("询问授信续期材料");
                 s.set_description("客户询问续期需要准备哪些材料");
                 r->set_request_id(absl::StrCat("hostile-sr-", Serial()));
                 return r;
               },
               {"service_request.subject", "service_request.description"},
               [&](const std::string& response) {
                 relv1::GetServiceRequestRequest get;
                 get.set_name(NameIn(response, relv1::ServiceRequest::default_instance()));
                 return wrap(testing::CallWithToken(
                     *relationship, &relv1::RelationshipService::Stub::GetServiceRequest, rm, get));
               }});
  baselines.push_back(Baseline{"/ccrm.risk.v1.RiskWarning/CreateExposure",
                               roles::kRiskOfficer,
                               [&] { return std::unique_ptr<Message>(make_exposure().release()); },
                               {"exposure.purpose", "exposure.use_of_funds_plan[0].payee"},
                               [&](const std::string& response) {
                                 riskv1::GetExposureRequest get;
                                 get.set_name(
                                     NameIn(response, riskv1::Exposure::default_instance()));
                                 return wrap(testing::CallWithToken(
                                     *risk, &riskv1::RiskWarning::Stub::GetExposure, officer, get));
                               }});
  baselines.push_back(Baseline{
      "/ccrm.risk.v1.RiskWarning/RecordObservation",
      roles::kRiskOfficer,
      [&] {
        auto r = std::make_unique<riskv1::RecordObservationRequest>();
        r->set_parent(exposure.name());
        r->set_request_id(absl::StrCat("hostile-usage-", Serial()));
        riskv1::FundUsage& u = *r->mutable_observation()->mutable_fund_usage();
        *u.mutable_paid_date() = customer::itest::Day(2025, 2, 10);
        u.set_category("construction");
        u.set_payee("福建建工集团");
        *u.mutable_amount() = Cny(100'000);
        return r;
      },
      // The category is compared with the plan's: an unknown one is funds used off-plan (an
      // alert), not a malformed request.
      {"observation.fund_usage.category", "observation.fund_usage.payee"},
      [&](const std::string& response) -> absl::StatusOr<std::unique_ptr<Message>> {
        const std::string name = NameIn(
            response, riskv1::RecordObservationResponse::default_instance(), "observation.name");
        riskv1::ListObservationsRequest list;
        list.set_parent(exposure.name());
        list.set_page_size(1000);
        ASSIGN_OR_RETURN(riskv1::ListObservationsResponse all,
                         testing::CallWithToken(*risk, &riskv1::RiskWarning::Stub::ListObservations,
                                                officer, list));
        for (const riskv1::Observation& o : all.observations()) {
          if (o.name() == name) {
            return std::unique_ptr<Message>(new riskv1::Observation(o));
          }
        }
        return absl::NotFoundError(name);
      }});
  // Design question, not changed: the category is free text to the API but an ASCII column.
  baselines.back().ascii_only = {"observation.fund_usage.category"};
  std::map<std::string, const Baseline*> baseline_of;
  for (const Baseline& b : baselines) {
    baseline_of[b.path] = &b;
  }

  // ---- the catalogue ----
  const Tokens tokens = MakeTokens(e, jwt_key);
  const std::vector<HostileValue> strings = HostileStrings(long_run);
  std::vector<Case> refused;
  std::vector<Case> accepted_writes;  // sent after the refused cases: they may write
  std::map<const Rpc*, int> cases_per_rpc;
  auto bearer = [](const std::string& token) { return absl::StrCat("Bearer ", token); };
  for (const std::unique_ptr<Rpc>& rpc_ptr : rpcs) {
    const Rpc& rpc = *rpc_ptr;
    const std::vector<std::string> allowed = rpc.permissions->RolesFor(rpc.path);
    if (allowed.empty()) {
      continue;  // reported above
    }
    const std::string allowed_role =
        std::find(allowed.begin(), allowed.end(), roles::kAdmin) != allowed.end() ? roles::kAdmin
                                                                                  : allowed[0];
    const std::string allowed_token = bearer(e.TokenFor(allowed_role));
    auto add = [&](std::vector<Case>& to, std::string label, std::string kind,
                   std::string authorization, std::string wire, std::string hostile,
                   Expectation expected, bool isolated = false) {
      to.push_back(Case{&rpc, std::move(label), std::move(kind), std::move(authorization),
                        std::move(wire), std::move(hostile), std::move(expected), isolated});
      ++cases_per_rpc[&rpc];
    };
    // Auth: the body is the empty request, valid or not; the token is decided first.
    const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> auth = {
        {"no_token", {"", "TOKEN_MISSING"}},
        {"basic_scheme", {"Basic aXQ6aG9zdGlsZQ==", "TOKEN_MISSING"}},
        {"empty_bearer", {"Bearer ", "TOKEN_MISSING"}},
        {"forged", {bearer(tokens.forged), kReasonTokenSignatureInvalid}},
        {"alg_none", {bearer(tokens.alg_none), kReasonTokenSignatureInvalid}},
        {"expired", {bearer(tokens.expired), kReasonTokenExpired}},
        {"other_audience", {bearer(tokens.other_audience), kReasonTokenAudienceMismatch}},
        {"other_issuer", {bearer(tokens.other_issuer), kReasonTokenIssuerMismatch}},
        {"garbage", {"Bearer not-a-jwt", kReasonTokenMalformed}},
        {"garbage_segments", {"Bearer a.b.c", kReasonTokenMalformed}},
    };
    for (const auto& [label, a] : auth) {
      add(refused, "auth/" + label, "auth", a.first, "", "",
          Exactly(grpc::StatusCode::UNAUTHENTICATED, a.second));
    }
    // Above gRPC's 8 KiB metadata limit: refused by the transport before any service code runs
    // (so kMaxTokenBytes in common/auth/jwt.h is a second line that the default server never
    // reaches).
    add(refused, "auth/oversized_bearer", "auth", bearer(std::string(20 * 1024, 'a')), "", "",
        Exactly(grpc::StatusCode::RESOURCE_EXHAUSTED), true);
    // Garbage just under that limit reaches the verifier; isolated too, as gRPC's accounting of
    // a connection's header table made neighbouring calls fail when it shared one.
    add(refused, "auth/long_garbage", "auth", bearer(std::string(7 * 1024, 'a')), "", "",
        Exactly(grpc::StatusCode::UNAUTHENTICATED, kReasonTokenMalformed), true);
    for (const std::string& role : kAllRoles) {
      if (std::find(allowed.begin(), allowed.end(), role) == allowed.end()) {
        add(refused, "auth/denied_role_" + role, "auth", bearer(e.TokenFor(role)), "", "",
            Exactly(grpc::StatusCode::PERMISSION_DENIED, "ROLE_NOT_PERMITTED"));
        break;
      }
    }
    add(refused, "auth/no_known_role", "auth", bearer(tokens.no_known_role), "", "",
        Exactly(grpc::StatusCode::PERMISSION_DENIED, "ROLE_NOT_PERMITTED"));

    // Size: above gRPC's 4 MiB receive limit.
    add(refused, "body/above_4mib", "oversized_message", allowed_token,
        UnknownFieldOfSize(kReceiveLimit + 1024), "", Exactly(grpc::StatusCode::RESOURCE_EXHAUSTED),
        true);

    // The empty request, then each field of it.
    const bool write_when_accepted = rpc.empty_is_valid && !rpc.read;
    std::unique_ptr<Message> empty(google::protobuf::MessageFactory::generated_factory()
                                       ->GetPrototype(rpc.method->input_type())
                                       ->New());
    add(write_when_accepted ? accepted_writes : refused, "body/empty", "empty", allowed_token, "",
        "",
        Exactly(rpc.empty_is_valid ? grpc::StatusCode::OK : grpc::StatusCode::INVALID_ARGUMENT));
    for (const FieldSlot& slot : RequestSlots(*rpc.method->input_type())) {
      std::vector<HostileValue> values = ValuesFor(slot, strings, long_run);
      if (slot.field->name() == "page_token" && rpc.method->name() != "ListCustomers") {
        HostileValue foreign;
        foreign.label = "foreign_page_token";
        foreign.kind = ValueKind::kPageToken;
        foreign.text = foreign_page_token;
        values.push_back(foreign);
      }
      for (const HostileValue& v : values) {
        absl::StatusOr<std::string> wire = WireWith(*empty, slot, v);
        ASSERT_OK(wire.status());
        Expectation x;
        if (v.kind == ValueKind::kMalformedUtf8) {
          x = Exactly(grpc::StatusCode::INVALID_ARGUMENT, "REQUEST_MALFORMED");
        } else if (v.kind == ValueKind::kPageToken ||
                   (v.kind == ValueKind::kPageSize && v.integer < 0)) {
          x = Exactly(grpc::StatusCode::INVALID_ARGUMENT);
        } else if (!rpc.empty_is_valid) {
          x = Exactly(grpc::StatusCode::INVALID_ARGUMENT);
        } else if (v.kind == ValueKind::kEnumUnknown) {
          x = Exactly(grpc::StatusCode::INVALID_ARGUMENT, "", slot.path);
        } else if (v.kind == ValueKind::kEnumUnspecified || v.kind == ValueKind::kPageSize) {
          x = Exactly(grpc::StatusCode::OK);
        } else {
          x = Expectation{{grpc::StatusCode::OK, grpc::StatusCode::INVALID_ARGUMENT}, "", ""};
          if (!rpc.read) {
            // A portfolio job whose filter names nothing usable (a model family without an
            // active version) is refused as FAILED_PRECONDITION / NO_ACTIVE_MODEL.
            x.codes.insert(grpc::StatusCode::FAILED_PRECONDITION);
          }
        }
        const bool may_write = write_when_accepted && x.codes.count(grpc::StatusCode::OK) > 0;
        add(may_write ? accepted_writes : refused, absl::StrCat("body/", slot.path, "/", v.label),
            ValueKindName(v.kind), allowed_token, *std::move(wire),
            v.kind == ValueKind::kFieldMask ? "" : v.text, x);
      }
    }

    // Hostile variants of a valid request: each filled field, one at a time.
    auto b = baseline_of.find(rpc.path);
    if (b == baseline_of.end()) {
      continue;
    }
    const Baseline& baseline = *b->second;
    const std::string baseline_token = bearer(e.TokenFor(baseline.role));
    std::unique_ptr<Message> valid = baseline.make();
    for (const FieldSlot& slot : RequestSlots(*rpc.method->input_type())) {
      if (!SlotIsSet(*valid, slot)) {
        continue;
      }
      const bool free_text = std::find(baseline.free_text.begin(), baseline.free_text.end(),
                                       slot.path) != baseline.free_text.end();
      const bool resource_name = slot.field->name() == "parent" || slot.field->name() == "name" ||
                                 slot.field->name() == "customer";
      for (const HostileValue& v : ValuesFor(slot, strings, long_run)) {
        const ValueKind k = v.kind;
        if (k == ValueKind::kNumberExtreme &&
            !(slot.field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE &&
              !std::isfinite(v.real))) {
          continue;  // finite numbers: whether they are valid depends on the field
        }
        if (free_text && (k == ValueKind::kInjection || k == ValueKind::kControl ||
                          k == ValueKind::kResourceAbuse)) {
          continue;  // valid free text: the write phase
        }
        if (IsPlainIdentifier(v.text) && k != ValueKind::kMoneyMalformed) {
          continue;  // "_", "0x27…": valid identifiers (request ids, facility ids, categories)
        }
        std::unique_ptr<Message> request = baseline.make();
        absl::StatusOr<std::string> wire = WireWith(*request, slot, v);
        ASSERT_OK(wire.status());
        Expectation x = k == ValueKind::kMalformedUtf8
                            ? Exactly(grpc::StatusCode::INVALID_ARGUMENT, "REQUEST_MALFORMED")
                            : Exactly(grpc::StatusCode::INVALID_ARGUMENT, "", slot.path);
        if (resource_name && k != ValueKind::kMalformedUtf8) {
          x.codes.insert(grpc::StatusCode::NOT_FOUND);
        }
        add(refused, absl::StrCat("valid+", slot.path, "/", v.label), ValueKindName(k),
            baseline_token, *std::move(wire), v.text, x);
      }
    }
  }
  for (const std::unique_ptr<Rpc>& rpc : rpcs) {
    EXPECT_GT(cases_per_rpc[rpc.get()], 0) << rpc->path << " has no hostile case";
  }

  // ---- the refused phase, between two snapshots ----
  std::vector<std::string> schemas = {e.customer_profile().db().database(),
                                      e.rating_db().database(), e.relationship_db().database(),
                                      e.risk_db().database()};
  for (const std::string& s : schemas) {
    ASSERT_FALSE(s.empty()) << "a service's database is unknown";
  }
  mysql::ConnectionPool& admin = e.customer_profile().db().admin_pool();
  // Let the event consumers catch up with the seed data: the snapshots compare quiet schemas.
  std::map<std::string, std::string> before;
  ASSERT_TRUE(risk::itest::Eventually(
      [&] {
        absl::StatusOr<std::map<std::string, std::string>> a = Snapshot(admin, schemas);
        absl::SleepFor(absl::Seconds(2));
        absl::StatusOr<std::map<std::string, std::string>> b = Snapshot(admin, schemas);
        if (a.ok() && b.ok() && *a == *b) {
          before = *b;
          return true;
        }
        return false;
      },
      absl::Seconds(60)))
      << "the schemas do not settle";
  std::vector<std::string> table_names;
  for (const auto& [qualified, value] : before) {
    const std::string table = qualified.substr(qualified.find('.') + 1);
    // Multi-word names only: "customers" is also a resource collection an answer may name.
    if (absl::StrContains(table, "_")) {
      table_names.push_back(table);
    }
  }
  const absl::Time refused_start = absl::Now();
  const std::vector<Result> refused_results = RunAll(refused, table_names, 8);
  const absl::Duration refused_time = absl::Now() - refused_start;
  absl::SleepFor(absl::Seconds(2));
  ASSERT_OK_AND_ASSIGN(auto after, Snapshot(admin, schemas));
  const std::vector<std::string> written = Differences(before, after);
  EXPECT_TRUE(written.empty()) << "refused requests changed: " << absl::StrJoin(written, "; ");

  // ---- the write phase: valid requests, free text holding hostile-but-valid text ----
  std::vector<Result> accepted_results = RunAll(accepted_writes, table_names, 4);
  struct ReadBackCase {
    std::string label;
    std::string problem;
    grpc::StatusCode code = grpc::StatusCode::OK;
  };
  std::vector<ReadBackCase> read_backs;
  for (const Baseline& baseline : baselines) {
    const Rpc* rpc = nullptr;
    for (const std::unique_ptr<Rpc>& r : rpcs) {
      if (r->path == baseline.path) {
        rpc = r.get();
      }
    }
    ASSERT_NE(rpc, nullptr) << baseline.path;
    std::vector<std::pair<std::string, const HostileValue*>> variants = {{"", nullptr}};
    for (const std::string& path : baseline.free_text) {
      for (const HostileValue& v : strings) {
        if (v.kind == ValueKind::kInjection || v.kind == ValueKind::kControl ||
            v.kind == ValueKind::kResourceAbuse) {
          if (v.text.size() <= 1000) {
            variants.push_back({path, &v});
          }
        }
      }
    }
    for (const auto& [path, hostile] : variants) {
      std::unique_ptr<Message> request = baseline.make();
      FieldSlot slot;
      // Values shorter than 3 bytes get a prefix: names and titles have minimum lengths.
      std::optional<HostileValue> padded;
      if (hostile != nullptr) {
        padded = *hostile;
        if (padded->text.size() < 3) {
          padded->text = "名称" + padded->text;
        }
        for (const FieldSlot& s : RequestSlots(*rpc->method->input_type())) {
          if (s.path == path) {
            slot = s;
          }
        }
        SetSlot(*request, slot, *padded);
      }
      const HostileValue* value = padded.has_value() ? &*padded : nullptr;
      const bool refused_as_non_ascii =
          value != nullptr && baseline.ascii_only.count(path) > 0 &&
          std::any_of(value->text.begin(), value->text.end(),
                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
      ReadBackCase rb;
      rb.label = absl::StrCat(rpc->method->name(), " valid",
                              value == nullptr ? "" : absl::StrCat("+", path, "/", value->label));
      const Outcome out =
          Send(*rpc, bearer(e.TokenFor(baseline.role)), request->SerializeAsString());
      rb.code = out.code;
      if (refused_as_non_ascii) {
        if (out.code != grpc::StatusCode::INVALID_ARGUMENT) {
          rb.problem = absl::StrCat("non-ASCII text in an ASCII column: got ", CodeText(out.code),
                                    " \"", out.message.substr(0, 200), "\"");
        }
      } else if (out.code != grpc::StatusCode::OK) {
        rb.problem = absl::StrCat("got ", CodeText(out.code), " \"", out.message.substr(0, 200),
                                  "\" violations [", absl::StrJoin(ViolationsOf(out), ","), "]");
      } else if (value != nullptr) {
        absl::StatusOr<std::unique_ptr<Message>> stored = baseline.read_back(out.response);
        if (!stored.ok()) {
          rb.problem = absl::StrCat("read back: ", stored.status().ToString());
        } else {
          const std::string resource_path = path.substr(path.find('.') + 1);
          const std::string got = StringAt(**stored, resource_path);
          if (got != value->text) {
            rb.problem =
                absl::StrCat("stored \"", absl::CHexEscape(got.substr(0, 80)), "\" instead of \"",
                             absl::CHexEscape(value->text.substr(0, 80)), "\"");
          }
        }
      }
      read_backs.push_back(std::move(rb));
    }
  }

  // ---- verdicts and the report ----
  std::vector<std::string> mismatches;
  struct ServiceFigures {
    std::set<std::string> rpcs;
    int sent = 0;
    int handled = 0;
    std::map<std::string, int> codes;
  };
  std::map<std::string, ServiceFigures> per_service;
  std::map<std::string, std::pair<int, int>> per_kind;  // sent, handled
  auto tally = [&](const std::vector<Case>& cases, const std::vector<Result>& results) {
    for (size_t i = 0; i < cases.size(); ++i) {
      const Case& c = cases[i];
      const Result& r = results[i];
      ServiceFigures& f = per_service[c.rpc->service];
      f.rpcs.insert(c.rpc->path);
      ++f.sent;
      ++f.codes[CodeText(r.outcome.code)];
      ++per_kind[c.kind].first;
      if (r.problem.empty()) {
        ++f.handled;
        ++per_kind[c.kind].second;
      } else {
        std::vector<std::string> want;
        for (grpc::StatusCode code : c.expected.codes) {
          want.push_back(CodeText(code));
        }
        mismatches.push_back(absl::StrCat(
            c.rpc->method->name(), " | ", c.label, " | want ", absl::StrJoin(want, "/"),
            c.expected.reason.empty() ? "" : "/" + c.expected.reason, " | got ",
            CodeText(r.outcome.code), "/", ReasonOf(r.outcome), " | ", r.problem, " | \"",
            absl::CHexEscape(r.outcome.message.substr(0, 120)), "\""));
      }
    }
  };
  tally(refused, refused_results);
  tally(accepted_writes, accepted_results);
  int read_back_ok = 0;
  for (const ReadBackCase& rb : read_backs) {
    ServiceFigures& f = per_service["write phase (valid requests, read back)"];
    ++f.sent;
    ++f.codes[CodeText(rb.code)];
    if (rb.problem.empty()) {
      ++f.handled;
      ++read_back_ok;
    } else {
      mismatches.push_back(absl::StrCat(rb.label, " | ", rb.problem));
    }
  }

  int sent = 0;
  int handled = 0;
  reliability::ReliabilityReport report("hostile_input", "Hostile input");
  reliability::ReliabilityTable& services_table = report.AddTable(
      "Per service", {"service", "RPCs", "cases sent", "answered as expected", "codes seen"});
  for (const auto& [service, f] : per_service) {
    std::vector<std::string> codes;
    for (const auto& [code, n] : f.codes) {
      codes.push_back(absl::StrCat(code, " ", n));
    }
    services_table.AddRow({service, absl::StrCat(f.rpcs.size()), absl::StrCat(f.sent),
                           absl::StrCat(f.handled), absl::StrJoin(codes, ", ")});
    sent += f.sent;
    handled += f.handled;
  }
  reliability::ReliabilityTable& kinds_table =
      report.AddTable("Per case kind", {"kind", "cases sent", "answered as expected"});
  for (const auto& [kind, n] : per_kind) {
    kinds_table.AddRow({kind, absl::StrCat(n.first), absl::StrCat(n.second)});
  }
  report.AddFigure("RPCs covered (unary and streaming)", absl::StrCat(rpcs.size()));
  report.AddFigure("hostile cases sent", absl::StrCat(sent));
  report.AddFigure("answered as expected", absl::StrCat(handled));
  report.AddFigure("valid writes with hostile free text read back byte-for-byte",
                   absl::StrCat(read_back_ok, " of ", read_backs.size()));
  report.AddFigure("tables changed by refused requests", absl::StrCat(written.size()));
  report.AddFigure("refused phase wall time",
                   absl::StrCat(absl::ToInt64Milliseconds(refused_time), " ms"));
  report.AddNote(
      "A request that is not a valid message (a proto3 string that is not UTF-8) is answered "
      "INVALID_ARGUMENT / REQUEST_MALFORMED by the server interceptor; gRPC's callback handlers "
      "alone answer UNIMPLEMENTED with an empty message.");
  for (const std::string& m : mismatches) {
    report.AddNote(absl::StrCat("mismatch: ", m));
  }
  report.AddTotal(reliability::kHostileInputs, sent);
  report.AddTotal(reliability::kHostileHandled, handled);
  EXPECT_OK(report.Write());

  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " of " << sent
                                  << " hostile cases answered otherwise than expected:\n"
                                  << absl::StrJoin(mismatches, "\n");
}

}  // namespace
}  // namespace ccrm::hostile
