#include "services/customer-profile/domain/statement_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/pagination/paging.h"
#include "services/customer-profile/domain/statement_checks.h"
#include "services/customer-profile/domain/write_context.h"

namespace ccrm::customer {

absl::StatusOr<FinancialStatement> StatementService::Submit(const Caller& caller,
                                                            FinancialStatement draft,
                                                            const IdempotencyKey& key) {
  FieldViolations violations;
  violations.AddAll("statement", ValidateFinancialStatement(draft, Today(*clock_)));
  RETURN_IF_ERROR(violations.ToStatus());
  const WriteContext write = MakeWriteContext(caller, *clock_);
  draft.statement_id = NewUuidV7(write.now);
  draft.create_time = write.now;
  return repository_->Submit(draft, key, write);
}

absl::StatusOr<FinancialStatement> StatementService::Get(const Caller& caller,
                                                         const std::string& customer_id,
                                                         const std::string& statement_id) {
  (void)caller;
  return repository_->Get(customer_id, statement_id);
}

absl::StatusOr<StatementList> StatementService::List(const Caller& caller,
                                                     const std::string& customer_id,
                                                     PeriodType period_type,
                                                     const std::string& page_token, int page_size) {
  (void)caller;
  const std::string canonical =
      absl::StrCat("statements|", customer_id, "|", static_cast<int>(period_type));
  PageQuery page;
  RETURN_IF_ERROR(ResolvePage(canonical, page_token, page_size, page));
  ASSIGN_OR_RETURN(Page<FinancialStatement> found,
                   repository_->List(customer_id, period_type, page));
  return StatementList{std::move(found.items), NextPageToken(canonical, std::move(found.next_key))};
}

}  // namespace ccrm::customer
