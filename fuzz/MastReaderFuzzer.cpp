//===- MastReaderFuzzer.cpp - Fuzz the MAST binary reader -----------------===//
//
// Arbitrary bytes as a .masb/.masl image. The reader must reject bad images
// with an error, never crash. Most mutated images fail the trailing BLAKE3
// checksum, so the bytes are also tried with the checksum recomputed, which
// lets the fuzzer reach the structural checks behind it. An image that reads
// must write back, and the written image must read to the same forest and
// write the same bytes again.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Crypto/Blake3.h"
#include "zkvm/Mast/MastFormat.h"

#include "llvm/Support/Error.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace llvm;
using namespace zkvm;

[[noreturn]] static void fail(const char *What) {
  std::fprintf(stderr, "MAST round trip failed: %s\n", What);
  std::abort();
}

static void checkRoundTrip(const MastForest &F) {
  for (bool Debug : {true, false}) {
    MastWriteOptions Opts;
    Opts.DebugInfo = Debug;
    Expected<std::vector<uint8_t>> Image = writeMastForest(F, Opts);
    if (!Image) {
      // A forest the reader accepted must be writable.
      std::fprintf(stderr, "%s\n", toString(Image.takeError()).c_str());
      fail("an accepted forest cannot be written");
    }
    Expected<MastForest> Back = readMastForest(*Image, "rewritten");
    if (!Back) {
      std::fprintf(stderr, "%s\n", toString(Back.takeError()).c_str());
      fail("the written image does not read back");
    }
    if (Back->kind() != F.kind() || Back->numNodes() != F.numNodes())
      fail("kind or node count changed");
    for (MastNodeId I = 0; I < F.numNodes(); ++I)
      if (Back->digest(I) != F.digest(I))
        fail("a node digest changed");
    if (Back->entrypoint() != F.entrypoint())
      fail("the entrypoint changed");
    Expected<std::vector<uint8_t>> Image2 = writeMastForest(*Back, Opts);
    if (!Image2 || *Image2 != *Image) {
      if (!Image2)
        consumeError(Image2.takeError());
      fail("writing the re-read forest gives different bytes");
    }
  }
}

static void tryImage(ArrayRef<uint8_t> Bytes) {
  Expected<MastForest> F = readMastForest(Bytes, "fuzz.masb");
  if (!F) {
    consumeError(F.takeError());
    return;
  }
  checkRoundTrip(*F);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ArrayRef<uint8_t> Bytes(Data, Size);
  tryImage(Bytes);
  (void)isMastImage(Bytes);
  if (Size >= 32) {
    std::vector<uint8_t> Fixed(Data, Data + Size);
    Blake3Digest Sum = Blake3::hash(ArrayRef<uint8_t>(Fixed).drop_back(32));
    std::memcpy(Fixed.data() + Size - 32, Sum.data(), 32);
    if (Fixed != std::vector<uint8_t>(Data, Data + Size))
      tryImage(Fixed);
  }
  return 0;
}
