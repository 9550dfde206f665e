#include "services/risk-warning/domain/contingency_service.h"

#include "absl/strings/str_cat.h"
#include "common/ids/resource_name.h"
#include "common/ids/uuid.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/validation/field_checks.h"

namespace ccrm::risk {
namespace {

constexpr char kActivateScope[] = "plans.activate";

}  // namespace

absl::StatusOr<ContingencyPlan> ContingencyService::Activate(const Caller& caller,
                                                             const std::string& customer_id,
                                                             ContingencyScenario scenario,
                                                             const std::string& alert_id,
                                                             const IdempotencyKey& key) {
  const ContingencyTemplate* tmpl = TemplateFor(scenario);
  if (tmpl == nullptr) {
    return InvalidField("scenario", "must name a scenario");
  }
  const absl::Time now = clock_->Now();
  ContingencyPlan plan;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(RiskFile file, ledger.LoadRiskFile());
        if (file.exposures.empty()) {
          return WithReason(absl::NotFoundError("the customer has no exposure monitored here"),
                            "OBLIGOR_NOT_FOUND");
        }
        if (!alert_id.empty()) {
          RETURN_IF_ERROR(ledger.GetAlert(alert_id).status());
        }
        plan = BuildPlan(*tmpl, NewUuidV7(now), customer_id, alert_id, file.obligor.manager_id,
                         caller.principal.subject, /*automatic=*/false, now);
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         ledger.ClaimRequest(kActivateScope, key,
                                             absl::StrCat("contingencyPlans/", plan.plan_id)));
        if (earlier.has_value()) {
          ASSIGN_OR_RETURN(plan, ledger.GetPlan(LastNameSegment(*earlier)));
          return absl::OkStatus();
        }
        return ledger.InsertPlan(plan);
      }));
  return plan;
}

absl::StatusOr<ContingencyPlan> ContingencyService::Get(const std::string& plan_id) {
  return reader_->GetPlan(plan_id);
}

absl::StatusOr<Page<ContingencyPlan>> ContingencyService::List(const PlanFilter& filter,
                                                               const PageQuery& page) {
  return reader_->ListPlans(filter, page);
}

absl::StatusOr<ContingencyPlan> ContingencyService::CompleteStep(const Caller& caller,
                                                                 const std::string& plan_id,
                                                                 int step_number,
                                                                 const std::string& note,
                                                                 int64_t expected_revision) {
  FieldViolations violations;
  CheckText(violations, "note", note, TextRule::Required(1, 2000));
  RETURN_IF_ERROR(violations.ToStatus());
  ASSIGN_OR_RETURN(std::string customer_id, store_->CustomerOfPlan(plan_id));
  const absl::Time now = clock_->Now();
  ContingencyPlan plan;
  RETURN_IF_ERROR(store_->InCustomerTransaction(
      customer_id, caller.deadline, [&](CustomerLedger& ledger) -> absl::Status {
        ASSIGN_OR_RETURN(plan, ledger.GetPlan(plan_id));
        const int64_t stored_revision = plan.revision;
        RETURN_IF_ERROR(risk::CompleteStep(plan, step_number, caller.principal.subject, note, now));
        RETURN_IF_ERROR(ledger.UpdatePlan(plan, expected_revision));
        plan.revision = stored_revision + 1;
        return absl::OkStatus();
      }));
  return plan;
}

}  // namespace ccrm::risk
