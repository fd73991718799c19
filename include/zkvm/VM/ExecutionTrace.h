//===- zkvm/VM/ExecutionTrace.h - What the prover needs from a run -*- C++ -*-=//
//
// executeForTrace() records, per clock cycle, the operation executed and the
// system and stack state before it, and the requests the run makes to the
// chiplets (hasher, bitwise, memory, kernel ROM) and to the range checker.
// The AIR's trace builder turns this into columns; keeping the record separate
// from the columns lets the fast interpreter and the trace share one
// semantics.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_EXECUTIONTRACE_H
#define ZKVM_VM_EXECUTIONTRACE_H

#include "zkvm/Crypto/Digest.h"
#include "zkvm/IR/Operation.h"
#include "zkvm/Mast/MastForest.h"
#include "zkvm/VM/Memory.h"

#include <array>
#include <cstdint>
#include <vector>

namespace zkvm {

/// One clock cycle: the decoder's operation and the state before it.
struct CycleRecord {
  /// A basic-block opcode (IsControl = false) or a ControlOpCode.
  uint8_t Opcode = 0;
  bool IsControl = false;
  ContextId Ctx = 0;
  uint32_t Depth = 16;
  /// PUSH immediate or error code.
  Felt Imm;
  /// s0..s15 before the operation.
  std::array<Felt, 16> Stack{};
  /// Where the decoder is: the node executing (the block for SPAN, RESPAN,
  /// END and its operations; the control node otherwise), and for blocks the
  /// batch and the operation's index in it.
  const MastForest *Forest = nullptr;
  MastNodeId Node = 0;
  uint32_t Batch = 0;
  uint32_t OpIndex = 0;
};

struct HasherRecord {
  enum KindT : uint8_t { Permute, MerkleVerify, MerkleUpdate } Kind = Permute;
  uint64_t Clk = 0;
  /// Permute: the 12-element state before and after.
  std::array<Felt, 12> In{}, Out{};
  /// Merkle operations: leaf (old leaf for updates), new leaf, index, roots,
  /// and the authentication path from the leaf up.
  Word Leaf{}, NewLeaf{};
  uint64_t Index = 0;
  Word Root{}, NewRoot{};
  std::vector<Word> Path;
};

struct BitwiseRecord {
  bool IsXor = false;
  uint32_t A = 0, B = 0;
};

struct MemoryRecord {
  ContextId Ctx = 0;
  uint32_t Addr = 0;
  uint64_t Clk = 0;
  bool IsWrite = false;
  bool IsWord = false;
  /// Element accesses use Values[0].
  Word Values{};
};

/// One EVALCIRCUIT: the ACE chiplet re-reads the circuit from memory.
struct CircuitRecord {
  ContextId Ctx = 0;
  uint64_t Clk = 0;
  Felt Ptr;
  uint32_t NumVars = 0, NumEval = 0;
};

class ExecutionTrace {
public:
  std::vector<CycleRecord> Cycles;
  std::vector<HasherRecord> Hasher;
  std::vector<BitwiseRecord> Bitwise;
  std::vector<MemoryRecord> MemoryAccesses;
  /// 16-bit values the range checker must accept (u32 operation limbs).
  std::vector<uint16_t> RangeChecks;
  /// Kernel procedures entered by SYSCALL, one entry per call.
  std::vector<Digest> KernelCalls;
  /// Digests of the MAST nodes entered, in order (the decoder hashes each),
  /// and the clock cycle of each entry (its SPAN/JOIN/... row): with
  /// HasherRecord::Clk this gives the order of all hasher requests.
  std::vector<Digest> BlockHashes;
  std::vector<uint64_t> BlockHashClks;
  std::vector<CircuitRecord> Circuits;

  void clear() { *this = ExecutionTrace(); }
};

} // namespace zkvm

#endif // ZKVM_VM_EXECUTIONTRACE_H
