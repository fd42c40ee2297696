//===- SiteCounting.cpp - the inline code that counts one site -------------===//
//
// What AllocSiteInstrumentation.h draws: the success test, the requested
// size and the per-thread adds after one allocation call.
//
//===----------------------------------------------------------------------===//
#include "SiteCounting.h"

#include "AllocatorTable.h"
#include "LLVMCompat.h"
#include "RuntimeABI.h"
#include "Wrappers.h"
#include "allocsite_abi.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <cstddef>

using namespace llvm;

namespace allocsite {
namespace {

// Where the counting code goes: right after a call; for an invoke, at the
// start of its normal destination, split off if other edges reach it.
Instruction *insertionPointAfter(CallBase *CB) {
  if (auto *II = dyn_cast<InvokeInst>(CB)) {
    BasicBlock *Normal = II->getNormalDest();
    if (!Normal->getSinglePredecessor())
      Normal = SplitEdge(II->getParent(), Normal);
    return &*Normal->getFirstInsertionPt();
  }
  return CB->getNextNode();
}

// The requested size in bytes, as i64, computed where the allocation
// succeeded: Result is the pointer the success test found not null.
Value *requestedBytes(IRBuilder<> &B, CallBase *CB, const AllocatorInfo &Info,
                      const WrapperInfo *W, Value *Result) {
  Type *I64 = B.getInt64Ty();
  auto arg = [&](int Index) { return B.CreateZExtOrTrunc(CB->getArgOperand(Index), I64); };
  // A wrapper's size maps through to its arguments (Wrappers.h); when it
  // does not, the call counts as an object of 0 bytes.
  if (W && !W->Size.Strlen) {
    Value *Bytes = B.getInt64(W->Size.Known ? W->Size.Factor : 0);
    if (W->Size.Known)
      for (int Arg : {W->Size.CountArg, W->Size.SizeArg})
        if (Arg >= 0)
          Bytes = B.CreateMul(Bytes, arg(Arg));
    return Bytes;
  }
  SizeRule Rule = W ? SizeRule::ResultStrlen : Info.Size;
  switch (Rule) {
  case SizeRule::Argument:
    return arg(Info.SizeArg);
  case SizeRule::Product:
    // Cannot wrap when the call succeeded: the allocator rejects overflow.
    return B.CreateMul(arg(Info.CountArg), arg(Info.SizeArg));
  case SizeRule::ResultStrlen: {
    // The pointer the success test read (through the inline asm), so the
    // optimiser knows it is not null here: strlen needs no guard.
    Module &M = *CB->getModule();
    LLVMContext &Ctx = M.getContext();
    PointerType *Ptr = bytePtrTy(Ctx);
    Type *SizeTy = M.getDataLayout().getIntPtrType(Ctx);
    FunctionCallee Strlen = M.getOrInsertFunction("strlen", FunctionType::get(SizeTy, {Ptr}, false));
    Value *Len = B.CreateCall(Strlen, {B.CreatePointerCast(Result, Ptr)});
    return B.CreateAdd(B.CreateZExtOrTrunc(Len, I64), ConstantInt::get(I64, 1));
  }
  }
  llvm_unreachable("unknown size rule");
}

// Adds V to the calling thread's counter at Addr.  Only this thread writes
// it, so a relaxed load and store (plain moves) lose nothing; relaxed atomics
// rather than plain accesses because the runtime reads it from another thread.
void addToThreadCounter(IRBuilder<> &B, Value *Addr, Value *V) {
  LoadInst *Old = B.CreateAlignedLoad(B.getInt64Ty(), Addr, Align(8));
  Old->setAtomic(AtomicOrdering::Monotonic);
  StoreInst *New = B.CreateAlignedStore(B.CreateAdd(Old, V), Addr, Align(8));
  New->setAtomic(AtomicOrdering::Monotonic);
}

// One more object in its bucket of the size histogram at SizesSlot
// (allocsite_abi.h, SIZE HISTOGRAMS): the bucket is the bit width of
// size - 1 (0 for sizes 0 and 1; k for 2^(k-1) < size <= 2^k), at most the
// last.  Computed as the index of the highest bit of 2 * (size - 1) + 1,
// which is never 0, so llvm.ctlz needs no zero case and becomes one bsr
// on x86-64: 12 instructions with the saturating subtract, the clamp and
// the add (callgrind on a malloc/free loop, README "Profile-guided stack
// buffers"; the first version, ctlz of size - 1 with its zero branch, took
// 14).  Inline: a call of a runtime helper would add the call, the return
// and the argument moves to the same arithmetic.
void addToSizeBucket(IRBuilder<> &B, const ModuleTables &Tables, unsigned SizesSlot,
                     Value *Bytes) {
  Type *I64 = B.getInt64Ty();
  Value *Below = B.CreateBinaryIntrinsic(Intrinsic::usub_sat, Bytes, B.getInt64(1));
  Value *Odd = B.CreateOr(B.CreateShl(Below, 1), B.getInt64(1));
  Value *Zeros = B.CreateBinaryIntrinsic(Intrinsic::ctlz, Odd, B.getTrue());
  Value *Bucket = B.CreateBinaryIntrinsic(Intrinsic::umin, B.CreateSub(B.getInt64(63), Zeros),
                                          B.getInt64(ALLOCSITE_SIZE_BUCKETS - 1));
  Value *Word = B.CreateAdd(Bucket, B.getInt64(2 * uint64_t(SizesSlot)));
  addToThreadCounter(
      B, B.CreateInBoundsGEP(I64, Tables.threadCountWords(), Word, "allocsite.bucket"),
      B.getInt64(1));
}

// Inserted calls (strlen, the slow path) in a function with debug info
// need a location; they take the allocation's.
DebugLoc locationOf(Instruction *I) {
  DebugLoc Loc = I->getDebugLoc();
  if (!Loc)
    if (DISubprogram *SP = I->getFunction()->getSubprogram())
      Loc = DILocation::get(I->getContext(), 0, 0, SP);
  return Loc;
}

void countAt(IRBuilder<> &B, Instruction *Before, Value *Ok,
             function_ref<Value *(IRBuilder<> &)> MakeBytes, const ModuleTables &Tables,
             unsigned Index, bool Promoted, std::optional<unsigned> NestedSlot,
             unsigned SizesSlot) {
  // Count only a success, on a branch rather than with arithmetic on the
  // test's result: allocations practically always succeed, so the branch is
  // free, and the adds become adds of constants.  The blocks:
  //
  //   head:     ... %ok = ...; br %ok, count, done
  //   count:    %bytes = ...; %state = load <thread-state word>; br %state != 0, slow, add
  //   slow:     br <pending byte> != 0, register, check                    ; cold
  //   register: call ALLOCSITE_THREAD_SLOW_FN(module); br check
  //   check:    br <nested byte> != 0, nested, add        ; promoted sites: br add
  //   nested:   <the module's NESTED record of the allocator> += 1, %bytes; br done
  //   add:      <this thread's counters of the site> += 1, %bytes; br done
  //   done:     the code after the call
  LLVMContext &Ctx = Before->getContext();
  MDBuilder MDB(Ctx);
  MDNode *Usually = MDB.createBranchWeights(1 << 20, 1);
  MDNode *Rarely = MDB.createBranchWeights(1, 1 << 20);
  BasicBlock *Head = Before->getParent();
  BasicBlock *Done = Head->splitBasicBlock(Before, "allocsite.done");
  Head->getTerminator()->eraseFromParent();
  Function *F = Head->getParent();
  auto block = [&](const char *Name) { return BasicBlock::Create(Ctx, Name, F, Done); };
  BasicBlock *CountBB = block("allocsite.count"), *SlowBB = block("allocsite.slow"),
             *RegisterBB = block("allocsite.register"), *CheckBB = block("allocsite.check"),
             *NestedBB = block("allocsite.nested"), *AddBB = block("allocsite.add");
  B.SetInsertPoint(Head);
  B.CreateCondBr(Ok, CountBB, Done, Usually);

  B.SetInsertPoint(CountBB);
  Value *Bytes = MakeBytes(B);
  // The thread-state word (allocsite_abi.h): zero unless this thread has
  // blocks to register or is inside an instrumented wrapper call.  A plain
  // load, which folds into the comparison (an atomic one does not: one more
  // instruction per allocation).  Another thread may set the `pending` byte
  // meanwhile, only from 0 to 1 and only to announce a module this thread
  // has not run yet; whatever gives this thread that module's code orders
  // the store before this load, and a read of an older value is otherwise
  // harmless: it only takes the slow path later.
  LoadInst *State = B.CreateAlignedLoad(B.getInt64Ty(), Tables.threadStateWord(), Align(8),
                                        "allocsite.state");
  B.CreateCondBr(B.CreateICmpNE(State, B.getInt64(0)), SlowBB, AddBB, Rarely);

  B.SetInsertPoint(SlowBB);
  LoadInst *Pending = B.CreateAlignedLoad(
      B.getInt8Ty(), Tables.threadStateByte(offsetof(allocsite_thread_state, pending)), Align(1),
      "allocsite.pending");
  Pending->setAtomic(AtomicOrdering::Monotonic);
  B.CreateCondBr(B.CreateICmpNE(Pending, B.getInt8(0)), RegisterBB, CheckBB, Rarely);

  // This thread's first count (or its first since a module was loaded).
  B.SetInsertPoint(RegisterBB);
  Module &M = *F->getParent();
  FunctionCallee SlowFn = M.getOrInsertFunction(
      ALLOCSITE_THREAD_SLOW_FN, FunctionType::get(B.getVoidTy(), {bytePtrTy(Ctx)}, false));
  B.CreateCall(SlowFn, {Tables.descriptorArg()});
  B.CreateBr(CheckBB);

  // Inside an instrumented wrapper call, which counts this allocation at its
  // own site.  A promoted site is not a heap allocation: it always counts.
  B.SetInsertPoint(CheckBB);
  if (Promoted) {
    B.CreateBr(AddBB);
    NestedBB->eraseFromParent();
  } else {
    Value *Nested = B.CreateAlignedLoad(
        B.getInt8Ty(), Tables.threadStateByte(offsetof(allocsite_thread_state, nested)),
        Align(1), "allocsite.nested");
    B.CreateCondBr(B.CreateICmpNE(Nested, B.getInt8(0)), NestedBB, AddBB);
    B.SetInsertPoint(NestedBB);
    if (NestedSlot) {
      addToThreadCounter(B, Tables.threadCountAddress(*NestedSlot, 0), B.getInt64(1));
      addToThreadCounter(B, Tables.threadCountAddress(*NestedSlot, 1), Bytes);
    }
    B.CreateBr(Done);
  }

  B.SetInsertPoint(AddBB);
  addToThreadCounter(B, Tables.threadCountAddress(Index, 0), B.getInt64(1));
  addToThreadCounter(B, Tables.threadCountAddress(Index, 1), Bytes);
  if (SizesSlot)
    addToSizeBucket(B, Tables, SizesSlot, Bytes);
  B.CreateBr(Done);
}

} // namespace

void instrumentSite(CallBase *CB, const AllocatorInfo &Info, const WrapperInfo *W,
                    const ModuleTables &Tables, unsigned Index, bool Promoted,
                    std::optional<unsigned> NestedSlot, unsigned SizesSlot) {
  Instruction *Before = insertionPointAfter(CB);
  IRBuilder<> B(Before);
  B.SetCurrentDebugLocation(locationOf(CB));

  // The null test reads the pointer through an empty inline asm on purpose.
  // LLVM deletes an allocation whose only uses are null tests and frees,
  // folding the test to "not null" and leaving the count behind.  Nothing
  // runs after this pass in a normal compile, but with -flto the link-time
  // optimiser does; it cannot see through the asm, so it keeps the
  // allocation, and what is counted is what runs.  (A ptrtoint is not
  // enough: InstCombine turns the test back into a pointer comparison.)
  Value *Ok, *Result = CB;
  if (Promoted) {
    Ok = B.getTrue();
  } else if (Info.Success == SuccessTest::ZeroStatus) {
    Ok = B.CreateICmpEQ(CB, ConstantInt::get(CB->getType(), 0), "allocsite.ok");
  } else {
    auto *Opaque = InlineAsm::get(FunctionType::get(CB->getType(), {CB->getType()}, false), "",
                                  "=r,0", /*hasSideEffects=*/false);
    Result = B.CreateCall(Opaque, {CB});
    Ok = B.CreateIsNotNull(Result, "allocsite.ok");
  }
  countAt(
      B, Before, Ok, [&](IRBuilder<> &In) { return requestedBytes(In, CB, Info, W, Result); },
      Tables, Index, Promoted, NestedSlot, SizesSlot);
}

void countStackObject(Instruction *Before, Value *Bytes, const ModuleTables &Tables,
                      unsigned Index, unsigned SizesSlot) {
  IRBuilder<> B(Before);
  B.SetCurrentDebugLocation(locationOf(Before));
  countAt(
      B, Before, B.getTrue(), [&](IRBuilder<> &) { return Bytes; }, Tables, Index,
      /*Promoted=*/true, std::nullopt, SizesSlot);
}

} // namespace allocsite
