//===- AllocatorTable.h - which calls allocate heap memory, and how much ---===//
//
// The one table of allocation functions allocsite knows: C's malloc family,
// POSIX's, glibc's, and every C++ replaceable operator new.  For each it
// records which arguments give the requested size and how success is told
// (non-null result, or posix_memalign's zero status).
//
// Why not llvm::MemoryBuiltins: on LLVM 19 it recognises malloc/calloc/realloc
// only after InferFunctionAttrs has added allockind attributes, so never at
// -O0, and posix_memalign nowhere; on 14 it is name-based with other gaps.
// TargetLibraryInfo's LibFunc lookup (name plus prototype check) is stable in
// both versions, so names it knows are validated through it, and the few it
// does not know (reallocarray, pvalloc, the hot/cold operator new variants on
// 14) get the same prototype check here.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_ALLOCATORTABLE_H
#define ALLOCSITE_ALLOCATORTABLE_H

#include "llvm/ADT/StringRef.h"

namespace llvm {
class CallBase;
class TargetLibraryInfo;
} // namespace llvm

namespace allocsite {

enum class SuccessTest {
  NonNullResult,  // the returned pointer is the allocation, null on failure
  ZeroStatus,     // posix_memalign: returns 0 and stores through argument 0
};

enum class SizeRule {
  Argument,        // bytes = arg[SizeArg]
  Product,         // bytes = arg[CountArg] * arg[SizeArg] (calloc, reallocarray)
  ResultStrlen,    // bytes = strlen(result) + 1 (strdup, strndup)
};

struct AllocatorInfo {
  const char *Symbol;      // linkage name, e.g. "_ZnamRKSt9nothrow_t"
  const char *DisplayName; // what users read, e.g. "operator new[](nothrow)"
  unsigned NumParams;      // for the prototype check
  SuccessTest Success;
  SizeRule Size;
  int SizeArg;             // -1 for ResultStrlen
  int CountArg;            // only for SizeRule::Product
};

// The allocator a call or invoke calls directly (through pointer casts), or
// null.  Indirect calls are not sites: the runtime interposer counts them.
const AllocatorInfo *classifyAllocationCall(const llvm::CallBase &CB,
                                            const llvm::TargetLibraryInfo &TLI);

// The table's entry for a linkage name, without any prototype check (for
// telling the malloc family from other functions by name only).
const AllocatorInfo *lookupAllocatorSymbol(llvm::StringRef Name);

} // namespace allocsite

#endif // ALLOCSITE_ALLOCATORTABLE_H
