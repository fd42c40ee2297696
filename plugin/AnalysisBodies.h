//===- AnalysisBodies.h - functions as the analysis sees them (SSA form) --===//
//
// At -O0 clang keeps every local variable in a stack slot, so an object's
// address flows through memory.  The analysis looks at each function as
// mem2reg would leave it: a copy whose promotable slots are SSA values,
// which makes -O0 code look like -O2 code.  The copies live in a private
// module of the same LLVMContext, never in the user's: the analysis adds
// and deletes nothing there, and what it claims to preserve it preserves.
// A copy's instructions still refer to the user's globals and functions
// (nothing else is cloned), so callees, the C library table and
// TargetLibraryInfo answer for a copy as for its original.  The copies go
// when the AnalysisBodies does, before anyone transforms the user's module.
//
// A function without promotable slots is its own body: no copy.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_ANALYSISBODIES_H
#define ALLOCSITE_ANALYSISBODIES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <map>
#include <memory>

namespace llvm {
class CallBase;
class Function;
class Module;
class Value;
} // namespace llvm

namespace allocsite {

struct AnalysisBody {
  llvm::Function *Body = nullptr; // the copy, or the original itself
  bool IsCopy = false;
  std::unique_ptr<llvm::DominatorTree> DT;
  std::unique_ptr<llvm::LoopInfo> LI;

  // The body's counterpart of a value of the original (null: lost).
  llvm::Value *inBody(llvm::Value *Original);
  // The original of a call in the body (null: it has none).
  llvm::CallBase *original(const llvm::CallBase *InBody) const;

private:
  friend class AnalysisBodies;
  llvm::ValueToValueMapTy VMap;                     // original -> copy
  llvm::DenseMap<const llvm::Value *, llvm::Value *> CallOriginals; // copy -> original
};

class AnalysisBodies {
public:
  explicit AnalysisBodies(llvm::Module &M);
  ~AnalysisBodies();
  AnalysisBodies(const AnalysisBodies &) = delete;
  AnalysisBodies &operator=(const AnalysisBodies &) = delete;

  // F's body, made on first request (F is a definition of the user's module).
  AnalysisBody &of(llvm::Function &F);

private:
  llvm::Module &M;
  std::unique_ptr<llvm::Module> Copies; // made on the first copy
  std::map<const llvm::Function *, std::unique_ptr<AnalysisBody>> Bodies;
};

} // namespace allocsite

#endif // ALLOCSITE_ANALYSISBODIES_H
