//===- CallOrigins.cpp - where each call was written, before merges -------===//
#include "CallOrigins.h"

#include "AllocatorTable.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;

namespace allocsite {
namespace {

constexpr const char *OriginKind = "allocsite.origin";
constexpr const char *OriginListName = "allocsite.origins";

// Operands of an origin tuple; the call's constant arguments follow.
enum { OpScope, OpLine, OpColumn, OpCallee, OpFirstArg };

const Function *directCallee(const CallBase &C) {
  return dyn_cast<Function>(C.getCalledOperand()->stripPointerCasts());
}

// Calls that may become sites: allocators, and wrappers of them (which
// return a pointer; wrapper recognition itself needs the optimised IR); and
// calls that may be inlined (of functions defined here, whatever they
// return: std::make_unique returns through an sret argument), whose call
// sites become the inlined-at frames of the sites inside them.
bool mayLeadToSite(const CallBase &C) {
  const Function *Callee = directCallee(C);
  if (!Callee || Callee->isIntrinsic() || !(isa<CallInst>(C) || isa<InvokeInst>(C)))
    return false;
  return !Callee->isDeclaration() || C.getType()->isPointerTy() ||
         lookupAllocatorSymbol(Callee->getName());
}

unsigned intOperand(const MDNode *N, unsigned I) {
  return unsigned(mdconst::extract<ConstantInt>(N->getOperand(I))->getZExtValue());
}

const DILocalScope *scopeOf(const MDNode *N) { return cast<DILocalScope>(N->getOperand(OpScope)); }
StringRef calleeOf(const MDNode *N) { return cast<MDString>(N->getOperand(OpCallee))->getString(); }

// The name calls of SP's function use (what origins record as callee).
StringRef irName(const DISubprogram *SP) {
  return SP->getLinkageName().empty() ? SP->getName() : SP->getLinkageName();
}

// Could the call C have been made from the call recorded in N?  The same
// callee, the same number of arguments, and no constant argument that
// differs (a merge keeps equal constants; unequal ones become a phi).
bool sameCall(const MDNode *N, const CallBase &C) {
  const Function *Callee = directCallee(C);
  if (!Callee || calleeOf(N) != Callee->getName() ||
      N->getNumOperands() != OpFirstArg + C.arg_size())
    return false;
  for (unsigned I = 0; I < C.arg_size(); I++) {
    const auto *Recorded = mdconst::dyn_extract_or_null<ConstantInt>(N->getOperand(OpFirstArg + I));
    const auto *Now = dyn_cast<ConstantInt>(C.getArgOperand(I));
    if (Recorded && Now && Recorded->getValue() != Now->getValue())
      return false;
  }
  return true;
}

bool within(const DIScope *Inner, const DIScope *Outer) {
  for (const DIScope *S = Inner; S; S = S->getScope())
    if (S == Outer)
      return true;
  return false;
}

} // namespace

CallOrigins::Frame CallOrigins::Frame::of(const MDNode *Origin, const DILocation *InlinedAt) {
  return {scopeOf(Origin), intOperand(Origin, OpLine), intOperand(Origin, OpColumn), InlinedAt};
}

bool CallOrigins::Frame::before(const Frame &O) const {
  return std::make_tuple(Line, Column, Scope->getFilename()) <
         std::make_tuple(O.Line, O.Column, O.Scope->getFilename());
}

const DILocation *CallOrigins::chain(LLVMContext &Ctx, const std::vector<Frame> &Frames) {
  DILocation *Loc = nullptr;
  for (auto It = Frames.rbegin(); It != Frames.rend(); ++It)
    Loc = DILocation::get(Ctx, It->Line, It->Column, const_cast<DILocalScope *>(It->Scope), Loc);
  return Loc;
}

PreservedAnalyses RecordCallOrigins::run(Module &M, ModuleAnalysisManager &) {
  // Recorded already, before an earlier pipeline that may have merged calls
  // (the compile steps of a whole-program -flto link, WholeProgram.h):
  // recording again would give merged calls origins of their own.
  if (M.getNamedMetadata(OriginListName))
    return PreservedAnalyses::all();
  LLVMContext &Ctx = M.getContext();
  Type *I32 = Type::getInt32Ty(Ctx);
  NamedMDNode *List = nullptr;
  for (Function &F : M) {
    for (Instruction &I : instructions(F)) {
      auto *C = dyn_cast<CallBase>(&I);
      const DILocation *Loc = C ? C->getDebugLoc().get() : nullptr;
      if (!Loc || !mayLeadToSite(*C))
        continue;
      SmallVector<Metadata *, 8> Ops = {
          Loc->getScope(), ConstantAsMetadata::get(ConstantInt::get(I32, Loc->getLine())),
          ConstantAsMetadata::get(ConstantInt::get(I32, Loc->getColumn())),
          MDString::get(Ctx, directCallee(*C)->getName())};
      for (Value *Arg : C->args())
        Ops.push_back(isa<ConstantInt>(Arg) ? ConstantAsMetadata::get(cast<ConstantInt>(Arg))
                                            : nullptr);
      MDNode *Origin = MDTuple::get(Ctx, Ops);
      C->setMetadata(OriginKind, Origin);
      if (!List)
        List = M.getOrInsertNamedMetadata(OriginListName);
      List->addOperand(Origin);
    }
  }
  // Metadata only: every analysis still holds.
  return PreservedAnalyses::all();
}

CallOrigins::CallOrigins(Module &M) {
  NamedMDNode *List = M.getNamedMetadata(OriginListName);
  if (!List)
    return;
  Recorded = true;
  std::set<const MDNode *> Seen; // equal calls at one position share a tuple
  for (const MDNode *N : List->operands())
    if (Seen.insert(N).second) {
      const DISubprogram *SP = scopeOf(N)->getSubprogram();
      BySubprogram[SP].push_back(N);
      SubprogramNamed[irName(SP)] = SP;
    }
  for (auto &[SP, Calls] : BySubprogram)
    std::stable_sort(Calls.begin(), Calls.end(), [](const MDNode *A, const MDNode *B) {
      return Frame::of(A, nullptr).before(Frame::of(B, nullptr));
    });
  M.eraseNamedMetadata(List);
  unsigned Kind = M.getContext().getMDKindID(OriginKind);
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      const MDNode *N = I.getMetadata(Kind);
      if (!N)
        continue;
      if (auto *C = dyn_cast<CallBase>(&I)) {
        OriginOf[C] = N;
        const DILocation *Loc = C->getDebugLoc().get();
        Present[&F].insert({N, Loc ? Loc->getInlinedAt() : nullptr});
      }
      I.setMetadata(Kind, nullptr);
    }
}

// The frames, innermost first, from a recorded call that Like accepts up
// to a call of the function named Callee (excluded), through the first such
// call in source order; empty when none.  Memo holds the answer for every
// function asked about (empty while it is being asked: recursion).
const std::vector<CallOrigins::Frame> &
CallOrigins::below(StringRef Callee, function_ref<bool(const MDNode *)> Like,
                   std::map<StringRef, std::vector<Frame>> &Memo) const {
  auto [Known, New] = Memo.try_emplace(Callee);
  auto Named = SubprogramNamed.find(Callee);
  if (!New || Named == SubprogramNamed.end())
    return Known->second;
  for (const MDNode *N : BySubprogram.at(Named->second)) { // in source order
    if (!intOperand(N, OpLine))
      continue;
    std::vector<Frame> Below;
    if (!Like(N)) {
      Below = below(calleeOf(N), Like, Memo);
      if (Below.empty())
        continue;
    }
    Below.push_back(Frame::of(N, nullptr));
    return Memo[Callee] = std::move(Below);
  }
  return Known->second;
}

// The calls that C's frame Level (with line 0, or C's own frame when it
// lost its origin) may stand for, each as a whole location, in source order
// of their frame at Level.
std::vector<CallOrigins::Found> CallOrigins::mergedAt(const CallBase &C,
                                                      const std::vector<Frame> &Frames,
                                                      unsigned Level) const {
  const Frame &At = Frames[Level];
  auto Written = BySubprogram.find(At.Scope->getSubprogram());
  if (Written == BySubprogram.end())
    return {};
  // STEP 1: the recorded calls the merged frame can stand for.  A merged
  // frame keeps a line only when all merged calls had it (and a column
  // only when all had that too); its scope is their nearest common scope.
  // Above the call's own frame, a call of the function of the frame below
  // (19 keeps the frames below a merge when the merged calls agree on them).
  // At the call's own frame, a call like C's, or a call of a helper in which
  // one was recorded (19 drops the frames of differing helpers, 14 all
  // frames below the merge); failing that, of any allocator, as the
  // optimiser may have changed which (malloc and memset(0) become calloc).
  std::vector<std::pair<const MDNode *, std::vector<Frame>>> Fits;
  const Function *Callee = directCallee(C);
  for (int Tier = 0; Tier < 2 && Fits.empty(); Tier++) {
    std::map<StringRef, std::vector<Frame>> Memo;
    if (Tier == 1 && (Level > 0 || !Callee || !lookupAllocatorSymbol(Callee->getName())))
      break;
    auto Like = [&](const MDNode *N) {
      return Tier == 0 ? sameCall(N, C) : lookupAllocatorSymbol(calleeOf(N)) != nullptr;
    };
    for (const MDNode *N : Written->second) {
      Frame F = Frame::of(N, At.InlinedAt);
      if (!F.Line || !within(F.Scope, At.Scope) ||
          (At.Line && (F.Line != At.Line || (At.Column && F.Column != At.Column))))
        continue;
      if (Level > 0 ? calleeOf(N) == irName(Frames[Level - 1].Scope->getSubprogram()) : Like(N))
        Fits.push_back({N, {}});
      else if (Level == 0 && !below(calleeOf(N), Like, Memo).empty())
        Fits.push_back({N, below(calleeOf(N), Like, Memo)});
    }
  }
  // STEP 2: leave out calls still standing on their own in this inlined
  // instance (a call kept beside a merged pair).  If that leaves none, every
  // fitting call also has an unmerged copy (loop unrolling or unswitching
  // copied them before one copy was merged): they are still the candidates.
  auto Here = Present.find(C.getFunction());
  std::vector<std::pair<const MDNode *, std::vector<Frame>>> Merged;
  for (auto &Fit : Fits)
    if (Here == Present.end() || !Here->second.count({Fit.first, At.InlinedAt}))
      Merged.push_back(Fit);
  if (Merged.empty())
    Merged = Fits;
  // STEP 3: whole locations, in source order, one per position.
  std::vector<Found> Out;
  for (auto &[N, Below] : Merged) {
    Found W;
    if (Below.empty())
      W.Frames.assign(Frames.begin(), Frames.begin() + Level);
    else
      W.Frames = Below;
    W.Level = W.Frames.size();
    W.Frames.push_back(Frame::of(N, At.InlinedAt));
    W.Frames.insert(W.Frames.end(), Frames.begin() + Level + 1, Frames.end());
    Out.push_back(std::move(W));
  }
  std::sort(Out.begin(), Out.end(), [](const Found &A, const Found &B) {
    return A.Frames[A.Level].before(B.Frames[B.Level]);
  });
  Out.erase(std::unique(Out.begin(), Out.end(),
                        [](const Found &A, const Found &B) {
                          return !A.Frames[A.Level].before(B.Frames[B.Level]) &&
                                 !B.Frames[B.Level].before(A.Frames[A.Level]);
                        }),
            Out.end());
  return Out;
}

CallPlace CallOrigins::place(const CallBase &C) const {
  const DILocation *Loc = C.getDebugLoc().get();
  CallPlace P;
  std::vector<Frame> Frames;
  for (const DILocation *L = Loc; L; L = L->getInlinedAt())
    Frames.push_back({L->getScope(), L->getLine(), L->getColumn(), L->getInlinedAt()});
  bool Changed = false;
  // STEP 1: a call that kept its origin was written there (its location may
  // still have lost its line, e.g. to a pass that moved it).
  auto Own = OriginOf.find(&C);
  if (Own != OriginOf.end() && !Frames[0].Line) {
    Frames[0] = Frame::of(Own->second, Frames[0].InlinedAt);
    Changed = true;
  }
  if (!Frames[0].Line && (!Recorded || Own != OriginOf.end()))
    return P; // no line, and no merge to recover one from
  // STEP 2: from the inside out, each frame that shows a merge: the call's
  // own when it lost its origin, an inlined-at frame at line 0.  One fitting
  // call restores the frame; several are the merged calls.
  for (unsigned Level = Own == OriginOf.end() ? 0 : 1; Recorded && Level < Frames.size(); Level++) {
    if (Level > 0 && Frames[Level].Line)
      continue;
    std::vector<Found> Calls = mergedAt(C, Frames, Level);
    if (Calls.size() == 1) {
      Frames = Calls[0].Frames;
      Level = Calls[0].Level;
      Changed = true;
    } else if (Calls.size() > 1) {
      for (const Found &W : Calls) {
        const DILocation *Whole = chain(Loc->getContext(), W.Frames);
        const DILocation *AtMerge = Whole;
        for (unsigned K = 0; K < W.Level; K++)
          AtMerge = AtMerge->getInlinedAt();
        P.Calls.push_back(Whole);
        P.MergedAt.push_back(AtMerge);
      }
      return P;
    } else if (Level == 0 && !Frames[0].Line) {
      P.MergedUnknown = true;
      return P;
    }
  }
  P.Calls = {Changed ? chain(Loc->getContext(), Frames) : Loc};
  return P;
}

} // namespace allocsite
