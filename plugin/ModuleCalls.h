//===- ModuleCalls.h - every call in a module's definitions ----------------===//
//
// The walk that finding sites, judging them and redirecting frees share:
// each call or invoke in each defined function, in IR order (site ordinals,
// and so IDs, follow it), with the function's TargetLibraryInfo, which says
// what a callee is.  callbr is left out: it is asm goto and cannot call an
// allocator or free in practice.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_MODULECALLS_H
#define ALLOCSITE_MODULECALLS_H

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"

namespace allocsite {

// Visit(CallBase &, const TargetLibraryInfo &).  Visit may change the call
// or insert instructions before it, not remove it.
template <typename VisitFn>
void forEachCall(llvm::Module &M, llvm::FunctionAnalysisManager &FAM, VisitFn Visit) {
  for (llvm::Function &F : M) {
    if (F.isDeclaration())
      continue;
    const llvm::TargetLibraryInfo &TLI = FAM.getResult<llvm::TargetLibraryAnalysis>(F);
    for (llvm::Instruction &I : llvm::instructions(F))
      if (llvm::isa<llvm::CallInst>(I) || llvm::isa<llvm::InvokeInst>(I))
        Visit(llvm::cast<llvm::CallBase>(I), TLI);
  }
}

} // namespace allocsite

#endif // ALLOCSITE_MODULECALLS_H
