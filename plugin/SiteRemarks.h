//===- SiteRemarks.h - what the pass says about each site ------------------===//
//
// The remarks of one site (-Rpass-analysis=allocsite: its ID and, for a heap
// site, the flow that decided it; -Rpass=allocsite: promotable or promoted;
// -Rpass-missed=allocsite: why it stays on the heap; promotable if small:
// the stack buffer and why the size needs it), at the site's chosen
// position (SiteIdentity.h: merged calls, inlined copies), with structured
// arguments that carry the same facts into -fsave-optimization-record.  The
// words come from the site's Verdict; explanations are built only here, when
// a remark is enabled.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_SITEREMARKS_H
#define ALLOCSITE_SITEREMARKS_H

#include "llvm/IR/PassManager.h"

#include <string>

namespace llvm {
class CallBase;
class TargetLibraryInfo;
} // namespace llvm

namespace allocsite {

struct SiteRecord;
struct SiteProfileNote;

// WhyNotPromoted: for a promotable site that promotion left on the heap.
// Profile: what -allocsite-profile-use says of the site; every remark
// carries its hotness (the site's run-time objects), which clang prints
// with -fdiagnostics-show-hotness and filters by with
// -fdiagnostics-hotness-threshold=N (remarks of sites with fewer objects, or
// none in the profile, are dropped).
void remarkSite(llvm::FunctionAnalysisManager &FAM, llvm::CallBase *CB, const SiteRecord &R,
                const std::string &WhyNotPromoted, const SiteProfileNote &Profile);

// -allocsite-cross-check: where llvm::MemoryBuiltins and the allocator table
// disagree about CB (Ours: the table counts it).
void remarkCrossCheck(llvm::FunctionAnalysisManager &FAM, llvm::CallBase &CB,
                      const llvm::TargetLibraryInfo &TLI, bool Ours);

} // namespace allocsite

#endif // ALLOCSITE_SITEREMARKS_H
