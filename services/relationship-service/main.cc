// relationship-service: config → database → repositories → customer-profile client → domain →
// gRPC handlers, event feed, consumers of customer-profile's and risk-warning's events, the SLA
// and missed-engagement sweeps → RunServer.
#include <memory>

#include "absl/status/status.h"
#include "ccrm/common/v1/events.grpc.pb.h"
#include "ccrm/customer/v1/customer_profile.grpc.pb.h"
#include "common/auth/token_file.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "common/events/event_consumer.h"
#include "common/events/event_feed_service.h"
#include "common/events/outbox_reader.h"
#include "common/logging/logging.h"
#include "common/metrics/metrics.h"
#include "common/server/bootstrap.h"
#include "common/server/periodic_worker.h"
#include "common/server/server_runner.h"
#include "common/time/clock.h"
#include "services/relationship-service/api/alert_events.h"
#include "services/relationship-service/api/customer_events.h"
#include "services/relationship-service/api/event_encoder.h"
#include "services/relationship-service/api/permissions.h"
#include "services/relationship-service/api/relationship_service.h"
#include "services/relationship-service/clients/customer_profile_client.h"
#include "services/relationship-service/storage/mysql_engagement_repository.h"
#include "services/relationship-service/storage/mysql_interaction_repository.h"
#include "services/relationship-service/storage/mysql_manager_repository.h"
#include "services/relationship-service/storage/mysql_satisfaction_repository.h"
#include "services/relationship-service/storage/mysql_service_request_repository.h"
#include "services/relationship-service/storage/mysql_task_repository.h"

namespace ccrm::relationship {
namespace {

constexpr char kServiceName[] = "relationship-service";

struct RelationshipConfig {
  ServerConfig server;
  MySqlConfig mysql;
  AuthConfig auth;
  PeerConfig customer_profile{"customer_profile", "127.0.0.1:50051"};
  PeerConfig risk_warning{"risk_warning", "127.0.0.1:50054"};
  std::string service_token_file;
  bool consume_customer_events = true;
  bool consume_alert_events = true;
  absl::Duration sweep_interval = absl::Seconds(30);
  int sweep_batch = 500;
  absl::Duration database_wait = absl::Seconds(30);
  absl::Duration event_gap_grace = absl::Seconds(10);

  RelationshipConfig() {
    server.listen = "127.0.0.1:50053";
    server.metrics_listen = "127.0.0.1:9153";
    mysql.database = "ccrm_relationship";
  }

  void Bind(FlagSet& flags) {
    server.Bind(flags);
    mysql.Bind(flags);
    auth.Bind(flags);
    customer_profile.Bind(flags);
    risk_warning.Bind(flags);
    flags.Add("service_token_file", &service_token_file,
              "this service's own bearer token, for the event streams (kept fresh outside)");
    flags.Add("consume_customer_events", &consume_customer_events,
              "follow customer-profile's events (new customers get an engagement plan)");
    flags.Add("consume_alert_events", &consume_alert_events,
              "follow risk-warning's events (alerts become follow-up tasks)");
    flags.Add("sweep_interval", &sweep_interval,
              "how often the SLA-escalation and missed-engagement sweeps run");
    flags.Add("sweep_batch", &sweep_batch, "most rows one sweep changes");
    flags.Add("database_wait", &database_wait, "how long start-up waits for the database");
    flags.Add("event_gap_grace", &event_gap_grace,
              "how long the event feed waits at a gap in outbox sequences");
  }

  absl::Status Validate() const {
    if (mysql.migrate_only) {
      return mysql.Validate();
    }
    for (const absl::Status& s : {server.Validate(), mysql.Validate(), auth.Validate(),
                                  customer_profile.Validate(), risk_warning.Validate()}) {
      if (!s.ok()) {
        return s;
      }
    }
    if (service_token_file.empty()) {
      return absl::InvalidArgumentError("--service_token_file is required");
    }
    if (sweep_interval < absl::Seconds(1) || sweep_batch < 1 || sweep_batch > 10000) {
      return absl::InvalidArgumentError(
          "--sweep_interval must be at least 1s and --sweep_batch 1..10000");
    }
    return absl::OkStatus();
  }
};

int Run(int argc, char** argv) {
  BlockTerminationSignals();
  RelationshipConfig config;
  FlagSet flags(kServiceName);
  config.Bind(flags);
  ParseFlagsOrExit(flags, argc, argv, [&config] { return config.Validate(); });
  const Clock* clock = &SystemClock::Get();
  ServiceBasics basics = StartServiceBasics(kServiceName, config.server, config.mysql, config.auth,
                                            config.database_wait, clock);
  if (config.mysql.migrate_only) {
    return 0;
  }
  const std::shared_ptr<grpc::Channel> customer_channel =
      PeerChannelOrExit(config.customer_profile, "customer-profile");
  const std::shared_ptr<grpc::Channel> risk_channel =
      PeerChannelOrExit(config.risk_warning, "risk-warning");
  TokenFile service_token(config.service_token_file, clock);

  MetricsRegistry metrics;
  ExportPoolMetrics(basics.pool.get(), metrics);
  const PermissionTable permissions = RelationshipPermissions();

  ProtoRelationshipEventEncoder encoder;
  MySqlManagerRepository manager_repository(basics.pool.get());
  MySqlInteractionRepository interaction_repository(basics.pool.get());
  MySqlTaskRepository task_repository(basics.pool.get());
  MySqlEngagementRepository engagement_repository(basics.pool.get());
  MySqlServiceRequestRepository service_request_repository(basics.pool.get());
  MySqlSurveyRepository survey_repository(basics.pool.get());
  MySqlContributionRepository contribution_repository(basics.pool.get());
  auto customer_stub = customer::v1::CustomerProfile::NewStub(customer_channel);
  CustomerProfileClient directory(customer_stub.get(), clock, config.customer_profile.timeout);

  ManagerService managers(&manager_repository, &directory, clock);
  InteractionService interactions(&interaction_repository, &manager_repository, &directory, clock);
  EngagementService engagements(&engagement_repository, &manager_repository, &directory, &encoder,
                                clock);
  ServiceRequestService service_requests(&service_request_repository, &manager_repository,
                                         &directory, &encoder, clock);
  SatisfactionService satisfaction(&survey_repository, &contribution_repository,
                                   &manager_repository, &directory, &encoder, clock);
  TaskService tasks(&task_repository, &manager_repository, clock);

  ServerRunner runner(config.server,
                      ServerDeps{basics.verifier.get(), &permissions, &metrics, clock});
  RelationshipService service(&runner.unary_runner(),
                              RelationshipDomain{&managers, &interactions, &engagements,
                                                 &service_requests, &satisfaction, &tasks, clock});
  events::OutboxReader outbox(basics.pool.get(), config.event_gap_grace);
  events::EventFeedService feed(kServiceName, &outbox, &runner.worker_pool(),
                                &runner.call_registry());
  runner.AddService(&service);
  runner.AddService(&feed);

  auto authorization = [&service_token] { return service_token.Authorization(); };
  auto customer_feed_stub = ccrm::common::v1::EventFeed::NewStub(customer_channel);
  events::EventConsumerOptions customer_options;
  customer_options.producer = "customer-profile";
  customer_options.event_types = CustomerEventTypes();
  customer_options.authorization = authorization;
  events::EventConsumer customer_events(
      customer_options, customer_feed_stub.get(), basics.pool.get(), clock,
      [&engagements](const ccrm::common::v1::Event& event, mysql::Session& session) {
        return ApplyCustomerEvent(engagements.Templates(), event, session);
      });
  auto risk_feed_stub = ccrm::common::v1::EventFeed::NewStub(risk_channel);
  events::EventConsumerOptions alert_options;
  alert_options.producer = "risk-warning";
  alert_options.event_types = AlertEventTypes();
  alert_options.authorization = authorization;
  events::EventConsumer alert_events(alert_options, risk_feed_stub.get(), basics.pool.get(), clock,
                                     ApplyAlertEvent);

  PeriodicWorker sla_sweep("sla-escalation", config.sweep_interval, [&] {
    return service_requests.EscalateDue(config.sweep_batch).status();
  });
  PeriodicWorker engagement_sweep("missed-engagements", config.sweep_interval, [&] {
    return engagements.SweepMissed(config.sweep_batch).status();
  });

  if (absl::Status s = runner.Start(); !s.ok()) {
    ExitOnError(s, "server");
  }
  if (config.consume_customer_events) {
    customer_events.Start();
  }
  if (config.consume_alert_events) {
    alert_events.Start();
  }
  sla_sweep.Start();
  engagement_sweep.Start();
  runner.WaitForTerminationSignal();
  engagement_sweep.Stop();
  sla_sweep.Stop();
  alert_events.Stop();
  customer_events.Stop();
  return 0;
}

}  // namespace
}  // namespace ccrm::relationship

int main(int argc, char** argv) { return ccrm::relationship::Run(argc, argv); }
