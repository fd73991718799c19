//===- zkvm/VM/AdviceProvider.h - Non-deterministic inputs -------*- C++ -*-===//
//
// The advice provider holds what the prover knows and the verifier does not:
// the advice stack, the advice map (word -> list of elements) and the Merkle
// store. Operations (ADVPOP, ADVPOPW, PIPE, MPVERIFY, MRUPDATE) and system
// events read and extend it during execution.
//
// Orders follow Miden v0.20.6: the advice stack pops its first input first;
// ADVPOPW returns the four popped elements as word[0..3] (first popped in
// word[0]); pushing a word makes word[0] the next element popped.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_ADVICEPROVIDER_H
#define ZKVM_VM_ADVICEPROVIDER_H

#include "zkvm/Crypto/Digest.h"
#include "zkvm/VM/AdviceInputs.h"
#include "zkvm/VM/Memory.h"

#include "llvm/Support/Error.h"

#include <map>
#include <vector>

namespace zkvm {

inline Digest toDigest(const Word &W) { return Digest(W[0], W[1], W[2], W[3]); }
inline Word toWord(const Digest &D) { return Word{D[0], D[1], D[2], D[3]}; }

class AdviceProvider {
public:
  AdviceProvider() = default;
  explicit AdviceProvider(AdviceInputs Inputs);

  // --- Advice stack (the back of Stack is the next element popped) --------
  bool popStack(Felt &Out) {
    if (Stack.empty())
      return false;
    Out = Stack.back();
    Stack.pop_back();
    return true;
  }
  bool popStackWord(Word &Out) {
    if (Stack.size() < 4)
      return false;
    size_t I = Stack.size() - 4;
    Out = Word{Stack[I + 3], Stack[I + 2], Stack[I + 1], Stack[I]};
    Stack.resize(I);
    return true;
  }
  void pushStack(Felt V) { Stack.push_back(V); }
  /// W[0] becomes the next element popped.
  void pushStackWord(const Word &W) {
    for (int I = 3; I >= 0; --I)
      Stack.push_back(W[I]);
  }
  /// Values[0] becomes the next element popped.
  void extendStack(llvm::ArrayRef<Felt> Values) {
    for (size_t I = Values.size(); I-- > 0;)
      Stack.push_back(Values[I]);
  }
  /// The stack in pop order (index 0 is popped first).
  std::vector<Felt> stackInPopOrder() const { return {Stack.rbegin(), Stack.rend()}; }

  // --- Advice map -----------------------------------------------------------
  const std::vector<Felt> *lookup(const Digest &Key) const {
    auto It = Map.find(Key);
    return It == Map.end() ? nullptr : &It->second;
  }
  /// Inserting a key again with different values is an error.
  llvm::Error insert(const Digest &Key, std::vector<Felt> Values);
  llvm::Error extendMap(const std::map<Digest, std::vector<Felt>> &Other);
  /// Pushes Map[Key] so that its first element is popped first; with PadTo,
  /// zeros are pushed first to round the length up to a multiple of PadTo;
  /// with IncludeLength the length is popped before the values.
  llvm::Error pushFromMap(const Digest &Key, bool IncludeLength, unsigned PadTo);
  const std::map<Digest, std::vector<Felt>> &map() const { return Map; }

  // --- Merkle store ---------------------------------------------------------
  MerkleStore &store() { return Store; }
  const MerkleStore &store() const { return Store; }

private:
  std::vector<Felt> Stack;
  std::map<Digest, std::vector<Felt>> Map;
  MerkleStore Store;
};

} // namespace zkvm

#endif // ZKVM_VM_ADVICEPROVIDER_H
