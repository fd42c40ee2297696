//===- StackPromotion.cpp - rewrite promotable allocations to stack slots -===//
//
// See StackPromotion.h.  STEP 1 plans (which calls, what slot), STEP 2
// rewrites the calls and deletes their frees, STEP 3 cleans up.
//
//===----------------------------------------------------------------------===//
#include "StackPromotion.h"

#include "LLVMCompat.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/Utils/Local.h"

#include <algorithm>
#include <map>
#include <memory>

using namespace llvm;

namespace allocsite {
namespace {

// The alignment malloc and the plain operator new guarantee:
// alignof(max_align_t) and __STDCPP_DEFAULT_NEW_ALIGNMENT__.  LLVM records
// neither, so the target is asked for the nearest thing it does record: the
// natural alignment of its stack (DataLayout "S"), which every ABI makes at
// least the largest fundamental alignment, since any local may need it
// (16 on x86-64, i386 Linux, AArch64, RISC-V and PowerPC64, as malloc's).
// A call that promises more (an `align` attribute on its result) gets that.
// Without a stack alignment in the DataLayout: twice the pointer size,
// glibc's smallest MALLOC_ALIGNMENT.
uint64_t guaranteedAlignment(const CallBase &CB) {
  const DataLayout &DL = CB.getModule()->getDataLayout();
  uint64_t A = 2 * DL.getPointerSize();
  // DataLayout says whether an alignment exceeds the stack's, not what that
  // is: the first power of two that does is twice it.
  for (uint64_t Try = 1; Try <= (1u << 16); Try *= 2)
    if (DL.exceedsNaturalStackAlignment(Align(Try))) {
      A = Try / 2;
      break;
    }
  if (MaybeAlign Ret = CB.getRetAlign())
    A = std::max<uint64_t>(A, Ret->value());
  return A;
}

// Whether a block lies on a cycle that is not a natural loop.  Such cycles
// have no loop header, where the analysis looks for an address carried into
// the next iteration, so one reused slot would not be known to be safe.
class IrreducibleCycles {
public:
  bool contains(const BasicBlock *BB) {
    const Function *F = BB->getParent();
    std::unique_ptr<PerFunction> &P = Cache[F];
    if (!P) {
      P = std::make_unique<PerFunction>(*F);
      ReversePostOrderTraversal<const Function *> RPOT(F);
      P->Irreducible = containsIrreducibleCFG<const BasicBlock *>(RPOT, P->LI);
    }
    if (!P->Irreducible)
      return false;
    for (const BasicBlock *Succ : successors(BB))
      if (isPotentiallyReachable(Succ, BB, nullptr, &P->DT, &P->LI))
        return true;
    return false;
  }

private:
  struct PerFunction {
    explicit PerFunction(const Function &F) : DT(const_cast<Function &>(F)), LI(DT) {}
    DominatorTree DT;
    LoopInfo LI;
    bool Irreducible = false;
  };
  std::map<const Function *, std::unique_ptr<PerFunction>> Cache;
};

// ---------------------------------------------------------------------------
// STEP 1: the plan of one call on its own.
// ---------------------------------------------------------------------------
PromotionPlan planOne(const PromotionRequest &R, IrreducibleCycles &Cycles,
                      FunctionAnalysisManager &FAM) {
  PromotionPlan P;
  const Verdict &V = *R.Judged;
  if (V.K != Verdict::Kind::Promotable)
    return P;
  if (!V.Wrapper.empty()) {
    // The wrapper may do more than allocate (statistics, hooks): replacing
    // its call would drop that.  The verdict still says what could be done.
    P.WhyNot = "it is a call of wrapper '" + V.Wrapper + "', whose other effects would be lost";
    return P;
  }
  const AllocatorInfo &Info = *R.Allocator;
  // malloc(0) returns a distinct pointer: the slot needs at least a byte.
  P.Size = std::max<uint64_t>(V.Size, 1);
  P.Alignment = guaranteedAlignment(*R.Call);
  if (Info.has(PageAligned)) {
    // valloc and pvalloc return page-aligned memory; the page size is the
    // target's to say (TargetTransformInfo, LLVM 17 and later, where the
    // target knows it), and a guess could be too small.
    std::optional<unsigned> PageSize =
        minPageSize(FAM.getResult<TargetIRAnalysis>(*R.Call->getFunction()));
    if (!PageSize) {
      P.WhyNot = "it asks for page alignment, and the target does not tell the page size";
      return P;
    }
    P.Alignment = std::max<uint64_t>(P.Alignment, *PageSize);
    if (Info.has(WholePages))
      P.Size = alignTo(P.Size, *PageSize);
  }
  if (Info.AlignArg >= 0) {
    if (!isPowerOf2_64(V.RequestedAlignment)) {
      P.WhyNot = "its alignment is not a constant power of two";
      return P;
    }
    P.Alignment = std::max(P.Alignment, V.RequestedAlignment);
  }
  if (std::find(V.Frees.begin(), V.Frees.end(), nullptr) != V.Frees.end()) {
    P.WhyNot = "one of its frees was not found in the function";
    return P;
  }
  // After setjmp returns the second time, the heap object's contents are
  // what was last stored; a slot that SROA turned into registers is not.
  if (R.Call->getFunction()->callsFunctionThatReturnsTwice()) {
    P.WhyNot = "its function calls setjmp or another function that returns twice";
    return P;
  }
  if (Cycles.contains(R.Call->getParent())) {
    P.WhyNot = "it is in a cycle that is not a natural loop";
    return P;
  }
  P.Promote = true;
  return P;
}

// Deletes a call of an allocator or deallocator; an invoke first becomes a
// call and a branch.
void eraseCall(CallBase *CB) {
  if (auto *II = dyn_cast<InvokeInst>(CB))
    CB = changeToCall(II);
  if (!CB->use_empty())
    CB->replaceAllUsesWith(UndefValue::get(CB->getType()));
  CB->eraseFromParent();
}

} // namespace

std::vector<PromotionPlan> planStackPromotion(ArrayRef<PromotionRequest> Requests,
                                              FunctionAnalysisManager &FAM) {
  IrreducibleCycles Cycles;
  std::vector<PromotionPlan> Plans;
  std::map<const CallBase *, size_t> IndexOf;
  std::map<uint64_t, std::vector<size_t>> CopiesOf;
  for (size_t I = 0; I < Requests.size(); I++) {
    Plans.push_back(planOne(Requests[I], Cycles, FAM));
    IndexOf[Requests[I].Call] = I;
    CopiesOf[Requests[I].SiteID].push_back(I);
  }
  // Joined calls go together: a deleted free must never free a heap object,
  // and one site's counts must be all heap or all promoted.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (size_t I = 0; I < Requests.size(); I++) {
      if (!Plans[I].Promote)
        continue;
      for (const CallBase *Other : Requests[I].Judged->CoFreed) {
        auto It = IndexOf.find(Other);
        if (It != IndexOf.end() && Plans[It->second].Promote)
          continue;
        Plans[I].Promote = false;
        Plans[I].WhyNot = "it is freed through a pointer that may hold an allocation that is not "
                          "promoted";
        break;
      }
      for (size_t Copy : CopiesOf[Requests[I].SiteID])
        if (Plans[I].Promote && !Plans[Copy].Promote) {
          Plans[I].Promote = false;
          Plans[I].WhyNot = "another copy of this site is not promoted";
        }
      Changed |= !Plans[I].Promote;
    }
  }
  return Plans;
}

CallBase *dropUnwindEdge(CallBase *Call) {
  if (auto *II = dyn_cast<InvokeInst>(Call))
    return changeToCall(II);
  return Call;
}

// ---------------------------------------------------------------------------
// STEP 2 and 3: rewrite, delete the frees, clean up.
// ---------------------------------------------------------------------------
void promoteToStackSlots(ArrayRef<PromotionRequest> Requests, ArrayRef<PromotionPlan> Plans,
                         FunctionAnalysisManager &FAM) {
  // Each free of a promoted object, and the slot whose lifetime it ends: none
  // when it may also free nothing (a null on some path: the object may be
  // used after it) or another site's object (merged pointers).
  MapVector<CallBase *, AllocaInst *> SlotEndedBy;
  SetVector<Function *> Changed;
  for (size_t I = 0; I < Requests.size(); I++) {
    if (!Plans[I].Promote)
      continue;
    const PromotionRequest &R = Requests[I];
    const PromotionPlan &P = Plans[I];
    CallBase *CB = R.Call;
    Function &F = *CB->getFunction();
    Changed.insert(&F);

    // The slot lives in the entry block, so it is one per frame however
    // often the site runs (each run ends its predecessor's object).
    BasicBlock &Entry = F.getEntryBlock();
    IRBuilder<> EB(&Entry, Entry.begin());
    AllocaInst *Slot =
        EB.CreateAlloca(ArrayType::get(EB.getInt8Ty(), P.Size), nullptr, "allocsite.slot");
    Slot->setAlignment(Align(P.Alignment));

    IRBuilder<> B(CB);
    B.SetCurrentDebugLocation(CB->getDebugLoc());
    B.CreateLifetimeStart(Slot, B.getInt64(P.Size));
    if (R.Allocator->has(ZeroedMemory))
      B.CreateMemSet(Slot, B.getInt8(0), P.Size, MaybeAlign(P.Alignment));
    CB->replaceAllUsesWith(B.CreatePointerCast(Slot, CB->getType()));
    CB->eraseFromParent();

    for (size_t K = 0; K < R.Judged->Frees.size(); K++) {
      auto [It, New] = SlotEndedBy.insert({R.Judged->Frees[K], Slot});
      if (!New || !R.Judged->FreesOnlyIt[K])
        It->second = nullptr;
    }
  }

  for (auto &[Free, Slot] : SlotEndedBy) {
    // Ending the lifetime lets the slot share stack space (and ASan sees a
    // use after the free).
    if (Slot) {
      IRBuilder<> B(Free);
      B.SetCurrentDebugLocation(Free->getDebugLoc());
      B.CreateLifetimeEnd(
          Slot, B.getInt64(cast<ArrayType>(Slot->getAllocatedType())->getNumElements()));
    }
    eraseCall(Free);
  }

  // At -O0 (optnone) the code stays as written; otherwise the slots become
  // registers where they can, and the null tests of the former allocation
  // fold away.
  for (Function *F : Changed) {
    if (F->hasOptNone())
      continue;
    FAM.invalidate(*F, PreservedAnalyses::none());
    FunctionPassManager FPM;
    addSROA(FPM);
    FPM.addPass(InstCombinePass());
    FPM.addPass(SimplifyCFGPass());
    FPM.run(*F, FAM);
  }
}

} // namespace allocsite
