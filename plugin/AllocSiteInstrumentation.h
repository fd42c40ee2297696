//===- AllocSiteInstrumentation.h - count every allocation site -----------===//
//
// A module pass that runs last in the optimisation pipeline (so what it
// counts is what runs), finds every direct call or invoke of an allocator in
// AllocatorTable, and adds right after each call:
//
//   %q  = call ptr asm "", "=r,0"(ptr %p)  ; opaque to link-time optimisation
//   %ok = icmp ne ptr %q, null             ; posix_memalign: icmp eq i32 %r, 0
//   br %ok, label %count, label %failed    ; weights 2^20 : 1
// count:
//   %reg = load i64, ptr @__allocsite_thread_counters ; this thread's `registered`
//   br (%reg == 0), label %register, label %add       ; weights 1 : 2^20
// register:                                           ; once per thread
//   call void @__allocsite_register_thread_v3(ptr @__allocsite_module, ptr @__allocsite_thread_counters)
// add:                                                ; this thread's own slots
//   %o = load atomic i64 <objects of site> monotonic ; store atomic %o + 1
//   %b = load atomic i64 <bytes of site> monotonic   ; store atomic %b + %size
// failed:                                             ; cold
//   the same `registered` test and call
//
// The registration test runs whether or not the allocation succeeded, so a
// site whose call another site's call dominates leaves it out, and its
// failure path too.  Calls of the C malloc family, and frees, then go
// through the runtime's @__allocsite_direct_<name> pointers
// (runtime/interpose.c).
//
// No lock, no locked instruction and no call on the counting path
// (allocsite_abi.h explains the per-thread sharding).  The module also gets
// its site table and a constructor that registers it (RuntimeABI.h).  With
// -allocsite-promote, promotable sites then become stack slots
// (StackPromotion.h); they are still counted, with %ok = true.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_ALLOCSITEINSTRUMENTATION_H
#define ALLOCSITE_ALLOCSITEINSTRUMENTATION_H

#include "llvm/IR/PassManager.h"

namespace allocsite {

class AllocSiteInstrumentation : public llvm::PassInfoMixin<AllocSiteInstrumentation> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  // At -O0 clang marks every function optnone; counting must happen anyway.
  static bool isRequired() { return true; }
};

} // namespace allocsite

#endif // ALLOCSITE_ALLOCSITEINSTRUMENTATION_H
