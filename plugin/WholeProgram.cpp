//===- WholeProgram.cpp - -flto builds judged as one program --------------===//
#include "WholeProgram.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace {

constexpr const char *DeferredMarkerName = "allocsite.deferred";
// Named for the person who reads it in a linker's error message.
constexpr const char *LinkCheckName = "__allocsite_flto_object_needs_allocsite_cc_link";

GlobalVariable *linkCheck(Module &M) {
  Type *I8 = Type::getInt8Ty(M.getContext());
  if (GlobalVariable *GV = M.getGlobalVariable(LinkCheckName))
    return GV;
  return new GlobalVariable(M, I8, /*isConstant=*/true, GlobalValue::ExternalLinkage,
                            /*Initializer=*/nullptr, LinkCheckName);
}

} // namespace

void allocsite::deferToWholeProgramLink(Module &M) {
  if (M.getNamedMetadata(DeferredMarkerName))
    return;
  M.getOrInsertNamedMetadata(DeferredMarkerName);
  // A reference in llvm.used: no optimisation, at compile or at a link's
  // LTO, may drop it, so an object file or LTO link made from M keeps it.
  GlobalVariable *Check = linkCheck(M);
  auto *Holder = new GlobalVariable(M, Check->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, Check,
                                    "__allocsite_deferred_link_check");
  appendToUsed(M, {Holder});
}

bool allocsite::settleDeferredModules(Module &M) {
  if (!M.getNamedMetadata(DeferredMarkerName))
    return false;
  // Defined here, privately: the holders (one per merged module) stay, a
  // pointer each, and the symbol never reaches the object file's table.
  GlobalVariable *Check = linkCheck(M);
  if (Check->isDeclaration()) {
    Check->setInitializer(ConstantInt::get(Type::getInt8Ty(M.getContext()), 0));
    Check->setLinkage(GlobalValue::PrivateLinkage);
  }
  return true;
}
