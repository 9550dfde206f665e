// risk-warning: config → database → repositories → customer-profile client → domain → gRPC
// handlers, alert watch, event feed, consumers of credit-rating's and relationship-service's
// events, the escalation sweep and the portfolio scan → RunServer.
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
#include "services/risk-warning/api/alert_watch.h"
#include "services/risk-warning/api/event_encoder.h"
#include "services/risk-warning/api/permissions.h"
#include "services/risk-warning/api/risk_warning_service.h"
#include "services/risk-warning/api/signal_consumers.h"
#include "services/risk-warning/api/signal_events.h"
#include "services/risk-warning/clients/customer_profile_client.h"
#include "services/risk-warning/storage/mysql_risk_reader.h"
#include "services/risk-warning/storage/mysql_risk_store.h"
#include "services/risk-warning/storage/mysql_rule_repository.h"

namespace ccrm::risk {
namespace {

constexpr char kServiceName[] = "risk-warning";

struct RiskWarningConfig {
  ServerConfig server;
  MySqlConfig mysql;
  AuthConfig auth;
  PeerConfig customer_profile{"customer_profile", "127.0.0.1:50051"};
  PeerConfig credit_rating{"credit_rating", "127.0.0.1:50052"};
  PeerConfig relationship{"relationship", "127.0.0.1:50053"};
  std::string service_token_file;
  bool consume_rating_events = true;
  bool consume_relationship_events = true;
  absl::Duration sweep_interval = absl::Seconds(30);
  int sweep_batch = 500;
  absl::Duration scan_interval = absl::Hours(6);
  int scan_batch = 500;
  AcknowledgePolicy acknowledge;
  absl::Duration database_wait = absl::Seconds(30);
  absl::Duration event_gap_grace = absl::Seconds(10);

  RiskWarningConfig() {
    server.listen = "127.0.0.1:50054";
    server.metrics_listen = "127.0.0.1:9154";
    mysql.database = "ccrm_risk";
  }

  void Bind(FlagSet& flags) {
    server.Bind(flags);
    mysql.Bind(flags);
    auth.Bind(flags);
    customer_profile.Bind(flags);
    credit_rating.Bind(flags);
    relationship.Bind(flags);
    flags.Add("service_token_file", &service_token_file,
              "this service's own bearer token, for the event streams (kept fresh outside)");
    flags.Add("consume_rating_events", &consume_rating_events,
              "follow credit-rating's events (rating downgrades feed the indicators)");
    flags.Add("consume_relationship_events", &consume_relationship_events,
              "follow relationship-service's events (complaints, SLA breaches, satisfaction "
              "drops, missed engagements)");
    flags.Add("sweep_interval", &sweep_interval,
              "how often alerts not acknowledged in time are escalated");
    flags.Add("sweep_batch", &sweep_batch, "most alerts one escalation sweep changes");
    flags.Add("scan_interval", &scan_interval,
              "how often the whole portfolio is re-evaluated (days past due grow by the day)");
    flags.Add("scan_batch", &scan_batch, "customers read per batch by the portfolio scan");
    flags.Add("acknowledge_blue", &acknowledge.blue, "time to acknowledge a BLUE alert");
    flags.Add("acknowledge_yellow", &acknowledge.yellow, "time to acknowledge a YELLOW alert");
    flags.Add("acknowledge_orange", &acknowledge.orange, "time to acknowledge an ORANGE alert");
    flags.Add("acknowledge_red", &acknowledge.red, "time to acknowledge a RED alert");
    flags.Add("database_wait", &database_wait, "how long start-up waits for the database");
    flags.Add("event_gap_grace", &event_gap_grace,
              "how long the event feed waits at a gap in outbox sequences");
  }

  absl::Status Validate() const {
    if (mysql.migrate_only) {
      return mysql.Validate();
    }
    for (const absl::Status& s :
         {server.Validate(), mysql.Validate(), auth.Validate(), customer_profile.Validate(),
          credit_rating.Validate(), relationship.Validate()}) {
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
    if (scan_interval < absl::Seconds(10) || scan_batch < 1 || scan_batch > 5000) {
      return absl::InvalidArgumentError(
          "--scan_interval must be at least 10s and --scan_batch 1..5000");
    }
    for (absl::Duration d :
         {acknowledge.blue, acknowledge.yellow, acknowledge.orange, acknowledge.red}) {
      if (d < absl::Seconds(1)) {
        return absl::InvalidArgumentError("--acknowledge_* must be at least 1s");
      }
    }
    return absl::OkStatus();
  }
};

int Run(int argc, char** argv) {
  BlockTerminationSignals();
  RiskWarningConfig config;
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
  const std::shared_ptr<grpc::Channel> rating_channel =
      PeerChannelOrExit(config.credit_rating, "credit-rating");
  const std::shared_ptr<grpc::Channel> relationship_channel =
      PeerChannelOrExit(config.relationship, "relationship-service");
  TokenFile service_token(config.service_token_file, clock);

  MetricsRegistry metrics;
  ExportPoolMetrics(basics.pool.get(), metrics);
  const PermissionTable permissions = RiskWarningPermissions();

  ProtoRiskEventEncoder encoder;
  MySqlRiskStore store(basics.pool.get());
  MySqlRiskReader reader(basics.pool.get());
  MySqlRuleRepository rule_repository(basics.pool.get());
  auto customer_stub = customer::v1::CustomerProfile::NewStub(customer_channel);
  CustomerProfileClient directory(customer_stub.get(), clock, config.customer_profile.timeout);

  Evaluator evaluator(&rule_repository, &encoder, config.acknowledge);
  MonitoringService monitoring(&store, &reader, &directory, &evaluator, clock);
  ExposureService exposures(&store, &reader, &directory, &evaluator, &monitoring, clock);
  RuleService rules(&rule_repository, clock);
  AlertService alerts(&store, &reader, &evaluator, clock);
  ContingencyService plans(&store, &reader, clock);

  ServerRunner runner(config.server,
                      ServerDeps{basics.verifier.get(), &permissions, &metrics, clock});
  events::OutboxReader outbox(basics.pool.get(), config.event_gap_grace);
  AlertWatch watch(&outbox, &runner.worker_pool(), &runner.call_registry());
  RiskWarningService service(
      &runner.unary_runner(),
      RiskDomain{&exposures, &rules, &alerts, &monitoring, &plans, clock, config.scan_batch},
      &watch);
  events::EventFeedService feed(kServiceName, &outbox, &runner.worker_pool(),
                                &runner.call_registry());
  runner.AddService(&service);
  runner.AddService(&feed);

  auto authorization = [&service_token] { return service_token.Authorization(); };
  const events::EventHandler apply_signal = SignalHandler(&monitoring, clock);
  auto rating_feed_stub = ccrm::common::v1::EventFeed::NewStub(rating_channel);
  events::EventConsumerOptions rating_options;
  rating_options.producer = "credit-rating";
  rating_options.event_types = RatingEventTypes();
  rating_options.authorization = authorization;
  events::EventConsumer rating_events(rating_options, rating_feed_stub.get(), basics.pool.get(),
                                      clock, apply_signal);
  auto relationship_feed_stub = ccrm::common::v1::EventFeed::NewStub(relationship_channel);
  events::EventConsumerOptions relationship_options;
  relationship_options.producer = "relationship-service";
  relationship_options.event_types = RelationshipEventTypes();
  relationship_options.authorization = authorization;
  events::EventConsumer relationship_events(relationship_options, relationship_feed_stub.get(),
                                            basics.pool.get(), clock, apply_signal);

  PeriodicWorker escalation_sweep("alert-escalation", config.sweep_interval, [&] {
    return alerts.EscalateOverdue(config.sweep_batch).status();
  });
  PeriodicWorker portfolio_scan("portfolio-scan", config.scan_interval, [&] {
    return monitoring.ScanPortfolio(config.scan_batch).status();
  });

  if (absl::Status s = runner.Start(); !s.ok()) {
    ExitOnError(s, "server");
  }
  if (config.consume_rating_events) {
    rating_events.Start();
  }
  if (config.consume_relationship_events) {
    relationship_events.Start();
  }
  escalation_sweep.Start();
  portfolio_scan.Start();
  runner.WaitForTerminationSignal();
  portfolio_scan.Stop();
  escalation_sweep.Stop();
  relationship_events.Stop();
  rating_events.Stop();
  return 0;
}

}  // namespace
}  // namespace ccrm::risk

int main(int argc, char** argv) { return ccrm::risk::Run(argc, argv); }
