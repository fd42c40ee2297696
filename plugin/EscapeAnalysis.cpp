//===- EscapeAnalysis.cpp - can an allocation live on the stack? ----------===//
//
// See EscapeAnalysis.h for the model.  STEP 1 makes the analysis copy of a
// function, STEP 2 walks the values that carry an object's address and finds
// the first escape, STEP 3 summarises same-TU parameters, STEP 4 judges a
// site.
//
//===----------------------------------------------------------------------===//
#include "EscapeAnalysis.h"

#include "LLVMCompat.h"
#include "LibraryKnowledge.h"
#include "SiteIdentity.h"
#include "Wrappers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <algorithm>
#include <optional>
#include <set>

using namespace llvm;

namespace allocsite {

bool isTrustedDefinition(const Function &F) {
  return !F.isDeclaration() && F.hasExactDefinition() && (F.hasLocalLinkage() || F.isDSOLocal());
}

namespace {

std::string locationOf(const Instruction *I) {
  return I ? formatSourceLocation(I->getDebugLoc().get()) : "";
}

// " at a.c:3:5", or nothing without debug info.
std::string atLocation(const Instruction *I) {
  std::string Loc = locationOf(I);
  return Loc.empty() ? "" : " at " + Loc;
}

std::string calleeName(const Function &F) { return demangleName(F.getName().str()); }

// The constant value of V, folding the casts and arithmetic that -O0 leaves
// around constants (after mem2reg, `int n = 64; malloc(n)` is a sext of 64).
std::optional<uint64_t> foldToConstant(Value *V, const DataLayout &DL, unsigned Depth = 0) {
  if (auto *C = dyn_cast<ConstantInt>(V))
    return C->getValue().getLimitedValue();
  auto *I = dyn_cast<Instruction>(V);
  if (!I || Depth > 8 || !(isa<CastInst>(I) || isa<BinaryOperator>(I)))
    return std::nullopt;
  SmallVector<Constant *, 2> Ops;
  for (Value *Op : I->operands()) {
    std::optional<uint64_t> C = foldToConstant(Op, DL, Depth + 1);
    if (!C)
      return std::nullopt;
    Ops.push_back(ConstantInt::get(Op->getType(), *C));
  }
  if (auto *Folded = dyn_cast_or_null<ConstantInt>(ConstantFoldInstOperands(I, Ops, DL)))
    return Folded->getValue().getLimitedValue();
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// STEP 1: the analysis copy of a function (mem2reg applied).
// ---------------------------------------------------------------------------
struct FunctionCopy {
  Function *Body = nullptr; // the function analysed: a clone, or the original
  ValueToValueMapTy VMap;   // original -> clone; empty when Body is the original
  std::unique_ptr<DominatorTree> DT;
  std::unique_ptr<LoopInfo> LI;
  bool IsClone = false;

  DenseMap<const Value *, Value *> Reverse; // clone -> original, for calls

  Value *map(Value *Original) {
    if (!IsClone)
      return Original;
    auto It = VMap.find(Original);
    return It == VMap.end() ? nullptr : &*It->second;
  }
};

// What a same-TU function does with one of its pointer parameters.
struct ParamSummary {
  bool Escapes = false;
  bool Frees = false;
  bool Returned = false;
  std::string Why; // for Escapes: the callee's own flow, for -Rpass-analysis
  bool operator!=(const ParamSummary &O) const {
    return Escapes != O.Escapes || Frees != O.Frees || Returned != O.Returned;
  }
};

struct Finding {
  std::string Code, Message;
  const Value *Via = nullptr; // the value whose use decided it
  const Instruction *At = nullptr;
};

} // namespace

struct EscapeAnalysis::Impl {
  Module &M;
  FunctionAnalysisManager &FAM;
  uint64_t MaxStackSize;
  const WrapperTable *Wrappers = nullptr;
  std::map<const Function *, std::unique_ptr<FunctionCopy>> Copies;
  std::map<std::pair<const Function *, unsigned>, ParamSummary> Summaries;
  std::set<const Function *> Summarised;

  Impl(Module &M, FunctionAnalysisManager &FAM, uint64_t Max) : M(M), FAM(FAM), MaxStackSize(Max) {}

  FunctionCopy &copyOf(Function &F);
  ParamSummary summary(Function &F, unsigned Arg);
  void summariseReachable(Function &Root);
  ParamSummary summariseParam(Function &F, unsigned Arg);
};

namespace {

bool hasPromotableSlots(Function &F) {
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (isAllocaPromotable(AI))
        return true;
  return false;
}

} // namespace

FunctionCopy &EscapeAnalysis::Impl::copyOf(Function &F) {
  std::unique_ptr<FunctionCopy> &Slot = Copies[&F];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<FunctionCopy>();
  FunctionCopy &C = *Slot;
  if (hasPromotableSlots(F)) {
    C.Body = CloneFunction(&F, C.VMap);
    C.Body->setName(F.getName() + ".allocsite.analysis");
    C.Body->setLinkage(GlobalValue::InternalLinkage);
    C.IsClone = true;
    std::vector<AllocaInst *> Slots;
    for (Instruction &I : C.Body->getEntryBlock())
      if (auto *AI = dyn_cast<AllocaInst>(&I))
        if (isAllocaPromotable(AI))
          Slots.push_back(AI);
    DominatorTree DT(*C.Body);
    PromoteMemToReg(Slots, DT);
    for (Instruction &I : instructions(F))
      if (isa<CallBase>(&I))
        if (Value *Copy = C.map(&I))
          C.Reverse[Copy] = &I;
  } else {
    C.Body = &F;
  }
  C.DT = std::make_unique<DominatorTree>(*C.Body);
  C.LI = std::make_unique<LoopInfo>(*C.DT);
  return C;
}

namespace {

// ---------------------------------------------------------------------------
// STEP 2: follow the values that carry the address; stop at the first escape.
// ---------------------------------------------------------------------------
class AddressTracker {
public:
  enum class Mode { Site, Parameter };

  AddressTracker(EscapeAnalysis::Impl &EA, FunctionCopy &FC, const TargetLibraryInfo &TLI,
                 Mode M, Value *Source)
      : EA(EA), FC(FC), TLI(TLI), TheMode(M), Source(Source),
        DL(FC.Body->getParent()->getDataLayout()) {
    if (TheMode == Mode::Site)
      if (auto *I = dyn_cast<Instruction>(Source))
        SiteLoop = FC.LI->getLoopFor(I->getParent());
  }

  // The first escape, if any; afterwards the flags below are valid.
  std::optional<Finding> run();

  bool Frees = false;     // a free of the object (this function's, or in Parameter mode any)
  std::string CalleeFlow; // for passed-to-call into this TU: how the callee lets it escape
  // Other sites of this function whose address one of this site's frees
  // (or containers) may also hold: promotable only together.
  SmallPtrSet<const CallBase *, 4> CoFreed;
  bool Returned = false;  // Parameter mode: the address is returned
  std::vector<std::string> flowTo(const Value *V) const;
  // Site mode: this function's frees of the object, and what each frees.
  const std::vector<std::pair<CallBase *, Value *>> &localFrees() const { return LocalFrees; }

private:
  std::optional<Finding> visitUse(const Use &U, Value *V);
  std::optional<Finding> visitCall(CallBase &CB, const Use &U, Value *V);
  std::optional<Finding> visitStoreOfAddress(StoreInst &SI, Value *V);
  std::optional<Finding> adoptContainer(AllocaInst &A, StoreInst &SI);
  bool isExclusive(const Value *V);
  bool slotExclusive(const LoadInst &Load);
  void track(Value *V, const Value *From) {
    if (Parent.try_emplace(V, From).second)
      Work.push_back(V);
  }
  bool tracked(const Value *V) const { return Parent.count(V); }
  Finding escape(std::string Code, std::string Message, const Value *Via, const Instruction *At) {
    return Finding{std::move(Code), std::move(Message), Via, At};
  }

  EscapeAnalysis::Impl &EA;
  FunctionCopy &FC;
  const TargetLibraryInfo &TLI;
  Mode TheMode;
  Value *Source;
  const DataLayout &DL;
  const Loop *SiteLoop = nullptr;

  DenseMap<const Value *, const Value *> Parent; // tracked value -> where it came from
  std::vector<Value *> Work;
  std::vector<std::pair<CallBase *, Value *>> LocalFrees;
  // Stack slots the address was stored into, and the stores into each.
  DenseMap<const AllocaInst *, std::vector<StoreInst *>> Containers;
  bool ObjectHoldsItsAddress = false; // the address was stored into the object itself
  DenseMap<const Value *, bool> ExclusiveMemo;
};

std::optional<Finding> AddressTracker::run() {
  // In a loop, the one reused stack slot is wrong as soon as the address is
  // carried round a back edge, whatever else happens to it; so that reason
  // is looked for first, along the SSA values derived from the address.
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
        if (isa<PHINode>(I))
          for (const Loop *L = SiteLoop; L; L = L->getParentLoop())
            if (L->getHeader() == I->getParent())
              return escape("lives-across-iterations",
                            "kept across loop iterations" +
                                atLocation(L->getHeader()->getTerminator()),
                            D, I);
        if (Seen.insert(I).second)
          Derived.push_back(I);
      }
    }
  }
  track(Source, nullptr);
  while (!Work.empty()) {
    Value *V = Work.back();
    Work.pop_back();
    for (const Use &U : V->uses())
      if (std::optional<Finding> F = visitUse(U, V))
        return F;
  }
  // Promotion deletes this function's frees, so each must free only this
  // object: never a pointer that may also hold another one.
  for (auto &[Call, Freed] : LocalFrees)
    if (!isExclusive(Freed))
      return escape("freed-elsewhere",
                    "freed through a pointer that may point to another object" + atLocation(Call),
                    Freed, Call);
  return std::nullopt;
}

std::optional<Finding> AddressTracker::visitUse(const Use &U, Value *V) {
  auto *I = dyn_cast<Instruction>(U.getUser());
  if (!I) // a constant expression cannot use an instruction's value
    return escape("unanalysable-use", "used by a constant expression", V, nullptr);

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
  case Instruction::PHI: {
    // A phi in the header of a loop that contains the allocation carries the
    // address round the back edge: the next iteration's object would reuse
    // the one stack slot while this one is still reachable.
    if (SiteLoop)
      for (const Loop *L = SiteLoop; L; L = L->getParentLoop())
        if (L->getHeader() == I->getParent())
          return escape("lives-across-iterations",
                        "kept across loop iterations" + atLocation(L->getHeader()->getTerminator()),
                        V, I);
    track(I, V);
    return std::nullopt;
  }
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
    return escape("converted-to-integer", "converted to an integer" + atLocation(I), V, I);
  case Instruction::Ret:
    if (TheMode == Mode::Parameter) {
      Returned = true;
      return std::nullopt;
    }
    return escape("returned", "returned to the caller" + atLocation(I), V, I);
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
  return escape("unanalysable-use",
                std::string("used by an instruction allocsite cannot analyse ('") +
                    I->getOpcodeName() + "')" + atLocation(I),
                V, I);
}

std::optional<Finding> AddressTracker::visitStoreOfAddress(StoreInst &SI, Value *V) {
  const Value *Target = getUnderlyingObject(SI.getPointerOperand());
  if (auto *GV = dyn_cast<GlobalVariable>(Target))
    return escape("stored-to-global",
                  "stored to global '" + demangleName(GV->getName().str()) + "'" +
                      atLocation(&SI),
                  V, &SI);
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
  return escape("stored-to-escaping-memory",
                "stored to memory that outlives the function" + atLocation(&SI), V, &SI);
}

// The address was stored into a local stack slot that mem2reg could not
// promote.  That is fine while the slot's own address only feeds loads and
// stores: loads from it are then values of the set.
std::optional<Finding> AddressTracker::adoptContainer(AllocaInst &A, StoreInst &SI) {
  // The slot is reused by the whole function: if the allocation is in a
  // loop, an earlier iteration's address may still be in it.
  if (SiteLoop)
    return escape("lives-across-iterations",
                  "kept across loop iterations" + atLocation(&SI), &SI, &SI);
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
          return escape("stored-to-escaping-memory",
                        "stored to memory that outlives the function" + atLocation(&SI), &SI,
                        &SI);
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
        return escape("stored-to-escaping-memory",
                      "stored to memory that outlives the function" + atLocation(&SI), &SI, &SI);
      }
    }
  }
  return std::nullopt;
}

std::optional<Finding> AddressTracker::visitCall(CallBase &CB, const Use &U, Value *V) {
  if (CB.isCallee(&U))
    return escape("unanalysable-use", "called as a function" + atLocation(&CB), V, &CB);
  if (CB.isBundleOperand(&U))
    return escape("unanalysable-use", "used in an operand bundle" + atLocation(&CB), V, &CB);
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
        return escape("unanalysable-use",
                      "copied while it may hold its own address" + atLocation(&CB), V, &CB);
      return std::nullopt;
    case Intrinsic::launder_invariant_group:
    case Intrinsic::strip_invariant_group:
      track(II, V);
      return std::nullopt;
    default:
      if (isa<DbgInfoIntrinsic>(II))
        return std::nullopt;
      return escape("unanalysable-use",
                    "passed to intrinsic '" + II->getCalledFunction()->getName().str() + "'" +
                        atLocation(&CB),
                    V, &CB);
    }
  }

  if (CB.isInlineAsm())
    return escape("unanalysable-use",
                  std::string("used by an instruction allocsite cannot analyse ('") +
                      CB.getOpcodeName() + "')" + atLocation(&CB),
                  V, &CB);
  Function *Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee)
    return escape("passed-to-unknown-callee",
                  "passed to an indirect call, which may capture it," + atLocation(&CB), V, &CB);
  std::string Name = calleeName(*Callee);
  auto passedToCall = [&] {
    return escape("passed-to-call",
                  "passed to '" + Name + "' (argument " + std::to_string(ArgNo + 1) +
                      "), which may capture it," + atLocation(&CB),
                  V, &CB);
  };

  // A free wrapper (xfree) frees like free: promotion deletes the call.  A
  // realloc-like wrapper (xrealloc) reallocates like realloc.
  if (EA.Wrappers) {
    if (std::optional<unsigned> Freed = EA.Wrappers->freedArgument(*Callee);
        Freed && *Freed == ArgNo) {
      Frees = true;
      if (TheMode == Mode::Site)
        LocalFrees.push_back({&CB, V});
      return std::nullopt;
    }
    if (const WrapperInfo *W = EA.Wrappers->wrapper(*Callee);
        W && W->Reallocates && W->PointerArg == (int)ArgNo)
      return escape("reallocated", "reallocated by wrapper '" + W->Name + "'" + atLocation(&CB),
                    V, &CB);
  }

  // A definition in this translation unit: its summary says what it does.
  // (Its own name may shadow a C library function; the definition wins.)
  if (isTrustedDefinition(*Callee)) {
    if (ArgNo >= Callee->arg_size())
      return passedToCall(); // through "...": not summarised
    ParamSummary S = EA.summary(*Callee, ArgNo);
    if (S.Escapes) {
      CalleeFlow = "in '" + Name + "': " + S.Why;
      return passedToCall();
    }
    if (S.Frees) {
      if (TheMode == Mode::Parameter) {
        Frees = true;
      } else {
        return escape("freed-elsewhere", "freed by '" + Name + "'" + atLocation(&CB), V, &CB);
      }
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
    return escape("reallocated", "reallocated" + atLocation(&CB), V, &CB);
  case LibraryEffect::StartsThread:
    if ((int)ArgNo != Lib.ThreadArg)
      return std::nullopt;
    return escape("thread-argument",
                  "handed to another thread by '" + Name + "'" + atLocation(&CB), V, &CB);
  case LibraryEffect::SortsArray: {
    // The comparator receives pointers into the array: it must keep none.
    auto *Cmp = dyn_cast<Function>(CB.getArgOperand(Lib.ComparatorArg)->stripPointerCasts());
    if ((int)ArgNo == Lib.ComparatorArg || !Cmp || !isTrustedDefinition(*Cmp))
      return passedToCall();
    for (unsigned A = 0; A < Cmp->arg_size(); A++) {
      ParamSummary S = EA.summary(*Cmp, A);
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
  // Another allocation site of this function: deleting the free is right if
  // that site is promoted too, which the caller checks (Verdict::CoFreed).
  if (auto *Other = dyn_cast<CallBase>(V);
      Other && TheMode == Mode::Site && Other->getFunction() == FC.Body) {
    const AllocatorInfo *Info = classifyAllocationCall(*Other, TLI);
    const WrapperInfo *W = EA.Wrappers ? EA.Wrappers->wrapperCalled(*Other) : nullptr;
    if ((Info && Info->Success == SuccessTest::NonNullResult) || (W && !W->Reallocates)) {
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
    const Function *Callee = dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
    LibraryFunction Lib = Callee && !isTrustedDefinition(*Callee)
                              ? lookupLibraryFunction(Callee->getName())
                              : LibraryFunction();
    Result = Lib.Effect == LibraryEffect::ReadsWrites && Lib.ReturnsArg >= 0 &&
             Lib.ReturnsArg < (int)CB->arg_size() && isExclusive(CB->getArgOperand(Lib.ReturnsArg));
  }
  ExclusiveMemo[V] = Result;
  return Result;
}

// A load from a container reads what the stores to the same bytes wrote
// (fields and constant array indices are told apart; a store at an unknown
// offset may have written anything).  Stores of non-pointers cannot put
// another object's address there.
bool AddressTracker::slotExclusive(const LoadInst &Load) {
  int64_t LoadOffset = 0;
  const Value *Base = GetPointerBaseWithConstantOffset(Load.getPointerOperand(), LoadOffset, DL);
  auto *A = dyn_cast<AllocaInst>(getUnderlyingObject(Load.getPointerOperand()));
  if (!A || !Containers.count(A))
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

std::vector<std::string> AddressTracker::flowTo(const Value *V) const {
  std::vector<std::string> Steps;
  for (const Value *It = V; It; ) {
    auto Found = Parent.find(It);
    if (auto *I = dyn_cast<Instruction>(It)) {
      std::string Loc = locationOf(I);
      Steps.push_back(std::string(I->getOpcodeName()) + (Loc.empty() ? "" : " at " + Loc));
    } else if (isa<Argument>(It)) {
      Steps.push_back("parameter " + std::to_string(cast<Argument>(It)->getArgNo() + 1));
    }
    if (Found == Parent.end())
      break;
    It = Found->second;
  }
  std::reverse(Steps.begin(), Steps.end());
  return Steps;
}

} // namespace

// ---------------------------------------------------------------------------
// STEP 3: summaries of same-TU parameters, to a fixed point.
// ---------------------------------------------------------------------------
ParamSummary EscapeAnalysis::Impl::summariseParam(Function &F, unsigned Arg) {
  FunctionCopy &FC = copyOf(F);
  Argument *A = FC.Body->getArg(Arg);
  ParamSummary S;
  if (!A->getType()->isPointerTy())
    return S; // the address cannot travel in a non-pointer parameter without ptrtoint
  const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
  AddressTracker T(*this, FC, TLI, AddressTracker::Mode::Parameter, A);
  if (std::optional<Finding> Esc = T.run()) {
    S.Escapes = true;
    std::vector<std::string> Steps = T.flowTo(Esc->Via);
    Steps.push_back(Esc->Message);
    for (const std::string &Step : Steps)
      S.Why += (S.Why.empty() ? "" : " -> ") + Step;
  }
  S.Frees = T.Frees;
  S.Returned = T.Returned;
  return S;
}

void EscapeAnalysis::Impl::summariseReachable(Function &Root) {
  // The functions this one can reach through direct calls whose summaries
  // are not final yet.
  std::vector<Function *> Group;
  std::vector<Function *> Stack{&Root};
  std::set<Function *> InGroup{&Root};
  while (!Stack.empty()) {
    Function *F = Stack.back();
    Stack.pop_back();
    Group.push_back(F);
    for (Instruction &I : instructions(*F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (Function *Callee = dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts()))
          if (isTrustedDefinition(*Callee) && !Summarised.count(Callee) &&
              InGroup.insert(Callee).second)
            Stack.push_back(Callee);
  }
  // Optimistic start (nothing escapes) and monotone updates: the least fixed
  // point, which is what recursion that only reads through a pointer needs.
  for (Function *F : Group)
    for (unsigned A = 0; A < F->arg_size(); A++)
      Summaries[{F, A}] = ParamSummary();
  for (Function *F : Group)
    Summarised.insert(F); // queries inside the group read the current state
  const unsigned MaxRounds = 16;
  bool Changed = true;
  for (unsigned Round = 0; Changed && Round < MaxRounds; Round++) {
    Changed = false;
    for (Function *F : Group)
      for (unsigned A = 0; A < F->arg_size(); A++) {
        ParamSummary New = summariseParam(*F, A);
        ParamSummary &Old = Summaries[{F, A}];
        if (Old.Escapes && !New.Escapes)
          New.Why = Old.Why;
        New.Escapes |= Old.Escapes;
        New.Frees |= Old.Frees;
        New.Returned |= Old.Returned;
        if (New != Old) {
          Old = New;
          Changed = true;
        }
      }
  }
  if (Changed) // did not settle: assume the worst
    for (Function *F : Group)
      for (unsigned A = 0; A < F->arg_size(); A++)
        Summaries[{F, A}].Escapes = true;
}

ParamSummary EscapeAnalysis::Impl::summary(Function &F, unsigned Arg) {
  if (!Summarised.count(&F))
    summariseReachable(F);
  return Summaries[{&F, Arg}];
}

// ---------------------------------------------------------------------------
// STEP 4: judge a site.
// ---------------------------------------------------------------------------
namespace {

// The allocation as written, argument by argument: "malloc(64)",
// "calloc(4, 16)", "operator new[](40)"; "malloc(...)" when a size is not
// constant.  Each argument has a key, so optimisation records carry the
// size as data (Size, or Count and ElementSize).
void describeCall(Verdict &V, CallBase &CB, const AllocatorInfo &Info, const WrapperInfo *W,
                  const DataLayout &DL, std::optional<uint64_t> Size) {
  std::string Base = Info.DisplayName;
  if (size_t Paren = Base.find('('); Paren != std::string::npos)
    Base = Base.substr(0, Paren); // "operator new(nothrow)" -> "operator new"
  V.Allocator = Base;
  std::vector<std::pair<const char *, int>> Shown; // key, argument index
  if (W) {
    // A wrapper shows the arguments its size is made of: "xmalloc(48)",
    // "xcalloc(4, 12)", "new_token()" for a fixed size.
    if (W->Size.CountArg >= 0)
      Shown = {{"Count", W->Size.CountArg}, {"ElementSize", W->Size.SizeArg}};
    else if (W->Size.SizeArg >= 0)
      Shown = {{W->Size.Factor == 1 ? "Size" : "Count", W->Size.SizeArg}};
    if (W->Reallocates && W->PointerArg >= 0)
      Shown.insert(Shown.begin(), {"Pointer", W->PointerArg});
    if (W->Size.Known && !W->Size.Strlen && (Size || Shown.empty())) {
      for (auto &[Key, Index] : Shown) {
        std::optional<uint64_t> C = foldToConstant(CB.getArgOperand(Index), DL);
        V.CallArgs.push_back({Key, C && std::string(Key) != "Pointer" ? std::to_string(*C) : "..."});
      }
    } else {
      V.CallArgs = {{"Size", "..."}};
    }
    V.Call = Base + "(";
    for (size_t I = 0; I < V.CallArgs.size(); I++)
      V.Call += (I ? ", " : "") + V.CallArgs[I].second;
    V.Call += ")";
    return;
  }
  // The arguments as written, in the order C's allocators take them: the
  // pointer resized, the alignment, then the size.
  if (Info.reallocates())
    Shown.push_back({"Pointer", Info.ResizedArg});
  if (Info.AlignArg >= 0 && !Info.has(NewExpression))
    Shown.push_back({"Alignment", Info.AlignArg});
  switch (Info.Size) {
  case SizeRule::Argument:
    Shown.push_back({"Size", Info.SizeArg});
    break;
  case SizeRule::Product:
    Shown.push_back({"Count", Info.CountArg});
    Shown.push_back({"ElementSize", Info.SizeArg});
    break;
  case SizeRule::ResultStrlen:
    Shown.clear();
    break;
  }
  if (!Size || Shown.empty()) {
    V.CallArgs = {{"Size", "..."}};
  } else {
    for (auto &[Key, Index] : Shown) {
      std::optional<uint64_t> C = foldToConstant(CB.getArgOperand(Index), DL);
      V.CallArgs.push_back({Key, C && std::string(Key) != "Pointer" ? std::to_string(*C) : "..."});
    }
  }
  V.Call = Base + "(";
  for (size_t I = 0; I < V.CallArgs.size(); I++)
    V.Call += (I ? ", " : "") + V.CallArgs[I].second;
  V.Call += ")";
}

// The alignment argument (aligned_alloc, memalign, the align_val_t forms of
// operator new), when it is a constant.
std::optional<uint64_t> requestedAlignment(CallBase &CB, const AllocatorInfo &Info,
                                           const DataLayout &DL) {
  if (Info.AlignArg < 0)
    return std::nullopt;
  return foldToConstant(CB.getArgOperand(Info.AlignArg), DL);
}

} // namespace

EscapeAnalysis::EscapeAnalysis(Module &M, FunctionAnalysisManager &FAM, uint64_t MaxStackSize)
    : P(std::make_unique<Impl>(M, FAM, MaxStackSize)) {}

EscapeAnalysis::~EscapeAnalysis() {
  for (auto &[F, C] : P->Copies)
    if (C->IsClone) {
      C->Body->dropAllReferences();
      C->Body->eraseFromParent();
    }
}

void EscapeAnalysis::setWrappers(const WrapperTable *Wrappers) { P->Wrappers = Wrappers; }

Function &EscapeAnalysis::analysisBody(Function &F) { return *P->copyOf(F).Body; }

CallBase *EscapeAnalysis::originalCall(Function &F, const CallBase *InBody) {
  FunctionCopy &FC = P->copyOf(F);
  if (!FC.IsClone)
    return const_cast<CallBase *>(InBody);
  auto It = FC.Reverse.find(InBody);
  return It == FC.Reverse.end() ? nullptr : cast<CallBase>(It->second);
}

bool EscapeAnalysis::isAnalysisCopy(const Function &F) const {
  for (auto &[Original, C] : P->Copies)
    if (C->IsClone && C->Body == &F)
      return true;
  return false;
}

// The requested size of a wrapper call when it is a compile-time constant.
static std::optional<uint64_t> wrapperSize(const CallBase &Call, const WrapperInfo &W,
                                           const DataLayout &DL) {
  if (!W.Size.Known || W.Size.Strlen)
    return std::nullopt;
  uint64_t Bytes = W.Size.Factor;
  for (int Arg : {W.Size.CountArg, W.Size.SizeArg})
    if (Arg >= 0) {
      std::optional<uint64_t> C = foldToConstant(Call.getArgOperand(Arg), DL);
      if (!C)
        return std::nullopt;
      Bytes *= *C;
    }
  return Bytes;
}

Verdict EscapeAnalysis::judge(CallBase &Site, const AllocatorInfo &Info, const WrapperInfo *W) {
  Verdict V;
  Function &F = *Site.getFunction();
  FunctionCopy &FC = P->copyOf(F);
  auto *Copy = dyn_cast_or_null<CallBase>(FC.map(&Site));
  const DataLayout &DL = F.getParent()->getDataLayout();

  std::optional<uint64_t> Size;
  if (Copy && W) {
    Size = wrapperSize(*Copy, *W, DL);
    V.Wrapper = W->Name;
  } else if (Copy) {
    auto Arg = [&](int I) { return foldToConstant(Copy->getArgOperand(I), DL); };
    if (Info.Size == SizeRule::Argument)
      Size = Arg(Info.SizeArg);
    else if (Info.Size == SizeRule::Product)
      if (std::optional<uint64_t> N = Arg(Info.CountArg), S = Arg(Info.SizeArg); N && S)
        Size = *N * *S;
  }
  describeCall(V, Copy ? *Copy : Site, Info, W, DL, Size);
  auto heap = [&](std::string Code, std::string Message) {
    V.K = Verdict::Kind::Heap;
    V.Code = std::move(Code);
    V.Message = std::move(Message);
    return V;
  };

  if (!Copy)
    return heap("unanalysable-use", "the analysis copy of the function lost the call");
  if (Info.Success == SuccessTest::ZeroStatus)
    return heap("unanalysable-use",
                "the address is returned through memory ('posix_memalign')" + atLocation(Copy));
  if (W ? W->Reallocates : Info.reallocates())
    return heap("reallocated", "reallocated" + atLocation(Copy));
  if (!Size)
    return heap("non-constant-size", "size is not a compile-time constant");
  if (*Size > P->MaxStackSize)
    return heap("too-large", "size " + std::to_string(*Size) + " exceeds the stack limit of " +
                                 std::to_string(P->MaxStackSize) + " bytes");

  const TargetLibraryInfo &TLI = P->FAM.getResult<TargetLibraryAnalysis>(F);
  AddressTracker T(*P, FC, TLI, AddressTracker::Mode::Site, Copy);
  if (std::optional<Finding> Esc = T.run()) {
    V.Flow = T.flowTo(Esc->Via);
    if (Esc->At) {
      std::string Loc = locationOf(Esc->At);
      V.Flow.push_back(Esc->Code + (Loc.empty() ? "" : " at " + Loc));
    }
    if (!T.CalleeFlow.empty())
      V.Flow.push_back(T.CalleeFlow);
    return heap(Esc->Code, Esc->Message);
  }
  V.K = Verdict::Kind::Promotable;
  V.NeverFreed = !T.Frees;
  // Calls of the analysis copy, as calls of the function itself.
  auto original = [&](const CallBase *InCopy) -> CallBase * {
    if (!FC.IsClone)
      return const_cast<CallBase *>(InCopy);
    auto It = FC.Reverse.find(InCopy);
    return It == FC.Reverse.end() ? nullptr : cast<CallBase>(It->second);
  };
  for (const CallBase *Other : T.CoFreed)
    V.CoFreed.push_back(original(Other));
  for (auto &[Free, Freed] : T.localFrees()) {
    V.Frees.push_back(original(Free));
    V.FreesOnlyIt.push_back(Freed->stripPointerCasts() == Copy);
  }
  V.Size = *Size;
  if (std::optional<uint64_t> A = requestedAlignment(*Copy, Info, DL))
    V.RequestedAlignment = *A;
  return V;
}

} // namespace allocsite
