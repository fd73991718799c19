//===- CoreLibCollections.cpp - Event handlers of miden::core (Collections) ------===//
//
// Host hints for miden::core::collections (stdlib/collections/*.masm):
//
//  - smt::smt_peek: [event, KEY, ROOT, ...] -> pushes the value stored under
//    KEY in the SMT with root ROOT (the zero word when there is none) so that
//    `adv_push.4`/`adv_loadw` reads it back as a word (VALUE[0] popped first).
//  - sorted_array::lowerbound_array: [event, KEY, start, end, ...] over an
//    array of words; pushes [ptr, found] (ptr popped first): the first address
//    whose word is >= KEY, or `end`.
//  - sorted_array::lowerbound_key_value: [event, KEY, start, end, full, ...]
//    over (key, value) word pairs; with full = 0 only the keys' two most
//    significant elements (word[3], word[2]) are compared.
//
// Words on the operand stack are big-endian (word[3] on top); a word in memory
// at addr holds word[i] at addr + i; words compare lexicographically from
// word[3] down to word[0] (Miden's LexicographicWord). An SMT leaf's preimage
// in the advice map is its pairs as [K0, V0, K1, V1, ...], element 0 of each
// word first; the leaf index of a key is its word[3].
//
//===----------------------------------------------------------------------===//

#include "zkvm/Support/Error.h"
#include "zkvm/VM/CoreLibrary.h"

#include <string>

namespace zkvm {
namespace corelib {

namespace {

/// The word at stack positions I..I+3 with word[3] at position I.
Word stackWordBE(const ProcessState &S, unsigned I) {
  return Word{S.Stack.get(I + 3), S.Stack.get(I + 2), S.Stack.get(I + 1), S.Stack.get(I)};
}

/// Lexicographic comparison of words, most significant element (word[3]) first.
int compareWords(const Word &A, const Word &B) {
  for (int I = 3; I >= 0; --I) {
    uint64_t X = A[I].value(), Y = B[I].value();
    if (X != Y)
      return X < Y ? -1 : 1;
  }
  return 0;
}

std::string wordString(const Word &W) {
  return "[" + std::to_string(W[0].value()) + ", " + std::to_string(W[1].value()) + ", " +
         std::to_string(W[2].value()) + ", " + std::to_string(W[3].value()) + "]";
}

constexpr uint64_t SmtDepth = 64;

llvm::Error smtPeek(ProcessState &S) {
  Word Key = stackWordBE(S, 1);
  Digest Root = toDigest(stackWordBE(S, 5));
  llvm::Expected<Digest> Node = S.Advice.store().getNode(Root, SmtDepth, Key[3].value());
  if (!Node)
    return createError("smt_peek: failed to get tree node: " + llvm::toString(Node.takeError()));
  Word Value{};
  if (*Node != MerkleStore::emptyRoot(0)) {
    const std::vector<Felt> *Pairs = S.Advice.lookup(*Node);
    if (!Pairs)
      return createError("smt_peek: SMT node not found in the advice map: " + Node->toHex());
    if (Pairs->size() % 8 != 0)
      return createError("smt_peek: invalid SMT node preimage length for node " + Node->toHex() +
                         ": got " + std::to_string(Pairs->size()) + ", expected multiple of 8");
    for (size_t I = 0; I < Pairs->size(); I += 8) {
      Word K{(*Pairs)[I], (*Pairs)[I + 1], (*Pairs)[I + 2], (*Pairs)[I + 3]};
      if (K == Key) {
        Value = Word{(*Pairs)[I + 4], (*Pairs)[I + 5], (*Pairs)[I + 6], (*Pairs)[I + 7]};
        break;
      }
    }
  }
  S.Advice.pushStackWord(Value);
  return llvm::Error::success();
}

/// The lower bound of KEY (stack 1..4) in the array [start, end) (stack 5, 6)
/// of Stride-element records whose first word is the record's key.
llvm::Error lowerBound(ProcessState &S, unsigned Stride, bool FullKey) {
  Word Key = stackWordBE(S, 1);
  uint64_t Start = S.Stack.get(5).value(), End = S.Stack.get(6).value();
  if (Start > UINT32_MAX || End > UINT32_MAX)
    return createError("lowerbound: memory address out of bounds: start " + std::to_string(Start) +
                       ", end " + std::to_string(End));
  if (Start > End)
    return createError("lowerbound: invalid address range: start " + std::to_string(Start) +
                       " is greater than end " + std::to_string(End));
  if (Start % 4 != 0)
    return createError("lowerbound: word memory access at address " + std::to_string(Start) +
                       " is unaligned");
  if ((End - Start) % Stride != 0)
    return createError(
        Stride == 4 ? "array size must be divisible by 4, but was " + std::to_string(End - Start)
                    : "key-value array must have size divisible by 4 or 8, but was " +
                          std::to_string(End - Start));
  bool Found = false;
  uint64_t Result = End;
  bool HaveResult = false;
  Word Prev{};
  for (uint64_t Addr = Start; Addr < End; Addr += Stride) {
    Word W = S.Mem.readWord(S.Ctx, static_cast<uint32_t>(Addr));
    if (!FullKey)
      W[0] = W[1] = Felt();
    if (Addr != Start && compareWords(W, Prev) < 0)
      return createError("element at index " + std::to_string(Addr) + " (" + wordString(W) +
                         ") is smaller than the predecessor (" + wordString(Prev) + ")");
    if (!HaveResult && compareWords(W, Key) >= 0) {
      HaveResult = true;
      Found = W == Key;
      Result = Addr;
    }
    Prev = W;
  }
  // adv_push.2 then leaves [found, ptr, ...] on the operand stack.
  S.Advice.pushStack(Felt(Found ? 1 : 0));
  S.Advice.pushStack(Felt(Result));
  return llvm::Error::success();
}

} // namespace

llvm::Error registerCollectionsHandlers(DefaultHost &Host) {
  if (llvm::Error E = Host.addEventHandler("miden::core::collections::smt::smt_peek", smtPeek))
    return E;
  if (llvm::Error E =
          Host.addEventHandler("miden::core::collections::sorted_array::lowerbound_array",
                               [](ProcessState &S) { return lowerBound(S, 4, /*FullKey=*/true); }))
    return E;
  return Host.addEventHandler(
      "miden::core::collections::sorted_array::lowerbound_key_value", [](ProcessState &S) {
        uint64_t Full = S.Stack.get(7).value();
        if (Full > 1)
          return createError("use_full_key must be 0 or 1, was " + std::to_string(Full));
        return lowerBound(S, 8, Full == 1);
      });
}

} // namespace corelib
} // namespace zkvm
