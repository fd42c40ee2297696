//===- StackPromotion.h - rewrite promotable allocations to stack slots ---===//
//
// With -allocsite-promote (ALLOCSITE_PROMOTE=1, allocsite-cc --promote),
// every site the escape analysis judged promotable becomes a stack slot:
//
//   entry:    %slot = alloca [64 x i8], align 16      ; once per function
//             (align: what malloc guarantees, as the target's stack
//             alignment says; or the alignment the call asks for)
//   ...
//   ; was:    %p = call ptr @malloc(i64 64)
//             call void @llvm.lifetime.start.p0(i64 64, ptr %slot)
//             (calloc: call void @llvm.memset(ptr %slot, i8 0, i64 64))
//             <uses of %p now use %slot>
//   ; was:    call void @free(ptr %p)
//             call void @llvm.lifetime.end.p0(i64 64, ptr %slot)
//             (only where the free always frees this object: not for
//             free(c ? p : NULL), after which p may still be used)
//
// A site promotable if small (its size is not a compile-time constant) keeps
// its call, behind a test of the size against its stack buffer of K bytes
// (-allocsite-stack-buffer-size), and its frees test for the buffer:
//
//   entry:    %buf = alloca [K x i8], align 16
//   ...       %n = <the size: n; n * m, overflow to the heap; strlen(s) + 1>
//             br (%n <= K), stack, heap
//   stack:    (calloc: memset(%buf, 0, K); strdup: memcpy(%buf, s, %n))
//             <one object of %n bytes counted at the site's stack part>
//   heap:     %h = call ptr @malloc(i64 %n)   ; counted at the site
//   joined:   %p = phi [%buf, stack], [%h, heap]
//   ; was:    call void @free(ptr %q)
//             if (%q != %buf) call void @free(ptr %q)
//
// That covers malloc, calloc, operator new and new[] and strdup/strndup;
// other allocators (an alignment argument, page alignment), invokes (a new
// that may throw into a handler) and frees that cannot be guarded (an
// invoke, a result used, an argument not found) stay on the heap.  No
// lifetime markers: the buffer lives as long as the frame.
//
// A site given to the C library's realloc in its function (promotable, or
// promotable if small, "realloc moves it to the heap") moves to the heap
// there: each such realloc becomes
//
//             %on.stack = icmp eq %p, %mem        ; %mem: its slot or buffer
//             br (%on.stack && %m == 0), freed, call
//   freed:    lifetime.end(%mem)                  ; glibc: realloc(p, 0) frees
//   call:     %q = call ptr @realloc(select(%on.stack, null, %p), %m)
//             br (%on.stack && %q != null), copy, joined
//   copy:     memcpy(%q, %mem, umin(%m, K)); lifetime.end(%mem)
//   joined:   %r = phi [null, freed], [%q, call], [%q, copy]   ; was %q
//
// and every free of the object is guarded as above, for a slot too (what
// it frees may be the heap's by then).  On failure the memory stays valid,
// as the old block would.  The realloc is the same counted call as before.
//
// One slot serves a site in a loop: the analysis only calls such a site
// promotable when no object outlives its iteration, and each iteration's
// lifetime.start begins a fresh object.  Counting is unchanged: the site
// still counts one object per execution (objects kept off the heap), and
// the report flags it `promoted`.  Afterwards SROA, InstCombine and
// SimplifyCFG run on the functions that changed (not on optnone ones, i.e.
// at -O0), so a slot that is only loaded and stored becomes registers.
//
// Which promotable sites are NOT rewritten, and why (remarked):
//   - a site in a function that calls setjmp (returns_twice): SROA would
//     keep the object in registers, which longjmp does not restore;
//   - a site in a cycle that is not a natural loop (irreducible control
//     flow): the analysis's "lives across iterations" test looks at loop
//     headers, which such a cycle lacks;
//   - an alignment argument that is not a constant power of two (the call
//     would fail, and the stack cannot honour it);
//   - valloc or pvalloc where the target does not tell its page size;
//   - a free the analysis could not map back to the original function;
//   - any site joined to one of those: copies of one site (unrolling) and
//     sites freed through one merged pointer are rewritten together or not
//     at all, so a deleted free never frees a heap object.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_STACKPROMOTION_H
#define ALLOCSITE_STACKPROMOTION_H

#include "AllocatorTable.h"
#include "Verdict.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/PassManager.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class AllocaInst;
class CallBase;
class Instruction;
class Value;
} // namespace llvm

namespace allocsite {

struct PromotionRequest {
  llvm::CallBase *Call;
  const AllocatorInfo *Allocator;
  const Verdict *Judged; // this call's own verdict
  uint64_t SiteID;       // copies of one site share it
};

struct PromotionPlan {
  bool Promote = false;
  // Promoted if small: the call stays, behind a size test (Size is the
  // buffer's); guardWithStackBuffer rewrites it, promoteToStackSlots only
  // cleans up.
  bool Guarded = false;
  std::string WhyNot; // for a promotable call that stays on the heap
  uint64_t Size = 0;
  uint64_t Alignment = 0;
  // The slot or buffer, once made (moveToHeapOnRealloc makes it early).
  llvm::AllocaInst *Memory = nullptr;
};

// Decides, for each request (one per allocation call), whether it is
// rewritten.  Nothing is changed yet.
std::vector<PromotionPlan> planStackPromotion(llvm::ArrayRef<PromotionRequest> Requests,
                                              llvm::FunctionAnalysisManager &FAM);

// A promoted allocation cannot throw: an invoke becomes a call followed by
// a branch to its normal destination.  Returns the call (Call itself when
// it already is one).  Run before the site is instrumented.
llvm::CallBase *dropUnwindEdge(llvm::CallBase *Call);

// For a plan that says Guarded, before the call is instrumented: the size
// test, the stack path and the guarded frees, as drawn above.  The call
// stays on the heap path, where it is counted as before; StackPath is where
// the stack path counts its object of Bytes (an i64).
struct GuardedCall {
  llvm::Instruction *StackPath;
  llvm::Value *Bytes;
};
GuardedCall guardWithStackBuffer(const PromotionRequest &R, const PromotionPlan &P);

// For a promoted site whose verdict has reallocs (Verdict::Reallocs), before
// anything is instrumented: makes its slot or buffer (P.Memory) and rewrites
// each realloc as drawn above.
void moveToHeapOnRealloc(const PromotionRequest &R, PromotionPlan &P);

// The rewrite itself, for the requests whose plan says Promote (their calls
// as returned by dropUnwindEdge, already counted), then the cleanup.
void promoteToStackSlots(llvm::ArrayRef<PromotionRequest> Requests,
                         llvm::ArrayRef<PromotionPlan> Plans, llvm::FunctionAnalysisManager &FAM);

} // namespace allocsite

#endif // ALLOCSITE_STACKPROMOTION_H
