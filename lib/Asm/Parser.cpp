//===- Parser.cpp - Miden assembly parser ---------------------------------===//

#include "zkvm/Asm/Parser.h"
#include "zkvm/Asm/Lexer.h"
#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Suggest.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace zkvm {

std::string canonicalizeLibraryPath(StringRef Path) {
  if (Path == "std")
    return "miden::core";
  if (Path.startswith("std::"))
    return ("miden::core::" + Path.drop_front(5)).str();
  return Path.str();
}

namespace {

using namespace ast;

/// Words that start a top-level declaration; a block that runs into one is
/// missing its `end`.
bool isTopLevelKeyword(StringRef S) {
  return S == "proc" || S == "pub" || S == "export" || S == "use" || S == "const" || S == "begin" ||
         S == "adv_map" || S == "type" || S == "enum";
}

class Parser {
public:
  Parser(DiagnosticEngine &Diags, StringRef Buffer) : Diags(Diags), Lex(Buffer, Diags) {
    Tok = Lex.next();
  }

  std::unique_ptr<Module> parseModule(StringRef ModulePath);

private:
  // --- Token handling ---------------------------------------------------------
  void consume() {
    Prev = std::move(Tok);
    Tok = Lex.next();
  }
  bool consumeIf(TokenKind K) {
    if (!Tok.is(K))
      return false;
    consume();
    return true;
  }
  bool expect(TokenKind K, const Twine &What) {
    if (consumeIf(K))
      return true;
    errorExpected(What);
    return false;
  }
  void errorExpected(const Twine &What) {
    if (Tok.is(TokenKind::Error))
      return; // the lexer already reported it
    std::string Found = Tok.is(TokenKind::Eof) ? "end of file" : ("'" + Tok.Spelling + "'").str();
    Diags.error(Tok.getLoc(), "expected " + What + ", found " + Found, {Tok.getRange()});
  }
  SMRange rangeFrom(SMLoc Begin) const { return {Begin, Prev.getEndLoc()}; }
  void warnLegacy(SMRange R, const Twine &Old, const Twine &New) {
    Diags.warning(R.Start, "'" + Old + "' is the old dot syntax; write '" + New + "' instead", {R});
  }

  // --- Declarations -------------------------------------------------------------
  void parseTopLevel(Module &M);
  void skipToTopLevel();
  bool parseProcedure(Module &M, SMLoc Begin, bool Public, std::vector<Attribute> Attrs);
  bool parseLegacyProc(Module &M, SMLoc Begin, bool Public, std::vector<Attribute> Attrs);
  bool parseImport(Module &M, SMLoc Begin, bool Public, bool Legacy);
  bool parseConst(Module &M, SMLoc Begin, bool Public, bool Legacy);
  bool parseAdvMap(Module &M, SMLoc Begin);
  bool parseTypeDecl(Module &M, SMLoc Begin, bool Public, bool IsEnum);
  bool parseAttribute(std::vector<Attribute> &Attrs);
  bool parsePath(std::string &Path, bool &Absolute, SMRange &Range);
  bool parseName(std::string &Name, SMRange &Range);
  bool skipBalanced(TokenKind Open, TokenKind Close);
  bool skipType();
  bool parseWordLiteral(Word &W);
  bool parseHexWord(const Token &T, Word &W);
  bool parseFeltLiteral(Felt &F);
  bool parseConstExpr(ConstExpr &E);
  bool parseConstBinary(ConstExpr &E, unsigned Level);
  bool parseConstFactor(ConstExpr &E);
  bool countConstExprNode(SMLoc Loc);
  static constexpr unsigned MaxConstExprNodes = 1000;
  unsigned ConstExprNodes = 0, ConstExprNesting = 0;

  // --- Code -----------------------------------------------------------------------
  /// Parses ops until `end` (or `else` when AllowElse); does not consume it.
  bool parseBlock(Block &B, bool AllowElse, SMLoc Opener, StringRef OpenerName);
  /// Nesting of blocks being parsed, and its limit.
  static constexpr unsigned MaxBlockDepth = 1000;
  unsigned BlockDepth = 0;
  bool parseOp(Block &B);
  bool parseInstruction(Op &O);
  bool parseImmediate(Immediate &I, bool AllowWord);
  bool parseTarget(InvocationTarget &T);
  bool parsePush(Instruction &I);
  void skipInstructionRest();
  void reportUnknownMnemonic(const Token &T, StringRef Mnemonic);

  DiagnosticEngine &Diags;
  Lexer Lex;
  Token Tok, Prev;
  std::string PendingDocs;
  SMLoc PendingDocsLoc;
  unsigned ErrorsAtStart = 0;
};

std::unique_ptr<Module> Parser::parseModule(StringRef ModulePath) {
  ErrorsAtStart = Diags.getNumErrors();
  auto M = std::make_unique<Module>();
  M->Path = ModulePath.str();
  while (!Tok.is(TokenKind::Eof) && !Diags.reachedErrorLimit())
    parseTopLevel(*M);
  if (!PendingDocs.empty())
    Diags.warning(PendingDocsLoc, "doc comment is not attached to a declaration");
  if (Diags.getNumErrors() != ErrorsAtStart)
    return nullptr;
  return M;
}

void Parser::skipToTopLevel() {
  // Move on to the next word that can start a declaration.
  while (!Tok.is(TokenKind::Eof)) {
    if (Tok.is(TokenKind::At) || Tok.is(TokenKind::DocComment))
      return;
    if (Tok.is(TokenKind::Ident) && isTopLevelKeyword(Tok.Text))
      return;
    consume();
  }
}

void Parser::parseTopLevel(Module &M) {
  if (Tok.is(TokenKind::DocComment)) {
    if (Tok.IsModuleDoc && M.Docs.empty() && M.Imports.empty() && M.Procs.empty()) {
      // Consecutive #! lines at the top form the module documentation.
      std::string Docs = Tok.Text;
      consume();
      while (Tok.is(TokenKind::DocComment)) {
        Docs += "\n" + Tok.Text;
        consume();
      }
      M.Docs = Docs;
      return;
    }
    if (PendingDocs.empty())
      PendingDocsLoc = Tok.getLoc();
    else
      PendingDocs += "\n";
    PendingDocs += Tok.Text;
    consume();
    return;
  }
  SMLoc Begin = Tok.getLoc();
  std::vector<Attribute> Attrs;
  while (Tok.is(TokenKind::At)) {
    if (!parseAttribute(Attrs)) {
      skipToTopLevel();
      return;
    }
  }
  if (!Tok.is(TokenKind::Ident)) {
    errorExpected("a declaration ('proc', 'pub proc', 'use', 'const', 'adv_map' or 'begin')");
    consume();
    skipToTopLevel();
    return;
  }
  bool Public = false;
  if (Tok.isIdent("pub")) {
    Public = true;
    consume();
    if (!Tok.is(TokenKind::Ident)) {
      errorExpected("'proc', 'use', 'const' or 'type' after 'pub'");
      skipToTopLevel();
      return;
    }
  }
  bool OK = true;
  // A copy: consume() below replaces Tok and its text.
  std::string Kw = Tok.Text;
  if (Kw == "proc") {
    consume();
    OK = Tok.is(TokenKind::Dot) ? parseLegacyProc(M, Begin, Public, std::move(Attrs))
                                : parseProcedure(M, Begin, Public, std::move(Attrs));
  } else if (Kw == "export" && !Public) {
    consume();
    if (!Tok.is(TokenKind::Dot)) {
      errorExpected("'.' after 'export'");
      OK = false;
    } else {
      OK = parseLegacyProc(M, Begin, /*Public=*/true, std::move(Attrs));
    }
  } else if (Kw == "use") {
    consume();
    OK = parseImport(M, Begin, Public, Tok.is(TokenKind::Dot));
  } else if (Kw == "const") {
    consume();
    OK = parseConst(M, Begin, Public, Tok.is(TokenKind::Dot));
  } else if (Kw == "adv_map" && !Public) {
    consume();
    OK = parseAdvMap(M, Begin);
  } else if (Kw == "type" || Kw == "enum") {
    consume();
    OK = parseTypeDecl(M, Begin, Public, Kw == "enum");
  } else if (Kw == "begin" && !Public) {
    consume();
    SMLoc BeginLoc = Prev.getLoc();
    if (M.Begin) {
      Diags.error(BeginLoc, "a module can have only one 'begin' block");
      Diags.note(M.BeginRange.Start, "previous 'begin' is here");
    }
    Block B;
    OK = parseBlock(B, /*AllowElse=*/false, BeginLoc, "begin");
    if (OK && Tok.isIdent("end")) {
      consume();
      if (!M.Begin) {
        M.Begin = std::move(B);
        M.BeginRange = rangeFrom(Begin);
      }
    } else {
      OK = false;
    }
  } else {
    Diags.error(Tok.getLoc(),
                "expected a declaration ('proc', 'pub proc', 'use', 'const', 'adv_map' or "
                "'begin'), found '" +
                    Tok.Spelling + "'",
                {Tok.getRange()});
    consume();
    OK = false;
  }
  if (!OK)
    skipToTopLevel();
}

bool Parser::parseAttribute(std::vector<Attribute> &Attrs) {
  SMLoc Begin = Tok.getLoc();
  consume(); // '@'
  if (!Tok.is(TokenKind::Ident)) {
    errorExpected("an attribute name after '@'");
    return false;
  }
  Attribute A;
  A.Name = Tok.Text;
  consume();
  const char *TextBegin = Tok.Spelling.begin();
  if (Tok.is(TokenKind::LParen) && !Tok.SpaceBefore) {
    if (!skipBalanced(TokenKind::LParen, TokenKind::RParen))
      return false;
    A.Text = StringRef(TextBegin, Prev.Spelling.end() - TextBegin).str();
  }
  A.Range = rangeFrom(Begin);
  Attrs.push_back(std::move(A));
  return true;
}

bool Parser::skipBalanced(TokenKind Open, TokenKind Close) {
  SMLoc OpenLoc = Tok.getLoc();
  if (!expect(Open, getTokenKindName(Open)))
    return false;
  unsigned Depth = 1;
  while (Depth) {
    if (Tok.is(TokenKind::Eof)) {
      Diags.error(Tok.getLoc(), "expected " + getTokenKindName(Close));
      Diags.note(OpenLoc, "to match this " + getTokenKindName(Open));
      return false;
    }
    if (Tok.is(Open))
      ++Depth;
    else if (Tok.is(Close))
      --Depth;
    consume();
  }
  return true;
}

/// Skips one type expression: a name (with `<...>` arguments), `[T; N]`,
/// `struct {...}` or `(...)`.
bool Parser::skipType() {
  if (Tok.is(TokenKind::LBracket))
    return skipBalanced(TokenKind::LBracket, TokenKind::RBracket);
  if (Tok.is(TokenKind::LParen))
    return skipBalanced(TokenKind::LParen, TokenKind::RParen);
  if (Tok.isIdent("struct")) {
    consume();
    return skipBalanced(TokenKind::LBrace, TokenKind::RBrace);
  }
  if (!Tok.is(TokenKind::Ident) && !Tok.is(TokenKind::ConstIdent)) {
    errorExpected("a type");
    return false;
  }
  consume();
  while (consumeIf(TokenKind::ColonColon)) {
    if (!Tok.is(TokenKind::Ident) && !Tok.is(TokenKind::ConstIdent)) {
      errorExpected("a type name");
      return false;
    }
    consume();
  }
  if (Tok.is(TokenKind::Less))
    return skipBalanced(TokenKind::Less, TokenKind::Greater);
  return true;
}

bool Parser::parseName(std::string &Name, SMRange &Range) {
  if (Tok.is(TokenKind::Ident) || Tok.is(TokenKind::ConstIdent) || Tok.is(TokenKind::String)) {
    Name = Tok.Text;
    Range = Tok.getRange();
    if (Tok.is(TokenKind::String) && Name.empty()) {
      Diags.error(Tok.getLoc(), "a name cannot be empty", {Tok.getRange()});
      return false;
    }
    consume();
    return true;
  }
  errorExpected("a name");
  return false;
}

bool Parser::parseProcedure(Module &M, SMLoc Begin, bool Public, std::vector<Attribute> Attrs) {
  Procedure P;
  P.Public = Public;
  P.Docs = std::move(PendingDocs);
  PendingDocs.clear();
  if (!parseName(P.Name, P.NameRange))
    return false;
  // An optional signature: metadata only, kept as written.
  const char *SigBegin = Tok.Spelling.begin();
  if (Tok.is(TokenKind::LParen)) {
    if (!skipBalanced(TokenKind::LParen, TokenKind::RParen))
      return false;
    if (consumeIf(TokenKind::Arrow) && !skipType())
      return false;
    P.Signature = StringRef(SigBegin, Prev.Spelling.end() - SigBegin).str();
  }
  for (Attribute &A : Attrs) {
    if (A.Name != "locals") {
      P.Attributes.push_back(std::move(A));
      continue;
    }
    StringRef Arg = StringRef(A.Text).trim();
    uint64_t N = 0;
    if (!Arg.consume_front("(") || !Arg.consume_back(")") || Arg.trim().getAsInteger(0, N)) {
      Diags.error(A.Range.Start, "'@locals' expects one integer, as in '@locals(4)'", {A.Range});
      return false;
    }
    if (N > 0xFFFF) {
      Diags.error(A.Range.Start,
                  "procedure declares " + Twine(N) + " locals; at most 65535 are allowed",
                  {A.Range});
      return false;
    }
    if (P.HasLocalsAttr) {
      Diags.error(A.Range.Start, "'@locals' is given twice", {A.Range});
      return false;
    }
    P.NumLocals = uint32_t(N);
    P.HasLocalsAttr = true;
  }
  if (!parseBlock(P.Body, /*AllowElse=*/false, P.NameRange.Start, "procedure"))
    return false;
  consume(); // end
  P.Range = rangeFrom(Begin);
  M.Procs.push_back(std::move(P));
  return true;
}

/// proc.foo / proc.foo.N / export.foo / export.foo.N, and the legacy
/// re-exports export.a::b / export.a::b->c.
bool Parser::parseLegacyProc(Module &M, SMLoc Begin, bool Public, std::vector<Attribute> Attrs) {
  // A copy: consume() replaces Prev, and with it the keyword's text.
  std::string Keyword = Prev.Text;
  consume(); // '.'
  Procedure P;
  P.Public = Public;
  P.Docs = std::move(PendingDocs);
  PendingDocs.clear();
  P.Attributes = std::move(Attrs);
  if (!parseName(P.Name, P.NameRange))
    return false;
  if (Keyword == "export" && Tok.is(TokenKind::ColonColon)) {
    // A re-export of an imported procedure.
    std::string Path = P.Name;
    while (consumeIf(TokenKind::ColonColon)) {
      std::string Part;
      SMRange R;
      if (!parseName(Part, R))
        return false;
      Path += "::" + Part;
    }
    Import I;
    I.Path = Path;
    I.Alias = StringRef(Path).rsplit("::").second.str();
    I.Public = true;
    if (consumeIf(TokenKind::Arrow)) {
      SMRange R;
      if (!parseName(I.Alias, R))
        return false;
    }
    I.Range = I.PathRange = rangeFrom(Begin);
    warnLegacy(
        I.Range,
        StringRef(I.Range.Start.getPointer(),
                  I.Range.End.getPointer() - I.Range.Start.getPointer()),
        "pub use " + Path +
            (I.Alias != StringRef(Path).rsplit("::").second ? " -> " + I.Alias : std::string()));
    M.Imports.push_back(std::move(I));
    return true;
  }
  std::string Locals;
  if (consumeIf(TokenKind::Dot)) {
    if (!Tok.is(TokenKind::Int)) {
      errorExpected("the number of locals");
      return false;
    }
    if (Tok.IntValue > 0xFFFF) {
      Diags.error(Tok.getLoc(),
                  "procedure declares " + Twine(Tok.IntValue) +
                      " locals; at most 65535 are allowed",
                  {Tok.getRange()});
      return false;
    }
    P.NumLocals = uint32_t(Tok.IntValue);
    P.HasLocalsAttr = true;
    Locals = "@locals(" + Tok.Text + ") ";
    consume();
  }
  SMRange Header = rangeFrom(Begin);
  warnLegacy(
      Header,
      StringRef(Header.Start.getPointer(), Header.End.getPointer() - Header.Start.getPointer()),
      Locals + (Public ? "pub proc " : "proc ") + P.Name);
  if (!parseBlock(P.Body, /*AllowElse=*/false, P.NameRange.Start, "procedure"))
    return false;
  consume(); // end
  P.Range = rangeFrom(Begin);
  M.Procs.push_back(std::move(P));
  return true;
}

bool Parser::parsePath(std::string &Path, bool &Absolute, SMRange &Range) {
  SMLoc Begin = Tok.getLoc();
  Absolute = consumeIf(TokenKind::ColonColon);
  std::string Part;
  SMRange R;
  if (!parseName(Part, R))
    return false;
  Path = Part;
  while (Tok.is(TokenKind::ColonColon)) {
    consume();
    if (!parseName(Part, R))
      return false;
    Path += "::" + Part;
  }
  Range = rangeFrom(Begin);
  return true;
}

bool Parser::parseImport(Module &M, SMLoc Begin, bool Public, bool Legacy) {
  if (Legacy)
    consume(); // '.'
  Import I;
  I.Public = Public;
  std::string RootText; // the MAST root as written
  if (Tok.is(TokenKind::Hex) && Tok.Text.size() == 64) {
    I.IsMastRoot = true;
    if (!parseHexWord(Tok, reinterpret_cast<Word &>(I.Root.Elems)))
      return false;
    I.PathRange = Tok.getRange();
    RootText = Tok.Spelling.str();
    consume();
  } else {
    bool Absolute;
    if (!parsePath(I.Path, Absolute, I.PathRange))
      return false;
    if (I.Path.find("::") == std::string::npos) {
      Diags.error(I.PathRange.Start,
                  "an import needs a qualified path such as 'miden::core::math::u64'",
                  {I.PathRange});
      return false;
    }
  }
  std::string Written = I.IsMastRoot ? RootText : I.Path;
  I.Path = canonicalizeLibraryPath(I.Path);
  if (!I.IsMastRoot && I.Path != Written && !Legacy)
    Diags.warning(I.PathRange.Start,
                  "the 'std' library is now called 'miden::core'; write '" + I.Path + "'",
                  {I.PathRange});
  I.Alias = StringRef(I.Path).rsplit("::").second.str();
  if (consumeIf(TokenKind::Arrow)) {
    SMRange R;
    if (!parseName(I.Alias, R))
      return false;
  } else if (I.IsMastRoot) {
    Diags.error(I.PathRange.Start, "a re-exported MAST root needs a name: add '-> name'",
                {I.PathRange});
    return false;
  }
  I.Range = rangeFrom(Begin);
  if (Legacy)
    warnLegacy(I.Range, "use." + Written,
               "use " + (I.IsMastRoot ? RootText : I.Path) +
                   (I.IsMastRoot || I.Alias != StringRef(I.Path).rsplit("::").second
                        ? " -> " + I.Alias
                        : std::string()));
  M.Imports.push_back(std::move(I));
  return true;
}

bool Parser::parseConst(Module &M, SMLoc Begin, bool Public, bool Legacy) {
  if (Legacy)
    consume(); // '.'
  ConstDecl C;
  C.Public = Public;
  C.Docs = std::move(PendingDocs);
  PendingDocs.clear();
  if (!Tok.is(TokenKind::ConstIdent)) {
    if (Tok.is(TokenKind::Ident))
      Diags.error(Tok.getLoc(),
                  "constant names use upper-case letters, digits and '_'; '" + Tok.Text +
                      "' is not one",
                  {Tok.getRange()});
    else
      errorExpected("a constant name");
    return false;
  }
  C.Name = Tok.Text;
  C.NameRange = Tok.getRange();
  consume();
  if (!expect(TokenKind::Equal, "'='") || !parseConstExpr(C.Value))
    return false;
  C.Range = rangeFrom(Begin);
  if (Legacy)
    warnLegacy(C.Range, "const." + C.Name + "=...", "const " + C.Name + " = ...");
  M.Consts.push_back(std::move(C));
  return true;
}

bool Parser::parseAdvMap(Module &M, SMLoc Begin) {
  AdvMapEntry E;
  if (!Tok.is(TokenKind::ConstIdent)) {
    errorExpected("an upper-case name for the advice map entry");
    return false;
  }
  E.Name = Tok.Text;
  consume();
  if (consumeIf(TokenKind::LParen)) {
    Word K;
    if (Tok.is(TokenKind::Hex)) {
      if (!parseHexWord(Tok, K))
        return false;
      consume();
    } else if (!parseWordLiteral(K)) {
      return false;
    }
    E.Key = K;
    if (!expect(TokenKind::RParen, "')'"))
      return false;
  }
  if (!expect(TokenKind::Equal, "'='") || !expect(TokenKind::LBracket, "'['"))
    return false;
  do {
    Felt F;
    if (!parseFeltLiteral(F))
      return false;
    E.Values.push_back(F);
  } while (consumeIf(TokenKind::Comma));
  if (!expect(TokenKind::RBracket, "']'"))
    return false;
  E.Range = rangeFrom(Begin);
  M.AdvMap.push_back(std::move(E));
  return true;
}

bool Parser::parseTypeDecl(Module &M, SMLoc Begin, bool Public, bool IsEnum) {
  TypeDecl T;
  T.Public = Public;
  SMRange R;
  if (!parseName(T.Name, R))
    return false;
  const char *TextBegin = Tok.Spelling.begin();
  if (IsEnum) {
    if (!expect(TokenKind::Colon, "':' and the enum's integer type") || !skipType() ||
        !skipBalanced(TokenKind::LBrace, TokenKind::RBrace))
      return false;
  } else if (!expect(TokenKind::Equal, "'='") || !skipType()) {
    return false;
  }
  T.Text = StringRef(TextBegin, Prev.Spelling.end() - TextBegin).str();
  T.Range = rangeFrom(Begin);
  M.Types.push_back(std::move(T));
  return true;
}

// --- Literals and constant expressions -------------------------------------------

bool Parser::parseHexWord(const Token &T, Word &W) {
  if (T.Text.size() != 64) {
    Diags.error(T.getLoc(),
                "a word literal needs exactly 64 hex digits, this one has " + Twine(T.Text.size()),
                {T.getRange()});
    return false;
  }
  auto D = Digest::fromHex(T.Text);
  if (!D) {
    Diags.error(T.getLoc(), toString(D.takeError()), {T.getRange()});
    return false;
  }
  for (unsigned I = 0; I < 4; ++I)
    W[I] = (*D)[I];
  return true;
}

bool Parser::parseFeltLiteral(Felt &F) {
  if (!Tok.is(TokenKind::Int) && !Tok.is(TokenKind::Bin) &&
      !(Tok.is(TokenKind::Hex) && Tok.Text.size() <= 16)) {
    errorExpected("a field element");
    return false;
  }
  if (Tok.IntValue >= Felt::Modulus) {
    Diags.error(Tok.getLoc(),
                "value " + Tok.Spelling + " is not a field element (p = 2^64 - 2^32 + 1)",
                {Tok.getRange()});
    return false;
  }
  F = Felt(Tok.IntValue);
  consume();
  return true;
}

bool Parser::parseWordLiteral(Word &W) {
  if (!expect(TokenKind::LBracket, "'['"))
    return false;
  for (unsigned I = 0; I < 4; ++I) {
    if (I && !expect(TokenKind::Comma, "',' (a word has four elements)"))
      return false;
    if (!parseFeltLiteral(W[I]))
      return false;
  }
  return expect(TokenKind::RBracket, "']' (a word has four elements)");
}

/// The binary operator at Tok at precedence Level (0: + -, 1: * / //).
static std::optional<ConstExpr::BinOp> binaryOpAt(const Token &Tok, unsigned Level) {
  if (Level == 0) {
    if (Tok.is(TokenKind::Plus))
      return ConstExpr::BinOp::Add;
    if (Tok.is(TokenKind::Minus))
      return ConstExpr::BinOp::Sub;
    return std::nullopt;
  }
  if (Tok.is(TokenKind::Star))
    return ConstExpr::BinOp::Mul;
  if (Tok.is(TokenKind::Slash))
    return ConstExpr::BinOp::Div;
  if (Tok.is(TokenKind::SlashSlash))
    return ConstExpr::BinOp::IntDiv;
  return std::nullopt;
}

bool Parser::parseConstExpr(ConstExpr &E) {
  if (ConstExprNesting == 0)
    ConstExprNodes = 0;
  ++ConstExprNesting;
  auto Leave = llvm::make_scope_exit([&] { --ConstExprNesting; });
  return parseConstBinary(E, 0);
}

/// Counts an operator or a parenthesis of the constant expression being
/// parsed: evaluation and destruction recurse over the tree, so its size is
/// bounded with a diagnostic.
bool Parser::countConstExprNode(SMLoc Loc) {
  if (++ConstExprNodes <= MaxConstExprNodes)
    return true;
  Diags.error(Loc, "constant expression is too complex (more than " + Twine(MaxConstExprNodes) +
                       " operators and parentheses)");
  return false;
}

/// Left-associative operators of precedence Level, over operands of the next
/// level up (factors after level 1).
bool Parser::parseConstBinary(ConstExpr &E, unsigned Level) {
  SMLoc Begin = Tok.getLoc();
  auto ParseOperand = [&](ConstExpr &Out) {
    return Level == 0 ? parseConstBinary(Out, 1) : parseConstFactor(Out);
  };
  if (!ParseOperand(E))
    return false;
  while (std::optional<ConstExpr::BinOp> Op = binaryOpAt(Tok, Level)) {
    if (!countConstExprNode(Tok.getLoc()))
      return false;
    consume();
    auto Rhs = std::make_unique<ConstExpr>();
    if (!ParseOperand(*Rhs))
      return false;
    auto Lhs = std::make_unique<ConstExpr>(std::move(E));
    E = ConstExpr();
    E.K = ConstExpr::Kind::Binary;
    E.Op = *Op;
    E.Lhs = std::move(Lhs);
    E.Rhs = std::move(Rhs);
    E.Range = rangeFrom(Begin);
  }
  return true;
}

bool Parser::parseConstFactor(ConstExpr &E) {
  SMLoc Begin = Tok.getLoc();
  if (Tok.is(TokenKind::LParen)) {
    if (!countConstExprNode(Begin))
      return false;
    consume();
    if (!parseConstExpr(E) || !expect(TokenKind::RParen, "')'"))
      return false;
    E.Range = rangeFrom(Begin);
    return true;
  }
  if (Tok.is(TokenKind::Int) || Tok.is(TokenKind::Bin) ||
      (Tok.is(TokenKind::Hex) && Tok.Text.size() <= 16)) {
    E.K = ConstExpr::Kind::Int;
    E.Int = Tok.IntValue;
    E.Range = Tok.getRange();
    consume();
    return true;
  }
  if (Tok.is(TokenKind::Hex)) {
    E.K = ConstExpr::Kind::Word;
    E.Range = Tok.getRange();
    if (!parseHexWord(Tok, E.W))
      return false;
    consume();
    return true;
  }
  if (Tok.is(TokenKind::LBracket)) {
    E.K = ConstExpr::Kind::Word;
    if (!parseWordLiteral(E.W))
      return false;
    E.Range = rangeFrom(Begin);
    return true;
  }
  if (Tok.is(TokenKind::String)) {
    E.K = ConstExpr::Kind::String;
    E.Text = Tok.Text;
    E.Range = Tok.getRange();
    consume();
    return true;
  }
  if (Tok.isIdent("word") || Tok.isIdent("event")) {
    E.K = Tok.Text == "word" ? ConstExpr::Kind::HashWord : ConstExpr::Kind::HashEvent;
    consume();
    if (!expect(TokenKind::LParen, "'('"))
      return false;
    if (!Tok.is(TokenKind::String)) {
      errorExpected("a string");
      return false;
    }
    E.Text = Tok.Text;
    consume();
    if (!expect(TokenKind::RParen, "')'"))
      return false;
    E.Range = rangeFrom(Begin);
    return true;
  }
  if (Tok.is(TokenKind::ConstIdent)) {
    E.K = ConstExpr::Kind::Var;
    E.Text = Tok.Text;
    E.Range = Tok.getRange();
    consume();
    return true;
  }
  errorExpected("a constant expression");
  return false;
}

// --- Code blocks ----------------------------------------------------------------------

bool Parser::parseBlock(Block &B, bool AllowElse, SMLoc Opener, StringRef OpenerName) {
  // Every later phase recurses over the nesting too: bound it here, with a
  // diagnostic, rather than let a hostile input exhaust the native stack.
  if (BlockDepth >= MaxBlockDepth) {
    Diags.error(Opener,
                "blocks are nested too deeply (more than " + Twine(MaxBlockDepth) + " levels)");
    return false;
  }
  ++BlockDepth;
  auto Leave = llvm::make_scope_exit([&] { --BlockDepth; });
  while (true) {
    if (Tok.isIdent("end") || (AllowElse && Tok.isIdent("else"))) {
      if (B.empty()) {
        Diags.error(Tok.getLoc(), "expected at least one instruction before '" + Tok.Text + "'",
                    {Tok.getRange()});
        return false;
      }
      return true;
    }
    if (Tok.is(TokenKind::Eof) ||
        (Tok.is(TokenKind::Ident) && isTopLevelKeyword(Tok.Text) && !Tok.isIdent("const")) ||
        Tok.is(TokenKind::At)) {
      errorExpected("'end'");
      Diags.note(Opener, "to close this " + OpenerName);
      return false;
    }
    if (Tok.isIdent("else")) {
      Diags.error(Tok.getLoc(), "'else' without 'if'", {Tok.getRange()});
      consume();
      continue;
    }
    if (Tok.is(TokenKind::DocComment)) {
      Diags.warning(Tok.getLoc(), "doc comments ('#!') document declarations; use '#' inside "
                                  "code");
      consume();
      continue;
    }
    if (!parseOp(B)) {
      if (Diags.reachedErrorLimit())
        return false;
      skipInstructionRest();
    }
  }
}

void Parser::skipInstructionRest() {
  // An instruction is one word plus dot-joined immediates: skip to the next
  // token that follows whitespace.
  while (!Tok.is(TokenKind::Eof) && !Tok.SpaceBefore)
    consume();
}

bool Parser::parseOp(Block &B) {
  SMLoc Begin = Tok.getLoc();
  if (!Tok.is(TokenKind::Ident)) {
    if (Tok.is(TokenKind::ConstIdent))
      Diags.error(Tok.getLoc(), "expected an instruction, found constant '" + Tok.Text + "'",
                  {Tok.getRange()});
    else
      errorExpected("an instruction");
    consume();
    return false;
  }
  Op O;
  if (Tok.isIdent("if")) {
    consume();
    if (!expect(TokenKind::Dot, "'.true' or '.false' after 'if'"))
      return false;
    O.K = Op::Kind::If;
    if (!Tok.isIdent("true") && !Tok.isIdent("false")) {
      // Report, then parse the branches anyway so that their `end`s match.
      errorExpected("'true' or 'false'");
      if (Tok.is(TokenKind::Error) || Tok.is(TokenKind::Eof))
        return false;
    } else {
      O.IfFalse = Tok.Text == "false";
    }
    consume();
    Block Then, Else;
    if (Tok.isIdent("else")) {
      // Generated code may leave the first branch empty.
      Then.push_back(Op());
      Then.back().Inst.Kind = InstKind::Nop;
      Then.back().Range = Then.back().Inst.Range = Tok.getRange();
    } else if (!parseBlock(Then, /*AllowElse=*/true, Begin, "'if'")) {
      return false;
    }
    if (Tok.isIdent("else")) {
      SMLoc ElseLoc = Tok.getLoc();
      consume();
      O.HasElse = true;
      if (!Tok.isIdent("end") && !parseBlock(Else, /*AllowElse=*/false, ElseLoc, "'else'"))
        return false;
    }
    consume(); // end
    O.Then = std::move(Then);
    O.Else = std::move(Else);
    O.Range = rangeFrom(Begin);
    B.push_back(std::move(O));
    return true;
  }
  if (Tok.isIdent("while")) {
    consume();
    if (!expect(TokenKind::Dot, "'.true' after 'while'"))
      return false;
    if (!Tok.isIdent("true")) {
      // Report, then parse the body anyway so that its `end` matches.
      errorExpected("'true' ('while.true' is the only loop form)");
      if (Tok.is(TokenKind::Error) || Tok.is(TokenKind::Eof))
        return false;
    }
    consume();
    O.K = Op::Kind::While;
    if (!parseBlock(O.Then, false, Begin, "'while'"))
      return false;
    consume();
    O.Range = rangeFrom(Begin);
    B.push_back(std::move(O));
    return true;
  }
  if (Tok.isIdent("repeat")) {
    consume();
    if (!expect(TokenKind::Dot, "'.' and a count after 'repeat'"))
      return false;
    if (!parseImmediate(O.Count, /*AllowWord=*/false))
      return false;
    O.K = Op::Kind::Repeat;
    if (!parseBlock(O.Then, false, Begin, "'repeat'"))
      return false;
    consume();
    O.Range = rangeFrom(Begin);
    B.push_back(std::move(O));
    return true;
  }
  if (!parseInstruction(O))
    return false;
  O.Range = O.Inst.Range;
  B.push_back(std::move(O));
  return true;
}

void Parser::reportUnknownMnemonic(const Token &T, StringRef Mnemonic) {
  StringRef Replacement = getRemovedMnemonicReplacement(Mnemonic);
  if (!Replacement.empty()) {
    Diags.error(T.getLoc(),
                "'" + Mnemonic + "' was removed in Miden v0.19; use '" + Replacement +
                    "' (or the little-endian '" + StringRef(Replacement).drop_back(3) + "_le')",
                {T.getRange()});
    return;
  }
  std::vector<StringRef> All = getAllMnemonics();
  Diags.error(T.getLoc(),
              "unknown instruction '" + Mnemonic + "'" +
                  formatDidYouMean(suggestNames(Mnemonic, All)),
              {T.getRange()});
}

bool Parser::parseImmediate(Immediate &I, bool AllowWord) {
  I.Range = Tok.getRange();
  switch (Tok.Kind) {
  case TokenKind::Int:
  case TokenKind::Bin:
    I.K = Immediate::Kind::Int;
    I.Int = Tok.IntValue;
    consume();
    return true;
  case TokenKind::Hex:
    if (Tok.Text.size() <= 16) {
      I.K = Immediate::Kind::Int;
      I.Int = Tok.IntValue;
      consume();
      return true;
    }
    if (AllowWord && Tok.Text.size() == 64) {
      I.K = Immediate::Kind::Word;
      if (!parseHexWord(Tok, I.W))
        return false;
      consume();
      return true;
    }
    Diags.error(Tok.getLoc(),
                "hex literal has " + Twine(Tok.Text.size()) + " digits; a value takes at most 16" +
                    (AllowWord ? " and a word 64" : ""),
                {Tok.getRange()});
    return false;
  case TokenKind::ConstIdent:
    I.K = Immediate::Kind::Const;
    I.Text = Tok.Text;
    consume();
    return true;
  case TokenKind::LBracket:
    if (AllowWord) {
      SMLoc Begin = Tok.getLoc();
      I.K = Immediate::Kind::Word;
      if (!parseWordLiteral(I.W))
        return false;
      I.Range = rangeFrom(Begin);
      return true;
    }
    break;
  case TokenKind::Minus:
    Diags.error(Tok.getLoc(), "immediates cannot be negative; use the field element p - n",
                {Tok.getRange()});
    return false;
  default:
    break;
  }
  errorExpected("an immediate value or constant");
  return false;
}

bool Parser::parseTarget(InvocationTarget &T) {
  SMLoc Begin = Tok.getLoc();
  if (Tok.is(TokenKind::Hex)) {
    if (Tok.Text.size() != 64) {
      Diags.error(Tok.getLoc(), "a MAST root must be 64 hex digits", {Tok.getRange()});
      return false;
    }
    T.K = InvocationTarget::Kind::MastRoot;
    if (!parseHexWord(Tok, reinterpret_cast<Word &>(T.Root.Elems)))
      return false;
    consume();
    T.Range = rangeFrom(Begin);
    return true;
  }
  SMRange R;
  if (!parsePath(T.Path, T.Absolute, R))
    return false;
  T.Range = R;
  T.K = (T.Absolute || T.Path.find("::") != std::string::npos) ? InvocationTarget::Kind::Path
                                                               : InvocationTarget::Kind::Name;
  if (T.Absolute && T.K == InvocationTarget::Kind::Path && T.Path.find("::") == std::string::npos) {
    Diags.error(R.Start, "an absolute path needs a module, as in '::a::b::proc'", {R});
    return false;
  }
  return true;
}

bool Parser::parsePush(Instruction &I) {
  // push.[a,b,c,d], push.0x<64 hex>, push.W[i], push.W[i..j], push.a.b.c
  if (Tok.is(TokenKind::LBracket) || (Tok.is(TokenKind::Hex) && Tok.Text.size() > 16) ||
      Tok.is(TokenKind::ConstIdent)) {
    Immediate W;
    if (!parseImmediate(W, /*AllowWord=*/true))
      return false;
    if (Tok.is(TokenKind::LBracket) && !Tok.SpaceBefore) {
      SMLoc SliceBegin = Tok.getLoc();
      consume();
      if (!Tok.is(TokenKind::Int)) {
        errorExpected("a word index");
        return false;
      }
      uint64_t Lo = Tok.IntValue, Hi = Lo + 1;
      consume();
      if (consumeIf(TokenKind::DotDot)) {
        if (!Tok.is(TokenKind::Int)) {
          errorExpected("the end of the range");
          return false;
        }
        Hi = Tok.IntValue;
        consume();
      }
      if (!expect(TokenKind::RBracket, "']'"))
        return false;
      if (Lo >= Hi || Hi > 4) {
        Diags.error(SliceBegin,
                    "invalid word slice [" + Twine(Lo) + ".." + Twine(Hi) +
                        "]: a word has elements 0 to 3",
                    {rangeFrom(SliceBegin)});
        return false;
      }
      I.Slice = std::make_pair(unsigned(Lo), unsigned(Hi));
      I.Imms.push_back(std::move(W));
      return true;
    }
    I.Imms.push_back(std::move(W));
    if (I.Imms.back().K == Immediate::Kind::Word)
      return true;
  } else {
    Immediate V;
    if (!parseImmediate(V, /*AllowWord=*/false))
      return false;
    I.Imms.push_back(std::move(V));
  }
  while (Tok.is(TokenKind::Dot)) {
    consume();
    Immediate V;
    if (!parseImmediate(V, /*AllowWord=*/false))
      return false;
    I.Imms.push_back(std::move(V));
  }
  if (I.Imms.size() > 16) {
    Diags.error(I.Range.Start, "push takes at most 16 values, this one has " + Twine(I.Imms.size()),
                {rangeFrom(I.Range.Start)});
    return false;
  }
  return true;
}

bool Parser::parseInstruction(Op &O) {
  Instruction &I = O.Inst;
  Token MnemonicTok = Tok;
  SMLoc Begin = Tok.getLoc();
  std::string Mnemonic = Tok.Text;
  consume();
  // adv.<event> and debug.<what> are single mnemonics written with a dot.
  if ((Mnemonic == "adv") && Tok.is(TokenKind::Dot)) {
    consume();
    if (!Tok.is(TokenKind::Ident)) {
      errorExpected("an advice operation after 'adv.'");
      return false;
    }
    Mnemonic += "." + Tok.Text;
    MnemonicTok.Spelling = StringRef(Begin.getPointer(), Tok.Spelling.end() - Begin.getPointer());
    consume();
  }
  std::optional<InstKind> Kind = lookupMnemonic(Mnemonic);
  if (!Kind) {
    reportUnknownMnemonic(MnemonicTok, Mnemonic);
    return false;
  }
  I.Kind = *Kind;
  I.Range = {Begin, Prev.getEndLoc()};
  InstForm Form = getInstForm(I.Kind);
  auto Finish = [&]() {
    I.Range = rangeFrom(Begin);
    return true;
  };
  switch (Form) {
  case InstForm::None:
    if (Tok.is(TokenKind::Dot) && !Tok.SpaceBefore) {
      Diags.error(Tok.getLoc(), "'" + Mnemonic + "' takes no immediate", {Tok.getRange()});
      return false;
    }
    return Finish();
  case InstForm::OptFelt:
    if (I.Kind == InstKind::Exp && Tok.is(TokenKind::Dot)) {
      consume();
      if (Tok.is(TokenKind::Ident) && Tok.Text.size() > 1 && Tok.Text[0] == 'u' &&
          StringRef(Tok.Text).drop_front().find_first_not_of("0123456789") == StringRef::npos) {
        unsigned Bits = 0;
        StringRef(Tok.Text).drop_front().getAsInteger(10, Bits);
        if (Bits >= 64 || Tok.Text.size() > 3) {
          Diags.error(Tok.getLoc(),
                      "'exp." + Tok.Text +
                          "': the bit length must be 0 to 63 (use 'exp' "
                          "for 64-bit exponents)",
                      {Tok.getRange()});
          return false;
        }
        I.ExpBits = int8_t(Bits);
        consume();
        return Finish();
      }
      Immediate V;
      if (!parseImmediate(V, false))
        return false;
      I.Imms.push_back(std::move(V));
      return Finish();
    }
    [[fallthrough]];
  case InstForm::OptU32:
  case InstForm::OptShift:
  case InstForm::MapValN:
    if (consumeIf(TokenKind::Dot)) {
      Immediate V;
      if (!parseImmediate(V, false))
        return false;
      I.Imms.push_back(std::move(V));
    }
    return Finish();
  case InstForm::Indexed: {
    int Min, Max, Default;
    getIndexRange(I.Kind, Min, Max, Default);
    if (consumeIf(TokenKind::Dot)) {
      Immediate V;
      if (!parseImmediate(V, false))
        return false;
      I.Imms.push_back(std::move(V));
    } else if (Default < 0) {
      Diags.error(MnemonicTok.getLoc(),
                  "'" + Mnemonic + "' needs a position, as in '" + Mnemonic + "." + Twine(Min) +
                      "'",
                  {MnemonicTok.getRange()});
      return false;
    }
    return Finish();
  }
  case InstForm::Local:
  case InstForm::U32: {
    if (!Tok.is(TokenKind::Dot)) {
      Diags.error(MnemonicTok.getLoc(),
                  "'" + Mnemonic + "' needs an immediate, as in '" + Mnemonic + ".0'",
                  {MnemonicTok.getRange()});
      return false;
    }
    consume();
    Immediate V;
    if (!parseImmediate(V, false))
      return false;
    I.Imms.push_back(std::move(V));
    return Finish();
  }
  case InstForm::ErrMsg:
    if (consumeIf(TokenKind::Dot)) {
      if (!Tok.isIdent("err")) {
        errorExpected("'err=' (as in '" + Mnemonic + ".err=\"message\"')");
        return false;
      }
      consume();
      if (!expect(TokenKind::Equal, "'='"))
        return false;
      Immediate V;
      V.Range = Tok.getRange();
      if (Tok.is(TokenKind::String)) {
        V.K = Immediate::Kind::String;
        V.Text = Tok.Text;
      } else if (Tok.is(TokenKind::ConstIdent)) {
        V.K = Immediate::Kind::Const;
        V.Text = Tok.Text;
      } else {
        errorExpected("an error message string or constant");
        return false;
      }
      consume();
      I.Imms.push_back(std::move(V));
    }
    return Finish();
  case InstForm::Target:
    if (!expect(TokenKind::Dot, "'.' and a procedure after '" + Mnemonic + "'"))
      return false;
    if (!parseTarget(I.Target))
      return false;
    return Finish();
  case InstForm::Push:
    if (!expect(TokenKind::Dot, "'.' and a value after 'push'"))
      return false;
    if (!parsePush(I))
      return false;
    return Finish();
  case InstForm::Emit:
    if (consumeIf(TokenKind::Dot)) {
      if (Tok.isIdent("event")) {
        consume();
        if (!expect(TokenKind::LParen, "'('"))
          return false;
        if (!Tok.is(TokenKind::String)) {
          errorExpected("an event name string");
          return false;
        }
        Immediate V;
        V.K = Immediate::Kind::String;
        V.Text = Tok.Text;
        V.Range = Tok.getRange();
        consume();
        if (!expect(TokenKind::RParen, "')'"))
          return false;
        I.EmitEventLiteral = true;
        I.Imms.push_back(std::move(V));
      } else {
        Immediate V;
        if (!parseImmediate(V, false))
          return false;
        I.Imms.push_back(std::move(V));
      }
    }
    return Finish();
  case InstForm::Debug: {
    if (!expect(TokenKind::Dot, "'.stack', '.mem', '.local' or '.adv_stack' after 'debug'"))
      return false;
    if (!Tok.is(TokenKind::Ident)) {
      errorExpected("'stack', 'mem', 'local' or 'adv_stack'");
      return false;
    }
    auto What = StringSwitch<std::optional<DebugKind>>(Tok.Text)
                    .Case("stack", DebugKind::Stack)
                    .Case("mem", DebugKind::Mem)
                    .Case("local", DebugKind::Local)
                    .Case("adv_stack", DebugKind::AdvStack)
                    .Default(std::nullopt);
    if (!What) {
      Diags.error(Tok.getLoc(),
                  "unknown debug option '" + Tok.Text +
                      "'; expected 'stack', 'mem', 'local' or 'adv_stack'",
                  {Tok.getRange()});
      return false;
    }
    I.Debug = *What;
    consume();
    unsigned MaxImms = (*What == DebugKind::Mem || *What == DebugKind::Local) ? 2 : 1;
    while (I.Imms.size() < MaxImms && consumeIf(TokenKind::Dot)) {
      Immediate V;
      if (!parseImmediate(V, false))
        return false;
      I.Imms.push_back(std::move(V));
    }
    return Finish();
  }
  }
  return Finish();
}

} // namespace

std::unique_ptr<ast::Module> parseModule(DiagnosticEngine &Diags, unsigned BufferID,
                                         StringRef ModulePath) {
  const MemoryBuffer *Buf = Diags.getSourceMgr().getMemoryBuffer(BufferID);
  Parser P(Diags, Buf->getBuffer());
  return P.parseModule(ModulePath);
}

} // namespace zkvm
