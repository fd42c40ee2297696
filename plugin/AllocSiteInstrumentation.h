//===- AllocSiteInstrumentation.h - count every allocation site -----------===//
//
// A module pass that runs last in the optimisation pipeline (so what it
// counts is what runs), finds every direct call or invoke of an allocator in
// AllocatorTable (or of an allocation wrapper, Wrappers.h), and adds right
// after each call:
//
//   %q  = call ptr asm "", "=r,0"(ptr %p)  ; opaque to link-time optimisation
//   %ok = icmp ne ptr %q, null             ; posix_memalign: icmp eq i32 %r, 0
//   br %ok, label %count, label %done      ; weights 2^20 : 1
// count:
//   %s = load i64, ptr @__allocsite_thread_v6        ; the runtime's thread state
//   br (%s != 0), label %slow, label %add            ; weights 1 : 2^20
// slow:                                              ; cold
//   first count of this thread (`pending`): call @__allocsite_thread_slow_v6(@module)
//   inside an instrumented wrapper call (`nested`): add to the module's
//     NESTED record of the allocator instead, and skip the site's adds
// add:                                               ; this thread's own slots
//   %o = load atomic i64 <objects of site> monotonic ; store atomic %o + 1
//   %b = load atomic i64 <bytes of site> monotonic   ; store atomic %b + %size
//
// No lock, no locked instruction and no call on the counting path
// (allocsite_abi.h explains the per-thread sharding and the thread state).
// Calls of the C malloc family, and frees, then go through the runtime's
// @__allocsite_direct_<name> pointers (runtime/direct_pointers.c), and calls of
// wrappers set the `nested` byte around them (WrapperNesting.h).  The module
// also gets its site table and a constructor that registers it
// (RuntimeABI.h).  With -allocsite-promote, promotable sites then become
// stack slots (StackPromotion.h); they are still counted, with %ok = true.
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
