//===- AllocatorTable.h - which calls allocate heap memory, and how much ---===//
//
// The one table of allocation functions allocsite knows: C's malloc family,
// POSIX's, glibc's, and every C++ replaceable operator new.  For each it
// records which arguments give the requested size, the alignment and the
// pointer it resizes, how success is told (non-null result, or
// posix_memalign's zero status), and the traits the rest of the plugin asks
// about (zeroed memory, page alignment, whether instrumented calls go
// through the runtime's direct pointer).  Every fact about one allocator is
// a column of its row in AllocatorTable.cpp: code never compares symbols.
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

// Traits of an allocator, a bit set.
enum AllocatorTrait : unsigned {
  NoTraits = 0,
  // Allocates without calling another allocator (the C malloc family):
  // instrumented calls go through the runtime's __allocsite_direct_<Symbol>
  // pointer (runtime/direct_pointers.c explains why).  strdup and reallocarray
  // call malloc/realloc inside the C library, operator new calls malloc;
  // those stay direct calls, and the runtime's interposer counts them.
  GoesThroughDirectPointer = 1 << 0,
  ZeroedMemory = 1 << 1,  // calloc: the object starts as zero bytes
  PageAligned = 1 << 2,   // valloc, pvalloc
  WholePages = 1 << 3,    // pvalloc: the size is rounded up to whole pages
  // Called by a C++ new-expression: only the size is the program's own
  // argument; the others (alignment, nothrow tag, hot/cold hint) are the
  // compiler's, so "the allocation as written" shows only the size.
  NewExpression = 1 << 4,
};

struct AllocatorInfo {
  const char *Symbol;      // linkage name, e.g. "_ZnamRKSt9nothrow_t"
  const char *DisplayName; // what users read, e.g. "operator new[](nothrow)"
  unsigned NumParams;      // for the prototype check
  SuccessTest Success;
  SizeRule Size;
  int SizeArg;             // -1 for ResultStrlen
  int CountArg;            // only for SizeRule::Product
  int AlignArg = -1;       // the requested alignment; -1: what malloc guarantees
  int ResizedArg = -1;     // realloc-like: the pointer it resizes (and may free)
  unsigned Traits = NoTraits; // AllocatorTrait bits

  bool has(AllocatorTrait T) const { return (Traits & T) != 0; }
  bool reallocates() const { return ResizedArg >= 0; }
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
