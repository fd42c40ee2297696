//===- LLVMCompat.cpp - version probes that need code ----------------------===//
#include "LLVMCompat.h"

#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Scalar/SROA.h"

#include <dlfcn.h>

void allocsite::addSROA(llvm::FunctionPassManager &FPM) {
#if LLVM_VERSION_MAJOR >= 16
  FPM.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
#else
  FPM.addPass(llvm::SROAPass());
#endif
}

void allocsite::matchDebugInfoFormat(llvm::Module &Copy, const llvm::Module &Original) {
#if LLVM_VERSION_MAJOR >= 19
  Copy.setIsNewDbgInfoFormat(Original.IsNewDbgInfoFormat);
#endif
}

void allocsite::matchDebugInfoFormat(llvm::Function &Copy, const llvm::Function &Original) {
#if LLVM_VERSION_MAJOR >= 19
  Copy.setIsNewDbgInfoFormat(Original.IsNewDbgInfoFormat);
#endif
}

std::optional<unsigned> allocsite::minPageSize(const llvm::TargetTransformInfo &TTI) {
#if LLVM_VERSION_MAJOR >= 17
  return TTI.getMinPageSize();
#else
  return std::nullopt;
#endif
}

unsigned allocsite::hostLLVMMajor() {
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  void *Sym = dlsym(RTLD_DEFAULT, "LLVMGetVersion");
  if (!Sym)
    return 0;
  unsigned Major = 0, Minor = 0, Patch = 0;
  reinterpret_cast<GetVersionFn>(Sym)(&Major, &Minor, &Patch);
  return Major;
}
