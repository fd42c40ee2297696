//===- AllocSiteInstrumentation.cpp - count every allocation site ---------===//
#include "AllocSiteInstrumentation.h"

#include "AllocatorTable.h"
#include "EscapeAnalysis.h"
#include "LLVMCompat.h"
#include "Options.h"
#include "RuntimeABI.h"
#include "SiteIdentity.h"
#include "StackPromotion.h"
#include "Wrappers.h"
#include "allocsite_abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <map>

#define DEBUG_TYPE "allocsite"

using namespace llvm;

STATISTIC(NumSites, "Allocation sites instrumented");
STATISTIC(NumCalls, "Allocation calls instrumented");
STATISTIC(NumPromoted, "Allocation calls promoted to stack slots");
STATISTIC(NumSkippedMustTail, "Allocation calls skipped because they are musttail");

namespace allocsite {
namespace {

struct Candidate {
  CallBase *Call;
  SiteRecord Record;
};

// The allocator table decides what is a site; MemoryBuiltins is only asked,
// on request, to show where the two disagree (e.g. posix_memalign, which it
// never knows, or malloc at -O0 on LLVM 19, before allockind attributes).
void crossCheck(FunctionAnalysisManager &FAM, CallBase &CB, const TargetLibraryInfo &TLI,
                bool Ours) {
  bool Theirs = isAllocationFn(&CB, &TLI);
  if (Ours == Theirs)
    return;
  const Function *Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  std::string Name = Callee ? Callee->getName().str() : std::string("<indirect>");
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(*CB.getFunction());
  ORE.emit([&] {
    return OptimizationRemarkAnalysis(DEBUG_TYPE, "CrossCheck", &CB)
           << "call to '" << Name << "': "
           << (Ours ? "allocsite counts it, llvm::MemoryBuiltins does not recognise it"
                    : "llvm::MemoryBuiltins recognises an allocation that allocsite does not count");
  });
}

// STEP 1: find the sites, in IR order (ordinals, and so IDs, follow it).
std::vector<Candidate> collectSites(Module &M, FunctionAnalysisManager &FAM,
                                   const WrapperTable &Wrappers) {
  std::vector<Candidate> Found;
  SiteNamer Namer(M);
  const bool CrossCheck = crossCheckMemoryBuiltins();
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      // callbr cannot call an allocator in practice (it is asm goto).
      if (!CB || !(isa<CallInst>(CB) || isa<InvokeInst>(CB)))
        continue;
      // Already counted by an earlier run of this pass (LTO link step).
      if (CB->getMetadata(SiteMetadataKind))
        continue;
      const AllocatorInfo *Info = classifyAllocationCall(*CB, TLI);
      if (CrossCheck)
        crossCheck(FAM, *CB, TLI, Info != nullptr);
      const WrapperInfo *Wrapper = Info ? nullptr : Wrappers.wrapperCalled(*CB);
      if (Wrapper)
        Info = &Wrapper->Info;
      if (!Info)
        continue;
      // Nothing may follow a musttail call but ret; the runtime interposer
      // (not this pass) has to see such allocations.
      if (auto *CI = dyn_cast<CallInst>(CB); CI && CI->isMustTailCall()) {
        ++NumSkippedMustTail;
        continue;
      }
      SiteRecord R{Namer.describe(*CB, Info->DisplayName), Info, Wrapper, Verdict()};
      if (Wrapper)
        R.Flags |= ALLOCSITE_SITE_WRAPPER_CALL;
      if (Wrappers.returnedByWrapper(*CB))
        R.Flags |= ALLOCSITE_SITE_IN_WRAPPER;
      Found.push_back({CB, std::move(R)});
    }
  }
  return Found;
}

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

// The requested size in bytes, as i64, valid when the allocation succeeded.
Value *requestedBytes(IRBuilder<> &B, CallBase *CB, const AllocatorInfo &Info,
                      const WrapperInfo *W, Value *Ok) {
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
    // strlen must not see a null result, so it reads "" then.
    Module &M = *CB->getModule();
    LLVMContext &Ctx = M.getContext();
    PointerType *Ptr = bytePtrTy(Ctx);
    Type *SizeTy = M.getDataLayout().getIntPtrType(Ctx);
    FunctionCallee Strlen = M.getOrInsertFunction("strlen", FunctionType::get(SizeTy, {Ptr}, false));
    Constant *Empty = B.CreateGlobalStringPtr("", "__allocsite_empty");
    Value *Str = B.CreateSelect(Ok, B.CreatePointerCast(CB, Ptr), ConstantExpr::getPointerCast(Empty, Ptr));
    Value *Len = B.CreateCall(Strlen, {Str});
    return B.CreateAdd(B.CreateZExtOrTrunc(Len, I64), ConstantInt::get(I64, 1));
  }
  }
  llvm_unreachable("unknown size rule");
}

// Adds V to the calling thread's counter at Addr.  Only this thread writes
// it, so a relaxed load and store (plain moves) lose nothing; relaxed atomics
// rather than plain accesses because the runtime reads it from another thread.
void addToThreadCounter(IRBuilder<> &B, Constant *Addr, Value *V) {
  LoadInst *Old = B.CreateAlignedLoad(B.getInt64Ty(), Addr, Align(8));
  Old->setAtomic(AtomicOrdering::Monotonic);
  StoreInst *New = B.CreateAlignedStore(B.CreateAdd(Old, V), Addr, Align(8));
  New->setAtomic(AtomicOrdering::Monotonic);
}

// The thread's first count in this module registers its block (cold path):
// a test of the calling thread's `registered` word.  A plain load: only the
// owning thread ever reads or writes this word, and unlike an atomic load
// it folds into the comparison.
void registerThreadIfFirst(Instruction *Before, const ModuleTables &Tables, const DebugLoc &Loc) {
  IRBuilder<> B(Before);
  B.SetCurrentDebugLocation(Loc);
  LoadInst *Registered = B.CreateAlignedLoad(B.getInt64Ty(), Tables.registeredFlagAddress(), Align(8));
  Value *First = B.CreateICmpEQ(Registered, B.getInt64(0), "allocsite.first");
  MDNode *Rarely = MDBuilder(B.getContext()).createBranchWeights(1, 1 << 20);
  Instruction *Then = SplitBlockAndInsertIfThen(First, Before, /*Unreachable=*/false, Rarely);
  IRBuilder<> Cold(Then);
  Cold.SetCurrentDebugLocation(Loc);
  Module &M = *Before->getModule();
  PointerType *Ptr = bytePtrTy(M.getContext());
  FunctionCallee Register = M.getOrInsertFunction(
      ALLOCSITE_REGISTER_THREAD_FN, FunctionType::get(B.getVoidTy(), {Ptr, Ptr}, false));
  Cold.CreateCall(Register, {Tables.descriptorArg(), Tables.threadBlockArg()});
}

// STEP 3: the inline counting code for one site.  A site about to become a
// stack slot (Promoted) always succeeds, and its pointer must not reach the
// opaque asm below, which would pin the slot in memory.
void instrumentSite(CallBase *CB, const AllocatorInfo &Info, const WrapperInfo *W,
                    const ModuleTables &Tables, unsigned Index, bool Promoted,
                    bool NeedsRegistration) {
  Instruction *Before = insertionPointAfter(CB);
  IRBuilder<> B(Before);
  // Inserted calls (strlen, registration) in a function with debug info need
  // a location; they take the allocation's.
  DebugLoc Loc = CB->getDebugLoc();
  if (!Loc)
    if (DISubprogram *SP = CB->getFunction()->getSubprogram())
      Loc = DILocation::get(CB->getContext(), 0, 0, SP);
  B.SetCurrentDebugLocation(Loc);

  // The null test reads the pointer through an empty inline asm on purpose.
  // LLVM deletes an allocation whose only uses are null tests and frees,
  // folding the test to "not null" and leaving the count behind.  Nothing
  // runs after this pass in a normal compile, but with -flto the link-time
  // optimiser does; it cannot see through the asm, so it keeps the
  // allocation, and what is counted is what runs.  (A ptrtoint is not
  // enough: InstCombine turns the test back into a pointer comparison.)
  Value *Ok;
  if (Promoted) {
    Ok = B.getTrue();
  } else if (Info.Success == SuccessTest::ZeroStatus) {
    Ok = B.CreateICmpEQ(CB, ConstantInt::get(CB->getType(), 0), "allocsite.ok");
  } else {
    auto *Opaque = InlineAsm::get(FunctionType::get(CB->getType(), {CB->getType()}, false), "",
                                  "=r,0", /*hasSideEffects=*/false);
    Ok = B.CreateIsNotNull(B.CreateCall(Opaque, {CB}), "allocsite.ok");
  }
  // Count only a success, on a branch rather than with arithmetic on the
  // test's result: allocations practically always succeed, so the branch is
  // free, and the adds become adds of constants.  (malloc(32)/free loop,
  // callgrind: 11 added instructions per allocation with the select, 6 with
  // the branch.)
  //
  // The registration test runs on both paths, success or not, so that every
  // site this call dominates can leave it out (registrationNeeded); on the
  // failure path it is cold code.  (Testing once, before the success test,
  // kept the result in one more register: two more instructions per
  // allocation on the malloc(32)/free loop.)
  MDNode *Usually = MDBuilder(CB->getContext()).createBranchWeights(1 << 20, 1);
  Instruction *Counted, *Failed = nullptr;
  if (NeedsRegistration && !Promoted)
    SplitBlockAndInsertIfThenElse(Ok, Before, &Counted, &Failed, Usually);
  else
    Counted = SplitBlockAndInsertIfThen(Ok, Before, /*Unreachable=*/false, Usually);
  if (NeedsRegistration)
    registerThreadIfFirst(Counted, Tables, Loc);
  if (Failed)
    registerThreadIfFirst(Failed, Tables, Loc);
  B.SetInsertPoint(Counted);
  Value *Bytes = requestedBytes(B, CB, Info, W, Ok);
  addToThreadCounter(B, Tables.threadCountAddress(Index, 0), B.getInt64(1));
  addToThreadCounter(B, Tables.threadCountAddress(Index, 1), Bytes);
}

// Whether each site needs its own registration test: not when another
// site's call dominates it, since that site's test (after its call, success
// or not) has then run on this thread already.  Only plain calls
// dominate (an invoke's test is on its normal edge).  Not in a coroutine
// that is not yet split, which can resume on another thread between two
// sites.  (10,000-site file: one test per function instead of per site.)
std::vector<bool> registrationNeeded(const std::vector<Candidate> &Sites) {
  std::vector<bool> Needed(Sites.size(), true);
  std::map<Function *, std::vector<size_t>> ByFunction;
  for (size_t I = 0; I < Sites.size(); I++)
    ByFunction[Sites[I].Call->getFunction()].push_back(I);
  for (auto &[F, Indices] : ByFunction) {
    if (Indices.size() < 2)
      continue;
    bool Coroutine = false;
    for (Instruction &I : instructions(*F))
      if (auto *II = dyn_cast<IntrinsicInst>(&I))
        Coroutine |= II->getCalledFunction()->getName().substr(0, 10) == "llvm.coro.";
    if (Coroutine)
      continue;
    DominatorTree DT(*F);
    std::map<const BasicBlock *, std::vector<const CallInst *>> CallsIn;
    for (size_t I : Indices)
      if (auto *CI = dyn_cast<CallInst>(Sites[I].Call))
        CallsIn[CI->getParent()].push_back(CI);
    for (size_t I : Indices) {
      const CallBase *Site = Sites[I].Call;
      bool Dominated = false;
      if (auto It = CallsIn.find(Site->getParent()); It != CallsIn.end())
        for (const CallInst *Other : It->second)
          Dominated |= Other != Site && Other->comesBefore(Site);
      // No node: an unreachable block (-O0 keeps code after a return
      // that a label leads to); nothing dominates it.
      const DomTreeNode *Node = DT.getNode(Site->getParent());
      for (const DomTreeNode *N = Node ? Node->getIDom() : nullptr; N && !Dominated;
           N = N->getIDom())
        Dominated = CallsIn.count(N->getBlock()) != 0;
      Needed[I] = !Dominated;
    }
  }
  return Needed;
}

// The C malloc family, whose instrumented calls go through the runtime's
// __allocsite_direct_<name> pointers (AllocatorTable.h says which).
bool goesThroughDirectPointer(const AllocatorInfo &Info) {
  return Info.has(GoesThroughDirectPointer);
}

// Calls the allocator through the runtime's pointer for it instead of by
// name; the call's type and arguments stay as they are.
void callThroughDirectPointer(CallBase *CB, StringRef Symbol) {
  Module &M = *CB->getModule();
  Type *FnPtrTy = CB->getCalledOperand()->getType();
  std::string Name = (ALLOCSITE_DIRECT_PREFIX + Symbol).str();
  GlobalVariable *GV = M.getNamedGlobal(Name);
  if (!GV)
    GV = new GlobalVariable(M, FnPtrTy, /*isConstant=*/false, GlobalValue::ExternalLinkage,
                            nullptr, Name);
  // A call through a cast prototype (old-style C) loads the same pointer
  // with its own function type (typed pointers, LLVM 14).
  Constant *Addr = GV->getValueType() == FnPtrTy
                       ? static_cast<Constant *>(GV)
                       : ConstantExpr::getPointerCast(GV, pointerTo(FnPtrTy));
  IRBuilder<> B(CB);
  CB->setCalledOperand(B.CreateLoad(FnPtrTy, Addr, "allocsite.direct"));
}

// Instrumented code's frees go through __allocsite_direct_free as well.
bool redirectFrees(Module &M, FunctionAnalysisManager &FAM) {
  bool Changed = false;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *Callee = CB ? dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts())
                            : nullptr;
      LibFunc LF;
      if (!Callee || !TLI.getLibFunc(*Callee, LF) || LF != LibFunc_free ||
          CB->arg_size() != 1 || CB->isMustTailCall())
        continue;
      callThroughDirectPointer(CB, "free");
      Changed = true;
    }
  }
  return Changed;
}

void markInstrumented(CallBase *CB, uint64_t ID) {
  LLVMContext &Ctx = CB->getContext();
  CB->setMetadata(SiteMetadataKind, MDNode::get(Ctx, MDString::get(Ctx, formatSiteID(ID))));
}

// The site's remarks: -Rpass-analysis gives its ID and, for a heap site, the
// flow that decided it; -Rpass says it is promotable, -Rpass-missed why not.
// Structured arguments carry the same facts into -fsave-optimization-record.
// "malloc(64)" as remark arguments: Allocator, then one per argument.
template <typename RemarkT> void streamCall(RemarkT &R, const Verdict &V) {
  R << ore::NV("Allocator", V.Allocator) << "(";
  for (size_t I = 0; I < V.CallArgs.size(); I++) {
    if (I)
      R << ", ";
    R << ore::NV(V.CallArgs[I].first, V.CallArgs[I].second);
  }
  R << ")";
}

// " (through wrapper xmalloc)" after a wrapper call's verdict; nothing
// (not even an empty argument in optimisation records) for other sites.
template <typename RemarkT> RemarkT &throughWrapper(RemarkT &R, const Verdict &V) {
  if (!V.Wrapper.empty())
    R << " (through wrapper " << ore::NV("Wrapper", V.Wrapper) << ")";
  return R;
}

// WhyNotPromoted: for a promotable site that promotion left on the heap.
void remarkSite(FunctionAnalysisManager &FAM, CallBase *CB, const SiteRecord &R,
                const std::string &WhyNotPromoted) {
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(*CB->getFunction());
  const Verdict &V = R.Judged;
  std::string ID = formatSiteID(R.Desc.ID);
  ORE.emit([&] {
    return OptimizationRemarkAnalysis(DEBUG_TYPE, "AllocationSite", CB)
           << "heap allocation site " << ore::NV("Site", ID) << ": "
           << ore::NV("Allocator", R.Allocator->DisplayName);
  });
  if (V.K == Verdict::Kind::Promotable && (R.Flags & ALLOCSITE_SITE_PROMOTED)) {
    ORE.emit([&] {
      OptimizationRemark Remark(DEBUG_TYPE, "Promoted", CB);
      streamCall(Remark, V);
      return Remark << " does not escape: promoted to stack"
             << (V.neverFreed() ? " (never freed: a leak)" : "") << " [site " << ore::NV("Site", ID)
             << "]";
    });
  } else if (V.K == Verdict::Kind::Promotable) {
    ORE.emit([&] {
      OptimizationRemark Remark(DEBUG_TYPE, "Promotable", CB);
      streamCall(Remark, V);
      Remark << " does not escape: can be stack-allocated"
             << (V.neverFreed() ? " (never freed: a leak)" : "");
      throughWrapper(Remark, V);
      return Remark << (WhyNotPromoted.empty() ? "" : " (not promoted: " + WhyNotPromoted + ")")
                    << " [site " << ore::NV("Site", ID) << "]";
    });
  } else if (V.K == Verdict::Kind::Heap) {
    ORE.emit([&] {
      // The remark's name is the reason code, so optimisation records carry it.
      OptimizationRemarkMissed Remark(DEBUG_TYPE, V.code(), CB);
      streamCall(Remark, V);
      Remark << " stays on the heap: " << ore::NV("Message", V.message());
      return throughWrapper(Remark, V) << " [site " << ore::NV("Site", ID) << "]";
    });
    if (V.hasFlow())
      ORE.emit([&] {
        return OptimizationRemarkAnalysis(DEBUG_TYPE, "Flow", CB)
               << "flow of " << V.Call << " [site " << ID << "]: " << V.flowText();
      });
  }
}

bool hasDefinitions(const Module &M) {
  for (const Function &F : M)
    if (!F.isDeclaration())
      return true;
  return false;
}

} // namespace

PreservedAnalyses AllocSiteInstrumentation::run(Module &M, ModuleAnalysisManager &MAM) {
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  // Every verdict is the escape analysis's, made before any instrumentation
  // is added; this pass only reads them (EscapeAnalysis.h).
  const EscapeResult &Escapes = MAM.getResult<EscapeAnalysis>(M);
  if (!Escapes.valid()) // a bad -allocsite-wrapper spec, already reported as an error
    return PreservedAnalyses::all();
  const WrapperTable &Wrappers = Escapes.wrappers();
  std::vector<Candidate> Sites = collectSites(M, FAM, Wrappers);
  // A module with no sites still registers an (empty) table, so that every
  // instrumented program writes a report; but only once.
  if (Sites.empty() && (M.getNamedMetadata(ModuleMarkerName) || !hasDefinitions(M)))
    return PreservedAnalyses::all();

  // STEP 2: one counter slot per site; calls with the same ID (copies of
  // one source allocation) share it.
  std::vector<SiteRecord> Records;
  std::map<uint64_t, unsigned> SlotOf;
  std::vector<std::vector<const CallBase *>> CallsOfSlot;
  for (Candidate &C : Sites) {
    if (const JudgedCall *J = Escapes.call(*C.Call))
      C.Record.Judged = J->Own;
    auto [It, New] = SlotOf.try_emplace(C.Record.Desc.ID, Records.size());
    if (New) {
      Records.push_back(C.Record);
      CallsOfSlot.emplace_back();
    } else {
      Records[It->second].Flags |= C.Record.Flags;
    }
    CallsOfSlot[It->second].push_back(C.Call);
  }
  for (size_t Slot = 0; Slot < Records.size(); Slot++)
    Records[Slot].Judged = Escapes.siteVerdict(CallsOfSlot[Slot]);
  NumSites += Records.size();

  // STEP 3: which promotable sites become stack slots (StackPromotion.h).
  std::vector<PromotionRequest> Requests;
  std::vector<PromotionPlan> Plans(Sites.size());
  if (promoteToStack()) {
    for (Candidate &C : Sites)
      Requests.push_back({C.Call, C.Record.Allocator, &C.Record.Judged, C.Record.Desc.ID});
    Plans = planStackPromotion(Requests, FAM);
    for (size_t I = 0; I < Sites.size(); I++)
      if (Plans[I].Promote)
        Records[SlotOf[Sites[I].Record.Desc.ID]].Flags |= ALLOCSITE_SITE_PROMOTED;
  }

  // STEP 4: count, then rewrite (classify first, mutate after).
  ModuleTables Tables(M, Records.size());
  std::vector<bool> NeedsRegistration = registrationNeeded(Sites);
  std::vector<bool> Remarked(Records.size());
  for (size_t I = 0; I < Sites.size(); I++) {
    Candidate &C = Sites[I];
    unsigned Slot = SlotOf[C.Record.Desc.ID];
    if (!Remarked[Slot]) // one remark per site, not per unrolled copy
      remarkSite(FAM, C.Call, Records[Slot], Plans[I].WhyNot);
    Remarked[Slot] = true;
    if (Plans[I].Promote)
      C.Call = Requests[I].Call = dropUnwindEdge(C.Call);
    instrumentSite(C.Call, *C.Record.Allocator, C.Record.Wrapper, Tables, Slot,
                   Plans[I].Promote, NeedsRegistration[I]);
    if (!Plans[I].Promote && !C.Record.Wrapper && goesThroughDirectPointer(*C.Record.Allocator)) {
      callThroughDirectPointer(C.Call, C.Record.Allocator->Symbol);
      Records[Slot].Flags |= ALLOCSITE_SITE_DIRECT;
    }
    markInstrumented(C.Call, C.Record.Desc.ID);
    ++NumCalls;
    NumPromoted += Plans[I].Promote;
  }
  if (!Requests.empty())
    promoteToStackSlots(Requests, Plans, FAM);
  // After promotion, which deletes the frees of promoted objects.
  redirectFrees(M, FAM);
  // STEP 5: the table the runtime reads.
  Tables.finish(Records);
  return PreservedAnalyses::none();
}

} // namespace allocsite
