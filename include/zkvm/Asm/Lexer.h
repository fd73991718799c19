//===- zkvm/Asm/Lexer.h - Tokens of Miden assembly -------------*- C++ -*-===//
//
// MASM is whitespace-separated words joined by dots (`push.1.2`, `exec.m::f`),
// so the lexer yields small tokens (identifiers, numbers, punctuation) and the
// parser reassembles instructions. Identifiers include keywords and mnemonics:
// which words are keywords depends on the position (a procedure may be named
// `add`), so the parser decides.
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_ASM_LEXER_H
#define ZKVM_ASM_LEXER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <string>

namespace zkvm {

class DiagnosticEngine;

enum class TokenKind : uint8_t {
  Eof,
  Error,      ///< Already diagnosed by the lexer.
  Ident,      ///< foo, u32wrapping_add, $kernel
  ConstIdent, ///< FOO_1: upper-case letters, digits and '_', starting with a letter
  Int,        ///< decimal integer (fits in 64 bits)
  Hex,        ///< 0x... (Text keeps the digits; up to 16 digits is an integer, 64 a word)
  Bin,        ///< 0b...
  String,     ///< "..." (Text is the contents)
  DocComment, ///< #! ... (Text is the comment without the marker)
  Dot,
  DotDot,
  Colon,
  ColonColon,
  Comma,
  Equal,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Plus,
  Minus,
  Star,
  Slash,
  SlashSlash,
  At,
  Arrow, ///< ->
  Less,
  Greater,
  Semicolon,
};

llvm::StringRef getTokenKindName(TokenKind K);

struct Token {
  TokenKind Kind = TokenKind::Eof;
  /// The token's characters in the source buffer (for String/DocComment: the
  /// whole token including quotes/marker).
  llvm::StringRef Spelling;
  /// Identifier text, string contents, or the digits of a number.
  std::string Text;
  /// Value of Int/Hex/Bin tokens that fit in 64 bits.
  uint64_t IntValue = 0;
  /// A doc comment that starts on the first line of the file documents the module.
  bool IsModuleDoc = false;
  /// Whitespace or a comment separated this token from the previous one.
  bool SpaceBefore = false;

  bool is(TokenKind K) const { return Kind == K; }
  bool isIdent(llvm::StringRef S) const { return Kind == TokenKind::Ident && Text == S; }
  llvm::SMLoc getLoc() const { return llvm::SMLoc::getFromPointer(Spelling.begin()); }
  llvm::SMLoc getEndLoc() const { return llvm::SMLoc::getFromPointer(Spelling.end()); }
  llvm::SMRange getRange() const { return {getLoc(), getEndLoc()}; }
};

class Lexer {
public:
  Lexer(llvm::StringRef Buffer, DiagnosticEngine &Diags);

  /// Returns the next token; Eof forever at the end.
  Token next();

private:
  Token make(TokenKind K, const char *Begin);
  Token lexNumber(const char *Begin);
  Token lexString(const char *Begin);
  Token lexIdent(const char *Begin);
  void skipSpaceAndComments(bool &SawSpace);

  llvm::StringRef Buffer;
  const char *Cur;
  DiagnosticEngine &Diags;
};

} // namespace zkvm

#endif // ZKVM_ASM_LEXER_H
