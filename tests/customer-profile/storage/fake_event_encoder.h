// An EventEncoder for storage tests: real event type names, a payload that is just the resource
// id (plus the changed fields or "removed"), no protobuf. Leaves event_id empty so the storage
// fills it.
//
// Example:
//   FakeEventEncoder encoder;
//   MySqlCustomerRepository customers(&pool, &cipher, &encoder);
#pragma once

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

inline constexpr char kCustomerCreatedType[] = "ccrm.customer.v1.CustomerCreated";
inline constexpr char kCustomerUpdatedType[] = "ccrm.customer.v1.CustomerUpdated";
inline constexpr char kStatementSubmittedType[] = "ccrm.customer.v1.FinancialStatementSubmitted";
inline constexpr char kRelatedPartyChangedType[] = "ccrm.customer.v1.RelatedPartyChanged";

class FakeEventEncoder final : public EventEncoder {
 public:
  events::OutboxEvent CustomerCreated(const Customer& customer,
                                      const WriteContext& write) const override {
    return Event(kCustomerCreatedType, absl::StrCat("customers/", customer.customer_id),
                 customer.customer_id, write);
  }
  events::OutboxEvent CustomerUpdated(const Customer& customer,
                                      const std::vector<std::string>& changed_fields,
                                      const WriteContext& write) const override {
    return Event(kCustomerUpdatedType, absl::StrCat("customers/", customer.customer_id),
                 absl::StrCat(customer.customer_id, "|", absl::StrJoin(changed_fields, ",")),
                 write);
  }
  events::OutboxEvent FinancialStatementSubmitted(const FinancialStatement& statement,
                                                  const WriteContext& write) const override {
    return Event(kStatementSubmittedType,
                 absl::StrCat("customers/", statement.customer_id, "/financialStatements/",
                              statement.statement_id),
                 statement.statement_id, write);
  }
  events::OutboxEvent RelatedPartyChanged(const RelatedParty& party, bool removed,
                                          const WriteContext& write) const override {
    return Event(
        kRelatedPartyChangedType,
        absl::StrCat("customers/", party.customer_id, "/relatedParties/", party.related_party_id),
        absl::StrCat(party.related_party_id, removed ? "|removed" : "|added"), write);
  }

 private:
  static events::OutboxEvent Event(const char* type, std::string subject, std::string payload,
                                   const WriteContext& write) {
    events::OutboxEvent event;
    event.event_type = type;
    event.subject = std::move(subject);
    event.request_id = write.request_id;
    event.payload = std::move(payload);
    event.occur_time = write.now;
    return event;
  }
};

}  // namespace ccrm::customer
