//===- StarkTest.cpp - The STARK engine: prove, verify, tamper ------------===//

#include "zkvm/Air/Examples.h"
#include "zkvm/Crypto/Rpo256.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/Verifier/Verifier.h"

#include "gtest/gtest.h"

#include <cstdlib>
#include <random>

using namespace zkvm;

namespace {

std::string errorOf(llvm::Error E) { return E ? llvm::toString(std::move(E)) : std::string(); }

StarkProof proveOk(const Air &A, const TraceColumns &T, const ProofOptions &O) {
  auto P = prove(A, T, O);
  EXPECT_TRUE(bool(P)) << (P ? "" : llvm::toString(P.takeError()));
  return P ? std::move(*P) : StarkProof();
}

/// Options for the many small proofs: the presets with grinding cut down so
/// RPO256 proofs stay fast (full grinding runs in StarkSlowTests).
ProofOptions fast(ProofOptions O, unsigned Grinding = 4) {
  O.GrindingBits = Grinding;
  return O;
}

struct Config {
  const char *Name;
  ProofOptions Opts;
};

std::vector<Config> configs() {
  return {{"96-blake3", ProofOptions::security96(HashKind::Blake3)},
          {"128-blake3", ProofOptions::security128(HashKind::Blake3)},
          {"96-rpo", fast(ProofOptions::security96(HashKind::Rpo256), 8)},
          {"128-rpo", fast(ProofOptions::security128(HashKind::Rpo256), 8)}};
}

TEST(StarkOptions, SecurityOfPresets) {
  SecurityLevel S96 = estimateSecurity(ProofOptions::security96(), 1 << 20);
  SecurityLevel S128 = estimateSecurity(ProofOptions::security128(), 1 << 20);
  EXPECT_EQ(S96.Conjectured, 96u);
  EXPECT_EQ(S128.Conjectured, 128u);
  EXPECT_LT(S96.Proven, S96.Conjectured);
  EXPECT_GT(S128.Proven, S96.Proven);
  EXPECT_FALSE(errorOf(ProofOptions::security96().validate()).size());
  ProofOptions Bad = ProofOptions::security96();
  Bad.Blowup = 6;
  EXPECT_NE(errorOf(Bad.validate()), "");
}

TEST(Stark, FibonacciAllConfigs) {
  for (const Config &C : configs())
    for (size_t Len : {size_t(8), size_t(64), size_t(1) << 10}) {
      SCOPED_TRACE(std::string(C.Name) + " n=" + std::to_string(Len));
      TraceColumns T = FibonacciAir::buildTrace(Len);
      FibonacciAir A(Len, FibonacciAir::resultOf(T));
      StarkProof P = proveOk(A, T, C.Opts);
      EXPECT_EQ(errorOf(verify(A, P)), "");
      EXPECT_EQ(errorOf(verify(A, P.serialize())), "");
      // The wrong public result is rejected.
      FibonacciAir Wrong(Len, FibonacciAir::resultOf(T) + Felt::one());
      EXPECT_NE(errorOf(verify(Wrong, P)), "");
    }
}

// The prover's coset passes depend on the blowup B (sibling leaves of cosets
// K, K + 1; the constraint cosets every B / CeBlowup-th one): every blowup
// from 2 to 32 proves and verifies, with aux columns, at several lengths.
TEST(Stark, EveryBlowup) {
  for (unsigned B : {2u, 4u, 8u, 16u, 32u})
    for (size_t Len : {size_t(8), size_t(256)}) {
      SCOPED_TRACE("blowup " + std::to_string(B) + " n=" + std::to_string(Len));
      ProofOptions O = fast(ProofOptions::security96());
      O.Blowup = B;
      TraceColumns T = FibonacciAir::buildTrace(Len);
      FibonacciAir A(Len, FibonacciAir::resultOf(T));
      StarkProof P = proveOk(A, T, O);
      EXPECT_EQ(errorOf(verify(A, P.serialize())), "");
      FibonacciAir Wrong(Len, FibonacciAir::resultOf(T) + Felt::one());
      EXPECT_NE(errorOf(verify(Wrong, P)), "");
      TraceColumns L = PermutationAir::buildTrace(Len, 7);
      PermutationAir LA(Len);
      EXPECT_EQ(errorOf(verify(LA, proveOk(LA, L, O).serialize())), "");
    }
}

TEST(Stark, PeriodicColumnAllConfigs) {
  for (const Config &C : configs()) {
    SCOPED_TRACE(C.Name);
    size_t Len = 256;
    TraceColumns T = CubeChainAir::buildTrace(Len, Felt(3));
    CubeChainAir A(Len, Felt(3), T[0].back());
    StarkProof P = proveOk(A, T, C.Opts);
    EXPECT_EQ(P.NumCompColumns, 2u);
    EXPECT_EQ(errorOf(verify(A, P)), "");
  }
}

TEST(Stark, LogUpAuxColumnAllConfigs) {
  for (const Config &C : configs()) {
    SCOPED_TRACE(C.Name);
    size_t Len = 512;
    TraceColumns T = PermutationAir::buildTrace(Len, 7);
    PermutationAir A(Len);
    StarkProof P = proveOk(A, T, C.Opts);
    EXPECT_EQ(errorOf(verify(A, P)), "");
  }
}

// Every AIR at every size from 2^3 to 2^12 (96-bit, cut grinding), and both
// extensions at the smallest sizes, where the FRI has no layers.
TEST(Stark, AllSizes) {
  for (unsigned Log = 3; Log <= 12; ++Log) {
    size_t Len = size_t(1) << Log;
    SCOPED_TRACE("n=2^" + std::to_string(Log));
    for (ProofOptions O : {fast(ProofOptions::security96()), fast(ProofOptions::security128())}) {
      if (Log > 6 && O.ExtensionDegree == 3)
        continue;
      TraceColumns F = FibonacciAir::buildTrace(Len);
      FibonacciAir FA(Len, FibonacciAir::resultOf(F));
      EXPECT_EQ(errorOf(verify(FA, proveOk(FA, F, O))), "");
      TraceColumns Cc = CubeChainAir::buildTrace(Len, Felt(11));
      CubeChainAir CA(Len, Felt(11), Cc[0].back());
      EXPECT_EQ(errorOf(verify(CA, proveOk(CA, Cc, O))), "");
      TraceColumns Pm = PermutationAir::buildTrace(Len, Log);
      PermutationAir PA(Len);
      EXPECT_EQ(errorOf(verify(PA, proveOk(PA, Pm, O))), "");
    }
  }
}

TEST(Stark, RpoHashChain) {
  Digest Seed(Felt(1), Felt(2), Felt(3), Felt(4));
  size_t Len = 64; // 8 hashes
  TraceColumns T = RpoChainAir::buildTrace(Len, Seed);
  Digest Expect = Seed;
  for (int I = 0; I < 8; ++I)
    Expect = Rpo256::hashElements(llvm::ArrayRef<Felt>(Expect.Elems.data(), 4));
  ASSERT_EQ(RpoChainAir::resultOf(T), Expect);
  RpoChainAir A(Len, Seed, Expect);
  EXPECT_EQ(errorOf(checkTrace(A, T)), "");
  for (ProofOptions O : {fast(ProofOptions::security96()), fast(ProofOptions::security128())}) {
    StarkProof P = proveOk(A, T, O);
    EXPECT_EQ(P.NumCompColumns, 7u);
    EXPECT_EQ(errorOf(verify(A, P)), "");
    Digest Wrong = Expect;
    Wrong[0] += Felt::one();
    EXPECT_NE(errorOf(verify(RpoChainAir(Len, Seed, Wrong), P)), "");
  }
  TraceColumns Bad = T;
  Bad[9][13] += Felt::one();
  EXPECT_NE(errorOf(checkTrace(A, Bad)), "");
  EXPECT_NE(errorOf(verify(A, proveOk(A, Bad, fast(ProofOptions::security96())))), "");
}

TEST(Stark, LargerTraces) {
  ProofOptions O = ProofOptions::security96();
  for (unsigned Log : {12u, 16u}) {
    TraceColumns T = FibonacciAir::buildTrace(size_t(1) << Log);
    FibonacciAir A(size_t(1) << Log, FibonacciAir::resultOf(T));
    EXPECT_EQ(errorOf(verify(A, proveOk(A, T, O))), "");
  }
}

TEST(Stark, FoldingFactors) {
  for (unsigned F : {2u, 4u, 8u, 16u}) {
    ProofOptions O = fast(ProofOptions::security96());
    O.FoldingFactor = F;
    O.RemainderMaxDegree = 7;
    TraceColumns T = CubeChainAir::buildTrace(1024, Felt(5));
    CubeChainAir A(1024, Felt(5), T[0].back());
    StarkProof P = proveOk(A, T, O);
    EXPECT_GT(P.FriRoots.size(), 0u);
    EXPECT_EQ(errorOf(verify(A, P)), "") << "folding " << F;
  }
}

// A bus whose final value depends on the challenge: s' = s + 1 / (alpha - a)
// with a = 0, 1, 2, ...; the verifier knows a, so it can compute the value s
// must end at, sum_{i < n-1} 1 / (alpha - i).
class CounterBusAir : public AirBase<CounterBusAir> {
public:
  explicit CounterBusAir(size_t Len, bool Lie = false)
      : AirBase(TraceInfo{1, 1, 1, Len}), Lie(Lie) {}
  llvm::StringRef name() const override { return "counter-bus"; }
  std::vector<uint8_t> publicInputs() const override { return {uint8_t(traceLength())}; }
  std::vector<unsigned> mainConstraintDegrees() const override { return {1}; }
  std::vector<unsigned> auxConstraintDegrees() const override { return {2}; }
  std::vector<Assertion> assertions() const override {
    return {{false, 0, 0, Felt()}, {true, 0, 0, Felt()}, {true, 0, traceLength() - 1, Felt()}};
  }
  template <class E>
  void evaluateMain(const EvalFrame<E> &F, llvm::ArrayRef<E>, llvm::MutableArrayRef<E> Out) const {
    Out[0] = F.Next[0] - F.Current[0] - E(Felt::one());
  }
  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &M, const EvalFrame<E> &A, llvm::ArrayRef<F>,
                   llvm::ArrayRef<E> R, llvm::MutableArrayRef<E> Out) const {
    Out[0] = (A.Next[0] - A.Current[0]) * (R[0] - E(M.Current[0])) - E(Felt::one());
  }
  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &T, llvm::ArrayRef<E> R) const {
    std::vector<std::vector<E>> S(1, std::vector<E>(T[0].size()));
    for (size_t I = 0; I + 1 < T[0].size(); ++I)
      S[0][I + 1] = S[0][I] + (R[0] - E(T[0][I])).inverse();
    return S;
  }
  template <class E> std::vector<E> auxAssertionValues(llvm::ArrayRef<E> R) const {
    E Sum;
    for (size_t I = 0; I + 1 < traceLength(); ++I)
      Sum += (R[0] - E(Felt(I))).inverse();
    if (Lie)
      Sum += E(Felt::one());
    return {E(), Sum};
  }

private:
  bool Lie;
};

TEST(Stark, ChallengeDependentAuxAssertion) {
  size_t Len = 128;
  TraceColumns T(1, std::vector<Felt>(Len));
  for (size_t I = 0; I < Len; ++I)
    T[0][I] = Felt(I);
  CounterBusAir A(Len);
  EXPECT_EQ(errorOf(checkTrace(A, T)), "");
  for (ProofOptions O : {fast(ProofOptions::security96()), fast(ProofOptions::security128())}) {
    StarkProof P = proveOk(A, T, O);
    EXPECT_EQ(errorOf(verify(A, P)), "");
    EXPECT_NE(errorOf(verify(CounterBusAir(Len, /*Lie=*/true), P)), "");
  }
}

// An invalid trace gives a proof that does not verify.
TEST(StarkSoundness, ViolatedTransitionFails) {
  for (const Config &C : configs()) {
    SCOPED_TRACE(C.Name);
    TraceColumns T = FibonacciAir::buildTrace(64);
    Felt Result = FibonacciAir::resultOf(T);
    T[0][17] += Felt::one();
    FibonacciAir A(64, Result);
    auto P = prove(A, T, C.Opts);
    ASSERT_TRUE(bool(P));
    EXPECT_NE(errorOf(verify(A, *P)), "");
  }
}

TEST(StarkSoundness, ViolatedBoundaryFails) {
  TraceColumns T = CubeChainAir::buildTrace(128, Felt(3));
  CubeChainAir A(128, Felt(4), T[0].back()); // claims another seed
  auto P = prove(A, T, fast(ProofOptions::security96()));
  ASSERT_TRUE(bool(P));
  EXPECT_NE(errorOf(verify(A, *P)), "");
}

TEST(StarkSoundness, NotAPermutationFails) {
  for (const Config &C : configs()) {
    SCOPED_TRACE(C.Name);
    TraceColumns T = PermutationAir::buildTrace(128, 9);
    T[1][5] = Felt(123456789); // b is no longer a permutation of a
    PermutationAir A(128);
    auto P = prove(A, T, C.Opts);
    ASSERT_TRUE(bool(P));
    EXPECT_NE(errorOf(verify(A, *P)), "");
  }
}

// Tampering with each part of an honest proof.
class StarkTamper : public ::testing::TestWithParam<int> {};

void expectRejected(const Air &A, const StarkProof &P, const char *What) {
  std::string Msg = errorOf(verify(A, P));
  EXPECT_NE(Msg, "") << What;
  if (std::getenv("ZKVM_SHOW_ERRORS"))
    llvm::errs() << What << ": " << Msg << "\n";
}

TEST_P(StarkTamper, EveryPartMatters) {
  // Without grinding (param 2), a changed transcript is caught by the checks
  // behind the proof-of-work one.
  ProofOptions O = GetParam() == 0   ? fast(ProofOptions::security96(), 8)
                   : GetParam() == 1 ? fast(ProofOptions::security128(HashKind::Rpo256), 4)
                                     : fast(ProofOptions::security96(), 0);
  O.RemainderMaxDegree = 15; // so that a 256-row trace has FRI layers
  size_t Len = 256;
  TraceColumns T = PermutationAir::buildTrace(Len, 3);
  PermutationAir A(Len);
  StarkProof Good = proveOk(A, T, O);
  ASSERT_EQ(errorOf(verify(A, Good)), "");
  ASSERT_FALSE(Good.FriRoots.empty());
  auto Flip = [](Commitment &C) { C[3] ^= 1; };
  auto Bump = [](Felt &F) { F += Felt::one(); };
  auto Try = [&](const char *What, auto Mutate) {
    StarkProof P = Good;
    Mutate(P);
    expectRejected(A, P, What);
  };
  Try("main root", [&](StarkProof &P) { Flip(P.MainRoot); });
  Try("aux root", [&](StarkProof &P) { Flip(P.AuxRoot); });
  Try("composition root", [&](StarkProof &P) { Flip(P.CompRoot); });
  for (size_t L = 0; L < Good.FriRoots.size(); ++L)
    Try("FRI root", [&](StarkProof &P) { Flip(P.FriRoots[L]); });
  for (size_t I = 0; I < Good.OodMain.size(); ++I)
    Try("OOD main", [&](StarkProof &P) { Bump(P.OodMain[I]); });
  for (size_t I = 0; I < Good.OodAux.size(); ++I)
    Try("OOD aux", [&](StarkProof &P) { Bump(P.OodAux[I]); });
  for (size_t I = 0; I < Good.OodComp.size(); ++I)
    Try("OOD composition", [&](StarkProof &P) { Bump(P.OodComp[I]); });
  Try("remainder", [&](StarkProof &P) { Bump(P.Remainder[0]); });
  Try("remainder top", [&](StarkProof &P) { Bump(P.Remainder.back()); });
  Try("remainder length", [&](StarkProof &P) { P.Remainder.pop_back(); });
  Try("nonce", [&](StarkProof &P) { P.PowNonce += 1; });
  Try("public inputs", [&](StarkProof &P) { P.PublicInputs[0] ^= 1; });
  Try("options", [&](StarkProof &P) { P.Options.NumQueries -= 1; });
  Try("main opening", [&](StarkProof &P) { Bump(P.MainQueries.Values[4]); });
  Try("main path", [&](StarkProof &P) { Flip(P.MainQueries.Proof[0]); });
  Try("aux opening", [&](StarkProof &P) { Bump(P.AuxQueries.Values.back()); });
  Try("composition opening", [&](StarkProof &P) { Bump(P.CompQueries.Values[1]); });
  Try("composition path", [&](StarkProof &P) { Flip(P.CompQueries.Proof.back()); });
  for (size_t L = 0; L < Good.FriQueries.size(); ++L) {
    Try("FRI value", [&](StarkProof &P) { Bump(P.FriQueries[L].Values[2]); });
    Try("FRI path", [&](StarkProof &P) { Flip(P.FriQueries[L].Proof[0]); });
    Try("FRI rows", [&](StarkProof &P) { P.FriQueries[L].NumRows += 1; });
  }
  Try("missing path node", [&](StarkProof &P) { P.MainQueries.Proof.pop_back(); });
}

INSTANTIATE_TEST_SUITE_P(Configs, StarkTamper, ::testing::Values(0, 1, 2));

TEST(StarkFormat, RoundTripIsCanonical) {
  TraceColumns T = PermutationAir::buildTrace(64, 1);
  PermutationAir A(64);
  StarkProof P = proveOk(A, T, fast(ProofOptions::security128()));
  std::vector<uint8_t> Bytes = P.serialize();
  auto Back = StarkProof::deserialize(Bytes);
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->serialize(), Bytes);
  EXPECT_EQ(errorOf(verify(A, *Back)), "");
  // Truncation anywhere is an error.
  for (size_t Cut : {size_t(0), size_t(5), size_t(30), Bytes.size() / 2, Bytes.size() - 1}) {
    auto R = StarkProof::deserialize(llvm::ArrayRef<uint8_t>(Bytes).take_front(Cut));
    EXPECT_FALSE(bool(R));
    if (!R)
      EXPECT_NE(llvm::toString(R.takeError()).find("proof at byte"), std::string::npos);
  }
  std::vector<uint8_t> Longer = Bytes;
  Longer.push_back(0);
  EXPECT_NE(errorOf(verify(A, Longer)), "");
}

TEST(StarkFormat, RandomBytesNeverCrash) {
  std::mt19937_64 Rng(42);
  FibonacciAir A(64, Felt(1));
  for (int I = 0; I < 2000; ++I) {
    std::vector<uint8_t> Bytes(Rng() % 400);
    for (uint8_t &B : Bytes)
      B = uint8_t(Rng());
    if (Bytes.size() >= 8 && (I & 1)) // get past the magic and version half the time
      std::memcpy(Bytes.data(), "ZKSTRK\1\0", 8);
    EXPECT_NE(errorOf(verify(A, Bytes)), "");
  }
}

TEST(StarkFormat, FlippedBytesAreRejected) {
  TraceColumns T = FibonacciAir::buildTrace(64);
  FibonacciAir A(64, FibonacciAir::resultOf(T));
  std::vector<uint8_t> Bytes = proveOk(A, T, fast(ProofOptions::security96())).serialize();
  ASSERT_EQ(errorOf(verify(A, Bytes)), "");
  std::mt19937_64 Rng(7);
  for (int I = 0; I < 300; ++I) {
    std::vector<uint8_t> Bad = Bytes;
    size_t At = Rng() % Bad.size();
    Bad[At] ^= uint8_t(1 + Rng() % 255);
    EXPECT_NE(errorOf(verify(A, Bad)), "") << "byte " << At;
  }
}

// Structural damage: bytes inserted, deleted, duplicated or the tail cut,
// several at once; the reader and verifier must answer with an error.
TEST(StarkFormat, MangledProofsNeverCrash) {
  TraceColumns T = PermutationAir::buildTrace(64, 4);
  PermutationAir A(64);
  std::vector<uint8_t> Bytes = proveOk(A, T, fast(ProofOptions::security96())).serialize();
  std::mt19937_64 Rng(11);
  for (int I = 0; I < 500; ++I) {
    std::vector<uint8_t> Bad = Bytes;
    for (int M = 0, NumM = 1 + Rng() % 4; M < NumM && !Bad.empty(); ++M) {
      size_t At = Rng() % Bad.size();
      switch (Rng() % 4) {
      case 0:
        Bad.insert(Bad.begin() + At, uint8_t(Rng()));
        break;
      case 1:
        Bad.erase(Bad.begin() + At);
        break;
      case 2:
        Bad.resize(At);
        break;
      default:
        Bad[At] = uint8_t(Rng());
        break;
      }
    }
    if (Bad == Bytes)
      continue;
    EXPECT_NE(errorOf(verify(A, Bad)), "") << "mutation " << I;
  }
}

TEST(StarkErrors, CheckTraceFindsTheViolation) {
  TraceColumns T = FibonacciAir::buildTrace(64);
  FibonacciAir A(64, FibonacciAir::resultOf(T));
  EXPECT_EQ(errorOf(checkTrace(A, T)), "");
  T[0][17] += Felt::one();
  EXPECT_EQ(errorOf(checkTrace(A, T)), "transition constraint 0 fails between rows 16 and 17");
  TraceColumns Pm = PermutationAir::buildTrace(64, 2);
  PermutationAir PA(64);
  EXPECT_EQ(errorOf(checkTrace(PA, Pm)), "");
  Pm[1][3] = Felt(99999);
  EXPECT_NE(errorOf(checkTrace(PA, Pm)).find("aux assertion fails: row 63"), std::string::npos);
}

TEST(StarkErrors, BadInputsAreReported) {
  TraceColumns T = FibonacciAir::buildTrace(64);
  FibonacciAir A(64, FibonacciAir::resultOf(T));
  TraceColumns Short = T;
  Short[1].pop_back();
  EXPECT_FALSE(bool(prove(A, Short, ProofOptions::security96())));
  consumeError(prove(A, Short, ProofOptions::security96()).takeError());
  StarkProof P = proveOk(A, T, fast(ProofOptions::security96()));
  FibonacciAir Longer(128, FibonacciAir::resultOf(T));
  EXPECT_NE(errorOf(verify(Longer, P)).find("rows"), std::string::npos);
  EXPECT_NE(errorOf(verify(A, P, 100)).find("bits of security"), std::string::npos);
}

} // namespace
