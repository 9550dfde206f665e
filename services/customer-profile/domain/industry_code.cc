#include "services/customer-profile/domain/industry_code.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ccrm::customer {
namespace {

struct SectionDivisions {
  char section;
  int first_division;
  int last_division;
};

// GB/T 4754-2017: each section's divisions form one contiguous range, 01..97 in all.
constexpr SectionDivisions kSections[] = {
    {'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
    {'F', 51, 52}, {'G', 53, 60}, {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69},
    {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 79}, {'O', 80, 82},
    {'P', 83, 83}, {'Q', 84, 85}, {'R', 86, 90}, {'S', 91, 96}, {'T', 97, 97},
};

std::string DivisionRange(const SectionDivisions& s) {
  if (s.first_division == s.last_division) {
    return absl::StrFormat("%02d", s.first_division);
  }
  return absl::StrFormat("%02d-%02d", s.first_division, s.last_division);
}

}  // namespace

std::optional<char> IndustrySectionOfDivision(int division) {
  for (const SectionDivisions& s : kSections) {
    if (division >= s.first_division && division <= s.last_division) {
      return s.section;
    }
  }
  return std::nullopt;
}

absl::Status ValidateIndustryCode(absl::string_view code) {
  const char* kShape =
      "must be a GB/T 4754-2017 code: a section letter A-T and 2 to 4 digits, e.g. C3011";
  if (code.size() < 3 || code.size() > 5 || code[0] < 'A' || code[0] > 'T') {
    return absl::InvalidArgumentError(kShape);
  }
  for (char c : code.substr(1)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(kShape);
    }
  }
  int division = (code[1] - '0') * 10 + (code[2] - '0');
  std::optional<char> section = IndustrySectionOfDivision(division);
  if (section == std::nullopt) {
    return absl::InvalidArgumentError(
        absl::StrFormat("division %02d does not exist (01-97)", division));
  }
  if (*section != code[0]) {
    const SectionDivisions& expected = kSections[code[0] - 'A'];
    return absl::InvalidArgumentError(
        absl::StrCat("division ", code.substr(1, 2), " belongs to section ",
                     std::string(1, *section), ", not ", std::string(1, code[0]), " (section ",
                     std::string(1, code[0]), " has divisions ", DivisionRange(expected), ")"));
  }
  return absl::OkStatus();
}

}  // namespace ccrm::customer
