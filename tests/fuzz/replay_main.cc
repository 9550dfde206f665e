// The gcc build's stand-in for libFuzzer: runs a fuzz target over every file of its seed corpus
// and regressions directories (compiled in as CCRM_FUZZ_CORPUS_DIR and CCRM_FUZZ_REGRESSIONS_DIR),
// so inputs that once crashed stay regression tests on every ctest run. A failing input aborts
// the process, after its path is printed.
//
//   <target>_replay                      replay the compiled-in directories
//   <target>_replay FILE_OR_DIR...       replay these instead
//   <target>_replay --write-seeds DIR    write the target's seed requests into DIR
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "tests/fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> InputsUnder(const fs::path& path) {
  std::vector<fs::path> inputs;
  if (fs::is_regular_file(path)) {
    inputs.push_back(path);
  } else if (fs::is_directory(path)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') {
        inputs.push_back(entry.path());
      }
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

int WriteSeeds(const fs::path& dir) {
  fs::create_directories(dir);
  const std::vector<ccrm::fuzz::Seed> seeds = CcrmFuzzSeeds();
  int i = 0;
  for (const ccrm::fuzz::Seed& seed : seeds) {
    const std::string bytes = ccrm::fuzz::Encode(CcrmFuzzService(), seed);
    const fs::path file = dir / absl::StrFormat("seed-%03d-%s", i++, seed.method);
    std::ofstream(file, std::ios::binary) << bytes;
  }
  std::printf("wrote %d seeds into %s\n", i, dir.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ccrm::fuzz::RequireEveryMethod(CcrmFuzzService(), CcrmFuzzChecks());
  if (argc == 3 && std::string(argv[1]) == "--write-seeds") {
    return WriteSeeds(argv[2]);
  }
  std::vector<fs::path> roots;
  for (int i = 1; i < argc; ++i) {
    roots.emplace_back(argv[i]);
  }
  if (roots.empty()) {
    roots = {CCRM_FUZZ_CORPUS_DIR, CCRM_FUZZ_REGRESSIONS_DIR};
  }
  int replayed = 0;
  for (const fs::path& root : roots) {
    for (const fs::path& input : InputsUnder(root)) {
      std::ifstream in(input, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      std::fprintf(stderr, "replaying %s\n", input.c_str());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  // Running the seeds themselves (not only their files) keeps the generator honest even before
  // the corpus is regenerated.
  for (const ccrm::fuzz::Seed& seed : CcrmFuzzSeeds()) {
    const std::string bytes = ccrm::fuzz::Encode(CcrmFuzzService(), seed);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++replayed;
  }
  std::printf("replayed %d inputs, no property failed\n", replayed);
  return replayed > 0 ? 0 : 1;
}
