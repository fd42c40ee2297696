//===- DefinedWrappers.cpp - pure wrappers defined in this file -----------===//
//
// A function defined here (and not replaceable at link time) is an
// allocation wrapper when every value it returns is null or the fresh result
// of an allocator or another wrapper, that fresh pointer is otherwise only
// compared, read through, zeroed or asked for its usable size, and its size
// is one expression of its arguments (Wrappers.h has the whole rule).  It is
// a free wrapper when a pointer parameter is only compared and handed to a
// free.  Both look at the function's analysis body (AnalysisBodies.h), so
// -O0 code is read as -O2 code.
//
//===----------------------------------------------------------------------===//
#include "AnalysisBodies.h"
#include "LibraryKnowledge.h"
#include "WrapperRecognisers.h"
#include "Wrappers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace allocsite {
namespace {

// ---------------------------------------------------------------------------
// What a function returns.
// ---------------------------------------------------------------------------

// The calls whose results V may be, through casts, phis and selects; false
// if V may also be anything else but null.
bool returnedCalls(Value *V, SmallVectorImpl<CallBase *> &Calls, SmallPtrSetImpl<Value *> &Seen) {
  V = V->stripPointerCasts();
  if (isa<ConstantPointerNull>(V) || !Seen.insert(V).second)
    return true;
  if (auto *Phi = dyn_cast<PHINode>(V)) {
    for (Value *In : Phi->incoming_values())
      if (!returnedCalls(In, Calls, Seen))
        return false;
    return true;
  }
  if (auto *Sel = dyn_cast<SelectInst>(V))
    return returnedCalls(Sel->getTrueValue(), Calls, Seen) &&
           returnedCalls(Sel->getFalseValue(), Calls, Seen);
  if (auto *CB = dyn_cast<CallBase>(V)) {
    Calls.push_back(CB);
    return true;
  }
  return false;
}

// Every value F returns, as calls; false if it may return anything else.
bool returnedCallsOf(Function &Body, SmallVectorImpl<CallBase *> &Calls) {
  SmallPtrSet<Value *, 16> Seen;
  bool Any = false;
  for (Instruction &I : instructions(Body))
    if (auto *Ret = dyn_cast<ReturnInst>(&I)) {
      if (!Ret->getReturnValue() || !returnedCalls(Ret->getReturnValue(), Calls, Seen))
        return false;
      Any = true;
    }
  return Any && !Calls.empty();
}

// Whether F makes a call Pred accepts.  Tested on a function itself before
// asking for its analysis body, which at -O0 is a copy rewritten to SSA and
// costs far more: a wrapper returns what an allocator or a wrapper returned,
// a free wrapper hands its argument to a free.  The copy makes the same
// calls, so the answers do not change.
bool callsAny(Function &F, function_ref<bool(CallBase &)> Pred) {
  for (Instruction &I : instructions(F))
    if (auto *CB = dyn_cast<CallBase>(&I); CB && Pred(*CB))
      return true;
  return false;
}

// ---------------------------------------------------------------------------
// What its size is.
// ---------------------------------------------------------------------------

// One factor of a size: a parameter of the wrapper or a constant.
struct Term {
  int Arg = -1;
  uint64_t Constant = 1;
};

std::optional<Term> termOf(Value *V) {
  while (auto *Cast = dyn_cast<CastInst>(V))
    if (Cast->getSrcTy()->isIntegerTy())
      V = Cast->getOperand(0);
    else
      break;
  if (auto *A = dyn_cast<Argument>(V))
    return A->getType()->isIntegerTy() ? std::optional<Term>(Term{(int)A->getArgNo(), 1})
                                       : std::nullopt;
  if (auto *C = dyn_cast<ConstantInt>(V))
    return Term{-1, C->getValue().getLimitedValue()};
  return std::nullopt;
}

// The product of Terms as a WrapperSize over the wrapper's parameters.
WrapperSize sizeFromTerms(ArrayRef<std::optional<Term>> Terms) {
  WrapperSize S;
  std::vector<int> Args;
  for (const std::optional<Term> &T : Terms) {
    if (!T)
      return WrapperSize(); // not expressible: unknown
    if (T->Arg >= 0)
      Args.push_back(T->Arg);
    else
      S.Factor *= T->Constant;
  }
  S.Known = true;
  if (Args.size() == 1)
    S.SizeArg = Args[0];
  else if (Args.size() == 2)
    S.CountArg = Args[0], S.SizeArg = Args[1];
  return S;
}

// What one returned allocation call contributes.
struct LeafFacts {
  WrapperSize Size;
  bool Reallocates = false;
  int PointerArg = -1;
};

// The facts of Leaf, an allocation call Body returns, in terms of Body's
// parameters; nothing if it is no allocation, or resizes something of its
// own.
std::optional<LeafFacts> leafFacts(Function &Body, CallBase &Leaf, const TargetLibraryInfo &TLI,
                                   const WrapperTable &Table) {
  LeafFacts L;
  auto pointerParam = [&](Value *P) -> std::optional<int> {
    if (auto *A = dyn_cast<Argument>(P->stripPointerCasts()); A && A->getParent() == &Body)
      return (int)A->getArgNo();
    return std::nullopt;
  };
  if (const WrapperInfo *W = Table.wrapperCalled(Leaf)) {
    if (W->Reallocates) {
      std::optional<int> P =
          W->PointerArg >= 0 ? pointerParam(Leaf.getArgOperand(W->PointerArg)) : std::nullopt;
      if (!P)
        return std::nullopt;
      L.Reallocates = true;
      L.PointerArg = *P;
    }
    if (W->Size.Strlen) {
      L.Size.Known = L.Size.Strlen = true;
    } else if (W->Size.Known) {
      std::vector<std::optional<Term>> Terms{Term{-1, W->Size.Factor}};
      for (int Arg : {W->Size.CountArg, W->Size.SizeArg})
        if (Arg >= 0)
          Terms.push_back(termOf(Leaf.getArgOperand(Arg)));
      L.Size = sizeFromTerms(Terms);
    }
    return L;
  }
  const AllocatorInfo *Info = classifyAllocationCall(Leaf, TLI);
  if (!Info || Info->Success != SuccessTest::NonNullResult)
    return std::nullopt;
  if (Info->reallocates()) {
    std::optional<int> P = pointerParam(Leaf.getArgOperand(Info->ResizedArg));
    if (!P)
      return std::nullopt; // resizes something of its own: not fresh memory
    L.Reallocates = true;
    L.PointerArg = *P;
  }
  switch (Info->Size) {
  case SizeRule::Argument:
    L.Size = sizeFromTerms({termOf(Leaf.getArgOperand(Info->SizeArg))});
    break;
  case SizeRule::Product:
    L.Size = sizeFromTerms({termOf(Leaf.getArgOperand(Info->CountArg)),
                            termOf(Leaf.getArgOperand(Info->SizeArg))});
    break;
  case SizeRule::ResultStrlen:
    L.Size.Known = L.Size.Strlen = true;
    break;
  }
  return L;
}

// ---------------------------------------------------------------------------
// What it does with the pointer.
// ---------------------------------------------------------------------------

enum class UseRule { Follow, Fine, Reject };

// Whether every use of Root, and of the values Rule says to follow (casts
// and the like, which carry the same pointer), is fine by Rule.
bool everyUseFine(Value *Root, function_ref<UseRule(const Use &, Instruction &)> Rule) {
  SmallVector<Value *, 8> Work{Root};
  SmallPtrSet<Value *, 8> Seen{Root};
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I)
        return false;
      switch (Rule(U, *I)) {
      case UseRule::Follow:
        if (Seen.insert(I).second)
          Work.push_back(I);
        break;
      case UseRule::Fine:
        break;
      case UseRule::Reject:
        return false;
      }
    }
  }
  return true;
}

// The fresh pointer is only returned, compared, read through, zeroed, or
// asked for its usable size: nothing else can observe or keep it.
bool isFreshPointerOnlyReturned(CallBase &Leaf) {
  return everyUseFine(&Leaf, [](const Use &U, Instruction &I) {
    if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) ||
        isa<PHINode>(I) || isa<FreezeInst>(I) || (isa<SelectInst>(I) && U.getOperandNo() != 0))
      return UseRule::Follow;
    if (isa<ICmpInst>(I) || isa<ReturnInst>(I) || isa<SelectInst>(I))
      return UseRule::Fine;
    if (auto *Load = dyn_cast<LoadInst>(&I); Load && Load->getPointerOperand() == U.get())
      return UseRule::Fine;
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB || !CB->isArgOperand(&U))
      return UseRule::Reject;
    bool First = CB->getArgOperandNo(&U) == 0;
    if (auto *II = dyn_cast<IntrinsicInst>(CB))
      return II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II) ||
                     (II->getIntrinsicID() == Intrinsic::memset && First)
                 ? UseRule::Fine
                 : UseRule::Reject;
    const Function *Callee = directCallee(*CB);
    if (!Callee || isTrustedDefinition(*Callee))
      return UseRule::Reject;
    LibraryFunction Lib = lookupLibraryFunction(Callee->getName());
    return (Lib.FillsFirstArg && First) || Lib.QueriesAllocation ? UseRule::Fine : UseRule::Reject;
  });
}

// The parameter is only compared and handed to a free: free, operator
// delete, or another free wrapper, as the pointer they free.
bool isPureFree(Argument &A, const WrapperTable &Table) {
  bool Frees = false;
  bool Pure = everyUseFine(&A, [&](const Use &U, Instruction &I) {
    if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I))
      return UseRule::Follow;
    if (isa<ICmpInst>(I) || isa<DbgInfoIntrinsic>(I))
      return UseRule::Fine;
    auto *CB = dyn_cast<CallBase>(&I);
    const Function *Callee = CB && CB->isArgOperand(&U) ? directCallee(*CB) : nullptr;
    if (!Callee)
      return UseRule::Reject;
    unsigned ArgNo = CB->getArgOperandNo(&U);
    if (!isTrustedDefinition(*Callee) && lookupLibraryFunction(Callee->getName()).QueriesAllocation)
      return UseRule::Fine;
    std::optional<unsigned> Freed = Table.argumentFreedBy(*Callee);
    if (!Freed || *Freed != ArgNo)
      return UseRule::Reject;
    Frees = true;
    return UseRule::Fine;
  });
  return Pure && Frees;
}

// The wrapper facts of F, a pure wrapper; nothing if it is not one.
std::optional<LeafFacts> pureWrapperFacts(Function &Body, const TargetLibraryInfo &TLI,
                                          const WrapperTable &Table) {
  SmallVector<CallBase *, 4> Leaves;
  if (!returnedCallsOf(Body, Leaves))
    return std::nullopt;
  std::optional<LeafFacts> Facts;
  bool SizesAgree = true;
  for (CallBase *Leaf : Leaves) {
    std::optional<LeafFacts> L = leafFacts(Body, *Leaf, TLI, Table);
    if (!L || !isFreshPointerOnlyReturned(*Leaf))
      return std::nullopt;
    if (!Facts) {
      Facts = L;
      continue;
    }
    if (L->Reallocates != Facts->Reallocates || L->PointerArg != Facts->PointerArg)
      return std::nullopt; // realloc on one path, fresh memory on another
    SizesAgree = SizesAgree && L->Size == Facts->Size;
  }
  // A size that is not one expression of the arguments (n + 8; git's
  // xmalloc retrying malloc(1) for a size of 0) would count the calls
  // with 0 bytes while their allocations, now "in-wrapper", no longer
  // count: such a function stays an ordinary one (or is named by the user).
  if (!SizesAgree || !Facts->Size.Known)
    return std::nullopt;
  return Facts;
}

} // namespace

void recogniseDefinedWrappers(Module &M, const TargetLibraryInfo &TLI, AnalysisBodies &Bodies,
                              WrapperTable &Table) {
  auto allocates = [&](CallBase &CB) { return bool(Table.allocationCalled(CB, TLI)); };
  // Each round can only add wrappers, so chains of any depth resolve.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M) {
      if (Table.wrapper(F) || !isTrustedDefinition(F) || !F.getReturnType()->isPointerTy() ||
          !callsAny(F, allocates))
        continue;
      std::optional<LeafFacts> Facts = pureWrapperFacts(*Bodies.of(F).Body, TLI, Table);
      if (!Facts)
        continue;
      std::unique_ptr<WrapperInfo> W = makeWrapper(F, Facts->Size);
      W->Reallocates = Facts->Reallocates;
      W->PointerArg = Facts->PointerArg;
      Table.addWrapper(F, std::move(W));
      Changed = true;
    }
  }
}

void recogniseDefinedFreeWrappers(Module &M, AnalysisBodies &Bodies, WrapperTable &Table) {
  auto frees = [&](CallBase &CB) {
    const Function *Callee = directCallee(CB);
    return Callee && Table.argumentFreedBy(*Callee);
  };
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M) {
      if (Table.freedArgument(F) || !isTrustedDefinition(F) || F.arg_size() == 0 ||
          !callsAny(F, frees))
        continue;
      for (Argument &A : Bodies.of(F).Body->args())
        if (A.getType()->isPointerTy() && isPureFree(A, Table)) {
          Table.addFreeWrapper(F, A.getArgNo());
          Changed = true;
          break;
        }
    }
  }
}

// The allocation calls each defined wrapper returns: their sites are
// "in-wrapper", counted again at every instrumented call of the wrapper.
void recordInWrapperSites(AnalysisBodies &Bodies, WrapperTable &Table) {
  for (auto &[F, W] : Table.wrappers()) {
    if (F->isDeclaration())
      continue;
    AnalysisBody &B = Bodies.of(*const_cast<Function *>(F));
    SmallVector<CallBase *, 4> Leaves;
    returnedCallsOf(*B.Body, Leaves);
    for (CallBase *Leaf : Leaves)
      if (CallBase *Original = B.original(Leaf))
        Table.addInnerSite(*Original, *W);
  }
}

} // namespace allocsite
