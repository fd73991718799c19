//===- Suggest.cpp - "did you mean" suggestions ---------------------------===//

#include "zkvm/Support/Suggest.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace llvm;

namespace zkvm {

namespace {

/// The leading letters and the digits right after them: "u32" for
/// u32wrapping_add, "mem" for mem_loadw_be, "adv" for adv.push_mapval.
StringRef familyPrefix(StringRef S) {
  size_t I = 0;
  while (I < S.size() && isAlpha(S[I]))
    ++I;
  while (I < S.size() && isDigit(S[I]))
    ++I;
  return S.take_front(I);
}

/// The part after the last '_' (or '.'), or, for a word without one, what
/// follows its family prefix: "madd" for both u32widening_madd and u32madd.
StringRef lastComponent(StringRef S) {
  size_t Sep = S.find_last_of("_.");
  if (Sep != StringRef::npos)
    return S.drop_front(Sep + 1);
  return S.drop_front(familyPrefix(S).size());
}

size_t commonPrefixLength(StringRef A, StringRef B) {
  size_t N = 0;
  while (N < A.size() && N < B.size() && A[N] == B[N])
    ++N;
  return N;
}

struct Scored {
  StringRef Name;
  unsigned Distance;
  size_t Prefix;
  bool Sibling; ///< same family prefix and last component as the word
};

} // namespace

std::vector<StringRef> suggestNames(StringRef Name, ArrayRef<StringRef> Candidates,
                                    unsigned MaxResults) {
  std::vector<StringRef> Out;
  if (Name.empty() || MaxResults == 0)
    return Out;
  // Up to a third of the word may be wrong (one edit for short words).
  unsigned Limit = std::max<unsigned>(1, Name.size() / 3);
  // A near-certain typo: only the equally close names are offered.
  unsigned TypoLimit = std::min<unsigned>(2, std::max<unsigned>(1, Limit / 2));
  StringRef Family = familyPrefix(Name);
  StringRef Tail = lastComponent(Name);

  std::vector<Scored> Close, Siblings;
  for (StringRef C : Candidates) {
    if (C == Name)
      continue;
    // ComputeEditDistance returns Limit + 1 for anything farther than Limit.
    unsigned D = Name.edit_distance(C, /*AllowReplacements=*/true, Limit);
    bool Sibling = !Family.empty() && Tail.size() >= 3 && familyPrefix(C) == Family &&
                   lastComponent(C) == Tail;
    if (D <= Limit) {
      Close.push_back({C, D, commonPrefixLength(Name, C), Sibling});
    } else if (Sibling) {
      // Not within the distance, but the same family and operation: for
      // u32widening_madd, u32overflowing_madd is as plausible as any.
      Siblings.push_back(
          {C, unsigned(Name.edit_distance(C, true)), commonPrefixLength(Name, C), true});
    }
  }
  auto Better = [](const Scored &A, const Scored &B) {
    if (A.Distance != B.Distance)
      return A.Distance < B.Distance;
    if (A.Prefix != B.Prefix)
      return A.Prefix > B.Prefix;
    return A.Name < B.Name;
  };
  std::sort(Close.begin(), Close.end(), Better);
  std::sort(Siblings.begin(), Siblings.end(), Better);

  if (!Close.empty() && Close.front().Distance <= TypoLimit) {
    for (const Scored &S : Close)
      if (S.Distance == Close.front().Distance && Out.size() < MaxResults)
        Out.push_back(S.Name);
    return Out;
  }
  // Otherwise prefer the siblings, then close names of the same family
  // (u32..., mem_...): a distant name that shares nothing with the word is
  // noise.
  std::vector<Scored> Picked = Siblings;
  for (const Scored &S : Close)
    if (!Family.empty() && familyPrefix(S.Name) == Family)
      Picked.push_back(S);
  if (Picked.empty())
    for (const Scored &S : Close)
      if (S.Prefix > 0)
        Picked.push_back(S);
  std::stable_sort(Picked.begin(), Picked.end(), [&](const Scored &A, const Scored &B) {
    if (A.Sibling != B.Sibling)
      return A.Sibling;
    return Better(A, B);
  });
  // A second name only when it is as good a guess as the first.
  for (const Scored &S : Picked) {
    if (Out.size() >= MaxResults)
      break;
    if (Out.empty() || S.Sibling || S.Distance == Picked.front().Distance)
      Out.push_back(S.Name);
  }
  return Out;
}

std::string formatDidYouMean(ArrayRef<StringRef> Suggestions) {
  if (Suggestions.empty())
    return "";
  std::string S = "; did you mean ";
  for (size_t I = 0; I < Suggestions.size(); ++I) {
    if (I)
      S += I + 1 == Suggestions.size() ? " or " : ", ";
    S += "'" + Suggestions[I].str() + "'";
  }
  return S + "?";
}

} // namespace zkvm
