//===- DiagnosticsTest.cpp ------------------------------------------------===//

#include "zkvm/Support/Diagnostics.h"
#include "zkvm/Support/Error.h"

#include "llvm/Support/MemoryBuffer.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace zkvm;

namespace {

struct DiagFixture : ::testing::Test {
  SourceMgr SM;
  std::string Out;
  raw_string_ostream OS{Out};
  DiagnosticEngine Diags{SM, OS};
  const char *Base = nullptr;

  void load(StringRef Text, StringRef Name = "prog.masm") {
    auto Buf = MemoryBuffer::getMemBufferCopy(Text, Name);
    Base = Buf->getBufferStart();
    SM.AddNewSourceBuffer(std::move(Buf), SMLoc());
    Diags.setColorMode(ColorMode::Never);
  }
  SMLoc at(size_t Offset) const { return SMLoc::getFromPointer(Base + Offset); }
};

TEST_F(DiagFixture, ErrorHasFileLineColumnSourceLineAndCaret) {
  load("begin\n  push.1 frob\nend\n");
  Diags.error(at(15), "unknown instruction 'frob'");
  EXPECT_EQ(OS.str(), "prog.masm:2:10: error: unknown instruction 'frob'\n"
                      "  push.1 frob\n"
                      "         ^\n");
  EXPECT_EQ(Diags.getNumErrors(), 1u);
  EXPECT_TRUE(Diags.hasErrors());
}

TEST_F(DiagFixture, RangeIsUnderlined) {
  load("begin\n  push.1 frob\nend\n");
  Diags.error(at(15), "unknown instruction", {SMRange(at(15), at(19))});
  EXPECT_NE(OS.str().find("         ^~~~\n"), std::string::npos) << OS.str();
}

TEST_F(DiagFixture, WarningsAndNotesAreCountedSeparately) {
  load("proc.foo\nend\n");
  Diags.warning(at(0), "'proc.' is deprecated; write 'proc foo'");
  Diags.note(at(5), "declared here");
  EXPECT_EQ(Diags.getNumWarnings(), 1u);
  EXPECT_EQ(Diags.getNumErrors(), 0u);
  EXPECT_NE(OS.str().find("prog.masm:1:1: warning: 'proc.' is deprecated"), std::string::npos);
  EXPECT_NE(OS.str().find("prog.masm:1:6: note: declared here"), std::string::npos);
}

TEST_F(DiagFixture, WarningsAsErrorsPromotes) {
  load("x\n");
  Diags.setWarningsAsErrors(true);
  Diags.warning(at(0), "unused import");
  EXPECT_EQ(Diags.getNumErrors(), 1u);
  EXPECT_NE(OS.str().find("error: unused import"), std::string::npos);
}

TEST_F(DiagFixture, ErrorLimitStopsPrintingButKeepsCounting) {
  load("a b c d\n");
  Diags.setErrorLimit(2);
  for (int I = 0; I < 4; ++I) {
    Diags.error(at(2 * I), "bad token");
    Diags.note(at(2 * I), "a note for it");
  }
  EXPECT_EQ(Diags.getNumErrors(), 4u);
  EXPECT_TRUE(Diags.reachedErrorLimit());
  const std::string &S = OS.str();
  size_t Count = 0;
  for (size_t Pos = S.find("error: bad token"); Pos != std::string::npos;
       Pos = S.find("error: bad token", Pos + 1))
    ++Count;
  EXPECT_EQ(Count, 2u);
  // Notes of suppressed errors are suppressed too.
  size_t Notes = 0;
  for (size_t Pos = S.find("note: a note"); Pos != std::string::npos;
       Pos = S.find("note: a note", Pos + 1))
    ++Notes;
  EXPECT_EQ(Notes, 2u);
  EXPECT_NE(S.find("error: too many errors emitted, stopping now"), std::string::npos);
}

TEST_F(DiagFixture, LocationlessDiagnosticUsesToolName) {
  load("");
  Diags.setToolName("zkasm");
  Diags.error(SMLoc(), "no input files");
  EXPECT_EQ(OS.str(), "zkasm: error: no input files\n");
}

TEST_F(DiagFixture, SummaryMatchesClang) {
  load("a b\n");
  Diags.error(at(0), "one");
  Diags.error(at(2), "two");
  Diags.warning(at(2), "three");
  Out.clear();
  Diags.printSummary();
  EXPECT_EQ(OS.str(), "1 warning and 2 errors generated.\n");
}

TEST_F(DiagFixture, ColorAlwaysEmitsEscapes) {
  load("x\n");
  Diags.setColorMode(ColorMode::Always);
  Diags.error(at(0), "colored");
  EXPECT_NE(OS.str().find("\x1b["), std::string::npos);
}

TEST(ErrorTest, FileFormatErrorNamesFileAndOffset) {
  Error E = make_error<FileFormatError>("p.proof", 42, "length field exceeds file size");
  EXPECT_EQ(toString(std::move(E)), "p.proof: at byte 42: length field exceeds file size");
}

} // namespace
