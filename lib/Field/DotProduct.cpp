//===- DotProduct.cpp - Sums of products: dispatch and portable paths ---===//

#include "zkvm/Field/DotProduct.h"

#include "llvm/Support/Parallel.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <thread>

namespace zkvm {

bool detail::cpuHasIfma() {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
  static const bool Has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
  return Has;
#else
  return false;
#endif
}

static std::atomic<bool> IfmaEnabled{true};

bool dotProductUsesIfma() { return IfmaEnabled && detail::cpuHasIfma(); }
void setDotProductIfma(bool Enabled) { IfmaEnabled = Enabled; }

void evaluateAtPoints(llvm::ArrayRef<const Felt *> Polys, size_t Len, llvm::ArrayRef<Felt> Points,
                      llvm::MutableArrayRef<Felt> Out) {
  const size_t NC = Polys.size(), Q = Points.size();
  assert(Out.size() == Q * NC && "one value per polynomial and point");
  std::fill(Out.begin(), Out.end(), Felt());
  if (!NC || !Q || !Len)
    return;
  // Blocks of coefficients shared by all points: the point's powers for the
  // block are computed once and used for every polynomial.
  constexpr size_t Block = 512;
  const size_t NumBlocks = (Len + Block - 1) / Block;
  const size_t Workers =
      std::min<size_t>(NumBlocks, std::max(1u, std::thread::hardware_concurrency()));
  const bool Ifma = dotProductUsesIfma();
  std::vector<std::vector<Felt>> Partial(Workers, std::vector<Felt>(Q * NC));
  std::atomic<size_t> NextBlock{0};
  llvm::parallelForEachN(0, Workers, [&](size_t Worker) {
    std::vector<Felt> Pow(Q * Block);
    std::vector<uint64_t> PowLo(Ifma ? Q * Block : 0), PowHi(PowLo.size()), CLo(Block), CHi(Block);
    std::vector<Felt> Tail(Block);
    std::vector<Felt> &Acc = Partial[Worker];
    for (size_t Bk; (Bk = NextBlock++) < NumBlocks;) {
      size_t Begin = Bk * Block, Count = std::min(Block, Len - Begin);
      // The IFMA kernel takes multiples of 8: the last block is padded with
      // zero powers (the coefficients past Len are never read as nonzero).
      size_t Padded = (Count + 7) & ~size_t(7);
      for (size_t I = 0; I < Q; ++I) {
        Felt X = Points[I].exp(Begin);
        Felt *P = Pow.data() + I * Block;
        for (size_t T = 0; T < Count; ++T, X *= Points[I])
          P[T] = X;
        std::fill(P + Count, P + Padded, Felt());
        if (Ifma)
          detail::splitLimbsIfma(P, PowLo.data() + I * Block, PowHi.data() + I * Block, Padded);
      }
      for (size_t C = 0; C < NC; ++C) {
        const Felt *Cf = Polys[C] + Begin;
        if (!Ifma) {
          for (size_t I = 0; I < Q; ++I)
            Acc[I * NC + C] += dotProduct(Cf, Pow.data() + I * Block, Count);
          continue;
        }
        if (Padded != Count) {
          std::copy(Cf, Cf + Count, Tail.begin());
          std::fill(Tail.begin() + Count, Tail.begin() + Padded, Felt());
          Cf = Tail.data();
        }
        detail::splitLimbsIfma(Cf, CLo.data(), CHi.data(), Padded);
        for (size_t I = 0; I < Q; ++I)
          Acc[I * NC + C] += detail::dotProductLimbsIfma(
              CLo.data(), CHi.data(), PowLo.data() + I * Block, PowHi.data() + I * Block, Padded);
      }
    }
  });
  for (const std::vector<Felt> &Part : Partial)
    for (size_t I = 0; I < Out.size(); ++I)
      Out[I] += Part[I];
}

LaneCombiner::LaneCombiner(llvm::ArrayRef<std::vector<Felt>> Forms)
    : NumForms(unsigned(Forms.size())), Count(Forms.empty() ? 0 : Forms[0].size()) {
  assert(NumForms <= 3 && "at most three forms");
  for (const std::vector<Felt> &F : Forms) {
    assert(F.size() == Count && "forms of one length");
    Coef.insert(Coef.end(), F.begin(), F.end());
  }
  if (detail::cpuHasIfma()) {
    CoefLo.resize(Coef.size());
    CoefHi.resize(Coef.size());
    for (size_t I = 0; I < Coef.size(); ++I) {
      CoefLo[I] = Coef[I].value() & ((uint64_t(1) << 52) - 1);
      CoefHi[I] = Coef[I].value() >> 52;
    }
  }
}

void LaneCombiner::apply(const Felt *Packs, Felt *Out) const {
  if (!Count) {
    std::fill(Out, Out + NumForms * Lanes, Felt());
    return;
  }
  if (!CoefLo.empty() && dotProductUsesIfma()) {
    detail::combineLanesIfma(CoefLo.data(), CoefHi.data(), NumForms, Count, Packs, Out);
    return;
  }
  for (unsigned K = 0; K < NumForms; ++K)
    for (unsigned L = 0; L < Lanes; ++L) {
      unsigned __int128 S = 0;
      uint64_t Wraps = 0;
      for (size_t I = 0; I < Count; ++I) {
        unsigned __int128 P =
            (unsigned __int128)Coef[K * Count + I].value() * Packs[I * Lanes + L].value();
        S += P;
        Wraps += S < P;
      }
      Out[K * Lanes + L] =
          Felt::fromCanonical(Felt::reduce128(S)) - Felt(Wraps) * Felt(uint64_t(1) << 32);
    }
}

} // namespace zkvm
