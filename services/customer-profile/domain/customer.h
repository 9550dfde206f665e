// The customer-profile domain model: customers and their sub-resources, as plain C++ values.
// No gRPC, protobuf or MySQL types here; api/ maps protos to these, storage/ persists them.
// Personal identifiers are held in clear in these values; storage encrypts them, api masks them.
//
// Example:
//   Customer c;
//   c.kind = CustomerKind::kEnterprise;
//   c.unified_social_credit_code = "91350100M000100Y43";
//   c.legal_name = "福建某某建设有限公司";
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/money/money.h"

namespace ccrm::customer {

enum class CustomerKind { kUnspecified = 0, kEnterprise = 1, kIndividual = 2 };

enum class Segment { kUnspecified = 0, kKey = 1, kSme = 2, kFirstTimeBorrower = 3 };

// kTier1 is the highest.
enum class Tier { kUnspecified = 0, kTier1 = 1, kTier2 = 2, kTier3 = 3, kTier4 = 4 };

enum class LifecycleStage {
  kUnspecified = 0,
  kProspect = 1,
  kOnboarding = 2,
  kActive = 3,
  kWatch = 4,
  kExiting = 5,
  kClosed = 6,
};

// A person's override of the computed segment and tier.
struct ClassificationOverride {
  Segment segment = Segment::kUnspecified;
  Tier tier = Tier::kUnspecified;
  std::string reason;
  std::string overridden_by;
  absl::Time override_time;
};

struct Customer {
  std::string customer_id;
  CustomerKind kind = CustomerKind::kUnspecified;
  std::string unified_social_credit_code;
  std::string legal_name;
  std::string legal_representative;
  // Personal identifiers (clear text in the domain).
  std::string legal_representative_id_number;
  std::string contact_phone;
  std::string settlement_account_number;
  std::optional<Money> registered_capital;
  std::string business_scope;
  std::string industry_code;
  std::string registered_address;
  std::optional<absl::CivilDay> established_date;
  std::optional<Money> annual_revenue;
  std::optional<Money> total_assets;
  int32_t employee_count = 0;
  bool has_prior_credit = false;
  std::string credit_grade;
  std::optional<absl::CivilDay> relationship_start_date;
  std::string relationship_manager_id;

  // Effective classification: the override's when there is one, else the computed one.
  Segment segment = Segment::kUnspecified;
  Tier tier = Tier::kUnspecified;
  std::optional<ClassificationOverride> classification_override;
  LifecycleStage lifecycle_stage = LifecycleStage::kProspect;
  bool archived = false;
  absl::Time create_time;
  absl::Time update_time;
  std::optional<absl::Time> archive_time;
  // Starts at 1; +1 on every change. The etag is derived from it.
  int64_t revision = 0;
};

enum class ContactRole {
  kUnspecified = 0,
  kLegalRepresentative = 1,
  kActualController = 2,
  kFinanceOfficer = 3,
  kEmergencyContact = 4,
  kFamilyMember = 5,
  kBusinessPartner = 6,
};

struct Contact {
  std::string customer_id;
  std::string contact_id;
  ContactRole role = ContactRole::kUnspecified;
  std::string full_name;
  std::string title;
  // Personal identifiers.
  std::string id_number;
  std::string phone;
  std::string email;
  bool primary = false;
  absl::Time create_time;
  absl::Time update_time;
  int64_t revision = 0;
};

enum class RelationType {
  kUnspecified = 0,
  kShareholder = 1,
  kSubsidiary = 2,
  kActualController = 3,
  kGuarantor = 4,
  kAffiliate = 5,
  kUpstreamSupplier = 6,
  kDownstreamBuyer = 7,
};

// An edge of the related-party graph, recorded on `customer_id`: the party stands in
// `relation_type` to the customer (e.g. kShareholder: the party holds shares of the customer).
struct RelatedParty {
  std::string customer_id;
  std::string related_party_id;
  RelationType relation_type = RelationType::kUnspecified;
  // Set when the party is itself a customer of the bank.
  std::string related_customer_id;
  // Describe an outside party (or copy the related customer's name and code).
  std::string party_name;
  std::string party_unified_social_credit_code;
  // 0..10000.
  int32_t shareholding_bps = 0;
  absl::Time create_time;
};

struct Milestone {
  std::string title;
  std::optional<absl::CivilDay> planned_date;
  std::optional<absl::CivilDay> actual_date;
};

struct Project {
  std::string customer_id;
  std::string project_id;
  std::string project_name;
  std::optional<Money> total_investment;
  // 0..10000.
  int32_t capital_ratio_bps = 0;
  std::string use_of_funds;
  std::optional<absl::CivilDay> planned_start_date;
  std::optional<absl::CivilDay> planned_completion_date;
  std::optional<absl::CivilDay> actual_start_date;
  std::optional<absl::CivilDay> actual_completion_date;
  std::optional<Money> invested_to_date;
  std::vector<Milestone> milestones;
  absl::Time create_time;
  absl::Time update_time;
  int64_t revision = 0;
};

enum class PeriodType { kUnspecified = 0, kAnnual = 1, kQuarterly = 2 };

// Line items of a statement; absent items are nullopt (never a silent zero).
struct BalanceSheet {
  std::optional<Money> cash, accounts_receivable, inventory, current_assets, total_assets,
      short_term_debt, current_liabilities, long_term_debt, total_liabilities, total_equity,
      retained_earnings;
};

struct IncomeStatement {
  std::optional<Money> revenue, cost_of_sales, operating_profit, interest_expense, ebit, ebitda,
      net_profit;
};

struct CashFlowStatement {
  std::optional<Money> operating_cash_flow, investing_cash_flow, financing_cash_flow, debt_service;
};

struct FinancialStatement {
  std::string customer_id;
  std::string statement_id;
  PeriodType period_type = PeriodType::kUnspecified;
  int32_t fiscal_year = 0;
  // 1..4 for quarterly, 0 for annual.
  int32_t fiscal_quarter = 0;
  std::optional<absl::CivilDay> period_end_date;
  bool audited = false;
  std::string currency_code;
  BalanceSheet balance_sheet;
  IncomeStatement income_statement;
  CashFlowStatement cash_flow_statement;
  absl::Time create_time;
};

// One line of the audit trail: who read in clear or changed what. Never holds values.
struct AuditRecord {
  int64_t audit_id = 0;
  std::string actor;
  std::vector<std::string> actor_roles;
  std::string action;
  std::string resource;
  std::string customer_id;
  std::vector<std::string> fields;
  std::string reason;
  std::string request_id;
  absl::Time record_time;
};

// A member of a customer group found by walking the related-party graph.
struct GroupMember {
  // Set for customers of the bank; outside parties are identified by code or name.
  std::string customer_id;
  std::string display_name;
  std::string unified_social_credit_code;
  int32_t depth = 0;
  std::vector<std::string> paths;
};

struct CustomerGroup {
  std::string root_customer_id;
  std::vector<GroupMember> members;
  bool truncated = false;
};

}  // namespace ccrm::customer
