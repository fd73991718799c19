//===- SuggestTest.cpp - "did you mean" suggestions -----------------------===//

#include "zkvm/Support/Suggest.h"

#include "gtest/gtest.h"

using namespace zkvm;
using llvm::StringRef;

namespace {

const std::vector<StringRef> Mnemonics = {"assert",
                                          "add",
                                          "and",
                                          "u32wrapping_add",
                                          "u32overflowing_add",
                                          "u32wrapping_madd",
                                          "u32overflowing_madd",
                                          "u32max",
                                          "u32mod",
                                          "mem_loadw_be",
                                          "mem_load"};

std::vector<std::string> suggest(StringRef Name) {
  std::vector<std::string> Out;
  for (StringRef S : suggestNames(Name, Mnemonics))
    Out.push_back(S.str());
  return Out;
}

TEST(SuggestTest, TypoGetsTheClosestName) {
  EXPECT_EQ(suggest("u32wraping_add"), std::vector<std::string>{"u32wrapping_add"});
  EXPECT_EQ(suggest("asert"), std::vector<std::string>{"assert"});
  EXPECT_EQ(suggest("mem_loadw_bee"), std::vector<std::string>{"mem_loadw_be"});
}

TEST(SuggestTest, SiblingsAreOfferedBeforeDistantNames) {
  std::vector<std::string> Want = {"u32wrapping_madd", "u32overflowing_madd"};
  EXPECT_EQ(suggest("u32widening_madd"), Want);
  EXPECT_EQ(suggest("u32madd"), Want);
}

TEST(SuggestTest, FarNamesAreNotSuggested) {
  EXPECT_TRUE(suggest("frobnicate").empty());
  EXPECT_TRUE(suggest("xyzzy_plugh").empty());
  EXPECT_TRUE(suggest("").empty());
}

TEST(SuggestTest, Formatting) {
  EXPECT_EQ(formatDidYouMean({}), "");
  EXPECT_EQ(formatDidYouMean({"a"}), "; did you mean 'a'?");
  EXPECT_EQ(formatDidYouMean({"a", "b"}), "; did you mean 'a' or 'b'?");
  EXPECT_EQ(formatDidYouMean({"a", "b", "c"}), "; did you mean 'a', 'b' or 'c'?");
}

} // namespace
