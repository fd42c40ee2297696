//===- AnalysisBodies.cpp - SSA copies in a private module ----------------===//
#include "AnalysisBodies.h"

#include "LLVMCompat.h"

#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

#include <vector>

using namespace llvm;

namespace allocsite {
namespace {

std::vector<AllocaInst *> promotableSlots(Function &F) {
  std::vector<AllocaInst *> Slots;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (isAllocaPromotable(AI))
        Slots.push_back(AI);
  return Slots;
}

} // namespace

Value *AnalysisBody::inBody(Value *Original) {
  if (!IsCopy)
    return Original;
  auto It = VMap.find(Original);
  return It == VMap.end() ? nullptr : &*It->second;
}

CallBase *AnalysisBody::original(const CallBase *InBody) const {
  if (!IsCopy)
    return const_cast<CallBase *>(InBody);
  auto It = CallOriginals.find(InBody);
  return It == CallOriginals.end() ? nullptr : cast<CallBase>(It->second);
}

AnalysisBodies::AnalysisBodies(Module &M) : M(M) {}

AnalysisBodies::~AnalysisBodies() {
  // The copies use the user's globals and functions: drop those uses before
  // the private module goes, so nothing of it is left in their use lists.
  Bodies.clear();
  if (Copies)
    for (Function &F : *Copies)
      F.dropAllReferences();
}

AnalysisBody &AnalysisBodies::of(Function &F) {
  std::unique_ptr<AnalysisBody> &Slot = Bodies[&F];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<AnalysisBody>();
  AnalysisBody &B = *Slot;
  if (promotableSlots(F).empty()) {
    B.Body = &F;
  } else {
    if (!Copies) {
      Copies = std::make_unique<Module>(M.getModuleIdentifier() + ".allocsite.analysis",
                                        M.getContext());
      Copies->setDataLayout(M.getDataLayout());
      Copies->setTargetTriple(M.getTargetTriple());
      matchDebugInfoFormat(*Copies, M);
    }
    // What CloneFunction does, into the private module.  Metadata is shared
    // with the original, except the subprogram CloneFunctionInto copies for
    // a function's own locations.
    Function *Copy = Function::Create(F.getFunctionType(), F.getLinkage(), F.getAddressSpace(),
                                      F.getName() + ".allocsite.analysis", Copies.get());
    matchDebugInfoFormat(*Copy, F);
    auto Arg = Copy->arg_begin();
    for (Argument &A : F.args()) {
      Arg->setName(A.getName());
      B.VMap[&A] = &*Arg++;
    }
    SmallVector<ReturnInst *, 8> Returns;
    CloneFunctionInto(Copy, &F, B.VMap, CloneFunctionChangeType::LocalChangesOnly, Returns);
    Copy->setLinkage(GlobalValue::InternalLinkage);
    Copy->setComdat(nullptr); // the user's comdat would list the copy as a member
    B.Body = Copy;
    B.IsCopy = true;
    std::vector<AllocaInst *> Slots = promotableSlots(*Copy);
    DominatorTree DT(*Copy);
    PromoteMemToReg(Slots, DT);
    for (Instruction &I : instructions(F))
      if (isa<CallBase>(&I))
        if (Value *InCopy = B.inBody(&I))
          B.CallOriginals[InCopy] = &I;
  }
  B.DT = std::make_unique<DominatorTree>(*B.Body);
  B.LI = std::make_unique<LoopInfo>(*B.DT);
  return B;
}

} // namespace allocsite
