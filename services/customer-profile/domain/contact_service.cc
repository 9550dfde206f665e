#include "services/customer-profile/domain/contact_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/customer-profile/domain/customer_update.h"
#include "services/customer-profile/domain/customer_validation.h"
#include "common/ids/etag.h"
#include "common/pagination/paging.h"
#include "services/customer-profile/domain/resource_name.h"
#include "services/customer-profile/domain/write_context.h"

namespace ccrm::customer {

absl::StatusOr<Contact> ContactService::Create(const Caller& caller, Contact draft,
                                               const IdempotencyKey& key) {
  NormalizePersonalIdentifiers(draft);
  FieldViolations violations;
  violations.AddAll("contact", ValidateContact(draft));
  RETURN_IF_ERROR(violations.ToStatus());
  const WriteContext write = MakeWriteContext(caller, *clock_);
  draft.contact_id = NewUuidV7(write.now);
  draft.create_time = write.now;
  draft.update_time = write.now;
  draft.revision = 1;
  ASSIGN_OR_RETURN(Contact created, repository_->Create(draft, key, write));
  MaskPersonalData(created);
  return created;
}

absl::StatusOr<ContactList> ContactService::List(const Caller& caller,
                                                 const std::string& customer_id,
                                                 PersonalDataView view,
                                                 const std::string& page_token, int page_size) {
  if (view == PersonalDataView::kUnmasked) {
    RETURN_IF_ERROR(CheckMayUnmask(caller));
  }
  const std::string canonical = absl::StrCat("contacts|", customer_id);
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  // A masked list comes back masked from storage (no decryption), so it is not masked again.
  ASSIGN_OR_RETURN(Page<Contact> found, repository_->List(customer_id, page, view));
  ContactList out;
  out.contacts = std::move(found.items);
  out.next_page_token = NextPageToken(canonical, std::move(found.next_key));
  if (view == PersonalDataView::kMasked) {
    return out;
  }
  const WriteContext write = MakeWriteContext(caller, *clock_);
  for (const Contact& c : out.contacts) {
    AuditRecord audit;
    audit.actor = write.actor;
    audit.actor_roles = write.actor_roles;
    audit.action = "contact.read_unmasked";
    audit.resource = ContactResourceName(customer_id, c.contact_id);
    audit.customer_id = customer_id;
    audit.fields = PersonalDataFields(c);
    audit.request_id = write.request_id;
    audit.record_time = write.now;
    RETURN_IF_ERROR(audit_->RecordAudit(audit));
  }
  return out;
}

absl::StatusOr<Contact> ContactService::Update(const Caller& caller, const std::string& customer_id,
                                               const std::string& contact_id, const Contact& patch,
                                               const std::vector<std::string>& paths,
                                               const std::string& etag) {
  Contact scratch;
  RETURN_IF_ERROR(ApplyContactUpdate(patch, paths, scratch));
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag, "contact.etag"));
  ASSIGN_OR_RETURN(Contact updated,
                   repository_->Update(
                       customer_id, contact_id, expected,
                       [&](Contact& current) -> absl::StatusOr<std::vector<std::string>> {
                         const Contact before = current;
                         RETURN_IF_ERROR(ApplyContactUpdate(patch, paths, current));
                         NormalizePersonalIdentifiers(current);
                         FieldViolations violations;
                         violations.AddAll("contact", ValidateContact(current));
                         RETURN_IF_ERROR(violations.ToStatus());
                         return ChangedContactFields(before, current);
                       },
                       MakeWriteContext(caller, *clock_)));
  MaskPersonalData(updated);
  return updated;
}

absl::StatusOr<Contact> ContactService::Delete(const Caller& caller, const std::string& customer_id,
                                               const std::string& contact_id,
                                               const std::string& etag) {
  ASSIGN_OR_RETURN(std::optional<int64_t> expected, ParseEtag(etag));
  ASSIGN_OR_RETURN(Contact deleted, repository_->Delete(customer_id, contact_id, expected,
                                                        MakeWriteContext(caller, *clock_)));
  MaskPersonalData(deleted);
  return deleted;
}

}  // namespace ccrm::customer
