//===- AdviceProvider.cpp - Non-deterministic inputs ---------------------===//

#include "zkvm/VM/AdviceProvider.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace zkvm {

AdviceProvider::AdviceProvider(AdviceInputs Inputs)
    : Map(std::move(Inputs.Map)), Store(std::move(Inputs.Store)) {
  // Inputs list the first element popped first; the back of Stack pops first.
  Stack.assign(Inputs.Stack.rbegin(), Inputs.Stack.rend());
}

static std::string valuesText(ArrayRef<Felt> Values) {
  std::string S = "[";
  for (size_t I = 0; I < Values.size(); ++I)
    S += (I ? ", " : "") + std::to_string(Values[I].value());
  return S + "]";
}

Error AdviceProvider::insert(const Digest &Key, std::vector<Felt> Values) {
  auto [It, Inserted] = Map.try_emplace(Key, std::move(Values));
  if (!Inserted && It->second != Values)
    return createStringError(inconvertibleErrorCode(),
                             "value for key " + Key.toHex() +
                                 " already present in the advice map (previous " +
                                 valuesText(It->second) + ", new " + valuesText(Values) + ")");
  return Error::success();
}

Error AdviceProvider::extendMap(const std::map<Digest, std::vector<Felt>> &Other) {
  for (const auto &[Key, Values] : Other)
    if (Error E = insert(Key, Values))
      return E;
  return Error::success();
}

Error AdviceProvider::pushFromMap(const Digest &Key, bool IncludeLength, unsigned PadTo) {
  auto It = Map.find(Key);
  if (It == Map.end())
    return createStringError(inconvertibleErrorCode(),
                             "value for key " + Key.toHex() + " not present in the advice map");
  const std::vector<Felt> &Values = It->second;
  if (PadTo) {
    size_t Padded = (Values.size() + PadTo - 1) / PadTo * PadTo;
    Stack.insert(Stack.end(), Padded - Values.size(), Felt());
  }
  Stack.insert(Stack.end(), Values.rbegin(), Values.rend());
  if (IncludeLength)
    Stack.push_back(Felt(uint64_t(Values.size())));
  return Error::success();
}

} // namespace zkvm
