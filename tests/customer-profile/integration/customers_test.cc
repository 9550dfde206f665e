// Customers through the real service: create (idempotent, validated, classified, masked), get
// (masked, unmasked and audited, as of a past time), list (filters, paging), update by mask and
// etag, lifecycle, classification override and archive, with exact codes, reasons and violation
// paths.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/auth/principal.h"
#include "tests/customer-profile/integration/customer_profile_env.h"
#include "tests/customer-profile/integration/sample_data.h"

namespace ccrm::customer::itest {
namespace {

using ::ccrm::testing::StatusIs;
using ::google::protobuf::util::MessageDifferencer;
using ::google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

CCRM_CUSTOMER_PROFILE_SHARED_SERVICE(EnvOptions{});

constexpr absl::StatusCode kInvalidArgument = absl::StatusCode::kInvalidArgument;
constexpr char kUnknownCustomer[] = "customers/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

std::string Rm() { return SharedEnv().TokenFor(roles::kRelationshipManager); }
std::string Admin() { return SharedEnv().TokenFor(roles::kAdmin); }
std::string Auditor() { return SharedEnv().TokenFor(roles::kAuditor); }

// A legal-name prefix no other test uses, so list filters see only this test's customers.
std::string UniquePrefix(const std::string& base) { return absl::StrCat(base, NextSerial(), "号"); }

absl::StatusOr<v1::Customer> Create(const v1::Customer& customer,
                                    const std::string& request_id = "",
                                    const std::string& token = Rm()) {
  v1::CreateCustomerRequest request;
  *request.mutable_customer() = customer;
  request.set_request_id(request_id);
  return SharedEnv().Call(&Stub::CreateCustomer, token, request);
}

absl::StatusOr<v1::Customer> Get(const std::string& name,
                                 v1::CustomerView view = v1::CUSTOMER_VIEW_UNSPECIFIED,
                                 const std::string& token = Rm()) {
  v1::GetCustomerRequest request;
  request.set_name(name);
  request.set_view(view);
  return SharedEnv().Call(&Stub::GetCustomer, token, request);
}

absl::StatusOr<v1::Customer> Update(const v1::Customer& customer,
                                    const std::vector<std::string>& paths,
                                    const std::string& token = Rm()) {
  v1::UpdateCustomerRequest request;
  *request.mutable_customer() = customer;
  for (const std::string& path : paths) {
    request.mutable_update_mask()->add_paths(path);
  }
  return SharedEnv().Call(&Stub::UpdateCustomer, token, request);
}

absl::StatusOr<v1::Customer> Transition(const std::string& name, v1::LifecycleStage to,
                                        const std::string& reason = "客户资料齐全",
                                        const std::string& etag = "",
                                        const std::string& token = Rm()) {
  v1::TransitionLifecycleRequest request;
  request.set_name(name);
  request.set_to_stage(to);
  request.set_reason(reason);
  request.set_etag(etag);
  return SharedEnv().Call(&Stub::TransitionLifecycle, token, request);
}

absl::StatusOr<v1::ListCustomersResponse> List(const v1::ListCustomersRequest& request,
                                               const std::string& token = Rm()) {
  return SharedEnv().Call(&Stub::ListCustomers, token, request);
}

std::vector<std::string> IdsOf(const v1::ListCustomersResponse& response) {
  std::vector<std::string> ids;
  for (const v1::Customer& c : response.customers()) {
    ids.push_back(c.customer_id());
  }
  return ids;
}

absl::StatusOr<v1::ListAuditRecordsResponse> Audit(const std::string& customer_id,
                                                   const std::string& action) {
  v1::ListAuditRecordsRequest request;
  request.set_customer_id(customer_id);
  request.set_action(action);
  return SharedEnv().Call(&Stub::ListAuditRecords, Auditor(), request);
}

int64_t CountRows(const std::string& table) {
  return SharedEnv()
      .db()
      .QueryIntAsAdmin(absl::StrCat("SELECT COUNT(*) FROM ", table))
      .value_or(-1);
}

bool SameMessage(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return MessageDifferencer::Equals(a, b);
}

TEST(CreateCustomerTest, ReturnsTheCustomerClassifiedAsProspectWithIdentifiersMasked) {
  const v1::Customer draft = KeyEnterprise("福建创建测试建设有限公司");
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(draft, absl::StrCat("create-", NextSerial())));

  EXPECT_EQ(c.name(), "customers/" + c.customer_id());
  EXPECT_EQ(c.customer_id().size(), 36u);
  EXPECT_EQ(c.kind(), v1::CUSTOMER_KIND_ENTERPRISE);
  EXPECT_EQ(c.unified_social_credit_code(), draft.unified_social_credit_code());
  EXPECT_EQ(c.legal_name(), draft.legal_name());
  EXPECT_EQ(c.legal_representative(), draft.legal_representative());
  EXPECT_TRUE(SameMessage(c.registered_capital(), draft.registered_capital()));
  EXPECT_EQ(c.business_scope(), draft.business_scope());
  EXPECT_EQ(c.industry_code(), "C3011");
  EXPECT_EQ(c.registered_address(), draft.registered_address());
  EXPECT_TRUE(SameMessage(c.established_date(), draft.established_date()));
  EXPECT_TRUE(SameMessage(c.annual_revenue(), draft.annual_revenue()));
  EXPECT_TRUE(SameMessage(c.total_assets(), draft.total_assets()));
  EXPECT_EQ(c.employee_count(), 800);
  EXPECT_TRUE(c.has_prior_credit());
  EXPECT_EQ(c.credit_grade(), "AA");
  EXPECT_TRUE(SameMessage(c.relationship_start_date(), draft.relationship_start_date()));
  EXPECT_EQ(c.relationship_manager_id(), "rm-1");

  EXPECT_EQ(c.lifecycle_stage(), v1::LIFECYCLE_STAGE_PROSPECT);
  EXPECT_EQ(c.segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(c.tier(), v1::TIER_1);
  EXPECT_FALSE(c.has_classification_override());
  EXPECT_FALSE(c.archived());
  EXPECT_EQ(c.etag(), "r1");
  EXPECT_EQ(c.revision(), 1);
  EXPECT_TRUE(c.has_create_time());
  EXPECT_EQ(c.update_time(), c.create_time());

  EXPECT_EQ(c.legal_representative_id_number(),
            ExpectedMaskedIdNumber(draft.legal_representative_id_number()));
  EXPECT_EQ(c.contact_phone(), ExpectedMaskedMobile(draft.contact_phone()));
  EXPECT_EQ(c.settlement_account_number(),
            ExpectedMaskedAccount(draft.settlement_account_number()));

  // A masked read gives the same.
  ASSERT_OK_AND_ASSIGN(v1::Customer read, Get(c.name()));
  EXPECT_TRUE(SameMessage(read, c)) << read.DebugString() << "\nvs\n" << c.DebugString();
}

TEST(CreateCustomerTest, SameRequestIdReturnsTheSameCustomerAndWritesOnce) {
  const v1::Customer draft = SmeEnterprise("幂等测试贸易有限公司");
  const std::string request_id = absl::StrCat("idem-", NextSerial());
  ASSERT_OK_AND_ASSIGN(v1::Customer first, Create(draft, request_id));
  ASSERT_OK_AND_ASSIGN(v1::Customer again, Create(draft, request_id));
  EXPECT_EQ(again.customer_id(), first.customer_id());
  EXPECT_EQ(again.etag(), "r1");
  EXPECT_EQ(again.contact_phone(), ExpectedMaskedMobile(draft.contact_phone()));
  EXPECT_EQ(CountRows(absl::StrCat("customers WHERE unified_social_credit_code = '",
                                   draft.unified_social_credit_code(), "'")),
            1);
  EXPECT_EQ(CountRows(absl::StrCat("idempotency_keys WHERE request_id = '", request_id, "'")), 1);

  v1::Customer changed = draft;
  changed.set_legal_name("幂等测试贸易有限公司（改名）");
  EXPECT_THAT(Create(changed, request_id), FailsWith(kInvalidArgument, "REQUEST_ID_REUSED"));
  EXPECT_EQ(CountRows(absl::StrCat("customers WHERE unified_social_credit_code = '",
                                   draft.unified_social_credit_code(), "'")),
            1);
}

TEST(CreateCustomerTest, DuplicateCodeIsAlreadyExistsAndWritesNothing) {
  const v1::Customer draft = KeyEnterprise("重复代码测试有限公司");
  ASSERT_OK(Create(draft, absl::StrCat("dup-a-", NextSerial())).status());
  const std::vector<std::string> tables = {"customers", "customer_history", "audit_records",
                                           "outbox_events", "idempotency_keys"};
  std::vector<int64_t> before;
  for (const std::string& table : tables) {
    before.push_back(CountRows(table));
  }

  v1::Customer same_code = KeyEnterprise("另一家用同一代码的公司");
  same_code.set_unified_social_credit_code(draft.unified_social_credit_code());
  EXPECT_THAT(Create(same_code, absl::StrCat("dup-b-", NextSerial())),
              FailsWith(absl::StatusCode::kAlreadyExists, "CUSTOMER_ALREADY_EXISTS"));
  EXPECT_THAT(Create(same_code),
              FailsWith(absl::StatusCode::kAlreadyExists, "CUSTOMER_ALREADY_EXISTS"));
  for (size_t i = 0; i < tables.size(); ++i) {
    EXPECT_EQ(CountRows(tables[i]), before[i]) << tables[i] << " changed on a failed create";
  }
}

TEST(CreateCustomerTest, InvalidInputNamesEveryBadField) {
  v1::Customer bad_code = KeyEnterprise("代码错误有限公司");
  std::string code = bad_code.unified_social_credit_code();
  code.back() = code.back() == '0' ? '1' : '0';
  bad_code.set_unified_social_credit_code(code);
  absl::StatusOr<v1::Customer> result = Create(bad_code);
  EXPECT_THAT(result, FailsWith(kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(result), ElementsAre("customer.unified_social_credit_code"));

  result = Create(v1::Customer());
  EXPECT_THAT(result, FailsWith(kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(result), UnorderedElementsAre("customer.kind", "customer.legal_name"));

  v1::Customer enterprise_without_ids = KeyEnterprise("缺少代码有限公司");
  enterprise_without_ids.clear_unified_social_credit_code();
  enterprise_without_ids.clear_industry_code();
  result = Create(enterprise_without_ids);
  EXPECT_THAT(ViolatedFields(result), UnorderedElementsAre("customer.unified_social_credit_code",
                                                           "customer.industry_code"));

  v1::Customer bad_identifiers = KeyEnterprise("证件错误有限公司");
  std::string wrong_check = bad_identifiers.legal_representative_id_number();
  wrong_check.back() = wrong_check.back() == '1' ? '2' : '1';
  bad_identifiers.set_legal_representative_id_number(wrong_check);
  bad_identifiers.set_contact_phone("12345");
  bad_identifiers.set_settlement_account_number("12-34");
  bad_identifiers.set_industry_code("A30");
  bad_identifiers.set_credit_grade("Z");
  result = Create(bad_identifiers);
  EXPECT_THAT(ViolatedFields(result),
              UnorderedElementsAre("customer.legal_representative_id_number",
                                   "customer.contact_phone", "customer.settlement_account_number",
                                   "customer.industry_code", "customer.credit_grade"));

  v1::Customer bad_money = KeyEnterprise("金额错误有限公司");
  bad_money.mutable_annual_revenue()->set_currency_code("yuan");
  result = Create(bad_money);
  EXPECT_THAT(result, StatusIs(kInvalidArgument));
  EXPECT_THAT(ViolatedFields(result), ElementsAre("customer.annual_revenue.currency_code"));

  result = Create(KeyEnterprise("请求号错误有限公司"), "not a valid id!");
  EXPECT_THAT(ViolatedFields(result), ElementsAre("request_id"));
}

TEST(GetCustomerTest, UnknownIsNotFoundAndMalformedNameIsInvalid) {
  EXPECT_THAT(Get(kUnknownCustomer), FailsWith(absl::StatusCode::kNotFound, "CUSTOMER_NOT_FOUND"));
  for (const char* name : {"customers/not-a-uuid", "clients/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                           "", "customers/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/contacts"}) {
    absl::StatusOr<v1::Customer> result = Get(name);
    EXPECT_THAT(result, FailsWith(kInvalidArgument, "INVALID_ARGUMENT")) << name;
    EXPECT_THAT(ViolatedFields(result), ElementsAre("name")) << name;
  }
}

TEST(GetCustomerTest, UnmaskedReadByAdminIsClearAndAudited) {
  const v1::Customer draft = KeyEnterprise("明文读取审计有限公司");
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(draft));
  ASSERT_OK_AND_ASSIGN(v1::ListAuditRecordsResponse none,
                       Audit(c.customer_id(), "customer.read_unmasked"));
  EXPECT_THAT(none.audit_records(), IsEmpty());

  ASSERT_OK_AND_ASSIGN(v1::Customer clear, Get(c.name(), v1::CUSTOMER_VIEW_UNMASKED, Admin()));
  EXPECT_EQ(clear.legal_representative_id_number(), draft.legal_representative_id_number());
  EXPECT_EQ(clear.contact_phone(), draft.contact_phone());
  EXPECT_EQ(clear.settlement_account_number(), draft.settlement_account_number());

  ASSERT_OK_AND_ASSIGN(v1::ListAuditRecordsResponse audit,
                       Audit(c.customer_id(), "customer.read_unmasked"));
  ASSERT_EQ(audit.audit_records_size(), 1);
  const v1::AuditRecord& record = audit.audit_records(0);
  EXPECT_EQ(record.actor(), CustomerProfileEnv::SubjectFor(roles::kAdmin));
  EXPECT_THAT(record.actor_roles(), ElementsAre(roles::kAdmin));
  EXPECT_EQ(record.action(), "customer.read_unmasked");
  EXPECT_EQ(record.resource(), c.name());
  EXPECT_EQ(record.customer_id(), c.customer_id());
  EXPECT_THAT(record.fields(), UnorderedElementsAre("legal_representative_id_number",
                                                    "contact_phone", "settlement_account_number"));
  EXPECT_TRUE(record.has_record_time());
  const std::string text = record.DebugString();
  EXPECT_THAT(text, Not(::testing::HasSubstr(draft.legal_representative_id_number())));
  EXPECT_THAT(text, Not(::testing::HasSubstr(draft.contact_phone())));

  // The audit trail is for auditors and admins only.
  v1::ListAuditRecordsRequest request;
  request.set_customer_id(c.customer_id());
  EXPECT_THAT(SharedEnv().Call(&Stub::ListAuditRecords, Rm(), request),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));
}

TEST(GetCustomerTest, UnmaskedReadByAuditorIsDeniedAndNotAudited) {
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(KeyEnterprise("审计员明文拒绝有限公司")));
  EXPECT_THAT(Get(c.name(), v1::CUSTOMER_VIEW_UNMASKED, Auditor()),
              FailsWith(absl::StatusCode::kPermissionDenied, "UNMASKED_VIEW_NOT_PERMITTED"));
  ASSERT_OK_AND_ASSIGN(v1::ListAuditRecordsResponse audit,
                       Audit(c.customer_id(), "customer.read_unmasked"));
  EXPECT_THAT(audit.audit_records(), IsEmpty());
}

TEST(UpdateCustomerTest, MaskAndEtagUpdateStaleEtagChangesNothingAndHistoryIsReadable) {
  const v1::Customer draft = KeyEnterprise("更新前有限公司");
  ASSERT_OK_AND_ASSIGN(v1::Customer r1, Create(draft));

  v1::Customer patch;
  patch.set_name(r1.name());
  patch.set_etag(r1.etag());
  patch.set_legal_name("更新后有限公司");
  *patch.mutable_annual_revenue() = Cny(50'000'000);
  *patch.mutable_total_assets() = Cny(30'000'000);
  patch.set_registered_address("这个字段不在掩码里，不应改变");
  ASSERT_OK_AND_ASSIGN(v1::Customer r2,
                       Update(patch, {"legal_name", "annual_revenue", "total_assets"}));
  EXPECT_EQ(r2.revision(), 2);
  EXPECT_EQ(r2.etag(), "r2");
  EXPECT_EQ(r2.legal_name(), "更新后有限公司");
  EXPECT_EQ(r2.registered_address(), draft.registered_address());
  // Reclassified: no longer large (SME: has borrowed); assets 16 + AA 35 + 10+ years 20 = 71.
  EXPECT_EQ(r2.segment(), v1::SEGMENT_SME);
  EXPECT_EQ(r2.tier(), v1::TIER_2);
  EXPECT_EQ(r2.contact_phone(), ExpectedMaskedMobile(draft.contact_phone()));
  EXPECT_GT(TimeUtil::TimestampToMicroseconds(r2.update_time()),
            TimeUtil::TimestampToMicroseconds(r1.update_time()));

  // A writer still holding r1 loses, and nothing changes.
  patch.set_etag("r1");
  patch.set_legal_name("迟到的更新有限公司");
  EXPECT_THAT(Update(patch, {"legal_name"}),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  ASSERT_OK_AND_ASSIGN(v1::Customer now, Get(r1.name()));
  EXPECT_EQ(now.revision(), 2);
  EXPECT_EQ(now.legal_name(), "更新后有限公司");

  // As of a time between the two revisions: the first one.
  const int64_t t1 = TimeUtil::TimestampToMicroseconds(r1.update_time());
  const int64_t t2 = TimeUtil::TimestampToMicroseconds(r2.update_time());
  v1::GetCustomerRequest as_of;
  as_of.set_name(r1.name());
  *as_of.mutable_as_of_time() = TimeUtil::MicrosecondsToTimestamp(t1 + (t2 - t1) / 2);
  ASSERT_OK_AND_ASSIGN(v1::Customer old, SharedEnv().Call(&Stub::GetCustomer, Rm(), as_of));
  EXPECT_EQ(old.revision(), 1);
  EXPECT_EQ(old.legal_name(), "更新前有限公司");
  EXPECT_EQ(old.segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(old.contact_phone(), ExpectedMaskedMobile(draft.contact_phone()));
  // Before it existed: not found.
  *as_of.mutable_as_of_time() = TimeUtil::MicrosecondsToTimestamp(t1 - 1'000'000);
  EXPECT_THAT(SharedEnv().Call(&Stub::GetCustomer, Rm(), as_of),
              FailsWith(absl::StatusCode::kNotFound, "CUSTOMER_NOT_FOUND"));
}

TEST(UpdateCustomerTest, OutputOnlyFixedOrMissingPathsAreInvalid) {
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(KeyEnterprise("掩码校验有限公司")));
  v1::Customer patch;
  patch.set_name(c.name());
  patch.set_segment(v1::SEGMENT_SME);
  patch.set_unified_social_credit_code(NextUscc());
  patch.set_lifecycle_stage(v1::LIFECYCLE_STAGE_ACTIVE);
  for (const char* path :
       {"segment", "tier", "lifecycle_stage", "etag", "revision", "unified_social_credit_code",
        "kind", "no_such_field", "registered_capital.units"}) {
    absl::StatusOr<v1::Customer> result = Update(patch, {path});
    EXPECT_THAT(result, FailsWith(kInvalidArgument, "INVALID_ARGUMENT")) << path;
    EXPECT_THAT(ViolatedFields(result), ElementsAre("update_mask")) << path;
  }
  absl::StatusOr<v1::Customer> no_mask = Update(patch, {});
  EXPECT_THAT(no_mask, FailsWith(kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(no_mask), ElementsAre("update_mask"));

  // A valid path with an invalid value names the value's field.
  patch.set_credit_grade("Z");
  absl::StatusOr<v1::Customer> bad_value = Update(patch, {"credit_grade"});
  EXPECT_THAT(ViolatedFields(bad_value), ElementsAre("customer.credit_grade"));

  ASSERT_OK_AND_ASSIGN(v1::Customer unchanged, Get(c.name()));
  EXPECT_EQ(unchanged.revision(), 1);
  EXPECT_EQ(unchanged.segment(), v1::SEGMENT_KEY);
}

TEST(UpdateCustomerTest, MalformedEtagNamesTheFieldItCameIn) {
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(KeyEnterprise("错误标签有限公司")));
  v1::Customer patch;
  patch.set_name(c.name());
  patch.set_etag("W/\"1\"");
  patch.set_legal_name("错误标签有限公司（新）");
  absl::StatusOr<v1::Customer> update = Update(patch, {"legal_name"});
  EXPECT_THAT(update, FailsWith(kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(update), ElementsAre("customer.etag"));

  v1::ArchiveCustomerRequest archive;
  archive.set_name(c.name());
  archive.set_reason("测试");
  archive.set_etag("not-an-etag");
  EXPECT_THAT(ViolatedFields(SharedEnv().Call(&Stub::ArchiveCustomer, Rm(), archive)),
              ElementsAre("etag"));
}

TEST(UpdateCustomerTest, UnknownCustomerIsNotFound) {
  v1::Customer patch;
  patch.set_name(kUnknownCustomer);
  patch.set_legal_name("不存在的公司");
  EXPECT_THAT(Update(patch, {"legal_name"}),
              FailsWith(absl::StatusCode::kNotFound, "CUSTOMER_NOT_FOUND"));
}

TEST(ListCustomersTest, FiltersBySegmentIndustryNameLifecycleTierAndIdNumber) {
  const std::string prefix = UniquePrefix("筛选");
  const v1::Customer key_draft = KeyEnterprise(prefix + "甲钢铁");
  ASSERT_OK_AND_ASSIGN(v1::Customer key, Create(key_draft));
  ASSERT_OK_AND_ASSIGN(v1::Customer sme, Create(SmeEnterprise(prefix + "乙商贸")));
  ASSERT_OK_AND_ASSIGN(v1::Customer ftb, Create(FirstTimeBorrower(prefix + "丙建材")));
  ASSERT_OK_AND_ASSIGN(v1::Customer onboarding, Create(KeyEnterprise(prefix + "丁重工")));
  ASSERT_OK(Transition(onboarding.name(), v1::LIFECYCLE_STAGE_ONBOARDING).status());
  ASSERT_OK(Create(KeyEnterprise(UniquePrefix("别的前缀"))).status());

  v1::ListCustomersRequest request;
  request.set_name_prefix(prefix);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse all, List(request));
  EXPECT_THAT(IdsOf(all), ElementsAre(key.customer_id(), sme.customer_id(), ftb.customer_id(),
                                      onboarding.customer_id()));
  EXPECT_EQ(all.next_page_token(), "");

  v1::ListCustomersRequest by_segment = request;
  by_segment.set_segment(v1::SEGMENT_KEY);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse keys, List(by_segment));
  EXPECT_THAT(IdsOf(keys), ElementsAre(key.customer_id(), onboarding.customer_id()));

  v1::ListCustomersRequest by_industry = request;
  by_industry.set_industry_code("C30");
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse c30, List(by_industry));
  EXPECT_THAT(IdsOf(c30),
              ElementsAre(key.customer_id(), ftb.customer_id(), onboarding.customer_id()));
  by_industry.set_industry_code("F5124");
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse f5124, List(by_industry));
  EXPECT_THAT(IdsOf(f5124), ElementsAre(sme.customer_id()));

  v1::ListCustomersRequest by_stage = request;
  by_stage.set_lifecycle_stage(v1::LIFECYCLE_STAGE_ONBOARDING);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse onboarding_only, List(by_stage));
  EXPECT_THAT(IdsOf(onboarding_only), ElementsAre(onboarding.customer_id()));

  v1::ListCustomersRequest prospects_key = by_segment;
  prospects_key.set_lifecycle_stage(v1::LIFECYCLE_STAGE_PROSPECT);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse key_prospects, List(prospects_key));
  EXPECT_THAT(IdsOf(key_prospects), ElementsAre(key.customer_id()));

  v1::ListCustomersRequest by_tier = request;
  by_tier.set_tier(v1::TIER_4);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse tier4, List(by_tier));
  EXPECT_THAT(IdsOf(tier4), ElementsAre(ftb.customer_id()));

  // Exact match on the (encrypted) legal representative's ID number, through its blind index.
  v1::ListCustomersRequest by_id_number;
  by_id_number.set_legal_representative_id_number(key_draft.legal_representative_id_number());
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse by_id, List(by_id_number));
  EXPECT_THAT(IdsOf(by_id), ElementsAre(key.customer_id()));

  v1::ListCustomersRequest newest_first = request;
  newest_first.set_order_by("create_time desc");
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse desc, List(newest_first));
  EXPECT_THAT(IdsOf(desc), ElementsAre(onboarding.customer_id(), ftb.customer_id(),
                                       sme.customer_id(), key.customer_id()));
  newest_first.set_order_by("size");
  absl::StatusOr<v1::ListCustomersResponse> bad_order = List(newest_first);
  EXPECT_THAT(ViolatedFields(bad_order), ElementsAre("order_by"));
}

TEST(ListCustomersTest, PagesThroughEveryCustomerOnceAndTokensStayWithTheirQuery) {
  const std::string prefix = UniquePrefix("分页");
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(SmeEnterprise(absl::StrCat(prefix, "公司", i))));
    created.push_back(c.customer_id());
  }
  v1::ListCustomersRequest request;
  request.set_name_prefix(prefix);
  request.set_page_size(2);
  std::vector<std::string> seen;
  std::vector<int> page_sizes;
  std::string first_token;
  for (int page = 0; page < 10; ++page) {
    ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse response, List(request));
    page_sizes.push_back(response.customers_size());
    for (const std::string& id : IdsOf(response)) {
      seen.push_back(id);
    }
    if (page == 0) {
      first_token = response.next_page_token();
    }
    if (response.next_page_token().empty()) {
      break;
    }
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(page_sizes, ElementsAre(2, 2, 1));
  EXPECT_EQ(seen, created);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());

  ASSERT_FALSE(first_token.empty());
  v1::ListCustomersRequest other_query;
  other_query.set_name_prefix(prefix);
  other_query.set_segment(v1::SEGMENT_KEY);
  other_query.set_page_size(2);
  other_query.set_page_token(first_token);
  absl::StatusOr<v1::ListCustomersResponse> reused = List(other_query);
  EXPECT_THAT(reused, FailsWith(kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(reused), ElementsAre("page_token"));

  other_query.set_segment(v1::SEGMENT_UNSPECIFIED);
  other_query.set_page_token("not-a-token");
  EXPECT_THAT(ViolatedFields(List(other_query)), ElementsAre("page_token"));
  other_query.set_page_token("");
  other_query.set_page_size(-1);
  EXPECT_THAT(ViolatedFields(List(other_query)), ElementsAre("page_size"));
}

TEST(LifecycleTest, FollowsTheAllowedPathsOnly) {
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(KeyEnterprise("生命周期有限公司")));
  ASSERT_OK_AND_ASSIGN(v1::Customer onboarding,
                       Transition(c.name(), v1::LIFECYCLE_STAGE_ONBOARDING, "开始准入", "r1"));
  EXPECT_EQ(onboarding.lifecycle_stage(), v1::LIFECYCLE_STAGE_ONBOARDING);
  EXPECT_EQ(onboarding.etag(), "r2");
  ASSERT_OK_AND_ASSIGN(v1::Customer active,
                       Transition(c.name(), v1::LIFECYCLE_STAGE_ACTIVE, "准入完成", "r2"));
  EXPECT_EQ(active.lifecycle_stage(), v1::LIFECYCLE_STAGE_ACTIVE);

  EXPECT_THAT(Transition(c.name(), v1::LIFECYCLE_STAGE_PROSPECT),
              FailsWith(absl::StatusCode::kFailedPrecondition, "LIFECYCLE_TRANSITION_NOT_ALLOWED"));
  EXPECT_THAT(Transition(c.name(), v1::LIFECYCLE_STAGE_WATCH, "关注", "r2"),
              FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
  absl::StatusOr<v1::Customer> no_reason = Transition(c.name(), v1::LIFECYCLE_STAGE_WATCH, "");
  EXPECT_THAT(no_reason, StatusIs(kInvalidArgument));
  EXPECT_THAT(ViolatedFields(no_reason), ElementsAre("reason"));
  absl::StatusOr<v1::Customer> no_stage =
      Transition(c.name(), v1::LIFECYCLE_STAGE_UNSPECIFIED, "没有目标阶段");
  EXPECT_THAT(ViolatedFields(no_stage), ElementsAre("to_stage"));
  EXPECT_THAT(Transition(c.name(), v1::LIFECYCLE_STAGE_WATCH, "关注", "",
                         SharedEnv().TokenFor(roles::kCreditAnalyst)),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));

  ASSERT_OK_AND_ASSIGN(v1::Customer now, Get(c.name()));
  EXPECT_EQ(now.lifecycle_stage(), v1::LIFECYCLE_STAGE_ACTIVE);
  EXPECT_EQ(now.revision(), 3);
}

TEST(ClassificationOverrideTest, ApproverOverridesWithReasonAndClearsIt) {
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(KeyEnterprise("分类调整有限公司")));
  ASSERT_EQ(c.segment(), v1::SEGMENT_KEY);
  const std::string approver = SharedEnv().TokenFor(roles::kCreditApprover);

  v1::OverrideClassificationRequest request;
  request.set_name(c.name());
  request.set_segment(v1::SEGMENT_SME);
  request.set_tier(v1::TIER_3);
  request.set_etag(c.etag());

  absl::StatusOr<v1::Customer> no_reason =
      SharedEnv().Call(&Stub::OverrideClassification, approver, request);
  EXPECT_THAT(no_reason, FailsWith(kInvalidArgument, "INVALID_ARGUMENT"));
  EXPECT_THAT(ViolatedFields(no_reason), ElementsAre("reason"));

  request.set_reason("集团整体按中小企业维护");
  EXPECT_THAT(SharedEnv().Call(&Stub::OverrideClassification, Rm(), request),
              FailsWith(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED"));

  ASSERT_OK_AND_ASSIGN(v1::Customer overridden,
                       SharedEnv().Call(&Stub::OverrideClassification, approver, request));
  EXPECT_EQ(overridden.segment(), v1::SEGMENT_SME);
  EXPECT_EQ(overridden.tier(), v1::TIER_3);
  ASSERT_TRUE(overridden.has_classification_override());
  EXPECT_EQ(overridden.classification_override().segment(), v1::SEGMENT_SME);
  EXPECT_EQ(overridden.classification_override().tier(), v1::TIER_3);
  EXPECT_EQ(overridden.classification_override().reason(), "集团整体按中小企业维护");
  EXPECT_EQ(overridden.classification_override().overridden_by(),
            CustomerProfileEnv::SubjectFor(roles::kCreditApprover));
  EXPECT_TRUE(overridden.classification_override().has_override_time());
  EXPECT_EQ(overridden.revision(), 2);

  ASSERT_OK_AND_ASSIGN(v1::ListAuditRecordsResponse audit,
                       Audit(c.customer_id(), "customer.override_classification"));
  ASSERT_EQ(audit.audit_records_size(), 1);
  EXPECT_EQ(audit.audit_records(0).reason(), "集团整体按中小企业维护");
  EXPECT_EQ(audit.audit_records(0).actor(), CustomerProfileEnv::SubjectFor(roles::kCreditApprover));

  v1::ClearClassificationOverrideRequest clear;
  clear.set_name(c.name());
  clear.set_reason("恢复规则分类");
  ASSERT_OK_AND_ASSIGN(v1::Customer cleared,
                       SharedEnv().Call(&Stub::ClearClassificationOverride,
                                        SharedEnv().TokenFor(roles::kRiskOfficer), clear));
  EXPECT_EQ(cleared.segment(), v1::SEGMENT_KEY);
  EXPECT_EQ(cleared.tier(), v1::TIER_1);
  EXPECT_FALSE(cleared.has_classification_override());
  EXPECT_THAT(SharedEnv().Call(&Stub::ClearClassificationOverride, approver, clear),
              FailsWith(absl::StatusCode::kFailedPrecondition, "NO_CLASSIFICATION_OVERRIDE"));
}

TEST(ArchiveCustomerTest, OnlyProspectsAndClosedAreArchivedAndThenHidden) {
  const std::string prefix = UniquePrefix("归档");
  ASSERT_OK_AND_ASSIGN(v1::Customer active, Create(KeyEnterprise(prefix + "在营")));
  ASSERT_OK(Transition(active.name(), v1::LIFECYCLE_STAGE_ONBOARDING).status());
  ASSERT_OK(Transition(active.name(), v1::LIFECYCLE_STAGE_ACTIVE).status());
  ASSERT_OK_AND_ASSIGN(v1::Customer prospect, Create(KeyEnterprise(prefix + "潜在")));

  v1::ArchiveCustomerRequest request;
  request.set_name(active.name());
  request.set_reason("重复建档");
  EXPECT_THAT(SharedEnv().Call(&Stub::ArchiveCustomer, Rm(), request),
              FailsWith(absl::StatusCode::kFailedPrecondition, "CUSTOMER_NOT_ARCHIVABLE"));

  request.set_name(prospect.name());
  request.set_reason("");
  EXPECT_THAT(ViolatedFields(SharedEnv().Call(&Stub::ArchiveCustomer, Rm(), request)),
              ElementsAre("reason"));
  request.set_reason("未能建立业务关系");
  request.set_etag("r1");
  ASSERT_OK_AND_ASSIGN(v1::Customer archived,
                       SharedEnv().Call(&Stub::ArchiveCustomer, Rm(), request));
  EXPECT_TRUE(archived.archived());
  EXPECT_TRUE(archived.has_archive_time());
  EXPECT_EQ(archived.etag(), "r2");
  request.set_etag("");
  EXPECT_THAT(SharedEnv().Call(&Stub::ArchiveCustomer, Rm(), request),
              FailsWith(absl::StatusCode::kFailedPrecondition, "CUSTOMER_ARCHIVED"));

  // Archived customers are read-only.
  v1::Customer patch;
  patch.set_name(prospect.name());
  patch.set_legal_name(prefix + "归档后改名");
  EXPECT_THAT(Update(patch, {"legal_name"}),
              FailsWith(absl::StatusCode::kFailedPrecondition, "CUSTOMER_ARCHIVED"));

  v1::ListCustomersRequest list;
  list.set_name_prefix(prefix);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse visible, List(list));
  EXPECT_THAT(IdsOf(visible), ElementsAre(active.customer_id()));
  list.set_show_archived(true);
  ASSERT_OK_AND_ASSIGN(v1::ListCustomersResponse everything, List(list));
  EXPECT_THAT(IdsOf(everything), ElementsAre(active.customer_id(), prospect.customer_id()));
  // Still readable by name.
  ASSERT_OK_AND_ASSIGN(v1::Customer read, Get(prospect.name()));
  EXPECT_TRUE(read.archived());
}

// Runs `call` on `threads` threads released together; the results in thread order.
template <typename T>
std::vector<absl::StatusOr<T>> RunTogether(int threads,
                                           const std::function<absl::StatusOr<T>()>& call) {
  std::vector<absl::StatusOr<T>> results(threads, absl::UnknownError("did not run"));
  absl::Notification go;
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      go.WaitForNotification();
      results[i] = call();
    });
  }
  go.Notify();
  for (std::thread& t : workers) {
    t.join();
  }
  return results;
}

TEST(ConcurrencyTest, OfManyWritersHoldingTheSameEtagExactlyOneWins) {
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(KeyEnterprise("并发更新有限公司")));
  std::atomic<int> n{0};
  std::vector<absl::StatusOr<v1::Customer>> results =
      RunTogether<v1::Customer>(8, [&]() -> absl::StatusOr<v1::Customer> {
        v1::Customer patch;
        patch.set_name(c.name());
        patch.set_etag("r1");
        patch.set_registered_address(absl::StrCat("并发写入的地址", n.fetch_add(1)));
        return Update(patch, {"registered_address"});
      });
  int won = 0;
  std::string winner_address;
  for (const absl::StatusOr<v1::Customer>& r : results) {
    if (r.ok()) {
      ++won;
      winner_address = r->registered_address();
      EXPECT_EQ(r->revision(), 2);
    } else {
      EXPECT_THAT(r, FailsWith(absl::StatusCode::kAborted, "ETAG_MISMATCH"));
    }
  }
  EXPECT_EQ(won, 1);
  ASSERT_OK_AND_ASSIGN(v1::Customer now, Get(c.name()));
  EXPECT_EQ(now.revision(), 2);
  EXPECT_EQ(now.registered_address(), winner_address);
  // Only the replaced revision 1 is history; the winner's revision 2 is the current row.
  EXPECT_EQ(CountRows(absl::StrCat("customer_history WHERE customer_id = '", c.customer_id(), "'")),
            1);
}

TEST(ConcurrencyTest, ConcurrentRetriesOfOneCreateMakeOneCustomer) {
  const v1::Customer draft = KeyEnterprise("并发重试有限公司");
  const std::string request_id = absl::StrCat("retry-", NextSerial());
  std::vector<absl::StatusOr<v1::Customer>> results = RunTogether<v1::Customer>(
      6, [&]() -> absl::StatusOr<v1::Customer> { return Create(draft, request_id); });
  std::set<std::string> ids;
  for (const absl::StatusOr<v1::Customer>& r : results) {
    ASSERT_OK(r.status());
    ids.insert(r->customer_id());
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(CountRows(absl::StrCat("customers WHERE unified_social_credit_code = '",
                                   draft.unified_social_credit_code(), "'")),
            1);
  EXPECT_EQ(CountRows(absl::StrCat("outbox_events WHERE subject = 'customers/", *ids.begin(), "'")),
            1);
}

TEST(AuditTrailTest, ListsEveryChangeNewestFirst) {
  ASSERT_OK_AND_ASSIGN(v1::Customer c, Create(KeyEnterprise("审计顺序有限公司")));
  v1::Customer patch;
  patch.set_name(c.name());
  patch.set_credit_grade("A");
  ASSERT_OK(Update(patch, {"credit_grade"}).status());
  ASSERT_OK(Transition(c.name(), v1::LIFECYCLE_STAGE_ONBOARDING, "开始准入").status());
  v1::ListAuditRecordsRequest request;
  request.set_customer_id(c.customer_id());
  ASSERT_OK_AND_ASSIGN(v1::ListAuditRecordsResponse audit,
                       SharedEnv().Call(&Stub::ListAuditRecords, Auditor(), request));
  std::vector<std::string> actions;
  for (const v1::AuditRecord& r : audit.audit_records()) {
    actions.push_back(r.action());
  }
  EXPECT_THAT(actions,
              ElementsAre("customer.transition_lifecycle", "customer.update", "customer.create"));
  ASSERT_EQ(audit.audit_records_size(), 3);
  EXPECT_EQ(audit.audit_records(0).reason(), "开始准入");
  EXPECT_THAT(audit.audit_records(1).fields(), ElementsAre("credit_grade"));
}

}  // namespace
}  // namespace ccrm::customer::itest
