// Distinct, valid unified social credit codes for the customers a benchmark creates: "91" (an
// enterprise registered with the market regulator), a six-digit division, nine characters
// counting up from a point picked by the seed, and the GB 32100-2015 check character. Two runs
// with different seeds collide only if they get the same division and overlapping ranges.
//
// Example:
//   UsccSequence codes(absl::Uniform<uint64_t>(bitgen));
//   std::string code = codes.Next();  // e.g. "913501000000A3K7Q5"
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace ccrm::bench {

class UsccSequence final {
 public:
  explicit UsccSequence(uint64_t seed);

  // Thread-safe. Each call returns a code not returned before by this object (the nine-character
  // counter wraps only after 31^9 calls).
  std::string Next();

 private:
  std::string prefix_;  // "91" + division
  std::atomic<uint64_t> next_;
};

}  // namespace ccrm::bench
