#include "services/customer-profile/domain/related_party_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/customer_validation.h"
#include "common/pagination/paging.h"
#include "services/customer-profile/domain/write_context.h"

namespace ccrm::customer {

absl::StatusOr<RelatedParty> RelatedPartyService::Create(const Caller& caller, RelatedParty draft,
                                                         const IdempotencyKey& key) {
  FieldViolations violations;
  violations.AddAll("related_party", ValidateRelatedParty(draft));
  RETURN_IF_ERROR(violations.ToStatus());
  const WriteContext write = MakeWriteContext(caller, *clock_);
  draft.related_party_id = NewUuidV7(write.now);
  draft.create_time = write.now;
  return repository_->Create(draft, key, write);
}

absl::StatusOr<RelatedPartyList> RelatedPartyService::List(const Caller& caller,
                                                           const std::string& customer_id,
                                                           const std::string& page_token,
                                                           int page_size) {
  (void)caller;
  const std::string canonical = absl::StrCat("related_parties|", customer_id);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<RelatedParty> found, repository_->List(customer_id, page));
  return RelatedPartyList{std::move(found.items),
                          NextPageToken(canonical, std::move(found.next_key))};
}

absl::StatusOr<RelatedParty> RelatedPartyService::Delete(const Caller& caller,
                                                         const std::string& customer_id,
                                                         const std::string& related_party_id) {
  return repository_->Delete(customer_id, related_party_id, MakeWriteContext(caller, *clock_));
}

absl::StatusOr<CustomerGroup> RelatedPartyService::Group(const Caller& caller,
                                                         const std::string& customer_id,
                                                         std::vector<RelationType> relation_types,
                                                         int max_depth) {
  (void)caller;
  if (max_depth < 0 || max_depth > kMaxGroupDepth) {
    return InvalidField("max_depth", absl::StrCat("must be 0..", kMaxGroupDepth));
  }
  for (RelationType type : relation_types) {
    if (type == RelationType::kUnspecified) {
      return InvalidField("relation_types", "must not contain RELATION_TYPE_UNSPECIFIED");
    }
  }
  // The root must exist: an unknown id is NOT_FOUND, not an empty group.
  RETURN_IF_ERROR(repository_->NameAndCode(customer_id).status());
  GroupWalkOptions options;
  options.relation_types = std::move(relation_types);
  options.max_depth = max_depth == 0 ? kDefaultGroupDepth : max_depth;
  return WalkCustomerGroup(customer_id, options, *repository_);
}

}  // namespace ccrm::customer
