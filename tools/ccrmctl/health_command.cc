#include "tools/ccrmctl/health_command.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tools/ccrmctl/session.h"
#include "tools/ccrmctl/table.h"

namespace ccrm::ctl {
namespace {

namespace health = ::grpc::health::v1;

absl::Status RunHealth(const Invocation& invocation, Session& session) {
  health::HealthCheckRequest request;
  request.set_service(invocation.Flag("service"));
  auto stub = health::Health::NewStub(session.channel());
  ASSIGN_OR_RETURN(health::HealthCheckResponse response,
                   session.Call(*stub, &health::Health::Stub::Check, request));
  const std::string status = health::HealthCheckResponse::ServingStatus_Name(response.status());
  RETURN_IF_ERROR(session.output().Show(response, [&] {
    DetailList d;
    d.Add("address", invocation.global.address);
    d.Add("service", request.service().empty() ? "(server)" : request.service());
    d.Add("status", status);
    return d.Render();
  }));
  if (response.status() != health::HealthCheckResponse::SERVING) {
    return absl::UnavailableError(absl::StrCat(invocation.global.address, " is ", status));
  }
  return absl::OkStatus();
}

}  // namespace

void AddHealthCommand(CommandTable& table) {
  table.Add(CommandSpec("health", "", RunHealth)
                .Summary("Check that the address serves (grpc.health.v1)")
                .Flag("service", "NAME",
                      "one service, e.g. ccrm.risk.v1.RiskWarning (default: the server)"));
}

}  // namespace ccrm::ctl
