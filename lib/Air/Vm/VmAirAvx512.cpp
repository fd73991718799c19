//===- VmAirAvx512.cpp - The VM AIR's packed evaluation in AVX-512 --------===//
//
// This file alone in lib/Air is compiled with AVX-512 enabled: it
// instantiates VmAir::evaluateBoth with the AVX-512 pack (FeltPackAvx, whose
// operations are inline vector code), so the whole constraint evaluation of
// eight rows becomes straight-line AVX-512 instead of out-of-line scalar
// calls. VmAir::evalPacked calls it only when detail::FeltPackAvx512 (the CPU
// check). The frames are copied into and out of the AVX-512 pack type (same
// layout, eight canonical Felts a pack); the values are the scalar ones.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/FeltPackAvx512.h"
#include "zkvm/Air/Vm/VmAir.h"

#include "llvm/ADT/SmallVector.h"

#include <cstring>
#include <type_traits>

namespace zkvm {
namespace vmair {

namespace {
template <class To, class From> llvm::SmallVector<To, 96> copyPacks(llvm::ArrayRef<From> In) {
  static_assert(sizeof(To) == sizeof(From) && std::is_trivially_copyable_v<To> &&
                    std::is_trivially_copyable_v<From>,
                "packs of both instruction sets have one layout");
  llvm::SmallVector<To, 96> Out(In.size());
  if (!In.empty())
    std::memcpy(Out.data(), In.data(), In.size() * sizeof(From));
  return Out;
}
template <class To, class From>
void copyBack(llvm::ArrayRef<From> In, llvm::MutableArrayRef<To> Out) {
  static_assert(sizeof(To) == sizeof(From), "one layout");
  if (!In.empty())
    std::memcpy(Out.data(), In.data(), In.size() * sizeof(From));
}
} // namespace

template <class Ext>
void VmAir::evalPackedAvx512(const EvalFrame<FeltPack> &M, const EvalFrame<ExtPack<Ext>> &Aux,
                             llvm::ArrayRef<FeltPack> P, llvm::ArrayRef<ExtPack<Ext>> A,
                             llvm::MutableArrayRef<FeltPack> OutMain,
                             llvm::MutableArrayRef<ExtPack<Ext>> OutAux) const {
  using F = FeltPackAvx;
  using E = ExtPack<Ext, FeltPackAvx>;
  auto Cur = copyPacks<F>(M.Current), Next = copyPacks<F>(M.Next), Per = copyPacks<F>(P);
  auto AuxCur = copyPacks<E>(Aux.Current), AuxNext = copyPacks<E>(Aux.Next),
       Rands = copyPacks<E>(A);
  llvm::SmallVector<F, 96> OM(OutMain.size());
  llvm::SmallVector<E, 96> OA(OutAux.size());
  evaluateBoth<F, E>(EvalFrame<F>{Cur, Next}, EvalFrame<E>{AuxCur, AuxNext}, Per, Rands, OM, OA);
  copyBack<FeltPack, F>(OM, OutMain);
  copyBack<ExtPack<Ext>, E>(OA, OutAux);
}

template <class Ext>
void VmAir::auxFactorsAvx512(const EvalFrame<FeltPack> &M, llvm::ArrayRef<FeltPack> P,
                             llvm::ArrayRef<ExtPack<Ext>> A, ExtPack<Ext> Out[6]) const {
  using F = FeltPackAvx;
  using E = ExtPack<Ext, FeltPackAvx>;
  auto Cur = copyPacks<F>(M.Current), Next = copyPacks<F>(M.Next), Per = copyPacks<F>(P);
  auto Rands = copyPacks<E>(A);
  E O[6];
  auxFactors<F, E>(EvalFrame<F>{Cur, Next}, Per, Rands, O);
  copyBack<ExtPack<Ext>, E>(llvm::ArrayRef<E>(O, 6), llvm::MutableArrayRef<ExtPack<Ext>>(Out, 6));
}

template void VmAir::auxFactorsAvx512<QuadExt>(const EvalFrame<FeltPack> &,
                                               llvm::ArrayRef<FeltPack>,
                                               llvm::ArrayRef<QuadExtPack>, QuadExtPack *) const;
template void VmAir::auxFactorsAvx512<CubicExt>(const EvalFrame<FeltPack> &,
                                                llvm::ArrayRef<FeltPack>,
                                                llvm::ArrayRef<CubicExtPack>, CubicExtPack *) const;

template void VmAir::evalPackedAvx512<QuadExt>(const EvalFrame<FeltPack> &,
                                               const EvalFrame<QuadExtPack> &,
                                               llvm::ArrayRef<FeltPack>,
                                               llvm::ArrayRef<QuadExtPack>,
                                               llvm::MutableArrayRef<FeltPack>,
                                               llvm::MutableArrayRef<QuadExtPack>) const;
template void VmAir::evalPackedAvx512<CubicExt>(const EvalFrame<FeltPack> &,
                                                const EvalFrame<CubicExtPack> &,
                                                llvm::ArrayRef<FeltPack>,
                                                llvm::ArrayRef<CubicExtPack>,
                                                llvm::MutableArrayRef<FeltPack>,
                                                llvm::MutableArrayRef<CubicExtPack>) const;

} // namespace vmair
} // namespace zkvm
