//===- VM/AdviceInputs.cpp - The .inputs loader ---------------------------===//

#include "zkvm/VM/AdviceInputs.h"

#include "zkvm/Support/Error.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <string>

using namespace llvm;

namespace zkvm {

namespace {

constexpr const char *KnownKeys = "operand_stack, advice_stack, advice_map, merkle_store";
constexpr const char *FeltRange = "below 2^64 - 2^32 + 1";

std::string render(const json::Value &V) {
  std::string S;
  raw_string_ostream OS(S);
  OS << V;
  return OS.str();
}

/// Parses a decimal or 0x-hex integer below 2^64.
Expected<uint64_t> parseU64(StringRef Text) {
  StringRef Digits = Text.trim();
  unsigned Radix = 10;
  if (Digits.startswith_insensitive("0x")) {
    Radix = 16;
    Digits = Digits.drop_front(2);
  }
  uint64_t N = 0;
  if (Digits.empty() || Digits.getAsInteger(Radix, N))
    return createError("'" + Text + "' is not an integer below 2^64");
  return N;
}

/// A non-negative integer from a JSON number or a string. The error has no
/// location: callers add the JSON path.
Expected<uint64_t> toU64(const json::Value &V) {
  if (Optional<uint64_t> N = V.getAsUINT64())
    return *N;
  if (V.kind() == json::Value::Number)
    return createError("expected a non-negative integer below 2^64, got " + render(V));
  if (Optional<StringRef> S = V.getAsString())
    return parseU64(*S);
  return createError("expected an integer (a number or a string), got " + render(V));
}

Expected<Felt> checkFelt(Expected<uint64_t> N) {
  if (!N)
    return N.takeError();
  if (*N >= Felt::Modulus)
    return createError(Twine(*N) + " is not a field element (must be " + FeltRange + ")");
  return Felt::fromCanonical(*N);
}

Expected<Felt> toFelt(const json::Value &V) { return checkFelt(toU64(V)); }

/// llvm::json (LLVM 14) reads integer literals into int64_t and clamps the
/// ones above 2^63 - 1, but field elements go up to 2^64 - 2^32. Integer
/// literals of 19 or more digits outside strings are therefore turned into
/// strings before parsing; toU64 reads both forms the same way.
std::string quoteBigIntegers(StringRef Json) {
  std::string Out;
  Out.reserve(Json.size());
  bool InString = false;
  for (size_t I = 0; I < Json.size();) {
    char C = Json[I];
    if (InString) {
      Out += C;
      if (C == '\\' && I + 1 < Json.size()) {
        Out += Json[I + 1];
        I += 2;
        continue;
      }
      InString = C != '"';
      ++I;
      continue;
    }
    if (C == '"') {
      InString = true;
      Out += C;
      ++I;
      continue;
    }
    if (C == '-' || isDigit(C)) {
      size_t End = I + 1;
      while (End < Json.size() && (isDigit(Json[End]) || Json[End] == '.' || Json[End] == 'e' ||
                                   Json[End] == 'E' || Json[End] == '+' || Json[End] == '-'))
        ++End;
      StringRef Tok = Json.slice(I, End);
      StringRef Digits = Tok.drop_while([](char D) { return D == '-'; });
      if (Digits.size() >= 19 && all_of(Digits, isDigit))
        Out += "\"" + Tok.str() + "\"";
      else
        Out += Tok.str();
      I = End;
      continue;
    }
    Out += C;
    ++I;
  }
  return Out;
}

std::string quote(StringRef S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out + "\"";
}

class Loader {
public:
  explicit Loader(StringRef File) : File(File) {}

  Expected<ProgramInputs> load(StringRef Json);

private:
  Error error(const Twine &Path, const Twine &Msg) {
    if (Path.isTriviallyEmpty() || Path.str().empty())
      return createError(File + ": " + Msg);
    return createError(File + ": " + Path + ": " + Msg);
  }
  /// Adds the JSON path to an error produced without one.
  Error wrap(const Twine &Path, Error E) { return error(Path, toString(std::move(E))); }

  Expected<const json::Array *> array(const json::Value &V, const std::string &Path) {
    if (const json::Array *A = V.getAsArray())
      return A;
    return error(Path, "expected an array, got " + kindName(V));
  }
  static std::string kindName(const json::Value &V) {
    switch (V.kind()) {
    case json::Value::Null:
      return "null";
    case json::Value::Boolean:
      return "a boolean";
    case json::Value::Number:
      return "a number";
    case json::Value::String:
      return "a string";
    case json::Value::Array:
      return "an array";
    case json::Value::Object:
      return "an object";
    }
    return "a value";
  }

  Expected<std::vector<Felt>> feltArray(const json::Value &V, const std::string &Path);
  Expected<Digest> word(const json::Value &V, const std::string &Path);
  Error loadAdviceMap(const json::Value &V, AdviceInputs &A);
  Error loadMerkleStore(const json::Value &V, MerkleStore &S);
  Error loadStoreEntry(const json::Value &V, const std::string &Path, MerkleStore &S);

  std::string File;
};

Expected<std::vector<Felt>> Loader::feltArray(const json::Value &V, const std::string &Path) {
  Expected<const json::Array *> AOr = array(V, Path);
  if (!AOr)
    return AOr.takeError();
  const json::Array *A = *AOr;
  std::vector<Felt> Out;
  Out.reserve(A->size());
  for (size_t I = 0; I < A->size(); ++I) {
    Expected<Felt> F = toFelt((*A)[I]);
    if (!F)
      return wrap(Path + "[" + std::to_string(I) + "]", F.takeError());
    Out.push_back(*F);
  }
  return Out;
}

Expected<Digest> Loader::word(const json::Value &V, const std::string &Path) {
  Optional<StringRef> S = V.getAsString();
  if (!S)
    return error(Path, "expected a word (a string \"0x\" and 64 hex digits), got " + kindName(V));
  Expected<Digest> D = parseWord(*S);
  if (!D)
    return wrap(Path, D.takeError());
  return *D;
}

Error Loader::loadAdviceMap(const json::Value &V, AdviceInputs &A) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return error("advice_map",
                 "expected an object mapping words to value lists, got " + kindName(V));
  // Sorted, so that the first error reported does not depend on hashing.
  std::vector<StringRef> Keys;
  for (const auto &KV : *O)
    Keys.push_back(KV.first);
  llvm::sort(Keys);
  std::map<Digest, StringRef> KeyText;
  for (StringRef K : Keys) {
    std::string Path = "advice_map[" + quote(K) + "]";
    Expected<Digest> Key = parseWord(K);
    if (!Key)
      return error(Path, "bad key: " + toString(Key.takeError()));
    auto [It, Inserted] = KeyText.emplace(*Key, K);
    if (!Inserted)
      return error(Path, "the key is the same word as key " + quote(It->second));
    Expected<std::vector<Felt>> Values = feltArray(*O->get(K), Path);
    if (!Values)
      return Values.takeError();
    A.Map.emplace(*Key, std::move(*Values));
  }
  return Error::success();
}

Error Loader::loadStoreEntry(const json::Value &V, const std::string &Path, MerkleStore &S) {
  constexpr const char *Kinds = "merkle_tree, sparse_merkle_tree or partial_merkle_tree";
  const json::Object *O = V.getAsObject();
  if (!O || O->size() != 1)
    return error(Path, Twine("expected an object with exactly one key (") + Kinds + "), got " +
                           (O ? std::to_string(O->size()) + " keys" : kindName(V)));
  StringRef Kind = O->begin()->first;
  const json::Value &Body = O->begin()->second;
  std::string KindPath = Path + "." + Kind.str();
  const json::Array *Items = nullptr;
  if (Kind == "merkle_tree" || Kind == "sparse_merkle_tree" || Kind == "partial_merkle_tree") {
    Expected<const json::Array *> A = array(Body, KindPath);
    if (!A)
      return A.takeError();
    Items = *A;
  }

  if (Kind == "merkle_tree") {
    std::vector<Digest> Leaves;
    for (size_t I = 0; I < Items->size(); ++I) {
      Expected<Digest> D = word((*Items)[I], KindPath + "[" + std::to_string(I) + "]");
      if (!D)
        return D.takeError();
      Leaves.push_back(*D);
    }
    if (Expected<Digest> Root = S.addMerkleTree(Leaves); !Root)
      return wrap(KindPath, Root.takeError());
    return Error::success();
  }

  // The other two kinds are lists of [key, word] pairs.
  auto Pair = [&](size_t I, const json::Value *&Key, const json::Value *&Val) -> Error {
    std::string P = KindPath + "[" + std::to_string(I) + "]";
    const json::Array *A = (*Items)[I].getAsArray();
    if (!A || A->size() != 2)
      return error(P, "expected a pair [" +
                          Twine(Kind == "sparse_merkle_tree" ? "index" : "[depth, index]") +
                          ", word], got " +
                          (A ? std::to_string(A->size()) + " elements" : kindName((*Items)[I])));
    Key = &(*A)[0];
    Val = &(*A)[1];
    return Error::success();
  };

  if (Kind == "sparse_merkle_tree") {
    std::vector<std::pair<uint64_t, Digest>> Leaves;
    for (size_t I = 0; I < Items->size(); ++I) {
      const json::Value *Key, *Val;
      if (Error E = Pair(I, Key, Val))
        return E;
      std::string P = KindPath + "[" + std::to_string(I) + "]";
      Expected<uint64_t> Index = toU64(*Key);
      if (!Index)
        return wrap(P + "[0]", Index.takeError());
      Expected<Digest> D = word(*Val, P + "[1]");
      if (!D)
        return D.takeError();
      Leaves.emplace_back(*Index, *D);
    }
    if (Expected<Digest> Root = S.addSparseMerkleTree(Leaves); !Root)
      return wrap(KindPath, Root.takeError());
    return Error::success();
  }

  if (Kind == "partial_merkle_tree") {
    std::vector<std::pair<NodeIndex, Digest>> Nodes;
    for (size_t I = 0; I < Items->size(); ++I) {
      const json::Value *Key, *Val;
      if (Error E = Pair(I, Key, Val))
        return E;
      std::string P = KindPath + "[" + std::to_string(I) + "]";
      const json::Array *DI = Key->getAsArray();
      if (!DI || DI->size() != 2)
        return error(P + "[0]",
                     "expected a node index [depth, index], got " +
                         (DI ? std::to_string(DI->size()) + " elements" : kindName(*Key)));
      Expected<uint64_t> Depth = toU64((*DI)[0]);
      if (!Depth)
        return wrap(P + "[0][0]", Depth.takeError());
      Expected<uint64_t> Index = toU64((*DI)[1]);
      if (!Index)
        return wrap(P + "[0][1]", Index.takeError());
      if (Error E = MerkleStore::checkIndex(*Depth, *Index))
        return wrap(P + "[0]", std::move(E));
      Expected<Digest> D = word(*Val, P + "[1]");
      if (!D)
        return D.takeError();
      Nodes.emplace_back(NodeIndex{unsigned(*Depth), *Index}, *D);
    }
    if (Expected<Digest> Root = S.addPartialMerkleTree(Nodes); !Root)
      return wrap(KindPath, Root.takeError());
    return Error::success();
  }

  return error(Path, "unknown Merkle data kind " + quote(Kind) + " (expected " + Kinds + ")");
}

Error Loader::loadMerkleStore(const json::Value &V, MerkleStore &S) {
  Expected<const json::Array *> AOr = array(V, "merkle_store");
  if (!AOr)
    return AOr.takeError();
  const json::Array *A = *AOr;
  for (size_t I = 0; I < A->size(); ++I)
    if (Error E = loadStoreEntry((*A)[I], "merkle_store[" + std::to_string(I) + "]", S))
      return E;
  return Error::success();
}

Expected<ProgramInputs> Loader::load(StringRef Json) {
  Expected<json::Value> Root = json::parse(quoteBigIntegers(Json));
  if (!Root)
    return error("", "invalid JSON: " + toString(Root.takeError()));
  const json::Object *O = Root->getAsObject();
  if (!O)
    return error("", "expected a JSON object with keys " + Twine(KnownKeys) + ", got " +
                         kindName(*Root));

  std::vector<StringRef> Keys;
  for (const auto &KV : *O)
    Keys.push_back(KV.first);
  llvm::sort(Keys);
  for (StringRef K : Keys)
    if (K != "operand_stack" && K != "advice_stack" && K != "advice_map" && K != "merkle_store")
      return error("", "unknown key " + quote(K) + " (known keys: " + KnownKeys + ")");

  ProgramInputs In;
  const json::Value *Stack = O->get("operand_stack");
  if (!Stack)
    return error("", "missing key \"operand_stack\" (use [] for an empty stack)");
  Expected<std::vector<Felt>> Operands = feltArray(*Stack, "operand_stack");
  if (!Operands)
    return Operands.takeError();
  if (Operands->size() > MaxStackInputs)
    return error("operand_stack", "has " + Twine(Operands->size()) + " values, at most " +
                                      Twine(MaxStackInputs) + " are allowed");
  // The file lists the stack bottom first: its last value is the top.
  In.StackInputs.assign(Operands->rbegin(), Operands->rend());

  auto Present = [&](StringRef K) {
    const json::Value *V = O->get(K);
    return V && V->kind() != json::Value::Null ? V : nullptr;
  };
  if (const json::Value *V = Present("advice_stack")) {
    Expected<std::vector<Felt>> Values = feltArray(*V, "advice_stack");
    if (!Values)
      return Values.takeError();
    In.Advice.Stack = std::move(*Values);
  }
  if (const json::Value *V = Present("advice_map"))
    if (Error E = loadAdviceMap(*V, In.Advice))
      return std::move(E);
  if (const json::Value *V = Present("merkle_store"))
    if (Error E = loadMerkleStore(*V, In.Advice.Store))
      return std::move(E);
  return In;
}

} // namespace

Expected<Digest> parseWord(StringRef Text) {
  if (!Text.startswith("0x") && !Text.startswith("0X"))
    return createError("'" + Text + "' is not a word: missing the 0x prefix");
  if (Text.size() != 66)
    return createError("'" + Text + "' is not a word: expected 64 hex digits after 0x, got " +
                       Twine(Text.size() - 2));
  return Digest::fromHex(Text);
}

Expected<std::vector<Felt>> parseFeltList(StringRef Text) {
  std::vector<Felt> Out;
  if (Text.trim().empty())
    return Out;
  SmallVector<StringRef, 16> Parts;
  Text.split(Parts, ',');
  for (size_t I = 0; I < Parts.size(); ++I) {
    StringRef P = Parts[I].trim();
    if (P.empty())
      return createError("value " + Twine(I + 1) + " of '" + Text + "' is empty");
    Expected<Felt> F = checkFelt(parseU64(P));
    if (!F)
      return createError("value " + Twine(I + 1) + " of '" + Text +
                         "': " + toString(F.takeError()));
    Out.push_back(*F);
  }
  return Out;
}

Expected<ProgramInputs> parseInputs(StringRef Json, StringRef BufferName) {
  return Loader(BufferName).load(Json);
}

Expected<ProgramInputs> parseInputsFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return createError(Path + ": cannot read inputs file: " + Buf.getError().message());
  return parseInputs((*Buf)->getBuffer(), Path);
}

} // namespace zkvm
