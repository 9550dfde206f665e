#include "services/credit-rating/storage/rating_document.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/money/money.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/credit-rating/storage/column_values.h"

namespace ccrm::rating {
namespace {

using Json = nlohmann::json;

// ---- Encoding ----

Json MoneyJson(const Money& m) {
  return Json{{"currency_code", m.currency_code}, {"amount", FormatDecimal(m)}};
}

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

Json QualitativeJson(const QualitativeInputs& q) {
  return Json{{"management_quality", AssessmentName(q.management_quality)},
              {"market_position", AssessmentName(q.market_position)},
              {"industry_outlook", AssessmentName(q.industry_outlook)},
              {"guarantee_strength", AssessmentName(q.guarantee_strength)}};
}

Json BureauJson(const BureauReport& b) {
  return Json{{"source", b.source},
              {"report_id", b.report_id},
              {"report_date", DayText(b.report_date)},
              {"max_days_overdue_24m", b.max_days_overdue_24m},
              {"current_overdue_amount", MoneyJson(b.current_overdue_amount)},
              {"guarantees_given", MoneyJson(b.guarantees_given)},
              {"open_lawsuits", b.open_lawsuits},
              {"other_bank_loans", MoneyJson(b.other_bank_loans)}};
}

Json ComputedJson(const RatingComputation& c) {
  Json contributions = Json::array();
  for (const FactorContribution& f : c.contributions) {
    contributions.push_back(Json{
        {"input", f.input}, {"input_value", f.input_value}, {"woe", f.woe}, {"points", f.points}});
  }
  Json ratios = Json::array();
  for (const RatioValue& r : c.ratios) {
    Json ratio{{"ratio", r.ratio}};
    if (r.value.has_value()) {
      ratio["value"] = *r.value;
    } else {
      ratio["undefined_reason"] = r.undefined_reason;
    }
    ratios.push_back(std::move(ratio));
  }
  Json periods = Json::array();
  for (const StatementPeriod& p : c.statement_periods) {
    periods.push_back(Json{{"statement_id", p.statement_id},
                           {"fiscal_year", p.fiscal_year},
                           {"fiscal_quarter", p.fiscal_quarter},
                           {"period_end_date", DayText(p.period_end_date)},
                           {"audited", p.audited}});
  }
  Json out{{"contributions", std::move(contributions)},
           {"industry_adjustment_points", c.industry_adjustment_points},
           {"macro_adjustment_points", c.macro_adjustment_points},
           {"ratios", std::move(ratios)},
           {"statement_periods", std::move(periods)},
           {"default_reason", c.default_reason}};
  if (c.merton.has_value()) {
    const MertonResult& m = *c.merton;
    out["merton"] = Json{{"asset_value", m.asset_value},
                         {"asset_volatility", m.asset_volatility},
                         {"default_point", m.default_point},
                         {"distance_to_default", m.distance_to_default},
                         {"default_probability", m.default_probability},
                         {"iterations", m.iterations}};
  }
  if (c.altman.has_value()) {
    const AltmanResult& a = *c.altman;
    out["altman"] = Json{{"variant", AltmanVariantName(a.variant)},
                         {"score", a.score},
                         {"zone", AltmanZoneName(a.zone)},
                         {"ratios", a.ratios}};
  }
  return out;
}

// ---- Decoding ----
// Every reader leaves its output alone when the member is missing or null, and returns
// INVALID_ARGUMENT naming the member's path when it has the wrong type or value.

absl::Status Bad(const std::string& path, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("rating document: ", path, " ", problem));
}

std::string PathOf(const std::string& parent, const char* key) {
  return parent.empty() ? std::string(key) : absl::StrCat(parent, ".", key);
}

std::string PathOf(const std::string& parent, size_t index) {
  return absl::StrCat(parent, "[", index, "]");
}

const Json* Member(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

absl::Status ReadString(const Json& object, const char* key, const std::string& parent,
                        std::string* out) {
  const Json* j = Member(object, key);
  if (j == nullptr) {
    return absl::OkStatus();
  }
  if (!j->is_string()) {
    return Bad(PathOf(parent, key), "must be a string");
  }
  *out = j->get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadDouble(const Json& object, const char* key, const std::string& parent,
                        double* out) {
  const Json* j = Member(object, key);
  if (j == nullptr) {
    return absl::OkStatus();
  }
  if (!j->is_number()) {
    return Bad(PathOf(parent, key), "must be a number");
  }
  *out = j->get<double>();
  return absl::OkStatus();
}

absl::Status ReadInt(const Json& object, const char* key, const std::string& parent, int* out) {
  const Json* j = Member(object, key);
  if (j == nullptr) {
    return absl::OkStatus();
  }
  if (!j->is_number_integer()) {
    return Bad(PathOf(parent, key), "must be an integer");
  }
  const int64_t value = j->get<int64_t>();
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    return Bad(PathOf(parent, key), "is out of range");
  }
  *out = static_cast<int>(value);
  return absl::OkStatus();
}

absl::Status ReadBool(const Json& object, const char* key, const std::string& parent, bool* out) {
  const Json* j = Member(object, key);
  if (j == nullptr) {
    return absl::OkStatus();
  }
  if (!j->is_boolean()) {
    return Bad(PathOf(parent, key), "must be true or false");
  }
  *out = j->get<bool>();
  return absl::OkStatus();
}

absl::Status ReadDay(const Json& object, const char* key, const std::string& parent,
                     absl::CivilDay* out) {
  std::string text;
  RETURN_IF_ERROR(ReadString(object, key, parent, &text));
  if (text.empty()) {
    return absl::OkStatus();
  }
  if (text.size() != 10 || !absl::ParseCivilTime(text, out)) {
    return Bad(PathOf(parent, key), "must be a date YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::Status ReadMoney(const Json& object, const char* key, const std::string& parent, Money* out) {
  const Json* j = Member(object, key);
  if (j == nullptr) {
    return absl::OkStatus();
  }
  const std::string path = PathOf(parent, key);
  if (!j->is_object()) {
    return Bad(path, "must be an object {currency_code, amount}");
  }
  std::string currency;
  std::string amount = "0";
  RETURN_IF_ERROR(ReadString(*j, "currency_code", path, &currency));
  RETURN_IF_ERROR(ReadString(*j, "amount", path, &amount));
  absl::StatusOr<Money> money = ParseMoney(currency, amount);
  if (!money.ok()) {
    return Bad(PathOf(path, "amount"), "must be a decimal amount");
  }
  *out = *std::move(money);
  return absl::OkStatus();
}

// Reads an enum by name with `parse`.
template <typename E, typename Parse>
absl::Status ReadEnum(const Json& object, const char* key, const std::string& parent,
                      const Parse& parse, E* out) {
  std::string name;
  RETURN_IF_ERROR(ReadString(object, key, parent, &name));
  absl::StatusOr<E> value = parse(name);
  if (!value.ok()) {
    return Bad(PathOf(parent, key), absl::StrCat("has an unknown value \"", name, "\""));
  }
  *out = *value;
  return absl::OkStatus();
}

// The member as an object (nullptr when missing or null); INVALID_ARGUMENT when not an object.
absl::StatusOr<const Json*> ObjectMember(const Json& object, const char* key,
                                         const std::string& parent) {
  const Json* j = Member(object, key);
  if (j != nullptr && !j->is_object()) {
    return Bad(PathOf(parent, key), "must be an object");
  }
  return j;
}

// The member's elements, each checked to be an object (empty when missing or null).
absl::StatusOr<std::vector<const Json*>> ObjectArray(const Json& object, const char* key,
                                                     const std::string& parent) {
  std::vector<const Json*> out;
  const Json* j = Member(object, key);
  if (j == nullptr) {
    return out;
  }
  const std::string path = PathOf(parent, key);
  if (!j->is_array()) {
    return Bad(path, "must be an array");
  }
  for (size_t i = 0; i < j->size(); ++i) {
    if (!(*j)[i].is_object()) {
      return Bad(PathOf(path, i), "must be an object");
    }
    out.push_back(&(*j)[i]);
  }
  return out;
}

absl::Status ReadQualitative(const Json& doc, QualitativeInputs* q) {
  ASSIGN_OR_RETURN(const Json* j, ObjectMember(doc, "qualitative", ""));
  *q = QualitativeInputs{};
  if (j == nullptr) {
    return absl::OkStatus();
  }
  const std::string path = "qualitative";
  RETURN_IF_ERROR(
      ReadEnum(*j, "management_quality", path, ParseAssessment, &q->management_quality));
  RETURN_IF_ERROR(ReadEnum(*j, "market_position", path, ParseAssessment, &q->market_position));
  RETURN_IF_ERROR(ReadEnum(*j, "industry_outlook", path, ParseAssessment, &q->industry_outlook));
  return ReadEnum(*j, "guarantee_strength", path, ParseAssessment, &q->guarantee_strength);
}

absl::Status ReadMarket(const Json& doc, std::optional<MarketInputs>* market) {
  ASSIGN_OR_RETURN(const Json* j, ObjectMember(doc, "market", ""));
  market->reset();
  if (j == nullptr) {
    return absl::OkStatus();
  }
  MarketInputs m;
  RETURN_IF_ERROR(ReadDouble(*j, "equity_value", "market", &m.equity_value));
  RETURN_IF_ERROR(ReadDouble(*j, "equity_volatility", "market", &m.equity_volatility));
  RETURN_IF_ERROR(ReadDouble(*j, "risk_free_rate", "market", &m.risk_free_rate));
  *market = m;
  return absl::OkStatus();
}

absl::Status ReadBureau(const Json& doc, std::optional<BureauReport>* report) {
  ASSIGN_OR_RETURN(const Json* j, ObjectMember(doc, "bureau_report", ""));
  report->reset();
  if (j == nullptr) {
    return absl::OkStatus();
  }
  const std::string path = "bureau_report";
  BureauReport b;
  RETURN_IF_ERROR(ReadString(*j, "source", path, &b.source));
  RETURN_IF_ERROR(ReadString(*j, "report_id", path, &b.report_id));
  RETURN_IF_ERROR(ReadDay(*j, "report_date", path, &b.report_date));
  RETURN_IF_ERROR(ReadInt(*j, "max_days_overdue_24m", path, &b.max_days_overdue_24m));
  RETURN_IF_ERROR(ReadMoney(*j, "current_overdue_amount", path, &b.current_overdue_amount));
  RETURN_IF_ERROR(ReadMoney(*j, "guarantees_given", path, &b.guarantees_given));
  RETURN_IF_ERROR(ReadInt(*j, "open_lawsuits", path, &b.open_lawsuits));
  RETURN_IF_ERROR(ReadMoney(*j, "other_bank_loans", path, &b.other_bank_loans));
  *report = std::move(b);
  return absl::OkStatus();
}

absl::Status ReadContributions(const Json& computed, const std::string& parent,
                               std::vector<FactorContribution>* out) {
  const std::string path = PathOf(parent, "contributions");
  ASSIGN_OR_RETURN(std::vector<const Json*> items, ObjectArray(computed, "contributions", parent));
  out->clear();
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at = PathOf(path, i);
    FactorContribution f;
    RETURN_IF_ERROR(ReadString(*items[i], "input", at, &f.input));
    RETURN_IF_ERROR(ReadString(*items[i], "input_value", at, &f.input_value));
    RETURN_IF_ERROR(ReadDouble(*items[i], "woe", at, &f.woe));
    RETURN_IF_ERROR(ReadDouble(*items[i], "points", at, &f.points));
    out->push_back(std::move(f));
  }
  return absl::OkStatus();
}

absl::Status ReadRatios(const Json& computed, const std::string& parent,
                        std::vector<RatioValue>* out) {
  const std::string path = PathOf(parent, "ratios");
  ASSIGN_OR_RETURN(std::vector<const Json*> items, ObjectArray(computed, "ratios", parent));
  out->clear();
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at = PathOf(path, i);
    RatioValue r;
    RETURN_IF_ERROR(ReadString(*items[i], "ratio", at, &r.ratio));
    if (Member(*items[i], "value") != nullptr) {
      double value = 0;
      RETURN_IF_ERROR(ReadDouble(*items[i], "value", at, &value));
      r.value = value;
    }
    RETURN_IF_ERROR(ReadString(*items[i], "undefined_reason", at, &r.undefined_reason));
    out->push_back(std::move(r));
  }
  return absl::OkStatus();
}

absl::Status ReadPeriods(const Json& computed, const std::string& parent,
                         std::vector<StatementPeriod>* out) {
  const std::string path = PathOf(parent, "statement_periods");
  ASSIGN_OR_RETURN(std::vector<const Json*> items,
                   ObjectArray(computed, "statement_periods", parent));
  out->clear();
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at = PathOf(path, i);
    StatementPeriod p;
    RETURN_IF_ERROR(ReadString(*items[i], "statement_id", at, &p.statement_id));
    RETURN_IF_ERROR(ReadInt(*items[i], "fiscal_year", at, &p.fiscal_year));
    RETURN_IF_ERROR(ReadInt(*items[i], "fiscal_quarter", at, &p.fiscal_quarter));
    RETURN_IF_ERROR(ReadDay(*items[i], "period_end_date", at, &p.period_end_date));
    RETURN_IF_ERROR(ReadBool(*items[i], "audited", at, &p.audited));
    out->push_back(std::move(p));
  }
  return absl::OkStatus();
}

absl::Status ReadMerton(const Json& computed, const std::string& parent,
                        std::optional<MertonResult>* out) {
  ASSIGN_OR_RETURN(const Json* j, ObjectMember(computed, "merton", parent));
  out->reset();
  if (j == nullptr) {
    return absl::OkStatus();
  }
  const std::string path = PathOf(parent, "merton");
  MertonResult m;
  RETURN_IF_ERROR(ReadDouble(*j, "asset_value", path, &m.asset_value));
  RETURN_IF_ERROR(ReadDouble(*j, "asset_volatility", path, &m.asset_volatility));
  RETURN_IF_ERROR(ReadDouble(*j, "default_point", path, &m.default_point));
  RETURN_IF_ERROR(ReadDouble(*j, "distance_to_default", path, &m.distance_to_default));
  RETURN_IF_ERROR(ReadDouble(*j, "default_probability", path, &m.default_probability));
  RETURN_IF_ERROR(ReadInt(*j, "iterations", path, &m.iterations));
  *out = m;
  return absl::OkStatus();
}

absl::Status ReadAltman(const Json& computed, const std::string& parent,
                        std::optional<AltmanResult>* out) {
  ASSIGN_OR_RETURN(const Json* j, ObjectMember(computed, "altman", parent));
  out->reset();
  if (j == nullptr) {
    return absl::OkStatus();
  }
  const std::string path = PathOf(parent, "altman");
  AltmanResult a;
  RETURN_IF_ERROR(ReadEnum(*j, "variant", path, ParseAltmanVariant, &a.variant));
  RETURN_IF_ERROR(ReadDouble(*j, "score", path, &a.score));
  RETURN_IF_ERROR(ReadEnum(*j, "zone", path, ParseAltmanZone, &a.zone));
  if (const Json* ratios = Member(*j, "ratios"); ratios != nullptr) {
    if (!ratios->is_array()) {
      return Bad(PathOf(path, "ratios"), "must be an array of numbers");
    }
    for (size_t i = 0; i < ratios->size(); ++i) {
      if (!(*ratios)[i].is_number()) {
        return Bad(PathOf(PathOf(path, "ratios"), i), "must be a number");
      }
      a.ratios.push_back((*ratios)[i].get<double>());
    }
  }
  *out = std::move(a);
  return absl::OkStatus();
}

absl::Status ReadComputed(const Json& doc, RatingComputation* c) {
  ASSIGN_OR_RETURN(const Json* j, ObjectMember(doc, "computed", ""));
  const Json empty = Json::object();
  const Json& computed = j == nullptr ? empty : *j;
  const std::string path = "computed";
  c->industry_adjustment_points = 0;
  c->macro_adjustment_points = 0;
  c->default_reason.clear();
  RETURN_IF_ERROR(ReadContributions(computed, path, &c->contributions));
  RETURN_IF_ERROR(
      ReadDouble(computed, "industry_adjustment_points", path, &c->industry_adjustment_points));
  RETURN_IF_ERROR(
      ReadDouble(computed, "macro_adjustment_points", path, &c->macro_adjustment_points));
  RETURN_IF_ERROR(ReadRatios(computed, path, &c->ratios));
  RETURN_IF_ERROR(ReadPeriods(computed, path, &c->statement_periods));
  RETURN_IF_ERROR(ReadMerton(computed, path, &c->merton));
  RETURN_IF_ERROR(ReadAltman(computed, path, &c->altman));
  return ReadString(computed, "default_reason", path, &c->default_reason);
}

}  // namespace

std::string EncodeRatingDocument(const Rating& rating) {
  Json doc{{"qualitative", QualitativeJson(rating.qualitative)},
           {"industry_code", rating.industry_code},
           {"segment", SegmentName(rating.segment)},
           {"computed", ComputedJson(rating.computed)}};
  if (rating.market.has_value()) {
    doc["market"] = Json{{"equity_value", rating.market->equity_value},
                         {"equity_volatility", rating.market->equity_volatility},
                         {"risk_free_rate", rating.market->risk_free_rate}};
  }
  if (rating.bureau_report.has_value()) {
    doc["bureau_report"] = BureauJson(*rating.bureau_report);
  }
  // Invalid UTF-8 in a text field is replaced rather than thrown: exceptions stop in storage.
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

absl::Status DecodeRatingDocument(absl::string_view json, Rating* rating) {
  const Json doc = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return absl::InvalidArgumentError("rating document: not a JSON object");
  }
  RETURN_IF_ERROR(ReadQualitative(doc, &rating->qualitative));
  RETURN_IF_ERROR(ReadMarket(doc, &rating->market));
  rating->industry_code.clear();
  RETURN_IF_ERROR(ReadString(doc, "industry_code", "", &rating->industry_code));
  rating->segment = Segment::kUnspecified;
  RETURN_IF_ERROR(ReadEnum(doc, "segment", "", ParseSegment, &rating->segment));
  RETURN_IF_ERROR(ReadBureau(doc, &rating->bureau_report));
  return ReadComputed(doc, &rating->computed);
}

}  // namespace ccrm::rating
