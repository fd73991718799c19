//===- PackedEvalTest.cpp - The prover's packed VM AIR evaluation ----------===//
//
// The prover evaluates the VM AIR's main and aux constraints eight rows at a
// time with shared operation flags (VmAir::evalPacked); every lane must
// equal the one-row evaluation (evalMain on Felt, evalAux on Felt and the
// extension), on arbitrary frames (as on the LDE, where cells are not bits).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/VmAir.h"

#include "gtest/gtest.h"

#include <random>

using namespace zkvm;
using namespace zkvm::vmair;

namespace {

template <class E> void checkPacked(uint64_t Seed) {
  using EP = ExtPack<E>;
  constexpr unsigned D = E::Degree, Lanes = FeltPack::Lanes;
  std::mt19937_64 Rng(Seed);
  auto Rand = [&] { return Felt(Rng() % Felt::Modulus); };
  auto RandExt = [&] {
    if constexpr (D == 2)
      return E(Rand(), Rand());
    else
      return E(Rand(), Rand(), Rand());
  };
  VmAir A(1u << 10, VmPublicInputs{});
  const unsigned W = A.traceInfo().MainWidth, WA = A.traceInfo().AuxWidth;
  const unsigned NumMain = unsigned(A.mainConstraintDegrees().size());
  const unsigned NumAux = unsigned(A.auxConstraintDegrees().size());
  const unsigned NumP = unsigned(A.periodicColumns().size());
  std::vector<FeltPack> Cur(W), Next(W), Per(NumP), OutMain(NumMain);
  std::vector<EP> AuxCur(WA), AuxNext(WA), Rands(VmNumRands), OutAux(NumAux);
  for (EP &R : Rands)
    R = EP(RandExt());
  for (unsigned L = 0; L < Lanes; ++L) {
    for (unsigned C = 0; C < W; ++C) {
      // Half the lanes with bits where the flags read them, to light up flags.
      bool Bit = L % 2 == 0;
      Cur[C].V[L] = Bit ? Felt(Rng() & 1) : Rand();
      Next[C].V[L] = Bit ? Felt(Rng() & 1) : Rand();
    }
    for (unsigned C = 0; C < WA; ++C) {
      AuxCur[C].setLane(L, RandExt());
      AuxNext[C].setLane(L, RandExt());
    }
    for (unsigned P = 0; P < NumP; ++P)
      Per[P].V[L] = Rand();
  }
  ASSERT_TRUE(A.evalPacked(EvalFrame<FeltPack>{Cur, Next}, EvalFrame<EP>{AuxCur, AuxNext}, Per,
                           Rands, OutMain, OutAux));
  std::vector<E> RandsE;
  for (const EP &R : Rands)
    RandsE.push_back(R.lane(0));
  for (unsigned L = 0; L < Lanes; ++L) {
    std::vector<Felt> C(W), N(W), P(NumP), Main(NumMain);
    std::vector<E> AC(WA), AN(WA), Aux(NumAux);
    for (unsigned I = 0; I < W; ++I) {
      C[I] = Cur[I].V[L];
      N[I] = Next[I].V[L];
    }
    for (unsigned I = 0; I < WA; ++I) {
      AC[I] = AuxCur[I].lane(L);
      AN[I] = AuxNext[I].lane(L);
    }
    for (unsigned I = 0; I < NumP; ++I)
      P[I] = Per[I].V[L];
    A.evalMain(EvalFrame<Felt>{C, N}, P, Main);
    A.evalAux(EvalFrame<Felt>{C, N}, EvalFrame<E>{AC, AN}, P, RandsE, Aux);
    for (unsigned T = 0; T < NumMain; ++T)
      ASSERT_EQ(Main[T], OutMain[T].V[L]) << "main constraint " << T << ", lane " << L;
    for (unsigned T = 0; T < NumAux; ++T)
      ASSERT_TRUE(Aux[T] == OutAux[T].lane(L)) << "aux constraint " << T << ", lane " << L;
  }
}

TEST(VmAirPacked, QuadMatchesRowByRow) {
  for (uint64_t Seed = 1; Seed <= 4; ++Seed)
    checkPacked<QuadExt>(Seed);
}

TEST(VmAirPacked, CubicMatchesRowByRow) {
  for (uint64_t Seed = 1; Seed <= 4; ++Seed)
    checkPacked<CubicExt>(Seed);
}

} // namespace
