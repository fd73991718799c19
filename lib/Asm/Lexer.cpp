//===- Lexer.cpp - Tokens of Miden assembly -------------------------------===//

#include "zkvm/Asm/Lexer.h"
#include "zkvm/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"

namespace zkvm {

llvm::StringRef getTokenKindName(TokenKind K) {
  switch (K) {
  case TokenKind::Eof:
    return "end of file";
  case TokenKind::Error:
    return "invalid token";
  case TokenKind::Ident:
    return "identifier";
  case TokenKind::ConstIdent:
    return "constant name";
  case TokenKind::Int:
  case TokenKind::Hex:
  case TokenKind::Bin:
    return "integer";
  case TokenKind::String:
    return "string";
  case TokenKind::DocComment:
    return "doc comment";
  case TokenKind::Dot:
    return "'.'";
  case TokenKind::DotDot:
    return "'..'";
  case TokenKind::Colon:
    return "':'";
  case TokenKind::ColonColon:
    return "'::'";
  case TokenKind::Comma:
    return "','";
  case TokenKind::Equal:
    return "'='";
  case TokenKind::LParen:
    return "'('";
  case TokenKind::RParen:
    return "')'";
  case TokenKind::LBracket:
    return "'['";
  case TokenKind::RBracket:
    return "']'";
  case TokenKind::LBrace:
    return "'{'";
  case TokenKind::RBrace:
    return "'}'";
  case TokenKind::Plus:
    return "'+'";
  case TokenKind::Minus:
    return "'-'";
  case TokenKind::Star:
    return "'*'";
  case TokenKind::Slash:
    return "'/'";
  case TokenKind::SlashSlash:
    return "'//'";
  case TokenKind::At:
    return "'@'";
  case TokenKind::Arrow:
    return "'->'";
  case TokenKind::Less:
    return "'<'";
  case TokenKind::Greater:
    return "'>'";
  case TokenKind::Semicolon:
    return "';'";
  }
  return "token";
}

Lexer::Lexer(llvm::StringRef Buffer, DiagnosticEngine &Diags)
    : Buffer(Buffer), Cur(Buffer.begin()), Diags(Diags) {}

Token Lexer::make(TokenKind K, const char *Begin) {
  Token T;
  T.Kind = K;
  T.Spelling = llvm::StringRef(Begin, Cur - Begin);
  return T;
}

void Lexer::skipSpaceAndComments(bool &SawSpace) {
  const char *End = Buffer.end();
  while (Cur != End) {
    char C = *Cur;
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r' || C == '\f' || C == '\v') {
      ++Cur;
      SawSpace = true;
    } else if (C == '#' && !(Cur + 1 != End && Cur[1] == '!')) {
      while (Cur != End && *Cur != '\n')
        ++Cur;
      SawSpace = true;
    } else {
      break;
    }
  }
}

static bool isIdentStart(char C) { return llvm::isAlpha(C) || C == '_' || C == '$'; }
static bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '_' || C == '$'; }

Token Lexer::next() {
  bool SawSpace = Cur == Buffer.begin();
  skipSpaceAndComments(SawSpace);
  const char *Begin = Cur;
  const char *End = Buffer.end();
  if (Cur == End) {
    Token T = make(TokenKind::Eof, Begin);
    T.SpaceBefore = true;
    return T;
  }
  auto Finish = [&](Token T) {
    T.SpaceBefore = SawSpace;
    return T;
  };
  char C = *Cur;
  if (C == '#') { // "#!" doc comment: the rest of the line
    bool OnFirstLine = llvm::StringRef(Buffer.begin(), Begin - Buffer.begin()).count('\n') == 0;
    Cur += 2;
    const char *TextBegin = Cur;
    while (Cur != End && *Cur != '\n')
      ++Cur;
    Token T = make(TokenKind::DocComment, Begin);
    T.Text = llvm::StringRef(TextBegin, Cur - TextBegin).trim().str();
    T.IsModuleDoc = OnFirstLine;
    return Finish(std::move(T));
  }
  if (llvm::isDigit(C))
    return Finish(lexNumber(Begin));
  if (C == '"')
    return Finish(lexString(Begin));
  if (isIdentStart(C))
    return Finish(lexIdent(Begin));
  ++Cur;
  auto Two = [&](char Next, TokenKind IfTwo, TokenKind IfOne) {
    if (Cur != End && *Cur == Next) {
      ++Cur;
      return make(IfTwo, Begin);
    }
    return make(IfOne, Begin);
  };
  switch (C) {
  case '.':
    return Finish(Two('.', TokenKind::DotDot, TokenKind::Dot));
  case ':':
    return Finish(Two(':', TokenKind::ColonColon, TokenKind::Colon));
  case '/':
    return Finish(Two('/', TokenKind::SlashSlash, TokenKind::Slash));
  case '-':
    return Finish(Two('>', TokenKind::Arrow, TokenKind::Minus));
  case ',':
    return Finish(make(TokenKind::Comma, Begin));
  case '=':
    return Finish(make(TokenKind::Equal, Begin));
  case '(':
    return Finish(make(TokenKind::LParen, Begin));
  case ')':
    return Finish(make(TokenKind::RParen, Begin));
  case '[':
    return Finish(make(TokenKind::LBracket, Begin));
  case ']':
    return Finish(make(TokenKind::RBracket, Begin));
  case '{':
    return Finish(make(TokenKind::LBrace, Begin));
  case '}':
    return Finish(make(TokenKind::RBrace, Begin));
  case '+':
    return Finish(make(TokenKind::Plus, Begin));
  case '*':
    return Finish(make(TokenKind::Star, Begin));
  case '@':
    return Finish(make(TokenKind::At, Begin));
  case '<':
    return Finish(make(TokenKind::Less, Begin));
  case '>':
    return Finish(make(TokenKind::Greater, Begin));
  case ';':
    return Finish(make(TokenKind::Semicolon, Begin));
  default:
    break;
  }
  // Skip the rest of a multi-byte UTF-8 character so the caret and the
  // message show the whole character.
  while (Cur != End && (static_cast<unsigned char>(*Cur) & 0xC0) == 0x80)
    ++Cur;
  llvm::StringRef Bad(Begin, Cur - Begin);
  if (llvm::isPrint(C))
    Diags.error(llvm::SMLoc::getFromPointer(Begin), "unexpected character '" + Bad + "'");
  else
    Diags.error(llvm::SMLoc::getFromPointer(Begin), "unexpected character");
  return Finish(make(TokenKind::Error, Begin));
}

Token Lexer::lexNumber(const char *Begin) {
  const char *End = Buffer.end();
  auto Fail = [&](const llvm::Twine &Msg) {
    while (Cur != End && isIdentChar(*Cur))
      ++Cur;
    Token T = make(TokenKind::Error, Begin);
    Diags.error(T.getLoc(), Msg, {T.getRange()});
    return T;
  };
  if (*Cur == '0' && Cur + 1 != End && (Cur[1] == 'x' || Cur[1] == 'X')) {
    Cur += 2;
    const char *Digits = Cur;
    while (Cur != End && llvm::isHexDigit(*Cur))
      ++Cur;
    if (Cur != End && isIdentChar(*Cur))
      return Fail("invalid hexadecimal literal");
    size_t N = Cur - Digits;
    if (N == 0)
      return Fail("expected hexadecimal digits after '0x'");
    Token T = make(TokenKind::Hex, Begin);
    T.Text = llvm::StringRef(Digits, N).str();
    if (N <= 16)
      llvm::StringRef(Digits, N).getAsInteger(16, T.IntValue);
    return T;
  }
  if (*Cur == '0' && Cur + 1 != End && (Cur[1] == 'b' || Cur[1] == 'B')) {
    Cur += 2;
    const char *Digits = Cur;
    while (Cur != End && (*Cur == '0' || *Cur == '1'))
      ++Cur;
    if (Cur != End && isIdentChar(*Cur))
      return Fail("invalid binary literal");
    size_t N = Cur - Digits;
    if (N == 0)
      return Fail("expected binary digits after '0b'");
    if (N > 64)
      return Fail("binary literal does not fit in 64 bits");
    Token T = make(TokenKind::Bin, Begin);
    T.Text = llvm::StringRef(Digits, N).str();
    llvm::StringRef(Digits, N).getAsInteger(2, T.IntValue);
    return T;
  }
  while (Cur != End && llvm::isDigit(*Cur))
    ++Cur;
  if (Cur != End && isIdentChar(*Cur))
    return Fail("invalid integer literal");
  Token T = make(TokenKind::Int, Begin);
  T.Text = T.Spelling.str();
  if (T.Spelling.getAsInteger(10, T.IntValue)) {
    Diags.error(T.getLoc(), "integer literal does not fit in 64 bits", {T.getRange()});
    T.Kind = TokenKind::Error;
  }
  return T;
}

Token Lexer::lexString(const char *Begin) {
  const char *End = Buffer.end();
  ++Cur; // opening quote
  std::string Text;
  while (Cur != End && *Cur != '"' && *Cur != '\n') {
    if (*Cur == '\\' && Cur + 1 != End && (Cur[1] == '"' || Cur[1] == '\\')) {
      Text += Cur[1];
      Cur += 2;
      continue;
    }
    Text += *Cur++;
  }
  if (Cur == End || *Cur != '"') {
    Token T = make(TokenKind::Error, Begin);
    Diags.error(T.getLoc(), "unterminated string literal", {T.getRange()});
    return T;
  }
  ++Cur;
  Token T = make(TokenKind::String, Begin);
  T.Text = std::move(Text);
  return T;
}

Token Lexer::lexIdent(const char *Begin) {
  const char *End = Buffer.end();
  while (Cur != End && isIdentChar(*Cur))
    ++Cur;
  llvm::StringRef S(Begin, Cur - Begin);
  auto IsUpper = [](char C) { return C >= 'A' && C <= 'Z'; };
  bool IsConst = IsUpper(S[0]);
  for (char C : S)
    if (!(IsUpper(C) || llvm::isDigit(C) || C == '_'))
      IsConst = false;
  Token T = make(IsConst ? TokenKind::ConstIdent : TokenKind::Ident, Begin);
  T.Text = S.str();
  return T;
}

} // namespace zkvm
