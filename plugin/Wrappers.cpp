//===- Wrappers.cpp - allocation wrappers and their frees -----------------===//
//
// See Wrappers.h for what counts as a wrapper.  STEP 1 parses the user's
// specs, STEP 2 takes attribute-declared external wrappers, STEP 3
// recognises pure wrappers defined in this translation unit (to a fixed
// point, so chains xmalloc -> do_xmalloc -> malloc resolve), STEP 4 pure
// free wrappers.
//
//===----------------------------------------------------------------------===//
#include "Wrappers.h"

#include "EscapeAnalysis.h"
#include "LLVMCompat.h"
#include "LibraryKnowledge.h"
#include "Options.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace allocsite {
namespace {

// "xmalloc" for both C's xmalloc and C++'s xmalloc(unsigned long).
std::string displayName(const Function &F) {
  std::string D = demangleName(F.getName().str());
  size_t Paren = D.find('(');
  return Paren == std::string::npos || Paren == 0 ? D : D.substr(0, Paren);
}

std::unique_ptr<WrapperInfo> makeWrapper(const Function &F, WrapperInfo::Origin From,
                                         WrapperSize Size) {
  auto W = std::make_unique<WrapperInfo>();
  W->From = From;
  W->Name = displayName(F);
  W->Symbol = F.getName().str();
  W->Size = Size;
  // The AllocatorInfo view the instrumentation and remarks share with the
  // malloc family; the size itself always comes from W->Size.
  W->Info = AllocatorInfo{W->Symbol.c_str(), W->Name.c_str(), (unsigned)F.arg_size(),
                          SuccessTest::NonNullResult, SizeRule::Argument, Size.SizeArg,
                          Size.CountArg};
  return W;
}

// glibc's functions with a malloc attribute that TargetLibraryInfo does not
// know: they return handles with their own close function, or strings whose
// size is not an argument.  The runtime's interposer counts what they
// allocate; they are not sites.
const char *const LibraryHandleConstructors[] = {
    "fopencookie", "fmemopen", "open_memstream", "open_wmemstream", "fdopendir", "iconv_open",
    "tempnam", "tmpnam", "wcsdup", "canonicalize_file_name", "get_current_dir_name",
    "fopen64", "tmpfile64", "freopen64", "popen", "fdopen", "opendir", "tmpfile",
};

// ---------------------------------------------------------------------------
// STEP 1: user specs.  NAME, NAME:N or NAME:N*M for allocators; NAME or
// NAME:N for frees.  Argument numbers count from 0, like the ABI's.
// ---------------------------------------------------------------------------
struct Spec {
  std::string Name;
  int A = -1, B = -1; // NAME:A or NAME:A*B
};

std::optional<int> parseIndex(StringRef S) {
  unsigned V;
  if (S.empty() || S.getAsInteger(10, V) || V > 255)
    return std::nullopt;
  return (int)V;
}

// Parses one spec; on failure returns the reason.
std::optional<std::string> parseSpec(StringRef Text, bool AllowProduct, Spec &Out) {
  auto [Name, Args] = Text.split(':');
  Name = Name.trim();
  if (Name.empty())
    return std::string("no function name");
  Out.Name = Name.str();
  if (!Text.contains(':'))
    return std::nullopt;
  auto [First, Second] = Args.split('*');
  std::optional<int> A = parseIndex(First.trim());
  if (!A)
    return "'" + First.str() + "' is not an argument number (0, 1, ...)";
  Out.A = *A;
  if (Args.contains('*')) {
    if (!AllowProduct)
      return std::string("a free wrapper takes one argument number");
    std::optional<int> B = parseIndex(Second.trim());
    if (!B)
      return "'" + Second.str() + "' is not an argument number (0, 1, ...)";
    Out.B = *B;
  }
  return std::nullopt;
}

// The function a user spec names, or null: when this module has none (it is
// another translation unit's concern) or the spec is bad, which is reported
// as an error and clears Valid.
Function *namedFunction(Module &M, const std::string &Text, bool ForFree, Spec &S, bool &Valid) {
  if (std::optional<std::string> Bad = parseSpec(Text, /*AllowProduct=*/!ForFree, S)) {
    M.getContext().emitError(
        "allocsite: invalid " + std::string(ForFree ? "free" : "allocation") + " wrapper '" +
        Text + "' (" +
        (ForFree ? "-allocsite-free-wrapper / ALLOCSITE_FREE_WRAPPERS): "
                 : "-allocsite-wrapper / ALLOCSITE_WRAPPERS): ") +
        *Bad +
        (ForFree ? "; expected NAME or NAME:POINTERARG"
                 : "; expected NAME, NAME:SIZEARG or NAME:COUNTARG*SIZEARG"));
    Valid = false;
    return nullptr;
  }
  return M.getFunction(S.Name);
}

// ---------------------------------------------------------------------------
// STEP 3 helpers: what a pure wrapper returns, and what its size is.
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

// The function a call calls directly, or null.
const Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
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

} // namespace

WrapperTable::~WrapperTable() = default;

const WrapperInfo *WrapperTable::wrapper(const Function &F) const {
  auto It = Wrappers.find(&F);
  return It == Wrappers.end() ? nullptr : It->second.get();
}

const WrapperInfo *WrapperTable::wrapperCalled(const CallBase &CB) const {
  const Function *Callee = directCallee(CB);
  const WrapperInfo *W = Callee ? wrapper(*Callee) : nullptr;
  if (!W)
    return nullptr;
  // The call itself must supply the arguments the size is taken from.
  FunctionType *FT = CB.getFunctionType();
  if (!FT->getReturnType()->isPointerTy())
    return nullptr;
  for (int Arg : {W->Size.CountArg, W->Size.SizeArg, W->PointerArg})
    if (Arg >= 0 && (unsigned)Arg >= CB.arg_size())
      return nullptr;
  return W;
}

std::optional<unsigned> WrapperTable::freedArgument(const Function &F) const {
  auto It = Frees.find(&F);
  return It == Frees.end() ? std::nullopt : std::optional<unsigned>(It->second);
}

std::optional<unsigned> WrapperTable::argumentFreedBy(const Function &Callee) const {
  if (std::optional<unsigned> Freed = freedArgument(Callee))
    return Freed;
  if (!isTrustedDefinition(Callee) &&
      lookupLibraryFunction(Callee.getName()).Effect == LibraryEffect::Frees)
    return 0;
  return std::nullopt;
}

const WrapperInfo *WrapperTable::returnedByWrapper(const CallBase &CB) const {
  auto It = InnerSites.find(&CB);
  return It == InnerSites.end() ? nullptr : It->second;
}

WrapperTable::WrapperTable(Module &M, FunctionAnalysisManager &FAM, EscapeAnalysis &EA) {
  LLVMContext &Ctx = M.getContext();
  const Function *AnyDefinition = nullptr;
  for (Function &F : M)
    if (!F.isDeclaration()) {
      AnyDefinition = &F;
      break;
    }
  if (!AnyDefinition)
    return;
  const TargetLibraryInfo &TLI =
      FAM.getResult<TargetLibraryAnalysis>(const_cast<Function &>(*AnyDefinition));

  // STEP 1: named by the user.  They win over everything else.
  for (const std::string &Text : userWrapperSpecs()) {
    Spec S;
    Function *F = namedFunction(M, Text, /*ForFree=*/false, S, Valid);
    if (!F)
      continue;
    if (!F->getReturnType()->isPointerTy()) {
      Ctx.emitError("allocsite: allocation wrapper '" + Text + "': '" + S.Name +
                    "' does not return a pointer");
      Valid = false;
      continue;
    }
    bool ArgsOk = true;
    for (int Arg : {S.A, S.B})
      if (Arg >= 0 &&
          ((unsigned)Arg >= F->arg_size() || !F->getArg(Arg)->getType()->isIntegerTy())) {
        Ctx.emitError("allocsite: allocation wrapper '" + Text + "': argument " +
                      std::to_string(Arg) + " of '" + S.Name +
                      "' (counting from 0) is not an integer parameter; it has " +
                      std::to_string(F->arg_size()) + " parameter(s)");
        ArgsOk = false;
      }
    if (!ArgsOk) {
      Valid = false;
      continue;
    }
    WrapperSize Size;
    if (S.A >= 0) {
      Size.Known = true;
      if (S.B >= 0)
        Size.CountArg = S.A, Size.SizeArg = S.B;
      else
        Size.SizeArg = S.A;
    }
    Wrappers[F] = makeWrapper(*F, WrapperInfo::Origin::Named, Size);
  }
  for (const std::string &Text : userFreeWrapperSpecs()) {
    Spec S;
    Function *F = namedFunction(M, Text, /*ForFree=*/true, S, Valid);
    if (!F)
      continue;
    unsigned Arg = S.A >= 0 ? S.A : 0;
    if (Arg >= F->arg_size() || !F->getArg(Arg)->getType()->isPointerTy()) {
      Ctx.emitError("allocsite: free wrapper '" + Text + "': argument " + std::to_string(Arg) +
                    " of '" + S.Name + "' (counting from 0) is not a pointer parameter");
      Valid = false;
      continue;
    }
    Frees[F] = Arg;
  }
  if (!Valid)
    return;

  // STEP 2: declared with __attribute__((malloc)) or alloc_size.
  StringSet<> Excluded;
  for (const char *Name : LibraryHandleConstructors)
    Excluded.insert(Name);
  for (Function &F : M) {
    if (Wrappers.count(&F) || isTrustedDefinition(F) || F.isIntrinsic() ||
        !F.getReturnType()->isPointerTy())
      continue;
    LibFunc LF;
    if (TLI.getLibFunc(F.getName(), LF) || lookupAllocatorSymbol(F.getName()) ||
        lookupLibraryFunction(F.getName()).Effect != LibraryEffect::Unknown ||
        Excluded.count(F.getName()))
      continue;
    bool NoAlias = F.hasRetAttribute(Attribute::NoAlias);
    Attribute AllocSize = F.getFnAttribute(Attribute::AllocSize);
    if (!NoAlias && !AllocSize.isValid())
      continue;
    WrapperSize Size;
    if (AllocSize.isValid()) {
      auto Args = AllocSize.getAllocSizeArgs();
      Size.Known = true;
      if (Args.second)
        Size.CountArg = (int)*Args.second, Size.SizeArg = (int)Args.first;
      else
        Size.SizeArg = (int)Args.first;
    }
    std::unique_ptr<WrapperInfo> W = makeWrapper(F, WrapperInfo::Origin::Attribute, Size);
    // alloc_size without malloc promises a size, not fresh memory: with a
    // pointer parameter it may be realloc-like, so it is judged as one.
    if (!NoAlias)
      for (Argument &A : F.args())
        if (A.getType()->isPointerTy())
          W->Reallocates = true;
    Wrappers[&F] = std::move(W);
  }

  // Necessary conditions tested on a function itself before asking for its
  // analysis body, which at -O0 is a copy rewritten to SSA and costs far
  // more (most of the pass's time on stb_image.h at -O0): a wrapper returns
  // what an allocator or a wrapper returned, a free wrapper hands its
  // argument to a free.  The copy makes the same calls, so the answers do
  // not change.
  auto callsAny = [](Function &F, auto &&Pred) {
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I); CB && Pred(*CB))
        return true;
    return false;
  };
  auto allocates = [&](CallBase &CB) {
    return wrapperCalled(CB) || classifyAllocationCall(CB, TLI);
  };
  auto frees = [&](CallBase &CB) {
    const Function *Callee = directCallee(CB);
    return Callee && argumentFreedBy(*Callee);
  };

  // STEP 3: pure wrappers defined here, to a fixed point (each round can only
  // add wrappers, so chains of any depth resolve).
  auto leafFacts = [&](Function &Body, CallBase &Leaf) -> std::optional<LeafFacts> {
    LeafFacts L;
    auto pointerParam = [&](Value *P) -> std::optional<int> {
      if (auto *A = dyn_cast<Argument>(P->stripPointerCasts()); A && A->getParent() == &Body)
        return (int)A->getArgNo();
      return std::nullopt;
    };
    if (const WrapperInfo *W = wrapperCalled(Leaf)) {
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
  };

  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M) {
      if (Wrappers.count(&F) || !isTrustedDefinition(F) || !F.getReturnType()->isPointerTy() ||
          !callsAny(F, allocates))
        continue;
      Function &Body = EA.analysisBody(F);
      SmallVector<CallBase *, 4> Leaves;
      if (!returnedCallsOf(Body, Leaves))
        continue;
      std::optional<LeafFacts> Facts;
      bool Ok = true, SizesAgree = true;
      for (CallBase *Leaf : Leaves) {
        std::optional<LeafFacts> L = leafFacts(Body, *Leaf);
        if (!L || !isFreshPointerOnlyReturned(*Leaf)) {
          Ok = false;
          break;
        }
        if (!Facts) {
          Facts = L;
          continue;
        }
        if (L->Reallocates != Facts->Reallocates || L->PointerArg != Facts->PointerArg) {
          Ok = false; // realloc on one path, fresh memory on another
          break;
        }
        SizesAgree = SizesAgree && L->Size == Facts->Size;
      }
      // A size that is not one expression of the arguments (n + 8; git's
      // xmalloc retrying malloc(1) for a size of 0) would count the calls
      // with 0 bytes while their allocations, now "in-wrapper", no longer
      // count: such a function stays an ordinary one (or is named by the user).
      if (!Ok || !SizesAgree || !Facts->Size.Known)
        continue;
      std::unique_ptr<WrapperInfo> W = makeWrapper(F, WrapperInfo::Origin::Defined, Facts->Size);
      W->Reallocates = Facts->Reallocates;
      W->PointerArg = Facts->PointerArg;
      Wrappers[&F] = std::move(W);
      Changed = true;
    }
  }

  // STEP 4: pure free wrappers defined here, to a fixed point.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Function &F : M) {
      if (Frees.count(&F) || !isTrustedDefinition(F) || F.arg_size() == 0 || !callsAny(F, frees))
        continue;
      Function &Body = EA.analysisBody(F);
      for (Argument &A : Body.args())
        if (A.getType()->isPointerTy() && isPureFree(A)) {
          Frees[&F] = A.getArgNo();
          Changed = true;
          break;
        }
    }
  }

  // The allocation calls each defined wrapper returns: their sites are
  // "in-wrapper", counted again at every instrumented call of the wrapper.
  for (auto &[F, W] : Wrappers) {
    if (F->isDeclaration())
      continue;
    Function &Body = EA.analysisBody(*const_cast<Function *>(F));
    SmallVector<CallBase *, 4> Leaves;
    returnedCallsOf(Body, Leaves);
    for (CallBase *Leaf : Leaves)
      if (CallBase *Original = EA.originalCall(*const_cast<Function *>(F), Leaf))
        InnerSites[Original] = W.get();
  }
}

namespace {

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

} // namespace

// The fresh pointer is only returned, compared, read through, zeroed, or
// asked for its usable size: nothing else can observe or keep it.
bool WrapperTable::isFreshPointerOnlyReturned(CallBase &Leaf) const {
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
    StringRef Name = Callee->getName();
    bool Zeroes = Name == "memset" || Name == "bzero" || Name == "explicit_bzero";
    return (Zeroes && First) || Name == "malloc_usable_size" ? UseRule::Fine : UseRule::Reject;
  });
}

// The parameter is only compared and handed to a free: free, operator
// delete, or another free wrapper, as the pointer they free.
bool WrapperTable::isPureFree(Argument &A) const {
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
    if (!isTrustedDefinition(*Callee) && Callee->getName() == "malloc_usable_size")
      return UseRule::Fine;
    std::optional<unsigned> Freed = argumentFreedBy(*Callee);
    if (!Freed || *Freed != ArgNo)
      return UseRule::Reject;
    Frees = true;
    return UseRule::Fine;
  });
  return Pure && Frees;
}

} // namespace allocsite
