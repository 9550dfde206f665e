#include "services/customer-profile/domain/personal_identifiers.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

namespace ccrm::customer {
namespace {

constexpr size_t kResidentIdLength = 18;
// Weight of position i (0-based) is 2^(17-i) mod 11.
constexpr int kResidentIdWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

int ParseDigits(absl::string_view s) {
  int value = 0;
  for (char c : s) {
    value = value * 10 + (c - '0');
  }
  return value;
}

bool IsMobileNumber(absl::string_view s) {
  return s.size() == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && AllDigits(s);
}

bool IsAreaCode(absl::string_view s) {
  return (s.size() == 3 || s.size() == 4) && s[0] == '0' && AllDigits(s);
}

bool IsLocalNumber(absl::string_view s) { return (s.size() == 7 || s.size() == 8) && AllDigits(s); }

bool IsLandline(absl::string_view s) {
  size_t dash = s.find('-');
  if (dash != absl::string_view::npos) {
    return IsAreaCode(s.substr(0, dash)) && IsLocalNumber(s.substr(dash + 1));
  }
  // Without the dash, any split into a 3- or 4-digit area code and a 7- or 8-digit number.
  for (size_t area = 3; area <= 4; ++area) {
    if (s.size() > area && IsAreaCode(s.substr(0, area)) && IsLocalNumber(s.substr(area))) {
      return true;
    }
  }
  return false;
}

bool IsDomainLabel(absl::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (char c : label) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

bool IsLocalPartCharacter(char c) {
  return c > ' ' && c < 0x7f && c != '@' && c != '"' && c != '<' && c != '>' && c != '(' &&
         c != ')' && c != ',' && c != ';' && c != ':' && c != '\\' && c != '[' && c != ']';
}

}  // namespace

absl::StatusOr<char> ResidentIdCheckCharacter(absl::string_view first17) {
  if (first17.size() != kResidentIdLength - 1 || !AllDigits(first17)) {
    return absl::InvalidArgumentError("need the first 17 digits of the ID number");
  }
  int sum = 0;
  for (size_t i = 0; i < first17.size(); ++i) {
    sum += (first17[i] - '0') * kResidentIdWeights[i];
  }
  int check = (12 - sum % 11) % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

absl::Status ValidateResidentIdNumber(absl::string_view id_number) {
  if (id_number.size() != kResidentIdLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("must be 18 characters, got ", id_number.size()));
  }
  absl::string_view first17 = id_number.substr(0, kResidentIdLength - 1);
  for (size_t i = 0; i < first17.size(); ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(first17[i]))) {
      return absl::InvalidArgumentError(absl::StrCat("position ", i + 1, " must be a digit"));
    }
  }
  char last = id_number.back();
  if (last == 'x') {
    return absl::InvalidArgumentError("the check character X must be upper case");
  }
  if (!absl::ascii_isdigit(static_cast<unsigned char>(last)) && last != 'X') {
    return absl::InvalidArgumentError("position 18 must be a digit or X");
  }
  int year = ParseDigits(id_number.substr(6, 4));
  int month = ParseDigits(id_number.substr(10, 2));
  int day = ParseDigits(id_number.substr(12, 2));
  absl::CivilDay birth(year, month, day);
  if (year < 1800 || birth.year() != year || birth.month() != month || birth.day() != day) {
    return absl::InvalidArgumentError(
        "positions 7-14 must be a real birth date (YYYYMMDD, year 1800 or later)");
  }
  absl::StatusOr<char> expected = ResidentIdCheckCharacter(first17);
  if (!expected.ok()) {
    return expected.status();
  }
  if (*expected != last) {
    return absl::InvalidArgumentError("check character mismatch");
  }
  return absl::OkStatus();
}

absl::Status ValidatePhoneNumber(absl::string_view phone) {
  if (absl::StartsWith(phone, "+")) {
    if (absl::StartsWith(phone, "+86") && IsMobileNumber(phone.substr(3))) {
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(
        "an international prefix is accepted only as +86 before a mainland mobile number");
  }
  if (IsMobileNumber(phone) || IsLandline(phone)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      "must be a mainland mobile number (1[3-9] and 9 more digits, optionally after +86) or a "
      "landline (area code 0XX or 0XXX, optional '-', 7 or 8 digits)");
}

absl::Status ValidateBankAccountNumber(absl::string_view account_number) {
  if (account_number.size() < 8 || account_number.size() > 32 || !AllDigits(account_number)) {
    return absl::InvalidArgumentError("must be 8 to 32 digits");
  }
  return absl::OkStatus();
}

absl::Status ValidateEmail(absl::string_view email) {
  auto bad = [](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("not a valid e-mail address: ", why));
  };
  if (email.size() > 254) {
    return bad("longer than 254 characters");
  }
  size_t at = email.find('@');
  if (at == absl::string_view::npos || email.find('@', at + 1) != absl::string_view::npos) {
    return bad("needs exactly one '@'");
  }
  absl::string_view local = email.substr(0, at);
  absl::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) {
    return bad("the part before '@' must be 1 to 64 characters");
  }
  for (char c : local) {
    if (!IsLocalPartCharacter(c)) {
      return bad("illegal character before '@'");
    }
  }
  if (local.front() == '.' || local.back() == '.' || absl::StrContains(local, "..")) {
    return bad("misplaced '.' before '@'");
  }
  std::vector<absl::string_view> labels = absl::StrSplit(domain, '.');
  if (labels.size() < 2) {
    return bad("the domain needs a dot");
  }
  for (absl::string_view label : labels) {
    if (!IsDomainLabel(label)) {
      return bad("the domain must be dot-separated labels of letters, digits and '-'");
    }
  }
  absl::string_view top = labels.back();
  if (top.size() < 2) {
    return bad("the top-level domain must be at least 2 letters");
  }
  for (char c : top) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      return bad("the top-level domain must be letters");
    }
  }
  return absl::OkStatus();
}

std::string NormalizePhoneNumber(absl::string_view phone) {
  std::string out;
  out.reserve(phone.size());
  for (char c : phone) {
    if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      out.push_back(c);
    }
  }
  for (absl::string_view prefix : {"+86", "0086"}) {
    if (absl::StartsWith(out, prefix) &&
        IsMobileNumber(absl::string_view(out).substr(prefix.size()))) {
      return out.substr(prefix.size());
    }
  }
  return out;
}

std::string NormalizeBankAccountNumber(absl::string_view account_number) {
  std::string out;
  out.reserve(account_number.size());
  for (char c : account_number) {
    if (c != ' ' && c != '-') {
      out.push_back(c);
    }
  }
  return out;
}

std::string NormalizeResidentIdNumber(absl::string_view id_number) {
  std::string out;
  out.reserve(id_number.size());
  for (char c : id_number) {
    if (c != ' ') {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == 'x') {
    out.back() = 'X';
  }
  return out;
}

}  // namespace ccrm::customer
