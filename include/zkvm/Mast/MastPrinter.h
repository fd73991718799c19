//===- zkvm/Mast/MastPrinter.h - MAST forests as text ----------*- C++ -*-===//
//
// A readable nested form of a forest (zkasm --emit=mast):
//
//   program {
//     entrypoint 0x0c9d...c7 {
//       join {
//         basic_block { push.2147483648 push.4294967294 mstore drop }
//         call.0x63c2...57
//       }
//     }
//   }
//
// Each procedure root is printed once as a tree; CALL and SYSCALL name their
// callee by digest rather than repeating its body.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_MAST_MASTPRINTER_H
#define ZKVM_MAST_MASTPRINTER_H

#include "zkvm/Mast/MastForest.h"

#include "llvm/Support/raw_ostream.h"

namespace zkvm {

struct MastPrintOptions {
  /// Append "# 0x..." to every node, not only to procedure headers.
  bool NodeDigests = false;
  /// Print basic blocks as the decoder sees them: batches, groups, padding
  /// NOOPs and immediate groups.
  bool Batches = false;
};

void printForest(llvm::raw_ostream &OS, const MastForest &F, const MastPrintOptions &Opts = {});

/// Prints the tree under one node, starting at the given indentation.
void printNode(llvm::raw_ostream &OS, const MastForest &F, MastNodeId Id, unsigned Indent = 0,
               const MastPrintOptions &Opts = {});

} // namespace zkvm

#endif // ZKVM_MAST_MASTPRINTER_H
