//===- ProofSeeds.cpp - Write the proof fuzzer's seed corpus --------------===//
//
// zkvm-proof-seeds <dir>: proves every program of ProofPrograms.h with every
// option set of proofSeedOptions() and writes the proof files to <dir>, as
// <program>-<hash>-q<queries>-b<blowup>-f<folding>-e<extension>.proof. Run it
// again (into fuzz/corpus/proof) when the proof format or the VM AIR changes:
// stale seeds are merely rejected, and the fuzzer then stays at the surface.
//
//===----------------------------------------------------------------------===//

#include "ProofPrograms.h"

#include "zkvm/zkvm.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <cstdio>
#include <fstream>
#include <string>

using namespace llvm;
using namespace zkvm;

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
    return 2;
  }
  std::string Dir = argv[1];
  for (const fuzz::ProofProgram &P : fuzz::proofPrograms()) {
    ZkvmOptions ZO;
    ZO.NoCoreLibrary = true;
    Expected<Zkvm> Vm = Zkvm::fromSource(P.Source, std::string(P.Name) + ".masm", ZO);
    if (!Vm) {
      std::fprintf(stderr, "%s: %s\n", P.Name, toString(Vm.takeError()).c_str());
      return 1;
    }
    ProgramInputs In;
    for (uint64_t V : P.StackInputs)
      In.StackInputs.push_back(Felt(V));
    for (const ProofOptions &O : fuzz::proofSeedOptions()) {
      Expected<ZkvmProof> Proof = Vm->generateProof(In, O);
      if (!Proof) {
        std::fprintf(stderr, "%s: %s\n", P.Name, toString(Proof.takeError()).c_str());
        return 1;
      }
      if (Expected<Zkvm::VerifiedProof> V = Zkvm::checkProof(Proof->Bytes, 0); !V) {
        std::fprintf(stderr, "%s: the new proof does not verify: %s\n", P.Name,
                     toString(V.takeError()).c_str());
        return 1;
      }
      std::string Path =
          (Dir + "/" + P.Name + "-" + (O.Hash == HashKind::Rpo256 ? "rpo" : "blake3") + "-q" +
           Twine(O.NumQueries) + "-b" + Twine(O.Blowup) + "-f" + Twine(O.FoldingFactor) + "-e" +
           Twine(O.ExtensionDegree) + ".proof")
              .str();
      std::ofstream Out(Path, std::ios::binary);
      Out.write(reinterpret_cast<const char *>(Proof->Bytes.data()), Proof->Bytes.size());
      if (!Out) {
        std::fprintf(stderr, "cannot write %s\n", Path.c_str());
        return 1;
      }
      std::printf("%s: %zu bytes\n", Path.c_str(), Proof->Bytes.size());
    }
  }
  return 0;
}
