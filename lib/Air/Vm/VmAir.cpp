//===- VmAir.cpp - The whole VM's AIR -------------------------------------===//

#include "zkvm/Air/Vm/VmAir.h"
#include "zkvm/Air/Protocol.h"

#include "zkvm/IR/Operation.h"
#include "zkvm/Support/Error.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Parallel.h"

#include <algorithm>

using namespace llvm;

namespace zkvm {
namespace vmair {

// --- Public inputs ------------------------------------------------------------------

namespace {
// 2: the precompile transcript state follows the kernel digests.
constexpr uint8_t PublicInputsVersion = 2;

void putU64(std::vector<uint8_t> &Out, uint64_t V) {
  for (unsigned B = 0; B < 8; ++B)
    Out.push_back(uint8_t(V >> (8 * B)));
}

struct Reader {
  ArrayRef<uint8_t> Bytes;
  size_t Pos = 0;
  bool Bad = false;
  uint64_t u64(unsigned N = 8) {
    if (Pos + N > Bytes.size()) {
      Bad = true;
      return 0;
    }
    uint64_t V = 0;
    for (unsigned B = 0; B < N; ++B)
      V |= uint64_t(Bytes[Pos + B]) << (8 * B);
    Pos += N;
    return V;
  }
  bool felt(Felt &Out) {
    uint64_t V = u64();
    if (V >= Felt::Modulus)
      Bad = true;
    Out = Felt(V);
    return !Bad;
  }
};
} // namespace

std::vector<uint8_t> VmPublicInputs::serialize() const {
  std::vector<uint8_t> Out = {'Z', 'V', 'P', 'I', PublicInputsVersion};
  for (unsigned I = 0; I < 4; ++I)
    putU64(Out, ProgramHash[I].value());
  for (const Felt &V : StackInputs)
    putU64(Out, V.value());
  for (const Felt &V : StackOutputs)
    putU64(Out, V.value());
  uint32_t N = uint32_t(KernelDigests.size());
  for (unsigned B = 0; B < 4; ++B)
    Out.push_back(uint8_t(N >> (8 * B)));
  for (const Digest &D : KernelDigests)
    for (unsigned I = 0; I < 4; ++I)
      putU64(Out, D[I].value());
  for (unsigned I = 0; I < 4; ++I)
    putU64(Out, PrecompileTranscript[I].value());
  return Out;
}

Expected<VmPublicInputs> VmPublicInputs::deserialize(ArrayRef<uint8_t> Bytes) {
  if (Bytes.size() < 5 || Bytes[0] != 'Z' || Bytes[1] != 'V' || Bytes[2] != 'P' || Bytes[3] != 'I')
    return createError("public inputs: bad magic");
  if (Bytes[4] != PublicInputsVersion)
    return createError(formatv("public inputs: unsupported version {0}", unsigned(Bytes[4])).str());
  Reader R{Bytes, 5};
  VmPublicInputs P;
  Felt H[4];
  for (Felt &X : H)
    R.felt(X);
  P.ProgramHash = Digest(H[0], H[1], H[2], H[3]);
  for (Felt &X : P.StackInputs)
    R.felt(X);
  for (Felt &X : P.StackOutputs)
    R.felt(X);
  uint64_t N = R.u64(4);
  if (R.Bad || N > (Bytes.size() - R.Pos) / 32)
    return createError("public inputs: truncated or non-canonical");
  for (uint64_t K = 0; K <= N; ++K) { // the kernel digests, then the transcript state
    Felt D[4];
    for (Felt &X : D)
      R.felt(X);
    if (K < N)
      P.KernelDigests.push_back(Digest(D[0], D[1], D[2], D[3]));
    else
      P.PrecompileTranscript = Digest(D[0], D[1], D[2], D[3]);
  }
  if (R.Bad)
    return createError("public inputs: truncated or non-canonical");
  if (R.Pos != Bytes.size())
    return createError("public inputs: trailing bytes");
  return P;
}

bool VmPublicInputs::operator==(const VmPublicInputs &O) const {
  return ProgramHash == O.ProgramHash && StackInputs == O.StackInputs &&
         StackOutputs == O.StackOutputs && KernelDigests == O.KernelDigests &&
         PrecompileTranscript == O.PrecompileTranscript;
}

// --- Proof files ------------------------------------------------------------------------

namespace {
constexpr char ProofMagic[8] = {'Z', 'K', 'V', 'M', 'P', 'R', 'F', 0};
constexpr uint16_t ProofFileVersion = 1;
void putU32(std::vector<uint8_t> &Out, uint32_t V) {
  for (unsigned B = 0; B < 4; ++B)
    Out.push_back(uint8_t(V >> (8 * B)));
}
} // namespace

std::vector<uint8_t> writeProofFile(const VmPublicInputs &Public, ArrayRef<uint8_t> Stark) {
  std::vector<uint8_t> Out(ProofMagic, ProofMagic + 8);
  Out.push_back(uint8_t(ProofFileVersion));
  Out.push_back(uint8_t(ProofFileVersion >> 8));
  std::vector<uint8_t> PI = Public.serialize();
  putU32(Out, uint32_t(PI.size()));
  Out.insert(Out.end(), PI.begin(), PI.end());
  putU32(Out, uint32_t(Stark.size()));
  Out.insert(Out.end(), Stark.begin(), Stark.end());
  return Out;
}

Expected<VmProofFile> readProofFile(ArrayRef<uint8_t> Bytes) {
  if (Bytes.size() < 10 || !std::equal(ProofMagic, ProofMagic + 8, Bytes.begin()))
    return createError("not a zkvm proof file (bad magic)");
  uint16_t Version = uint16_t(Bytes[8] | (Bytes[9] << 8));
  if (Version != ProofFileVersion)
    return createError(formatv("unsupported proof file version {0}", Version).str());
  Reader R{Bytes, 10};
  uint64_t PILen = R.u64(4);
  if (R.Bad || PILen > Bytes.size() - R.Pos)
    return createError("truncated proof file (public inputs)");
  VmProofFile F;
  Expected<VmPublicInputs> PI = VmPublicInputs::deserialize(Bytes.slice(R.Pos, PILen));
  if (!PI)
    return PI.takeError();
  F.Public = std::move(*PI);
  R.Pos += PILen;
  uint64_t ProofLen = R.u64(4);
  if (R.Bad || ProofLen > Bytes.size() - R.Pos)
    return createError("truncated proof file (STARK proof)");
  F.Stark.assign(Bytes.begin() + R.Pos, Bytes.begin() + R.Pos + ProofLen);
  if (R.Pos + ProofLen != Bytes.size())
    return createError("trailing bytes after the STARK proof");
  return std::move(F);
}

// --- Trace building -------------------------------------------------------------------

namespace {
size_t nextPow2(size_t N) {
  size_t L = MinTraceLength;
  while (L < N)
    L *= 2;
  return L;
}
} // namespace

Expected<VmTrace> buildVmTrace(const ExecutionTrace &Trace, const MastForest &Program,
                               ArrayRef<Felt> StackInputs, ArrayRef<Felt> StackOutputs) {
  // FRIE2F4's constraints need 1 / x for the domain point x = poe * tau^-d_seg * g:
  // poe = 0 (never a FRI domain power) has none.
  for (size_t Clk = 0; Clk < Trace.Cycles.size(); ++Clk) {
    const CycleRecord &R = Trace.Cycles[Clk];
    if (!R.IsControl && R.Opcode == 40 && R.Stack[10].isZero())
      return createError("the prover does not support 'frie2f4' with poe = 0 (cycle " +
                         std::to_string(Clk) + "): its domain point has no inverse");
  }
  if (StackInputs.size() > 16 || StackOutputs.size() > 16)
    return createError("a proof covers at most 16 stack inputs and 16 stack outputs");
  if (!Program.entrypoint())
    return createError("the program has no entrypoint");
  VmTraceInputs In{Trace, Program};
  VmTrace Out;
  Out.SystemRows = systemRowsNeeded(In);
  Out.DecoderRows = decoderRowsNeeded(In);
  Out.StackRows = stackRowsNeeded(In);
  Out.ChipletsRows = chipletsRowsNeeded(In);
  size_t Len =
      nextPow2(std::max({Out.SystemRows, Out.DecoderRows, Out.StackRows, Out.ChipletsRows}));
  std::vector<uint16_t> MemChecks;
  for (;;) {
    Out.Main.assign(MainWidth, std::vector<Felt>(Len));
    buildChipletsColumns(In, Out.Main);
    MemChecks = memoryRangeChecks(Out.Main);
    Out.RangeRows = rangeRowsNeeded(In, MemChecks);
    if (Out.RangeRows <= Len)
      break;
    Len = nextPow2(Out.RangeRows);
  }
  buildSystemColumns(In, Out.Main);
  buildDecoderColumns(In, Out.Main);
  buildStackColumns(In, Out.Main);
  buildRangeColumns(In, Out.Main, MemChecks);

  Out.Public.ProgramHash = Program.digest(*Program.entrypoint());
  std::copy(StackInputs.begin(), StackInputs.end(), Out.Public.StackInputs.begin());
  std::copy(StackOutputs.begin(), StackOutputs.end(), Out.Public.StackOutputs.begin());
  for (const Digest &D : Program.kernelDigests())
    Out.Public.KernelDigests.push_back(D);
  // The transcript state after the last LOGPRECOMPILE: the capacity of its
  // permutation's output (hasher records are in clock order).
  for (const HasherRecord &R : Trace.Hasher)
    if (R.Kind == HasherRecord::Permute && R.Clk < Trace.Cycles.size() &&
        !Trace.Cycles[R.Clk].IsControl && Trace.Cycles[R.Clk].Opcode == LogPrecompileLabel)
      Out.Public.PrecompileTranscript = Digest(R.Out[0], R.Out[1], R.Out[2], R.Out[3]);
  return std::move(Out);
}

// --- The AIR ----------------------------------------------------------------------------

VmAir::VmAir(size_t TraceLength, VmPublicInputs Public)
    : AirBase(TraceInfo{MainWidth, VmAuxWidth, VmNumRands, TraceLength}),
      Public(std::move(Public)) {
  StackBegin = DecoderBegin + unsigned(decoderConstraintDegrees().size());
  RangeBegin = StackBegin + NumStackConstraints;
  ChipletsBegin = RangeBegin + 1;
  NumMain = ChipletsBegin + chip::NumConstraints;
}

std::vector<unsigned> VmAir::mainConstraintDegrees() const {
  std::vector<unsigned> D = systemConstraintDegrees();
  for (const auto &Part : {decoderConstraintDegrees(), stackConstraintDegrees(),
                           rangeConstraintDegrees(), chipletsConstraintDegrees()})
    D.insert(D.end(), Part.begin(), Part.end());
  assert(D.size() == NumMain && "constraint groups out of sync");
  return D;
}

std::vector<unsigned> VmAir::auxConstraintDegrees() const {
  std::vector<unsigned> D = decoderAuxConstraintDegrees();
  // Overflow table 9, range LogUp 9, vtable 9 (a memory response: flag 4,
  // message 4), chiplets bus 9, precompile transcript 7, ACE wiring 8.
  D.insert(D.end(), {9, 9, 9, 9, 7, AceWiringDegree});
  return D;
}

std::vector<Assertion> VmAir::assertions() const {
  const size_t Last = traceLength() - 1;
  std::vector<Assertion> A = systemAssertions();
  // The root context and an empty fn_hash on the first row.
  A.push_back({false, CtxCol, 0, Felt()});
  for (unsigned I = 0; I < 4; ++I)
    A.push_back({false, FnHashCol + I, 0, Felt()});
  for (const Assertion &X : decoderAssertions(traceLength()))
    A.push_back(X);
  for (const Assertion &X : stackAssertions(Public.StackInputs, Public.StackOutputs, Last))
    A.push_back(X);
  // The run ends with exactly the 16 output slots on the stack.
  A.push_back({false, StackDepthCol, Last, Felt(16)});
  for (const Assertion &X : rangeAssertions(Last))
    A.push_back(X);
  // Aux: the decoder's tables, then overflow table, range bus, vtable,
  // chiplets bus, precompile transcript and ACE wiring bus (values:
  // auxAssertionValues; the chiplets bus's end and the transcript's start are
  // challenge-dependent).
  for (const Assertion &X : decoderAuxAssertions(traceLength()))
    A.push_back(X);
  for (unsigned Col : {StackAuxOffset, RangeAuxOffset, SiblingAuxCol, ChipletsBusAuxOffset,
                       TranscriptAuxCol, AceWiringAuxCol}) {
    // Running sums (LogUp) start and end at 0, running products at 1.
    Felt Start = Col == RangeAuxOffset || Col == AceWiringAuxCol ? Felt() : Felt::one();
    A.push_back({true, Col, 0, Start});
    A.push_back({true, Col, Last, Start});
  }
  return A;
}

namespace {
/// Row-by-row frames over a column-major trace.
struct RowFrames {
  const TraceColumns &Main;
  std::vector<Felt> Cur, Nxt;
  std::vector<std::vector<Felt>> Periodic = chipletsPeriodicColumns();
  std::vector<Felt> P;
  explicit RowFrames(const TraceColumns &Main)
      : Main(Main), Cur(Main.size()), Nxt(Main.size()), P(Periodic.size()) {}
  EvalFrame<Felt> at(size_t Row) {
    size_t Len = Main[0].size();
    for (size_t C = 0; C < Main.size(); ++C) {
      Cur[C] = Main[C][Row];
      Nxt[C] = Main[C][(Row + 1) % Len];
    }
    for (size_t K = 0; K < Periodic.size(); ++K)
      P[K] = Periodic[K][Row % Periodic[K].size()];
    return EvalFrame<Felt>{Cur, Nxt};
  }
};
} // namespace

template <class E>
std::vector<std::vector<E>> VmAir::buildAux(const TraceColumns &Main, ArrayRef<E> A) const {
  const size_t Len = Main[0].size();
  std::vector<std::vector<E>> Aux = buildDecoderAux<E>(Main, Public.ProgramHash, A);
  Aux.push_back(buildStackOverflowColumn<E>(Main, A.slice(0, 4)));
  const unsigned S0 = chip::Sel;
  MemoryRangeRequests Mem = [&](size_t Row, Felt &D0, Felt &D1) {
    if (!(Main[S0][Row] == Felt::one() && Main[S0 + 1][Row] == Felt::one() &&
          Main[S0 + 2][Row].isZero()))
      return false;
    D0 = Main[chip::MD0][Row];
    D1 = Main[chip::MD1][Row];
    return true;
  };
  Aux.push_back(buildRangeBusColumn<E>(Main, A[0], Mem));
  // The vtable, chiplets bus and transcript are running products of a per-row
  // factor num / den. The factors are independent, so row chunks compute
  // them in parallel with one inversion per chunk (Montgomery's trick); the
  // products then run once over the rows. Exact arithmetic: the same values
  // as a row-by-row division.
  const size_t Steps = Len - 1;
  std::vector<E> SibNum(Steps), SibDen(Steps), BusNum(Steps), BusDen(Steps), TrNum(Steps),
      TrDen(Steps);
  constexpr size_t ChunkRows = 4096;
  E *Factors[6] = {SibDen.data(), SibNum.data(), BusDen.data(),
                   BusNum.data(), TrDen.data(),  TrNum.data()};
  const std::vector<ExtPack<E>> RandsP(A.begin(), A.end());
  parallelForEachN(0, (Steps + ChunkRows - 1) / ChunkRows, [&](size_t Chunk) {
    const size_t Begin = Chunk * ChunkRows, End = std::min(Steps, Begin + ChunkRows);
    RowFrames RF(Main);
    // Eight rows at a time (rows Row..Row+7 and their next rows are eight
    // consecutive values of each column), the rest one by one.
    constexpr unsigned Lanes = FeltPack::Lanes;
    std::vector<FeltPack> CurP(Main.size()), NextP(Main.size()), PerP(RF.Periodic.size());
    size_t Row = Begin;
    for (; Row + Lanes <= End; Row += Lanes) {
      for (size_t C = 0; C < Main.size(); ++C) {
        std::copy(Main[C].begin() + Row, Main[C].begin() + Row + Lanes, CurP[C].V);
        std::copy(Main[C].begin() + Row + 1, Main[C].begin() + Row + 1 + Lanes, NextP[C].V);
      }
      for (size_t K = 0; K < RF.Periodic.size(); ++K)
        for (unsigned L = 0; L < Lanes; ++L)
          PerP[K].V[L] = RF.Periodic[K][(Row + L) % RF.Periodic[K].size()];
      ExtPack<E> Out[6];
      auxFactorsPacked<E>(EvalFrame<FeltPack>{CurP, NextP}, PerP, RandsP, Out);
      for (unsigned K = 0; K < 6; ++K)
        for (unsigned L = 0; L < Lanes; ++L)
          Factors[K][Row + L] = Out[K].lane(L);
    }
    for (; Row < End; ++Row) {
      EvalFrame<Felt> F = RF.at(Row);
      E Out[6];
      auxFactors<Felt, E>(F, RF.P, A, Out);
      for (unsigned K = 0; K < 6; ++K)
        Factors[K][Row] = Out[K];
    }
    stark::batchInverseKeepZeros<E>(MutableArrayRef<E>(SibDen).slice(Begin, End - Begin));
    stark::batchInverseKeepZeros<E>(MutableArrayRef<E>(BusDen).slice(Begin, End - Begin));
    stark::batchInverseKeepZeros<E>(MutableArrayRef<E>(TrDen).slice(Begin, End - Begin));
  });
  std::vector<E> Sib(Len), Bus(Len), Tr(Len);
  Sib[0] = Bus[0] = E(Felt::one());
  // The transcript starts with the empty capacity inserted and the public
  // final one removed: an honest run ends at 1.
  Tr[0] = transcriptInitRatio<E>(A);
  for (size_t Row = 0; Row < Steps; ++Row) {
    Sib[Row + 1] = Sib[Row] * SibNum[Row] * SibDen[Row];
    Bus[Row + 1] = Bus[Row] * BusNum[Row] * BusDen[Row];
    Tr[Row + 1] = Tr[Row] * TrNum[Row] * TrDen[Row];
  }
  Aux.push_back(std::move(Sib));
  Aux.push_back(std::move(Bus));
  Aux.push_back(std::move(Tr));
  Aux.push_back(buildAceWiringColumn<E>(Main, A.slice(0, AceWiringNumAlphas)));
  return Aux;
}

template std::vector<std::vector<QuadExt>> VmAir::buildAux<QuadExt>(const TraceColumns &,
                                                                    ArrayRef<QuadExt>) const;
template std::vector<std::vector<CubicExt>> VmAir::buildAux<CubicExt>(const TraceColumns &,
                                                                      ArrayRef<CubicExt>) const;

std::vector<BusRowFactors> chipletsBusRows(const TraceColumns &Main, ArrayRef<QuadExt> A) {
  std::vector<BusRowFactors> Out;
  RowFrames RF(Main);
  const QuadExt One = QuadExt(Felt::one());
  for (size_t Row = 0; Row + 1 < Main[0].size(); ++Row) {
    EvalFrame<Felt> F = RF.at(Row);
    QuadExt Req = decoderChipletsRequest<Felt, QuadExt>(F, A) +
                  vmStackChipletsRequest<Felt, QuadExt>(F, A) - One;
    QuadExt Resp = vmChipletsResponse<Felt, QuadExt>(
        F, RF.P, A, memoryResponseMessage<Felt, QuadExt>(F.Current.data(), A));
    if (Req != One || Resp != One)
      Out.push_back({Row, Req, Resp});
  }
  return Out;
}

} // namespace vmair
} // namespace zkvm
