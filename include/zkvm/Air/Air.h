//===- zkvm/Air/Air.h - Algebraic intermediate representations ------------===//
//
// An AIR states what a valid execution trace is:
//  - a main trace of MainWidth base-field columns and Length rows (a power of
//    two), committed first;
//  - optionally an auxiliary trace of AuxWidth extension-field columns built
//    from the main trace and NumAuxRands random extension elements drawn
//    after the main commitment (multiset / LogUp buses);
//  - transition constraints over two consecutive rows (current, next) that
//    must vanish on every row but the last, each with a declared degree
//    (the product degree in trace cells; a periodic column counts as one
//    factor like a trace cell);
//  - assertions: cell (row, column) equals a base-field value;
//  - periodic columns: value[i mod period] on row i, period a power of two;
//  - public inputs, serialized into the Fiat-Shamir transcript.
//
// Constraint evaluation is written once, as templates in a class deriving
// from AirBase<Derived>:
//
//   template <class E>
//   void evaluateMain(const EvalFrame<E> &Main, llvm::ArrayRef<E> Periodic,
//                     llvm::MutableArrayRef<E> Out) const;
//   template <class F, class E>            // optional: AIRs with an aux trace
//   void evaluateAux(const EvalFrame<F> &Main, const EvalFrame<E> &Aux,
//                    llvm::ArrayRef<F> Periodic, llvm::ArrayRef<E> Rands,
//                    llvm::MutableArrayRef<E> Out) const;
//   template <class E>                     // optional: AIRs with an aux trace
//   std::vector<std::vector<E>> buildAux(const TraceColumns &Main,
//                                        llvm::ArrayRef<E> Rands) const;
//   template <class E>                     // optional: challenge-dependent
//   std::vector<E> auxAssertionValues(llvm::ArrayRef<E> Rands) const;  // aux assertion values
//
// The prover instantiates them with F = Felt over the whole evaluation domain
// (E the extension; evaluateMain with E = FeltPack, eight rows per call); the verifier with F = E =
// the extension at the out-of-domain point. In evaluateAux, lift base values with E(x) (the
// extensions convert implicitly from Felt, but Felt * E is not defined).
//
//===----------------------------------------------------------------------===//
#ifndef ZKVM_AIR_AIR_H
#define ZKVM_AIR_AIR_H

#include "zkvm/Air/FeltPack.h"
#include "zkvm/Field/Extension.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace zkvm {

/// A trace as columns (each of the trace length).
using TraceColumns = std::vector<std::vector<Felt>>;

struct TraceInfo {
  unsigned MainWidth = 0;
  unsigned AuxWidth = 0;
  unsigned NumAuxRands = 0;
  size_t Length = 0;
};

/// Cell (Row, Column) of the main trace (or of the aux trace when Aux) equals
/// Value. An aux assertion's value may instead depend on the aux random
/// elements: see AirBase::auxAssertionValues.
struct Assertion {
  bool Aux = false;
  unsigned Column = 0;
  size_t Row = 0;
  Felt Value;
};

/// Two consecutive rows of a trace.
template <class E> struct EvalFrame {
  llvm::ArrayRef<E> Current;
  llvm::ArrayRef<E> Next;
};

class Air {
public:
  explicit Air(TraceInfo Info) : Info(Info) {}
  virtual ~Air();

  const TraceInfo &traceInfo() const { return Info; }
  size_t traceLength() const { return Info.Length; }

  /// A short name for messages ("fibonacci").
  virtual llvm::StringRef name() const = 0;
  /// The public inputs, serialized; they seed the transcript and travel in the proof.
  virtual std::vector<uint8_t> publicInputs() const = 0;
  /// Declared degree of each main / aux transition constraint (>= 1).
  virtual std::vector<unsigned> mainConstraintDegrees() const = 0;
  virtual std::vector<unsigned> auxConstraintDegrees() const { return {}; }
  virtual std::vector<Assertion> assertions() const = 0;
  /// Each periodic column's values over one period (power-of-two length <= trace length).
  virtual std::vector<std::vector<Felt>> periodicColumns() const { return {}; }

  /// Composition polynomial columns: max(1, highest declared degree - 1).
  unsigned numCompositionColumns() const;

  // The instantiations the engine calls; AirBase implements them.
  virtual void evalMain(const EvalFrame<Felt> &, llvm::ArrayRef<Felt>,
                        llvm::MutableArrayRef<Felt>) const = 0;
  /// Eight rows at once (lane i of every value is row i's), for the prover.
  virtual void evalMain(const EvalFrame<FeltPack> &, llvm::ArrayRef<FeltPack>,
                        llvm::MutableArrayRef<FeltPack>) const = 0;
  virtual void evalMain(const EvalFrame<QuadExt> &, llvm::ArrayRef<QuadExt>,
                        llvm::MutableArrayRef<QuadExt>) const = 0;
  virtual void evalMain(const EvalFrame<CubicExt> &, llvm::ArrayRef<CubicExt>,
                        llvm::MutableArrayRef<CubicExt>) const = 0;
  virtual void evalAux(const EvalFrame<Felt> &, const EvalFrame<QuadExt> &, llvm::ArrayRef<Felt>,
                       llvm::ArrayRef<QuadExt>, llvm::MutableArrayRef<QuadExt>) const = 0;
  virtual void evalAux(const EvalFrame<QuadExt> &, const EvalFrame<QuadExt> &,
                       llvm::ArrayRef<QuadExt>, llvm::ArrayRef<QuadExt>,
                       llvm::MutableArrayRef<QuadExt>) const = 0;
  virtual void evalAux(const EvalFrame<Felt> &, const EvalFrame<CubicExt> &, llvm::ArrayRef<Felt>,
                       llvm::ArrayRef<CubicExt>, llvm::MutableArrayRef<CubicExt>) const = 0;
  virtual void evalAux(const EvalFrame<CubicExt> &, const EvalFrame<CubicExt> &,
                       llvm::ArrayRef<CubicExt>, llvm::ArrayRef<CubicExt>,
                       llvm::MutableArrayRef<CubicExt>) const = 0;
  /// Main and aux constraints of eight rows at once (lane i of every value
  /// is row i's), for the prover. An AIR with an aux trace may implement it
  /// (sharing what its main and aux constraints have in common, such as
  /// operation flags); the default returns false and the prover evaluates
  /// evalMain on FeltPack and evalAux one row at a time.
  virtual bool evalPacked(const EvalFrame<FeltPack> &, const EvalFrame<QuadExtPack> &,
                          llvm::ArrayRef<FeltPack>, llvm::ArrayRef<QuadExtPack>,
                          llvm::MutableArrayRef<FeltPack>,
                          llvm::MutableArrayRef<QuadExtPack>) const {
    return false;
  }
  virtual bool evalPacked(const EvalFrame<FeltPack> &, const EvalFrame<CubicExtPack> &,
                          llvm::ArrayRef<FeltPack>, llvm::ArrayRef<CubicExtPack>,
                          llvm::MutableArrayRef<FeltPack>,
                          llvm::MutableArrayRef<CubicExtPack>) const {
    return false;
  }
  virtual std::vector<std::vector<QuadExt>> buildAuxTrace(const TraceColumns &,
                                                          llvm::ArrayRef<QuadExt>) const = 0;
  /// The aux assertions' values, in the order assertions() lists them.
  virtual std::vector<QuadExt> auxValues(llvm::ArrayRef<QuadExt> Rands) const = 0;
  virtual std::vector<CubicExt> auxValues(llvm::ArrayRef<CubicExt> Rands) const = 0;
  virtual std::vector<std::vector<CubicExt>> buildAuxTrace(const TraceColumns &,
                                                           llvm::ArrayRef<CubicExt>) const = 0;

private:
  TraceInfo Info;
};

/// Implements Air's instantiation hooks with Derived's templates (see the
/// file comment). Derived must define evaluateMain; the aux hooks default to
/// "no aux trace".
template <class Derived> class AirBase : public Air {
public:
  using Air::Air;

  template <class F, class E>
  void evaluateAux(const EvalFrame<F> &, const EvalFrame<E> &, llvm::ArrayRef<F>, llvm::ArrayRef<E>,
                   llvm::MutableArrayRef<E>) const {}
  template <class E>
  std::vector<std::vector<E>> buildAux(const TraceColumns &, llvm::ArrayRef<E>) const {
    return {};
  }
  /// Override to make aux assertion values depend on the random elements
  /// (e.g. a bus that must end at a value reduced with the challenges); by
  /// default each is its assertion's Value.
  template <class E> std::vector<E> auxAssertionValues(llvm::ArrayRef<E>) const {
    std::vector<E> Out;
    for (const Assertion &As : this->assertions())
      if (As.Aux)
        Out.push_back(E(As.Value));
    return Out;
  }

#define ZKVM_AIR_MAIN(E)                                                                           \
  void evalMain(const EvalFrame<E> &M, llvm::ArrayRef<E> P, llvm::MutableArrayRef<E> O)            \
      const final {                                                                                \
    self().template evaluateMain<E>(M, P, O);                                                      \
  }
#define ZKVM_AIR_AUX(F, E)                                                                         \
  void evalAux(const EvalFrame<F> &M, const EvalFrame<E> &A, llvm::ArrayRef<F> P,                  \
               llvm::ArrayRef<E> R, llvm::MutableArrayRef<E> O) const final {                      \
    self().template evaluateAux<F, E>(M, A, P, R, O);                                              \
  }
  ZKVM_AIR_MAIN(Felt)
  ZKVM_AIR_MAIN(FeltPack)
  ZKVM_AIR_MAIN(QuadExt)
  ZKVM_AIR_MAIN(CubicExt)
  ZKVM_AIR_AUX(Felt, QuadExt)
  ZKVM_AIR_AUX(QuadExt, QuadExt)
  ZKVM_AIR_AUX(Felt, CubicExt)
  ZKVM_AIR_AUX(CubicExt, CubicExt)
#undef ZKVM_AIR_MAIN
#undef ZKVM_AIR_AUX

  std::vector<std::vector<QuadExt>> buildAuxTrace(const TraceColumns &T,
                                                  llvm::ArrayRef<QuadExt> R) const final {
    return self().template buildAux<QuadExt>(T, R);
  }
  std::vector<std::vector<CubicExt>> buildAuxTrace(const TraceColumns &T,
                                                   llvm::ArrayRef<CubicExt> R) const final {
    return self().template buildAux<CubicExt>(T, R);
  }
  std::vector<QuadExt> auxValues(llvm::ArrayRef<QuadExt> R) const final {
    return self().template auxAssertionValues<QuadExt>(R);
  }
  std::vector<CubicExt> auxValues(llvm::ArrayRef<CubicExt> R) const final {
    return self().template auxAssertionValues<CubicExt>(R);
  }

private:
  const Derived &self() const { return static_cast<const Derived &>(*this); }
};

} // namespace zkvm

#endif // ZKVM_AIR_AIR_H
