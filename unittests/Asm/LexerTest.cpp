//===- LexerTest.cpp - Tokens of Miden assembly ---------------------------===//

#include "zkvm/Asm/Lexer.h"
#include "zkvm/Support/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace llvm;
using namespace zkvm;

namespace {

/// Lexes a whole buffer; keeps the diagnostics text for inspection.
struct Lexed {
  SourceMgr SM;
  std::string DiagText;
  raw_string_ostream DiagOS{DiagText};
  DiagnosticEngine Diags{SM, DiagOS};
  std::vector<Token> Toks;

  explicit Lexed(StringRef Text) {
    Diags.setColorMode(ColorMode::Never);
    unsigned ID = SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Text, "t.masm"), SMLoc());
    Lexer L(SM.getMemoryBuffer(ID)->getBuffer(), Diags);
    while (true) {
      Toks.push_back(L.next());
      if (Toks.back().is(TokenKind::Eof))
        break;
    }
  }
  std::vector<TokenKind> kinds() const {
    std::vector<TokenKind> K;
    for (const Token &T : Toks)
      K.push_back(T.Kind);
    return K;
  }
  std::pair<unsigned, unsigned> lineCol(size_t I) const {
    return SM.getLineAndColumn(Toks[I].getLoc());
  }
  std::string diags() {
    DiagOS.flush();
    return DiagText;
  }
};

using K = TokenKind;

TEST(LexerTest, InstructionWordsSplitAtDots) {
  Lexed L("push.1 exec.foo::bar u32wrapping_add");
  EXPECT_EQ(L.kinds(), (std::vector<TokenKind>{K::Ident, K::Dot, K::Int, K::Ident, K::Dot, K::Ident,
                                               K::ColonColon, K::Ident, K::Ident, K::Eof}));
  EXPECT_EQ(L.Toks[0].Text, "push");
  EXPECT_EQ(L.Toks[2].IntValue, 1u);
  EXPECT_FALSE(L.Toks[1].SpaceBefore);
  EXPECT_TRUE(L.Toks[3].SpaceBefore);
  EXPECT_EQ(L.Toks[8].Text, "u32wrapping_add");
  EXPECT_EQ(L.diags(), "");
}

TEST(LexerTest, Locations) {
  Lexed L("begin\n  push.1\n\tadd # comment\nend");
  EXPECT_EQ(L.lineCol(0), std::make_pair(1u, 1u)); // begin
  EXPECT_EQ(L.lineCol(1), std::make_pair(2u, 3u)); // push
  EXPECT_EQ(L.lineCol(2), std::make_pair(2u, 7u)); // .
  EXPECT_EQ(L.lineCol(3), std::make_pair(2u, 8u)); // 1
  EXPECT_EQ(L.lineCol(4), std::make_pair(3u, 2u)); // add
  EXPECT_EQ(L.lineCol(5), std::make_pair(4u, 1u)); // end
  EXPECT_EQ(L.Toks[3].Spelling, "1");
  EXPECT_EQ(L.Toks[4].getEndLoc().getPointer() - L.Toks[4].getLoc().getPointer(), 3);
}

TEST(LexerTest, IdentifiersAndConstantNames) {
  Lexed L("FOO_1 Foo foo _X $kernel A");
  EXPECT_EQ(L.kinds(), (std::vector<TokenKind>{K::ConstIdent, K::Ident, K::Ident, K::Ident,
                                               K::Ident, K::ConstIdent, K::Eof}));
  EXPECT_EQ(L.Toks[4].Text, "$kernel");
}

TEST(LexerTest, Punctuation) {
  Lexed L(". .. : :: , = ( ) [ ] { } + - * / // @ -> < > ;");
  EXPECT_EQ(L.kinds(),
            (std::vector<TokenKind>{
                K::Dot,    K::DotDot, K::Colon,    K::ColonColon, K::Comma,      K::Equal,
                K::LParen, K::RParen, K::LBracket, K::RBracket,   K::LBrace,     K::RBrace,
                K::Plus,   K::Minus,  K::Star,     K::Slash,      K::SlashSlash, K::At,
                K::Arrow,  K::Less,   K::Greater,  K::Semicolon,  K::Eof}));
}

TEST(LexerTest, NumbersAtTheFieldBoundary) {
  // p - 1, p, 2^64 - 1: all lex as integers (the parser checks field ranges).
  Lexed L("18446744069414584320 18446744069414584321 18446744073709551615 0 007");
  ASSERT_EQ(L.Toks.size(), 6u);
  EXPECT_EQ(L.Toks[0].Kind, K::Int);
  EXPECT_EQ(L.Toks[0].IntValue, 18446744069414584320ull);
  EXPECT_EQ(L.Toks[1].IntValue, 18446744069414584321ull);
  EXPECT_EQ(L.Toks[2].IntValue, ~0ull);
  EXPECT_EQ(L.Toks[3].IntValue, 0u);
  EXPECT_EQ(L.Toks[4].IntValue, 7u);
  EXPECT_EQ(L.diags(), "");
}

TEST(LexerTest, IntegerTooLarge) {
  Lexed L("push.18446744073709551616");
  EXPECT_EQ(L.Toks[2].Kind, K::Error);
  EXPECT_NE(L.diags().find("t.masm:1:6: error: integer literal does not fit in 64 bits"),
            std::string::npos);
}

TEST(LexerTest, HexAndBinary) {
  Lexed L("0xFFFFFFFF00000001 0x1f 0b101 0B11");
  EXPECT_EQ(L.Toks[0].Kind, K::Hex);
  EXPECT_EQ(L.Toks[0].IntValue, 0xFFFFFFFF00000001ull);
  EXPECT_EQ(L.Toks[0].Text, "FFFFFFFF00000001");
  EXPECT_EQ(L.Toks[1].IntValue, 0x1fu);
  EXPECT_EQ(L.Toks[2].Kind, K::Bin);
  EXPECT_EQ(L.Toks[2].IntValue, 5u);
  EXPECT_EQ(L.Toks[3].IntValue, 3u);
}

TEST(LexerTest, HexWords) {
  std::string Word = "0x" + std::string(63, '0') + "1";
  Lexed L(Word + " 0x" + std::string(20, 'a'));
  EXPECT_EQ(L.Toks[0].Kind, K::Hex);
  EXPECT_EQ(L.Toks[0].Text.size(), 64u);
  EXPECT_EQ(L.Toks[0].Spelling, Word);
  // Too long for a value: the digits are kept; the parser decides.
  EXPECT_EQ(L.Toks[1].Kind, K::Hex);
  EXPECT_EQ(L.Toks[1].Text.size(), 20u);
  EXPECT_EQ(L.diags(), "");
}

TEST(LexerTest, BadLiterals) {
  Lexed L("12ab 0x 0xfg 0b 0b12 " + std::string("0b") + std::string(65, '1'));
  for (size_t I = 0; I < 6; ++I)
    EXPECT_EQ(L.Toks[I].Kind, K::Error) << I;
  std::string D = L.diags();
  EXPECT_NE(D.find("error: invalid integer literal"), std::string::npos);
  EXPECT_NE(D.find("error: expected hexadecimal digits after '0x'"), std::string::npos);
  EXPECT_NE(D.find("error: invalid hexadecimal literal"), std::string::npos);
  EXPECT_NE(D.find("error: expected binary digits after '0b'"), std::string::npos);
  EXPECT_NE(D.find("error: invalid binary literal"), std::string::npos);
  EXPECT_NE(D.find("error: binary literal does not fit in 64 bits"), std::string::npos);
}

TEST(LexerTest, StringsWithEscapes) {
  Lexed L(R"("plain" "a\"b\\c" "" "back\slash")");
  ASSERT_EQ(L.Toks.size(), 5u);
  EXPECT_EQ(L.Toks[0].Kind, K::String);
  EXPECT_EQ(L.Toks[0].Text, "plain");
  EXPECT_EQ(L.Toks[0].Spelling, "\"plain\"");
  EXPECT_EQ(L.Toks[1].Text, "a\"b\\c");
  EXPECT_EQ(L.Toks[2].Text, "");
  // Only \" and \\ are escapes; another backslash is kept.
  EXPECT_EQ(L.Toks[3].Text, "back\\slash");
  EXPECT_EQ(L.diags(), "");
}

TEST(LexerTest, UnterminatedString) {
  Lexed L("\"abc\nnext");
  EXPECT_EQ(L.Toks[0].Kind, K::Error);
  EXPECT_EQ(L.Toks[1].Kind, K::Ident); // lexing goes on at the next line
  EXPECT_NE(L.diags().find("t.masm:1:1: error: unterminated string literal"), std::string::npos);
}

TEST(LexerTest, CommentsAndDocComments) {
  Lexed L("#! Module doc\n#! more\n# plain comment\nproc # trailing\n#!  Proc doc  \nend");
  EXPECT_EQ(L.kinds(), (std::vector<TokenKind>{K::DocComment, K::DocComment, K::Ident,
                                               K::DocComment, K::Ident, K::Eof}));
  EXPECT_EQ(L.Toks[0].Text, "Module doc");
  EXPECT_TRUE(L.Toks[0].IsModuleDoc);
  EXPECT_FALSE(L.Toks[1].IsModuleDoc);
  EXPECT_EQ(L.Toks[3].Text, "Proc doc");
  EXPECT_TRUE(L.Toks[2].SpaceBefore);
  EXPECT_EQ(L.lineCol(4), std::make_pair(6u, 1u));
}

TEST(LexerTest, UnexpectedCharacters) {
  Lexed L("push.1 ~ \xc3\xa9 add");
  EXPECT_EQ(L.Toks[3].Kind, K::Error);
  EXPECT_EQ(L.Toks[4].Kind, K::Error);
  EXPECT_EQ(L.Toks[4].Spelling, "\xc3\xa9"); // the whole UTF-8 character
  EXPECT_EQ(L.Toks[5].Text, "add");
  std::string D = L.diags();
  EXPECT_NE(D.find("t.masm:1:8: error: unexpected character '~'"), std::string::npos);
  EXPECT_NE(D.find("t.masm:1:10: error: unexpected character"), std::string::npos);
}

TEST(LexerTest, EofForever) {
  Lexed L("");
  ASSERT_EQ(L.Toks.size(), 1u);
  EXPECT_EQ(L.Toks[0].Kind, K::Eof);
  SourceMgr SM;
  DiagnosticEngine Diags(SM, nulls());
  Lexer Lex("x", Diags);
  EXPECT_TRUE(Lex.next().is(K::Ident));
  EXPECT_TRUE(Lex.next().is(K::Eof));
  EXPECT_TRUE(Lex.next().is(K::Eof));
}

TEST(LexerTest, TokenKindNames) {
  EXPECT_EQ(getTokenKindName(K::Arrow), "'->'");
  EXPECT_EQ(getTokenKindName(K::Eof), "end of file");
  EXPECT_EQ(getTokenKindName(K::Hex), "integer");
}

} // namespace
