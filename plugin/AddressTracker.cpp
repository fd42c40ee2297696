//===- AddressTracker.cpp - follow one address to the use that lets it go -===//
//
// See AddressTracker.h.  run() looks for a loop-carried address first, then
// visits the uses of every tracked value (visitUse, visitCall,
// visitStoreOfAddress), and last checks that this function's frees free only
// this object (isExclusive).
//
//===----------------------------------------------------------------------===//
#include "AddressTracker.h"

#include "AllocatorTable.h"
#include "AnalysisBodies.h"
#include "LLVMCompat.h"
#include "LibraryKnowledge.h"
#include "ParamSummaries.h"
#include "Wrappers.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;

namespace allocsite {
namespace {

Finding escape(Reason Why, const Value *Via, const Instruction *At) {
  Finding F;
  F.Why = Why;
  F.Via = Via;
  F.At = At;
  F.MessageAt = At;
  return F;
}

} // namespace

Explanation Finding::explain() const {
  Explanation E;
  E.Why = Why;
  if (SubjectText)
    E.Subject = SubjectText;
  else if (auto *F = dyn_cast_or_null<Function>(Subject); F && F->isIntrinsic())
    E.Subject = F->getName().str();
  else if (Subject)
    E.Subject = demangleName(Subject->getName().str());
  E.Numbers[0] = Number;
  E.Loc = MessageAt ? MessageAt->getDebugLoc().get() : nullptr;
  return E;
}

AddressTracker::AddressTracker(AnalysisContext &Ctx, AnalysisBody &FC,
                               const TargetLibraryInfo &TLI, Mode M, Value *Source)
    : Ctx(Ctx), FC(FC), TLI(TLI), TheMode(M), Source(Source),
      DL(FC.Body->getParent()->getDataLayout()) {
  if (TheMode == Mode::Site)
    if (auto *I = dyn_cast<Instruction>(Source))
      SiteLoop = FC.LI->getLoopFor(I->getParent());
}

// A phi in the header of a loop that contains the allocation carries the
// address round the back edge: the next iteration may see this object when
// the next one, in the same stack slot, is already made.
std::optional<Finding> AddressTracker::carriedRoundLoop(const Value *V, const Instruction *Phi) {
  for (const Loop *L = SiteLoop; L; L = L->getParentLoop())
    if (L->getHeader() == Phi->getParent())
      return escape(Reason::LivesAcrossIterations, V, Phi)
          .toldAt(L->getHeader()->getTerminator());
  return std::nullopt;
}

// Whether D may still be used once the allocation has run again: some use
// of D is reachable from just after the allocation call along a path that
// does not define D anew (SSA liveness).  A use in a phi counts at the end
// of its incoming block.
bool AddressTracker::liveAfterSource(const Instruction &D) const {
  auto *Site = cast<Instruction>(Source);
  const BasicBlock *DefBlock = D.getParent();
  auto usedIn = [&](const BasicBlock *B, const Instruction *After) {
    for (const User *U : D.users()) {
      auto *I = cast<Instruction>(U);
      if (auto *Phi = dyn_cast<PHINode>(I)) {
        for (unsigned K = 0; K < Phi->getNumIncomingValues(); K++)
          if (Phi->getIncomingValue(K) == &D && Phi->getIncomingBlock(K) == B)
            return true;
      } else if (I->getParent() == B && (!After || After->comesBefore(I))) {
        return true;
      }
    }
    return false;
  };
  // The rest of the allocation's own block: a D defined there after the call
  // is a new value on every path from the call.
  if (DefBlock == Site->getParent() && Site->comesBefore(&D))
    return false;
  if (usedIn(Site->getParent(), Site))
    return true;
  SmallVector<const BasicBlock *, 16> Work(successors(Site->getParent()));
  SmallPtrSet<const BasicBlock *, 16> Seen(Work.begin(), Work.end());
  while (!Work.empty()) {
    const BasicBlock *B = Work.pop_back_val();
    if (B == DefBlock)
      continue; // D is defined anew before any use in or after B
    if (usedIn(B, nullptr))
      return true;
    for (const BasicBlock *S : successors(B))
      if (Seen.insert(S).second)
        Work.push_back(S);
  }
  return false;
}

// A loop-carried address is harmless when the object it carries is dead by
// the time the allocation runs again: no value that may hold it is live
// just after the call (-O2 rotates loops so that an iteration's object
// reaches the next iteration's header as a phi, freed there before the
// next allocation).  Values are judged one by one, so the rule needs every
// way the address can be held to be an SSA value: none stored in memory.
std::optional<Finding> AddressTracker::stillCarried(const std::vector<const Value *> &Values) {
  if (!Carried)
    return std::nullopt;
  if (ObjectHoldsItsAddress || !Containers.empty())
    return Carried;
  for (const Value *V : Values)
    if (auto *I = dyn_cast<Instruction>(V); I && I != Source && liveAfterSource(*I))
      return Carried;
  return std::nullopt;
}

std::optional<Finding> AddressTracker::run() {
  // In a loop, the one reused stack slot is wrong when an iteration's object
  // is still in use as the next one is made, whatever else happens to it;
  // so that reason is looked for first, along the SSA values derived from
  // the address.
  if (SiteLoop) {
    SmallVector<Instruction *, 16> Derived{cast<Instruction>(Source)};
    SmallPtrSet<Instruction *, 16> Seen{cast<Instruction>(Source)};
    while (!Derived.empty()) {
      Instruction *D = Derived.pop_back_val();
      for (User *U : D->users()) {
        auto *I = dyn_cast<Instruction>(U);
        if (!I || !(isa<GetElementPtrInst>(I) || isa<CastInst>(I) || isa<PHINode>(I) ||
                    isa<SelectInst>(I) || isa<FreezeInst>(I)))
          continue;
        if (isa<PHINode>(I) && !Carried)
          Carried = carriedRoundLoop(D, I);
        if (Seen.insert(I).second)
          Derived.push_back(I);
      }
    }
    if (std::optional<Finding> F = stillCarried({Seen.begin(), Seen.end()}))
      return F;
  }
  track(Source, nullptr);
  while (!Work.empty()) {
    Value *V = Work.back();
    Work.pop_back();
    for (const Use &U : V->uses())
      if (std::optional<Finding> F = visitUse(U, V))
        return F;
  }
  // Now every value that may hold the address is known.
  if (Carried) {
    std::vector<const Value *> Holders;
    for (auto &Entry : Parent)
      Holders.push_back(Entry.first);
    if (std::optional<Finding> F = stillCarried(Holders))
      return F;
  }
  if (std::optional<Finding> F = checkReallocs())
    return F;
  // Promotion deletes this function's frees, so each must free only this
  // object: never a pointer that may also hold another one.
  for (auto &[Call, Freed] : LocalFrees)
    if (!isExclusive(Freed))
      return escape(Reason::FreedThroughSharedPointer, Freed, Call);
  return std::nullopt;
}

std::optional<Finding> AddressTracker::visitUse(const Use &U, Value *V) {
  auto *I = dyn_cast<Instruction>(U.getUser());
  if (!I) // a constant expression cannot use an instruction's value
    return escape(Reason::ConstantExpression, V, nullptr);

  switch (I->getOpcode()) {
  case Instruction::GetElementPtr:
  case Instruction::BitCast:
  case Instruction::AddrSpaceCast:
  case Instruction::Freeze:
  case Instruction::Select:
  case Instruction::InsertValue:
  case Instruction::ExtractValue:
    if (isa<SelectInst>(I) && U.getOperandNo() == 0)
      return std::nullopt; // the condition
    track(I, V); // an aggregate holding the address carries it too
    return std::nullopt;
  case Instruction::PHI:
    if (!Carried)
      Carried = carriedRoundLoop(V, I); // judged once every holder is known (run)
    track(I, V);
    return std::nullopt;
  case Instruction::Load:
    // Reading the object is fine; if the object holds its own address (or the
    // pointer is into a container), what is read may be the address.
    if (ObjectHoldsItsAddress)
      track(I, V);
    return std::nullopt;
  case Instruction::Store: {
    auto *SI = cast<StoreInst>(I);
    if (U.getOperandNo() == StoreInst::getPointerOperandIndex())
      return std::nullopt; // writing into the object
    return visitStoreOfAddress(*SI, V);
  }
  case Instruction::ICmp:
    return std::nullopt;
  case Instruction::PtrToInt:
    return escape(Reason::ConvertedToInteger, V, I);
  case Instruction::Ret:
    if (TheMode == Mode::Parameter) {
      Returned = true;
      return std::nullopt;
    }
    return escape(Reason::Returned, V, I);
  case Instruction::Call:
  case Instruction::Invoke:
    return visitCall(cast<CallBase>(*I), U, V);
  case Instruction::AtomicRMW:
  case Instruction::AtomicCmpXchg:
    if (U.getOperandNo() == 0)
      return std::nullopt; // an atomic operation on the object's memory
    break;
  default:
    break;
  }
  return escape(Reason::UnknownInstruction, V, I).about(I->getOpcodeName());
}

std::optional<Finding> AddressTracker::visitStoreOfAddress(StoreInst &SI, Value *V) {
  const Value *Target = getUnderlyingObject(SI.getPointerOperand());
  if (auto *GV = dyn_cast<GlobalVariable>(Target))
    return escape(Reason::StoredToGlobal, V, &SI).about(GV);
  if (tracked(Target)) {
    // The object now holds its own address; it dies with the frame, but
    // every load through the address may now yield it.
    ObjectHoldsItsAddress = true;
    std::vector<std::pair<LoadInst *, const Value *>> Loads;
    for (auto &Entry : Parent)
      for (const User *U : Entry.first->users())
        if (auto *LI = dyn_cast<LoadInst>(U))
          if (LI->getPointerOperand() == Entry.first)
            Loads.push_back({const_cast<LoadInst *>(LI), Entry.first});
    for (auto &[LI, From] : Loads)
      track(LI, From);
    return std::nullopt;
  }
  if (auto *A = dyn_cast<AllocaInst>(Target))
    if (A->getFunction() == FC.Body)
      return adoptContainer(*const_cast<AllocaInst *>(A), SI);
  if (auto *Outer = dyn_cast<CallBase>(Target);
      Outer && TheMode == Mode::Site && Outer->getFunction() == FC.Body)
    if (std::optional<std::optional<Finding>> R =
            adoptHeapContainer(*const_cast<CallBase *>(Outer), SI, V))
      return *R;
  return escape(Reason::StoredToEscapingMemory, V, &SI);
}

// The address was stored into an object another allocation of this
// function made (a struct allocated, filled and freed locally).  That
// object is a container like a stack slot when its own address stays in
// this function (its own tracker finds no escape) and every pointer to it
// only feeds loads, stores, comparisons and its free: what is loaded from
// it is then a value of the set.  A call given the object could read the
// address out of it and keep it, and a copy of its bytes could carry it
// off, so either decides heap.  Nothing when Outer is no allocation.
std::optional<std::optional<Finding>>
AddressTracker::adoptHeapContainer(CallBase &Outer, StoreInst &SI, Value *V) {
  AllocationCall A = Ctx.Wrappers.allocationCalled(Outer, TLI);
  if (!A || (A.Wrapper ? A.Wrapper->Reallocates : A.Allocator->reallocates()))
    return std::nullopt;
  auto heldThere = [&] { return escape(Reason::StoredToEscapingMemory, V, &SI); };
  // A second level (an object in an object in an object) is not followed:
  // each level runs a tracker of its own.
  if (Depth >= 1)
    return std::optional<Finding>(heldThere());
  if (SiteLoop)
    return std::optional<Finding>(escape(Reason::LivesAcrossIterations, &SI, &SI));
  if (Containers.count(&Outer))
    return std::optional<Finding>();
  AddressTracker OuterTracker(Ctx, FC, TLI, Mode::Site, &Outer);
  OuterTracker.Depth = Depth + 1;
  if (OuterTracker.run())
    return std::optional<Finding>(heldThere());
  std::vector<StoreInst *> &Stores = Containers[&Outer];
  std::vector<LoadInst *> Loads;
  for (auto &Entry : OuterTracker.Parent) {
    const Value *Holder = Entry.first;
    for (const Use &U : Holder->uses()) {
      auto *I = cast<Instruction>(U.getUser());
      if (auto *LI = dyn_cast<LoadInst>(I)) {
        Loads.push_back(LI);
      } else if (auto *St = dyn_cast<StoreInst>(I);
                 St && U.getOperandNo() == StoreInst::getPointerOperandIndex()) {
        Stores.push_back(St);
      } else if (auto *II = dyn_cast<IntrinsicInst>(I);
                 II && (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II) ||
                        (II->getIntrinsicID() == Intrinsic::memset &&
                         II->getArgOperand(0) == Holder))) {
        // no pointer enters or leaves (memset writes bytes)
      } else if (auto *CB = dyn_cast<CallBase>(I);
                 CB && !CB->isCallee(&U) &&
                 std::any_of(OuterTracker.LocalFrees.begin(), OuterTracker.LocalFrees.end(),
                             [&](auto &Free) { return Free.first == CB; })) {
        // the container's own free
      } else if (isa<GetElementPtrInst>(I) || isa<CastInst>(I) || isa<PHINode>(I) ||
                 isa<SelectInst>(I) || isa<FreezeInst>(I) || isa<InsertValueInst>(I) ||
                 isa<ExtractValueInst>(I) || isa<ICmpInst>(I) ||
                 (isa<StoreInst>(I) && cast<StoreInst>(I)->getValueOperand() == Holder)) {
        // Derived pointers and comparisons, or its address stored in local
        // memory: the container's tracker followed or accepted them.
      } else {
        // A call given the object, or an instruction that may read the
        // address out of it (an atomic exchange returns what was there).
        return std::optional<Finding>(heldThere());
      }
    }
  }
  // What is read may be the address unless it is not a pointer and its
  // bytes are known to lie apart from every pointer stored there (an int
  // field of the struct); a whole-struct integer load is tracked, and dies
  // at its first arithmetic use (heap).
  for (LoadInst *LI : Loads)
    if (LI->getType()->isPtrOrPtrVectorTy() || mayOverlapPointerStore(*LI, &Outer, Stores))
      track(LI, &SI);
  return std::optional<Finding>();
}

// The address was stored into a local stack slot that mem2reg could not
// promote.  That is fine while the slot's own address only feeds loads and
// stores: loads from it are then values of the set.
std::optional<Finding> AddressTracker::adoptContainer(AllocaInst &A, StoreInst &SI) {
  // The slot is reused by the whole function: if the allocation is in a
  // loop, an earlier iteration's address may still be in it.
  if (SiteLoop)
    return escape(Reason::LivesAcrossIterations, &SI, &SI);
  if (Containers.count(&A))
    return std::nullopt;
  std::vector<StoreInst *> &Stores = Containers[&A];
  SmallVector<Value *, 8> Addresses{&A};
  SmallPtrSet<Value *, 8> Seen{&A};
  while (!Addresses.empty()) {
    Value *Addr = Addresses.pop_back_val();
    for (User *U : Addr->users()) {
      auto *I = cast<Instruction>(U);
      if (auto *LI = dyn_cast<LoadInst>(I)) {
        track(LI, &SI);
      } else if (auto *St = dyn_cast<StoreInst>(I)) {
        if (St->getValueOperand() == Addr) // the slot's address itself escapes
          return escape(Reason::StoredToEscapingMemory, &SI, &SI);
        Stores.push_back(St);
      } else if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I) || isa<PHINode>(I) ||
                 isa<SelectInst>(I)) {
        if (Seen.insert(I).second)
          Addresses.push_back(I);
      } else if (auto *II = dyn_cast<IntrinsicInst>(I);
                 II && (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II) ||
                        (II->getIntrinsicID() == Intrinsic::memset && II->getArgOperand(0) == Addr))) {
        // no address enters or leaves the slot (memset writes bytes, e.g. `= {0}`)
      } else {
        return escape(Reason::StoredToEscapingMemory, &SI, &SI);
      }
    }
  }
  return std::nullopt;
}

std::optional<Finding> AddressTracker::visitCall(CallBase &CB, const Use &U, Value *V) {
  if (CB.isCallee(&U))
    return escape(Reason::CalledAsFunction, V, &CB);
  if (CB.isBundleOperand(&U))
    return escape(Reason::OperandBundle, V, &CB);
  unsigned ArgNo = CB.getArgOperandNo(&U);

  if (auto *II = dyn_cast<IntrinsicInst>(&CB)) {
    switch (II->getIntrinsicID()) {
    case Intrinsic::lifetime_start:
    case Intrinsic::lifetime_end:
    case Intrinsic::assume:
    case Intrinsic::objectsize:
    case Intrinsic::prefetch:
    case Intrinsic::invariant_start:
    case Intrinsic::invariant_end:
    case Intrinsic::memset:
      return std::nullopt;
    case Intrinsic::memcpy:
    case Intrinsic::memmove:
      // Copying the object's bytes is fine unless they may hold its address.
      if (ObjectHoldsItsAddress && ArgNo == 1)
        return escape(Reason::CopiedHoldingItsAddress, V, &CB);
      return std::nullopt;
    case Intrinsic::launder_invariant_group:
    case Intrinsic::strip_invariant_group:
      track(II, V);
      return std::nullopt;
    default:
      if (isa<DbgInfoIntrinsic>(II))
        return std::nullopt;
      return escape(Reason::PassedToIntrinsic, V, &CB).about(II->getCalledFunction());
    }
  }

  if (CB.isInlineAsm())
    return escape(Reason::UnknownInstruction, V, &CB).about(CB.getOpcodeName());
  Function *Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee)
    return escape(Reason::PassedToUnknownCallee, V, &CB);
  auto passedToCall = [&] {
    return escape(Reason::PassedToCall, V, &CB).about(Callee).number(ArgNo + 1);
  };

  // A free wrapper (xfree) frees like free: promotion deletes the call.  A
  // realloc-like wrapper (xrealloc) reallocates like realloc.
  if (std::optional<unsigned> Freed = Ctx.Wrappers.freedArgument(*Callee);
      Freed && *Freed == ArgNo) {
    Frees = true;
    if (TheMode == Mode::Site)
      LocalFrees.push_back({&CB, V});
    return std::nullopt;
  }
  if (const WrapperInfo *W = Ctx.Wrappers.wrapper(*Callee);
      W && W->Reallocates && W->PointerArg == (int)ArgNo)
    return escape(Reason::ReallocatedByWrapper, V, &CB).about(W->Name.c_str());

  // A definition in this translation unit: its summary says what it does.
  // (Its own name may shadow a C library function; the definition wins.)
  if (isTrustedDefinition(*Callee)) {
    if (ArgNo >= Callee->arg_size())
      return passedToCall(); // through "...": not summarised
    const ParamSummary &S = Ctx.Summaries.get(*Callee, ArgNo);
    if (S.Escapes) {
      Finding F = passedToCall();
      F.Callee = Callee;
      F.CalleeArg = ArgNo;
      return F;
    }
    if (S.Frees) {
      if (TheMode == Mode::Parameter)
        Frees = true;
      else
        return escape(Reason::FreedByCallee, V, &CB).about(Callee);
    }
    if (S.Returned)
      track(&CB, V);
    return std::nullopt;
  }

  LibraryFunction Lib = lookupLibraryFunction(Callee->getName());
  switch (Lib.Effect) {
  case LibraryEffect::Frees:
    if (ArgNo != 0)
      return std::nullopt;
    Frees = true;
    if (TheMode == Mode::Site)
      LocalFrees.push_back({&CB, V});
    return std::nullopt;
  case LibraryEffect::Reallocates:
    if (ArgNo != 0)
      return std::nullopt;
    // The C library's realloc, called here: promotion can move the object
    // to the heap at it (checkReallocs).  Its variants cannot be rewritten
    // the same way (reallocf frees on failure; reallocarray's product may
    // overflow), a realloc in a callee is not this function's to rewrite,
    // and an invoke or musttail call leaves no room after it.
    if (TheMode == Mode::Site && Callee->getName() == "realloc" && CB.arg_size() == 2 &&
        isa<CallInst>(CB) && !cast<CallInst>(CB).isMustTailCall()) {
      Frees = true; // it ends the object on success
      LocalReallocs.push_back({&CB, V});
      return std::nullopt;
    }
    return escape(Reason::Reallocated, V, &CB);
  case LibraryEffect::StartsThread:
    if ((int)ArgNo != Lib.ThreadArg)
      return std::nullopt;
    return escape(Reason::ThreadArgument, V, &CB).about(Callee);
  case LibraryEffect::SortsArray: {
    // The comparator receives pointers into the array: it must keep none.
    auto *Cmp = dyn_cast<Function>(CB.getArgOperand(Lib.ComparatorArg)->stripPointerCasts());
    if ((int)ArgNo == Lib.ComparatorArg || !Cmp || !isTrustedDefinition(*Cmp))
      return passedToCall();
    for (unsigned A = 0; A < Cmp->arg_size(); A++) {
      const ParamSummary &S = Ctx.Summaries.get(*Cmp, A);
      if (S.Escapes || S.Frees || S.Returned)
        return passedToCall();
    }
    if (Lib.ReturnsArg == (int)ArgNo)
      track(&CB, V);
    return std::nullopt;
  }
  case LibraryEffect::ReadsWrites:
    if (Lib.ReturnsArg == (int)ArgNo)
      track(&CB, V);
    return std::nullopt;
  case LibraryEffect::Unknown:
    break;
  }
  // LLVM's own promise (at -O1 and above, or on annotated declarations):
  // the callee keeps no copy and frees nothing.
  if (CB.paramHasAttr(ArgNo, Attribute::NoCapture) && CB.hasFnAttr(Attribute::NoFree))
    return std::nullopt;
  return passedToCall();
}

// Whether V can only be this object's address (or null): no phi, select or
// container mixes in another object.  Cycles are assumed exclusive until
// shown otherwise, which is right for a phi that merges the address with
// pointers derived from itself.
bool AddressTracker::isExclusive(const Value *V) {
  if (V == Source || isa<ConstantPointerNull>(V) || isa<UndefValue>(V))
    return true;
  // What a realloc of this object returned (cast back to the object's type
  // on typed pointers): the object itself, moved to the heap (never the
  // stack memory: promotion rewrites the realloc so).
  if (isLocalRealloc(V->stripPointerCasts()))
    return true;
  // Another allocation site of this function: deleting the free is right if
  // that site is promoted too, which the caller checks (Verdict::CoFreed).
  if (auto *Other = dyn_cast<CallBase>(V);
      Other && TheMode == Mode::Site && Other->getFunction() == FC.Body) {
    AllocationCall A = Ctx.Wrappers.allocationCalled(*Other, TLI);
    if (A && (A.Wrapper ? !A.Wrapper->Reallocates
                        : A.Allocator->Success == SuccessTest::NonNullResult)) {
      CoFreed.insert(Other);
      return true;
    }
  }
  if (!tracked(V))
    return false;
  auto [It, Inserted] = ExclusiveMemo.try_emplace(V, true);
  if (!Inserted)
    return It->second;
  bool Result = false;
  if (auto *GEP = dyn_cast<GetElementPtrInst>(V))
    Result = isExclusive(GEP->getPointerOperand());
  else if (auto *Cast = dyn_cast<CastInst>(V))
    Result = isExclusive(Cast->getOperand(0));
  else if (auto *Fr = dyn_cast<FreezeInst>(V))
    Result = isExclusive(Fr->getOperand(0));
  else if (auto *Phi = dyn_cast<PHINode>(V)) {
    Result = true;
    for (const Value *In : Phi->incoming_values())
      Result = Result && isExclusive(In);
  } else if (auto *Sel = dyn_cast<SelectInst>(V))
    Result = isExclusive(Sel->getTrueValue()) && isExclusive(Sel->getFalseValue());
  else if (auto *LI = dyn_cast<LoadInst>(V))
    Result = slotExclusive(*LI);
  else if (auto *CB = dyn_cast<CallBase>(V)) {
    // A C library function that always returns its argument (strcpy,
    // memcpy): exclusive if that argument is.  A same-file function that
    // may return its parameter may also return something else.
    const Function *Callee = directCallee(*CB);
    LibraryFunction Lib = Callee && !isTrustedDefinition(*Callee)
                              ? lookupLibraryFunction(Callee->getName())
                              : LibraryFunction();
    Result = Lib.Effect == LibraryEffect::ReadsWrites && Lib.ReturnsArg >= 0 &&
             Lib.ReturnsArg < (int)CB->arg_size() && isExclusive(CB->getArgOperand(Lib.ReturnsArg));
  }
  ExclusiveMemo[V] = Result;
  return Result;
}

bool AddressTracker::isLocalRealloc(const Value *V) const {
  return std::any_of(LocalReallocs.begin(), LocalReallocs.end(),
                     [&](auto &Realloc) { return Realloc.first == V; });
}

// Promotion rewrites each realloc of the object to
//   q = realloc(p == mem ? NULL : p, m); if (p == mem && q) memcpy(q, mem, ...)
// (StackPromotion.h).  That is right only when the pointer resized can be
// nothing but this object or what its reallocs returned (the copy comes
// from this object's memory, and another site's partner would need its own),
// and when the bytes copied hold no address of the object (the heap copy
// would carry it off).
std::optional<Finding> AddressTracker::checkReallocs() {
  for (auto &[Call, Resized] : LocalReallocs) {
    size_t Partners = CoFreed.size();
    if (ObjectHoldsItsAddress || !isExclusive(Resized) || CoFreed.size() != Partners)
      return escape(Reason::Reallocated, Resized, Call);
  }
  return std::nullopt;
}

// Whether Load may read bytes of a pointer stored into Container: its offset
// unknown, or overlapping such a store (or one at an unknown offset).
bool AddressTracker::mayOverlapPointerStore(const LoadInst &Load, const Value *Container,
                                            const std::vector<StoreInst *> &Stores) const {
  int64_t LoadOffset = 0;
  const Value *Base = GetPointerBaseWithConstantOffset(Load.getPointerOperand(), LoadOffset, DL);
  if (Base != Container)
    return true;
  int64_t LoadEnd = LoadOffset + (int64_t)DL.getTypeStoreSize(Load.getType());
  for (const StoreInst *St : Stores) {
    Type *T = St->getValueOperand()->getType();
    if (!T->isPtrOrPtrVectorTy() && !T->isAggregateType())
      continue;
    int64_t StoreOffset = 0;
    if (GetPointerBaseWithConstantOffset(St->getPointerOperand(), StoreOffset, DL) != Container)
      return true;
    int64_t StoreEnd = StoreOffset + (int64_t)DL.getTypeStoreSize(T);
    if (StoreOffset < LoadEnd && LoadOffset < StoreEnd)
      return true;
  }
  return false;
}

// A load from a container reads what the stores to the same bytes wrote
// (fields and constant array indices are told apart; a store at an unknown
// offset may have written anything).  Stores of non-pointers cannot put
// another object's address there.
bool AddressTracker::slotExclusive(const LoadInst &Load) {
  int64_t LoadOffset = 0;
  const Value *Base = GetPointerBaseWithConstantOffset(Load.getPointerOperand(), LoadOffset, DL);
  const Value *A = getUnderlyingObject(Load.getPointerOperand());
  if (!Containers.count(A))
    return false;
  bool LoadOffsetKnown = Base == A;
  uint64_t LoadSize = DL.getTypeStoreSize(Load.getType());
  for (StoreInst *St : Containers.find(A)->second) {
    Value *Stored = St->getValueOperand();
    if (!Stored->getType()->isPointerTy())
      continue;
    int64_t StoreOffset = 0;
    const Value *StoreBase =
        GetPointerBaseWithConstantOffset(St->getPointerOperand(), StoreOffset, DL);
    uint64_t StoreSize = DL.getTypeStoreSize(Stored->getType());
    bool Disjoint = LoadOffsetKnown && StoreBase == A &&
                    (StoreOffset + (int64_t)StoreSize <= LoadOffset ||
                     LoadOffset + (int64_t)LoadSize <= StoreOffset);
    if (!Disjoint && !isExclusive(Stored))
      return false;
  }
  return true;
}

std::vector<FlowStep> AddressTracker::flowTo(const Value *V) const {
  std::vector<FlowStep> Steps;
  for (const Value *It = V; It;) {
    auto Found = Parent.find(It);
    if (auto *I = dyn_cast<Instruction>(It))
      Steps.push_back({I->getOpcodeName(), 0, I->getDebugLoc().get()});
    else if (auto *A = dyn_cast<Argument>(It))
      Steps.push_back({nullptr, A->getArgNo() + 1, nullptr});
    if (Found == Parent.end())
      break;
    It = Found->second;
  }
  std::reverse(Steps.begin(), Steps.end());
  return Steps;
}

} // namespace allocsite
