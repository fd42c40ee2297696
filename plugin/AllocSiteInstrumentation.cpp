//===- AllocSiteInstrumentation.cpp - count every allocation site ---------===//
#include "AllocSiteInstrumentation.h"

#include "AllocatorTable.h"
#include "DirectCalls.h"
#include "EscapeAnalysis.h"
#include "ModuleCalls.h"
#include "Options.h"
#include "ProfileUse.h"
#include "RuntimeABI.h"
#include "SiteCounting.h"
#include "SiteIdentity.h"
#include "SiteRemarks.h"
#include "StackPromotion.h"
#include "WholeProgram.h"
#include "WrapperNesting.h"
#include "Wrappers.h"
#include "allocsite_abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

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

// STEP 1: find the sites, in IR order (ordinals, and so IDs, follow it).
std::vector<Candidate> collectSites(Module &M, FunctionAnalysisManager &FAM,
                                   const WrapperTable &Wrappers) {
  std::vector<Candidate> Found;
  SiteNamer Namer(M);
  const bool CrossCheck = crossCheckMemoryBuiltins();
  forEachCall(M, FAM, [&](CallBase &Call, const TargetLibraryInfo &TLI) {
    CallBase *CB = &Call;
    // Already counted by an earlier run of this pass (LTO link step).
    if (CB->getMetadata(SiteMetadataKind))
      return;
    const AllocatorInfo *Info = classifyAllocationCall(*CB, TLI);
    if (CrossCheck)
      remarkCrossCheck(FAM, *CB, TLI, Info != nullptr);
    const WrapperInfo *Wrapper = Info ? nullptr : Wrappers.wrapperCalled(*CB);
    if (Wrapper)
      Info = &Wrapper->Info;
    if (!Info)
      return;
    // Nothing may follow a musttail call but ret; the runtime interposer
    // (not this pass) has to see such allocations.
    if (auto *CI = dyn_cast<CallInst>(CB); CI && CI->isMustTailCall()) {
      ++NumSkippedMustTail;
      return;
    }
    SiteRecord R{Namer.describe(*CB, Info->DisplayName), Info, Wrapper, Verdict()};
    if (Wrapper)
      R.Flags |= ALLOCSITE_SITE_WRAPPER_CALL;
    if ((R.Within = Wrappers.returnedByWrapper(*CB)))
      R.Flags |= ALLOCSITE_SITE_IN_WRAPPER;
    if (R.Desc.Placed == Placement::Merged || R.Desc.Placed == Placement::MergedUnknown)
      R.Flags |= ALLOCSITE_SITE_MERGED;
    Found.push_back({CB, std::move(R)});
  });
  return Found;
}

void markInstrumented(CallBase *CB, uint64_t ID) {
  LLVMContext &Ctx = CB->getContext();
  CB->setMetadata(SiteMetadataKind, MDNode::get(Ctx, MDString::get(Ctx, formatSiteID(ID))));
}

bool hasDefinitions(const Module &M) {
  for (const Function &F : M)
    if (!F.isDeclaration())
      return true;
  return false;
}

} // namespace

PreservedAnalyses AllocSiteInstrumentation::run(Module &M, ModuleAnalysisManager &MAM) {
  // An -flto compile step of allocsite-cc: the link step judges and counts
  // (WholeProgram.h).  A module already instrumented is not deferred: a
  // linker that loads the plugin again (lld --load-pass-plugin) with
  // ALLOCSITE_DEFER_TO_LINK still set must not hide its table's marker.
  if (deferToLink() && !M.getNamedMetadata(ModuleMarkerName)) {
    deferToWholeProgramLink(M);
    return PreservedAnalyses::none();
  }
  settleDeferredModules(M);
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  // Every verdict is the escape analysis's, made before any instrumentation
  // is added; this pass only reads them (EscapeAnalysis.h).
  const EscapeResult &Escapes = MAM.getResult<EscapeAnalysis>(M);
  if (!Escapes.valid()) // a bad -allocsite-wrapper spec, already reported as an error
    return PreservedAnalyses::all();
  const WrapperTable &Wrappers = Escapes.wrappers();
  const Profile Prof = Profile::load(M);
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
  // A reason that names another site says where that site is the way its
  // own remarks do (merged calls: at the first of them), not by the call's
  // debug location, which merging sets to line 0.  Wording only: the
  // verdict is the analysis's.
  std::map<const Instruction *, const DILocation *> RemarkLocOf;
  for (const Candidate &C : Sites)
    RemarkLocOf[C.Call] = C.Record.Desc.RemarkLoc;
  for (SiteRecord &R : Records)
    if (auto It = RemarkLocOf.find(R.Judged.Why.OtherSite); It != RemarkLocOf.end() && It->second)
      R.Judged.Why.Loc = It->second;
  NumSites += Records.size();

  // STEP 2b: what the profile says (ProfileUse.h): each site's hotness, and
  // the stack buffer of a site promotable if small, which its calls'
  // verdicts (the ones promotion reads) take too.
  std::vector<SiteProfileNote> Notes(Records.size());
  if (!Prof.empty()) {
    std::vector<uint64_t> IDs;
    for (size_t Slot = 0; Slot < Records.size(); Slot++) {
      SiteRecord &R = Records[Slot];
      IDs.push_back(R.Desc.ID);
      Notes[Slot].Hotness = Prof.hotness(R.Desc.ID);
      if (!R.Judged.promotableIfSmall())
        continue;
      Notes[Slot].Buffer = Prof.chooseStackBuffer(R.Desc.ID, maxStackSize());
      if (Notes[Slot].Buffer.K == BufferChoice::Kind::Chosen)
        R.Judged.Size = Notes[Slot].Buffer.Bytes;
    }
    for (Candidate &C : Sites) {
      const SiteProfileNote &N = Notes[SlotOf[C.Record.Desc.ID]];
      if (C.Record.Judged.promotableIfSmall() && N.Buffer.K == BufferChoice::Kind::Chosen)
        C.Record.Judged.Size = N.Buffer.Bytes;
    }
    Prof.warnIfUnmatched(M, IDs);
  }

  // STEP 3: which promotable sites become stack slots (StackPromotion.h).
  // A site promoted if small keeps its record for its heap objects and gets
  // a second one, its stack part, for the objects its buffer serves.
  std::vector<PromotionRequest> Requests;
  std::vector<PromotionPlan> Plans(Sites.size());
  std::map<uint64_t, unsigned> StackPartOf;
  if (promoteToStack()) {
    for (Candidate &C : Sites)
      Requests.push_back({C.Call, C.Record.Allocator, &C.Record.Judged, C.Record.Desc.ID});
    Plans = planStackPromotion(Requests, FAM);
    for (size_t I = 0; I < Sites.size(); I++) {
      uint64_t ID = Sites[I].Record.Desc.ID;
      if (!Plans[I].Promote)
        continue;
      if (!Plans[I].Guarded) {
        Records[SlotOf[ID]].Flags |= ALLOCSITE_SITE_PROMOTED;
        continue;
      }
      Records[SlotOf[ID]].Flags |= ALLOCSITE_SITE_STACK_BUFFER;
      if (StackPartOf.count(ID))
        continue;
      SiteRecord Part = Records[SlotOf[ID]];
      Part.Desc.ID = stackPartID(ID);
      Part.Flags = (Part.Flags & ALLOCSITE_SITE_MERGED) | ALLOCSITE_SITE_PROMOTED |
                   ALLOCSITE_SITE_STACK_BUFFER;
      StackPartOf[ID] = Records.size();
      Records.push_back(Part);
    }
  }

  // STEP 4: which calls go through the runtime's direct pointers, and one
  // NESTED record (allocsite_abi.h) per allocator they call, after the sites.
  std::vector<bool> Direct(Sites.size());
  std::map<std::string, unsigned> NestedSlotOf;
  for (size_t I = 0; I < Sites.size(); I++) {
    const SiteRecord &R = Sites[I].Record;
    bool Heap = !Plans[I].Promote || Plans[I].Guarded; // the call stays
    Direct[I] = Heap && !R.Wrapper && goesThroughDirectPointer(*R.Allocator);
    if (!Direct[I] || NestedSlotOf.count(R.Allocator->Symbol))
      continue;
    NestedSlotOf[R.Allocator->Symbol] = Records.size();
    SiteRecord Nested{SiteDescription(), R.Allocator, nullptr, Verdict()};
    Nested.Flags = ALLOCSITE_SITE_NESTED;
    Records.push_back(Nested);
  }

  // STEP 5: a size histogram (allocsite_abi.h) for each site promotable if
  // small, after every record: only such a site can use one (a constant
  // size needs none; a heap site has no buffer to size).  Its stack part
  // has none of its own: the site's counts both parts' objects.
  unsigned NumCounts = Records.size();
  const bool Histograms = sizeHistograms();
  for (SiteRecord &R : Records)
    if (Histograms && R.Judged.promotableIfSmall() &&
        !(R.Flags & (ALLOCSITE_SITE_PROMOTED | ALLOCSITE_SITE_NESTED))) {
      R.SizesSlot = NumCounts;
      NumCounts += ALLOCSITE_SIZE_BUCKETS / 2;
    }

  // STEP 6: count, then rewrite (classify first, mutate after).  The
  // reallocs of promoted sites are rewritten first: a realloc is a site of
  // its own, counted (and called through its direct pointer) as the same
  // instruction, which may come before its object's site in this order.
  for (size_t I = 0; I < Requests.size(); I++)
    if (Plans[I].Promote && Requests[I].Judged->movedByRealloc())
      moveToHeapOnRealloc(Requests[I], Plans[I]);
  ModuleTables Tables(M, NumCounts);
  std::vector<bool> Remarked(Records.size());
  std::set<const BasicBlock *> WrapperUnwindDests;
  for (size_t I = 0; I < Sites.size(); I++) {
    Candidate &C = Sites[I];
    unsigned Slot = SlotOf[C.Record.Desc.ID];
    if (!Remarked[Slot]) // one remark per site, not per unrolled copy
      remarkSite(FAM, C.Call, Records[Slot], Plans[I].WhyNot, Notes[Slot]);
    Remarked[Slot] = true;
    bool ToSlot = Plans[I].Promote && !Plans[I].Guarded;
    if (ToSlot)
      C.Call = Requests[I].Call = dropUnwindEdge(C.Call);
    if (Plans[I].Guarded) {
      GuardedCall G = guardWithStackBuffer(Requests[I], Plans[I]);
      countStackObject(G.StackPath, G.Bytes, Tables, StackPartOf[C.Record.Desc.ID],
                       Records[Slot].SizesSlot);
    }
    std::optional<unsigned> NestedSlot;
    if (Direct[I])
      NestedSlot = NestedSlotOf[C.Record.Allocator->Symbol];
    instrumentSite(C.Call, *C.Record.Allocator, C.Record.Wrapper, Tables, Slot, ToSlot,
                   NestedSlot, Records[Slot].SizesSlot);
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
  // STEP 7: the table the runtime reads.
  Tables.finish(Records);
  return PreservedAnalyses::none();
}

} // namespace allocsite
