//===- CodeGen.cpp - zkcc: Clang AST to Miden assembly --------------------===//
//
// Values live on the operand stack while an expression is evaluated; every
// variable lives in memory: locals (and parameters) in procedure locals,
// globals at fixed addresses from GlobalBase. One element (felt) holds a
// 32-bit value, a pointer or a felt; 64-bit values take two, low limb first
// in memory and high limb on top of the stack. See docs/zkcc.md.
//
//===----------------------------------------------------------------------===//

#include "CodeGen.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <map>

#include <optional>

using namespace clang;
using llvm::StringRef;
using llvm::Twine;

namespace zkcc {
namespace {

constexpr uint64_t GlobalBase = 16;
constexpr uint64_t MaxLocals = 65535;
const char *U64 = "exec.::miden::core::math::u64::";

enum class VK { Void, U32, I32, U64, I64, Felt, Ptr };

/// zkcc compiles freestanding C, where Clang does not treat main specially.
bool isMainFn(const FunctionDecl *FD) {
  return FD->getName() == "main" && FD->getDeclContext()->isTranslationUnit();
}

unsigned width(VK K) {
  switch (K) {
  case VK::Void:
    return 0;
  case VK::U64:
  case VK::I64:
    return 2;
  default:
    return 1;
  }
}
bool is64(VK K) { return width(K) == 2; }
bool isSigned(VK K) { return K == VK::I32 || K == VK::I64; }

/// Where an lvalue lives. Local: procedure local Base; Global: address Base;
/// Temp: the address is in procedure local Base, plus Off; Stack: the address
/// is on top of the operand stack.
struct Addr {
  enum Kind { Local, Global, Temp, Stack } K;
  uint64_t Base = 0;
  uint64_t Off = 0;
};

/// Builds indented assembly text; a block that would be empty gets a nop.
class Emitter {
public:
  std::string Text;
  void ins(const Twine &I) {
    if (!Line.empty())
      Line += ' ';
    Line += I.str();
    if (!Counts.empty())
      ++Counts.back();
    if (Line.size() > 90)
      flush();
  }
  void comment(StringRef C) {
    flush();
    Text += indent() + "# " + C.str() + "\n";
  }
  void open(StringRef Head) {
    flush();
    Text += indent() + Head.str() + "\n";
    ++Depth;
    Counts.push_back(0);
  }
  void elseBlock() {
    if (Counts.back() == 0)
      ins("nop");
    flush();
    --Depth;
    Text += indent() + "else\n";
    ++Depth;
    Counts.back() = 0;
  }
  void close() {
    if (Counts.back() == 0)
      ins("nop");
    flush();
    --Depth;
    Text += indent() + "end\n";
    Counts.pop_back();
  }
  void flush() {
    if (!Line.empty())
      Text += indent() + Line + "\n";
    Line.clear();
  }

private:
  std::string indent() const { return std::string(2 * Depth, ' '); }
  std::string Line;
  unsigned Depth = 0;
  std::vector<unsigned> Counts;
};

struct FnState {
  const FunctionDecl *FD = nullptr;
  uint64_t NumLocals = 0;
  llvm::DenseMap<const VarDecl *, uint64_t> Slots;
  uint64_t RetSlot = 0, CtlSlot = 0;
  bool NeedsCtl = false;
  unsigned LastCommentLine = 0;
};

class CodeGen {
public:
  CodeGen(ASTContext &Ctx, const CodeGenOptions &Opts)
      : Ctx(Ctx), Diags(Ctx.getDiagnostics()), SM(Ctx.getSourceManager()), Opts(Opts) {}
  bool run(std::string &Out);

private:
  ASTContext &Ctx;
  DiagnosticsEngine &Diags;
  SourceManager &SM;
  const CodeGenOptions &Opts;
  bool Failed = false;
  Emitter *E = nullptr;
  FnState *F = nullptr;
  llvm::DenseMap<const VarDecl *, uint64_t> Globals;
  std::vector<const VarDecl *> GlobalOrder;
  uint64_t NextGlobal = GlobalBase;
  llvm::DenseMap<const FunctionDecl *, std::vector<std::pair<const FunctionDecl *, SourceLocation>>>
      Calls;
  llvm::SetVector<StringRef> Helpers;
  std::vector<const FunctionDecl *> FunctionOrder;

  void error(SourceLocation L, const Twine &Msg) {
    unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    Diags.Report(L, ID) << Msg.str();
    Failed = true;
  }
  void note(SourceLocation L, const Twine &Msg) {
    unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
    Diags.Report(L, ID) << Msg.str();
  }
  void ins(const Twine &I) { E->ins(I); }

  // ===== Types =====
  static bool isFelt(QualType T) {
    if (const auto *RT = T.getCanonicalType()->getAs<RecordType>())
      return RT->getDecl()->getName() == "zk_felt";
    return false;
  }
  std::optional<VK> scalarKind(QualType T) {
    T = T.getCanonicalType();
    if (T->isVoidType())
      return VK::Void;
    if (const auto *ET = T->getAs<EnumType>())
      return scalarKind(ET->getDecl()->getIntegerType());
    if (T->isBooleanType())
      return VK::U32;
    if (T->isIntegerType()) {
      uint64_t W = Ctx.getTypeSize(T);
      if (W == 32)
        return T->isSignedIntegerType() ? VK::I32 : VK::U32;
      if (W == 64)
        return T->isSignedIntegerType() ? VK::I64 : VK::U64;
      return std::nullopt;
    }
    if (T->isPointerType())
      return T->getPointeeType()->isFunctionType() ? std::nullopt : std::optional<VK>(VK::Ptr);
    if (isFelt(T))
      return VK::Felt;
    return std::nullopt;
  }
  std::string whyUnsupported(QualType T) {
    T = T.getCanonicalType();
    std::string N = "'" + T.getAsString() + "'";
    if (T->isFloatingType())
      return "floating-point type " + N + " is not supported by zkcc";
    if (T->isIntegerType())
      return "integer type " + N +
             " is not supported by zkcc (only 32- and 64-bit integers, _Bool and felt)";
    if (T->isPointerType() && T->getPointeeType()->isFunctionType())
      return "function pointers are not supported by zkcc";
    if (T->isUnionType())
      return "unions are not supported by zkcc";
    if (T->isVariableArrayType())
      return "variable-length arrays are not supported by zkcc";
    return "type " + N + " is not supported by zkcc";
  }
  /// The kind of a scalar type; reports an error at L for anything else.
  VK kindOf(QualType T, SourceLocation L) {
    if (auto K = scalarKind(T))
      return *K;
    error(L, whyUnsupported(T));
    return VK::U32;
  }
  bool isStruct(QualType T) { return T.getCanonicalType()->isStructureType() && !isFelt(T); }
  /// Size of an object in elements.
  std::optional<uint64_t> sizeOf(QualType T, SourceLocation L) {
    T = T.getCanonicalType();
    if (auto K = scalarKind(T)) {
      if (*K == VK::Void) {
        error(L, "'void' has no size in zkcc");
        return std::nullopt;
      }
      return width(*K);
    }
    if (const auto *AT = dyn_cast<ConstantArrayType>(T.getTypePtr())) {
      auto ES = sizeOf(AT->getElementType(), L);
      if (!ES)
        return std::nullopt;
      return *ES * AT->getSize().getZExtValue();
    }
    if (isStruct(T)) {
      const RecordDecl *RD = T->getAs<RecordType>()->getDecl()->getDefinition();
      if (!RD) {
        error(L, "incomplete struct type '" + T.getAsString() + "'");
        return std::nullopt;
      }
      uint64_t S = 0;
      for (const FieldDecl *FD : RD->fields()) {
        if (FD->isBitField()) {
          error(FD->getLocation(), "bit-fields are not supported by zkcc");
          return std::nullopt;
        }
        auto FS = sizeOf(FD->getType(), FD->getLocation());
        if (!FS)
          return std::nullopt;
        S += *FS;
      }
      return S;
    }
    error(L, whyUnsupported(T));
    return std::nullopt;
  }
  uint64_t fieldOffset(const FieldDecl *FD) {
    uint64_t Off = 0;
    for (const FieldDecl *Other : FD->getParent()->fields()) {
      if (Other == FD)
        break;
      Off += sizeOf(Other->getType(), Other->getLocation()).value_or(1);
    }
    return Off;
  }
  uint64_t elemSize(QualType PtrType, SourceLocation L) {
    QualType P = PtrType->getPointeeType();
    if (P.isNull())
      return 1;
    return sizeOf(P, L).value_or(1);
  }

  // ===== Stack helpers =====
  void pushConst(uint64_t V, VK K) {
    if (is64(K)) {
      ins("push." + Twine(V & 0xFFFFFFFFu));
      ins("push." + Twine(V >> 32));
    } else {
      ins("push." + Twine(V & 0xFFFFFFFFu));
    }
  }
  void drop(VK K) {
    for (unsigned I = 0; I < width(K); ++I)
      ins("drop");
  }
  void dupValue(VK K) {
    if (is64(K)) {
      ins("dup.1");
      ins("dup.1");
    } else if (K != VK::Void) {
      ins("dup");
    }
  }
  void toBool(VK K) {
    if (is64(K)) {
      ins("neq.0");
      ins("swap");
      ins("neq.0");
      ins("or");
    } else {
      ins("neq.0");
    }
  }
  void neg64() {
    ins("push.0");
    ins("push.0");
    ins("movup.3");
    ins("movup.3");
    ins(Twine(U64) + "wrapping_sub");
  }
  void convert(VK From, VK To) {
    if (From == To || width(From) == width(To) || To == VK::Void)
      return;
    if (width(From) == 1 && width(To) == 2) {
      if (From == VK::I32) {
        ins("dup");
        ins("u32shr.31");
        ins("mul.4294967295");
      } else {
        ins("push.0");
      }
    } else if (width(From) == 2 && width(To) == 1) {
      ins("drop");
    }
  }

  // ===== Memory =====
  uint64_t allocLocal(uint64_t N) {
    uint64_t S = F->NumLocals;
    F->NumLocals += N;
    return S;
  }
  Addr materialize(Addr A) {
    if (A.K != Addr::Stack)
      return A;
    uint64_t T = allocLocal(1);
    ins("loc_store." + Twine(T));
    return {Addr::Temp, T, 0};
  }
  Addr offset(Addr A, uint64_t Off) {
    if (A.K == Addr::Local || A.K == Addr::Global)
      A.Base += Off;
    else
      A.Off += Off;
    return A;
  }
  void pushAddress(Addr A) {
    switch (A.K) {
    case Addr::Local:
      ins("locaddr." + Twine(A.Base));
      break;
    case Addr::Global:
      ins("push." + Twine(A.Base));
      break;
    case Addr::Temp:
      ins("loc_load." + Twine(A.Base));
      if (A.Off)
        ins("add." + Twine(A.Off));
      break;
    case Addr::Stack:
      if (A.Off)
        ins("add." + Twine(A.Off));
      break;
    }
  }
  void loadElem(Addr A, uint64_t Off) {
    A = offset(A, Off);
    if (A.K == Addr::Local)
      ins("loc_load." + Twine(A.Base));
    else if (A.K == Addr::Global)
      ins("mem_load." + Twine(A.Base));
    else {
      pushAddress(A);
      ins("mem_load");
    }
  }
  void storeElem(Addr A, uint64_t Off) {
    A = offset(A, Off);
    if (A.K == Addr::Local)
      ins("loc_store." + Twine(A.Base));
    else if (A.K == Addr::Global)
      ins("mem_store." + Twine(A.Base));
    else {
      pushAddress(A);
      ins("mem_store");
    }
  }
  void load(Addr A, VK K) {
    if (A.K == Addr::Stack) {
      if (A.Off)
        ins("add." + Twine(A.Off));
      if (is64(K)) {
        ins("dup");
        ins("mem_load");
        ins("swap");
        ins("add.1");
        ins("mem_load");
      } else {
        ins("mem_load");
      }
      return;
    }
    loadElem(A, 0);
    if (is64(K))
      loadElem(A, 1);
  }
  void store(Addr A, VK K) {
    if (is64(K))
      storeElem(A, 1);
    storeElem(A, 0);
  }
  void copy(Addr Dst, Addr Src, uint64_t N) {
    for (uint64_t I = 0; I < N; ++I) {
      loadElem(Src, I);
      storeElem(Dst, I);
    }
  }
  void zeroFill(Addr A, uint64_t N) {
    if (N <= 8) {
      for (uint64_t I = 0; I < N; ++I) {
        ins("push.0");
        storeElem(A, I);
      }
      return;
    }
    pushAddress(A);
    ins("dup");
    ins("add." + Twine(N));
    ins("swap");
    ins("push.1");
    E->open("while.true");
    ins("push.0");
    ins("dup.1");
    ins("mem_store");
    ins("add.1");
    ins("dup");
    ins("dup.2");
    ins("neq");
    E->close();
    ins("drop");
    ins("drop");
  }

  // ===== Expressions =====
  Addr emitAddr(const Expr *X);
  VK emitExpr(const Expr *X);
  VK emitCast(const CastExpr *C);
  VK emitBinary(const BinaryOperator *B, bool Want);
  VK emitArith(BinaryOperatorKind Op, VK L, VK R, SourceLocation Loc);
  VK emitUnary(const UnaryOperator *U, bool Want);
  VK emitCall(const CallExpr *C);
  VK emitIntrinsic(const CallExpr *C, StringRef Name);
  void emitIndex(const Expr *Idx, uint64_t Size);
  void emitCond(const Expr *X);
  void emitDiscard(const Expr *X);
  void emitInit(Addr A, QualType T, const Expr *Init);

  // ===== Statements =====
  void emitStmt(const Stmt *S);
  void emitSeq(llvm::ArrayRef<const Stmt *> Stmts);
  void emitLoop(const Stmt *Init, const Expr *Cond, const Expr *Inc, const Stmt *Body, bool IsDo);
  void emitFunction(const FunctionDecl *FD, std::string &Out);
  void emitLocalVar(const VarDecl *VD);
  void lineComment(SourceLocation L);
  void writeGlobalInit(uint64_t Addr, QualType T, const Expr *Init);
  void emitHelpers(std::string &Out);
  bool checkRecursion();
};

// ===== Control-flow analysis =====

bool containsKind(const Stmt *S, bool Return, bool BreakContinue) {
  if (!S || isa<Expr>(S))
    return false;
  if (isa<ReturnStmt>(S))
    return Return;
  if (isa<BreakStmt>(S) || isa<ContinueStmt>(S))
    return BreakContinue;
  bool Loop = isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S);
  for (const Stmt *C : S->children())
    if (containsKind(C, Return, BreakContinue && !Loop))
      return true;
  return false;
}
bool containsStmt(const Stmt *S, Stmt::StmtClass K, bool IntoLoops) {
  if (!S || isa<Expr>(S))
    return false;
  if (S->getStmtClass() == K)
    return true;
  bool Loop = isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S);
  if (Loop && !IntoLoops)
    return false;
  for (const Stmt *C : S->children())
    if (containsStmt(C, K, IntoLoops))
      return true;
  return false;
}
/// Whether executing S may leave the control flag set (break, continue, return).
bool mayJump(const Stmt *S) { return containsKind(S, true, true); }

void CodeGen::lineComment(SourceLocation L) {
  if (!Opts.SourceComments || L.isInvalid())
    return;
  L = SM.getExpansionLoc(L);
  unsigned Line = SM.getExpansionLineNumber(L);
  if (Line == F->LastCommentLine)
    return;
  F->LastCommentLine = Line;
  bool Invalid = false;
  StringRef Buf = SM.getBufferData(SM.getFileID(L), &Invalid);
  if (Invalid)
    return;
  unsigned Off = SM.getFileOffset(L);
  size_t Begin = Buf.rfind('\n', Off);
  Begin = Begin == StringRef::npos ? 0 : Begin + 1;
  size_t End = Buf.find('\n', Off);
  StringRef Text = Buf.slice(Begin, End == StringRef::npos ? Buf.size() : End).trim();
  E->comment(
      (llvm::sys::path::filename(SM.getFilename(L)) + ":" + Twine(Line) + ": " + Text).str());
}

// ===== Expressions =====

Addr CodeGen::emitAddr(const Expr *X) {
  X = X->IgnoreParens();
  if (const auto *ICE = dyn_cast<ImplicitCastExpr>(X))
    if (ICE->getCastKind() == CK_NoOp || ICE->getCastKind() == CK_LValueBitCast)
      return emitAddr(ICE->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = F->Slots.find(VD);
      if (It != F->Slots.end())
        return {Addr::Local, It->second, 0};
      auto G = Globals.find(VD->getCanonicalDecl());
      if (G != Globals.end())
        return {Addr::Global, G->second, 0};
      error(DRE->getLocation(),
            "'" + VD->getName() + "' has no storage (declared but not defined)");
      return {Addr::Global, 0, 0};
    }
    if (isa<FunctionDecl>(DRE->getDecl()))
      error(DRE->getLocation(), "function pointers are not supported by zkcc");
    else
      error(DRE->getLocation(), "unsupported reference");
    return {Addr::Global, 0, 0};
  }
  if (const auto *U = dyn_cast<UnaryOperator>(X)) {
    if (U->getOpcode() == UO_Deref) {
      emitExpr(U->getSubExpr());
      return {Addr::Stack, 0, 0};
    }
  }
  if (const auto *A = dyn_cast<ArraySubscriptExpr>(X)) {
    uint64_t Size = sizeOf(A->getType(), A->getExprLoc()).value_or(1);
    const Expr *Base = A->getBase()->IgnoreParens();
    // a[constant] on a local or global array: a fixed slot or address.
    if (const auto *Decay = dyn_cast<ImplicitCastExpr>(Base)) {
      Expr::EvalResult R;
      if (Decay->getCastKind() == CK_ArrayToPointerDecay && A->getIdx()->EvaluateAsInt(R, Ctx) &&
          R.Val.getInt().getExtValue() >= 0) {
        uint64_t I = R.Val.getInt().getExtValue();
        const auto *AT = Ctx.getAsConstantArrayType(Decay->getSubExpr()->getType());
        if (AT && I < AT->getSize().getZExtValue()) {
          Addr B = emitAddr(Decay->getSubExpr());
          if (B.K != Addr::Stack)
            return offset(B, I * Size);
          if (I)
            ins("add." + Twine(I * Size));
          return B;
        }
      }
    }
    emitExpr(A->getBase());
    emitIndex(A->getIdx(), Size);
    ins("u32wrapping_add");
    return {Addr::Stack, 0, 0};
  }
  if (const auto *M = dyn_cast<MemberExpr>(X)) {
    const auto *FD = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!FD) {
      error(M->getMemberLoc(), "unsupported member");
      return {Addr::Global, 0, 0};
    }
    if (isFelt(M->getBase()->getType()) ||
        (M->isArrow() && isFelt(M->getBase()->getType()->getPointeeType()))) {
      error(M->getMemberLoc(), "a felt's representation is private; use zk_felt_value()");
      return {Addr::Global, 0, 0};
    }
    if (FD->getParent()->isUnion()) {
      error(M->getMemberLoc(), "unions are not supported by zkcc");
      return {Addr::Global, 0, 0};
    }
    uint64_t Off = fieldOffset(FD);
    if (M->isArrow()) {
      emitExpr(M->getBase());
      if (Off)
        ins("add." + Twine(Off));
      return {Addr::Stack, 0, 0};
    }
    Addr B = emitAddr(M->getBase());
    if (B.K == Addr::Stack) {
      if (Off)
        ins("add." + Twine(Off));
      return B;
    }
    return offset(B, Off);
  }
  if (isa<StringLiteral>(X)) {
    error(X->getExprLoc(), "string literals are not supported by zkcc");
    return {Addr::Global, 0, 0};
  }
  if (isa<CompoundLiteralExpr>(X)) {
    error(X->getExprLoc(), "compound literals are not supported by zkcc");
    return {Addr::Global, 0, 0};
  }
  error(X->getExprLoc(), Twine("unsupported lvalue expression (") + X->getStmtClassName() + ")");
  return {Addr::Global, 0, 0};
}

void CodeGen::emitIndex(const Expr *Idx, uint64_t Size) {
  VK K = emitExpr(Idx);
  if (is64(K))
    ins("drop"); // the low limb: wrapping arithmetic on addresses below 2^32
  if (Size != 1)
    ins("u32wrapping_mul." + Twine(Size));
}

VK CodeGen::emitExpr(const Expr *X) {
  X = X->IgnoreParens();
  QualType T = X->getType();
  if (T->isRealFloatingType() || T->isAnyComplexType()) {
    error(X->getExprLoc(), whyUnsupported(T));
    return VK::U32;
  }
  if (X->isPRValue() && T->isIntegerType() && !X->isValueDependent()) {
    Expr::EvalResult R;
    if (X->EvaluateAsInt(R, Ctx)) {
      VK K = kindOf(T, X->getExprLoc());
      pushConst(R.Val.getInt().getZExtValue(), K);
      return K;
    }
  }
  if (const auto *CE = dyn_cast<ConstantExpr>(X))
    return emitExpr(CE->getSubExpr());
  if (const auto *C = dyn_cast<CastExpr>(X))
    return emitCast(C);
  if (const auto *B = dyn_cast<BinaryOperator>(X))
    return emitBinary(B, true);
  if (const auto *U = dyn_cast<UnaryOperator>(X))
    return emitUnary(U, true);
  if (const auto *C = dyn_cast<CallExpr>(X))
    return emitCall(C);
  if (const auto *C = dyn_cast<ConditionalOperator>(X)) {
    VK K = kindOf(T, X->getExprLoc());
    emitCond(C->getCond());
    E->open("if.true");
    convert(emitExpr(C->getTrueExpr()), K);
    E->elseBlock();
    convert(emitExpr(C->getFalseExpr()), K);
    E->close();
    return K;
  }
  if (isa<StringLiteral>(X)) {
    error(X->getExprLoc(), "string literals are not supported by zkcc");
    return VK::U32;
  }
  if (isa<IntegerLiteral>(X) || isa<CharacterLiteral>(X)) {
    error(X->getExprLoc(), "integer constant out of range");
    return VK::U32;
  }
  error(X->getExprLoc(), Twine("unsupported expression (") + X->getStmtClassName() + ")");
  return VK::U32;
}

VK CodeGen::emitCast(const CastExpr *C) {
  const Expr *Sub = C->getSubExpr();
  QualType T = C->getType();
  SourceLocation L = C->getExprLoc();
  switch (C->getCastKind()) {
  case CK_LValueToRValue: {
    if (isStruct(T)) {
      error(L, "struct values are only supported in assignments and initializers");
      return VK::U32;
    }
    VK K = kindOf(T, L);
    load(emitAddr(Sub), K);
    return K;
  }
  case CK_NoOp:
    return emitExpr(Sub);
  case CK_ToVoid:
    emitDiscard(Sub);
    return VK::Void;
  case CK_NullToPointer:
    emitDiscard(Sub);
    ins("push.0");
    return VK::Ptr;
  case CK_ArrayToPointerDecay:
    pushAddress(emitAddr(Sub));
    return VK::Ptr;
  case CK_IntegralCast:
  case CK_IntegralToBoolean:
  case CK_PointerToIntegral:
  case CK_IntegralToPointer:
  case CK_PointerToBoolean:
  case CK_BitCast: {
    VK From = emitExpr(Sub);
    VK To = kindOf(T, L);
    if (T->isBooleanType() && !Sub->getType()->isBooleanType()) {
      toBool(From);
      return VK::U32;
    }
    convert(From, To);
    return To;
  }
  case CK_FunctionToPointerDecay:
    error(L, "function pointers are not supported by zkcc");
    return VK::U32;
  default:
    if (T->isRealFloatingType() || Sub->getType()->isRealFloatingType())
      error(L, "floating-point types are not supported by zkcc");
    else
      error(L, Twine("unsupported conversion (") + C->getCastKindName() + ")");
    return VK::U32;
  }
}

VK CodeGen::emitArith(BinaryOperatorKind Op, VK L, VK R, SourceLocation Loc) {
  if (Op == BO_Shl || Op == BO_Shr) {
    if (is64(R))
      ins("drop");
    ins(is64(L) ? "u32and.63" : "u32and.31");
    if (Op == BO_Shl) {
      ins(is64(L) ? Twine(U64) + "shl" : Twine("u32shl"));
    } else if (L == VK::I32) {
      Helpers.insert("i32_shr");
      ins("exec.zkcc_i32_shr");
    } else if (L == VK::I64) {
      Helpers.insert("i64_shr");
      ins("exec.zkcc_i64_shr");
    } else {
      ins(is64(L) ? Twine(U64) + "shr" : Twine("u32shr"));
    }
    return L;
  }
  if (L == VK::Felt || R == VK::Felt) {
    error(Loc, "C operators do not apply to felt; use the zk_* functions of zkvm.h");
    return L;
  }
  convert(R, L);
  bool W = is64(L), S = isSigned(L);
  auto Flip = [&] { // signed order -> unsigned order: flip both sign bits
    if (W) {
      ins("push.2147483648");
      ins("u32xor");
      ins("movup.2");
      ins("push.2147483648");
      ins("u32xor");
      ins("movdn.2");
    } else {
      ins("push.2147483648");
      ins("u32xor");
      ins("swap");
      ins("push.2147483648");
      ins("u32xor");
      ins("swap");
    }
  };
  auto Cmp = [&](StringRef U32Op, StringRef U64Op) {
    if (S)
      Flip();
    ins(W ? Twine(U64) + U64Op : Twine(U32Op));
    return VK::I32;
  };
  switch (Op) {
  case BO_Add:
    ins(W ? Twine(U64) + "wrapping_add" : Twine("u32wrapping_add"));
    return L;
  case BO_Sub:
    ins(W ? Twine(U64) + "wrapping_sub" : Twine("u32wrapping_sub"));
    return L;
  case BO_Mul:
    ins(W ? Twine(U64) + "wrapping_mul" : Twine("u32wrapping_mul"));
    return L;
  case BO_Div:
  case BO_Rem: {
    bool Div = Op == BO_Div;
    if (S) {
      StringRef H = W ? (Div ? "i64_div" : "i64_rem") : (Div ? "i32_div" : "i32_rem");
      Helpers.insert(H);
      ins("exec.zkcc_" + H);
    } else if (W) {
      ins(Twine(U64) + (Div ? "div" : "mod"));
    } else {
      ins(Div ? "u32div" : "u32mod");
    }
    return L;
  }
  case BO_And:
    ins(W ? Twine(U64) + "and" : Twine("u32and"));
    return L;
  case BO_Or:
    ins(W ? Twine(U64) + "or" : Twine("u32or"));
    return L;
  case BO_Xor:
    ins(W ? Twine(U64) + "xor" : Twine("u32xor"));
    return L;
  case BO_EQ:
    ins(W ? Twine(U64) + "eq" : Twine("eq"));
    return VK::I32;
  case BO_NE:
    ins(W ? Twine(U64) + "neq" : Twine("neq"));
    return VK::I32;
  case BO_LT:
    return Cmp("u32lt", "lt");
  case BO_GT:
    return Cmp("u32gt", "gt");
  case BO_LE:
    return Cmp("u32lte", "lte");
  case BO_GE:
    return Cmp("u32gte", "gte");
  default:
    error(Loc, "unsupported operator");
    return L;
  }
}

VK CodeGen::emitBinary(const BinaryOperator *B, bool Want) {
  BinaryOperatorKind Op = B->getOpcode();
  const Expr *LHS = B->getLHS(), *RHS = B->getRHS();
  SourceLocation Loc = B->getOperatorLoc();
  QualType LT = LHS->getType();
  if (Op == BO_Comma) {
    emitDiscard(LHS);
    if (!Want) {
      emitDiscard(RHS);
      return VK::Void;
    }
    return emitExpr(RHS);
  }
  if (Op == BO_LAnd || Op == BO_LOr) {
    emitCond(LHS);
    E->open("if.true");
    if (Op == BO_LAnd)
      emitCond(RHS);
    else
      ins("push.1");
    E->elseBlock();
    if (Op == BO_LAnd)
      ins("push.0");
    else
      emitCond(RHS);
    E->close();
    if (!Want)
      ins("drop");
    return Want ? VK::I32 : VK::Void;
  }
  if (Op == BO_Assign) {
    if (isStruct(LT)) {
      uint64_t N = sizeOf(LT, Loc).value_or(0);
      Addr D = materialize(emitAddr(LHS));
      const Expr *R = RHS->IgnoreParens();
      if (const auto *ICE = dyn_cast<ImplicitCastExpr>(R))
        if (ICE->getCastKind() == CK_LValueToRValue)
          R = ICE->getSubExpr();
      if (!R->isLValue()) {
        error(RHS->getExprLoc(), "struct values are only copied from objects in zkcc");
        return VK::Void;
      }
      Addr Src = materialize(emitAddr(R));
      copy(D, Src, N);
      if (Want)
        error(Loc, "the value of a struct assignment cannot be used in zkcc");
      return VK::Void;
    }
    VK K = kindOf(LT, Loc);
    Addr A = materialize(emitAddr(LHS));
    convert(emitExpr(RHS), K);
    if (Want)
      dupValue(K);
    store(A, K);
    return Want ? K : VK::Void;
  }
  if (const auto *CA = dyn_cast<CompoundAssignOperator>(B)) {
    VK K = kindOf(LT, Loc);
    Addr A = materialize(emitAddr(LHS));
    load(A, K);
    BinaryOperatorKind BOp = BinaryOperator::getOpForCompoundAssignment(Op);
    if (K == VK::Ptr) {
      emitIndex(RHS, elemSize(LT, Loc));
      ins(BOp == BO_Add ? "u32wrapping_add" : "u32wrapping_sub");
    } else {
      VK CL = kindOf(CA->getComputationLHSType(), Loc);
      convert(K, CL);
      VK R = emitExpr(RHS);
      VK Res = emitArith(BOp, CL, R, Loc);
      convert(Res, K);
      if (LT->isBooleanType())
        toBool(K);
    }
    if (Want)
      dupValue(K);
    store(A, K);
    return Want ? K : VK::Void;
  }
  QualType RT = RHS->getType();
  // Pointer arithmetic, in elements.
  if ((Op == BO_Add || Op == BO_Sub) && (LT->isPointerType() || RT->isPointerType())) {
    if (LT->isPointerType() && RT->isPointerType()) {
      uint64_t Size = elemSize(LT, Loc);
      emitExpr(LHS);
      emitExpr(RHS);
      ins("u32wrapping_sub");
      if (Size != 1) {
        pushConst(Size, VK::I32);
        Helpers.insert("i32_div");
        ins("exec.zkcc_i32_div");
      }
      VK K = kindOf(B->getType(), Loc);
      convert(VK::I32, K);
      return K;
    }
    if (LT->isPointerType()) {
      emitExpr(LHS);
      emitIndex(RHS, elemSize(LT, Loc));
    } else {
      emitIndex(LHS, elemSize(RT, Loc));
      emitExpr(RHS);
    }
    ins(Op == BO_Add ? "u32wrapping_add" : "u32wrapping_sub");
    return VK::Ptr;
  }
  VK L = emitExpr(LHS);
  VK R = emitExpr(RHS);
  if (L == VK::Ptr)
    L = VK::U32;
  if (R == VK::Ptr)
    R = VK::U32;
  VK K = emitArith(Op, L, R, Loc);
  if (!Want)
    drop(K);
  return Want ? K : VK::Void;
}

VK CodeGen::emitUnary(const UnaryOperator *U, bool Want) {
  const Expr *Sub = U->getSubExpr();
  SourceLocation Loc = U->getOperatorLoc();
  switch (U->getOpcode()) {
  case UO_PostInc:
  case UO_PostDec:
  case UO_PreInc:
  case UO_PreDec: {
    QualType T = Sub->getType();
    VK K = kindOf(T, Loc);
    if (K == VK::Felt || T->isBooleanType()) {
      error(Loc, "increment of this type is not supported by zkcc");
      return K;
    }
    Addr A = materialize(emitAddr(Sub));
    load(A, K);
    bool Post = U->isPostfix(), Inc = U->isIncrementOp();
    if (Post && Want)
      dupValue(K);
    if (is64(K)) {
      pushConst(1, VK::U64);
      ins(Twine(U64) + (Inc ? "wrapping_add" : "wrapping_sub"));
    } else {
      uint64_t Step = K == VK::Ptr ? elemSize(T, Loc) : 1;
      ins((Inc ? "u32wrapping_add." : "u32wrapping_sub.") + Twine(Step));
    }
    if (!Post && Want)
      dupValue(K);
    store(A, K);
    return Want ? K : VK::Void;
  }
  case UO_AddrOf: {
    if (Sub->getType()->isFunctionType()) {
      error(Loc, "function pointers are not supported by zkcc");
      return VK::Ptr;
    }
    pushAddress(emitAddr(Sub));
    return VK::Ptr;
  }
  case UO_Deref: {
    VK K = kindOf(U->getType(), Loc);
    load(emitAddr(U), K);
    return K;
  }
  case UO_Plus:
    return emitExpr(Sub);
  case UO_Minus: {
    VK K = emitExpr(Sub);
    if (is64(K)) {
      neg64();
    } else {
      ins("push.0");
      ins("swap");
      ins("u32wrapping_sub");
    }
    return K;
  }
  case UO_Not: {
    VK K = emitExpr(Sub);
    if (is64(K)) {
      ins("u32not");
      ins("swap");
      ins("u32not");
      ins("swap");
    } else {
      ins("u32not");
    }
    return K;
  }
  case UO_LNot:
    emitCond(Sub);
    ins("not");
    return VK::I32;
  default:
    error(Loc, "unsupported unary operator");
    return VK::U32;
  }
}

static const char *const IntrinsicNames[] = {
    "zk_felt",   "zk_felt_value", "zk_add",    "zk_sub",  "zk_mul",
    "zk_div",    "zk_neg",        "zk_inv",    "zk_pow",  "zk_eq",
    "zk_advice", "zk_advice_u32", "zk_assert", "zk_hash", "zk_hmerge"};

VK CodeGen::emitIntrinsic(const CallExpr *C, StringRef Name) {
  for (const Expr *A : C->arguments())
    if (Name != "zk_assert")
      emitExpr(A);
  auto One = [&](StringRef I, VK K) {
    ins(I);
    return K;
  };
  if (Name == "zk_felt") {
    ins("mul.4294967296");
    return One("add", VK::Felt);
  }
  if (Name == "zk_felt_value")
    return One("u32split", VK::U64);
  if (Name == "zk_add" || Name == "zk_sub" || Name == "zk_mul" || Name == "zk_div" ||
      Name == "zk_neg" || Name == "zk_inv")
    return One(Name.drop_front(3), VK::Felt);
  if (Name == "zk_pow")
    return One("exp", VK::Felt);
  if (Name == "zk_eq")
    return One("eq", VK::I32);
  if (Name == "zk_advice")
    return One("adv_push.1", VK::Felt);
  if (Name == "zk_advice_u32") {
    ins("adv_push.1");
    return One("u32assert", VK::U32);
  }
  // A word in memory holds element 0 at the lowest address; on the stack it
  // has element 3 on top. Arrays need not be word-aligned, so the elements
  // are moved one by one.
  auto LoadWord = [&] { // [p] -> [e3, e2, e1, e0]
    for (const char *I : {"dup", "mem_load", "dup.1", "add.1", "mem_load", "dup.2", "add.2",
                          "mem_load", "movup.3", "add.3", "mem_load"})
      ins(I);
  };
  auto StoreWord = [&] { // [e3, e2, e1, e0, p] -> []
    ins("movup.4");
    for (unsigned I = 3; I >= 1; --I) {
      ins("dup");
      ins("add." + Twine(I));
      ins("movup.2");
      ins("swap");
      ins("mem_store");
    }
    ins("mem_store");
  };
  if (Name == "zk_hmerge") { // [out, b, a]
    ins("movdn.2");
    ins("swap");
    LoadWord();
    ins("movup.4");
    LoadWord();
    ins("hmerge");
    StoreWord();
    return VK::Void;
  }
  if (Name == "zk_hash") { // [out, in]
    ins("swap");
    LoadWord();
    ins("hash");
    StoreWord();
    return VK::Void;
  }
  // zk_assert
  emitCond(C->getArg(0));
  PresumedLoc P = SM.getPresumedLoc(C->getExprLoc());
  std::string Where =
      P.isValid() ? (llvm::sys::path::filename(P.getFilename()) + ":" + Twine(P.getLine())).str()
                  : "";
  for (char &Ch : Where)
    if (Ch == '"' || Ch == '\\')
      Ch = '_';
  return One("assert.err=\"zk_assert failed at " + Where + "\"", VK::Void);
}

VK CodeGen::emitCall(const CallExpr *C) {
  const FunctionDecl *FD = C->getDirectCallee();
  SourceLocation L = C->getExprLoc();
  if (!FD) {
    error(L, "calls through function pointers are not supported by zkcc");
    return VK::U32;
  }
  StringRef Name = FD->getName();
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def) {
    for (const char *N : IntrinsicNames)
      if (Name == N)
        return emitIntrinsic(C, Name);
    if (FD->getBuiltinID())
      error(L, "builtin function '" + Name + "' is not supported by zkcc");
    else
      error(L, "function '" + Name +
                   "' is declared but not defined; zkcc compiles one translation unit");
    return VK::U32;
  }
  if (FD->isVariadic()) {
    error(L, "variadic functions are not supported by zkcc");
    return VK::U32;
  }
  if (isMainFn(Def)) {
    error(L, "calling 'main' is not supported by zkcc");
    return VK::U32;
  }
  for (const Expr *A : C->arguments()) {
    if (isStruct(A->getType())) {
      error(A->getExprLoc(), "struct arguments are not supported by zkcc; pass a pointer");
      continue;
    }
    emitExpr(A);
  }
  Calls[F->FD].push_back({Def, L});
  ins("exec." + Def->getName());
  QualType RT = FD->getReturnType();
  if (isStruct(RT)) {
    error(L, "struct return values are not supported by zkcc");
    return VK::Void;
  }
  return kindOf(RT, L);
}

void CodeGen::emitCond(const Expr *X) {
  const Expr *S = X->IgnoreParens();
  if (const auto *B = dyn_cast<BinaryOperator>(S))
    if (B->isComparisonOp() || B->isLogicalOp()) {
      emitExpr(X);
      return;
    }
  if (const auto *U = dyn_cast<UnaryOperator>(S))
    if (U->getOpcode() == UO_LNot) {
      emitExpr(X);
      return;
    }
  VK K = emitExpr(X);
  toBool(K);
}

void CodeGen::emitDiscard(const Expr *X) {
  X = X->IgnoreParens();
  if (const auto *B = dyn_cast<BinaryOperator>(X)) {
    emitBinary(B, false);
    return;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(X))
    if (U->isIncrementDecrementOp()) {
      emitUnary(U, false);
      return;
    }
  drop(emitExpr(X));
}

void CodeGen::emitInit(Addr A, QualType T, const Expr *Init) {
  SourceLocation L = Init->getExprLoc();
  Init = Init->IgnoreParens();
  if (isa<ImplicitValueInitExpr>(Init)) {
    zeroFill(A, sizeOf(T, L).value_or(0));
    return;
  }
  if (const auto *IL = dyn_cast<InitListExpr>(Init)) {
    if (IL->isStringLiteralInit()) {
      error(L, "string literals are not supported by zkcc");
      return;
    }
    if (const auto *AT = Ctx.getAsConstantArrayType(T)) {
      QualType ET = AT->getElementType();
      uint64_t ES = sizeOf(ET, L).value_or(1), N = AT->getSize().getZExtValue();
      unsigned I = 0;
      for (; I < IL->getNumInits() && I < N; ++I)
        emitInit(offset(A, I * ES), ET, IL->getInit(I));
      if (I < N)
        zeroFill(offset(A, I * ES), (N - I) * ES);
      return;
    }
    if (isStruct(T)) {
      const RecordDecl *RD = T->getAs<RecordType>()->getDecl();
      unsigned I = 0;
      for (const FieldDecl *FD : RD->fields()) {
        Addr FA = offset(A, fieldOffset(FD));
        if (I < IL->getNumInits())
          emitInit(FA, FD->getType(), IL->getInit(I));
        else
          zeroFill(FA, sizeOf(FD->getType(), L).value_or(0));
        ++I;
      }
      return;
    }
    if (isFelt(T)) {
      error(L, "initialize a felt with zk_felt()");
      return;
    }
    if (IL->getNumInits() == 1) {
      emitInit(A, T, IL->getInit(0));
      return;
    }
    zeroFill(A, sizeOf(T, L).value_or(0));
    return;
  }
  if (isStruct(T) || T->isArrayType()) {
    const Expr *R = Init;
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(R))
      if (ICE->getCastKind() == CK_LValueToRValue)
        R = ICE->getSubExpr();
    if (!R->isLValue() || T->isArrayType()) {
      error(L, "unsupported initializer");
      return;
    }
    Addr Src = materialize(emitAddr(R));
    copy(A, Src, sizeOf(T, L).value_or(0));
    return;
  }
  VK K = kindOf(T, L);
  convert(emitExpr(Init), K);
  store(A, K);
}

// ===== Statements =====

void CodeGen::emitLocalVar(const VarDecl *VD) {
  if (VD->isStaticLocal()) // allocated and initialized with the globals
    return;
  if (VD->hasExternalStorage()) {
    error(VD->getLocation(), "block-scope extern declarations are not supported by zkcc");
    return;
  }
  auto Size = sizeOf(VD->getType(), VD->getLocation());
  if (!Size) { // reported; a slot anyway, so that uses do not cascade
    F->Slots[VD] = allocLocal(1);
    return;
  }
  uint64_t Slot = allocLocal(*Size);
  F->Slots[VD] = Slot;
  if (const Expr *Init = VD->getInit())
    emitInit({Addr::Local, Slot, 0}, VD->getType(), Init);
}

void CodeGen::emitSeq(llvm::ArrayRef<const Stmt *> Stmts) {
  for (size_t I = 0; I < Stmts.size(); ++I) {
    emitStmt(Stmts[I]);
    if (F->NeedsCtl && I + 1 < Stmts.size() && mayJump(Stmts[I])) {
      ins("loc_load." + Twine(F->CtlSlot));
      ins("eq.0");
      E->open("if.true");
      emitSeq(Stmts.drop_front(I + 1));
      E->close();
      return;
    }
  }
}

void CodeGen::emitLoop(const Stmt *Init, const Expr *Cond, const Expr *Inc, const Stmt *Body,
                       bool IsDo) {
  if (Init)
    emitStmt(Init);
  auto EmitCond = [&] {
    if (Cond)
      emitCond(Cond);
    else
      ins("push.1");
  };
  bool J = F->NeedsCtl && (containsKind(Body, true, true));
  if (IsDo)
    ins("push.1");
  else
    EmitCond();
  E->open("while.true");
  emitStmt(Body);
  if (J) {
    if (containsStmt(Body, Stmt::ContinueStmtClass, false)) {
      ins("loc_load." + Twine(F->CtlSlot));
      ins("eq.2");
      E->open("if.true");
      ins("push.0");
      ins("loc_store." + Twine(F->CtlSlot));
      E->close();
    }
    ins("loc_load." + Twine(F->CtlSlot));
    ins("eq.0");
    E->open("if.true");
    if (Inc)
      emitDiscard(Inc);
    EmitCond();
    E->elseBlock();
    ins("push.0");
    E->close();
  } else {
    if (Inc)
      emitDiscard(Inc);
    EmitCond();
  }
  E->close();
  if (J && containsStmt(Body, Stmt::BreakStmtClass, false)) {
    ins("loc_load." + Twine(F->CtlSlot));
    ins("eq.1");
    E->open("if.true");
    ins("push.0");
    ins("loc_store." + Twine(F->CtlSlot));
    E->close();
  }
}

void CodeGen::emitStmt(const Stmt *S) {
  if (!S)
    return;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    llvm::SmallVector<const Stmt *, 16> Body(CS->body_begin(), CS->body_end());
    emitSeq(Body);
    return;
  }
  lineComment(S->getBeginLoc());
  if (isa<NullStmt>(S))
    return;
  if (const auto *X = dyn_cast<Expr>(S)) {
    emitDiscard(X);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        emitLocalVar(VD);
    return;
  }
  if (const auto *R = dyn_cast<ReturnStmt>(S)) {
    if (const Expr *V = R->getRetValue()) {
      QualType RT = F->FD->getReturnType();
      VK K = kindOf(RT, V->getExprLoc());
      convert(emitExpr(V), K);
      if (is64(K))
        ins("loc_store." + Twine(F->RetSlot + 1));
      if (K != VK::Void)
        ins("loc_store." + Twine(F->RetSlot));
    }
    if (F->NeedsCtl) {
      ins("push.3");
      ins("loc_store." + Twine(F->CtlSlot));
    }
    return;
  }
  if (const auto *I = dyn_cast<IfStmt>(S)) {
    emitCond(I->getCond());
    E->open("if.true");
    emitStmt(I->getThen());
    if (I->getElse()) {
      E->elseBlock();
      emitStmt(I->getElse());
    }
    E->close();
    return;
  }
  if (const auto *W = dyn_cast<WhileStmt>(S)) {
    emitLoop(nullptr, W->getCond(), nullptr, W->getBody(), false);
    return;
  }
  if (const auto *D = dyn_cast<DoStmt>(S)) {
    emitLoop(nullptr, D->getCond(), nullptr, D->getBody(), true);
    return;
  }
  if (const auto *Fo = dyn_cast<ForStmt>(S)) {
    emitLoop(Fo->getInit(), Fo->getCond(), Fo->getInc(), Fo->getBody(), false);
    return;
  }
  if (isa<BreakStmt>(S) || isa<ContinueStmt>(S)) {
    ins(isa<BreakStmt>(S) ? "push.1" : "push.2");
    ins("loc_store." + Twine(F->CtlSlot));
    return;
  }
  if (isa<SwitchStmt>(S)) {
    error(S->getBeginLoc(), "switch statements are not supported by zkcc; use if/else");
    return;
  }
  if (isa<GotoStmt>(S) || isa<LabelStmt>(S) || isa<IndirectGotoStmt>(S)) {
    error(S->getBeginLoc(), "goto and labels are not supported by zkcc");
    return;
  }
  if (isa<GCCAsmStmt>(S) || isa<MSAsmStmt>(S)) {
    error(S->getBeginLoc(), "inline assembly is not supported by zkcc");
    return;
  }
  error(S->getBeginLoc(), Twine("unsupported statement (") + S->getStmtClassName() + ")");
}

void CodeGen::emitFunction(const FunctionDecl *FD, std::string &Out) {
  FnState State;
  State.FD = FD;
  F = &State;
  Emitter Em;
  E = &Em;
  bool IsMain = isMainFn(FD);
  QualType RT = FD->getReturnType();
  VK RK = VK::Void;
  if (isStruct(RT))
    error(FD->getLocation(), "struct return values are not supported by zkcc");
  else
    RK = kindOf(RT, FD->getLocation());
  if (FD->isVariadic())
    error(FD->getLocation(), "variadic functions are not supported by zkcc");
  if (FD->getName().startswith("zkcc_"))
    error(FD->getLocation(), "function names beginning with 'zkcc_' are reserved for zkcc's "
                             "runtime procedures");
  std::vector<std::pair<uint64_t, VK>> Params;
  uint64_t InputWidth = 0;
  for (const ParmVarDecl *P : FD->parameters()) {
    VK K = VK::U32;
    if (isStruct(P->getType()))
      error(P->getLocation(), "struct parameters are not supported by zkcc; pass a pointer");
    else
      K = kindOf(P->getType(), P->getLocation());
    if (IsMain && K == VK::Ptr)
      error(P->getLocation(), "main's parameters must be integers or felts: they are the "
                              "program's stack inputs");
    uint64_t Slot = allocLocal(width(K));
    State.Slots[P] = Slot;
    Params.push_back({Slot, K});
    InputWidth += width(K);
  }
  if (IsMain && InputWidth > 16)
    error(FD->getLocation(), "main's parameters take " + Twine(InputWidth) +
                                 " stack inputs; at most 16 are available");
  const Stmt *Body = FD->getBody();
  // The control flag (0 run, 1 break, 2 continue, 3 return) is needed unless
  // the only jump is a return at the very end.
  {
    unsigned Returns = 0;
    std::function<void(const Stmt *)> Count = [&](const Stmt *S) {
      if (!S || isa<Expr>(S))
        return;
      if (isa<ReturnStmt>(S))
        ++Returns;
      for (const Stmt *C : S->children())
        Count(C);
    };
    Count(Body);
    const auto *CS = dyn_cast<CompoundStmt>(Body);
    bool TailOnly =
        Returns == 0 || (Returns == 1 && CS && CS->body_back() && isa<ReturnStmt>(CS->body_back()));
    State.NeedsCtl = containsStmt(Body, Stmt::BreakStmtClass, true) ||
                     containsStmt(Body, Stmt::ContinueStmtClass, true) || !TailOnly;
  }
  if (State.NeedsCtl)
    State.CtlSlot = allocLocal(1);
  State.RetSlot = allocLocal(width(RK));

  lineComment(FD->getBeginLoc());
  // Prologue: parameters into their locals. main's first parameter is the top
  // stack input; other functions receive their last argument on top.
  auto StoreParam = [&](std::pair<uint64_t, VK> P) {
    if (is64(P.second))
      ins("loc_store." + Twine(P.first + 1));
    ins("loc_store." + Twine(P.first));
  };
  if (IsMain)
    for (auto &P : Params)
      StoreParam(P);
  else
    for (auto It = Params.rbegin(); It != Params.rend(); ++It)
      StoreParam(*It);
  if (State.NeedsCtl) {
    ins("push.0");
    ins("loc_store." + Twine(State.CtlSlot));
  }
  emitStmt(Body);
  if (width(RK)) {
    ins("loc_load." + Twine(State.RetSlot));
    if (is64(RK))
      ins("loc_load." + Twine(State.RetSlot + 1));
  }
  Em.flush();
  if (State.NumLocals > MaxLocals)
    error(FD->getLocation(), "function '" + FD->getName() + "' needs " + Twine(State.NumLocals) +
                                 " local elements; at most " + Twine(MaxLocals) +
                                 " (make large arrays global)");
  std::string Head;
  if (State.NumLocals)
    Head = "@locals(" + std::to_string(State.NumLocals) + ")\n";
  Head += "proc " + FD->getName().str() + "\n";
  std::string BodyText = Em.Text.empty() ? "  nop\n" : Em.Text;
  // Every block needs an instruction: a body of only comments gets a nop.
  if (BodyText.find_first_not_of(' ') != std::string::npos) {
    bool OnlyComments = true;
    llvm::SmallVector<StringRef, 8> Lines;
    StringRef(BodyText).split(Lines, '\n', -1, false);
    for (StringRef Ln : Lines)
      if (!Ln.trim().startswith("#"))
        OnlyComments = false;
    if (OnlyComments)
      BodyText += "  nop\n";
  }
  Out += Head + BodyText + "end\n\n";
  F = nullptr;
  E = nullptr;
}

void CodeGen::writeGlobalInit(uint64_t A, QualType T, const Expr *Init) {
  SourceLocation L = Init->getExprLoc();
  Init = Init->IgnoreParens();
  if (isa<ImplicitValueInitExpr>(Init))
    return; // memory starts zeroed
  if (const auto *IL = dyn_cast<InitListExpr>(Init)) {
    if (IL->isStringLiteralInit()) {
      error(L, "string literals are not supported by zkcc");
      return;
    }
    if (const auto *AT = Ctx.getAsConstantArrayType(T)) {
      QualType ET = AT->getElementType();
      uint64_t ES = sizeOf(ET, L).value_or(1);
      for (unsigned I = 0; I < IL->getNumInits() && I < AT->getSize().getZExtValue(); ++I)
        writeGlobalInit(A + I * ES, ET, IL->getInit(I));
      return;
    }
    if (isStruct(T)) {
      unsigned I = 0;
      for (const FieldDecl *FD : T->getAs<RecordType>()->getDecl()->fields()) {
        if (I < IL->getNumInits())
          writeGlobalInit(A + fieldOffset(FD), FD->getType(), IL->getInit(I));
        ++I;
      }
      return;
    }
    if (IL->getNumInits() == 1 && !isFelt(T))
      writeGlobalInit(A, T, IL->getInit(0));
    else if (IL->getNumInits())
      error(L, "unsupported global initializer");
    return;
  }
  Expr::EvalResult R;
  if (T->isPointerType()) {
    if (!Init->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      error(L, "pointer initializers of globals are not supported by zkcc (only null)");
    return;
  }
  if (isFelt(T) || !T->isIntegerType() || !Init->EvaluateAsInt(R, Ctx)) {
    error(L, "global initializers must be integer constants in zkcc");
    return;
  }
  uint64_t X = R.Val.getInt().getZExtValue();
  if (X & 0xFFFFFFFFu)
    ins("push." + Twine(X & 0xFFFFFFFFu) + " mem_store." + Twine(A));
  if (is64(kindOf(T, L)) && (X >> 32))
    ins("push." + Twine(X >> 32) + " mem_store." + Twine(A + 1));
}

void CodeGen::emitHelpers(std::string &Out) {
  // Signed arithmetic on two's complement u32 / u64 values.
  std::string N64 = "push.0 push.0 movup.3 movup.3 " + std::string(U64) + "wrapping_sub";
  for (StringRef H : Helpers) {
    Out += "# zkcc runtime: " + H.str() + "\n";
    if (H == "i32_shr")
      Out += "proc zkcc_i32_shr # [n, a] -> [a >> n], arithmetic\n"
             "  dup.1 u32shr.31\n"
             "  if.true swap u32not swap u32shr u32not else u32shr end\n"
             "end\n\n";
    else if (H == "i32_div")
      Out += "proc zkcc_i32_div # [b, a] -> [a / b], rounded toward zero\n"
             "  dup u32shr.31 dup.2 u32shr.31 dup.1 dup.1 neq movdn.4\n"
             "  if.true movup.2 push.0 swap u32wrapping_sub movdn.2 end\n"
             "  if.true push.0 swap u32wrapping_sub end\n"
             "  u32div swap if.true push.0 swap u32wrapping_sub end\n"
             "end\n\n";
    else if (H == "i32_rem")
      Out += "proc zkcc_i32_rem # [b, a] -> [a % b], the sign of a\n"
             "  dup u32shr.31 dup.2 u32shr.31 dup movdn.4\n"
             "  if.true movup.2 push.0 swap u32wrapping_sub movdn.2 end\n"
             "  if.true push.0 swap u32wrapping_sub end\n"
             "  u32mod swap if.true push.0 swap u32wrapping_sub end\n"
             "end\n\n";
    else if (H == "i64_shr")
      Out += "proc zkcc_i64_shr # [n, a_hi, a_lo] -> [c_hi, c_lo], arithmetic\n"
             "  dup.1 u32shr.31\n"
             "  if.true\n"
             "    movdn.2 u32not swap u32not swap movup.2 " +
             std::string(U64) +
             "shr u32not swap u32not swap\n"
             "  else\n"
             "    " +
             std::string(U64) +
             "shr\n"
             "  end\n"
             "end\n\n";
    else if (H == "i64_div" || H == "i64_rem") {
      bool Div = H == "i64_div";
      Out += "proc zkcc_" + H.str() + " # [b_hi, b_lo, a_hi, a_lo] -> [c_hi, c_lo]\n" +
             "  dup u32shr.31 dup.3 u32shr.31 " +
             (Div ? "dup.1 dup.1 neq movdn.6\n" : "dup movdn.6\n") + "  if.true movup.4 movup.4 " +
             N64 + " movdn.4 movdn.4 end\n" + "  if.true " + N64 + " end\n" + "  " + U64 +
             (Div ? "div" : "mod") + "\n" + "  movup.2 if.true " + N64 + " end\n" + "end\n\n";
    }
  }
}

bool CodeGen::checkRecursion() {
  // Depth-first search for a cycle in the call graph.
  llvm::DenseMap<const FunctionDecl *, int> State; // 1 on the path, 2 done
  std::vector<std::pair<const FunctionDecl *, SourceLocation>> Path;
  bool Found = false;
  std::function<void(const FunctionDecl *)> Visit = [&](const FunctionDecl *Fn) {
    State[Fn] = 1;
    for (auto &[Callee, Loc] : Calls[Fn]) {
      if (Found)
        return;
      if (State[Callee] == 1) {
        error(Loc, "recursive call to '" + Callee->getName() +
                       "' is not supported by zkcc: functions are MAST procedures run with "
                       "exec, and the MAST is acyclic");
        std::string Chain;
        bool In = false;
        for (auto &P : Path) {
          if (P.first == Callee)
            In = true;
          if (In)
            Chain += P.first->getName().str() + " -> ";
        }
        Chain += Fn->getName().str() + " -> " + Callee->getName().str();
        note(Callee->getLocation(), "call cycle: " + Chain);
        Found = true;
        return;
      }
      if (!State[Callee]) {
        Path.push_back({Fn, Loc});
        Visit(Callee);
        Path.pop_back();
      }
    }
    State[Fn] = 2;
  };
  for (const FunctionDecl *Fn : FunctionOrder) // source order: deterministic reports
    if (!State[Fn] && !Found)
      Visit(Fn);
  return !Found;
}

bool CodeGen::run(std::string &Out) {
  const FunctionDecl *Main = nullptr;
  std::vector<const FunctionDecl *> Functions;
  std::vector<const VarDecl *> GlobalVars;
  std::function<void(const DeclContext *)> Collect = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
        if (FD->doesThisDeclarationHaveABody()) {
          Functions.push_back(FD);
          if (isMainFn(FD))
            Main = FD;
          // Static locals live with the globals.
          std::function<void(const Stmt *)> Statics = [&](const Stmt *S) {
            if (!S)
              return;
            if (const auto *DS = dyn_cast<DeclStmt>(S))
              for (const Decl *X : DS->decls())
                if (const auto *VD = dyn_cast<VarDecl>(X))
                  if (VD->isStaticLocal())
                    GlobalVars.push_back(VD);
            for (const Stmt *C : S->children())
              Statics(C);
          };
          Statics(FD->getBody());
        }
      } else if (const auto *VD = dyn_cast<VarDecl>(D)) {
        if (VD->isThisDeclarationADefinition(Ctx) != VarDecl::DeclarationOnly &&
            !Globals.count(VD->getCanonicalDecl()))
          GlobalVars.push_back(VD);
      }
    }
  };
  Collect(Ctx.getTranslationUnitDecl());
  for (const VarDecl *VD : GlobalVars) {
    if (Globals.count(VD->getCanonicalDecl()))
      continue;
    auto Size = sizeOf(VD->getType(), VD->getLocation());
    if (!Size)
      continue;
    Globals[VD->getCanonicalDecl()] = NextGlobal;
    GlobalOrder.push_back(VD);
    NextGlobal += *Size;
  }
  if (NextGlobal >= (1u << 30))
    error(SourceLocation(), "the global variables need more than 2^30 elements of memory");
  if (!Main) {
    error(SM.getLocForStartOfFile(SM.getMainFileID()), "the program has no 'main' function");
    return false;
  }

  std::map<const FunctionDecl *, std::string> Code;
  FunctionOrder = Functions;
  for (const FunctionDecl *FD : Functions)
    emitFunction(FD, Code[FD]);
  if (Failed || !checkRecursion())
    return false;

  // The program: helpers, then the functions callees first, then the entry.
  std::string Text =
      "# Generated by zkcc from " +
      llvm::sys::path::filename(SM.getFileEntryForID(SM.getMainFileID())->getName()).str() + "\n\n";
  emitHelpers(Text);
  llvm::DenseSet<const FunctionDecl *> Done;
  std::function<void(const FunctionDecl *)> Place = [&](const FunctionDecl *Fn) {
    if (!Done.insert(Fn).second)
      return;
    for (auto &C : Calls[Fn])
      Place(C.first);
    Text += Code[Fn];
  };
  for (const FunctionDecl *FD : Functions)
    Place(FD);

  Emitter Begin;
  E = &Begin;
  Begin.open("begin");
  for (const VarDecl *VD : GlobalOrder) {
    const Expr *Init = VD->getInit();
    if (!Init)
      continue;
    writeGlobalInit(Globals[VD->getCanonicalDecl()], VD->getType(), Init);
    Begin.flush();
  }
  ins("exec." + Main->getName());
  // The output stack holds at most 16 elements: drop as many of the (zero)
  // elements under the result as it has.
  unsigned RW = width(scalarKind(Main->getReturnType()).value_or(VK::Void));
  for (unsigned I = 0; I < RW; ++I) {
    ins(RW == 1 ? Twine("swap") : Twine("movup.2"));
    ins("drop");
  }
  Begin.close();
  E = nullptr;
  Text += Begin.Text;
  Out = std::move(Text);
  return !Failed;
}

} // namespace

bool generateMasm(ASTContext &Ctx, const CodeGenOptions &Opts, std::string &Out) {
  CodeGen G(Ctx, Opts);
  return G.run(Out);
}

} // namespace zkcc
