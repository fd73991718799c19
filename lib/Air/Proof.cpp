//===- Proof.cpp - STARK proofs and their binary format --------------------===//
//
// Layout: docs/formats.md, "STARK proof format".
//
//===----------------------------------------------------------------------===//

#include "zkvm/Air/Proof.h"
#include "zkvm/Air/Protocol.h"
#include "zkvm/Support/Error.h"

#include <cstring>

namespace zkvm {

namespace {

constexpr char Magic[6] = {'Z', 'K', 'S', 'T', 'R', 'K'};

class Writer {
public:
  std::vector<uint8_t> Out;
  void u8(uint8_t V) { Out.push_back(V); }
  void u16(uint16_t V) { put(V, 2); }
  void u32(uint32_t V) { put(V, 4); }
  void u64(uint64_t V) { put(V, 8); }
  void bytes(const uint8_t *P, size_t N) { Out.insert(Out.end(), P, P + N); }
  void felts(const std::vector<Felt> &V) {
    u32(uint32_t(V.size()));
    for (Felt F : V)
      u64(F.value());
  }
  void commitment(const Commitment &C) { bytes(C.data(), C.size()); }
  void opening(const QueryOpening &Q) {
    u32(Q.NumRows);
    felts(Q.Values);
    u32(uint32_t(Q.Proof.size()));
    for (const Commitment &C : Q.Proof)
      commitment(C);
  }

private:
  void put(uint64_t V, unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Out.push_back(uint8_t(V >> (8 * I)));
  }
};

/// Reads with bounds checks; the first failure sticks and names its byte offset.
class Reader {
public:
  explicit Reader(llvm::ArrayRef<uint8_t> B) : B(B) {}
  llvm::Error takeError() const { return createError(ErrMsg); }
  bool failed() const { return bool(ErrMsg.size()); }
  size_t offset() const { return Pos; }
  size_t left() const { return B.size() - Pos; }

  void fail(const llvm::Twine &Msg, size_t At) {
    if (!failed())
      ErrMsg = ("proof at byte " + llvm::Twine(At) + ": " + Msg).str();
  }
  bool need(size_t N, const char *What) {
    if (failed())
      return false;
    if (N > left()) {
      fail(llvm::Twine("truncated in ") + What, Pos);
      return false;
    }
    return true;
  }
  uint64_t get(unsigned N, const char *What) {
    if (!need(N, What))
      return 0;
    uint64_t V = 0;
    for (unsigned I = 0; I < N; ++I)
      V |= uint64_t(B[Pos + I]) << (8 * I);
    Pos += N;
    return V;
  }
  uint8_t u8(const char *W) { return uint8_t(get(1, W)); }
  uint16_t u16(const char *W) { return uint16_t(get(2, W)); }
  uint32_t u32(const char *W) { return uint32_t(get(4, W)); }
  uint64_t u64(const char *W) { return get(8, W); }
  void bytes(uint8_t *P, size_t N, const char *W) {
    if (!need(N, W))
      return;
    std::memcpy(P, B.data() + Pos, N);
    Pos += N;
  }
  Felt felt(const char *W) {
    size_t At = Pos;
    uint64_t V = u64(W);
    if (V >= Felt::Modulus) {
      fail(llvm::Twine("non-canonical field element in ") + W, At);
      return Felt();
    }
    return Felt::fromCanonical(V);
  }
  /// A u32 count of items of ItemSize bytes, checked against the bytes left.
  uint32_t count(size_t ItemSize, const char *W) {
    size_t At = Pos;
    uint32_t N = u32(W);
    if (!failed() && uint64_t(N) * ItemSize > left()) {
      fail(llvm::Twine("count ") + llvm::Twine(N) + " in " + W + " exceeds the bytes left", At);
      return 0;
    }
    return N;
  }
  std::vector<Felt> felts(const char *W) {
    uint32_t N = count(8, W);
    std::vector<Felt> V;
    if (failed())
      return V;
    V.reserve(N);
    for (uint32_t I = 0; I < N && !failed(); ++I)
      V.push_back(felt(W));
    return V;
  }
  Commitment commitment(const char *W) {
    Commitment C{};
    bytes(C.data(), C.size(), W);
    return C;
  }
  QueryOpening opening(const char *W) {
    QueryOpening Q;
    Q.NumRows = u32(W);
    Q.Values = felts(W);
    uint32_t N = count(32, W);
    for (uint32_t I = 0; I < N && !failed(); ++I)
      Q.Proof.push_back(commitment(W));
    return Q;
  }

private:
  llvm::ArrayRef<uint8_t> B;
  size_t Pos = 0;
  std::string ErrMsg;
};

void writeOptions(Writer &W, const ProofOptions &O) {
  W.u8(uint8_t(O.Hash));
  W.u8(uint8_t(O.ExtensionDegree));
  W.u8(uint8_t(stark::log2Exact(O.Blowup)));
  W.u8(uint8_t(O.FoldingFactor));
  W.u8(uint8_t(O.GrindingBits));
  W.u8(uint8_t(O.NumQueries));
  W.u8(uint8_t(stark::log2Exact(O.RemainderMaxDegree + 1)));
}

} // namespace

std::vector<uint8_t> transcriptSeed(const ProofOptions &Opts, unsigned LogTraceLength,
                                    unsigned MainWidth, unsigned AuxWidth, unsigned NumAuxRands,
                                    llvm::ArrayRef<uint8_t> PublicInputs) {
  Writer W;
  const char Tag[] = "zkvm-stark-v1";
  W.bytes(reinterpret_cast<const uint8_t *>(Tag), sizeof(Tag) - 1);
  writeOptions(W, Opts);
  W.u8(uint8_t(LogTraceLength));
  W.u16(uint16_t(MainWidth));
  W.u16(uint16_t(AuxWidth));
  W.u16(uint16_t(NumAuxRands));
  W.u32(uint32_t(PublicInputs.size()));
  W.bytes(PublicInputs.data(), PublicInputs.size());
  return std::move(W.Out);
}

std::vector<uint8_t> StarkProof::serialize() const {
  Writer W;
  W.bytes(reinterpret_cast<const uint8_t *>(Magic), sizeof(Magic));
  W.u16(FormatVersion);
  writeOptions(W, Options);
  W.u8(uint8_t(LogTraceLength));
  W.u16(uint16_t(MainWidth));
  W.u16(uint16_t(AuxWidth));
  W.u16(uint16_t(NumAuxRands));
  W.u16(uint16_t(NumCompColumns));
  W.u32(uint32_t(PublicInputs.size()));
  W.bytes(PublicInputs.data(), PublicInputs.size());
  W.commitment(MainRoot);
  if (AuxWidth)
    W.commitment(AuxRoot);
  W.commitment(CompRoot);
  W.u8(uint8_t(FriRoots.size()));
  for (const Commitment &C : FriRoots)
    W.commitment(C);
  W.felts(OodMain);
  W.felts(OodAux);
  W.felts(OodComp);
  W.felts(Remainder);
  W.u64(PowNonce);
  W.opening(MainQueries);
  W.opening(AuxQueries);
  W.opening(CompQueries);
  W.u8(uint8_t(FriQueries.size()));
  for (const QueryOpening &Q : FriQueries)
    W.opening(Q);
  return std::move(W.Out);
}

llvm::Expected<StarkProof> StarkProof::deserialize(llvm::ArrayRef<uint8_t> Bytes) {
  Reader R(Bytes);
  StarkProof P;
  char M[sizeof(Magic)] = {};
  R.bytes(reinterpret_cast<uint8_t *>(M), sizeof(M), "magic");
  if (!R.failed() && std::memcmp(M, Magic, sizeof(Magic)) != 0)
    R.fail("not a zkvm STARK proof (bad magic)", 0);
  uint16_t Version = R.u16("version");
  if (!R.failed() && Version != FormatVersion)
    R.fail("unsupported proof format version " + llvm::Twine(Version), 6);

  size_t OptAt = R.offset();
  ProofOptions &O = P.Options;
  O.Hash = HashKind(R.u8("options"));
  O.ExtensionDegree = R.u8("options");
  unsigned LogBlowup = R.u8("options");
  O.FoldingFactor = R.u8("options");
  O.GrindingBits = R.u8("options");
  O.NumQueries = R.u8("options");
  unsigned LogRem = R.u8("options");
  if (!R.failed()) {
    if (LogBlowup > 7 || LogRem > 12) {
      R.fail("options out of range", OptAt);
    } else {
      O.Blowup = 1u << LogBlowup;
      O.RemainderMaxDegree = (1u << LogRem) - 1;
      if (llvm::Error E = O.validate())
        R.fail(llvm::toString(std::move(E)), OptAt);
    }
  }
  size_t InfoAt = R.offset();
  P.LogTraceLength = R.u8("trace info");
  P.MainWidth = R.u16("trace info");
  P.AuxWidth = R.u16("trace info");
  P.NumAuxRands = R.u16("trace info");
  P.NumCompColumns = R.u16("trace info");
  if (!R.failed() && (P.LogTraceLength < 3 || P.LogTraceLength + LogBlowup > 32 ||
                      P.MainWidth == 0 || P.NumCompColumns == 0))
    R.fail("trace info out of range", InfoAt);
  uint32_t PubLen = R.count(1, "public inputs");
  if (!R.failed()) {
    P.PublicInputs.resize(PubLen);
    R.bytes(P.PublicInputs.data(), PubLen, "public inputs");
  }
  P.MainRoot = R.commitment("main trace commitment");
  if (P.AuxWidth)
    P.AuxRoot = R.commitment("aux trace commitment");
  P.CompRoot = R.commitment("composition commitment");
  unsigned NumFri = R.u8("FRI layer count");
  for (unsigned I = 0; I < NumFri && !R.failed(); ++I)
    P.FriRoots.push_back(R.commitment("FRI layer commitment"));
  P.OodMain = R.felts("out-of-domain main frame");
  P.OodAux = R.felts("out-of-domain aux frame");
  P.OodComp = R.felts("out-of-domain composition values");
  P.Remainder = R.felts("FRI remainder");
  P.PowNonce = R.u64("proof-of-work nonce");
  P.MainQueries = R.opening("main trace queries");
  P.AuxQueries = R.opening("aux trace queries");
  P.CompQueries = R.opening("composition queries");
  size_t FriAt = R.offset();
  unsigned NumFriQ = R.u8("FRI query layer count");
  if (!R.failed() && NumFriQ != NumFri)
    R.fail("FRI query layer count " + llvm::Twine(NumFriQ) + " differs from the " +
               llvm::Twine(NumFri) + " committed layers",
           FriAt);
  for (unsigned I = 0; I < NumFriQ && !R.failed(); ++I)
    P.FriQueries.push_back(R.opening("FRI queries"));
  if (!R.failed() && R.left())
    R.fail(llvm::Twine(R.left()) + " trailing bytes", R.offset());
  if (R.failed())
    return R.takeError();
  return std::move(P);
}

} // namespace zkvm
