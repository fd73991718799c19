//===- FieldTest.cpp - Goldilocks and extension field tests ---------------===//
//
// Known-answer vectors come from scripts/gen/field_vectors.py (Python big
// integers, independent of this code).
//
//===----------------------------------------------------------------------===//

#include "zkvm/Field/Extension.h"
#include "zkvm/Field/Goldilocks.h"

#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <random>

using namespace zkvm;

namespace {

constexpr uint64_t P = Felt::Modulus;

struct BaseVector {
  uint64_t A, B, Product, InverseA;
};
const BaseVector BaseVectors[] = {
    {10509484535949048316ULL, 4389513409687898346ULL, 4482677034251519881ULL,
     13842063974069783950ULL},
    {7094952660450611481ULL, 11383752525327097774ULL, 13871975216698482754ULL,
     12698795498784259501ULL},
    {1151157136492133900ULL, 7134189978434999630ULL, 10285236129658766817ULL,
     15603680644234133063ULL},
    {322714942608149841ULL, 8056606706632270310ULL, 17891140268869279332ULL,
     1252057524637072166ULL},
};

template <unsigned K> struct ExtVector { uint64_t A[K], B[K], Product[K], InverseA[K]; };
const ExtVector<2> QuadVectors[] = {
    {{13241107244805166581ULL, 4184490998275178245ULL},
     {6682510219507317982ULL, 7352142984425953506ULL},
     {10660987024103734974ULL, 6016620540034846531ULL},
     {18092355697135280965ULL, 8372225856818377629ULL}},
    {{4824160067169262544ULL, 12763381006488824271ULL},
     {14865496239616317595ULL, 8698650644664761568ULL},
     {879609621935602942ULL, 1786538337698449295ULL},
     {2219511213114276793ULL, 14602881985668915195ULL}},
    {{5217012764490794540ULL, 2535804703672558776ULL},
     {16387466220033226397ULL, 13955750967306900746ULL},
     {4265431065685981973ULL, 15346577586248374887ULL},
     {11568168714032911414ULL, 9756245786834616669ULL}},
    {{17322429398574187849ULL, 11158153658807895373ULL},
     {17773228019950722797ULL, 11039841762657629794ULL},
     {15332210518930046493ULL, 8998421026142635917ULL},
     {3910767628190614636ULL, 6523077815335053519ULL}},
};
const ExtVector<3> CubicVectors[] = {
    {{14250166228792878676ULL, 10227816009363792256ULL, 10749043850081867671ULL},
     {17517113843839292391ULL, 15778988258769266501ULL, 14166273732058293342ULL},
     {7116710811873590336ULL, 9957945041683620330ULL, 16855060821521679629ULL},
     {13328303519662921946ULL, 18440577877409261507ULL, 4463909922695906522ULL}},
    {{7447315621325879949ULL, 12346611254212871130ULL, 1871751347765355728ULL},
     {13959046796612430107ULL, 8446041592651401872ULL, 3366219892224853854ULL},
     {15044620844313390646ULL, 9200064023914661880ULL, 16049100339731648348ULL},
     {3145449966752139752ULL, 7093458917053517883ULL, 15730773651526057193ULL}},
    {{5484863192887457422ULL, 12411370111813908233ULL, 7263423264978822460ULL},
     {3400586996794821575ULL, 10459544647217657506ULL, 13474378457639407954ULL},
     {7898656040548907422ULL, 5606911979850828518ULL, 14525180364679553244ULL},
     {11253738948489391310ULL, 13195594596779533415ULL, 16257114001555293765ULL}},
    {{18132616657198352309ULL, 18302984519983282911ULL, 8311236647590053833ULL},
     {10556642233643455485ULL, 6263465160632909794ULL, 7494243210168851878ULL},
     {7018917731892754184ULL, 15272564355427301424ULL, 9365944430726033515ULL},
     {600259465227824052ULL, 13754089864602076133ULL, 14702463490850264844ULL}},
};

QuadExt quad(const uint64_t (&V)[2]) { return QuadExt(Felt(V[0]), Felt(V[1])); }
CubicExt cubic(const uint64_t (&V)[3]) { return CubicExt(Felt(V[0]), Felt(V[1]), Felt(V[2])); }

std::vector<uint64_t> edgeValues() {
  return {
      0, 1, 2, P - 1, P - 2, 1ULL << 32, (1ULL << 32) - 1, 1ULL << 63, P >> 1, 0xFFFFFFFFULL << 32};
}

TEST(Goldilocks, ConstructionReducesAboveModulus) {
  EXPECT_EQ(Felt(P).value(), 0u);
  EXPECT_EQ(Felt(P + 5).value(), 5u);
  EXPECT_EQ(Felt(~0ULL).value(), 0xFFFFFFFEULL);
}

TEST(Goldilocks, KnownProductsAndInverses) {
  for (const BaseVector &V : BaseVectors) {
    EXPECT_EQ((Felt(V.A) * Felt(V.B)).value(), V.Product);
    EXPECT_EQ(Felt(V.A).inverse().value(), V.InverseA);
  }
}

TEST(Goldilocks, MatchesInt128ReferenceOnEdgesAndRandom) {
  std::mt19937_64 Rng(1);
  std::vector<uint64_t> Values = edgeValues();
  for (int I = 0; I < 200; ++I)
    Values.push_back(Rng() % P);
  for (uint64_t A : Values)
    for (uint64_t B : Values) {
      unsigned __int128 Ref = (unsigned __int128)A * B % P;
      ASSERT_EQ((Felt(A) * Felt(B)).value(), (uint64_t)Ref) << A << " * " << B;
      ASSERT_EQ((Felt(A) + Felt(B)).value(), (uint64_t)(((unsigned __int128)A + B) % P));
      ASSERT_EQ((Felt(A) - Felt(B)).value(), (uint64_t)(((unsigned __int128)A + P - B) % P));
    }
}

TEST(Goldilocks, FieldLaws) {
  std::mt19937_64 Rng(2);
  for (int I = 0; I < 1000; ++I) {
    Felt A(Rng()), B(Rng()), C(Rng());
    EXPECT_EQ(A * (B + C), A * B + A * C);
    EXPECT_EQ(A - A, Felt::zero());
    EXPECT_EQ(A + (-A), Felt::zero());
    if (!A.isZero())
      EXPECT_EQ(A * A.inverse(), Felt::one());
    EXPECT_EQ(A.exp(3), A * A * A);
  }
  EXPECT_EQ(Felt::zero().inverse(), Felt::zero());
}

TEST(Goldilocks, RootsOfUnityHaveExactOrder) {
  for (unsigned LogN = 0; LogN <= Felt::TwoAdicity; ++LogN) {
    Felt W = Felt::rootOfUnity(LogN);
    Felt X = W;
    for (unsigned I = 0; I < LogN; ++I)
      X = X.square();
    EXPECT_EQ(X, Felt::one()) << LogN;
    if (LogN > 0)
      EXPECT_EQ(W.exp(1ULL << (LogN - 1)), -Felt::one()) << LogN;
  }
}

TEST(Goldilocks, SqrtOfSquaresAndNonResidues) {
  std::mt19937_64 Rng(3);
  for (int I = 0; I < 200; ++I) {
    Felt A(Rng());
    Felt R;
    ASSERT_TRUE(A.square().sqrt(R));
    EXPECT_EQ(R.square(), A.square());
  }
  Felt R;
  EXPECT_FALSE(Felt::generator().sqrt(R)); // 7 generates the group: a non-residue
  EXPECT_TRUE(Felt::zero().sqrt(R));
  EXPECT_EQ(R, Felt::zero());
}

TEST(Goldilocks, BatchInverseSkipsZeros) {
  std::vector<Felt> Values = {Felt(3), Felt(0), Felt(P - 1), Felt(12345), Felt(0), Felt(1)};
  std::vector<Felt> Expected;
  for (Felt V : Values)
    Expected.push_back(V.inverse());
  batchInverse(Values);
  EXPECT_EQ(Values, Expected);
  std::vector<Felt> Empty;
  batchInverse(Empty);
}

TEST(Goldilocks, ParseAndPrint) {
  auto A = Felt::parse("18446744069414584320");
  ASSERT_TRUE(bool(A));
  EXPECT_EQ(A->value(), P - 1);
  auto H = Felt::parse("0xff");
  ASSERT_TRUE(bool(H));
  EXPECT_EQ(H->value(), 255u);
  auto TooBig = Felt::parse("18446744069414584321");
  ASSERT_FALSE(bool(TooBig));
  EXPECT_NE(llvm::toString(TooBig.takeError()).find("not a field element"), std::string::npos);
  auto Junk = Felt::parse("12a");
  ASSERT_FALSE(bool(Junk));
  llvm::consumeError(Junk.takeError());
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << Felt(42);
  EXPECT_EQ(OS.str(), "42");
}

TEST(QuadExt, KnownProductsAndInverses) {
  for (const auto &V : QuadVectors) {
    EXPECT_EQ(quad(V.A) * quad(V.B), quad(V.Product));
    EXPECT_EQ(quad(V.A).inverse(), quad(V.InverseA));
  }
}

TEST(QuadExt, XSatisfiesItsMinimalPolynomial) {
  QuadExt X(Felt::zero(), Felt::one());
  EXPECT_EQ(X * X - X + QuadExt(Felt(2)), QuadExt::zero());
}

TEST(QuadExt, FrobeniusIsPthPowerAndNormIsBase) {
  std::mt19937_64 Rng(4);
  for (int I = 0; I < 20; ++I) {
    QuadExt A{Felt(Rng()), Felt(Rng())};
    EXPECT_EQ(A.frobenius(), A.exp(P));
    EXPECT_TRUE((A * A.frobenius()).isBase());
    EXPECT_EQ(A * A.inverse(), QuadExt::one());
  }
}

TEST(CubicExt, KnownProductsAndInverses) {
  for (const auto &V : CubicVectors) {
    EXPECT_EQ(cubic(V.A) * cubic(V.B), cubic(V.Product));
    EXPECT_EQ(cubic(V.A).inverse(), cubic(V.InverseA));
  }
}

TEST(CubicExt, XSatisfiesItsMinimalPolynomial) {
  CubicExt X(Felt::zero(), Felt::one());
  EXPECT_EQ(X * X * X - X - CubicExt::one(), CubicExt::zero());
}

} // namespace
