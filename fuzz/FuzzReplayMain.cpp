//===- FuzzReplayMain.cpp - Run a fuzz target over files, without libFuzzer ===//
//
// Linked with a fuzz target's LLVMFuzzerTestOneInput in place of libFuzzer's
// driver: every file named on the command line, and every file under every
// directory named, is fed to the target once. The normal build registers one
// ctest per target that replays its seed corpus (label fuzz-smoke), so the
// corpora and the crash regressions in them run in CI without clang's fuzzer
// runtime. `--random=N[:SEED]` also feeds N pseudo-random inputs (up to 4 KiB
// each, from a fixed seed unless one is given).
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

namespace fs = std::filesystem;

static bool runFile(const fs::path &P) {
  std::ifstream In(P, std::ios::binary);
  if (!In) {
    std::fprintf(stderr, "cannot read %s\n", P.string().c_str());
    return false;
  }
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)),
                             std::istreambuf_iterator<char>());
  // A private copy, so reads past the end are caught by ASan in sanitized builds.
  std::vector<uint8_t> Copy(Bytes);
  LLVMFuzzerTestOneInput(Copy.empty() ? nullptr : Copy.data(), Copy.size());
  return true;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <file or directory>...\n", argv[0]);
    return 2;
  }
  unsigned Count = 0;
  bool OK = true;
  for (int I = 1; I < argc; ++I) {
    std::string A = argv[I];
    if (A.rfind("--random=", 0) == 0) {
      unsigned long N = 0, Seed = 1;
      if (std::sscanf(A.c_str() + 9, "%lu:%lu", &N, &Seed) < 1) {
        std::fprintf(stderr, "bad option %s\n", A.c_str());
        return 2;
      }
      std::mt19937_64 Rng(Seed);
      for (unsigned long K = 0; K < N; ++K, ++Count) {
        std::vector<uint8_t> Bytes(Rng() % 4097);
        for (uint8_t &B : Bytes)
          B = uint8_t(Rng());
        LLVMFuzzerTestOneInput(Bytes.empty() ? nullptr : Bytes.data(), Bytes.size());
      }
      continue;
    }
    fs::path Arg(argv[I]);
    std::error_code EC;
    if (fs::is_directory(Arg, EC)) {
      std::vector<fs::path> Files;
      for (const auto &E : fs::recursive_directory_iterator(Arg, EC))
        if (E.is_regular_file())
          Files.push_back(E.path());
      std::sort(Files.begin(), Files.end());
      for (const fs::path &F : Files) {
        OK &= runFile(F);
        ++Count;
      }
    } else {
      OK &= runFile(Arg);
      ++Count;
    }
  }
  std::printf("replayed %u inputs\n", Count);
  if (Count == 0) {
    std::fprintf(stderr, "no inputs found\n");
    return 1;
  }
  return OK ? 0 : 1;
}
