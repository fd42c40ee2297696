//===- EscapeAnalysis.cpp - can an allocation live on the stack? ----------===//
//
// See EscapeAnalysis.h for the model.  STEP 1 makes the analysis bodies and
// recognises the wrappers, STEP 2 judges each allocation call on its own
// (size, then AddressTracker), STEP 3 applies the rules between calls.
// The printer pass is at the end.
//
//===----------------------------------------------------------------------===//
#include "EscapeAnalysis.h"

#include "ModuleCalls.h"

#include "AddressTracker.h"
#include "AnalysisBodies.h"
#include "LLVMCompat.h"
#include "ModuleCalls.h"
#include "Options.h"
#include "ParamSummaries.h"
#include "SiteIdentity.h"
#include "Wrappers.h"

#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace llvm;

namespace allocsite {

AnalysisKey EscapeAnalysis::Key;

namespace {

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

// The requested size of a call when it is a compile-time constant.
std::optional<uint64_t> constantSize(CallBase &Call, const AllocatorInfo &Info,
                                     const WrapperInfo *W, const DataLayout &DL) {
  auto Arg = [&](int I) { return foldToConstant(Call.getArgOperand(I), DL); };
  if (W) {
    if (!W->Size.Known || W->Size.Strlen)
      return std::nullopt;
    uint64_t Bytes = W->Size.Factor;
    for (int I : {W->Size.CountArg, W->Size.SizeArg})
      if (I >= 0) {
        std::optional<uint64_t> C = Arg(I);
        if (!C)
          return std::nullopt;
        Bytes *= *C;
      }
    return Bytes;
  }
  if (Info.Size == SizeRule::Argument)
    return Arg(Info.SizeArg);
  if (Info.Size == SizeRule::Product)
    if (std::optional<uint64_t> N = Arg(Info.CountArg), S = Arg(Info.SizeArg); N && S)
      return *N * *S;
  return std::nullopt;
}

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
  bool ShowValues = Size.has_value();
  if (W) {
    // A wrapper shows the arguments its size is made of: "xmalloc(48)",
    // "xcalloc(4, 12)", "new_token()" for a fixed size.
    if (W->Size.CountArg >= 0)
      Shown = {{"Count", W->Size.CountArg}, {"ElementSize", W->Size.SizeArg}};
    else if (W->Size.SizeArg >= 0)
      Shown = {{W->Size.Factor == 1 ? "Size" : "Count", W->Size.SizeArg}};
    if (W->Reallocates && W->PointerArg >= 0)
      Shown.insert(Shown.begin(), {"Pointer", W->PointerArg});
    ShowValues = W->Size.Known && !W->Size.Strlen && (Size || Shown.empty());
  } else {
    // In the order C's allocators take them: the pointer resized, the
    // alignment, then the size.
    if (Info.reallocates())
      Shown.push_back({"Pointer", Info.ResizedArg});
    if (Info.AlignArg >= 0 && !Info.has(NewExpression))
      Shown.push_back({"Alignment", Info.AlignArg});
    if (Info.Size == SizeRule::Argument)
      Shown.push_back({"Size", Info.SizeArg});
    else if (Info.Size == SizeRule::Product)
      Shown.insert(Shown.end(), {{"Count", Info.CountArg}, {"ElementSize", Info.SizeArg}});
    else
      Shown.clear(); // strlen(result) + 1
    ShowValues = ShowValues && !Shown.empty();
  }
  if (!ShowValues) {
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

Explanation because(Reason Why, const Instruction *At = nullptr) {
  Explanation E;
  E.Why = Why;
  E.Loc = At ? At->getDebugLoc().get() : nullptr;
  return E;
}

// ---------------------------------------------------------------------------
// STEP 2: one call on its own.
// ---------------------------------------------------------------------------
class CallJudge {
public:
  CallJudge(AnalysisContext &Ctx, FunctionAnalysisManager &FAM, uint64_t MaxStackSize,
            uint64_t StackBuffer)
      : Ctx(Ctx), FAM(FAM), MaxStackSize(MaxStackSize), StackBuffer(StackBuffer) {}
  Verdict judge(CallBase &Site, const AllocatorInfo &Info, const WrapperInfo *W);

private:
  AnalysisContext &Ctx;
  FunctionAnalysisManager &FAM;
  uint64_t MaxStackSize;
  uint64_t StackBuffer; // for a size that is not constant; 0: none
};

Verdict CallJudge::judge(CallBase &Site, const AllocatorInfo &Info, const WrapperInfo *W) {
  Verdict V;
  Function &F = *Site.getFunction();
  AnalysisBody &FC = Ctx.Bodies.of(F);
  auto *Copy = dyn_cast_or_null<CallBase>(FC.inBody(&Site));
  const DataLayout &DL = F.getParent()->getDataLayout();
  std::optional<uint64_t> Size = Copy ? constantSize(*Copy, Info, W, DL) : std::nullopt;
  if (W)
    V.Wrapper = W->Name;
  describeCall(V, Copy ? *Copy : Site, Info, W, DL, Size);
  auto heap = [&](Explanation Why) {
    V.K = Verdict::Kind::Heap;
    V.Why = std::move(Why);
    return V;
  };

  // The size and kind of allocation first: they need no flow.
  if (!Copy)
    return heap(because(Reason::CopyLostCall));
  if (Info.Success == SuccessTest::ZeroStatus) {
    Explanation E = because(Reason::ReturnedThroughMemory, Copy);
    E.Subject = Info.Symbol;
    return heap(E);
  }
  if (W ? W->Reallocates : Info.reallocates())
    return heap(because(Reason::Reallocated, Copy));
  // A size that is not constant is no obstacle to the escape question: if
  // the address stays local, a stack buffer can serve the sizes that fit
  // (promotable if small).  A wrapper whose size is unknown has no size to
  // compare with the buffer's.
  if (!Size && (!StackBuffer || (W && !W->Size.Known)))
    return heap(because(Reason::NonConstantSize));
  if (Size && *Size > MaxStackSize) {
    Explanation E = because(Reason::TooLarge);
    E.Numbers[0] = *Size;
    E.Numbers[1] = MaxStackSize;
    return heap(E);
  }

  const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
  AddressTracker T(Ctx, FC, TLI, AddressTracker::Mode::Site, Copy);
  if (std::optional<Finding> Esc = T.run()) {
    V.Flow = T.flowTo(Esc->Via);
    if (Esc->At)
      V.Flow.push_back({reasonCode(Esc->Why), 0, Esc->At->getDebugLoc().get()});
    if (Esc->Callee)
      V.InCallee = Ctx.Summaries.explain(*Esc->Callee, Esc->CalleeArg);
    return heap(Esc->explain());
  }
  V.K = Size ? Verdict::Kind::Promotable : Verdict::Kind::PromotableIfSmall;
  if (!Size)
    V.Why = because(Reason::NonConstantSize);
  else if (!T.Frees)
    V.Why = because(Reason::NeverFreed);
  for (const CallBase *Other : T.CoFreed)
    V.CoFreed.push_back(FC.original(Other));
  for (auto &[Free, Freed] : T.localFrees()) {
    V.Frees.push_back(FC.original(Free));
    V.FreesOnlyIt.push_back(Freed->stripPointerCasts() == Copy);
    unsigned Arg = ~0u; // not found: guarded promotion refuses the site
    for (unsigned I = 0; I < Free->arg_size() && Arg == ~0u; I++)
      if (Free->getArgOperand(I) == Freed)
        Arg = I;
    V.FreedArg.push_back(Arg);
  }
  for (auto &[Realloc, Resized] : T.localReallocs())
    V.Reallocs.push_back(FC.original(Realloc));
  V.Size = Size ? *Size : StackBuffer;
  if (Info.AlignArg >= 0)
    if (std::optional<uint64_t> A = foldToConstant(Copy->getArgOperand(Info.AlignArg), DL))
      V.RequestedAlignment = *A;
  return V;
}

// ---------------------------------------------------------------------------
// STEP 3: the rules between calls.
// ---------------------------------------------------------------------------

// An allocation a wrapper returns is judged where the wrapper is called;
// its own verdict says so instead of giving the wrapper's (always heap) reason.
void judgeInWrapper(Verdict &V, const WrapperInfo &Outer) {
  V.K = Verdict::Kind::Heap;
  V.Why = because(Reason::ReturnedByWrapper);
  V.Why.Subject = Outer.Name;
  V.Flow.clear();
  V.InCallee.reset();
  V.CoFreed.clear();
}

// Sites whose frees may free each other's objects are promotable together
// or not at all: one heap site among them makes the rest heap.  Partners
// must also be of one kind: a shared free is deleted when every object it
// may free is a stack slot, and guarded when every one may be a buffer or
// the heap's (free unless it is one of the partners' buffers, each
// partner's guard nested in the next's); a slot and a guarded buffer
// together would need both, and stay heap.  (-O2's loop rotation copies an
// allocation before the loop and into its latch, the copies sharing one
// free after it.)
void settleJointFrees(std::vector<JudgedCall> &Calls,
                      const DenseMap<const CallBase *, unsigned> &IndexOf) {
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (JudgedCall &C : Calls) {
      Verdict &V = C.Own;
      if (!V.staysLocal())
        continue;
      for (CallBase *Other : V.CoFreed) {
        auto It = Other ? IndexOf.find(Other) : IndexOf.end();
        if (It != IndexOf.end() && Calls[It->second].Own.staysLocal() &&
            Calls[It->second].Own.promotable() == V.promotable())
          continue;
        V.K = Verdict::Kind::Heap;
        V.Why = because(Reason::FreedWithHeapSite, Other);
        V.Why.OtherSite = Other;
        Changed = true;
        break;
      }
    }
  }
}

// A site's verdict over its calls: heap if any call is, for the first heap
// call's reason; never freed only if no call is freed.
void mergeVerdict(Verdict &Into, const Verdict &Copy) {
  if (Into.heap())
    return;
  // Heap wins, then promotable-if-small (a copy whose size the optimiser
  // folded to a constant does not make the site's size constant).
  if (Copy.heap() || (Copy.promotableIfSmall() && !Into.promotableIfSmall())) {
    Into = Copy;
    return;
  }
  if (Into.neverFreed() && !Copy.neverFreed())
    Into.Why = Explanation();
}

} // namespace

// ---------------------------------------------------------------------------
// The analysis.
// ---------------------------------------------------------------------------
EscapeResult EscapeAnalysis::run(Module &M, ModuleAnalysisManager &MAM) {
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  EscapeResult R;
  // STEP 1: wrappers first, read-only afterwards.  The bodies, and with
  // them every copy the analysis made, go at the end of this function.
  AnalysisBodies Bodies(M);
  R.Wrappers = std::make_unique<WrapperTable>(M, FAM, Bodies);
  if (!R.valid())
    return R;
  ParamSummaries Summaries(Bodies, *R.Wrappers, FAM);
  AnalysisContext Ctx{Bodies, *R.Wrappers, Summaries};
  CallJudge Judge(Ctx, FAM, maxStackSize(), stackBufferSize());

  // STEP 2: every allocation call, in IR order (ModuleCalls.h).
  forEachCall(M, FAM, [&](CallBase &CB, const TargetLibraryInfo &TLI) {
    AllocationCall A = R.Wrappers->allocationCalled(CB, TLI);
    if (!A)
      return;
    R.IndexOf[&CB] = R.Calls.size();
    R.Calls.push_back({&CB, A.Allocator, A.Wrapper, Judge.judge(CB, *A.Allocator, A.Wrapper)});
  });

  // STEP 3: the rules between calls, in this order: an in-wrapper site is
  // heap whatever else holds, and a heap site makes its joint-free partners
  // heap (before copies of one site are merged, on request: siteVerdict).
  for (JudgedCall &C : R.Calls)
    if (const WrapperInfo *Outer = R.Wrappers->returnedByWrapper(*C.Call))
      judgeInWrapper(C.Own, *Outer);
  settleJointFrees(R.Calls, R.IndexOf);

  for (const ParamSummaries::Made &S : Summaries.made())
    if (S.F->getArg(S.Arg)->getType()->isPointerTy())
      R.Summaries.push_back({S.F, S.Arg, S.S->Escapes, S.S->Frees, S.S->Returned,
                             S.S->Why ? S.S->Why->explain() : Explanation()});
  return R;
}

bool EscapeResult::valid() const { return Wrappers && Wrappers->valid(); }

const JudgedCall *EscapeResult::call(const CallBase &CB) const {
  auto It = IndexOf.find(&CB);
  return It == IndexOf.end() ? nullptr : &Calls[It->second];
}

Verdict EscapeResult::siteVerdict(ArrayRef<const CallBase *> Calls) const {
  Verdict V;
  bool First = true;
  for (const CallBase *CB : Calls)
    if (const JudgedCall *J = call(*CB)) {
      if (First)
        V = J->Own;
      else
        mergeVerdict(V, J->Own);
      First = false;
    }
  return V;
}

// ---------------------------------------------------------------------------
// The printer.
// ---------------------------------------------------------------------------
namespace {

std::string sizeText(const WrapperInfo &W) {
  if (!W.Size.Known)
    return "bytes unknown";
  if (W.Size.Strlen)
    return "bytes = strlen(result) + 1";
  std::string S;
  if (W.Size.Factor != 1 || (W.Size.CountArg < 0 && W.Size.SizeArg < 0))
    S = std::to_string(W.Size.Factor);
  for (int Arg : {W.Size.CountArg, W.Size.SizeArg})
    if (Arg >= 0)
      S += (S.empty() ? "" : " * ") + ("argument " + std::to_string(Arg));
  return "bytes = " + S;
}

std::string nameOf(const Function &F) { return demangleName(F.getName().str()); }

} // namespace

void EscapeResult::print(raw_ostream &OS, const Module &M) const {
  OS << "allocsite escape analysis of module '" << M.getModuleIdentifier() << "'\n";
  if (!valid()) {
    OS << "  no verdicts: a wrapper spec is invalid\n";
    return;
  }
  for (const Function &F : M) {
    if (const WrapperInfo *W = Wrappers->wrapper(F)) {
      OS << "  wrapper " << W->Name << ": ";
      if (W->Reallocates)
        OS << "resizes argument " << W->PointerArg << ", ";
      OS << sizeText(*W) << "\n";
    }
    if (std::optional<unsigned> Arg = Wrappers->freedArgument(F))
      OS << "  free wrapper " << nameOf(F) << ": frees argument " << *Arg << "\n";
  }
  for (const SummaryLine &S : Summaries) {
    OS << "  summary " << nameOf(*S.F) << ", parameter " << S.Arg + 1 << ":";
    if (!S.Escapes && !S.Frees && !S.Returned)
      OS << " nothing";
    if (S.Escapes)
      OS << " escapes (" << S.Why.message() << ")";
    if (S.Frees)
      OS << " frees";
    if (S.Returned)
      OS << " returned";
    OS << "\n";
  }
  for (size_t I = 0; I < Calls.size(); I++) {
    const JudgedCall &C = Calls[I];
    const Verdict &V = C.Own;
    OS << "  call " << I + 1 << " in " << nameOf(*C.Call->getFunction());
    if (std::string Loc = formatSourceLocation(C.Call->getDebugLoc().get()); !Loc.empty())
      OS << " at " << Loc;
    OS << ": " << V.Call << ": "
       << (V.promotable()          ? "promotable"
           : V.promotableIfSmall() ? "promotable-if-small, up to " + std::to_string(V.Size) +
                                         " bytes"
           : V.heap()              ? "heap"
                                   : "unknown");
    if (*V.code())
      OS << ", " << V.code() << ": " << V.message();
    if (V.movedByRealloc())
      OS << ", moved to the heap by " << V.Reallocs.size() << " realloc(s)";
    if (V.staysLocal() && !V.CoFreed.empty()) {
      OS << ", freed together with";
      for (const CallBase *Other : V.CoFreed) {
        auto It = Other ? IndexOf.find(Other) : IndexOf.end();
        OS << (It == IndexOf.end() ? std::string(" an unknown call")
                                   : " call " + std::to_string(It->second + 1));
      }
    }
    OS << "\n";
    if (V.hasFlow())
      OS << "    flow: " << V.flowText() << "\n";
  }
}

PreservedAnalyses EscapePrinter::run(Module &M, ModuleAnalysisManager &MAM) {
  MAM.getResult<EscapeAnalysis>(M).print(OS, M);
  return PreservedAnalyses::all();
}

} // namespace allocsite
