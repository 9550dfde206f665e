// The contract tests of SurveyRepository and ContributionRepository (domain/repositories.h),
// written once and run against each implementation: satisfaction_contract_test.cc holds the
// TEST_Ps, satisfaction_in_memory_test.cc and satisfaction_mysql_test.cc instantiate them, so
// both keep the same drops, replays, orders and errors.
//
// Example:
//   INSTANTIATE_TEST_SUITE_P(InMemory, SatisfactionContractTest,
//                            ::testing::Values(SatisfactionBackendFactory{"in-memory", &New}));
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/events/outbox_event.h"
#include "common/money/money.h"
#include "services/relationship-service/domain/repositories.h"
#include "tests/relationship-service/domain/service_fakes.h"
#include "tests/relationship-service/storage/repository_contract.h"

namespace ccrm::relationship {

// One implementation under test: its repositories over one empty store, and what it has
// published (the outbox rows, oldest first).
class SatisfactionBackend {
 public:
  virtual ~SatisfactionBackend() = default;
  virtual SurveyRepository& surveys() = 0;
  virtual ContributionRepository& contributions() = 0;
  virtual absl::StatusOr<std::vector<events::OutboxEvent>> events() = 0;
};

struct SatisfactionBackendFactory {
  std::string name;
  std::function<absl::StatusOr<std::unique_ptr<SatisfactionBackend>>()> make;

  friend void PrintTo(const SatisfactionBackendFactory& factory, std::ostream* os) {
    *os << factory.name;
  }
};

class SatisfactionContractTest : public ::testing::TestWithParam<SatisfactionBackendFactory> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SatisfactionBackend>> backend = GetParam().make();
    ASSERT_TRUE(backend.ok()) << "cannot set up the backend: " << backend.status();
    backend_ = *std::move(backend);
  }

  SurveyRepository& surveys() { return backend_->surveys(); }
  ContributionRepository& contributions() { return backend_->contributions(); }
  // The events published so far; a failure to read them fails the test.
  std::vector<events::OutboxEvent> Events() {
    absl::StatusOr<std::vector<events::OutboxEvent>> events = backend_->events();
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<events::OutboxEvent>());
  }

  // Survey `n` of the customer, taken `seconds` after At(0), recorded by rm-1.
  static Survey SurveyOf(const std::string& customer_id, int n, int csat, int nps, int64_t seconds,
                         const std::string& manager_id = "rm-1") {
    Survey s;
    s.survey_id = absl::StrFormat("0194c000-0000-7000-8000-%012d", n);
    s.customer_id = customer_id;
    s.csat = csat;
    s.nps = nps;
    s.comment = "回访：对授信审批时效的评价";
    s.survey_time = At(seconds);
    s.manager_id = manager_id;
    s.recorded_by = "rm-1";
    s.create_time = At(seconds + 60);
    return s;
  }

  static Money Amount(const std::string& currency, int64_t units, int32_t nanos = 0) {
    return Money{currency, units, nanos};
  }

  // The customer's figures for `month` (day 1), in CNY.
  static Contribution ContributionOf(const std::string& customer_id, absl::CivilDay month,
                                     int64_t interest_units, int64_t fee_units,
                                     int64_t deposit_units) {
    Contribution c;
    c.customer_id = customer_id;
    c.month = month;
    c.interest_income = Amount("CNY", interest_units);
    c.fee_income = Amount("CNY", fee_units);
    c.average_deposits = Amount("CNY", deposit_units);
    c.recorded_by = "rm-1";
    c.record_time = At(0);
    return c;
  }

  fakes::PlainEventEncoder encoder_;

 private:
  std::unique_ptr<SatisfactionBackend> backend_;
};

}  // namespace ccrm::relationship
