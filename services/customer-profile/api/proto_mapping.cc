#include "services/customer-profile/api/proto_mapping.h"

#include <openssl/evp.h>

#include <cstddef>
#include <optional>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "common/ids/etag.h"
#include "common/validation/field_checks.h"
#include "services/customer-profile/domain/project_service.h"

namespace ccrm::customer {
namespace {

std::string Path(const std::string& prefix, absl::string_view field) {
  return absl::StrCat(prefix, ".", field);
}

// Set a Money / Date field only when the domain value is present, so absent values stay unset.
template <typename Message>
void SetIfPresent(const std::optional<Money>& money, Message* message,
                  common::v1::Money* (Message::*mutable_field)()) {
  if (money.has_value()) {
    ToProto(*money, (message->*mutable_field)());
  }
}

template <typename Message>
void SetIfPresent(const std::optional<absl::CivilDay>& day, Message* message,
                  common::v1::Date* (Message::*mutable_field)()) {
  if (day.has_value()) {
    ToProto(*day, (message->*mutable_field)());
  }
}

// A Money field of a request: nullopt when unset; otherwise the amount, or nullopt with
// violations added when it is malformed.
std::optional<Money> OptionalMoney(bool present, const common::v1::Money& money,
                                   const std::string& field, FieldViolations& violations) {
  if (!present) {
    return std::nullopt;
  }
  return MoneyFromProto(money, field, violations);
}

std::optional<absl::CivilDay> OptionalDate(bool present, const common::v1::Date& date,
                                           const std::string& field, FieldViolations& violations) {
  if (!present) {
    return std::nullopt;
  }
  return DateFromProto(date, field, violations);
}

// Adds a violation when a request's enum field holds a number this version does not know.
void CheckEnum(bool known, int value, const std::string& field, FieldViolations& violations) {
  if (!known) {
    violations.Add(field, absl::StrCat("unknown enum value ", value));
  }
}

// One Money line item of a statement section, on both sides.
template <typename Proto, typename Domain>
struct MoneyLine {
  const char* name;
  bool (Proto::*has)() const;
  const common::v1::Money& (Proto::*get)() const;
  common::v1::Money* (Proto::*mutable_field)();
  std::optional<Money> Domain::*value;
};

using BalanceSheetLine = MoneyLine<v1::BalanceSheet, BalanceSheet>;
using IncomeStatementLine = MoneyLine<v1::IncomeStatement, IncomeStatement>;
using CashFlowLine = MoneyLine<v1::CashFlowStatement, CashFlowStatement>;

#define CCRM_MONEY_LINE(Proto, Domain, field)                                           \
  MoneyLine<Proto, Domain> {                                                            \
#field, &Proto::has_##field, &Proto::field, &Proto::mutable_##field, &Domain::field \
  }

const BalanceSheetLine kBalanceSheetLines[] = {
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, cash),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, accounts_receivable),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, inventory),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, current_assets),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, total_assets),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, short_term_debt),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, current_liabilities),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, long_term_debt),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, total_liabilities),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, total_equity),
    CCRM_MONEY_LINE(v1::BalanceSheet, BalanceSheet, retained_earnings),
};

const IncomeStatementLine kIncomeStatementLines[] = {
    CCRM_MONEY_LINE(v1::IncomeStatement, IncomeStatement, revenue),
    CCRM_MONEY_LINE(v1::IncomeStatement, IncomeStatement, cost_of_sales),
    CCRM_MONEY_LINE(v1::IncomeStatement, IncomeStatement, operating_profit),
    CCRM_MONEY_LINE(v1::IncomeStatement, IncomeStatement, interest_expense),
    CCRM_MONEY_LINE(v1::IncomeStatement, IncomeStatement, ebit),
    CCRM_MONEY_LINE(v1::IncomeStatement, IncomeStatement, ebitda),
    CCRM_MONEY_LINE(v1::IncomeStatement, IncomeStatement, net_profit),
};

const CashFlowLine kCashFlowLines[] = {
    CCRM_MONEY_LINE(v1::CashFlowStatement, CashFlowStatement, operating_cash_flow),
    CCRM_MONEY_LINE(v1::CashFlowStatement, CashFlowStatement, investing_cash_flow),
    CCRM_MONEY_LINE(v1::CashFlowStatement, CashFlowStatement, financing_cash_flow),
    CCRM_MONEY_LINE(v1::CashFlowStatement, CashFlowStatement, debt_service),
};

#undef CCRM_MONEY_LINE

template <typename Proto, typename Domain, size_t N>
void SectionToProto(const MoneyLine<Proto, Domain> (&lines)[N], const Domain& section, Proto* out) {
  for (const auto& line : lines) {
    const std::optional<Money>& value = section.*line.value;
    if (value.has_value()) {
      ToProto(*value, (out->*line.mutable_field)());
    }
  }
}

template <typename Proto, typename Domain, size_t N>
Domain SectionFromProto(const MoneyLine<Proto, Domain> (&lines)[N], const Proto& section,
                        const std::string& path, FieldViolations& violations) {
  Domain out;
  for (const auto& line : lines) {
    out.*line.value = OptionalMoney((section.*line.has)(), (section.*line.get)(),
                                    Path(path, line.name), violations);
  }
  return out;
}

}  // namespace

// ---- Enums ----

CustomerKind FromProto(v1::CustomerKind kind) {
  switch (kind) {
    case v1::CUSTOMER_KIND_ENTERPRISE:
      return CustomerKind::kEnterprise;
    case v1::CUSTOMER_KIND_INDIVIDUAL:
      return CustomerKind::kIndividual;
    default:
      return CustomerKind::kUnspecified;
  }
}

v1::CustomerKind ToProto(CustomerKind kind) {
  switch (kind) {
    case CustomerKind::kEnterprise:
      return v1::CUSTOMER_KIND_ENTERPRISE;
    case CustomerKind::kIndividual:
      return v1::CUSTOMER_KIND_INDIVIDUAL;
    case CustomerKind::kUnspecified:
      break;
  }
  return v1::CUSTOMER_KIND_UNSPECIFIED;
}

Segment FromProto(v1::Segment segment) {
  switch (segment) {
    case v1::SEGMENT_KEY:
      return Segment::kKey;
    case v1::SEGMENT_SME:
      return Segment::kSme;
    case v1::SEGMENT_FIRST_TIME_BORROWER:
      return Segment::kFirstTimeBorrower;
    default:
      return Segment::kUnspecified;
  }
}

v1::Segment ToProto(Segment segment) {
  switch (segment) {
    case Segment::kKey:
      return v1::SEGMENT_KEY;
    case Segment::kSme:
      return v1::SEGMENT_SME;
    case Segment::kFirstTimeBorrower:
      return v1::SEGMENT_FIRST_TIME_BORROWER;
    case Segment::kUnspecified:
      break;
  }
  return v1::SEGMENT_UNSPECIFIED;
}

Tier FromProto(v1::Tier tier) {
  switch (tier) {
    case v1::TIER_1:
      return Tier::kTier1;
    case v1::TIER_2:
      return Tier::kTier2;
    case v1::TIER_3:
      return Tier::kTier3;
    case v1::TIER_4:
      return Tier::kTier4;
    default:
      return Tier::kUnspecified;
  }
}

v1::Tier ToProto(Tier tier) {
  switch (tier) {
    case Tier::kTier1:
      return v1::TIER_1;
    case Tier::kTier2:
      return v1::TIER_2;
    case Tier::kTier3:
      return v1::TIER_3;
    case Tier::kTier4:
      return v1::TIER_4;
    case Tier::kUnspecified:
      break;
  }
  return v1::TIER_UNSPECIFIED;
}

LifecycleStage FromProto(v1::LifecycleStage stage) {
  switch (stage) {
    case v1::LIFECYCLE_STAGE_PROSPECT:
      return LifecycleStage::kProspect;
    case v1::LIFECYCLE_STAGE_ONBOARDING:
      return LifecycleStage::kOnboarding;
    case v1::LIFECYCLE_STAGE_ACTIVE:
      return LifecycleStage::kActive;
    case v1::LIFECYCLE_STAGE_WATCH:
      return LifecycleStage::kWatch;
    case v1::LIFECYCLE_STAGE_EXITING:
      return LifecycleStage::kExiting;
    case v1::LIFECYCLE_STAGE_CLOSED:
      return LifecycleStage::kClosed;
    default:
      return LifecycleStage::kUnspecified;
  }
}

v1::LifecycleStage ToProto(LifecycleStage stage) {
  switch (stage) {
    case LifecycleStage::kProspect:
      return v1::LIFECYCLE_STAGE_PROSPECT;
    case LifecycleStage::kOnboarding:
      return v1::LIFECYCLE_STAGE_ONBOARDING;
    case LifecycleStage::kActive:
      return v1::LIFECYCLE_STAGE_ACTIVE;
    case LifecycleStage::kWatch:
      return v1::LIFECYCLE_STAGE_WATCH;
    case LifecycleStage::kExiting:
      return v1::LIFECYCLE_STAGE_EXITING;
    case LifecycleStage::kClosed:
      return v1::LIFECYCLE_STAGE_CLOSED;
    case LifecycleStage::kUnspecified:
      break;
  }
  return v1::LIFECYCLE_STAGE_UNSPECIFIED;
}

ContactRole FromProto(v1::ContactRole role) {
  switch (role) {
    case v1::CONTACT_ROLE_LEGAL_REPRESENTATIVE:
      return ContactRole::kLegalRepresentative;
    case v1::CONTACT_ROLE_ACTUAL_CONTROLLER:
      return ContactRole::kActualController;
    case v1::CONTACT_ROLE_FINANCE_OFFICER:
      return ContactRole::kFinanceOfficer;
    case v1::CONTACT_ROLE_EMERGENCY_CONTACT:
      return ContactRole::kEmergencyContact;
    case v1::CONTACT_ROLE_FAMILY_MEMBER:
      return ContactRole::kFamilyMember;
    case v1::CONTACT_ROLE_BUSINESS_PARTNER:
      return ContactRole::kBusinessPartner;
    default:
      return ContactRole::kUnspecified;
  }
}

v1::ContactRole ToProto(ContactRole role) {
  switch (role) {
    case ContactRole::kLegalRepresentative:
      return v1::CONTACT_ROLE_LEGAL_REPRESENTATIVE;
    case ContactRole::kActualController:
      return v1::CONTACT_ROLE_ACTUAL_CONTROLLER;
    case ContactRole::kFinanceOfficer:
      return v1::CONTACT_ROLE_FINANCE_OFFICER;
    case ContactRole::kEmergencyContact:
      return v1::CONTACT_ROLE_EMERGENCY_CONTACT;
    case ContactRole::kFamilyMember:
      return v1::CONTACT_ROLE_FAMILY_MEMBER;
    case ContactRole::kBusinessPartner:
      return v1::CONTACT_ROLE_BUSINESS_PARTNER;
    case ContactRole::kUnspecified:
      break;
  }
  return v1::CONTACT_ROLE_UNSPECIFIED;
}

RelationType FromProto(v1::RelationType type) {
  switch (type) {
    case v1::RELATION_TYPE_SHAREHOLDER:
      return RelationType::kShareholder;
    case v1::RELATION_TYPE_SUBSIDIARY:
      return RelationType::kSubsidiary;
    case v1::RELATION_TYPE_ACTUAL_CONTROLLER:
      return RelationType::kActualController;
    case v1::RELATION_TYPE_GUARANTOR:
      return RelationType::kGuarantor;
    case v1::RELATION_TYPE_AFFILIATE:
      return RelationType::kAffiliate;
    case v1::RELATION_TYPE_UPSTREAM_SUPPLIER:
      return RelationType::kUpstreamSupplier;
    case v1::RELATION_TYPE_DOWNSTREAM_BUYER:
      return RelationType::kDownstreamBuyer;
    default:
      return RelationType::kUnspecified;
  }
}

v1::RelationType ToProto(RelationType type) {
  switch (type) {
    case RelationType::kShareholder:
      return v1::RELATION_TYPE_SHAREHOLDER;
    case RelationType::kSubsidiary:
      return v1::RELATION_TYPE_SUBSIDIARY;
    case RelationType::kActualController:
      return v1::RELATION_TYPE_ACTUAL_CONTROLLER;
    case RelationType::kGuarantor:
      return v1::RELATION_TYPE_GUARANTOR;
    case RelationType::kAffiliate:
      return v1::RELATION_TYPE_AFFILIATE;
    case RelationType::kUpstreamSupplier:
      return v1::RELATION_TYPE_UPSTREAM_SUPPLIER;
    case RelationType::kDownstreamBuyer:
      return v1::RELATION_TYPE_DOWNSTREAM_BUYER;
    case RelationType::kUnspecified:
      break;
  }
  return v1::RELATION_TYPE_UNSPECIFIED;
}

PeriodType FromProto(v1::PeriodType type) {
  switch (type) {
    case v1::PERIOD_TYPE_ANNUAL:
      return PeriodType::kAnnual;
    case v1::PERIOD_TYPE_QUARTERLY:
      return PeriodType::kQuarterly;
    default:
      return PeriodType::kUnspecified;
  }
}

v1::PeriodType ToProto(PeriodType type) {
  switch (type) {
    case PeriodType::kAnnual:
      return v1::PERIOD_TYPE_ANNUAL;
    case PeriodType::kQuarterly:
      return v1::PERIOD_TYPE_QUARTERLY;
    case PeriodType::kUnspecified:
      break;
  }
  return v1::PERIOD_TYPE_UNSPECIFIED;
}

// ---- Domain → proto ----

void ToProto(const Customer& customer, v1::Customer* out) {
  out->Clear();
  out->set_name(CustomerResourceName(customer.customer_id));
  out->set_customer_id(customer.customer_id);
  out->set_kind(ToProto(customer.kind));
  out->set_unified_social_credit_code(customer.unified_social_credit_code);
  out->set_legal_name(customer.legal_name);
  out->set_legal_representative(customer.legal_representative);
  out->set_legal_representative_id_number(customer.legal_representative_id_number);
  out->set_contact_phone(customer.contact_phone);
  out->set_settlement_account_number(customer.settlement_account_number);
  SetIfPresent(customer.registered_capital, out, &v1::Customer::mutable_registered_capital);
  out->set_business_scope(customer.business_scope);
  out->set_industry_code(customer.industry_code);
  out->set_registered_address(customer.registered_address);
  SetIfPresent(customer.established_date, out, &v1::Customer::mutable_established_date);
  SetIfPresent(customer.annual_revenue, out, &v1::Customer::mutable_annual_revenue);
  SetIfPresent(customer.total_assets, out, &v1::Customer::mutable_total_assets);
  out->set_employee_count(customer.employee_count);
  out->set_has_prior_credit(customer.has_prior_credit);
  out->set_credit_grade(customer.credit_grade);
  SetIfPresent(customer.relationship_start_date, out,
               &v1::Customer::mutable_relationship_start_date);
  out->set_relationship_manager_id(customer.relationship_manager_id);
  out->set_segment(ToProto(customer.segment));
  out->set_tier(ToProto(customer.tier));
  if (customer.classification_override.has_value()) {
    const ClassificationOverride& o = *customer.classification_override;
    v1::ClassificationOverride* po = out->mutable_classification_override();
    po->set_segment(ToProto(o.segment));
    po->set_tier(ToProto(o.tier));
    po->set_reason(o.reason);
    po->set_overridden_by(o.overridden_by);
    ToProto(o.override_time, po->mutable_override_time());
  }
  out->set_lifecycle_stage(ToProto(customer.lifecycle_stage));
  out->set_archived(customer.archived);
  ToProto(customer.create_time, out->mutable_create_time());
  ToProto(customer.update_time, out->mutable_update_time());
  if (customer.archive_time.has_value()) {
    ToProto(*customer.archive_time, out->mutable_archive_time());
  }
  out->set_etag(FormatEtag(customer.revision));
  out->set_revision(customer.revision);
}

void ToProto(const Contact& contact, v1::Contact* out) {
  out->Clear();
  out->set_name(ContactResourceName(contact.customer_id, contact.contact_id));
  out->set_contact_id(contact.contact_id);
  out->set_role(ToProto(contact.role));
  out->set_full_name(contact.full_name);
  out->set_title(contact.title);
  out->set_id_number(contact.id_number);
  out->set_phone(contact.phone);
  out->set_email(contact.email);
  out->set_primary(contact.primary);
  ToProto(contact.create_time, out->mutable_create_time());
  ToProto(contact.update_time, out->mutable_update_time());
  out->set_etag(FormatEtag(contact.revision));
}

void ToProto(const RelatedParty& party, v1::RelatedParty* out) {
  out->Clear();
  out->set_name(RelatedPartyResourceName(party.customer_id, party.related_party_id));
  out->set_related_party_id(party.related_party_id);
  out->set_relation_type(ToProto(party.relation_type));
  out->set_related_customer_id(party.related_customer_id);
  out->set_party_name(party.party_name);
  out->set_party_unified_social_credit_code(party.party_unified_social_credit_code);
  out->set_shareholding_bps(party.shareholding_bps);
  ToProto(party.create_time, out->mutable_create_time());
}

void ToProto(const Project& project, v1::Project* out) {
  out->Clear();
  out->set_name(ProjectResourceName(project.customer_id, project.project_id));
  out->set_project_id(project.project_id);
  out->set_project_name(project.project_name);
  SetIfPresent(project.total_investment, out, &v1::Project::mutable_total_investment);
  out->set_capital_ratio_bps(project.capital_ratio_bps);
  out->set_use_of_funds(project.use_of_funds);
  SetIfPresent(project.planned_start_date, out, &v1::Project::mutable_planned_start_date);
  SetIfPresent(project.planned_completion_date, out, &v1::Project::mutable_planned_completion_date);
  SetIfPresent(project.actual_start_date, out, &v1::Project::mutable_actual_start_date);
  SetIfPresent(project.actual_completion_date, out, &v1::Project::mutable_actual_completion_date);
  SetIfPresent(project.invested_to_date, out, &v1::Project::mutable_invested_to_date);
  for (const Milestone& m : project.milestones) {
    v1::Milestone* pm = out->add_milestones();
    pm->set_title(m.title);
    SetIfPresent(m.planned_date, pm, &v1::Milestone::mutable_planned_date);
    SetIfPresent(m.actual_date, pm, &v1::Milestone::mutable_actual_date);
  }
  ToProto(project.create_time, out->mutable_create_time());
  ToProto(project.update_time, out->mutable_update_time());
  out->set_etag(FormatEtag(project.revision));
  out->set_investment_progress_bps(InvestmentProgressBps(project));
}

void ToProto(const FinancialStatement& statement, v1::FinancialStatement* out) {
  out->Clear();
  out->set_name(FinancialStatementResourceName(statement.customer_id, statement.statement_id));
  out->set_statement_id(statement.statement_id);
  out->set_period_type(ToProto(statement.period_type));
  out->set_fiscal_year(statement.fiscal_year);
  out->set_fiscal_quarter(statement.fiscal_quarter);
  SetIfPresent(statement.period_end_date, out, &v1::FinancialStatement::mutable_period_end_date);
  out->set_audited(statement.audited);
  out->set_currency_code(statement.currency_code);
  SectionToProto(kBalanceSheetLines, statement.balance_sheet, out->mutable_balance_sheet());
  SectionToProto(kIncomeStatementLines, statement.income_statement,
                 out->mutable_income_statement());
  SectionToProto(kCashFlowLines, statement.cash_flow_statement, out->mutable_cash_flow_statement());
  ToProto(statement.create_time, out->mutable_create_time());
}

void ToProto(const AuditRecord& record, v1::AuditRecord* out) {
  out->Clear();
  out->set_audit_id(record.audit_id);
  out->set_actor(record.actor);
  for (const std::string& role : record.actor_roles) {
    out->add_actor_roles(role);
  }
  out->set_action(record.action);
  out->set_resource(record.resource);
  out->set_customer_id(record.customer_id);
  for (const std::string& field : record.fields) {
    out->add_fields(field);
  }
  out->set_reason(record.reason);
  out->set_request_id(record.request_id);
  ToProto(record.record_time, out->mutable_record_time());
}

void ToProto(const CustomerGroup& group, v1::CustomerGroup* out) {
  out->Clear();
  out->set_root_customer_id(group.root_customer_id);
  for (const GroupMember& member : group.members) {
    v1::CustomerGroupMember* pm = out->add_members();
    pm->set_customer_id(member.customer_id);
    pm->set_display_name(member.display_name);
    pm->set_unified_social_credit_code(member.unified_social_credit_code);
    pm->set_depth(member.depth);
    for (const std::string& path : member.paths) {
      pm->add_paths(path);
    }
  }
  out->set_truncated(group.truncated);
}

// ---- Proto → domain ----

absl::StatusOr<Customer> FromProto(const v1::Customer& customer, const std::string& prefix) {
  FieldViolations violations;
  Customer out;
  CheckEnum(v1::CustomerKind_IsValid(customer.kind()), customer.kind(), Path(prefix, "kind"),
            violations);
  out.kind = FromProto(customer.kind());
  out.unified_social_credit_code = customer.unified_social_credit_code();
  out.legal_name = customer.legal_name();
  out.legal_representative = customer.legal_representative();
  out.legal_representative_id_number = customer.legal_representative_id_number();
  out.contact_phone = customer.contact_phone();
  out.settlement_account_number = customer.settlement_account_number();
  out.registered_capital =
      OptionalMoney(customer.has_registered_capital(), customer.registered_capital(),
                    Path(prefix, "registered_capital"), violations);
  out.business_scope = customer.business_scope();
  out.industry_code = customer.industry_code();
  out.registered_address = customer.registered_address();
  out.established_date = OptionalDate(customer.has_established_date(), customer.established_date(),
                                      Path(prefix, "established_date"), violations);
  out.annual_revenue = OptionalMoney(customer.has_annual_revenue(), customer.annual_revenue(),
                                     Path(prefix, "annual_revenue"), violations);
  out.total_assets = OptionalMoney(customer.has_total_assets(), customer.total_assets(),
                                   Path(prefix, "total_assets"), violations);
  out.employee_count = customer.employee_count();
  out.has_prior_credit = customer.has_prior_credit();
  out.credit_grade = customer.credit_grade();
  out.relationship_start_date =
      OptionalDate(customer.has_relationship_start_date(), customer.relationship_start_date(),
                   Path(prefix, "relationship_start_date"), violations);
  out.relationship_manager_id = customer.relationship_manager_id();
  RETURN_IF_ERROR(violations.ToStatus());
  return out;
}

absl::StatusOr<Contact> FromProto(const v1::Contact& contact, const std::string& prefix) {
  FieldViolations violations;
  Contact out;
  CheckEnum(v1::ContactRole_IsValid(contact.role()), contact.role(), Path(prefix, "role"),
            violations);
  out.role = FromProto(contact.role());
  out.full_name = contact.full_name();
  out.title = contact.title();
  out.id_number = contact.id_number();
  out.phone = contact.phone();
  out.email = contact.email();
  out.primary = contact.primary();
  RETURN_IF_ERROR(violations.ToStatus());
  return out;
}

absl::StatusOr<RelatedParty> FromProto(const v1::RelatedParty& party, const std::string& prefix) {
  FieldViolations violations;
  RelatedParty out;
  CheckEnum(v1::RelationType_IsValid(party.relation_type()), party.relation_type(),
            Path(prefix, "relation_type"), violations);
  out.relation_type = FromProto(party.relation_type());
  out.related_customer_id = party.related_customer_id();
  out.party_name = party.party_name();
  out.party_unified_social_credit_code = party.party_unified_social_credit_code();
  out.shareholding_bps = party.shareholding_bps();
  RETURN_IF_ERROR(violations.ToStatus());
  return out;
}

absl::StatusOr<Project> FromProto(const v1::Project& project, const std::string& prefix) {
  FieldViolations violations;
  Project out;
  out.project_name = project.project_name();
  out.total_investment = OptionalMoney(project.has_total_investment(), project.total_investment(),
                                       Path(prefix, "total_investment"), violations);
  out.capital_ratio_bps = project.capital_ratio_bps();
  out.use_of_funds = project.use_of_funds();
  out.planned_start_date =
      OptionalDate(project.has_planned_start_date(), project.planned_start_date(),
                   Path(prefix, "planned_start_date"), violations);
  out.planned_completion_date =
      OptionalDate(project.has_planned_completion_date(), project.planned_completion_date(),
                   Path(prefix, "planned_completion_date"), violations);
  out.actual_start_date = OptionalDate(project.has_actual_start_date(), project.actual_start_date(),
                                       Path(prefix, "actual_start_date"), violations);
  out.actual_completion_date =
      OptionalDate(project.has_actual_completion_date(), project.actual_completion_date(),
                   Path(prefix, "actual_completion_date"), violations);
  out.invested_to_date = OptionalMoney(project.has_invested_to_date(), project.invested_to_date(),
                                       Path(prefix, "invested_to_date"), violations);
  out.milestones.reserve(project.milestones_size());
  for (int i = 0; i < project.milestones_size(); ++i) {
    const v1::Milestone& pm = project.milestones(i);
    const size_t index = static_cast<size_t>(i);
    Milestone m;
    m.title = pm.title();
    m.planned_date =
        OptionalDate(pm.has_planned_date(), pm.planned_date(),
                     Path(prefix, ElementPath("milestones", index, "planned_date")), violations);
    m.actual_date =
        OptionalDate(pm.has_actual_date(), pm.actual_date(),
                     Path(prefix, ElementPath("milestones", index, "actual_date")), violations);
    out.milestones.push_back(std::move(m));
  }
  RETURN_IF_ERROR(violations.ToStatus());
  return out;
}

absl::StatusOr<FinancialStatement> FromProto(const v1::FinancialStatement& statement,
                                             const std::string& prefix) {
  FieldViolations violations;
  FinancialStatement out;
  CheckEnum(v1::PeriodType_IsValid(statement.period_type()), statement.period_type(),
            Path(prefix, "period_type"), violations);
  out.period_type = FromProto(statement.period_type());
  out.fiscal_year = statement.fiscal_year();
  out.fiscal_quarter = statement.fiscal_quarter();
  out.period_end_date = OptionalDate(statement.has_period_end_date(), statement.period_end_date(),
                                     Path(prefix, "period_end_date"), violations);
  out.audited = statement.audited();
  out.currency_code = statement.currency_code();
  out.balance_sheet = SectionFromProto(kBalanceSheetLines, statement.balance_sheet(),
                                       Path(prefix, "balance_sheet"), violations);
  out.income_statement = SectionFromProto(kIncomeStatementLines, statement.income_statement(),
                                          Path(prefix, "income_statement"), violations);
  out.cash_flow_statement = SectionFromProto(kCashFlowLines, statement.cash_flow_statement(),
                                             Path(prefix, "cash_flow_statement"), violations);
  RETURN_IF_ERROR(violations.ToStatus());
  return out;
}

}  // namespace ccrm::customer
