//===- MastFormat.cpp - MAST binary files (.masb, .masl) ------------------===//
//
// See docs/formats.md, "MAST binary format", for the layout. The reader
// rebuilds the forest through MastForest's add* functions, so every digest
// is recomputed by the same code that computes it at assembly time, then
// compared with the stored one.
//
//===----------------------------------------------------------------------===//

#include "zkvm/Mast/MastFormat.h"
#include "zkvm/Support/OutputFile.h"

#include "zkvm/Crypto/Blake3.h"
#include "zkvm/Support/Error.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace zkvm {

namespace {

constexpr size_t HeaderSize = 12;
constexpr size_t ChecksumSize = 32;
constexpr uint32_t NoEntrypoint = 0xFFFFFFFFu;
constexpr uint8_t FlagDebugInfo = 1;
/// Smallest node record: a tag and a digest.
constexpr size_t MinNodeRecord = 1 + 32;

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

class ByteWriter {
public:
  std::vector<uint8_t> Out;

  void u8(uint8_t V) { Out.push_back(V); }
  void u16(uint16_t V) { le(V, 2); }
  void u32(uint32_t V) { le(V, 4); }
  void u64(uint64_t V) { le(V, 8); }
  void felt(Felt V) { u64(V.value()); }
  void digest(const Digest &D) {
    for (unsigned I = 0; I < 4; ++I)
      felt(D[I]);
  }
  void bytes(StringRef S) { Out.insert(Out.end(), S.bytes_begin(), S.bytes_end()); }
  void string(StringRef S) {
    u32(uint32_t(S.size()));
    bytes(S);
  }

private:
  void le(uint64_t V, unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Out.push_back(uint8_t(V >> (8 * I)));
  }
};

Error checkShape(const MastForest &F) {
  bool IsProgram = F.kind() == MastKind::Program;
  if (IsProgram && !F.entrypoint())
    return createError("a program's MAST forest needs an entrypoint");
  if (!IsProgram && F.entrypoint())
    return createError(Twine("a ") + getMastKindName(F.kind()) +
                       "'s MAST forest cannot have an entrypoint");
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

class ByteReader {
public:
  ByteReader(ArrayRef<uint8_t> Bytes, size_t End, StringRef File)
      : Bytes(Bytes), End(End), File(File) {}

  size_t pos() const { return Pos; }
  void skip(size_t N) {
    assert(N <= remaining());
    Pos += N;
  }
  size_t remaining() const { return End - Pos; }
  bool atEnd() const { return Pos == End; }

  /// Records the first error (at Offset) and returns false, so parsing code
  /// reads as a chain of `if (!R.x(...)) return R.takeError();`.
  bool fail(size_t Offset, const Twine &Msg) {
    if (!Failed) {
      Failed = true;
      ErrOffset = Offset;
      ErrMsg = Msg.str();
    }
    return false;
  }
  Error takeError() {
    assert(Failed && "no error recorded");
    return make_error<FileFormatError>(File.str(), ErrOffset, ErrMsg);
  }

  bool u8(uint8_t &V, const char *What) {
    uint64_t X;
    if (!le(X, 1, What))
      return false;
    V = uint8_t(X);
    return true;
  }
  bool u16(uint16_t &V, const char *What) {
    uint64_t X;
    if (!le(X, 2, What))
      return false;
    V = uint16_t(X);
    return true;
  }
  bool u32(uint32_t &V, const char *What) {
    uint64_t X;
    if (!le(X, 4, What))
      return false;
    V = uint32_t(X);
    return true;
  }
  bool u64(uint64_t &V, const char *What) { return le(V, 8, What); }
  bool felt(Felt &V, const char *What) {
    size_t At = Pos;
    uint64_t X;
    if (!u64(X, What))
      return false;
    if (X >= Felt::Modulus)
      return fail(At, Twine(What) + " " + Twine(X) + " is not a field element");
    V = Felt::fromCanonical(X);
    return true;
  }
  bool digest(Digest &D, const char *What) {
    for (unsigned I = 0; I < 4; ++I)
      if (!felt(D[I], What))
        return false;
    return true;
  }
  /// A count of items each at least MinSize bytes long: bounded by what is
  /// left, so a corrupt count cannot trigger a huge allocation.
  bool count(uint32_t &N, size_t MinSize, const char *What) {
    size_t At = Pos;
    if (!u32(N, What))
      return false;
    if (MinSize && uint64_t(N) * MinSize > remaining())
      return fail(At, Twine(What) + " " + Twine(N) + " is larger than the rest of the file allows");
    return true;
  }
  bool string(std::string &S, const char *What) {
    uint32_t N;
    if (!count(N, 1, What))
      return false;
    S.assign(reinterpret_cast<const char *>(Bytes.data() + Pos), N);
    Pos += N;
    return true;
  }

private:
  bool le(uint64_t &V, unsigned N, const char *What) {
    if (remaining() < N)
      return fail(Pos, Twine("file is truncated while reading ") + What);
    V = 0;
    for (unsigned I = 0; I < N; ++I)
      V |= uint64_t(Bytes[Pos + I]) << (8 * I);
    Pos += N;
    return true;
  }

  ArrayRef<uint8_t> Bytes;
  size_t Pos = 0;
  size_t End;
  StringRef File;
  bool Failed = false;
  size_t ErrOffset = 0;
  std::string ErrMsg;
};

class ForestReader {
public:
  ForestReader(ArrayRef<uint8_t> Bytes, StringRef File)
      : Bytes(Bytes), File(File),
        R(Bytes, Bytes.size() >= ChecksumSize ? Bytes.size() - ChecksumSize : 0, File) {}

  Expected<MastForest> read();

private:
  Error error(size_t Offset, const Twine &Msg) {
    return make_error<FileFormatError>(File.str(), Offset, Msg.str());
  }
  bool readSourceFiles();
  bool readNode(uint32_t Index);
  bool readBlock(uint32_t Index, Expected<MastNodeId> &Id);
  bool readNodeId(uint32_t &Id, uint32_t Limit, const char *What);
  bool readSections();

  ArrayRef<uint8_t> Bytes;
  StringRef File;
  ByteReader R;
  MastForest F;
  bool HasDebugInfo = false;
};

bool ForestReader::readSourceFiles() {
  uint32_t N;
  if (!R.count(N, 4, "source file count"))
    return false;
  for (uint32_t I = 0; I < N; ++I) {
    size_t At = R.pos();
    std::string Name;
    if (!R.string(Name, "source file name"))
      return false;
    if (F.addSourceFile(Name) != I + 1)
      return R.fail(At, "source file '" + Name + "' is listed twice");
  }
  return true;
}

bool ForestReader::readNodeId(uint32_t &Id, uint32_t Limit, const char *What) {
  size_t At = R.pos();
  if (!R.u32(Id, What))
    return false;
  if (Id >= Limit)
    return R.fail(At, Twine(What) + " " + Twine(Id) + " does not refer to an earlier node");
  return true;
}

bool ForestReader::readBlock(uint32_t Index, Expected<MastNodeId> &Id) {
  uint32_t NumOps;
  size_t CountAt = R.pos();
  if (!R.count(NumOps, 1, "operation count"))
    return false;
  if (NumOps == 0)
    return R.fail(CountAt, "basic block " + Twine(Index) + " has no operations");
  std::vector<Operation> Ops;
  Ops.reserve(NumOps);
  for (uint32_t I = 0; I < NumOps; ++I) {
    size_t OpAt = R.pos();
    uint8_t Code;
    if (!R.u8(Code, "an opcode"))
      return false;
    std::optional<OpCode> Op = getOpCodeFromValue(Code);
    if (!Op)
      return R.fail(OpAt, Twine(unsigned(Code)) + " is not a basic-block opcode");
    Felt Imm;
    if (getOpImmKind(*Op) == OpImmKind::Felt && !R.felt(Imm, "push immediate"))
      return false;
    if (getOpImmKind(*Op) == OpImmKind::ErrCode && !R.felt(Imm, "error code"))
      return false;
    Ops.emplace_back(*Op, Imm);
  }
  std::vector<SourceLoc> Locs;
  if (HasDebugInfo) {
    size_t FlagAt = R.pos();
    uint8_t HasLocs;
    if (!R.u8(HasLocs, "source-location flag"))
      return false;
    if (HasLocs > 1)
      return R.fail(FlagAt, "source-location flag must be 0 or 1, not " + Twine(unsigned(HasLocs)));
    if (HasLocs) {
      if (uint64_t(NumOps) * 12 > R.remaining())
        return R.fail(FlagAt, "file is truncated in the source locations of node " + Twine(Index));
      Locs.resize(NumOps);
      for (SourceLoc &L : Locs) {
        size_t LocAt = R.pos();
        if (!R.u32(L.File, "source file index") || !R.u32(L.Line, "line") ||
            !R.u32(L.Col, "column"))
          return false;
        if (L.File > F.sourceFiles().size())
          return R.fail(LocAt, "source file index " + Twine(L.File) + " is out of range (" +
                                   Twine(F.sourceFiles().size()) + " files)");
      }
    }
  }
  Id = F.addBlock(Ops, Locs);
  return true;
}

bool ForestReader::readNode(uint32_t Index) {
  size_t At = R.pos();
  uint8_t Tag;
  if (!R.u8(Tag, "a node tag"))
    return false;
  if (Tag > uint8_t(MastNodeKind::External))
    return R.fail(At, "node " + Twine(Index) + " has an unknown kind " + Twine(unsigned(Tag)));
  MastNodeKind Kind = MastNodeKind(Tag);
  Expected<MastNodeId> Id = MastNodeId(0);
  uint32_t A = 0, B = 0;
  switch (Kind) {
  case MastNodeKind::Block:
    if (!readBlock(Index, Id))
      return false;
    break;
  case MastNodeKind::Join:
  case MastNodeKind::Split:
    if (!readNodeId(A, Index, "child") || !readNodeId(B, Index, "child"))
      return false;
    Id = Kind == MastNodeKind::Join ? F.addJoin(A, B) : F.addSplit(A, B);
    break;
  case MastNodeKind::Loop:
    if (!readNodeId(A, Index, "child"))
      return false;
    Id = F.addLoop(A);
    break;
  case MastNodeKind::Call:
    if (!readNodeId(A, Index, "callee"))
      return false;
    Id = F.addCall(A);
    break;
  case MastNodeKind::SysCall:
    if (!readNodeId(A, Index, "callee"))
      return false;
    Id = F.addSysCall(A);
    break;
  case MastNodeKind::Dyn:
    Id = F.addDyn();
    break;
  case MastNodeKind::DynCall:
    Id = F.addDynCall();
    break;
  case MastNodeKind::External:
    break; // the digest below is the payload
  }
  size_t DigestAt = R.pos();
  Digest Stored;
  if (!R.digest(Stored, "digest element")) {
    consumeError(Id.takeError());
    return false;
  }
  if (Kind == MastNodeKind::External)
    Id = F.addExternal(Stored);
  if (!Id) {
    std::string Msg = toString(Id.takeError());
    return R.fail(At, "node " + Twine(Index) + ": " + Msg);
  }
  if (*Id != Index)
    return R.fail(At, "node " + Twine(Index) + " duplicates node " + Twine(*Id));
  if (F.digest(*Id) != Stored)
    return R.fail(DigestAt, "node " + Twine(Index) + " (" + getMastNodeKindName(Kind) +
                                ") has digest " + Stored.toHex() + " but its contents hash to " +
                                F.digest(*Id).toHex());
  return true;
}

bool ForestReader::readSections() {
  uint32_t NumNodes;
  size_t At = R.pos();
  if (!R.count(NumNodes, MinNodeRecord, "node count"))
    return false;
  if (NumNodes > MastForest::MaxNodes)
    return R.fail(At, "node count " + Twine(NumNodes) + " exceeds the limit");
  for (uint32_t I = 0; I < NumNodes; ++I)
    if (!readNode(I))
      return false;

  uint32_t NumRoots;
  if (!R.count(NumRoots, 4, "procedure root count"))
    return false;
  for (uint32_t I = 0; I < NumRoots; ++I) {
    size_t RootAt = R.pos();
    uint32_t Id;
    if (!readNodeId(Id, NumNodes, "procedure root"))
      return false;
    if (F.isProcedureRoot(Id))
      return R.fail(RootAt, "procedure root " + Twine(Id) + " is listed twice");
    cantFail(F.addProcedureRoot(Id));
  }

  At = R.pos();
  uint32_t Entry;
  if (!R.u32(Entry, "the entrypoint"))
    return false;
  bool IsProgram = F.kind() == MastKind::Program;
  if (Entry == NoEntrypoint) {
    if (IsProgram)
      return R.fail(At, "a program has no entrypoint");
  } else {
    if (!IsProgram)
      return R.fail(At, Twine("a ") + getMastKindName(F.kind()) + " cannot have an entrypoint");
    if (Entry >= NumNodes || !F.isProcedureRoot(Entry))
      return R.fail(At, "entrypoint " + Twine(Entry) + " is not a procedure root");
    cantFail(F.setEntrypoint(Entry));
  }

  uint32_t NumExports;
  if (!R.count(NumExports, 8, "export count"))
    return false;
  for (uint32_t I = 0; I < NumExports; ++I) {
    size_t ExportAt = R.pos();
    uint32_t Id;
    std::string Path;
    if (!readNodeId(Id, NumNodes, "export node") || !R.string(Path, "export name"))
      return false;
    if (!F.isProcedureRoot(Id))
      return R.fail(ExportAt, "export '" + Path + "' names node " + Twine(Id) +
                                  ", which is not a procedure root");
    if (Error E = F.addExport(Path, Id))
      return R.fail(ExportAt, toString(std::move(E)));
  }

  uint32_t NumKernel;
  if (!R.count(NumKernel, 32, "kernel procedure count"))
    return false;
  for (uint32_t I = 0; I < NumKernel; ++I) {
    Digest D;
    if (!R.digest(D, "kernel digest element"))
      return false;
    F.kernelDigests().push_back(D);
  }

  uint32_t NumAdvice;
  if (!R.count(NumAdvice, 36, "advice map entry count"))
    return false;
  std::optional<Digest> PrevKey;
  for (uint32_t I = 0; I < NumAdvice; ++I) {
    size_t KeyAt = R.pos();
    Digest Key;
    if (!R.digest(Key, "advice map key element"))
      return false;
    if (PrevKey && !(*PrevKey < Key))
      return R.fail(KeyAt, "advice map keys are not in strictly increasing order");
    PrevKey = Key;
    uint32_t NumValues;
    if (!R.count(NumValues, 8, "advice value count"))
      return false;
    std::vector<Felt> Values(NumValues);
    for (Felt &V : Values)
      if (!R.felt(V, "advice value"))
        return false;
    cantFail(F.addAdviceMapEntry(Key, std::move(Values)));
  }

  uint32_t NumMessages;
  if (!R.count(NumMessages, 12, "error message count"))
    return false;
  std::optional<uint64_t> PrevCode;
  for (uint32_t I = 0; I < NumMessages; ++I) {
    size_t CodeAt = R.pos();
    Felt Code;
    std::string Msg;
    if (!R.felt(Code, "error code") || !R.string(Msg, "error message"))
      return false;
    if (PrevCode && *PrevCode >= Code.value())
      return R.fail(CodeAt, "error codes are not in strictly increasing order");
    PrevCode = Code.value();
    F.addErrorMessage(Code, std::move(Msg));
  }

  if (!R.atEnd())
    return R.fail(R.pos(), Twine(R.remaining()) + " unexpected bytes before the checksum");
  return true;
}

Expected<MastForest> ForestReader::read() {
  if (Bytes.size() < sizeof(MastMagic) ||
      std::memcmp(Bytes.data(), MastMagic, sizeof(MastMagic)) != 0)
    return error(0, "not a zkvm MAST file (bad magic)");
  if (Bytes.size() < HeaderSize + ChecksumSize)
    return error(Bytes.size(), "file is truncated (" + Twine(Bytes.size()) + " bytes)");
  uint16_t Version = uint16_t(Bytes[6] | (Bytes[7] << 8));
  if (Version != MastFormatVersion)
    return error(6, "unsupported MAST format version " + Twine(Version) + " (this build reads " +
                        Twine(MastFormatVersion) + ")");
  // The checksum comes before any structural check: a damaged file is
  // reported as damaged rather than by whatever field the damage hit.
  size_t BodySize = Bytes.size() - ChecksumSize;
  Blake3Digest Sum = Blake3::hash(Bytes.take_front(BodySize));
  if (std::memcmp(Sum.data(), Bytes.data() + BodySize, ChecksumSize) != 0)
    return error(BodySize, "checksum mismatch: the file is corrupted or truncated");

  // The header was checked above apart from kind, flags and reserved bytes.
  R.skip(sizeof(MastMagic) + 2);
  uint8_t Kind = Bytes[8], Flags = Bytes[9];
  if (Kind > uint8_t(MastKind::Kernel))
    return error(8, "unknown artifact kind " + Twine(unsigned(Kind)));
  F.setKind(MastKind(Kind));
  if (Flags & ~FlagDebugInfo)
    return error(9, "unknown flags 0x" + utohexstr(Flags));
  HasDebugInfo = Flags & FlagDebugInfo;
  if (Bytes[10] != 0 || Bytes[11] != 0)
    return error(10, "reserved header bytes are not zero");
  R.skip(4);

  if (HasDebugInfo && !readSourceFiles())
    return R.takeError();
  if (!readSections())
    return R.takeError();
  return std::move(F);
}

} // namespace

bool isMastImage(ArrayRef<uint8_t> Bytes) {
  return Bytes.size() >= sizeof(MastMagic) &&
         std::memcmp(Bytes.data(), MastMagic, sizeof(MastMagic)) == 0;
}

Expected<std::vector<uint8_t>> writeMastForest(const MastForest &F, const MastWriteOptions &Opts) {
  if (Error E = checkShape(F))
    return std::move(E);
  ByteWriter W;
  W.bytes(StringRef(MastMagic, sizeof(MastMagic)));
  W.u16(MastFormatVersion);
  W.u8(uint8_t(F.kind()));
  W.u8(Opts.DebugInfo ? FlagDebugInfo : 0);
  W.u16(0);

  if (Opts.DebugInfo) {
    W.u32(uint32_t(F.sourceFiles().size()));
    for (const std::string &Name : F.sourceFiles())
      W.string(Name);
  }

  W.u32(uint32_t(F.numNodes()));
  for (const MastNode &N : F.nodes()) {
    W.u8(uint8_t(N.Kind));
    switch (N.Kind) {
    case MastNodeKind::Block: {
      const BasicBlock &BB = F.blocks()[N.BlockIndex];
      W.u32(uint32_t(BB.Ops.size()));
      for (const Operation &Op : BB.Ops) {
        W.u8(Op.opcode());
        if (getOpImmKind(Op.Code) != OpImmKind::None)
          W.felt(Op.Imm);
      }
      if (Opts.DebugInfo) {
        W.u8(BB.Locs.empty() ? 0 : 1);
        for (const SourceLoc &L : BB.Locs) {
          W.u32(L.File);
          W.u32(L.Line);
          W.u32(L.Col);
        }
      }
      break;
    }
    case MastNodeKind::Join:
    case MastNodeKind::Split:
      W.u32(N.Children[0]);
      W.u32(N.Children[1]);
      break;
    case MastNodeKind::Loop:
    case MastNodeKind::Call:
    case MastNodeKind::SysCall:
      W.u32(N.Children[0]);
      break;
    case MastNodeKind::Dyn:
    case MastNodeKind::DynCall:
    case MastNodeKind::External:
      break;
    }
    W.digest(N.Hash);
  }

  W.u32(uint32_t(F.procedureRoots().size()));
  for (MastNodeId Id : F.procedureRoots())
    W.u32(Id);
  W.u32(F.entrypoint() ? *F.entrypoint() : NoEntrypoint);
  W.u32(uint32_t(F.exports().size()));
  for (const MastForest::Export &E : F.exports()) {
    W.u32(E.Node);
    W.string(E.Path);
  }
  W.u32(uint32_t(F.kernelDigests().size()));
  for (const Digest &D : F.kernelDigests())
    W.digest(D);
  W.u32(uint32_t(F.adviceMap().size()));
  for (const auto &[Key, Values] : F.adviceMap()) {
    W.digest(Key);
    W.u32(uint32_t(Values.size()));
    for (Felt V : Values)
      W.felt(V);
  }
  W.u32(uint32_t(F.errorMessages().size()));
  for (const auto &[Code, Msg] : F.errorMessages()) {
    W.u64(Code);
    W.string(Msg);
  }

  Blake3Digest Sum = Blake3::hash(W.Out);
  W.Out.insert(W.Out.end(), Sum.begin(), Sum.end());
  return std::move(W.Out);
}

Error writeMastForestFile(const MastForest &F, StringRef Path, const MastWriteOptions &Opts) {
  Expected<std::vector<uint8_t>> Image = writeMastForest(F, Opts);
  if (!Image)
    return Image.takeError();
  return writeOutputFile(Path, *Image);
}

Expected<MastForest> readMastForest(ArrayRef<uint8_t> Bytes, StringRef FileName) {
  return ForestReader(Bytes, FileName).read();
}

Expected<MastForest> readMastForestFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createError("cannot read '" + Path + "': " + Buf.getError().message());
  ArrayRef<uint8_t> Bytes(reinterpret_cast<const uint8_t *>((*Buf)->getBufferStart()),
                          (*Buf)->getBufferSize());
  return readMastForest(Bytes, Path);
}

} // namespace zkvm
