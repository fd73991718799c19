//===- InputsFuzzer.cpp - Fuzz the .inputs JSON loader --------------------===//
//
// Arbitrary bytes as a `.inputs` file, and as the element lists and words
// the loader's helpers parse: errors only, never a crash, hang or leak.
//
//===----------------------------------------------------------------------===//

#include "zkvm/VM/AdviceInputs.h"

#include "llvm/Support/Error.h"

using namespace llvm;
using namespace zkvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (Expected<ProgramInputs> In = parseInputs(Text, "fuzz.inputs"))
    (void)In->StackInputs.size();
  else
    consumeError(In.takeError());
  if (Expected<std::vector<Felt>> L = parseFeltList(Text); !L)
    consumeError(L.takeError());
  if (Expected<Digest> W = parseWord(Text); !W)
    consumeError(W.takeError());
  return 0;
}
