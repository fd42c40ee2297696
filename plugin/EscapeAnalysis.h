//===- EscapeAnalysis.h - can an allocation live on the stack? ------------===//
//
// Judges every allocation site, like Go's `-gcflags=-m`: `promotable` when
// replacing the allocation by a stack slot of its size in the allocating
// function (and deleting that function's frees of it) cannot change any
// well-defined execution, otherwise `heap` with a reason and the source
// location of the use that decided it.  One false "promotable" is worse
// than ten missed ones, so every rule below errs towards `heap`.
//
// THE MODEL.  The object's address is a set of SSA values, grown from the
// allocation call through every instruction that derives a pointer from one
// already in the set (GEP, casts, phi, select, calls that return their
// argument, loads from memory the address was stored in).  Each use of a
// value in the set is then one of:
//   - harmless: loads and stores *through* it, comparisons, calls known to
//     read or write through the pointer without keeping it (the C library
//     table in LibraryKnowledge.h, same-TU functions whose parameter does not
//     escape, LLVM's nocapture+nofree);
//   - a free in this function: promotion deletes it, so it is fine if the
//     freed pointer can only be this object;
//   - an escape, which decides `heap`: returned, stored to a global or to
//     memory that may outlive the frame, passed to a callee that may keep it,
//     converted to an integer, handed to a thread, reallocated, freed by
//     someone else, carried round a loop back edge (the slot is reused every
//     iteration), or used by an instruction the model does not know.
//
// LOCAL MEMORY.  At -O0 clang keeps every variable in a stack slot, so the
// address flows through memory.  Functions are analysed on a copy with their
// promotable stack slots rewritten to SSA (mem2reg), which makes -O0 code
// look like -O2 code; slots that cannot be promoted (arrays, structs,
// address-taken variables) are "containers": the address may be stored in
// one if the container itself does not escape, and loads from it are then
// values of the set.
//
// CALLS INTO THE SAME TRANSLATION UNIT are judged by a per-parameter summary
// (escapes / frees it / returns it), computed on demand for the functions
// reachable from the call and iterated to a fixed point, so recursion and
// mutual recursion terminate.  Only definitions that cannot be replaced at
// link or load time (exact, and local or dso_local) are trusted.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_ESCAPEANALYSIS_H
#define ALLOCSITE_ESCAPEANALYSIS_H

#include "AllocatorTable.h"

#include "llvm/IR/PassManager.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class CallBase;
class Function;
class Module;
} // namespace llvm

namespace allocsite {

struct Verdict {
  enum class Kind { Unknown, Promotable, Heap };
  Kind K = Kind::Unknown;
  std::string Code;    // reason code for heap, e.g. "stored-to-global"
  std::string Message; // e.g. "stored to global 'g' at a.c:9:11"
  bool NeverFreed = false;     // promotable, and a leak
  std::string Call;            // the allocation as written: "malloc(64)"
  std::string Allocator;       // "malloc", "operator new[]"
  std::vector<std::pair<std::string, std::string>> CallArgs; // ("Size", "64"), ...
  std::vector<std::string> Flow; // how the address got to the deciding use
  std::string Wrapper;           // a call of this allocation wrapper ("xmalloc")
  // Promotable only if these sites (of the same function) are too: a free
  // of this site's address may also free theirs.  Null: one that could not
  // be identified, which makes this site heap.
  std::vector<llvm::CallBase *> CoFreed;
  // For promotion (StackPromotion.h), valid when promotable: the size in
  // bytes, the alignment the call asks for (0: none, or not constant), and
  // this function's frees of the object (null: one that could not be
  // identified in the original function); FreesOnlyIt[i] says Frees[i]
  // always frees this object (never null or another site's object), so the
  // object's lifetime ends there.
  uint64_t Size = 0;
  uint64_t RequestedAlignment = 0;
  std::vector<llvm::CallBase *> Frees;
  std::vector<bool> FreesOnlyIt;
};

struct WrapperInfo;
class WrapperTable;

// A definition the analysis may look into: nothing can replace it at link or
// load time, so what it does is what runs.
bool isTrustedDefinition(const llvm::Function &F);

class EscapeAnalysis {
public:
  EscapeAnalysis(llvm::Module &M, llvm::FunctionAnalysisManager &FAM, uint64_t MaxStackSize);
  ~EscapeAnalysis(); // removes the analysis copies from the module
  // Calls of Wrappers are allocations, and their frees frees (Wrappers.h).
  void setWrappers(const WrapperTable *Wrappers);
  // Judges an allocation call; W is the wrapper it calls, if it calls one.
  Verdict judge(llvm::CallBase &Site, const AllocatorInfo &Info, const WrapperInfo *W = nullptr);

  // The function as the analysis sees it (its stack slots in SSA form), and
  // the original of a call in that copy (null if it has none).
  llvm::Function &analysisBody(llvm::Function &F);
  llvm::CallBase *originalCall(llvm::Function &F, const llvm::CallBase *InBody);
  // Whether F is one of those copies (they live in the module meanwhile).
  bool isAnalysisCopy(const llvm::Function &F) const;

  struct Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace allocsite

#endif // ALLOCSITE_ESCAPEANALYSIS_H
