//===- AllocSiteInstrumentation.cpp - count every allocation site ---------===//
#include "AllocSiteInstrumentation.h"

#include "AllocatorTable.h"
#include "EscapeAnalysis.h"
#include "LLVMCompat.h"
#include "Options.h"
#include "RuntimeABI.h"
#include "SiteIdentity.h"
#include "StackPromotion.h"
#include "WrapperNesting.h"
#include "Wrappers.h"
#include "allocsite_abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <cstddef>
#include <map>
#include <optional>
#include <set>

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
      if ((R.Within = Wrappers.returnedByWrapper(*CB)))
        R.Flags |= ALLOCSITE_SITE_IN_WRAPPER;
      if (R.Desc.Placed == Placement::Merged || R.Desc.Placed == Placement::MergedUnknown)
        R.Flags |= ALLOCSITE_SITE_MERGED;
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
void addToThreadCounter(IRBuilder<> &B, Constant *Addr, Value *V) {
  LoadInst *Old = B.CreateAlignedLoad(B.getInt64Ty(), Addr, Align(8));
  Old->setAtomic(AtomicOrdering::Monotonic);
  StoreInst *New = B.CreateAlignedStore(B.CreateAdd(Old, V), Addr, Align(8));
  New->setAtomic(AtomicOrdering::Monotonic);
}

// STEP 3: the inline counting code for one site.  A site about to become a
// stack slot (Promoted) always succeeds, and its pointer must not reach the
// opaque asm below, which would pin the slot in memory.  NestedSlot is the
// module's NESTED record for this site's allocator (the C malloc family
// called directly), whose counts the runtime adds to the heap.
void instrumentSite(CallBase *CB, const AllocatorInfo &Info, const WrapperInfo *W,
                    const ModuleTables &Tables, unsigned Index, bool Promoted,
                    std::optional<unsigned> NestedSlot) {
  Instruction *Before = insertionPointAfter(CB);
  IRBuilder<> B(Before);
  // Inserted calls (strlen, the slow path) in a function with debug info
  // need a location; they take the allocation's.
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
  LLVMContext &Ctx = CB->getContext();
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
  Value *Bytes = requestedBytes(B, CB, Info, W, Result);
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
  Module &M = *CB->getModule();
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
  B.CreateBr(Done);
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

// After what a remark says of the site, where the site is when that is more
// than the remark's position: the merged calls (the remark sits at the
// first), or why there is no line.
template <typename RemarkT> RemarkT &placement(RemarkT &R, const SiteDescription &D) {
  switch (D.Placed) {
  case Placement::Call:
    break;
  case Placement::Merged:
    R << " (calls at ";
    for (size_t I = 0; I < D.MergedCalls.size(); I++) {
      if (I)
        R << (I + 1 == D.MergedCalls.size() ? " and " : ", ");
      R << ore::NV("MergedCall", formatSourceLocation(D.MergedCalls[I]));
    }
    R << " merged by the optimiser)";
    break;
  case Placement::MergedUnknown:
    R << " (calls merged by the optimiser; their lines could not be recovered)";
    break;
  case Placement::Unknown:
    R << " (the call has no source line)";
    break;
  }
  // Inlined copies of one allocation share its file:line:col; the chain of
  // calls it was inlined through tells their remarks apart.
  for (size_t I = 0; I < D.InlinedAt.size(); I++) {
    const SourceFrame &At = D.InlinedAt[I];
    R << (I ? ", into " : " (inlined into ") << ore::NV("InlinedInto", At.Function);
    std::string Where = formatSourceLocation(At);
    if (!Where.empty())
      R << " at " << ore::NV("InlinedAt", Where);
    if (I + 1 == D.InlinedAt.size())
      R << ")";
  }
  return R;
}

// A remark about the site, at its chosen position (SiteDescription::RemarkLoc)
// rather than the call's own debug location, which may be a merged line 0.
template <typename RemarkT> RemarkT remarkAt(StringRef Name, const SiteRecord &R, CallBase *CB) {
  return RemarkT(DEBUG_TYPE, Name, DiagnosticLocation(DebugLoc(R.Desc.RemarkLoc)), CB->getParent());
}

// WhyNotPromoted: for a promotable site that promotion left on the heap.
void remarkSite(FunctionAnalysisManager &FAM, CallBase *CB, const SiteRecord &R,
                const std::string &WhyNotPromoted) {
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(*CB->getFunction());
  const Verdict &V = R.Judged;
  std::string ID = formatSiteID(R.Desc.ID);
  ORE.emit([&] {
    auto Remark = remarkAt<OptimizationRemarkAnalysis>("AllocationSite", R, CB);
    Remark << "heap allocation site " << ore::NV("Site", ID) << ": "
           << ore::NV("Allocator", R.Allocator->DisplayName);
    return placement(Remark, R.Desc);
  });
  if (V.promotable() && (R.Flags & ALLOCSITE_SITE_PROMOTED)) {
    ORE.emit([&] {
      auto Remark = remarkAt<OptimizationRemark>("Promoted", R, CB);
      streamCall(Remark, V);
      Remark << " does not escape: promoted to stack"
             << (V.neverFreed() ? " (never freed: a leak)" : "");
      return placement(Remark, R.Desc) << " [site " << ore::NV("Site", ID) << "]";
    });
  } else if (V.promotable()) {
    ORE.emit([&] {
      auto Remark = remarkAt<OptimizationRemark>("Promotable", R, CB);
      streamCall(Remark, V);
      Remark << " does not escape: can be stack-allocated"
             << (V.neverFreed() ? " (never freed: a leak)" : "");
      throughWrapper(Remark, V);
      Remark << (WhyNotPromoted.empty() ? "" : " (not promoted: " + WhyNotPromoted + ")");
      return placement(Remark, R.Desc) << " [site " << ore::NV("Site", ID) << "]";
    });
  } else if (V.heap()) {
    ORE.emit([&] {
      // The remark's name is the reason code, so optimisation records carry it.
      auto Remark = remarkAt<OptimizationRemarkMissed>(V.code(), R, CB);
      streamCall(Remark, V);
      Remark << " stays on the heap: " << ore::NV("Message", V.message());
      throughWrapper(Remark, V);
      return placement(Remark, R.Desc) << " [site " << ore::NV("Site", ID) << "]";
    });
    if (V.hasFlow())
      ORE.emit([&] {
        auto Remark = remarkAt<OptimizationRemarkAnalysis>("Flow", R, CB);
        Remark << "flow of " << V.Call;
        return placement(Remark, R.Desc) << " [site " << ID << "]: " << V.flowText();
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

  // STEP 4: which calls go through the runtime's direct pointers, and one
  // NESTED record (allocsite_abi.h) per allocator they call, after the sites.
  std::vector<bool> Direct(Sites.size());
  std::map<std::string, unsigned> NestedSlotOf;
  for (size_t I = 0; I < Sites.size(); I++) {
    const SiteRecord &R = Sites[I].Record;
    Direct[I] = !Plans[I].Promote && !R.Wrapper && goesThroughDirectPointer(*R.Allocator);
    if (!Direct[I] || NestedSlotOf.count(R.Allocator->Symbol))
      continue;
    NestedSlotOf[R.Allocator->Symbol] = Records.size();
    SiteRecord Nested{SiteDescription(), R.Allocator, nullptr, Verdict()};
    Nested.Flags = ALLOCSITE_SITE_NESTED;
    Records.push_back(Nested);
  }

  // STEP 5: count, then rewrite (classify first, mutate after).
  ModuleTables Tables(M, Records.size());
  std::vector<bool> Remarked(Records.size());
  std::set<const BasicBlock *> WrapperUnwindDests;
  for (size_t I = 0; I < Sites.size(); I++) {
    Candidate &C = Sites[I];
    unsigned Slot = SlotOf[C.Record.Desc.ID];
    if (!Remarked[Slot]) // one remark per site, not per unrolled copy
      remarkSite(FAM, C.Call, Records[Slot], Plans[I].WhyNot);
    Remarked[Slot] = true;
    if (Plans[I].Promote)
      C.Call = Requests[I].Call = dropUnwindEdge(C.Call);
    std::optional<unsigned> NestedSlot;
    if (Direct[I])
      NestedSlot = NestedSlotOf[C.Record.Allocator->Symbol];
    instrumentSite(C.Call, *C.Record.Allocator, C.Record.Wrapper, Tables, Slot, Plans[I].Promote,
                   NestedSlot);
    // After the counting code exists: the wrapper's `nested` byte is
    // restored right after the call, before the count reads it.
    if (C.Record.Wrapper)
      if (const BasicBlock *Unwind = markWrapperCall(C.Call, Tables))
        WrapperUnwindDests.insert(Unwind);
    if (Direct[I]) {
      callThroughDirectPointer(C.Call, C.Record.Allocator->Symbol);
      Records[Slot].Flags |= ALLOCSITE_SITE_DIRECT;
    }
    markInstrumented(C.Call, C.Record.Desc.ID);
    ++NumCalls;
    NumPromoted += Plans[I].Promote;
  }
  restoreNestingAfterUnwinds(M, Tables, WrapperUnwindDests);
  if (!Requests.empty())
    promoteToStackSlots(Requests, Plans, FAM);
  // After promotion, which deletes the frees of promoted objects.
  redirectFrees(M, FAM);
  // STEP 6: the table the runtime reads.
  Tables.finish(Records);
  return PreservedAnalyses::none();
}

} // namespace allocsite
