//===- WrapperNesting.cpp - the `nested` byte around wrapper calls ---------===//
#include "WrapperNesting.h"

#include "RuntimeABI.h"
#include "allocsite_abi.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <cstddef>
#include <vector>

using namespace llvm;

namespace allocsite {
namespace {

// Marks a function whose unwind and setjmp paths already restore the byte.
constexpr const char *RestoredAttr = "allocsite-nesting-restored";

Constant *nestedByte(const ModuleTables &Tables) {
  return Tables.threadStateByte(offsetof(allocsite_thread_state, nested));
}

// A coroutine not yet split may resume on another thread: the value its
// ramp read would be another thread's.  (Split coroutines are ordinary
// functions by the time this pass runs at -O1 and above.)
bool isUnsplitCoroutine(const Function &F) {
  for (const Instruction &I : instructions(F))
    if (const auto *II = dyn_cast<IntrinsicInst>(&I))
      if (II->getCalledFunction()->getName().substr(0, 10) == "llvm.coro.")
        return true;
  return false;
}

// A pad with a catch or filter clause may end the unwinding here; a
// cleanup-only pad resumes it, and the pad that finally catches restores.
bool catches(const LandingPadInst &LP) { return LP.getNumClauses() > 0; }

} // namespace

const BasicBlock *markWrapperCall(CallBase *Call, const ModuleTables &Tables) {
  Constant *Nested = nestedByte(Tables);
  IRBuilder<> B(Call);
  // A plain load and store: only this thread reads or writes its `nested`.
  Value *Old = B.CreateAlignedLoad(B.getInt8Ty(), Nested, Align(1), "allocsite.outer");
  B.CreateAlignedStore(B.getInt8(1), Nested, Align(1));
  Instruction *After;
  const BasicBlock *Unwind = nullptr;
  if (auto *II = dyn_cast<InvokeInst>(Call)) {
    // instrumentSite already gave the normal destination this invoke as its
    // only predecessor, with the counting code at its start.
    After = &*II->getNormalDest()->getFirstInsertionPt();
    Unwind = II->getUnwindDest();
  } else {
    After = Call->getNextNode();
  }
  B.SetInsertPoint(After);
  B.CreateAlignedStore(Old, Nested, Align(1));
  return Unwind;
}

void restoreNestingAfterUnwinds(Module &M, const ModuleTables &Tables,
                                const std::set<const BasicBlock *> &WrapperUnwindDests) {
  Constant *Nested = nestedByte(Tables);
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasFnAttribute(RestoredAttr))
      continue;
    std::vector<LandingPadInst *> Pads;
    std::vector<CallInst *> TwiceReturning;
    for (Instruction &I : instructions(F)) {
      if (auto *LP = dyn_cast<LandingPadInst>(&I)) {
        if (catches(*LP) || WrapperUnwindDests.count(LP->getParent()))
          Pads.push_back(LP);
      } else if (auto *CI = dyn_cast<CallInst>(&I)) {
        if (CI->canReturnTwice())
          TwiceReturning.push_back(CI);
      }
    }
    if ((Pads.empty() && TwiceReturning.empty()) || isUnsplitCoroutine(F))
      continue;
    F.addFnAttr(RestoredAttr);
    // setjmp's second return comes from a longjmp that may have skipped a
    // wrapper call's restoring store: put back what it was at the first.
    for (CallInst *CI : TwiceReturning) {
      IRBuilder<> B(CI);
      Value *Before = B.CreateAlignedLoad(B.getInt8Ty(), Nested, Align(1), "allocsite.outer");
      B.SetInsertPoint(CI->getNextNode());
      B.CreateAlignedStore(Before, Nested, Align(1));
    }
    if (Pads.empty())
      continue;
    // Outside its own wrapper calls a function always sees the value it
    // started with, so a pad (reached from any invoke) restores that.
    IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
    Value *AtEntry = B.CreateAlignedLoad(B.getInt8Ty(), Nested, Align(1), "allocsite.outer");
    for (LandingPadInst *LP : Pads) {
      B.SetInsertPoint(LP->getNextNode());
      B.CreateAlignedStore(AtEntry, Nested, Align(1));
    }
  }
}

} // namespace allocsite
