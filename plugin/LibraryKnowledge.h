//===- LibraryKnowledge.h - what C library calls do with pointers ---------===//
//
// The escape analysis asks, for a call to a function it cannot see into,
// what the callee may do with a pointer argument (and wrapper recognition,
// what a wrapper may do with its fresh pointer).  LLVM's own attributes
// (nocapture, nofree) are only inferred at -O1 and above and miss much of
// the C library, so allocsite keeps its own table here.  Which functions it
// may see into instead (trusted definitions) is decided here too.
//
// To extend it, add a row to the table in LibraryKnowledge.cpp: the
// function's name, what it does with its pointer arguments, which argument
// (if any) it returns, and its traits.  A function missing from the table
// is assumed to capture and free every pointer it is given.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_LIBRARYKNOWLEDGE_H
#define ALLOCSITE_LIBRARYKNOWLEDGE_H

#include "llvm/ADT/StringRef.h"

namespace llvm {
class CallBase;
class Function;
} // namespace llvm

namespace allocsite {

enum class LibraryEffect {
  Unknown,       // not in the table: may capture, may free
  ReadsWrites,   // reads or writes through pointer arguments, captures none
  Frees,         // frees its first argument (free, operator delete)
  Reallocates,   // reallocates its first argument (realloc, reallocarray)
  StartsThread,  // pthread_create: hands argument ThreadArg to a new thread
  SortsArray,    // qsort/bsearch: no capture, but calls the comparator with
                 // pointers into the array (argument ComparatorArg)
};

struct LibraryFunction {
  LibraryEffect Effect = LibraryEffect::Unknown;
  int ReturnsArg = -1;    // the result points into this argument
  int ThreadArg = -1;     // for StartsThread
  int ComparatorArg = -1; // for SortsArray
  // Writes plain bytes over its first argument (memset, bzero): a wrapper
  // may clear its fresh object with it (Wrappers.h).
  bool FillsFirstArg = false;
  // Reads the allocator's own bookkeeping of a heap object
  // (malloc_usable_size): harmless for a wrapper's or free wrapper's pointer,
  // but a stack object must never reach it, so for the escape analysis it
  // stays Unknown.
  bool QueriesAllocation = false;
};

LibraryFunction lookupLibraryFunction(llvm::StringRef Name);

// A definition the analysis may look into instead of asking the table:
// nothing can replace it at link or load time, so what it does is what runs.
bool isTrustedDefinition(const llvm::Function &F);

// The function a call calls directly (through pointer casts), or null.
const llvm::Function *directCallee(const llvm::CallBase &CB);

} // namespace allocsite

#endif // ALLOCSITE_LIBRARYKNOWLEDGE_H
