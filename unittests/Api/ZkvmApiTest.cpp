//===- ZkvmApiTest.cpp - The embedding API, and a proof tamper campaign -------===//

#include "zkvm/zkvm.h"

#include "zkvm/Air/Proof.h"

#include "gtest/gtest.h"

#include <random>

using namespace zkvm;
using namespace llvm;

namespace {

const char *const FibSource = R"(
  begin
    push.0 push.1
    repeat.49 swap dup.1 add end
    swap drop swap drop
  end)";

TEST(ZkvmApi, AssembleExecuteProveVerify) {
  Expected<Zkvm> Vm = Zkvm::fromSource(FibSource);
  ASSERT_TRUE(bool(Vm)) << toString(Vm.takeError());
  Expected<ExecutionResult> Run = Vm->execute();
  ASSERT_TRUE(bool(Run)) << toString(Run.takeError());
  EXPECT_EQ(Run->Stack[0].value(), 12586269025u); // F(50)

  Expected<ZkvmProof> Proof = Vm->generateProof();
  ASSERT_TRUE(bool(Proof)) << toString(Proof.takeError());
  EXPECT_EQ(Proof->Cycles, Run->Cycles);
  EXPECT_GE(Proof->Security.Conjectured, 96u);
  Expected<vmair::VmPublicInputs> Public = Zkvm::verifyProof(Proof->Bytes);
  ASSERT_TRUE(bool(Public)) << toString(Public.takeError());
  EXPECT_EQ(Public->ProgramHash, Vm->programHash());
  EXPECT_EQ(Public->StackOutputs[0].value(), 12586269025u);
  // A floor above the proof's level rejects it.
  Expected<vmair::VmPublicInputs> TooWeak = Zkvm::verifyProof(Proof->Bytes, 120);
  EXPECT_FALSE(bool(TooWeak));
  consumeError(TooWeak.takeError());
}

TEST(ZkvmApi, InputsAndErrors) {
  Expected<Zkvm> Vm = Zkvm::fromSource("begin adv_push.1 add end");
  ASSERT_TRUE(bool(Vm)) << toString(Vm.takeError());
  ProgramInputs In;
  In.StackInputs = {Felt(40)};
  In.Advice.Stack = {Felt(2)};
  Expected<ExecutionResult> Run = Vm->execute(In);
  ASSERT_TRUE(bool(Run)) << toString(Run.takeError());
  EXPECT_EQ(Run->Stack[0].value(), 42u);
  // No advice: the run fails with Miden's message.
  Expected<ExecutionResult> Bad = Vm->execute();
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(toString(Bad.takeError()).find("advice stack read failed"), std::string::npos);
  // Assembly errors carry the diagnostics with their location.
  Expected<Zkvm> Broken = Zkvm::fromSource("begin\n  pussh.1\nend\n", "broken.masm");
  ASSERT_FALSE(bool(Broken));
  std::string Msg = toString(Broken.takeError());
  EXPECT_NE(Msg.find("broken.masm:2:3: error: unknown instruction 'pussh'"), std::string::npos)
      << Msg;
}

/// Every mutation of a proof file is rejected, and none crashes.
TEST(ZkvmApi, TamperCampaign) {
  Expected<Zkvm> Vm = Zkvm::fromSource(R"(
    begin
      push.7 mem_store.3 mem_load.3 push.5 u32and
      push.1.2.3.4 hperm dropw dropw dropw
      push.1 if.true push.1 else push.0 end drop
    end)");
  ASSERT_TRUE(bool(Vm)) << toString(Vm.takeError());
  Expected<ZkvmProof> Proof = Vm->generateProof();
  ASSERT_TRUE(bool(Proof)) << toString(Proof.takeError());
  const std::vector<uint8_t> &Good = Proof->Bytes;
  ASSERT_TRUE(bool(Zkvm::verifyProof(Good)));

  std::mt19937_64 Rng(20261204);
  auto Rejected = [](const std::vector<uint8_t> &Bytes) {
    Expected<vmair::VmPublicInputs> R = Zkvm::verifyProof(Bytes);
    if (R)
      return false;
    consumeError(R.takeError());
    return true;
  };
  unsigned Accepted = 0, Tried = 0;
  for (unsigned I = 0; I < 300; ++I, ++Tried) {
    std::vector<uint8_t> B = Good;
    size_t Pos = Rng() % B.size();
    switch (I % 5) {
    case 0: // one bit
      B[Pos] ^= uint8_t(1u << (Rng() % 8));
      break;
    case 1: // one byte
      B[Pos] = uint8_t(B[Pos] + 1 + Rng() % 255);
      break;
    case 2: { // swap two different bytes
      size_t Other = Rng() % B.size();
      if (B[Pos] == B[Other])
        B[Pos] ^= 0x80;
      std::swap(B[Pos], B[Other]);
      break;
    }
    case 3: // truncate
      B.resize(Pos);
      break;
    default: // extend
      B.insert(B.end(), 1 + Rng() % 64, uint8_t(Rng()));
      break;
    }
    if (!Rejected(B))
      ++Accepted;
  }
  EXPECT_EQ(Accepted, 0u) << "of " << Tried << " mutations";

  // Claiming other outputs: in the file only, and consistently in the file
  // and in the STARK proof's transcript seed.
  Expected<vmair::VmProofFile> File = vmair::readProofFile(Good);
  ASSERT_TRUE(bool(File));
  vmair::VmPublicInputs Lie = File->Public;
  Lie.StackOutputs[0] = Lie.StackOutputs[0] + Felt::one();
  EXPECT_TRUE(Rejected(vmair::writeProofFile(Lie, File->Stark)));
  Expected<StarkProof> Stark = StarkProof::deserialize(File->Stark);
  ASSERT_TRUE(bool(Stark));
  Stark->PublicInputs = Lie.serialize();
  EXPECT_TRUE(Rejected(vmair::writeProofFile(Lie, Stark->serialize())));
  // A different program hash, consistently.
  vmair::VmPublicInputs Other = File->Public;
  Other.ProgramHash[0] = Other.ProgramHash[0] + Felt::one();
  Stark->PublicInputs = Other.serialize();
  EXPECT_TRUE(Rejected(vmair::writeProofFile(Other, Stark->serialize())));
}

} // namespace
