//===- CallOrigins.h - where each call was written, before merges ---------===//
//
// At -O1 and above the optimiser merges identical calls: SimplifyCFG hoists
// `p = malloc(32)` out of both arms of an if, or sinks it from both into the
// join block, and the one call left gets DILocation::getMergedLocation of
// the two, which is line 0 when their lines differ (line L, column 0 on 19
// when only the columns do).  When the calls were inlined copies of a helper
// called from both arms, LLVM 14 keeps only the caller's frame, at line 0;
// LLVM 19 keeps the helper's frames and puts the line 0 in the inlined-at
// frame of the caller.  The debug information left behind does not say
// which calls were merged: hoisted calls sit before the branch, sunk calls
// after the join, with phis (no location) for differing operands, and the
// instructions around them belong to other statements ("the nearest located
// instruction" is, by construction of the merge, a different statement).
//
// So the plugin writes the calls down before anything is merged.  At
// PipelineStart (before SimplifyCFG, inlining or unrolling; -O1 and above
// only, as -O0 merges nothing) RecordCallOrigins gives every call that may
// become a site or be inlined around one - a direct call of an allocator in
// AllocatorTable, of a function returning a pointer, or of a function
// defined in the module - an "origin":
//
//   !{<scope>, i32 <line>, i32 <column>, !"<callee>", <constant args or null>}
//
// attached to the call (metadata kind allocsite.origin) and listed in the
// named metadata !allocsite.origins.  (A DILocation cannot be an operand of
// such a node: the verifier allows them only under !dbg and !llvm.loop.)
// No pass compares unknown metadata when deciding whether calls are
// identical, so recording changes no code (checked: identical object code
// with and without it for the C and C++ programs under test/realcode,
// escape, e2e, wrappers, heap and plugin at -O1, -O2 and -O3, on 14 and 19),
// and it is cheap (its share of compile time is in bench/RESULTS.md).
//
// Why it works: inlining, unrolling and cloning copy a call's attachments;
// merging two calls drops them (combineMetadataForCSE keeps only the kinds
// it knows, on 14 and 19).  So at the end of the pipeline a call that still
// has its origin was written there; a call that lost it was merged (or made
// anew from one, as calloc from malloc and memset), and its merged frame -
// its own, or the inlined-at frame that has line 0 - stands for the
// recorded calls that fit: written in that frame's function, inside its
// scope (the merged calls' nearest common scope; clang gives each if
// statement its own block, so this is rarely wider than one statement), on
// its line and column if it kept them, and calling either C's allocator with
// no differing constant argument, or the function of the frame below (19
// keeps the frames below a merge when the merged calls agree on them), or a
// helper in which such a call was recorded (14 drops every frame below a
// merge, 19 those of differing helpers; through any number of helpers); then,
// if that leaves any, only those no longer present as calls of their own in
// that inlined instance.  One fitting call restores the frame; several are
// the merged calls.  Not recovered: which of several fitting allocator calls
// in one dropped helper it was (the first in source order is taken).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_CALLORIGINS_H
#define ALLOCSITE_CALLORIGINS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace llvm {
class CallBase;
class DILocalScope;
class DILocation;
class LLVMContext;
class DISubprogram;
class Function;
class MDNode;
class Module;
} // namespace llvm

namespace allocsite {

class RecordCallOrigins : public llvm::PassInfoMixin<RecordCallOrigins> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }
};

// Where a call is, as far as the recorded origins tell.
struct CallPlace {
  // Each call it stands for, as a whole location (own position, then the
  // inlined-at chain); one for a call that was not merged, several in
  // source order for merged calls.  Empty when no line is known.
  std::vector<const llvm::DILocation *> Calls;
  // For merged calls, each one's frame where they were merged: the call
  // itself, or the call site of the helper it was inlined from.
  std::vector<const llvm::DILocation *> MergedAt;
  bool MergedUnknown = false; // merged, with line 0, and the calls not found
};

// The origins recorded in a module.  The constructor reads them and removes
// them from the IR (they mean nothing to later passes or to LTO's link step).
class CallOrigins {
public:
  explicit CallOrigins(llvm::Module &M);
  // C must have a debug location.
  CallPlace place(const llvm::CallBase &C) const;

private:
  // One frame of a location: the call's own position, or a call site it
  // was inlined through.
  struct Frame {
    const llvm::DILocalScope *Scope;
    unsigned Line;
    unsigned Column;
    const llvm::DILocation *InlinedAt; // as found in the IR (for presence checks)
    static Frame of(const llvm::MDNode *Origin, const llvm::DILocation *InlinedAt);
    bool before(const Frame &O) const; // source order
  };
  struct Found {
    std::vector<Frame> Frames; // innermost first
    unsigned Level;            // index of the frame where it was merged
  };
  const std::vector<Frame> &below(llvm::StringRef Callee,
                                  llvm::function_ref<bool(const llvm::MDNode *)> Like,
                                  std::map<llvm::StringRef, std::vector<Frame>> &Memo) const;
  std::vector<Found> mergedAt(const llvm::CallBase &C, const std::vector<Frame> &Frames,
                              unsigned Level) const;
  // The location Frames describe.
  static const llvm::DILocation *chain(llvm::LLVMContext &Ctx, const std::vector<Frame> &Frames);

  bool Recorded = false;
  // Every recorded origin, by the function (subprogram) it was written in,
  // in source order; and those subprograms by IR name, to follow calls into
  // inlined helpers.
  std::map<const llvm::DISubprogram *, std::vector<const llvm::MDNode *>> BySubprogram;
  std::map<llvm::StringRef, const llvm::DISubprogram *> SubprogramNamed;
  std::map<const llvm::CallBase *, const llvm::MDNode *> OriginOf;
  // Origins still attached to some call, per function and inlined instance.
  std::map<const llvm::Function *, std::set<std::pair<const llvm::MDNode *, const llvm::DILocation *>>>
      Present;
};

} // namespace allocsite

#endif // ALLOCSITE_CALLORIGINS_H
