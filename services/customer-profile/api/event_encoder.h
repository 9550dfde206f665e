// The customer-profile outbox events as ccrm.customer.v1 payload messages. The repositories call
// the encoder inside their write transactions; the event type is the payload's full message name
// and the subject the resource the event is about.
//
// Payloads never carry personal identifiers in clear: the Customer copied into CustomerCreated
// and CustomerUpdated has legal_representative_id_number, contact_phone and
// settlement_account_number emptied. Consumers that need them call GetCustomer with the
// unmasked view, which is permission-checked and audited.
//
// Example:
//   ProtoEventEncoder encoder;  // handed to the repositories as their EventEncoder
//   events::OutboxEvent e = encoder.CustomerCreated(customer, write);
//   // e.event_type == "ccrm.customer.v1.CustomerCreated", e.subject == "customers/{id}"
#pragma once

#include <string>
#include <vector>

#include "ccrm/customer/v1/customer_profile.pb.h"
#include "common/events/outbox.h"
#include "services/customer-profile/domain/customer.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

// Stateless; safe to share between threads. Every event gets event_id = a new UUIDv7 at
// write.now, occur_time = write.now and request_id = write.request_id. None of the methods fails.
class ProtoEventEncoder final : public EventEncoder {
 public:
  // Subject "customers/{id}"; payload v1::CustomerCreated.
  events::OutboxEvent CustomerCreated(const Customer& customer,
                                      const WriteContext& write) const override;
  // Subject "customers/{id}"; payload v1::CustomerUpdated with `changed_fields`.
  events::OutboxEvent CustomerUpdated(const Customer& customer,
                                      const std::vector<std::string>& changed_fields,
                                      const WriteContext& write) const override;
  // Subject "customers/{id}/financialStatements/{statement_id}"; payload
  // v1::FinancialStatementSubmitted (the period, not the amounts).
  events::OutboxEvent FinancialStatementSubmitted(const FinancialStatement& statement,
                                                  const WriteContext& write) const override;
  // Subject "customers/{id}/relatedParties/{related_party_id}"; payload v1::RelatedPartyChanged.
  events::OutboxEvent RelatedPartyChanged(const RelatedParty& party, bool removed,
                                          const WriteContext& write) const override;
};

// The Customer as it appears in event payloads: ToProto with the personal identifiers emptied.
void ToEventProto(const Customer& customer, v1::Customer* out);

}  // namespace ccrm::customer
