//===- zkvm/Mast/Lowering.h - IR to MAST -----------------------*- C++ -*-===//
//
// Builds the MAST forest of an IR unit exactly the way Miden v0.20.6's
// assembler shapes it, so that program hashes and procedure roots match.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_MAST_LOWERING_H
#define ZKVM_MAST_LOWERING_H

#include "zkvm/IR/IR.h"
#include "zkvm/Mast/MastForest.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"

namespace zkvm {

/// A program (the unit has an entry point) or a library (its exported
/// procedures become named exports). With SM, basic blocks carry the source
/// location of each operation (they do not enter digests), so the VM can
/// point at the instruction that failed.
llvm::Expected<MastForest> lowerToMast(const ir::Unit &U, const llvm::SourceMgr *SM = nullptr);

} // namespace zkvm

#endif // ZKVM_MAST_LOWERING_H
