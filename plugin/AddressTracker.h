//===- AddressTracker.h - follow one address to the use that lets it go ---===//
//
// The core of the escape analysis (EscapeAnalysis.h has the model): the
// values that carry one object's address, in a function's analysis body
// (AnalysisBodies.h), grown from its source (an allocation call, or a
// parameter when summarising a function) through every instruction that
// derives a pointer from one already in the set, until a use lets the
// address escape.  The tracker records where each value came from, so the
// way of the address to that use can be told (FlowStep), and a Finding
// names its reason as data: no text is built here.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_ADDRESSTRACKER_H
#define ALLOCSITE_ADDRESSTRACKER_H

#include "Verdict.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>
#include <utility>
#include <vector>

namespace llvm {
class AllocaInst;
class CallBase;
class DataLayout;
class Function;
class Instruction;
class LoadInst;
class Loop;
class StoreInst;
class TargetLibraryInfo;
class Use;
class Value;
} // namespace llvm

namespace allocsite {

class AnalysisBodies;
struct AnalysisBody;
class ParamSummaries;
class WrapperTable;

// An escape: its reason and what the reason's message names.
struct Finding {
  Reason Why = Reason::None;
  const llvm::Value *Subject = nullptr;     // %s: a global or a function, by name
  const char *SubjectText = nullptr;        // %s otherwise (kept alive by its owner)
  uint64_t Number = 0;                      // %0
  const llvm::Instruction *MessageAt = nullptr; // %l
  const llvm::Value *Via = nullptr;         // the tracked value whose use decided
  const llvm::Instruction *At = nullptr;    // the deciding use
  // Passed to a same-file function whose parameter CalleeArg escapes there.
  llvm::Function *Callee = nullptr;
  unsigned CalleeArg = 0;

  Finding &about(const llvm::Value *S) { Subject = S; return *this; }
  Finding &about(const char *S) { SubjectText = S; return *this; }
  Finding &number(uint64_t N) { Number = N; return *this; }
  Finding &toldAt(const llvm::Instruction *I) { MessageAt = I; return *this; }
  // The reason and its subject as an Explanation (builds the subject's
  // name; the message itself stays data until asked for).
  Explanation explain() const;
};

// What the tracker consults besides the function it walks.
struct AnalysisContext {
  AnalysisBodies &Bodies;
  const WrapperTable &Wrappers;
  ParamSummaries &Summaries;
};

class AddressTracker {
public:
  enum class Mode { Site, Parameter };

  AddressTracker(AnalysisContext &Ctx, AnalysisBody &FC, const llvm::TargetLibraryInfo &TLI,
                 Mode M, llvm::Value *Source);

  // The first escape, if any; afterwards the flags below are valid.
  std::optional<Finding> run();

  bool Frees = false;    // a free of it (Site mode: this function's, or a realloc; else any)
  bool Returned = false; // Parameter mode: the address is returned
  // Other sites of this function whose address one of this site's frees
  // (or containers) may also hold: promotable only together.
  llvm::SmallPtrSet<const llvm::CallBase *, 4> CoFreed;
  // How the address got to V (the Via of a Finding), source first.
  std::vector<FlowStep> flowTo(const llvm::Value *V) const;
  // Site mode: this function's frees of the object, and what each frees.
  const std::vector<std::pair<llvm::CallBase *, llvm::Value *>> &localFrees() const {
    return LocalFrees;
  }
  // Site mode: this function's calls of the C library's realloc given the
  // object (the pointer they resize).  Promotion rewrites each so that the
  // object moves to the heap there (StackPromotion.h); their results are
  // other sites' objects, always heap, so a free or realloc that may get one
  // of them is still this object's (guarded, never deleted).
  const std::vector<std::pair<llvm::CallBase *, llvm::Value *>> &localReallocs() const {
    return LocalReallocs;
  }

private:
  std::optional<Finding> visitUse(const llvm::Use &U, llvm::Value *V);
  std::optional<Finding> visitCall(llvm::CallBase &CB, const llvm::Use &U, llvm::Value *V);
  std::optional<Finding> visitStoreOfAddress(llvm::StoreInst &SI, llvm::Value *V);
  std::optional<Finding> adoptContainer(llvm::AllocaInst &A, llvm::StoreInst &SI);
  std::optional<std::optional<Finding>> adoptHeapContainer(llvm::CallBase &Outer,
                                                          llvm::StoreInst &SI, llvm::Value *V);
  std::optional<Finding> carriedRoundLoop(const llvm::Value *V, const llvm::Instruction *Phi);
  bool liveAfterSource(const llvm::Instruction &D) const;
  std::optional<Finding> stillCarried(const std::vector<const llvm::Value *> &Values);
  bool isExclusive(const llvm::Value *V);
  bool isLocalRealloc(const llvm::Value *V) const;
  std::optional<Finding> checkReallocs();
  bool slotExclusive(const llvm::LoadInst &Load);
  bool mayOverlapPointerStore(const llvm::LoadInst &Load, const llvm::Value *Container,
                              const std::vector<llvm::StoreInst *> &Stores) const;
  void track(llvm::Value *V, const llvm::Value *From) {
    if (Parent.try_emplace(V, From).second)
      Work.push_back(V);
  }
  bool tracked(const llvm::Value *V) const { return Parent.count(V); }

  AnalysisContext &Ctx;
  AnalysisBody &FC;
  const llvm::TargetLibraryInfo &TLI;
  Mode TheMode;
  llvm::Value *Source;
  const llvm::DataLayout &DL;
  const llvm::Loop *SiteLoop = nullptr;

  llvm::DenseMap<const llvm::Value *, const llvm::Value *> Parent; // tracked value -> its origin
  std::vector<llvm::Value *> Work;
  std::vector<std::pair<llvm::CallBase *, llvm::Value *>> LocalFrees;
  std::vector<std::pair<llvm::CallBase *, llvm::Value *>> LocalReallocs;
  // Local memory the address was stored into (stack slots, and objects of
  // this function's other allocations that stay in it), and the stores
  // into each.
  llvm::DenseMap<const llvm::Value *, std::vector<llvm::StoreInst *>> Containers;
  unsigned Depth = 0; // 1 in the tracker of a container object
  bool ObjectHoldsItsAddress = false; // the address was stored into the object itself
  // The first header phi found carrying the address round a loop of the
  // site; heap only if an old object may outlive the next allocation.
  std::optional<Finding> Carried;
  llvm::DenseMap<const llvm::Value *, bool> ExclusiveMemo;
};

} // namespace allocsite

#endif // ALLOCSITE_ADDRESSTRACKER_H
