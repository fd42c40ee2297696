//===- Wrappers.h - allocation wrappers: xmalloc, g_malloc, and their frees ===//
//
// Real C code rarely calls malloc directly: it calls xmalloc, g_malloc,
// zmalloc.  The question "could this object live on the stack?" is asked at
// the wrapper's call site, where the object is used; the malloc inside the
// wrapper always escapes (it is returned).  The WrapperTable says which
// functions are allocation wrappers, how their arguments map to the
// requested size, and which functions are the matching frees.  It is made
// before the escape analysis judges anything, and read-only afterwards.
// Each way of recognising a wrapper is its own unit (WrapperRecognisers.h):
// named by the user (NamedWrappers.cpp), declared with attributes
// (DeclaredWrappers.cpp), defined here and pure (DefinedWrappers.cpp).
//
// An ALLOCATION WRAPPER is, in order of precedence:
//   1. named by the user: -allocsite-wrapper=NAME[:N[*M]] / ALLOCSITE_WRAPPERS;
//   2. defined in this translation unit (a definition nothing can replace at
//      link time) and PURE: every value it returns is, through casts, phis
//      and selects, null or the fresh result of an allocator (the malloc
//      family, operator new, or another wrapper), and that fresh pointer is
//      otherwise only compared, read through, zeroed (memset/bzero) or given
//      to malloc_usable_size.  Effects that do not touch the pointer are
//      allowed: statistics counters, and a null check that reports and
//      aborts or exits.  Storing a header and returning p+k, writing fields,
//      or returning a cached, global or argument pointer on some path all
//      disqualify it: such a function is judged as ordinary code;
//   3. declared (not defined here) with __attribute__((malloc)) (a noalias
//      return) or __attribute__((alloc_size(...))) (allocsize), unless it is
//      a C library function: TargetLibraryInfo knows it (fopen, opendir,
//      tmpfile, whose noalias return comes from glibc's headers or LLVM's
//      own inference), or it is one of glibc's few other handle constructors.
//
// The size maps through: xmalloc(n) -> malloc(n) gives "bytes = argument 0";
// zalloc(n) -> calloc(n, 16) gives "bytes = 16 * argument 0"; a constant size
// gives that constant; xstrdup -> strdup counts strlen(result) + 1.  When the
// size is not such an expression (n + 8, a size chosen on a path) the call
// still counts objects, with 0 bytes, and is never promotable.
//
// A wrapper whose allocation is realloc(param, n) is REALLOC-LIKE: its calls
// are sites (allocator "xrealloc", bytes n) with verdict `reallocated`, and
// the pointer passed to it is reallocated.
//
// A FREE WRAPPER (xfree, g_free) frees one pointer parameter: user-named with
// -allocsite-free-wrapper=NAME[:N] / ALLOCSITE_FREE_WRAPPERS, or defined here
// and pure: the parameter is only compared and handed to free (or operator
// delete, or another free wrapper).  A function that also reads the object
// before freeing it is a destructor, not a free wrapper.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_WRAPPERS_H
#define ALLOCSITE_WRAPPERS_H

#include "AllocatorTable.h"

#include "llvm/IR/PassManager.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace llvm {
class CallBase;
class Function;
class Module;
class TargetLibraryInfo;
} // namespace llvm

namespace allocsite {

class AnalysisBodies;

// How a wrapper call's arguments give the requested bytes:
// Factor * arg[CountArg] * arg[SizeArg], an absent argument counting as 1.
struct WrapperSize {
  bool Known = false;  // false: bytes are counted as 0, never promotable
  bool Strlen = false; // strlen(result) + 1, like strdup
  uint64_t Factor = 1;
  int CountArg = -1;
  int SizeArg = -1;
  bool operator==(const WrapperSize &O) const {
    return Known == O.Known && Strlen == O.Strlen && Factor == O.Factor &&
           CountArg == O.CountArg && SizeArg == O.SizeArg;
  }
};

struct WrapperInfo {
  std::string Name; // as users read it (demangled)
  WrapperSize Size;
  bool Reallocates = false; // realloc-like: returns a resized PointerArg
  int PointerArg = -1;
  AllocatorInfo Info; // Symbol/DisplayName point into Name/Symbol below
  std::string Symbol;
};

// What a call allocates with: an allocator of the table, or else a wrapper.
struct AllocationCall {
  const AllocatorInfo *Allocator = nullptr; // a wrapper's own Info for a wrapper call
  const WrapperInfo *Wrapper = nullptr;
  explicit operator bool() const { return Allocator != nullptr; }
};

class WrapperTable {
public:
  // Recognises the module's wrappers, looking at functions through their
  // analysis bodies.  Invalid user specs are reported as errors through the
  // LLVMContext (clang prints them and fails); valid() is then false.
  WrapperTable(llvm::Module &M, llvm::FunctionAnalysisManager &FAM, AnalysisBodies &Bodies);
  ~WrapperTable();
  bool valid() const { return Valid; }

  // The wrapper a call calls directly (through pointer casts), or null.
  const WrapperInfo *wrapperCalled(const llvm::CallBase &CB) const;
  const WrapperInfo *wrapper(const llvm::Function &F) const;
  // An allocator of the table first, then a wrapper: what makes a call a site.
  AllocationCall allocationCalled(const llvm::CallBase &CB,
                                  const llvm::TargetLibraryInfo &TLI) const;
  // The parameter a free wrapper frees, or nothing.
  std::optional<unsigned> freedArgument(const llvm::Function &F) const;
  // The argument a call of Callee frees: a free wrapper's, or 0 for a C
  // library function known to free; nothing for other functions.
  std::optional<unsigned> argumentFreedBy(const llvm::Function &Callee) const;
  // The wrapper that returns the result of this allocation call (a call in
  // the wrapper's own body), or null.
  const WrapperInfo *returnedByWrapper(const llvm::CallBase &CB) const;
  // Every wrapper and free wrapper, for the analysis printer.
  const std::map<const llvm::Function *, std::unique_ptr<WrapperInfo>> &wrappers() const {
    return Wrappers;
  }
  const std::map<const llvm::Function *, unsigned> &freeWrappers() const { return Frees; }

  // For the recognisers, while the table is made.
  void addWrapper(const llvm::Function &F, std::unique_ptr<WrapperInfo> W);
  void addFreeWrapper(const llvm::Function &F, unsigned Arg) { Frees[&F] = Arg; }
  void addInnerSite(const llvm::CallBase &CB, const WrapperInfo &W) { InnerSites[&CB] = &W; }
  void invalidate() { Valid = false; }

private:
  bool Valid = true;
  std::map<const llvm::Function *, std::unique_ptr<WrapperInfo>> Wrappers;
  std::map<const llvm::Function *, unsigned> Frees;
  std::map<const llvm::CallBase *, const WrapperInfo *> InnerSites;
};

// A wrapper of F, as the recognisers make them; the size mapped by Size.
std::unique_ptr<WrapperInfo> makeWrapper(const llvm::Function &F, WrapperSize Size);

} // namespace allocsite

#endif // ALLOCSITE_WRAPPERS_H
