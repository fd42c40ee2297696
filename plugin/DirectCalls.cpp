//===- DirectCalls.cpp - instrumented calls through the runtime's pointers -===//
#include "DirectCalls.h"

#include "AllocatorTable.h"
#include "LLVMCompat.h"
#include "ModuleCalls.h"
#include "allocsite_abi.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace allocsite {

// The C malloc family, whose instrumented calls go through the runtime's
// __allocsite_direct_<name> pointers (AllocatorTable.h says which).
bool goesThroughDirectPointer(const AllocatorInfo &Info) {
  return Info.has(GoesThroughDirectPointer);
}

// Calls the allocator through the runtime's pointer for it instead of by
// name; the call's type and arguments stay as they are.
void callThroughDirectPointer(CallBase *CB, StringRef Symbol) {
  Module &M = *CB->getModule();
  Type *FnPtrTy = CB->getCalledOperand()->getType();
  std::string Name = (ALLOCSITE_DIRECT_PREFIX + Symbol).str();
  GlobalVariable *GV = M.getNamedGlobal(Name);
  if (!GV)
    GV = new GlobalVariable(M, FnPtrTy, /*isConstant=*/false, GlobalValue::ExternalLinkage,
                            nullptr, Name);
  // A call through a cast prototype (old-style C) loads the same pointer
  // with its own function type (typed pointers, LLVM 14).
  Constant *Addr = GV->getValueType() == FnPtrTy
                       ? static_cast<Constant *>(GV)
                       : ConstantExpr::getPointerCast(GV, pointerTo(FnPtrTy));
  IRBuilder<> B(CB);
  CB->setCalledOperand(B.CreateLoad(FnPtrTy, Addr, "allocsite.direct"));
}

// Instrumented code's frees go through __allocsite_direct_free as well.
bool redirectFrees(Module &M, FunctionAnalysisManager &FAM) {
  bool Changed = false;
  forEachCall(M, FAM, [&](CallBase &CB, const TargetLibraryInfo &TLI) {
    Function *Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
    LibFunc LF;
    if (!Callee || !TLI.getLibFunc(*Callee, LF) || LF != LibFunc_free || CB.arg_size() != 1 ||
        CB.isMustTailCall())
      return;
    callThroughDirectPointer(&CB, "free");
    Changed = true;
  });
  return Changed;
}

} // namespace allocsite
