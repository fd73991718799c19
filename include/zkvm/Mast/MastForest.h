//===- zkvm/Mast/MastForest.h - Merkelized abstract syntax trees -*- C++ -*-===//
//
// A MAST forest is a table of nodes, each identified by its index and by its
// digest (Miden v0.20.6's node hashing, RPO256). Children always come before
// their parents, so the table is a topological order and a digest can be
// computed as soon as a node is added. Nodes with equal digests are stored
// once: adding one again returns the existing id.
//
// Alongside the nodes a forest carries what a program or library artifact
// needs: procedure roots, the entrypoint (programs), named exports
// (libraries, kernels), kernel procedure digests (programs that syscall), the
// advice map and the error-code messages.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_MAST_MASTFOREST_H
#define ZKVM_MAST_MASTFOREST_H

#include "zkvm/Crypto/Digest.h"
#include "zkvm/IR/Operation.h"
#include "zkvm/Mast/OpBatch.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace zkvm {

using MastNodeId = uint32_t;

enum class MastNodeKind : uint8_t {
  Block,   ///< a basic block of operations (SPAN)
  Join,    ///< run child 0, then child 1
  Split,   ///< pop a flag: child 0 if 1, child 1 if 0
  Loop,    ///< pop a flag: run child 0 while it is 1
  Call,    ///< run child 0 in a new context
  SysCall, ///< run child 0 (a kernel procedure) in the root context
  Dyn,     ///< run the procedure whose root is in memory (dynexec)
  DynCall, ///< dynexec in a new context
  External ///< a procedure known only by its digest (defined elsewhere)
};

/// "basic_block", "join", ... (the printer's and error messages' spelling).
llvm::StringRef getMastNodeKindName(MastNodeKind K);

/// Where an operation came from, for diagnostics. File indexes
/// MastForest::sourceFiles() plus one; 0 means unknown.
struct SourceLoc {
  uint32_t File = 0;
  uint32_t Line = 0;
  uint32_t Col = 0;
  bool isValid() const { return File != 0; }
  friend bool operator==(const SourceLoc &A, const SourceLoc &B) {
    return A.File == B.File && A.Line == B.Line && A.Col == B.Col;
  }
};

/// A basic block's contents. Error codes and source locations ride along with
/// the operations but do not enter the digest.
struct BasicBlock {
  /// The operations as given (no padding).
  std::vector<Operation> Ops;
  /// Empty, or one location per entry of Ops.
  std::vector<SourceLoc> Locs;
  /// The decoder's view: Ops batched and padded.
  std::vector<OpBatch> Batches;

  /// Operations the VM executes, padding NOOPs included.
  size_t numPaddedOps() const;
  /// The index in Ops of the padded operation at (Batch, OpInBatch), or
  /// nullopt for a padding NOOP.
  std::optional<size_t> rawOpIndex(size_t Batch, size_t OpInBatch) const;
};

struct MastNode {
  MastNodeKind Kind = MastNodeKind::Block;
  Digest Hash;
  /// Join: first, second. Split: on-true, on-false. Loop: body. Call,
  /// SysCall: callee. Unused entries are zero.
  MastNodeId Children[2] = {0, 0};
  /// Block: index into MastForest::blocks().
  uint32_t BlockIndex = 0;

  unsigned numChildren() const;
};

enum class MastKind : uint8_t { Program, Library, Kernel };

/// "program", "library", "kernel".
llvm::StringRef getMastKindName(MastKind K);

class MastForest {
public:
  /// Node ids are 30-bit, as in Miden.
  static constexpr uint32_t MaxNodes = (1u << 30) - 1;

  explicit MastForest(MastKind Kind = MastKind::Program) : Kind(Kind) {}

  MastKind kind() const { return Kind; }
  void setKind(MastKind K) { Kind = K; }

  // --- Adding nodes -------------------------------------------------------
  // Each returns the new node's id, or the id of an existing node with the
  // same digest (an External node only deduplicates with External nodes, so
  // adding a procedure's body after a reference to it keeps the body).
  // Errors: an empty block, a child id that does not exist, too many nodes.

  llvm::Expected<MastNodeId> addBlock(llvm::ArrayRef<Operation> Ops,
                                      llvm::ArrayRef<SourceLoc> Locs = {});
  llvm::Expected<MastNodeId> addJoin(MastNodeId First, MastNodeId Second);
  llvm::Expected<MastNodeId> addSplit(MastNodeId OnTrue, MastNodeId OnFalse);
  llvm::Expected<MastNodeId> addLoop(MastNodeId Body);
  llvm::Expected<MastNodeId> addCall(MastNodeId Callee);
  llvm::Expected<MastNodeId> addSysCall(MastNodeId Callee);
  llvm::Expected<MastNodeId> addDyn();
  llvm::Expected<MastNodeId> addDynCall();
  llvm::Expected<MastNodeId> addExternal(const Digest &Root);

  // --- Nodes -------------------------------------------------------------
  size_t numNodes() const { return Nodes.size(); }
  bool isValidId(MastNodeId Id) const { return Id < Nodes.size(); }
  const MastNode &node(MastNodeId Id) const { return Nodes[Id]; }
  const Digest &digest(MastNodeId Id) const { return Nodes[Id].Hash; }
  /// Only for Block nodes.
  const BasicBlock &block(MastNodeId Id) const { return Blocks[Nodes[Id].BlockIndex]; }
  llvm::ArrayRef<MastNode> nodes() const { return Nodes; }
  llvm::ArrayRef<BasicBlock> blocks() const { return Blocks; }
  /// The non-External node with this digest, if any.
  std::optional<MastNodeId> findNode(const Digest &D) const;

  // --- Procedures --------------------------------------------------------
  /// Marks a node as a procedure root (once; repeated calls are no-ops).
  llvm::Error addProcedureRoot(MastNodeId Id);
  llvm::ArrayRef<MastNodeId> procedureRoots() const { return Roots; }
  bool isProcedureRoot(MastNodeId Id) const;

  /// The program's entry node (also made a procedure root).
  llvm::Error setEntrypoint(MastNodeId Id);
  std::optional<MastNodeId> entrypoint() const { return Entry; }

  struct Export {
    std::string Path; ///< "miden::core::math::u64::wrapping_add"
    MastNodeId Node;
  };
  /// Names a procedure root (made one if it is not yet). Paths are unique.
  llvm::Error addExport(llvm::StringRef Path, MastNodeId Id);
  llvm::ArrayRef<Export> exports() const { return Exports; }
  std::optional<MastNodeId> findExport(llvm::StringRef Path) const;

  /// Digests of the kernel procedures a program may syscall.
  std::vector<Digest> &kernelDigests() { return Kernel; }
  const std::vector<Digest> &kernelDigests() const { return Kernel; }

  // --- Data ----------------------------------------------------------------
  /// Inserts Key -> Values; an existing key must map to the same values.
  llvm::Error addAdviceMapEntry(const Digest &Key, std::vector<Felt> Values);
  const std::map<Digest, std::vector<Felt>> &adviceMap() const { return AdviceMap; }

  /// Error code (the ASSERT/MPVERIFY/U32ASSERT2 felt) -> message; the first
  /// message given for a code is kept.
  void addErrorMessage(Felt Code, std::string Message) {
    ErrorMessages.emplace(Code.value(), std::move(Message));
  }
  const std::map<uint64_t, std::string> &errorMessages() const { return ErrorMessages; }

  /// File names that SourceLoc::File refers to (index + 1).
  uint32_t addSourceFile(llvm::StringRef Name);
  llvm::ArrayRef<std::string> sourceFiles() const { return SourceFiles; }

  /// Debug names of procedure roots ("miden::core::math::u64::div", "begin"
  /// for a program's entry), for profiles and diagnostics. The first name
  /// given to a node is kept (identical procedures share one node).
  void setProcedureName(MastNodeId Id, std::string Name) {
    ProcedureNames.emplace(Id, std::move(Name));
  }
  const std::map<MastNodeId, std::string> &procedureNames() const { return ProcedureNames; }

  /// The digest Miden gives a DYN / DYNCALL node (constants).
  static Digest dynDigest();
  static Digest dynCallDigest();

private:
  llvm::Expected<MastNodeId> insert(MastNode N, BasicBlock *Block);
  llvm::Expected<MastNodeId> addUnary(MastNodeKind Kind, ControlOpCode Domain, MastNodeId Child);
  llvm::Error checkChild(MastNodeId Id, MastNodeKind Parent) const;

  struct DigestHash {
    size_t operator()(const Digest &D) const {
      return size_t(D[0].value() ^ (D[1].value() * 0x9E3779B97F4A7C15ULL));
    }
  };

  MastKind Kind;
  std::vector<MastNode> Nodes;
  std::vector<BasicBlock> Blocks;
  std::unordered_map<Digest, MastNodeId, DigestHash> ByDigest, ExternalByDigest;
  std::vector<MastNodeId> Roots;
  llvm::DenseSet<MastNodeId> RootSet;
  std::optional<MastNodeId> Entry;
  std::vector<Export> Exports;
  std::vector<Digest> Kernel;
  std::map<Digest, std::vector<Felt>> AdviceMap;
  std::map<uint64_t, std::string> ErrorMessages;
  std::vector<std::string> SourceFiles;
  std::map<MastNodeId, std::string> ProcedureNames;
};

} // namespace zkvm

#endif // ZKVM_MAST_MASTFOREST_H
