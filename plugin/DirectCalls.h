//===- DirectCalls.h - instrumented calls through the runtime's pointers ---===//
//
// Instrumented calls of the C malloc family, and instrumented code's frees,
// call the allocator through the runtime's @__allocsite_direct_<name>
// pointers instead of by name: the runtime interposes malloc for the whole
// process, and a site that already counted its allocation must not pay the
// interposer's counting a second time (allocsite_abi.h, "DIRECT POINTERS").
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_DIRECTCALLS_H
#define ALLOCSITE_DIRECTCALLS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"

namespace llvm {
class CallBase;
}

namespace allocsite {

struct AllocatorInfo;

// The C malloc family (AllocatorTable.h says which).
bool goesThroughDirectPointer(const AllocatorInfo &Info);

// Calls Symbol through the runtime's pointer for it; the call's type and
// arguments stay as they are.
void callThroughDirectPointer(llvm::CallBase *CB, llvm::StringRef Symbol);

// Every call of free in the module's definitions; true if any.
bool redirectFrees(llvm::Module &M, llvm::FunctionAnalysisManager &FAM);

} // namespace allocsite

#endif // ALLOCSITE_DIRECTCALLS_H
