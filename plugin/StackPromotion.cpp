//===- StackPromotion.cpp - rewrite promotable allocations to stack slots -===//
//
// See StackPromotion.h.  STEP 1 plans (which calls, what slot), STEP 2
// rewrites the calls and deletes their frees, STEP 3 cleans up.
//
//===----------------------------------------------------------------------===//
#include "StackPromotion.h"

#include "LLVMCompat.h"

#include "llvm/IR/Intrinsics.h"

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
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
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
// Why a site promotable if small cannot keep its call behind a size test
// (StackPromotion.h); empty when it can.
// Why the frees of a site cannot each be put behind a test of the freed
// pointer (guardFree); empty when they can.
std::string whyFreesNotGuarded(const Verdict &V) {
  for (size_t K = 0; K < V.Frees.size(); K++) {
    CallBase *Free = V.Frees[K];
    if (Free && (isa<InvokeInst>(Free) || !Free->use_empty() || V.FreedArg[K] >= Free->arg_size()))
      return "one of its frees cannot be guarded (an invoke, a result used, or the freed "
             "argument unknown)";
  }
  return "";
}

std::string whyNotGuarded(const PromotionRequest &R) {
  const AllocatorInfo &Info = *R.Allocator;
  if (Info.AlignArg >= 0 || Info.has(PageAligned))
    return "it asks for an alignment";
  if (Info.Size == SizeRule::ResultStrlen && R.Call->arg_size() > 2)
    return "its size rule is not strdup's or strndup's";
  return whyFreesNotGuarded(*R.Judged);
}

// Why a site given to realloc cannot move to the heap there; empty when it
// can.  A stack slot's frees are then guarded rather than deleted (what they
// free may be the heap's by then), so a free it shares with another site,
// which would delete it, is refused.
std::string whyNotMovable(const PromotionRequest &R, bool Guarded) {
  const Verdict &V = *R.Judged;
  if (std::find(V.Reallocs.begin(), V.Reallocs.end(), nullptr) != V.Reallocs.end())
    return "one of its reallocs was not found in the function";
  if (Guarded)
    return "";
  if (!V.CoFreed.empty())
    return "it is reallocated and freed through a pointer that may hold another site's object";
  return whyFreesNotGuarded(V);
}

PromotionPlan checkFunction(const PromotionRequest &R, IrreducibleCycles &Cycles,
                            PromotionPlan P);

PromotionPlan planOne(const PromotionRequest &R, IrreducibleCycles &Cycles,
                      FunctionAnalysisManager &FAM) {
  PromotionPlan P;
  const Verdict &V = *R.Judged;
  if (!V.staysLocal())
    return P;
  if (!V.Wrapper.empty()) {
    // The wrapper may do more than allocate (statistics, hooks): replacing
    // its call would drop that.  The verdict still says what could be done.
    P.WhyNot = "it is a call of wrapper '" + V.Wrapper + "', whose other effects would be lost";
    return P;
  }
  const AllocatorInfo &Info = *R.Allocator;
  if (V.movedByRealloc()) {
    P.WhyNot = whyNotMovable(R, V.promotableIfSmall());
    if (!P.WhyNot.empty())
      return P;
  }
  if (V.promotableIfSmall()) {
    P.WhyNot = whyNotGuarded(R);
    if (!P.WhyNot.empty())
      return P;
    P.Guarded = true;
    P.Size = V.Size;
    P.Alignment = guaranteedAlignment(*R.Call);
    return checkFunction(R, Cycles, P);
  }
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
  return checkFunction(R, Cycles, P);
}

// What the frees and the function allow, for any promotion.
PromotionPlan checkFunction(const PromotionRequest &R, IrreducibleCycles &Cycles,
                            PromotionPlan P) {
  const Verdict &V = *R.Judged;
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

// The object's memory: an alloca of P.Size bytes at P.Alignment in the entry
// block, so there is one per frame however often the site runs.
AllocaInst *entryBlockAlloca(Function &F, const PromotionPlan &P, const char *Name) {
  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> EB(&Entry, Entry.begin());
  AllocaInst *Slot = EB.CreateAlloca(ArrayType::get(EB.getInt8Ty(), P.Size), nullptr, Name);
  Slot->setAlignment(Align(P.Alignment));
  return Slot;
}

// Every free of the object frees only what the heap gave: `if (p != mem)
// free(p); else` the memory's lifetime ends.  A free shared with other
// guarded sites gets one test per site, each nested in the last: free
// unless the pointer is any of their memories.
void guardFree(CallBase *Free, unsigned FreedArg, AllocaInst *Mem, uint64_t Size) {
  PointerType *BytePtr = bytePtrTy(Free->getContext());
  IRBuilder<> FB(Free);
  Value *Freed = FB.CreatePointerCast(Free->getArgOperand(FreedArg), BytePtr);
  Value *NotBuffer = FB.CreateICmpNE(Freed, FB.CreatePointerCast(Mem, BytePtr));
  Instruction *Then, *Else;
  SplitBlockAndInsertIfThenElse(NotBuffer, Free, &Then, &Else);
  Free->moveBefore(Then);
  IRBuilder<> EB(Else);
  EB.SetCurrentDebugLocation(Free->getDebugLoc());
  EB.CreateLifetimeEnd(Mem, EB.getInt64(Size));
}

// One realloc of the object, drawn in StackPromotion.h.  The call stays the
// same instruction (it is counted as before, and only its first argument
// changes), so its site's counts and the heap's by_function are what an
// unpromoted build gives: realloc(NULL, m) is a realloc of m bytes, and
// realloc(mem, 0), which glibc answers by freeing and returning NULL, makes
// no call and counts nothing.
void moveToHeapAt(CallBase &Realloc, AllocaInst *Mem, const PromotionPlan &P) {
  LLVMContext &Ctx = Realloc.getContext();
  PointerType *BytePtr = bytePtrTy(Ctx);
  SmallVector<Use *, 8> Uses;
  for (Use &U : Realloc.uses())
    Uses.push_back(&U);

  IRBuilder<> B(&Realloc);
  B.SetCurrentDebugLocation(Realloc.getDebugLoc());
  Value *Old = Realloc.getArgOperand(0);
  Value *NewSize = Realloc.getArgOperand(1);
  Value *Mem8 = B.CreatePointerCast(Mem, BytePtr);
  Value *OnStack = B.CreateICmpEQ(B.CreatePointerCast(Old, BytePtr), Mem8, "allocsite.on.stack");
  Value *FreesIt =
      B.CreateAnd(OnStack, B.CreateICmpEQ(NewSize, ConstantInt::get(NewSize->getType(), 0)));
  // head -> freed (realloc(mem, 0)) | call -> [copy] -> joined
  Instruction *FreedTerm = SplitBlockAndInsertIfThen(FreesIt, &Realloc, false);
  BasicBlock *Freed = FreedTerm->getParent();
  IRBuilder<> FB(FreedTerm);
  FB.SetCurrentDebugLocation(Realloc.getDebugLoc());
  FB.CreateLifetimeEnd(Mem, FB.getInt64(P.Size));

  B.SetInsertPoint(&Realloc);
  Realloc.setArgOperand(0, B.CreateSelect(OnStack, Constant::getNullValue(Old->getType()), Old));
  Instruction *After = Realloc.getNextNode();
  B.SetInsertPoint(After);
  Value *Moved = B.CreateAnd(OnStack, B.CreateIsNotNull(&Realloc), "allocsite.moved");
  // On failure the old object stays valid, here the memory: nothing to do.
  Instruction *CopyTerm = SplitBlockAndInsertIfThen(Moved, After, false);
  IRBuilder<> CB(CopyTerm);
  CB.SetCurrentDebugLocation(Realloc.getDebugLoc());
  Value *Wanted = CB.CreateZExtOrTrunc(NewSize, CB.getInt64Ty());
  Value *Held = CB.getInt64(P.Size);
  Value *Bytes = CB.CreateSelect(CB.CreateICmpULT(Wanted, Held), Wanted, Held);
  CB.CreateMemCpy(CB.CreatePointerCast(&Realloc, BytePtr), MaybeAlign(1), Mem8,
                  MaybeAlign(P.Alignment), Bytes);
  CB.CreateLifetimeEnd(Mem, CB.getInt64(P.Size));

  BasicBlock *Joined = After->getParent();
  FreedTerm->setSuccessor(0, Joined);
  PHINode *Result = PHINode::Create(Realloc.getType(), 3, "allocsite.realloc", &Joined->front());
  for (BasicBlock *Pred : predecessors(Joined))
    Result->addIncoming(Pred == Freed ? Constant::getNullValue(Realloc.getType())
                                      : static_cast<Value *>(&Realloc),
                        Pred);
  for (Use *U : Uses)
    U->set(Result);
}

} // namespace

void moveToHeapOnRealloc(const PromotionRequest &R, PromotionPlan &P) {
  if (!P.Memory)
    P.Memory = entryBlockAlloca(*R.Call->getFunction(), P,
                                P.Guarded ? "allocsite.buffer" : "allocsite.slot");
  for (CallBase *Realloc : R.Judged->Reallocs)
    moveToHeapAt(*Realloc, P.Memory, P);
}

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
        if (It != IndexOf.end() && Plans[It->second].Promote &&
            Plans[It->second].Guarded == Plans[I].Guarded)
          continue;
        Plans[I].Promote = false;
        Plans[I].WhyNot = "it is freed through a pointer that may hold an allocation that is not "
                          "promoted, or not the same way";
        break;
      }
      for (size_t Copy : CopiesOf[Requests[I].SiteID])
        if (Plans[I].Promote && (!Plans[Copy].Promote || Plans[Copy].Guarded != Plans[I].Guarded)) {
          Plans[I].Promote = false;
          Plans[I].WhyNot = "another copy of this site is not promoted, or not the same way";
        }
      Changed |= !Plans[I].Promote;
    }
  }
  return Plans;
}

GuardedCall guardWithStackBuffer(const PromotionRequest &R, const PromotionPlan &P) {
  CallBase *CB = R.Call;
  const AllocatorInfo &Info = *R.Allocator;
  Function &F = *CB->getFunction();
  LLVMContext &Ctx = F.getContext();
  AllocaInst *Slot = P.Memory ? P.Memory : entryBlockAlloca(F, P, "allocsite.buffer");

  // The size, and whether it fits; a calloc whose product overflows does
  // not (its call fails as before).
  IRBuilder<> B(CB);
  B.SetCurrentDebugLocation(CB->getDebugLoc());
  Type *I64 = B.getInt64Ty();
  auto arg = [&](int Index) { return B.CreateZExtOrTrunc(CB->getArgOperand(Index), I64); };
  Value *Bytes, *Fits, *Length = nullptr;
  Value *Limit = B.getInt64(P.Size);
  if (Info.Size == SizeRule::Product) {
    Value *Product = B.CreateBinaryIntrinsic(Intrinsic::umul_with_overflow, arg(Info.CountArg),
                                             arg(Info.SizeArg));
    Bytes = B.CreateExtractValue(Product, 0);
    Fits = B.CreateAnd(B.CreateNot(B.CreateExtractValue(Product, 1)), B.CreateICmpULE(Bytes, Limit));
  } else if (Info.Size == SizeRule::ResultStrlen) {
    // strdup(s): strlen(s) + 1 bytes; strndup(s, n): strnlen(s, n) + 1.
    Module &M = *F.getParent();
    Type *SizeTy = M.getDataLayout().getIntPtrType(Ctx);
    PointerType *Ptr = bytePtrTy(Ctx);
    Value *S = B.CreatePointerCast(CB->getArgOperand(0), Ptr);
    if (CB->arg_size() == 2) {
      FunctionCallee Strnlen =
          M.getOrInsertFunction("strnlen", FunctionType::get(SizeTy, {Ptr, SizeTy}, false));
      Length = B.CreateCall(Strnlen, {S, B.CreateZExtOrTrunc(CB->getArgOperand(1), SizeTy)});
    } else {
      FunctionCallee Strlen = M.getOrInsertFunction("strlen", FunctionType::get(SizeTy, {Ptr}, false));
      Length = B.CreateCall(Strlen, {S});
    }
    Length = B.CreateZExtOrTrunc(Length, I64);
    Bytes = B.CreateAdd(Length, B.getInt64(1));
    Fits = B.CreateICmpULT(Length, Limit);
  } else {
    Bytes = arg(Info.SizeArg);
    Fits = B.CreateICmpULE(Bytes, Limit);
  }

  // head -> stack | heap (the call) -> joined.  An invoke (a new[] that may
  // throw into a handler) ends its block: joined is put on its normal edge,
  // and its unwind edge stays the heap path's alone.
  BasicBlock *Head = CB->getParent();
  BasicBlock *Heap = Head->splitBasicBlock(CB, "allocsite.heap");
  BasicBlock *Joined;
  if (auto *II = dyn_cast<InvokeInst>(CB)) {
    BasicBlock *Normal = II->getNormalDest();
    Joined = BasicBlock::Create(Ctx, "allocsite.joined", &F, Normal);
    BranchInst::Create(Normal, Joined);
    Normal->replacePhiUsesWith(Heap, Joined);
    II->setNormalDest(Joined);
  } else {
    Joined = Heap->splitBasicBlock(CB->getNextNode(), "allocsite.joined");
  }
  BasicBlock *Stack = BasicBlock::Create(Ctx, "allocsite.stack", &F, Heap);
  Head->getTerminator()->eraseFromParent();
  B.SetInsertPoint(Head);
  B.CreateCondBr(Fits, Stack, Heap);

  B.SetInsertPoint(Stack);
  // The buffer lives from here to a free of it (the else branch of the
  // frees' tests below): stack colouring may share its bytes with other
  // buffers and slots, and AddressSanitizer reports a use after the free.
  B.CreateLifetimeStart(Slot, B.getInt64(P.Size));
  Value *Buffer = B.CreatePointerCast(Slot, bytePtrTy(Ctx));
  if (Info.has(ZeroedMemory))
    B.CreateMemSet(Slot, B.getInt8(0), P.Size, MaybeAlign(P.Alignment));
  if (Length) {
    Value *S = B.CreatePointerCast(CB->getArgOperand(0), bytePtrTy(Ctx));
    B.CreateMemCpy(Buffer, MaybeAlign(P.Alignment), S, MaybeAlign(1), Length);
    B.CreateStore(B.getInt8(0), B.CreateGEP(B.getInt8Ty(), Buffer, Length));
  }
  Value *BufferAsResult = B.CreatePointerCast(Slot, CB->getType());
  Instruction *StackPath = B.CreateBr(Joined);

  B.SetInsertPoint(&Joined->front());
  PHINode *Object = B.CreatePHI(CB->getType(), 2, "allocsite.object");
  CB->replaceAllUsesWith(Object);
  Object->addIncoming(BufferAsResult, Stack);
  Object->addIncoming(CB, Heap);

  for (size_t K = 0; K < R.Judged->Frees.size(); K++)
    guardFree(R.Judged->Frees[K], R.Judged->FreedArg[K], Slot, P.Size);
  return {StackPath, Bytes};
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
    if (P.Guarded) // rewritten already (guardWithStackBuffer)
      continue;

    // Each run of the site ends its predecessor's object in the one slot.
    AllocaInst *Slot = P.Memory ? P.Memory : entryBlockAlloca(F, P, "allocsite.slot");

    IRBuilder<> B(CB);
    B.SetCurrentDebugLocation(CB->getDebugLoc());
    B.CreateLifetimeStart(Slot, B.getInt64(P.Size));
    if (R.Allocator->has(ZeroedMemory))
      B.CreateMemSet(Slot, B.getInt8(0), P.Size, MaybeAlign(P.Alignment));
    CB->replaceAllUsesWith(B.CreatePointerCast(Slot, CB->getType()));
    CB->eraseFromParent();

    // Moved to the heap by a realloc, the object may be the heap's when
    // freed: each free tests (whyNotMovable made sure none is shared).
    if (R.Judged->movedByRealloc()) {
      for (size_t K = 0; K < R.Judged->Frees.size(); K++)
        guardFree(R.Judged->Frees[K], R.Judged->FreedArg[K], Slot, P.Size);
      continue;
    }
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
