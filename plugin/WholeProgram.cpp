//===- WholeProgram.cpp - -flto builds judged as one program --------------===//
#include "WholeProgram.h"
#include "RuntimeABI.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace {

constexpr const char *DeferredMarkerName = "allocsite.deferred";
constexpr const char *UnitKind = "allocsite.unit";
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
  LLVMContext &Ctx = M.getContext();
  M.getOrInsertNamedMetadata(DeferredMarkerName)
      ->addOperand(MDTuple::get(Ctx, {MDString::get(Ctx, unitSourceName(M))}));
  MDNode *Unit = MDTuple::get(Ctx, {MDString::get(Ctx, M.getSourceFileName())});
  for (Function &F : M)
    if (!F.isDeclaration())
      F.setMetadata(UnitKind, Unit);
  // A reference in llvm.used: no optimisation, at compile or at a link's
  // LTO, may drop it, so an object file or LTO link made from M keeps it.
  GlobalVariable *Check = linkCheck(M);
  auto *Holder = new GlobalVariable(M, Check->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, Check,
                                    "__allocsite_deferred_link_check");
  appendToUsed(M, {Holder});
}

bool allocsite::isWholeProgram(const Module &M) {
  return M.getNamedMetadata(DeferredMarkerName) != nullptr;
}

std::string allocsite::unitName(const Function &F) {
  if (const MDNode *Unit = F.getMetadata(UnitKind))
    if (Unit->getNumOperands() == 1)
      if (const auto *Name = dyn_cast<MDString>(Unit->getOperand(0)))
        return Name->getString().str();
  return F.getParent()->getSourceFileName();
}

bool allocsite::settleDeferredModules(Module &M) {
  NamedMDNode *Deferred = M.getNamedMetadata(DeferredMarkerName);
  if (!Deferred)
    return false;
  std::string Sources;
  for (const MDNode *Source : Deferred->operands())
    if (Source->getNumOperands() == 1)
      if (const auto *Name = dyn_cast<MDString>(Source->getOperand(0)))
        Sources += (Sources.empty() ? "" : ", ") + Name->getString().str();
  if (!Sources.empty())
    M.setSourceFileName(Sources);
  // Defined here, privately: the holders (one per merged module) stay, a
  // pointer each, and the symbol never reaches the object file's table.
  GlobalVariable *Check = linkCheck(M);
  if (Check->isDeclaration()) {
    Check->setInitializer(ConstantInt::get(Type::getInt8Ty(M.getContext()), 0));
    Check->setLinkage(GlobalValue::PrivateLinkage);
  }
  return true;
}
