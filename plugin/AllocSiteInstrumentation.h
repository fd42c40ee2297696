//===- AllocSiteInstrumentation.h - count every allocation site -----------===//
//
// A module pass that runs last in the optimisation pipeline (so what it
// counts is what runs), finds every direct call or invoke of an allocator in
// AllocatorTable, and adds right after each successful return:
//
//   %ok      = icmp ne ptr %p, null        ; posix_memalign: icmp eq i32 %r, 0
//   %objects = zext i1 %ok to i64
//   %bytes   = select i1 %ok, i64 %size, i64 0
//   atomicrmw add ptr @__allocsite_counters[site].objects, i64 %objects monotonic
//   atomicrmw add ptr @__allocsite_counters[site].bytes,   i64 %bytes   monotonic
//
// No branch, no call, no lock: two relaxed atomic adds into a cache line the
// site owns.  The module also gets its site table and a constructor that
// registers it with the runtime (RuntimeABI.h).
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
