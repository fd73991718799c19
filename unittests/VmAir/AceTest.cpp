//===- AceTest.cpp - The ACE chiplet's rows ----------------------------------===//
//
// buildAceRows on real EVALCIRCUIT executions: the rows follow Miden
// v0.20.6's ACE layout (checked against a plain-C++ reading of its section,
// READ, EVAL and end-of-section rules and of the wiring bus balance), and
// every single-cell change to them breaks one of those rules.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Vm/Ace.h"
#include "AssembleForTest.h"
#include "DegreeTestUtil.h"
#include "zkvm/Air/Vm/Chiplets.h"
#include "zkvm/Field/Extension.h"
#include "zkvm/Prover/Prover.h"
#include "zkvm/VM/Processor.h"
#include "zkvm/Verifier/Verifier.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <map>
#include <string>

using namespace zkvm;
using namespace zkvm::vmair;
using namespace llvm;

namespace {

// test/VM/eval_circuit.masm's circuit: inputs a = 3, b = 5; w3 = a - a,
// w2 = a * b, w1 = w2 + w3, w0 = w1 - w2 (= 0).
constexpr const char *Circuit = R"(
  push.3 mem_store.0 push.0 mem_store.1 push.5 mem_store.2 push.0 mem_store.3
  push.5368709125 mem_store.4
  push.1152921508901814277 mem_store.5
  push.2305843012434919426 mem_store.6
  push.2147483649 mem_store.7
  push.4 push.2 push.0 eval_circuit
  movup.3 drop movup.3 drop movup.3 drop
)";

ExecutionTrace run(const std::string &Body, std::unique_ptr<MastForest> *Keep = nullptr) {
  ExecutionTrace Trace;
  auto Forest = assembleForTest("begin\n" + Body + "\nend\n");
  EXPECT_TRUE(Forest != nullptr);
  if (!Forest)
    return Trace;
  DefaultHost H;
  Expected<ExecutionResult> R = executeForTrace(*Forest, {}, {}, H, Trace);
  EXPECT_TRUE(bool(R)) << (R ? "" : toString(R.takeError()));
  if (Keep)
    *Keep = std::move(Forest);
  return Trace;
}

QuadExt wire(const AceRow &R, unsigned Col) { return QuadExt(R[Col], R[Col + 1]); }

/// The ACE rules of Miden's ace.md over plain rows ("" when they hold): one
/// section per circuit record, READ rows then EVAL rows, ptr/id steps, gate
/// results, the zero output, the memory reads matching the trace, and the
/// wiring bus sum_i e_i / w_i summing to zero for challenges Alpha.
std::string checkRows(const std::vector<AceRow> &Rows, const ExecutionTrace &Trace,
                      const std::array<QuadExt, 6> &Alpha) {
  using namespace ace;
  QuadExt Bus;
  auto Node = [&](const AceRow &R, unsigned IdCol, unsigned VCol) {
    QuadExt V = wire(R, VCol);
    return Alpha[0] + Alpha[1] * R[Ctx] + Alpha[2] * R[Clk] + Alpha[3] * R[IdCol] +
           Alpha[4] * V[0] + Alpha[5] * V[1];
  };
  std::multimap<uint64_t, const MemoryRecord *> Reads;
  for (const MemoryRecord &M : Trace.MemoryAccesses)
    if (!M.IsWrite)
      Reads.emplace(M.Clk, &M);
  size_t I = 0;
  for (const CircuitRecord &C : Trace.Circuits) {
    if (I >= Rows.size())
      return "missing section";
    const AceRow &F = Rows[I];
    if (F[SStart] != Felt::one() || F[SBlock] != Felt() || F[Ptr] != C.Ptr ||
        F[Clk] != Felt(C.Clk) || F[Ctx] != Felt(uint64_t(C.Ctx)) ||
        F[Id0] != Felt(uint64_t(C.NumVars) + C.NumEval - 1) ||
        F[NEvalOrId2] != Felt(uint64_t(C.NumEval)))
      return "bad first row at " + std::to_string(I);
    auto Mem = Reads.equal_range(C.Clk);
    auto MemIt = Mem.first;
    for (;; ++I) {
      const AceRow &R = Rows[I];
      bool Last = I + 1 == Rows.size() || Rows[I + 1][SStart] == Felt::one();
      if (I != 0 && R[SStart] != Felt::one() && R[SStart] != Felt())
        return "s_start not binary";
      if (R[SBlock] != Felt() && R[SBlock] != Felt::one())
        return "s_block not binary";
      bool Read = R[SBlock] == Felt();
      if (MemIt == Mem.second)
        return "no memory read for row " + std::to_string(I);
      const MemoryRecord &M = *(MemIt++)->second;
      if (Felt(uint64_t(M.Addr)) != R[Ptr] || M.IsWord != Read)
        return "memory request mismatch at row " + std::to_string(I);
      if (Read) {
        if (R[Id1] != R[Id0] - Felt::one())
          return "READ ids not consecutive at row " + std::to_string(I);
        if (M.Values[0] != R[V0] || M.Values[1] != R[V0 + 1] || M.Values[2] != R[V1] ||
            M.Values[3] != R[V1 + 1])
          return "READ values differ from memory at row " + std::to_string(I);
        Bus += QuadExt(R[M0]) * Node(R, Id0, V0).inverse() +
               QuadExt(R[M1]) * Node(R, Id1, V1).inverse();
      } else {
        Felt Op = R[ace::Op];
        if (Op * (Op * Op - Felt::one()) != Felt())
          return "op not in {-1, 0, 1} at row " + std::to_string(I);
        QuadExt A = wire(R, V1), B = wire(R, V2);
        QuadExt Out = Op == Felt::one() ? A + B : Op == Felt() ? A * B : A - B;
        if (wire(R, V0) != Out)
          return "gate result wrong at row " + std::to_string(I);
        Felt Instr = R[Id1] + R[NEvalOrId2] * Felt(uint64_t(1) << IdBits) +
                     (Op + Felt::one()) * Felt(uint64_t(1) << 60);
        if (M.Values[0] != Instr)
          return "instruction differs from memory at row " + std::to_string(I);
        Bus += QuadExt(R[M0]) * Node(R, Id0, V0).inverse() - Node(R, Id1, V1).inverse() -
               Node(R, NEvalOrId2, V2).inverse();
      }
      if (Last) {
        if (Read || R[Id0] != Felt() || !wire(R, V0).isZero())
          return "section does not end in a zero EVAL output at row " + std::to_string(I);
        ++I;
        break;
      }
      const AceRow &N = Rows[I + 1];
      if (N[Ctx] != R[Ctx] || N[Clk] != R[Clk])
        return "ctx/clk change within a section at row " + std::to_string(I);
      if (N[Ptr] != R[Ptr] + Felt(Read ? 4 : 1) || R[Id0] != N[Id0] + Felt(Read ? 2 : 1))
        return "ptr/id step wrong at row " + std::to_string(I);
      bool NextRead = N[SBlock] == Felt();
      if (!Read && NextRead)
        return "READ after EVAL at row " + std::to_string(I);
      // READ: n_eval is kept, and the block switches exactly when id0' = n_eval - 1.
      if (Read &&
          (NextRead ? N[NEvalOrId2] != R[NEvalOrId2] : N[Id0] + Felt::one() != R[NEvalOrId2]))
        return "READ/EVAL switch wrong at row " + std::to_string(I);
    }
  }
  if (I != Rows.size())
    return "extra rows";
  if (!Bus.isZero())
    return "wiring bus does not balance";
  return "";
}

std::array<QuadExt, 6> challenges() {
  std::array<QuadExt, 6> A;
  for (unsigned J = 0; J < 6; ++J)
    A[J] = QuadExt(Felt(0x1234567 * (J + 3) + 11), Felt(0x9abcdef * (J + 1) + 7));
  return A;
}

TEST(AceRows, OneCircuit) {
  ExecutionTrace T = run(Circuit);
  ASSERT_EQ(T.Circuits.size(), 1u);
  EXPECT_EQ(aceRowsNeeded(T), 5u);
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_TRUE(bool(Rows)) << toString(Rows.takeError());
  ASSERT_EQ(Rows->size(), 5u);
  EXPECT_EQ(checkRows(*Rows, T, challenges()), "");
  // Fan-outs: a (id 5) is read by w3 twice and by w2, b (id 4) by w2, w3 and
  // w2 by w1, w2 again by w0, w1 by w0.
  const std::vector<AceRow> &R = *Rows;
  EXPECT_EQ(R[0][ace::M0], Felt(3));
  EXPECT_EQ(R[0][ace::M1], Felt(1));
  EXPECT_EQ(R[1][ace::M0], Felt(1)); // w3
  EXPECT_EQ(R[2][ace::M0], Felt(2)); // w2
  EXPECT_EQ(R[3][ace::M0], Felt(1)); // w1
  EXPECT_EQ(R[4][ace::M0], Felt(0)); // w0
  EXPECT_EQ(R[1][ace::Op], -Felt::one());
  EXPECT_EQ(R[2][ace::Op], Felt());
  EXPECT_EQ(R[3][ace::Op], Felt::one());
}

TEST(AceRows, TwoSectionsAndNoCircuit) {
  // The same circuit twice (two clock cycles): two sections.
  ExecutionTrace T = run(std::string(Circuit) + "\n" + Circuit);
  ASSERT_EQ(T.Circuits.size(), 2u);
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_TRUE(bool(Rows)) << toString(Rows.takeError());
  EXPECT_EQ(Rows->size(), 10u);
  EXPECT_EQ(checkRows(*Rows, T, challenges()), "");

  ExecutionTrace Plain = run("push.1 push.2 add drop");
  EXPECT_EQ(aceRowsNeeded(Plain), 0u);
  Expected<std::vector<AceRow>> None = buildAceRows(Plain);
  ASSERT_TRUE(bool(None));
  EXPECT_TRUE(None->empty());
}

TEST(AceRows, EveryCellMatters) {
  ExecutionTrace T = run(std::string(Circuit) + "\n" + Circuit);
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_TRUE(bool(Rows)) << toString(Rows.takeError());
  for (size_t R = 0; R < Rows->size(); ++R)
    for (unsigned Col = 0; Col < ace::Width; ++Col) {
      bool Read = (*Rows)[R][ace::SBlock] == Felt();
      if (Read && (Col == ace::Op || Col == ace::V2))
        continue; // unused on READ rows
      std::vector<AceRow> Bad = *Rows;
      Bad[R][Col] += Felt::one();
      EXPECT_NE(checkRows(Bad, T, challenges()), "")
          << "changing row " << R << " column " << Col << " went unnoticed";
    }
}

TEST(AceRows, MissingReadsAreReported) {
  ExecutionTrace T = run(Circuit);
  T.MemoryAccesses.clear();
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_FALSE(bool(Rows));
  EXPECT_NE(toString(Rows.takeError()).find("no matching memory reads"), std::string::npos);
}

// --- The constraints (evaluateAce), on the rows stacked after one memory row --

class AceAir : public AirBase<AceAir> {
public:
  explicit AceAir(size_t Length) : AirBase(TraceInfo{MainWidth, 0, 0, Length}) {}
  StringRef name() const override { return "vm-ace"; }
  std::vector<uint8_t> publicInputs() const override { return {uint8_t(traceLength() & 0xFF)}; }
  std::vector<unsigned> mainConstraintDegrees() const override { return aceConstraintDegrees(); }
  std::vector<Assertion> assertions() const override {
    return {{false, ChipletsOffset + 3, traceLength() - 1, Felt::one()}};
  }
  std::vector<std::vector<Felt>> periodicColumns() const override { return {}; }
  template <class E>
  void evaluateMain(const EvalFrame<E> &F, ArrayRef<E>, MutableArrayRef<E> Out) const {
    evaluateAce<E>(F.Current, F.Next, Out);
  }
};

/// A chiplets segment of one memory row, the ACE rows, then padding.
MainTrace stack(const std::vector<AceRow> &Rows, size_t Length = 8) {
  while (Length < Rows.size() + 2)
    Length *= 2;
  MainTrace M(MainWidth, std::vector<Felt>(Length));
  for (size_t R = 0; R < Length; ++R) {
    unsigned Ones = R == 0 ? 2 : R <= Rows.size() ? 3 : 5;
    for (unsigned J = 0; J < Ones; ++J)
      M[ChipletsOffset + J][R] = Felt::one();
    if (R >= 1 && R <= Rows.size())
      for (unsigned J = 0; J < ace::Width; ++J)
        M[AceCol + J][R] = Rows[R - 1][J];
  }
  return M;
}

/// checkTrace's verdict for an AirT over M ("" when it holds).
template <class AirT> std::string checkWith(const MainTrace &M) {
  AirT A(M[0].size());
  if (Error E = checkTrace(A, M))
    return toString(std::move(E));
  return "";
}
std::string checkAir(const MainTrace &M) { return checkWith<AceAir>(M); }

TEST(AceConstraints, DegreesAreExact) {
  // Every cell a random line in t: constraint k is then a polynomial in t of
  // exactly its declared degree (DegreeTestUtil.h).
  std::vector<unsigned> Deg = aceConstraintDegrees();
  ASSERT_EQ(Deg.size(), size_t(NumAceConstraints));
  TestFeltRng Rng{0x5eed};
  RandomLines Lines(2 * MainWidth, Rng);
  std::vector<unsigned> Measured = measuredDegrees(NumAceConstraints, [&](Felt T) {
    std::vector<Felt> Cur(MainWidth), Nxt(MainWidth), Out(NumAceConstraints);
    for (unsigned J = 0; J < MainWidth; ++J) {
      Cur[J] = Lines.at(J, T);
      Nxt[J] = Lines.at(MainWidth + J, T);
    }
    evaluateAce<Felt>(Cur, Nxt, Out);
    return Out;
  });
  for (unsigned K = 0; K < NumAceConstraints; ++K) {
    EXPECT_LE(Deg[K], 9u);
    EXPECT_EQ(Measured[K], Deg[K]) << "constraint " << K;
  }
}

TEST(AceConstraints, HonestRowsPassTamperedRowsFail) {
  ExecutionTrace T = run(std::string(Circuit) + "\n" + Circuit);
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_TRUE(bool(Rows)) << toString(Rows.takeError());
  MainTrace M = stack(*Rows);
  ASSERT_EQ(checkAir(M), "");
  for (size_t R = 0; R < Rows->size(); ++R)
    for (unsigned Col = 0; Col < ace::Width; ++Col) {
      bool Read = (*Rows)[R][ace::SBlock] == Felt();
      // Left to the buses (memory values, wire ids and fan-outs) or unused.
      if (Col == ace::M0 ||
          (Read && (Col == ace::V0 || Col == ace::V0 + 1 || Col == ace::V1 || Col == ace::V1 + 1 ||
                    Col == ace::V2 || Col == ace::M1 || Col == ace::Op)) ||
          (!Read && (Col == ace::Id1 || Col == ace::NEvalOrId2)))
        continue;
      MainTrace Bad = M;
      Bad[AceCol + Col][R + 1] += Felt::one();
      EXPECT_NE(checkAir(Bad), "")
          << "changing ACE row " << R << " column " << Col << " went unnoticed";
    }
  // An ACE section must follow memory with s_start = 1.
  MainTrace NoStart = M;
  NoStart[AceCol + ace::SStart][1] = Felt();
  EXPECT_NE(checkAir(NoStart), "");
}

/// A standalone AIR (AceAir, AceWiringAir) over the ACE rows of two
/// circuit evaluations, stacked alone, proves and verifies.
template <class AirT> void proveStackedCircuits() {
  ExecutionTrace T = run(std::string(Circuit) + "\n" + Circuit);
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_TRUE(bool(Rows)) << toString(Rows.takeError());
  MainTrace M = stack(*Rows, MinTraceLength);
  AirT A(M[0].size());
  Expected<StarkProof> Proof = prove(A, M, ProofOptions::security96(HashKind::Blake3));
  ASSERT_TRUE(bool(Proof)) << toString(Proof.takeError());
  Error E = verify(A, *Proof);
  EXPECT_FALSE(bool(E)) << toString(std::move(E));
}

TEST(AceConstraints, ProvesAndVerifies) { proveStackedCircuits<AceAir>(); }

// --- The wiring bus, with the constraints, as a one-aux-column AIR -----------

class AceWiringAir : public AirBase<AceWiringAir> {
public:
  explicit AceWiringAir(size_t Length)
      : AirBase(TraceInfo{MainWidth, 1, AceWiringNumAlphas, Length}) {}
  StringRef name() const override { return "vm-ace-wiring"; }
  std::vector<uint8_t> publicInputs() const override { return {uint8_t(traceLength() & 0xFF)}; }
  std::vector<unsigned> mainConstraintDegrees() const override { return aceConstraintDegrees(); }
  std::vector<unsigned> auxConstraintDegrees() const override { return {AceWiringDegree}; }
  std::vector<Assertion> assertions() const override {
    return {{false, ChipletsOffset + 3, traceLength() - 1, Felt::one()},
            {true, 0, 0, Felt()},
            {true, 0, traceLength() - 1, Felt()}};
  }
  template <class E>
  void evaluateMain(const EvalFrame<E> &F, ArrayRef<E>, MutableArrayRef<E> Out) const {
    evaluateAce<E>(F.Current, F.Next, Out);
  }
  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &M, const EvalFrame<E> &A, ArrayRef<F>, ArrayRef<E> R,
                   MutableArrayRef<E> Out) const {
    Out[0] = evaluateAceWiring<F, E>(M.Current, A.Current[0], A.Next[0], R);
  }
  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &Main, ArrayRef<E> R) const {
    return {buildAceWiringColumn<E>(Main, R)};
  }
};

std::string checkWiring(const MainTrace &M) { return checkWith<AceWiringAir>(M); }

TEST(AceWiring, DegreeIsExact) {
  TestFeltRng Rng{0xace};
  RandomLines Lines(MainWidth + 2, Rng);
  std::vector<Felt> Alphas(AceWiringNumAlphas);
  for (Felt &X : Alphas)
    X = Rng.next();
  std::vector<unsigned> Measured = measuredDegrees(1, [&](Felt T) {
    std::vector<Felt> Cur(MainWidth);
    for (unsigned J = 0; J < MainWidth; ++J)
      Cur[J] = Lines.at(J, T);
    Felt B = Lines.at(MainWidth, T), BN = Lines.at(MainWidth + 1, T);
    return std::vector<Felt>{evaluateAceWiring<Felt, Felt>(Cur, B, BN, Alphas)};
  });
  EXPECT_EQ(Measured[0], AceWiringDegree);
}

TEST(AceWiring, BalancesAndCatchesTheBusCells) {
  ExecutionTrace T = run(std::string(Circuit) + "\n" + Circuit);
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_TRUE(bool(Rows)) << toString(Rows.takeError());
  MainTrace M = stack(*Rows);
  ASSERT_EQ(checkWiring(M), "");
  // With the wiring bus every used cell is caught (the memory values only
  // where the wire is read: here every input is).
  for (size_t R = 0; R < Rows->size(); ++R)
    for (unsigned Col = 0; Col < ace::Width; ++Col) {
      bool Read = (*Rows)[R][ace::SBlock] == Felt();
      if (Read && (Col == ace::V2 || Col == ace::Op))
        continue; // unused on READ rows
      MainTrace Bad = M;
      Bad[AceCol + Col][R + 1] += Felt::one();
      EXPECT_NE(checkWiring(Bad), "")
          << "changing ACE row " << R << " column " << Col << " went unnoticed";
    }
  // Moving a read to another defined wire of the same value is caught too
  // (ids are part of the message): w3 = a - a reads a (id 5) twice; point the
  // second read at b (id 4) with a's value.
  MainTrace Swap = M;
  Swap[AceCol + ace::NEvalOrId2][2] = Felt(4);
  EXPECT_NE(checkWiring(Swap), "");
}

TEST(AceWiring, ProvesAndVerifies) { proveStackedCircuits<AceWiringAir>(); }

// --- In the chiplets segment ------------------------------------------------

/// The chiplets' constraints (which include the ACE constraints) and the
/// wiring bus.
class ChipletsWithAceAir : public AirBase<ChipletsWithAceAir> {
public:
  explicit ChipletsWithAceAir(size_t Length)
      : AirBase(TraceInfo{MainWidth, 1, AceWiringNumAlphas, Length}) {}
  StringRef name() const override { return "vm-chiplets-ace"; }
  std::vector<uint8_t> publicInputs() const override { return {uint8_t(traceLength() & 0xFF)}; }
  std::vector<unsigned> mainConstraintDegrees() const override {
    return chipletsConstraintDegrees();
  }
  std::vector<unsigned> auxConstraintDegrees() const override { return {AceWiringDegree}; }
  std::vector<Assertion> assertions() const override {
    std::vector<Assertion> A;
    for (unsigned J = 0; J < 5; ++J)
      A.push_back({false, chip::Sel + J, traceLength() - 1, Felt::one()});
    A.push_back({true, 0, 0, Felt()});
    A.push_back({true, 0, traceLength() - 1, Felt()});
    return A;
  }
  std::vector<std::vector<Felt>> periodicColumns() const override {
    return chipletsPeriodicColumns();
  }
  template <class E>
  void evaluateMain(const EvalFrame<E> &F, ArrayRef<E> P, MutableArrayRef<E> Out) const {
    evaluateChiplets<E>(F, P, Out);
  }
  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &M, const EvalFrame<E> &A, ArrayRef<F>, ArrayRef<E> R,
                   MutableArrayRef<E> Out) const {
    Out[0] = evaluateAceWiring<F, E>(M.Current, A.Current[0], A.Next[0], R);
  }
  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &Main, ArrayRef<E> R) const {
    return {buildAceWiringColumn<E>(Main, R)};
  }
};

TEST(AceInChiplets, StackedAfterMemory) {
  std::unique_ptr<MastForest> Forest;
  ExecutionTrace T = run(std::string(Circuit) + "\n" + Circuit, &Forest);
  ASSERT_TRUE(Forest);
  VmTraceInputs In{T, *Forest};
  ChipletsSegments Seg = chipletsSegments(In);
  EXPECT_EQ(Seg.Ace, 10u);
  size_t Length = MinTraceLength;
  while (Length < chipletsRowsNeeded(In))
    Length *= 2;
  MainTrace M(MainWidth, std::vector<Felt>(Length));
  buildChipletsColumns(In, M);
  size_t First = Seg.Hasher + Seg.Bitwise + Seg.Memory;
  Expected<std::vector<AceRow>> Rows = buildAceRows(T);
  ASSERT_TRUE(bool(Rows)) << toString(Rows.takeError());
  for (size_t R = 0; R < Rows->size(); ++R) {
    for (unsigned J = 0; J < 4; ++J)
      EXPECT_EQ(M[chip::Sel + J][First + R], Felt(J < 3 ? 1 : 0));
    for (unsigned J = 0; J < ace::Width; ++J)
      EXPECT_EQ(M[AceCol + J][First + R], (*Rows)[R][J]);
  }
  ChipletsWithAceAir A(Length);
  Error E = checkTrace(A, M);
  ASSERT_FALSE(bool(E)) << toString(std::move(E));
  // A changed gate output is caught there too.
  MainTrace Bad = M;
  Bad[AceCol + ace::V0][First + 2] += Felt::one();
  Error BadE = checkTrace(A, Bad);
  EXPECT_TRUE(bool(BadE));
  consumeError(std::move(BadE));
  Expected<StarkProof> Proof = prove(A, M, ProofOptions::security96(HashKind::Blake3));
  ASSERT_TRUE(bool(Proof)) << toString(Proof.takeError());
  Error V = verify(A, *Proof);
  EXPECT_FALSE(bool(V)) << toString(std::move(V));
}

} // namespace
