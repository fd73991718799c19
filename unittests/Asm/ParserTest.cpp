//===- ParserTest.cpp - The Miden assembly parser -------------------------===//

#include "zkvm/Asm/Parser.h"
#include "zkvm/Asm/AST.h"
#include "zkvm/Support/Diagnostics.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "gtest/gtest.h"

#include <memory>
#include <string>

using namespace llvm;
using namespace zkvm;

namespace {

struct Parsed {
  SourceMgr SM;
  std::string DiagText;
  raw_string_ostream DiagOS{DiagText};
  DiagnosticEngine Diags{SM, DiagOS};
  std::unique_ptr<ast::Module> M;

  explicit Parsed(StringRef Text, StringRef Path = "$exec") {
    Diags.setColorMode(ColorMode::Never);
    Diags.setErrorLimit(0);
    unsigned ID = SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Text, "t.masm"), SMLoc());
    M = parseModule(Diags, ID, Path);
  }
  std::string diags() {
    DiagOS.flush();
    return DiagText;
  }
  bool has(StringRef S) { return diags().find(S.str()) != std::string::npos; }
};

std::string print(const ast::Module &M) {
  std::string S;
  raw_string_ostream OS(S);
  ast::printModule(OS, M);
  return OS.str();
}

TEST(ParserTest, ProgramWithControlFlow) {
  Parsed P("begin\n  push.1 if.true push.2 else push.3 end\n  repeat.2 dup end\n"
           "  while.true push.0 end\nend\n");
  ASSERT_TRUE(P.M) << P.diags();
  EXPECT_TRUE(P.M->isExecutable());
  const ast::Block &B = *P.M->Begin;
  ASSERT_EQ(B.size(), 4u);
  EXPECT_EQ(B[0].Inst.Kind, ast::InstKind::Push);
  EXPECT_EQ(B[1].K, ast::Op::Kind::If);
  EXPECT_TRUE(B[1].HasElse);
  EXPECT_EQ(B[2].K, ast::Op::Kind::Repeat);
  EXPECT_EQ(B[2].Count.Int, 2u);
  EXPECT_EQ(B[3].K, ast::Op::Kind::While);
  EXPECT_EQ(P.Diags.getNumWarnings(), 0u);
}

TEST(ParserTest, EveryDeclarationForm) {
  Parsed P(R"(#! Module docs
use miden::core::math::u64
use a::b -> c
pub use x::y::z
use 0x0100000000000000020000000000000003000000000000000400000000000000 -> root
const A = 1 + 2 * 3
pub const W = [1, 2, 3, 4]
const H = word("abc")
const E = event("a::b")
adv_map T([5, 6, 7, 8]) = [1, 2]
adv_map U = [9]
type Pair = struct { a: felt, b: felt }
enum Color : u8 { RED, GREEN }

#! Proc docs
@locals(3)
pub proc f(a: felt) -> felt
    loc_store.0
end

@inline
proc g
    exec.f
end
)",
           "my::lib");
  ASSERT_TRUE(P.M) << P.diags();
  const ast::Module &M = *P.M;
  EXPECT_FALSE(M.isExecutable());
  EXPECT_EQ(M.Path, "my::lib");
  EXPECT_EQ(M.Docs, "Module docs");
  ASSERT_EQ(M.Imports.size(), 4u);
  EXPECT_EQ(M.Imports[0].Path, "miden::core::math::u64");
  EXPECT_EQ(M.Imports[0].Alias, "u64");
  EXPECT_EQ(M.Imports[1].Alias, "c");
  EXPECT_TRUE(M.Imports[2].Public);
  EXPECT_TRUE(M.Imports[3].IsMastRoot);
  EXPECT_EQ(M.Imports[3].Alias, "root");
  ASSERT_EQ(M.Consts.size(), 4u);
  EXPECT_EQ(M.Consts[0].Value.K, ast::ConstExpr::Kind::Binary);
  EXPECT_EQ(M.Consts[0].Value.Op, ast::ConstExpr::BinOp::Add); // * binds tighter
  EXPECT_TRUE(M.Consts[1].Public);
  EXPECT_EQ(M.Consts[1].Value.K, ast::ConstExpr::Kind::Word);
  EXPECT_EQ(M.Consts[2].Value.K, ast::ConstExpr::Kind::HashWord);
  EXPECT_EQ(M.Consts[3].Value.K, ast::ConstExpr::Kind::HashEvent);
  ASSERT_EQ(M.AdvMap.size(), 2u);
  EXPECT_TRUE(M.AdvMap[0].Key.has_value());
  EXPECT_FALSE(M.AdvMap[1].Key.has_value());
  EXPECT_EQ(M.Types.size(), 2u);
  ASSERT_EQ(M.Procs.size(), 2u);
  EXPECT_EQ(M.Procs[0].Name, "f");
  EXPECT_TRUE(M.Procs[0].Public);
  EXPECT_EQ(M.Procs[0].NumLocals, 3u);
  EXPECT_EQ(M.Procs[0].Docs, "Proc docs");
  EXPECT_EQ(M.Procs[0].Signature, "(a: felt) -> felt");
  ASSERT_EQ(M.Procs[1].Attributes.size(), 1u);
  EXPECT_EQ(M.Procs[1].Attributes[0].Name, "inline");
  EXPECT_EQ(M.Procs[1].Body[0].Inst.Target.Path, "f");
  EXPECT_EQ(P.Diags.getNumWarnings(), 0u) << P.diags();
}

TEST(ParserTest, LegacyDotSyntaxWarns) {
  Parsed P(R"(use.std::math::u64
use.std::crypto::hashes::rpo->rpo2
const.LIMIT=10
proc.helper.2
    loc_load.0
end
export.entry
    exec.helper
end
export.helper2
    exec.u64::wrapping_add
end
export.a::b
export.c::d->e
)",
           "old::lib");
  ASSERT_TRUE(P.M) << P.diags();
  EXPECT_EQ(P.Diags.getNumErrors(), 0u);
  EXPECT_TRUE(P.has("t.masm:1:1: warning: 'use.std::math::u64' is the old dot syntax; write "
                    "'use miden::core::math::u64' instead"));
  EXPECT_TRUE(P.has("t.masm:2:1: warning: 'use.std::crypto::hashes::rpo' is the old dot syntax; "
                    "write 'use miden::core::crypto::hashes::rpo -> rpo2' instead"));
  EXPECT_TRUE(P.has("t.masm:3:1: warning: 'const.LIMIT=...' is the old dot syntax; write 'const "
                    "LIMIT = ...' instead"));
  EXPECT_TRUE(P.has("t.masm:4:1: warning: 'proc.helper.2' is the old dot syntax; write "
                    "'@locals(2) proc helper' instead"));
  EXPECT_TRUE(P.has("t.masm:7:1: warning: 'export.entry' is the old dot syntax; write 'pub proc "
                    "entry' instead"));
  EXPECT_TRUE(P.has("t.masm:13:1: warning: 'export.a::b' is the old dot syntax; write 'pub use "
                    "a::b' instead"));
  EXPECT_TRUE(P.has("t.masm:14:1: warning: 'export.c::d->e' is the old dot syntax; write 'pub "
                    "use c::d -> e' instead"));
  EXPECT_EQ(P.Diags.getNumWarnings(), 8u);
  const ast::Module &M = *P.M;
  ASSERT_EQ(M.Imports.size(), 4u);
  EXPECT_EQ(M.Imports[0].Path, "miden::core::math::u64");
  EXPECT_EQ(M.Imports[1].Alias, "rpo2");
  EXPECT_EQ(M.Imports[2].Path, "a::b");
  EXPECT_TRUE(M.Imports[2].Public);
  EXPECT_EQ(M.Imports[3].Alias, "e");
  ASSERT_EQ(M.Procs.size(), 3u);
  EXPECT_EQ(M.Procs[0].NumLocals, 2u);
  EXPECT_FALSE(M.Procs[0].Public);
  EXPECT_TRUE(M.Procs[1].Public);
  // Printing gives the current syntax, which parses without warnings.
  Parsed Again(print(M), "old::lib");
  ASSERT_TRUE(Again.M) << Again.diags();
  EXPECT_EQ(Again.Diags.getNumWarnings(), 0u) << Again.diags();
}

TEST(ParserTest, StdNamespaceInNewSyntaxWarns) {
  Parsed P("use std::math::u64\nbegin push.1 end\n");
  ASSERT_TRUE(P.M);
  EXPECT_TRUE(P.has("t.masm:1:5: warning: the 'std' library is now called 'miden::core'; write "
                    "'miden::core::math::u64'"));
  EXPECT_EQ(canonicalizeLibraryPath("std"), "miden::core");
  EXPECT_EQ(canonicalizeLibraryPath("std::sys"), "miden::core::sys");
  EXPECT_EQ(canonicalizeLibraryPath("stdx::a"), "stdx::a");
}

TEST(ParserTest, ImmediateForms) {
  Parsed P(R"(const C = 3
begin
    push.1.2.3 push.[1, 2, 3, 4] push.0x0100000000000000020000000000000003000000000000000400000000000000
    push.C add.5 exp.u8 u32shl.31 dup.15 movupw.3 adv_push.16 assert.err="oops" emit.event("e")
    debug.mem.1.2 trace.9 exec.::a::b::c call.0x0100000000000000020000000000000003000000000000000400000000000000
end
)");
  ASSERT_TRUE(P.M) << P.diags();
  const ast::Block &B = *P.M->Begin;
  ASSERT_EQ(B.size(), 16u);
  EXPECT_EQ(B[0].Inst.Imms.size(), 3u);
  EXPECT_EQ(B[1].Inst.Imms[0].K, ast::Immediate::Kind::Word);
  EXPECT_EQ(B[2].Inst.Imms[0].K, ast::Immediate::Kind::Word);
  EXPECT_EQ(B[2].Inst.Imms[0].W[2], Felt(3));
  EXPECT_EQ(B[3].Inst.Imms[0].K, ast::Immediate::Kind::Const);
  EXPECT_EQ(B[5].Inst.ExpBits, 8);
  EXPECT_EQ(B[10].Inst.Imms[0].Text, "oops");
  EXPECT_TRUE(B[11].Inst.EmitEventLiteral);
  EXPECT_EQ(B[12].Inst.Debug, ast::DebugKind::Mem);
  EXPECT_EQ(B[12].Inst.Imms.size(), 2u);
  EXPECT_TRUE(B[14].Inst.Target.Absolute);
  EXPECT_EQ(B[14].Inst.Target.K, ast::InvocationTarget::Kind::Path);
  EXPECT_EQ(B[15].Inst.Target.K, ast::InvocationTarget::Kind::MastRoot);
}

TEST(ParserTest, ErrorRecoveryReportsSeveralErrors) {
  Parsed P(R"(proc f
    u32wraping_add
    push.1 ~
    dup.x
    frobnicate
end
const lower = 1
begin
    push.[1, 2]
    add
end
)");
  EXPECT_FALSE(P.M);
  EXPECT_EQ(P.Diags.getNumErrors(), 6u) << P.diags();
  EXPECT_TRUE(P.has("t.masm:2:5: error: unknown instruction 'u32wraping_add'; did you mean "
                    "'u32wrapping_add'?"));
  EXPECT_TRUE(P.has("t.masm:3:12: error: unexpected character '~'"));
  EXPECT_TRUE(P.has("t.masm:4:9: error: expected an immediate value or constant, found 'x'"));
  EXPECT_TRUE(P.has("t.masm:5:5: error: unknown instruction 'frobnicate'\n"));
  EXPECT_TRUE(P.has("t.masm:7:7: error: constant names use upper-case letters"));
  EXPECT_TRUE(P.has("t.masm:9:15: error: expected ',' (a word has four elements), found ']'"));
}

TEST(ParserTest, MissingEndIsReportedAtTheNextDeclaration) {
  Parsed P("proc f\n    add\nproc g\n    add\nend\n");
  EXPECT_FALSE(P.M);
  EXPECT_TRUE(P.has("t.masm:3:1: error: expected 'end', found 'proc'"));
  EXPECT_TRUE(P.has("t.masm:1:6: note: to close this procedure"));
}

TEST(ParserTest, ErrorLimitStopsParsing) {
  std::string Text = "begin\n";
  for (int I = 0; I < 50; ++I)
    Text += "    bogus\n";
  Text += "end\n";
  SourceMgr SM;
  std::string Out;
  raw_string_ostream OS(Out);
  DiagnosticEngine Diags(SM, OS);
  Diags.setErrorLimit(5);
  unsigned ID = SM.AddNewSourceBuffer(MemoryBuffer::getMemBufferCopy(Text, "t.masm"), SMLoc());
  EXPECT_FALSE(parseModule(Diags, ID, "$exec"));
  EXPECT_EQ(Diags.getNumErrors(), 5u);
}

/// Every test source that parses cleanly: print(parse(x)) parses back, and
/// printing that gives the same text (the AST has no equality, and source
/// ranges differ, so the printed canonical form stands for the module).
TEST(ParserTest, PrintParseRoundTripOverTestSources) {
  unsigned Checked = 0;
  for (const char *Dir : {"test/Asm", "test/VM", "test/Asm/Inputs/mylib", "test/VM/Inputs"}) {
    SmallString<256> Root(ZKVM_SOURCE_DIR);
    sys::path::append(Root, Dir);
    std::error_code EC;
    for (sys::fs::directory_iterator It(Root, EC), End; It != End && !EC; It.increment(EC)) {
      if (sys::path::extension(It->path()) != ".masm")
        continue;
      auto Buf = MemoryBuffer::getFile(It->path());
      ASSERT_TRUE(bool(Buf)) << It->path();
      Parsed First((*Buf)->getBuffer(), "t::m");
      if (!First.M)
        continue; // a diagnostics test
      std::string Once = print(*First.M);
      Parsed Second(Once, "t::m");
      ASSERT_TRUE(Second.M) << It->path() << ":\n" << Second.diags() << "\n" << Once;
      EXPECT_EQ(print(*Second.M), Once) << It->path();
      EXPECT_EQ(Second.Diags.getNumWarnings(), 0u) << It->path() << ":\n" << Second.diags();
      ++Checked;
    }
    EXPECT_FALSE(EC) << EC.message();
  }
  EXPECT_GE(Checked, 50u);
}

} // namespace
