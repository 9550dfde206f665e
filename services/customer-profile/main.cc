// customer-profile: config → database → repositories → domain → gRPC handlers → RunServer.
#include <memory>

#include "absl/status/status.h"
#include "common/config/flags.h"
#include "common/config/service_config.h"
#include "common/events/event_feed_service.h"
#include "common/events/outbox_reader.h"
#include "common/logging/logging.h"
#include "common/metrics/metrics.h"
#include "common/server/bootstrap.h"
#include "common/server/server_runner.h"
#include "common/time/clock.h"
#include "services/customer-profile/api/customer_profile_service.h"
#include "services/customer-profile/api/event_encoder.h"
#include "services/customer-profile/api/permissions.h"
#include "services/customer-profile/domain/classification.h"
#include "services/customer-profile/storage/mysql_contact_repository.h"
#include "services/customer-profile/storage/mysql_customer_repository.h"
#include "services/customer-profile/storage/mysql_project_repository.h"
#include "services/customer-profile/storage/mysql_related_party_repository.h"
#include "services/customer-profile/storage/mysql_statement_repository.h"

namespace ccrm::customer {
namespace {

constexpr char kServiceName[] = "customer-profile";

struct CustomerProfileConfig {
  ServerConfig server;
  MySqlConfig mysql;
  AuthConfig auth;
  FieldEncryptionConfig encryption;
  absl::Duration database_wait = absl::Seconds(30);
  absl::Duration event_gap_grace = absl::Seconds(10);

  CustomerProfileConfig() {
    server.listen = "127.0.0.1:50051";
    server.metrics_listen = "127.0.0.1:9151";
    mysql.database = "ccrm_customer";
  }

  void Bind(FlagSet& flags) {
    server.Bind(flags);
    mysql.Bind(flags);
    auth.Bind(flags);
    encryption.Bind(flags);
    flags.Add("database_wait", &database_wait, "how long start-up waits for the database");
    flags.Add("event_gap_grace", &event_gap_grace,
              "how long the event feed waits at a gap in outbox sequences");
  }

  absl::Status Validate() const {
    if (mysql.migrate_only) {
      return mysql.Validate();
    }
    for (const absl::Status& s :
         {server.Validate(), mysql.Validate(), auth.Validate(), encryption.Validate()}) {
      if (!s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }
};

int Run(int argc, char** argv) {
  BlockTerminationSignals();
  CustomerProfileConfig config;
  FlagSet flags(kServiceName);
  config.Bind(flags);
  ParseFlagsOrExit(flags, argc, argv, [&config] { return config.Validate(); });
  const Clock* clock = &SystemClock::Get();
  ServiceBasics basics = StartServiceBasics(kServiceName, config.server, config.mysql, config.auth,
                                            config.database_wait, clock);
  if (config.mysql.migrate_only) {
    return 0;
  }
  absl::StatusOr<FieldCipher> cipher = FieldCipherFromConfig(config.encryption);
  if (!cipher.ok()) {
    ExitOnError(cipher.status(), "field encryption keys");
  }

  MetricsRegistry metrics;
  ExportPoolMetrics(basics.pool.get(), metrics);
  const PermissionTable permissions = CustomerProfilePermissions();

  ProtoEventEncoder encoder;
  MySqlCustomerRepository customer_repository(basics.pool.get(), &*cipher, &encoder);
  MySqlContactRepository contact_repository(basics.pool.get(), &*cipher);
  MySqlRelatedPartyRepository related_party_repository(basics.pool.get(), &encoder);
  MySqlProjectRepository project_repository(basics.pool.get());
  MySqlStatementRepository statement_repository(basics.pool.get(), &encoder);

  CustomerService customers(&customer_repository, clock, ClassificationRules::Default());
  ContactService contacts(&contact_repository, &customer_repository, clock);
  RelatedPartyService related_parties(&related_party_repository, clock);
  ProjectService projects(&project_repository, clock);
  StatementService statements(&statement_repository, clock);

  ServerRunner runner(config.server,
                      ServerDeps{basics.verifier.get(), &permissions, &metrics, clock});
  CustomerProfileService service(
      &runner.unary_runner(),
      CustomerProfileDomain{&customers, &contacts, &related_parties, &projects, &statements});
  events::OutboxReader outbox(basics.pool.get(), config.event_gap_grace);
  events::EventFeedService feed(kServiceName, &outbox, &runner.worker_pool(),
                                &runner.call_registry());
  runner.AddService(&service);
  runner.AddService(&feed);
  if (absl::Status s = runner.Start(); !s.ok()) {
    ExitOnError(s, "server");
  }
  runner.WaitForTerminationSignal();
  return 0;
}

}  // namespace
}  // namespace ccrm::customer

int main(int argc, char** argv) { return ccrm::customer::Run(argc, argv); }
