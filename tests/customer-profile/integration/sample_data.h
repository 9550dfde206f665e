// Request data for the customer-profile integration tests: valid, unique identifiers (unified
// social credit codes, resident ID numbers, mobile numbers, account numbers) and sample customers
// whose segment and tier the default classification rules fix independently of the run date.
//
// Example:
//   v1::Customer c = KeyEnterprise("福建某某建设有限公司");  // KEY, TIER_1, fresh USCC and PII
//   std::string id = ResidentIdNumber(7);                 // "110105198001010073"-like, valid
#pragma once

#include <cstdint>
#include <string>

#include "ccrm/customer/v1/customer_profile.pb.h"

namespace ccrm::customer::itest {

// A valid unified social credit code, unique per `n` (0 <= n < 10^9): "91350100", nine digits
// of `n`, and the GB 32100-2015 check character.
std::string UsccFor(int64_t n);
// A fresh valid code on every call (a process-wide counter).
std::string NextUscc();

// A valid 18-character resident ID number (born 1980-01-01), unique per `n` (0 <= n < 1000), with
// its ISO 7064 MOD 11-2 check character.
std::string ResidentIdNumber(int n);
// A valid mainland mobile number "139" + eight digits of `n`.
std::string MobileNumber(int n);
// A valid 16-digit settlement account number "6222" + twelve digits of `n`.
std::string AccountNumber(int64_t n);
// A fresh small integer on every call, to make the values above unique within a binary.
int NextSerial();

ccrm::common::v1::Money Cny(int64_t units);
ccrm::common::v1::Date Day(int year, int month, int day);

// An enterprise the rules make KEY (annual revenue CNY 500 million) and TIER_1 (assets CNY 1.2
// billion: 40 points, grade AA: 35, relationship since 2010: 20), industry C3011, with a fresh
// USCC and fresh personal identifiers (legal representative's ID, phone, account).
v1::Customer KeyEnterprise(const std::string& legal_name);
// An enterprise the rules make SME (has borrowed before, small) and TIER_3 (assets CNY 30
// million: 16 points, grade BBB: 25, no relationship date: 0), industry F5124.
v1::Customer SmeEnterprise(const std::string& legal_name);
// An enterprise that never borrowed: FIRST_TIME_BORROWER and TIER_4 (assets CNY 8 million: 8,
// unrated: 10), industry C3012.
v1::Customer FirstTimeBorrower(const std::string& legal_name);

// The masked forms the API promises (common/privacy/masking.h), written out independently:
// "110***********1234", "139****5678", "************7890".
std::string ExpectedMaskedIdNumber(const std::string& id_number);
std::string ExpectedMaskedMobile(const std::string& mobile);
std::string ExpectedMaskedAccount(const std::string& account);

// An audited annual statement for `year` that balances (assets CNY 1 billion, equity 500
// million): a sound mid-sized borrower at revenue 800 million and interest 8 million.
v1::FinancialStatement SoundAnnualStatement(int year, int64_t revenue_millions,
                                            int64_t interest_millions = 8);

}  // namespace ccrm::customer::itest
