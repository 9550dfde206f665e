#include "services/customer-profile/api/event_encoder.h"

#include <utility>

#include "common/ids/uuid.h"
#include "services/customer-profile/api/proto_mapping.h"

namespace ccrm::customer {
namespace {

events::OutboxEvent MakeEvent(const google::protobuf::Message& payload, std::string subject,
                              const WriteContext& write) {
  events::OutboxEvent event;
  event.event_id = NewUuidV7(write.now);
  event.event_type = payload.GetDescriptor()->full_name();
  event.subject = std::move(subject);
  event.request_id = write.request_id;
  event.payload = payload.SerializeAsString();
  event.occur_time = write.now;
  return event;
}

}  // namespace

void ToEventProto(const Customer& customer, v1::Customer* out) {
  ToProto(customer, out);
  out->clear_legal_representative_id_number();
  out->clear_contact_phone();
  out->clear_settlement_account_number();
}

events::OutboxEvent ProtoEventEncoder::CustomerCreated(const Customer& customer,
                                                       const WriteContext& write) const {
  v1::CustomerCreated payload;
  ToEventProto(customer, payload.mutable_customer());
  return MakeEvent(payload, CustomerResourceName(customer.customer_id), write);
}

events::OutboxEvent ProtoEventEncoder::CustomerUpdated(
    const Customer& customer, const std::vector<std::string>& changed_fields,
    const WriteContext& write) const {
  v1::CustomerUpdated payload;
  ToEventProto(customer, payload.mutable_customer());
  for (const std::string& field : changed_fields) {
    payload.add_changed_fields(field);
  }
  return MakeEvent(payload, CustomerResourceName(customer.customer_id), write);
}

events::OutboxEvent ProtoEventEncoder::FinancialStatementSubmitted(
    const FinancialStatement& statement, const WriteContext& write) const {
  v1::FinancialStatementSubmitted payload;
  payload.set_customer_id(statement.customer_id);
  payload.set_statement_id(statement.statement_id);
  payload.set_period_type(ToProto(statement.period_type));
  payload.set_fiscal_year(statement.fiscal_year);
  payload.set_fiscal_quarter(statement.fiscal_quarter);
  return MakeEvent(payload,
                   FinancialStatementResourceName(statement.customer_id, statement.statement_id),
                   write);
}

events::OutboxEvent ProtoEventEncoder::RelatedPartyChanged(const RelatedParty& party, bool removed,
                                                           const WriteContext& write) const {
  v1::RelatedPartyChanged payload;
  payload.set_customer_id(party.customer_id);
  ToProto(party, payload.mutable_related_party());
  payload.set_removed(removed);
  return MakeEvent(payload, RelatedPartyResourceName(party.customer_id, party.related_party_id),
                   write);
}

}  // namespace ccrm::customer
