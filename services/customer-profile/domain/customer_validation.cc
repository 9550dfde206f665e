#include "services/customer-profile/domain/customer_validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/customer-profile/domain/credit_grade.h"
#include "common/validation/field_checks.h"
#include "services/customer-profile/domain/industry_code.h"
#include "services/customer-profile/domain/personal_identifiers.h"
#include "services/customer-profile/domain/uscc.h"

namespace ccrm::customer {
namespace {

bool IsRelationshipManagerIdCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

void CheckRelationshipManagerId(FieldViolations& v, const std::string& id) {
  if (id.size() > kMaxRelationshipManagerIdLength) {
    v.Add("relationship_manager_id",
          absl::StrCat("must be at most ", kMaxRelationshipManagerIdLength, " characters"));
    return;
  }
  for (char c : id) {
    if (!IsRelationshipManagerIdCharacter(c)) {
      v.Add("relationship_manager_id", "may hold only letters, digits, '.', '_' and '-'");
      return;
    }
  }
}

void CheckOptionalAmount(FieldViolations& v, const std::string& field,
                         const std::optional<Money>& amount, AmountSign sign) {
  if (amount.has_value()) {
    CheckAmount(v, field, *amount, sign);
  }
}

void CheckOptionalDayNotInFuture(FieldViolations& v, const std::string& field,
                                 const std::optional<absl::CivilDay>& day, absl::CivilDay today) {
  if (day.has_value()) {
    CheckNotInFuture(v, field, *day, today);
  }
}

// Adds a violation on `later_field` when both days are set and `later` is before `earlier`.
void CheckOrder(FieldViolations& v, const std::optional<absl::CivilDay>& earlier,
                const std::string& earlier_field, const std::optional<absl::CivilDay>& later,
                const std::string& later_field) {
  if (earlier.has_value() && later.has_value() && *later < *earlier) {
    v.Add(later_field,
          absl::StrCat("must not be before ", earlier_field, " (", absl::FormatCivilTime(*later),
                       " is before ", absl::FormatCivilTime(*earlier), ")"));
  }
}

bool IsKnownRelationType(RelationType t) {
  return t >= RelationType::kShareholder && t <= RelationType::kDownstreamBuyer;
}

bool CarriesShareholding(RelationType t) {
  return t == RelationType::kShareholder || t == RelationType::kSubsidiary ||
         t == RelationType::kActualController;
}

}  // namespace

FieldViolations ValidateCustomer(const Customer& c, absl::CivilDay today) {
  FieldViolations v;
  const bool enterprise = c.kind == CustomerKind::kEnterprise;
  const bool individual = c.kind == CustomerKind::kIndividual;
  if (c.kind == CustomerKind::kUnspecified) {
    v.Add("kind", "is required");
  } else if (!enterprise && !individual) {
    v.Add("kind", "must be ENTERPRISE or INDIVIDUAL");
  }

  if (enterprise) {
    if (c.unified_social_credit_code.empty()) {
      v.Add("unified_social_credit_code", "is required for enterprises");
    } else {
      AddIfError(v, "unified_social_credit_code",
                 ValidateUnifiedSocialCreditCode(c.unified_social_credit_code));
    }
    if (c.industry_code.empty()) {
      v.Add("industry_code", "is required for enterprises");
    }
  } else if (individual) {
    if (!c.unified_social_credit_code.empty()) {
      v.Add("unified_social_credit_code", "must be empty for individuals");
    }
    if (c.legal_representative_id_number.empty()) {
      v.Add("legal_representative_id_number",
            "is required for individuals (the person's resident ID number)");
    }
  }

  CheckText(v, "legal_name", c.legal_name,
            TextRule::Required(kMinLegalNameLength, kMaxLegalNameLength));
  CheckText(v, "legal_representative", c.legal_representative,
            TextRule::Optional(kMaxPersonNameLength));
  if (!c.legal_representative_id_number.empty()) {
    AddIfError(v, "legal_representative_id_number",
               ValidateResidentIdNumber(c.legal_representative_id_number));
  }
  if (!c.contact_phone.empty()) {
    AddIfError(v, "contact_phone", ValidatePhoneNumber(c.contact_phone));
  }
  if (!c.settlement_account_number.empty()) {
    AddIfError(v, "settlement_account_number",
               ValidateBankAccountNumber(c.settlement_account_number));
  }
  CheckOptionalAmount(v, "registered_capital", c.registered_capital, AmountSign::kNonNegative);
  CheckText(v, "business_scope", c.business_scope, TextRule::Optional(kMaxBusinessScopeLength));
  if (!c.industry_code.empty()) {
    AddIfError(v, "industry_code", ValidateIndustryCode(c.industry_code));
  }
  CheckText(v, "registered_address", c.registered_address,
            TextRule::Optional(kMaxRegisteredAddressLength));
  CheckOptionalDayNotInFuture(v, "established_date", c.established_date, today);
  CheckOptionalAmount(v, "annual_revenue", c.annual_revenue, AmountSign::kNonNegative);
  CheckOptionalAmount(v, "total_assets", c.total_assets, AmountSign::kNonNegative);
  if (c.employee_count < 0) {
    v.Add("employee_count", "must not be negative");
  }
  if (!c.credit_grade.empty() && !IsCreditGrade(c.credit_grade)) {
    v.Add("credit_grade",
          "must be empty (unrated) or one of AAA, AA, A, BBB, BB, B, CCC, CC, C, D");
  }
  CheckOptionalDayNotInFuture(v, "relationship_start_date", c.relationship_start_date, today);
  CheckRelationshipManagerId(v, c.relationship_manager_id);
  return v;
}

FieldViolations ValidateContact(const Contact& contact) {
  FieldViolations v;
  if (contact.role == ContactRole::kUnspecified) {
    v.Add("role", "is required");
  } else if (contact.role < ContactRole::kLegalRepresentative ||
             contact.role > ContactRole::kBusinessPartner) {
    v.Add("role", "is not a known contact role");
  }
  CheckText(v, "full_name", contact.full_name, TextRule::Required(1, kMaxPersonNameLength));
  CheckText(v, "title", contact.title, TextRule::Optional(kMaxPersonNameLength));
  if (!contact.id_number.empty()) {
    AddIfError(v, "id_number", ValidateResidentIdNumber(contact.id_number));
  }
  if (!contact.phone.empty()) {
    AddIfError(v, "phone", ValidatePhoneNumber(contact.phone));
  }
  if (!contact.email.empty()) {
    AddIfError(v, "email", ValidateEmail(contact.email));
  }
  return v;
}

FieldViolations ValidateRelatedParty(const RelatedParty& party) {
  FieldViolations v;
  if (party.relation_type == RelationType::kUnspecified) {
    v.Add("relation_type", "is required");
  } else if (!IsKnownRelationType(party.relation_type)) {
    v.Add("relation_type", "is not a known relation type");
  }
  if (party.related_customer_id.empty() && party.party_name.empty()) {
    v.Add("related_customer_id",
          "either related_customer_id (a customer of the bank) or party_name (an outside party) "
          "is required");
  }
  if (!party.related_customer_id.empty() && party.related_customer_id == party.customer_id) {
    v.Add("related_customer_id", "a customer cannot be its own related party");
  }
  CheckText(v, "party_name", party.party_name, TextRule::Optional(kMaxLegalNameLength));
  if (!party.party_unified_social_credit_code.empty()) {
    AddIfError(v, "party_unified_social_credit_code",
               ValidateUnifiedSocialCreditCode(party.party_unified_social_credit_code));
  }
  if (party.shareholding_bps < 0 || party.shareholding_bps > kMaxBasisPoints) {
    v.Add("shareholding_bps", "must be 0 to 10000 basis points");
  } else if (party.shareholding_bps != 0 && IsKnownRelationType(party.relation_type) &&
             !CarriesShareholding(party.relation_type)) {
    v.Add("shareholding_bps",
          "applies only to shareholder, subsidiary and actual-controller relations");
  }
  return v;
}

FieldViolations ValidateProject(const Project& project, absl::CivilDay today) {
  FieldViolations v;
  CheckText(v, "project_name", project.project_name, TextRule::Required(1, kMaxProjectNameLength));
  if (!project.total_investment.has_value()) {
    v.Add("total_investment", "is required");
  } else {
    CheckAmount(v, "total_investment", *project.total_investment, AmountSign::kPositive);
  }
  if (project.capital_ratio_bps < 0 || project.capital_ratio_bps > kMaxBasisPoints) {
    v.Add("capital_ratio_bps", "must be 0 to 10000 basis points");
  }
  CheckText(v, "use_of_funds", project.use_of_funds, TextRule::Optional(kMaxUseOfFundsLength));

  CheckOrder(v, project.planned_start_date, "planned_start_date", project.planned_completion_date,
             "planned_completion_date");
  CheckOrder(v, project.actual_start_date, "actual_start_date", project.actual_completion_date,
             "actual_completion_date");
  if (project.actual_completion_date.has_value() && !project.actual_start_date.has_value()) {
    v.Add("actual_start_date", "is required once actual_completion_date is set");
  }
  CheckOptionalDayNotInFuture(v, "actual_start_date", project.actual_start_date, today);
  CheckOptionalDayNotInFuture(v, "actual_completion_date", project.actual_completion_date, today);

  if (project.invested_to_date.has_value()) {
    const Money& invested = *project.invested_to_date;
    CheckAmount(v, "invested_to_date", invested, AmountSign::kNonNegative);
    if (project.total_investment.has_value()) {
      const Money& total = *project.total_investment;
      if (invested.currency_code != total.currency_code) {
        v.Add("invested_to_date.currency_code",
              absl::StrCat("must be the currency of total_investment (", total.currency_code, ")"));
      } else if (IsWellFormed(invested) && IsWellFormed(total) &&
                 TotalNanos(invested) > TotalNanos(total)) {
        v.Add("invested_to_date", "must not exceed total_investment");
      }
    }
  }

  for (size_t i = 0; i < project.milestones.size(); ++i) {
    const Milestone& m = project.milestones[i];
    CheckText(v, ElementPath("milestones", i, "title"), m.title,
              TextRule::Required(1, kMaxProjectNameLength));
    CheckOptionalDayNotInFuture(v, ElementPath("milestones", i, "actual_date"), m.actual_date,
                                today);
  }
  return v;
}

}  // namespace ccrm::customer
