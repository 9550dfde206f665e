// Use cases on related parties (shareholders, subsidiaries, actual controller, guarantors,
// affiliates, upstream/downstream trade partners) and the customer group they form.
//
// Example:
//   RelatedPartyService parties(&repository, &clock);
//   ASSIGN_OR_RETURN(CustomerGroup group, parties.Group(caller, id, {}, 10));
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/clock.h"
#include "services/customer-profile/domain/caller.h"
#include "services/customer-profile/domain/customer_group.h"
#include "services/customer-profile/domain/repositories.h"

namespace ccrm::customer {

struct RelatedPartyList {
  std::vector<RelatedParty> related_parties;
  std::string next_page_token;
};

inline constexpr int kDefaultGroupDepth = 10;
inline constexpr int kMaxGroupDepth = 10;

class RelatedPartyService final {
 public:
  RelatedPartyService(RelatedPartyRepository* repository, const Clock* clock)
      : repository_(repository), clock_(clock) {}

  // INVALID_ARGUMENT ("related_party.<field>"); NOT_FOUND for an unknown related customer.
  absl::StatusOr<RelatedParty> Create(const Caller& caller, RelatedParty draft,
                                      const IdempotencyKey& key);
  absl::StatusOr<RelatedPartyList> List(const Caller& caller, const std::string& customer_id,
                                        const std::string& page_token, int page_size);
  absl::StatusOr<RelatedParty> Delete(const Caller& caller, const std::string& customer_id,
                                      const std::string& related_party_id);
  // max_depth 0 = default; INVALID_ARGUMENT outside 0..kMaxGroupDepth. NOT_FOUND for an unknown
  // root customer.
  absl::StatusOr<CustomerGroup> Group(const Caller& caller, const std::string& customer_id,
                                      std::vector<RelationType> relation_types, int max_depth);

 private:
  RelatedPartyRepository* repository_;
  const Clock* clock_;
};

}  // namespace ccrm::customer
