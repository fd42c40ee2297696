//===- LLVMCompat.h - the only place that knows LLVM 14 from LLVM 19 ------===//
//
// allocsite builds from one source tree against LLVM 14 and 19.  Every API
// difference the plugin meets is wrapped here, so the pass reads the same
// for both versions.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_LLVMCOMPAT_H
#define ALLOCSITE_LLVMCOMPAT_H

#include "llvm/Config/llvm-config.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/Type.h"

#include <optional>
#include <string>

namespace llvm {
class Function;
class Module;
class TargetTransformInfo;
} // namespace llvm

namespace allocsite {

// clang 14 emits typed pointers, clang 19 only opaque `ptr`.  Tables and
// runtime calls use "pointer to bytes": i8* on 14, ptr on 19.
inline llvm::PointerType *bytePtrTy(llvm::LLVMContext &Ctx) {
#if LLVM_VERSION_MAJOR >= 15
  return llvm::PointerType::getUnqual(Ctx);
#else
  return llvm::Type::getInt8PtrTy(Ctx);
#endif
}

// A pointer to a value of type T: typed on 14, opaque on 19.
inline llvm::PointerType *pointerTo(llvm::Type *T) {
#if LLVM_VERSION_MAJOR >= 15
  return llvm::PointerType::getUnqual(T->getContext());
#else
  return llvm::PointerType::getUnqual(T);
#endif
}

// llvm::demangle takes const std::string& on 14 and std::string_view on 19.
inline std::string demangleName(const std::string &Mangled) {
  return llvm::demangle(Mangled);
}

// Adds scalar replacement of aggregates (SROA) to FPM.  LLVM 14's SROAPass
// has a default constructor; from 16 it must be told whether it may change
// the CFG (the default pipelines let it: ModifyCFG).
void addSROA(llvm::FunctionPassManager &FPM);

// LLVM 19 keeps debug information as records attached to instructions,
// or as intrinsic calls, per module and function; a function created for
// analysis must use its original's form.  LLVM 14 has only the calls.
void matchDebugInfoFormat(llvm::Module &Copy, const llvm::Module &Original);
void matchDebugInfoFormat(llvm::Function &Copy, const llvm::Function &Original);

// The smallest page size of the target, where LLVM knows it
// (TargetTransformInfo::getMinPageSize, LLVM 17 and later); nothing on 14.
std::optional<unsigned> minPageSize(const llvm::TargetTransformInfo &TTI);

// Host clang's LLVM major version, as far as it can be told from inside a
// plugin: LLVMGetVersion exists from LLVM 16 on.  Returns 0 for "older than
// 16".  Used to refuse loading into the wrong clang instead of crashing
// (a 14 plugin loaded into clang 19 dies with "LLVM ERROR: out of memory").
unsigned hostLLVMMajor();

} // namespace allocsite

#endif // ALLOCSITE_LLVMCOMPAT_H
