#include "services/credit-rating/storage/file_credit_bureau.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/testing/status_matchers.h"

namespace ccrm::rating {
namespace {

using ::ccrm::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kFirst[] = R"({
  "unified_social_credit_code": "91350100MA00000001",
  "report_id": "PBOC-2025-0001",
  "report_date": "2025-06-30",
  "max_days_overdue_24m": 0,
  "current_overdue_amount": {"currency_code": "CNY", "amount": "0"},
  "guarantees_given": {"currency_code": "CNY", "amount": "5000000.25"},
  "open_lawsuits": 0,
  "other_bank_loans": {"currency_code": "CNY", "amount": "120000000"}
})";

// The second entry; tests break one field of it at a time.
constexpr char kSecond[] = R"({
  "unified_social_credit_code": "91350100MA00000002",
  "report_id": "PBOC-2025-0002",
  "report_date": "2025-05-31",
  "max_days_overdue_24m": 120,
  "current_overdue_amount": {"currency_code": "CNY", "amount": "350000.5"},
  "guarantees_given": {"currency_code": "CNY", "amount": "0"},
  "open_lawsuits": 3,
  "other_bank_loans": {"currency_code": "USD", "amount": "1000.000000001"}
})";

std::string FileWith(const std::string& second) {
  return absl::StrCat(R"({"reports": [)", kFirst, ",", second, "]}");
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

TEST(FileCreditBureauTest, LoadsEveryFieldAndFetchesByCreditCode) {
  const std::string path = WriteTempFile("bureau_good.json", FileWith(kSecond));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<FileCreditBureau> bureau, FileCreditBureau::Load(path));
  EXPECT_EQ(bureau->size(), 2u);

  ASSERT_OK_AND_ASSIGN(std::optional<BureauReport> report,
                       bureau->Fetch(BureauSubject{"c-2", "91350100MA00000002", "某某公司"}));
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->source, "file");
  EXPECT_EQ(report->report_id, "PBOC-2025-0002");
  EXPECT_EQ(report->report_date, absl::CivilDay(2025, 5, 31));
  EXPECT_EQ(report->max_days_overdue_24m, 120);
  EXPECT_EQ(report->current_overdue_amount, (Money{"CNY", 350000, 500000000}));
  EXPECT_EQ(report->guarantees_given, (Money{"CNY", 0, 0}));
  EXPECT_EQ(report->open_lawsuits, 3);
  EXPECT_EQ(report->other_bank_loans, (Money{"USD", 1000, 1}));

  ASSERT_OK_AND_ASSIGN(report, bureau->Fetch(BureauSubject{"c-1", "91350100MA00000001", ""}));
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->guarantees_given, (Money{"CNY", 5000000, 250000000}));

  ASSERT_OK_AND_ASSIGN(report, bureau->Fetch(BureauSubject{"c-3", "91350100MA00000003", ""}));
  EXPECT_EQ(report, std::nullopt);
  ASSERT_OK_AND_ASSIGN(report, bureau->Fetch(BureauSubject{"c-4", "", ""}));
  EXPECT_EQ(report, std::nullopt);
}

TEST(FileCreditBureauTest, EmptyListIsABureauWithoutRecords) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<FileCreditBureau> bureau,
                       FileCreditBureau::Parse(R"({"reports": []})", "empty.json"));
  EXPECT_EQ(bureau->size(), 0u);
}

TEST(FileCreditBureauTest, MissingFileIsNotFound) {
  EXPECT_THAT(FileCreditBureau::Load(absl::StrCat(::testing::TempDir(), "/no-such-bureau.json")),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(FileCreditBureauTest, BadEntriesAreInvalidNamingTheEntryAndField) {
  struct Case {
    const char* from;
    const char* to;
    const char* field;
  };
  const Case cases[] = {
      {R"("report_id": "PBOC-2025-0002",)", "", "report_id"},
      {R"("report_id": "PBOC-2025-0002")", R"("report_id": "")", "report_id"},
      {"2025-05-31", "2025-13-01", "report_date"},
      {"2025-05-31", "31/05/2025", "report_date"},
      {R"("max_days_overdue_24m": 120)", R"("max_days_overdue_24m": -1)", "max_days_overdue_24m"},
      {R"("max_days_overdue_24m": 120)", R"("max_days_overdue_24m": 1.5)", "max_days_overdue_24m"},
      {R"("open_lawsuits": 3)", R"("open_lawsuits": "3")", "open_lawsuits"},
      {R"("amount": "350000.5")", R"("amount": "350,000.5")", "current_overdue_amount"},
      {R"("amount": "350000.5")", R"("amount": 350000.5)", "current_overdue_amount"},
      {R"("amount": "350000.5")", R"("amount": "-5")", "current_overdue_amount"},
      {R"("currency_code": "USD")", R"("currency_code": "usd")", "other_bank_loans"},
      {R"("guarantees_given": {"currency_code": "CNY", "amount": "0"})",
       R"("guarantees_given": "0")", "guarantees_given"},
  };
  for (const Case& c : cases) {
    const std::string second = absl::StrReplaceAll(kSecond, {{c.from, c.to}});
    ASSERT_NE(second, kSecond) << c.from;
    EXPECT_THAT(FileCreditBureau::Parse(FileWith(second), "bureau.json"),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         AllOf(HasSubstr("bureau.json: reports[1] (91350100MA00000002)"),
                               HasSubstr(c.field))))
        << c.from << " -> " << c.to;
  }
}

TEST(FileCreditBureauTest, BadFilesAreInvalid) {
  EXPECT_THAT(FileCreditBureau::Parse("{", "f.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not valid JSON")));
  EXPECT_THAT(FileCreditBureau::Parse(R"({"report": []})", "f.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"reports\" array")));
  EXPECT_THAT(FileCreditBureau::Parse(R"({"reports": [7]})", "f.json"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reports[0] must be")));
  const std::string no_code = absl::StrReplaceAll(
      kSecond, {{R"("unified_social_credit_code": "91350100MA00000002",)", ""}});
  EXPECT_THAT(FileCreditBureau::Parse(FileWith(no_code), "f.json"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("reports[1]"), HasSubstr("unified_social_credit_code"))));
  EXPECT_THAT(
      FileCreditBureau::Parse(FileWith(kFirst), "f.json"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("reports[1] (91350100MA00000001)"), HasSubstr("already listed"))));
}

}  // namespace
}  // namespace ccrm::rating
