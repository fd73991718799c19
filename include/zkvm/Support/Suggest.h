//===- zkvm/Support/Suggest.h - "did you mean" suggestions -----*- C++ -*-===//
//
// Picks the names a misspelled word most likely meant, for notes such as
// "did you mean 'u32wrapping_add'?". A suggestion must be close: its edit
// distance is bounded relative to the word's length, or it is a sibling that
// shares the word's family prefix and last '_' component (u32widening_madd ->
// u32wrapping_madd, u32overflowing_madd). Unrelated short names are never
// offered just because every candidate is far away.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_SUPPORT_SUGGEST_H
#define ZKVM_SUPPORT_SUGGEST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace zkvm {

/// Up to MaxResults candidates Name is probably a misspelling of, best first;
/// empty when none is close enough.
std::vector<llvm::StringRef> suggestNames(llvm::StringRef Name,
                                          llvm::ArrayRef<llvm::StringRef> Candidates,
                                          unsigned MaxResults = 2);

/// "; did you mean 'a'?" or "; did you mean 'a' or 'b'?", or "" for none:
/// ready to append to a diagnostic.
std::string formatDidYouMean(llvm::ArrayRef<llvm::StringRef> Suggestions);

} // namespace zkvm

#endif // ZKVM_SUPPORT_SUGGEST_H
