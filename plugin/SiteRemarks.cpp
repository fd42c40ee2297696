//===- SiteRemarks.cpp - what the pass says about each site ----------------===//
#include "SiteRemarks.h"

#include "AllocatorTable.h"
#include "Options.h"
#include "ProfileUse.h"
#include "RuntimeABI.h"
#include "SiteIdentity.h"
#include "Verdict.h"
#include "allocsite_abi.h"

#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"

#include <algorithm>

#define DEBUG_TYPE "allocsite"

using namespace llvm;

namespace allocsite {
namespace {

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

// " (realloc moves it to the heap)" after a verdict that stays local but
// is given to realloc; nothing otherwise.
template <typename RemarkT> RemarkT &movedByRealloc(RemarkT &R, const Verdict &V) {
  if (V.movedByRealloc())
    R << " (" << ore::NV("Realloc", "realloc moves it to the heap") << ")";
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

// What the profile chose for a site promoted if small, after the buffer's
// size; nothing without a profile or sizes.
template <typename RemarkT> RemarkT &profileBuffer(RemarkT &R, const BufferChoice &C) {
  if (C.K == BufferChoice::Kind::Chosen)
    R << " (profile: " << ore::NV("ProfileCovered", C.Covered) << " of "
      << ore::NV("ProfileObjects", C.Objects) << " objects fit)";
  else if (C.K == BufferChoice::Kind::TooLarge)
    R << " (profile: " << std::to_string(CoveredPercent) << "% of " << ore::NV("ProfileObjects", C.Objects)
      << " objects need more than the stack limit of " << ore::NV("MaxStackSize", maxStackSize())
      << " bytes; default buffer kept)";
  return R;
}

// Emits remarks of one site, with the site's hotness when the profile has
// one.  OptimizationRemarkEmitter::emit would replace that hotness with its
// own, from block frequencies (none without PGO data), so a remark with
// hotness goes to the context directly, after the same two checks emit
// makes: some remark is enabled, and the hotness reaches the threshold
// (clang's -fdiagnostics-hotness-threshold, or -allocsite-hotness-threshold,
// the larger; a site the profile does not have counts as 0).
class SiteEmitter {
public:
  SiteEmitter(OptimizationRemarkEmitter &ORE, LLVMContext &Ctx, std::optional<uint64_t> Hotness)
      : ORE(ORE), Ctx(Ctx), Hotness(Hotness) {}
  template <typename BuildT> void emit(BuildT Build) {
    uint64_t Threshold = std::max(Ctx.getDiagnosticsHotnessThreshold(), hotnessThreshold());
    if (Hotness.value_or(0) < Threshold)
      return;
    if (!Hotness) {
      ORE.emit(Build);
      return;
    }
    if (!ORE.enabled())
      return;
    auto Remark = Build();
    Remark.setHotness(*Hotness);
    Ctx.diagnose(Remark);
  }

private:
  OptimizationRemarkEmitter &ORE;
  LLVMContext &Ctx;
  std::optional<uint64_t> Hotness;
};

} // namespace

// WhyNotPromoted: for a promotable site that promotion left on the heap.
void remarkSite(FunctionAnalysisManager &FAM, CallBase *CB, const SiteRecord &R,
                const std::string &WhyNotPromoted, const SiteProfileNote &Profile) {
  SiteEmitter ORE(FAM.getResult<OptimizationRemarkEmitterAnalysis>(*CB->getFunction()),
                  CB->getContext(), Profile.Hotness);
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
      movedByRealloc(Remark, V);
      return placement(Remark, R.Desc) << " [site " << ore::NV("Site", ID) << "]";
    });
  } else if (V.promotable()) {
    ORE.emit([&] {
      auto Remark = remarkAt<OptimizationRemark>("Promotable", R, CB);
      streamCall(Remark, V);
      Remark << " does not escape: can be stack-allocated"
             << (V.neverFreed() ? " (never freed: a leak)" : "");
      movedByRealloc(Remark, V);
      throughWrapper(Remark, V);
      Remark << (WhyNotPromoted.empty() ? "" : " (not promoted: " + WhyNotPromoted + ")");
      return placement(Remark, R.Desc) << " [site " << ore::NV("Site", ID) << "]";
    });
  } else if (V.promotableIfSmall()) {
    bool Promoted = R.Flags & ALLOCSITE_SITE_STACK_BUFFER;
    ORE.emit([&] {
      auto Remark =
          remarkAt<OptimizationRemark>(Promoted ? "PromotedIfSmall" : "PromotableIfSmall", R, CB);
      streamCall(Remark, V);
      Remark << (Promoted ? " does not escape: promoted to a stack buffer of "
                          : " does not escape: can use a stack buffer of ")
             << ore::NV("StackBuffer", V.Size) << " bytes, heap above ("
             << ore::NV("Message", V.message()) << ")";
      movedByRealloc(Remark, V);
      profileBuffer(Remark, Profile.Buffer);
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

// The allocator table decides what is a site; MemoryBuiltins is only asked,
// on request, to show where the two disagree (e.g. posix_memalign, which it
// never knows, or malloc at -O0 on LLVM 19, before allockind attributes).
void remarkCrossCheck(FunctionAnalysisManager &FAM, CallBase &CB, const TargetLibraryInfo &TLI,
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

} // namespace allocsite
