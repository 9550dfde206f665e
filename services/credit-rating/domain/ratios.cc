#include "services/credit-rating/domain/ratios.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/money/money.h"

namespace ccrm::rating {
namespace {

// A line item of the statement, by name, as a double (ratios only; never summed for storage).
struct Item {
  const char* name;
  const std::optional<Money>& amount;
};

// How a denominator that is not positive is reported.
struct Denominator {
  Item item;
  // Reason when the denominator is exactly zero; empty = "<item> is zero".
  const char* zero_reason = "";
};

// The outcome of one formula: a value, or why there is none.
struct Outcome {
  std::optional<double> value;
  std::string reason;
};

Outcome Undefined(std::string reason) { return Outcome{std::nullopt, std::move(reason)}; }

// The first missing item of `items` as an undefined outcome, or nullopt when all are present.
std::optional<Outcome> FirstMissing(std::initializer_list<Item> items) {
  for (const Item& item : items) {
    if (!item.amount.has_value()) {
      return Undefined(absl::StrCat(item.name, " is missing"));
    }
  }
  return std::nullopt;
}

// Every denominator here is an amount that is positive for a going concern (a balance-sheet
// total, revenue, interest or debt service): zero makes the ratio infinite and a negative one
// flips its meaning, so both make it undefined.
std::optional<Outcome> NotPositive(const Denominator& d) {
  double value = ToDouble(*d.item.amount);
  if (value == 0) {
    return Undefined(*d.zero_reason != '\0' ? std::string(d.zero_reason)
                                            : absl::StrCat(d.item.name, " is zero"));
  }
  if (value < 0) {
    return Undefined(absl::StrCat(d.item.name, " is not positive"));
  }
  return std::nullopt;
}

Outcome Finite(double value) {
  if (!std::isfinite(value)) {
    return Undefined("the result is not a finite number");
  }
  return Outcome{value, ""};
}

// numerator / denominator.
Outcome Quotient(Item numerator, Denominator denominator) {
  if (auto missing = FirstMissing({numerator, denominator.item})) {
    return *missing;
  }
  if (auto bad = NotPositive(denominator)) {
    return *bad;
  }
  return Finite(ToDouble(*numerator.amount) / ToDouble(*denominator.item.amount));
}

// (minuend − subtrahend) / denominator.
Outcome DifferenceQuotient(Item minuend, Item subtrahend, Denominator denominator) {
  if (auto missing = FirstMissing({minuend, subtrahend, denominator.item})) {
    return *missing;
  }
  if (auto bad = NotPositive(denominator)) {
    return *bad;
  }
  return Finite((ToDouble(*minuend.amount) - ToDouble(*subtrahend.amount)) /
                ToDouble(*denominator.item.amount));
}

// revenue / prior revenue − 1.
Outcome RevenueGrowth(const StatementFigures& s, const StatementFigures* prior) {
  if (prior == nullptr) {
    return Undefined("no statement for the prior year");
  }
  if (prior->currency_code != s.currency_code) {
    return Undefined(absl::StrCat("the prior-year statement is in ", prior->currency_code,
                                  ", this one in ", s.currency_code));
  }
  if (auto missing =
          FirstMissing({{"revenue", s.revenue}, {"prior-year revenue", prior->revenue}})) {
    return *missing;
  }
  if (auto bad = NotPositive({{"prior-year revenue", prior->revenue}})) {
    return *bad;
  }
  return Finite(ToDouble(*s.revenue) / ToDouble(*prior->revenue) - 1.0);
}

RatioValue ToRatioValue(const char* name, Outcome outcome) {
  RatioValue r;
  r.ratio = name;
  r.value = outcome.value;
  if (!outcome.value.has_value()) {
    r.undefined_reason = std::move(outcome.reason);
  }
  return r;
}

}  // namespace

std::vector<RatioValue> ComputeRatios(const StatementFigures& s, const StatementFigures* prior) {
  namespace n = ratio_names;
  const Item current_assets{"current_assets", s.current_assets};
  const Item current_liabilities{"current_liabilities", s.current_liabilities};
  const Item total_assets{"total_assets", s.total_assets};
  const Item total_equity{"total_equity", s.total_equity};
  const Item revenue{"revenue", s.revenue};
  const Item net_profit{"net_profit", s.net_profit};
  const Denominator equity{total_equity, "total_equity is not positive"};

  std::vector<RatioValue> ratios;
  ratios.push_back(ToRatioValue(n::kCurrentRatio, Quotient(current_assets, {current_liabilities})));
  ratios.push_back(ToRatioValue(
      n::kQuickRatio,
      DifferenceQuotient(current_assets, {"inventory", s.inventory}, {current_liabilities})));
  ratios.push_back(ToRatioValue(n::kCashRatio, Quotient({"cash", s.cash}, {current_liabilities})));
  ratios.push_back(ToRatioValue(
      n::kDebtToAsset, Quotient({"total_liabilities", s.total_liabilities}, {total_assets})));
  ratios.push_back(
      ToRatioValue(n::kDebtToEquity, Quotient({"total_liabilities", s.total_liabilities}, equity)));
  ratios.push_back(ToRatioValue(
      n::kInterestCoverage, Quotient({"ebit", s.ebit}, {{"interest_expense", s.interest_expense},
                                                        "no interest expense"})));
  ratios.push_back(ToRatioValue(n::kDscr, Quotient({"operating_cash_flow", s.operating_cash_flow},
                                                   {{"debt_service", s.debt_service}})));
  ratios.push_back(ToRatioValue(n::kReturnOnEquity, Quotient(net_profit, equity)));
  ratios.push_back(ToRatioValue(n::kReturnOnAssets, Quotient(net_profit, {total_assets})));
  ratios.push_back(ToRatioValue(
      n::kGrossMargin, DifferenceQuotient(revenue, {"cost_of_sales", s.cost_of_sales}, {revenue})));
  ratios.push_back(ToRatioValue(n::kOperatingMargin,
                                Quotient({"operating_profit", s.operating_profit}, {revenue})));
  ratios.push_back(ToRatioValue(n::kNetMargin, Quotient(net_profit, {revenue})));
  ratios.push_back(ToRatioValue(n::kAssetTurnover, Quotient(revenue, {total_assets})));
  ratios.push_back(ToRatioValue(n::kRevenueGrowth, RevenueGrowth(s, prior)));
  return ratios;
}

const RatioValue* FindRatio(const std::vector<RatioValue>& ratios, const std::string& name) {
  for (const RatioValue& r : ratios) {
    if (r.ratio == name) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace ccrm::rating
