//===- zkvm/VM/Memory.h - The VM's random-access memory ----------*- C++ -*-===//
//
// Miden v0.20 memory: one address space per execution context, element
// addressable, addresses in [0, 2^32), every element zero until written.
// Word accesses use four consecutive elements starting at a multiple of 4.
//
// Storage is paged: a hash map from (context, page) to a 1024-element page,
// with the last page used cached, so the common case (a procedure working on a
// few locals) costs one compare and one indexed load.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_MEMORY_H
#define ZKVM_VM_MEMORY_H

#include "zkvm/Field/Goldilocks.h"

#include "llvm/ADT/DenseMap.h"

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace zkvm {

using ContextId = uint32_t;
using Word = std::array<Felt, 4>;

class Memory {
public:
  static constexpr unsigned PageBits = 10;
  static constexpr uint32_t PageSize = 1u << PageBits;

  Felt read(ContextId Ctx, uint32_t Addr) const {
    const Page *P = findPage(Ctx, Addr >> PageBits);
    return P ? P->Data[Addr & (PageSize - 1)] : Felt();
  }
  void write(ContextId Ctx, uint32_t Addr, Felt Value) {
    getPage(Ctx, Addr >> PageBits).Data[Addr & (PageSize - 1)] = Value;
  }
  /// Addr must be a multiple of 4 (so the word never straddles pages).
  Word readWord(ContextId Ctx, uint32_t Addr) const {
    const Page *P = findPage(Ctx, Addr >> PageBits);
    if (!P)
      return Word{};
    const Felt *D = P->Data + (Addr & (PageSize - 1));
    return Word{D[0], D[1], D[2], D[3]};
  }
  void writeWord(ContextId Ctx, uint32_t Addr, const Word &W) {
    Felt *D = getPage(Ctx, Addr >> PageBits).Data + (Addr & (PageSize - 1));
    D[0] = W[0];
    D[1] = W[1];
    D[2] = W[2];
    D[3] = W[3];
  }

  /// Every nonzero element of a context, sorted by address.
  std::vector<std::pair<uint32_t, Felt>> contents(ContextId Ctx) const;
  /// Pages allocated (a rough measure of the memory a program touched).
  size_t numPages() const { return Pages.size(); }

private:
  struct Page {
    Felt Data[PageSize];
  };
  static uint64_t key(ContextId Ctx, uint32_t PageIndex) {
    return (uint64_t(Ctx) << 32) | PageIndex;
  }
  const Page *findPage(ContextId Ctx, uint32_t PageIndex) const {
    uint64_t K = key(Ctx, PageIndex);
    if (K == CachedKey)
      return CachedPage;
    auto It = Pages.find(K);
    if (It == Pages.end())
      return nullptr;
    CachedKey = K;
    CachedPage = It->second.get();
    return CachedPage;
  }
  Page &getPage(ContextId Ctx, uint32_t PageIndex) {
    uint64_t K = key(Ctx, PageIndex);
    if (K == CachedKey)
      return *CachedPage;
    std::unique_ptr<Page> &Slot = Pages[K];
    if (!Slot)
      Slot = std::make_unique<Page>();
    CachedKey = K;
    CachedPage = Slot.get();
    return *CachedPage;
  }

  // Keys never reach DenseMap's reserved values: page indexes are < 2^22.
  llvm::DenseMap<uint64_t, std::unique_ptr<Page>> Pages;
  mutable uint64_t CachedKey = ~uint64_t(0);
  mutable Page *CachedPage = nullptr;
};

} // namespace zkvm

#endif // ZKVM_VM_MEMORY_H
