//===- EscapeAnalysis.h - can an allocation live on the stack? ------------===//
//
// Judges every allocation site, like Go's `-gcflags=-m`: `promotable` when
// replacing the allocation by a stack slot of its size in the allocating
// function (and deleting that function's frees of it) cannot change any
// well-defined execution, otherwise `heap` with a reason (runtime/allocsite_abi.inc) and
// the source location of the use that decided it.  One false "promotable"
// is worse than ten missed ones, so every rule below errs towards `heap`.
//
// USAGE
//   opt -load-pass-plugin=build/lib/allocsite.so
//       -passes='print<allocsite-escape>' in.ll -disable-output
//   MAM.getResult<allocsite::EscapeAnalysis>(M) in a module pass
//
// THE MODEL.  The object's address is a set of SSA values, grown from the
// allocation call through every instruction that derives a pointer from one
// already in the set (GEP, casts, phi, select, calls that return their
// argument, loads from memory the address was stored in).  Each use of a
// value in the set is then one of (AddressTracker.h):
//   - harmless: loads and stores *through* it, comparisons, calls known to
//     read or write through the pointer without keeping it (the C library
//     table in LibraryKnowledge.h, same-TU functions whose parameter does not
//     escape, LLVM's nocapture+nofree);
//   - a free in this function: promotion deletes it, so it is fine if the
//     freed pointer can only be this object;
//   - a call of the C library's realloc in this function: promotion makes it
//     move the object to the heap (and guards the frees), so it is fine if
//     the pointer resized can only be this object or what its reallocs
//     returned, and the object does not hold its own address;
//   - an escape, which decides `heap`: returned, stored to a global or to
//     memory that may outlive the frame, passed to a callee that may keep it,
//     converted to an integer, handed to a thread, reallocated otherwise
//     (reallocarray, a realloc-like wrapper, a callee), freed by
//     someone else, kept across loop iterations (the slot is reused every
//     iteration: carried round a back edge in a value still live when the
//     allocation runs again, or stored in a container), or used by an
//     instruction the model does not know.
//
// LOCAL MEMORY.  Functions are analysed as mem2reg leaves them
// (AnalysisBodies.h), so -O0 code looks like -O2 code; slots that cannot be
// promoted (arrays, structs, address-taken variables) are "containers": the
// address may be stored in one if the container itself does not escape, and
// loads from it are then values of the set.  So is an object another
// allocation of the function made (a struct allocated, filled and freed
// locally), when its own address stays in the function and every pointer
// to it only feeds loads, stores, comparisons and its free: no call is
// given it, no copy is made of its bytes (AddressTracker::adoptHeapContainer).
//
// CALLS INTO THE SAME TRANSLATION UNIT are judged by a per-parameter summary
// (escapes / frees it / returns it), computed callees first, one strongly
// connected component of the call graph at a time (ParamSummaries.h).  Only
// definitions that cannot be replaced at link or load time (exact, and
// local or dso_local) are trusted.
//
// THE RULES BETWEEN CALLS, applied after each call is judged on its own;
// nothing after this analysis changes a verdict:
//   - in-wrapper: an allocation an allocation wrapper returns (Wrappers.h)
//     is judged at each call of the wrapper; its own verdict says so
//     (`returned: wrapper 'xmalloc', judged at each call of it`);
//   - joint frees: sites whose frees may free each other's objects are
//     promotable together or not at all (`freed-elsewhere`);
//   - copies: calls of one site (loop unrolling, tail duplication: equal
//     SiteIdentity) share one verdict, heap if any copy is, for the first
//     heap copy's reason; never-freed only if no copy is freed.  Which calls
//     are copies is SiteIdentity's to say: the pass that names sites asks
//     for siteVerdict(calls of one site).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_ESCAPEANALYSIS_H
#define ALLOCSITE_ESCAPEANALYSIS_H

#include "AllocatorTable.h"
#include "Verdict.h"
#include "Wrappers.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/PassManager.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class CallBase;
class Function;
class Module;
class raw_ostream;
} // namespace llvm

namespace allocsite {

// One allocation call and its verdict.
struct JudgedCall {
  llvm::CallBase *Call;
  const AllocatorInfo *Allocator;
  const WrapperInfo *Wrapper; // the wrapper it calls, for a wrapper call
  Verdict Own;                // this call's verdict, the rules between calls applied
};

// What a parameter summary says, for the printer.
struct SummaryLine {
  const llvm::Function *F;
  unsigned Arg;
  bool Escapes, Frees, Returned;
  Explanation Why; // for Escapes: the callee's own reason
};

class EscapeResult {
public:
  // False when a user's wrapper spec was bad (reported as an error); the
  // module then has no verdicts.
  bool valid() const;
  // The wrappers the verdicts were made with (read-only).
  const WrapperTable &wrappers() const { return *Wrappers; }
  // Every allocation call of the module, in IR order.
  llvm::ArrayRef<JudgedCall> calls() const { return Calls; }
  // The call's own entry, or null if it is no allocation call.
  const JudgedCall *call(const llvm::CallBase &CB) const;
  // The verdict of a site whose calls (copies of one source allocation, in
  // IR order) are Calls: the copies rule applied to their own verdicts.
  Verdict siteVerdict(llvm::ArrayRef<const llvm::CallBase *> Calls) const;

  void print(llvm::raw_ostream &OS, const llvm::Module &M) const;

private:
  friend class EscapeAnalysis;
  std::unique_ptr<WrapperTable> Wrappers; // owned here: verdicts point into it
  std::vector<JudgedCall> Calls;
  llvm::DenseMap<const llvm::CallBase *, unsigned> IndexOf;
  std::vector<SummaryLine> Summaries;
};

class EscapeAnalysis : public llvm::AnalysisInfoMixin<EscapeAnalysis> {
public:
  using Result = EscapeResult;
  Result run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);

private:
  friend llvm::AnalysisInfoMixin<EscapeAnalysis>;
  static llvm::AnalysisKey Key;
};

// `print<allocsite-escape>`: the wrappers, the parameter summaries made and
// every allocation call's verdict, for tests on hand-written IR.
class EscapePrinter : public llvm::PassInfoMixin<EscapePrinter> {
public:
  explicit EscapePrinter(llvm::raw_ostream &OS) : OS(OS) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }

private:
  llvm::raw_ostream &OS;
};

} // namespace allocsite

#endif // ALLOCSITE_ESCAPEANALYSIS_H
