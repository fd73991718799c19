//===- zkvm/VM/AdviceInputs.h - Program inputs and the .inputs loader -----===//
//
// What a program starts with: the operand stack and the advice inputs (advice
// stack, advice map, Merkle store), and the loader for Miden v0.20's `.inputs`
// JSON files:
//
//   {
//     "operand_stack": ["1", "2"],          // required; at most 16; LAST = top
//     "advice_stack": ["3", "4"],           // optional; FIRST is popped first
//     "advice_map": { "0x<64 hex>": [5, 6] },   // optional; key in word encoding
//     "merkle_store": [                     // optional
//       { "merkle_tree": ["0x<64 hex>", ...] },
//       { "sparse_merkle_tree": [[index, "0x<64 hex>"], ...] },
//       { "partial_merkle_tree": [[[depth, index], "0x<64 hex>"], ...] }
//     ]
//   }
//
// Numbers may be JSON numbers or strings (decimal or 0x-hex); field elements
// must be below p = 2^64 - 2^32 + 1. Words are "0x" and 64 hex digits: four
// elements, each 8 bytes little-endian (Digest::toHex's format). Unlike
// Miden, unknown keys and duplicate advice map keys are errors.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_VM_ADVICEINPUTS_H
#define ZKVM_VM_ADVICEINPUTS_H

#include "zkvm/Crypto/Digest.h"
#include "zkvm/Field/Goldilocks.h"
#include "zkvm/VM/MerkleStore.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <vector>

namespace zkvm {

struct AdviceInputs {
  /// Stack[0] is popped first.
  std::vector<Felt> Stack;
  std::map<Digest, std::vector<Felt>> Map;
  MerkleStore Store;
};

struct ProgramInputs {
  /// The initial operand stack, StackInputs[0] on top (at most MaxStackInputs
  /// values; the VM pads to depth 16 with zeros).
  std::vector<Felt> StackInputs;
  AdviceInputs Advice;
};

/// The most values the initial operand stack may hold.
constexpr unsigned MaxStackInputs = 16;

/// Loads a `.inputs` file; errors name the file.
llvm::Expected<ProgramInputs> parseInputsFile(llvm::StringRef Path);
/// Parses `.inputs` JSON text; BufferName is the file name used in errors.
llvm::Expected<ProgramInputs> parseInputs(llvm::StringRef Json, llvm::StringRef BufferName);

/// Parses a comma-separated list of field elements ("1, 2,0x3"); an empty or
/// all-blank string is the empty list. Order is kept.
llvm::Expected<std::vector<Felt>> parseFeltList(llvm::StringRef Text);
/// Parses a word in the `.inputs` encoding: "0x" then 64 hex digits.
llvm::Expected<Digest> parseWord(llvm::StringRef Text);

} // namespace zkvm

#endif // ZKVM_VM_ADVICEINPUTS_H
