#include "deploy/local/demo/demo_portfolio.h"

#include <cstdint>

#include "services/customer-profile/domain/personal_identifiers.h"
#include "services/customer-profile/domain/uscc.h"

namespace ccrm::demo {
namespace {

namespace v1 = ccrm::customer::v1;

std::string Uscc(const std::string& first17) {
  return first17 + customer::UsccCheckCharacter(first17).value_or('0');
}

std::string ResidentId(const std::string& first17) {
  return first17 + customer::ResidentIdCheckCharacter(first17).value_or('0');
}

void SetMoney(ccrm::common::v1::Money* m, int64_t yuan) {
  m->set_currency_code("CNY");
  m->set_units(yuan);
}

void SetDate(ccrm::common::v1::Date* d, int y, int m, int day) {
  d->set_year(y);
  d->set_month(m);
  d->set_day(day);
}

v1::Customer Enterprise(const std::string& code17, const std::string& name,
                        const std::string& industry, int64_t revenue, int64_t assets, int employees,
                        bool prior_credit, const std::string& grade, const std::string& rm,
                        int since_year) {
  v1::Customer c;
  c.set_kind(v1::CUSTOMER_KIND_ENTERPRISE);
  c.set_unified_social_credit_code(Uscc(code17));
  c.set_legal_name(name);
  c.set_industry_code(industry);
  SetMoney(c.mutable_annual_revenue(), revenue);
  SetMoney(c.mutable_total_assets(), assets);
  SetMoney(c.mutable_registered_capital(), assets / 10);
  c.set_employee_count(employees);
  c.set_has_prior_credit(prior_credit);
  c.set_credit_grade(grade);
  c.set_relationship_manager_id(rm);
  if (since_year > 0) {
    SetDate(c.mutable_relationship_start_date(), since_year, 3, 1);
  }
  SetDate(c.mutable_established_date(), since_year > 0 ? since_year - 6 : 2021, 6, 18);
  return c;
}

v1::Contact Contact(v1::ContactRole role, const std::string& name, const std::string& title,
                    const std::string& id17, const std::string& phone) {
  v1::Contact c;
  c.set_role(role);
  c.set_full_name(name);
  c.set_title(title);
  c.set_id_number(ResidentId(id17));
  c.set_phone(phone);
  c.set_primary(role == v1::CONTACT_ROLE_LEGAL_REPRESENTATIVE);
  return c;
}

// An audited annual statement whose balance sheet balances.
v1::FinancialStatement Annual(int year, int64_t assets, int64_t liabilities, int64_t revenue,
                              int64_t net_profit) {
  v1::FinancialStatement s;
  s.set_period_type(v1::PERIOD_TYPE_ANNUAL);
  s.set_fiscal_year(year);
  SetDate(s.mutable_period_end_date(), year, 12, 31);
  s.set_audited(true);
  s.set_currency_code("CNY");
  auto* b = s.mutable_balance_sheet();
  SetMoney(b->mutable_total_assets(), assets);
  SetMoney(b->mutable_current_assets(), assets * 45 / 100);
  SetMoney(b->mutable_cash(), assets * 12 / 100);
  SetMoney(b->mutable_accounts_receivable(), assets * 15 / 100);
  SetMoney(b->mutable_inventory(), assets * 10 / 100);
  SetMoney(b->mutable_total_liabilities(), liabilities);
  SetMoney(b->mutable_current_liabilities(), liabilities * 55 / 100);
  SetMoney(b->mutable_short_term_debt(), liabilities * 25 / 100);
  SetMoney(b->mutable_long_term_debt(), liabilities * 35 / 100);
  SetMoney(b->mutable_total_equity(), assets - liabilities);
  SetMoney(b->mutable_retained_earnings(), (assets - liabilities) * 30 / 100);
  auto* i = s.mutable_income_statement();
  SetMoney(i->mutable_revenue(), revenue);
  SetMoney(i->mutable_cost_of_sales(), revenue * 72 / 100);
  SetMoney(i->mutable_operating_profit(), revenue * 12 / 100);
  SetMoney(i->mutable_interest_expense(), liabilities * 4 / 100);
  SetMoney(i->mutable_ebit(), revenue * 13 / 100);
  SetMoney(i->mutable_ebitda(), revenue * 17 / 100);
  SetMoney(i->mutable_net_profit(), net_profit);
  auto* f = s.mutable_cash_flow_statement();
  SetMoney(f->mutable_operating_cash_flow(), net_profit * 14 / 10);
  SetMoney(f->mutable_investing_cash_flow(), -revenue * 5 / 100);
  SetMoney(f->mutable_financing_cash_flow(), -revenue * 3 / 100);
  SetMoney(f->mutable_debt_service(), liabilities * 12 / 100);
  return s;
}

}  // namespace

std::vector<DemoCustomer> DemoPortfolio() {
  std::vector<DemoCustomer> out;

  DemoCustomer group;
  group.key = "minjiang-group";
  group.customer = Enterprise("91350100MA2XY0001", "闽江城建投资集团有限公司", "E4819",
                              3'800'000'000, 12'500'000'000, 2600, true, "AA", "rm-001", 2012);
  group.customer.set_legal_representative("林建华");
  group.customer.set_registered_address("福建省福州市鼓楼区五四路88号");
  group.customer.set_business_scope("城市基础设施投资、建设与运营；房屋建筑工程施工");
  group.contacts.push_back(Contact(v1::CONTACT_ROLE_LEGAL_REPRESENTATIVE, "林建华", "董事长",
                                   "35010219680314521", "13905001234"));
  group.contacts.push_back(Contact(v1::CONTACT_ROLE_FINANCE_OFFICER, "陈晓敏", "财务总监",
                                   "35010419790822402", "13805912345"));
  group.statements.push_back(
      Annual(2024, 12'500'000'000, 7'900'000'000, 3'800'000'000, 265'000'000));
  group.statements.push_back(
      Annual(2025, 13'200'000'000, 8'500'000'000, 4'050'000'000, 281'000'000));
  group.subsidiaries = {"minjiang-bridge", "minjiang-water"};
  v1::RelatedParty guarantor;
  guarantor.set_relation_type(v1::RELATION_TYPE_GUARANTOR);
  guarantor.set_party_name("福州市城市建设融资担保有限公司");
  guarantor.set_party_unified_social_credit_code(Uscc("91350100MA2XY0099"));
  group.outside_parties.push_back(guarantor);
  out.push_back(group);

  DemoCustomer bridge;
  bridge.key = "minjiang-bridge";
  bridge.customer = Enterprise("91350100MA2XY0002", "闽江路桥工程有限公司", "E4813", 620'000'000,
                               1'450'000'000, 480, true, "A", "rm-001", 2016);
  bridge.customer.set_legal_representative("王志强");
  v1::Project project;
  project.set_project_name("乌龙江特大桥改扩建工程");
  SetMoney(project.mutable_total_investment(), 2'400'000'000);
  project.set_capital_ratio_bps(2500);
  project.set_use_of_funds("主桥及引桥施工、设备采购");
  SetDate(project.mutable_planned_start_date(), 2025, 3, 1);
  SetDate(project.mutable_planned_completion_date(), 2027, 12, 31);
  SetDate(project.mutable_actual_start_date(), 2025, 4, 15);
  SetMoney(project.mutable_invested_to_date(), 780'000'000);
  auto* m1 = project.add_milestones();
  m1->set_title("主墩基础完工");
  SetDate(m1->mutable_planned_date(), 2025, 12, 31);
  SetDate(m1->mutable_actual_date(), 2026, 2, 20);
  auto* m2 = project.add_milestones();
  m2->set_title("主桥合龙");
  SetDate(m2->mutable_planned_date(), 2027, 6, 30);
  bridge.projects.push_back(project);
  bridge.statements.push_back(Annual(2025, 1'450'000'000, 1'010'000'000, 620'000'000, 38'000'000));
  out.push_back(bridge);

  DemoCustomer water;
  water.key = "minjiang-water";
  water.customer = Enterprise("91350100MA2XY0003", "闽江水务发展有限公司", "D4610", 310'000'000,
                              980'000'000, 350, true, "A", "rm-001", 2018);
  water.customer.set_legal_representative("郑海燕");
  out.push_back(water);

  DemoCustomer sme;
  sme.key = "rongxin-precision";
  sme.customer = Enterprise("91350105MA31W0004", "榕信精密机械制造有限公司", "C3422", 86'000'000,
                            64'000'000, 210, true, "BBB", "rm-002", 2020);
  sme.customer.set_legal_representative("黄立新");
  sme.contacts.push_back(Contact(v1::CONTACT_ROLE_ACTUAL_CONTROLLER, "黄立新", "总经理",
                                 "35012119750506331", "15806012345"));
  sme.statements.push_back(Annual(2025, 64'000'000, 38'000'000, 86'000'000, 5'100'000));
  v1::RelatedParty supplier;
  supplier.set_relation_type(v1::RELATION_TYPE_UPSTREAM_SUPPLIER);
  supplier.set_party_name("三明特钢材料有限公司");
  sme.outside_parties.push_back(supplier);
  v1::RelatedParty buyer;
  buyer.set_relation_type(v1::RELATION_TYPE_DOWNSTREAM_BUYER);
  buyer.set_party_name("厦门海工装备集团有限公司");
  sme.outside_parties.push_back(buyer);
  out.push_back(sme);

  DemoCustomer first_time;
  first_time.key = "haixi-solar";
  first_time.customer = Enterprise("91350200MA8RW0005", "海西光伏新能源科技有限公司", "D4416",
                                   42'000'000, 150'000'000, 95, false, "", "rm-002", 0);
  first_time.customer.set_legal_representative("吴晨");
  out.push_back(first_time);

  DemoCustomer textile;
  textile.key = "jinjiang-textile";
  textile.customer = Enterprise("91350582MA2Y00006", "晋江锦纶纺织有限公司", "C1751", 128'000'000,
                                96'000'000, 420, true, "BB", "rm-003", 2015);
  textile.customer.set_legal_representative("许文辉");
  textile.statements.push_back(Annual(2025, 96'000'000, 71'000'000, 128'000'000, 1'200'000));
  out.push_back(textile);
  return out;
}

}  // namespace ccrm::demo
