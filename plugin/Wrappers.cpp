//===- Wrappers.cpp - the wrapper table: recognition order and queries ----===//
#include "Wrappers.h"

#include "LLVMCompat.h"
#include "LibraryKnowledge.h"
#include "WrapperRecognisers.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace allocsite {
namespace {

// "xmalloc" for both C's xmalloc and C++'s xmalloc(unsigned long).
std::string displayName(const Function &F) {
  std::string D = demangleName(F.getName().str());
  size_t Paren = D.find('(');
  return Paren == std::string::npos || Paren == 0 ? D : D.substr(0, Paren);
}

} // namespace

std::unique_ptr<WrapperInfo> makeWrapper(const Function &F, WrapperSize Size) {
  auto W = std::make_unique<WrapperInfo>();
  W->Name = displayName(F);
  W->Symbol = F.getName().str();
  W->Size = Size;
  // The AllocatorInfo view the instrumentation and remarks share with the
  // malloc family; the size itself always comes from W->Size.
  W->Info = AllocatorInfo{W->Symbol.c_str(), W->Name.c_str(), (unsigned)F.arg_size(),
                          SuccessTest::NonNullResult, SizeRule::Argument, Size.SizeArg,
                          Size.CountArg};
  return W;
}

WrapperTable::WrapperTable(Module &M, FunctionAnalysisManager &FAM, AnalysisBodies &Bodies) {
  const Function *AnyDefinition = nullptr;
  for (Function &F : M)
    if (!F.isDeclaration()) {
      AnyDefinition = &F;
      break;
    }
  if (!AnyDefinition)
    return;
  const TargetLibraryInfo &TLI =
      FAM.getResult<TargetLibraryAnalysis>(const_cast<Function &>(*AnyDefinition));
  recogniseNamedWrappers(M, *this);
  if (!Valid)
    return;
  recogniseDeclaredWrappers(M, TLI, *this);
  recogniseDefinedWrappers(M, TLI, Bodies, *this);
  recogniseDefinedFreeWrappers(M, Bodies, *this);
  recordInWrapperSites(Bodies, *this);
}

WrapperTable::~WrapperTable() = default;

void WrapperTable::addWrapper(const Function &F, std::unique_ptr<WrapperInfo> W) {
  Wrappers[&F] = std::move(W);
}

const WrapperInfo *WrapperTable::wrapper(const Function &F) const {
  auto It = Wrappers.find(&F);
  return It == Wrappers.end() ? nullptr : It->second.get();
}

const WrapperInfo *WrapperTable::wrapperCalled(const CallBase &CB) const {
  const Function *Callee = directCallee(CB);
  const WrapperInfo *W = Callee ? wrapper(*Callee) : nullptr;
  if (!W)
    return nullptr;
  // The call itself must supply the arguments the size is taken from.
  FunctionType *FT = CB.getFunctionType();
  if (!FT->getReturnType()->isPointerTy())
    return nullptr;
  for (int Arg : {W->Size.CountArg, W->Size.SizeArg, W->PointerArg})
    if (Arg >= 0 && (unsigned)Arg >= CB.arg_size())
      return nullptr;
  return W;
}

AllocationCall WrapperTable::allocationCalled(const CallBase &CB,
                                              const TargetLibraryInfo &TLI) const {
  AllocationCall A;
  A.Allocator = classifyAllocationCall(CB, TLI);
  if (!A.Allocator)
    if ((A.Wrapper = wrapperCalled(CB)))
      A.Allocator = &A.Wrapper->Info;
  return A;
}

std::optional<unsigned> WrapperTable::freedArgument(const Function &F) const {
  auto It = Frees.find(&F);
  return It == Frees.end() ? std::nullopt : std::optional<unsigned>(It->second);
}

std::optional<unsigned> WrapperTable::argumentFreedBy(const Function &Callee) const {
  if (std::optional<unsigned> Freed = freedArgument(Callee))
    return Freed;
  if (!isTrustedDefinition(Callee) &&
      lookupLibraryFunction(Callee.getName()).Effect == LibraryEffect::Frees)
    return 0;
  return std::nullopt;
}

const WrapperInfo *WrapperTable::returnedByWrapper(const CallBase &CB) const {
  auto It = InnerSites.find(&CB);
  return It == InnerSites.end() ? nullptr : It->second;
}

} // namespace allocsite
