//===- LibraryKnowledge.cpp - the C library table -------------------------===//
#include "LibraryKnowledge.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"

using namespace llvm;

namespace allocsite {
namespace {

enum Trait : unsigned { FillsFirstArg = 1, QueriesAllocation = 2 };

struct Row {
  const char *Name;
  LibraryEffect Effect;
  int ReturnsArg;
  unsigned Traits = 0;
  int EffectArg = -1; // StartsThread: the thread's argument; SortsArray: the comparator
};

constexpr LibraryEffect RW = LibraryEffect::ReadsWrites;

// Functions that only read or write through their pointer arguments, and
// those that return a pointer into one of them.  Deliberately absent: the
// strto* family (they store a pointer derived from the string through
// endptr), setvbuf and friends (they keep the buffer), and anything that
// registers a pointer for later (atexit-style, signal handlers).
// clang-format off
const Row Rows[] = {
  // <string.h>
  {"strlen", RW, -1}, {"strnlen", RW, -1}, {"strcmp", RW, -1}, {"strncmp", RW, -1},
  {"strcasecmp", RW, -1}, {"strncasecmp", RW, -1}, {"strcoll", RW, -1}, {"strxfrm", RW, -1},
  {"strspn", RW, -1}, {"strcspn", RW, -1}, {"memcmp", RW, -1}, {"bcmp", RW, -1},
  {"bzero", RW, -1, FillsFirstArg}, {"explicit_bzero", RW, -1, FillsFirstArg},
  {"strcpy", RW, 0}, {"strncpy", RW, 0}, {"strcat", RW, 0}, {"strncat", RW, 0},
  {"stpcpy", RW, 0}, {"stpncpy", RW, 0}, {"memcpy", RW, 0}, {"memmove", RW, 0},
  {"memset", RW, 0, FillsFirstArg}, {"mempcpy", RW, 0}, {"strchr", RW, 0}, {"strrchr", RW, 0},
  {"strchrnul", RW, 0}, {"strstr", RW, 0}, {"strcasestr", RW, 0}, {"strpbrk", RW, 0},
  {"memchr", RW, 0}, {"memrchr", RW, 0}, {"rawmemchr", RW, 0},
  {"strdup", RW, -1}, {"strndup", RW, -1}, {"__strdup", RW, -1}, {"__strndup", RW, -1},
  // <stdio.h>: formatted output reads %s arguments and writes %n ones.
  {"printf", RW, -1}, {"fprintf", RW, -1}, {"dprintf", RW, -1}, {"sprintf", RW, -1},
  {"snprintf", RW, -1}, {"vprintf", RW, -1}, {"vfprintf", RW, -1}, {"vsprintf", RW, -1},
  {"vsnprintf", RW, -1}, {"scanf", RW, -1}, {"fscanf", RW, -1}, {"sscanf", RW, -1},
  {"__isoc99_scanf", RW, -1}, {"__isoc99_fscanf", RW, -1}, {"__isoc99_sscanf", RW, -1},
  {"puts", RW, -1}, {"fputs", RW, -1}, {"fputs_unlocked", RW, -1}, {"perror", RW, -1},
  {"fwrite", RW, -1}, {"fwrite_unlocked", RW, -1}, {"fread", RW, -1}, {"fread_unlocked", RW, -1},
  {"fgets", RW, 0}, {"fgets_unlocked", RW, 0}, {"fopen", RW, -1}, {"remove", RW, -1},
  {"rename", RW, -1},
  // <unistd.h>, <fcntl.h>, <sys/stat.h>
  {"read", RW, -1}, {"write", RW, -1}, {"pread", RW, -1}, {"pwrite", RW, -1},
  {"open", RW, -1}, {"access", RW, -1}, {"stat", RW, -1}, {"lstat", RW, -1},
  {"unlink", RW, -1}, {"getcwd", RW, 0},
  // <stdlib.h>
  {"atoi", RW, -1}, {"atol", RW, -1}, {"atoll", RW, -1}, {"atof", RW, -1},
  // _FORTIFY_SOURCE variants.
  {"__memcpy_chk", RW, 0}, {"__memmove_chk", RW, 0}, {"__memset_chk", RW, 0},
  {"__strcpy_chk", RW, 0}, {"__strncpy_chk", RW, 0}, {"__strcat_chk", RW, 0},
  {"__strncat_chk", RW, 0}, {"__stpcpy_chk", RW, 0}, {"__fgets_chk", RW, 0},
  {"__sprintf_chk", RW, -1}, {"__snprintf_chk", RW, -1}, {"__printf_chk", RW, -1},
  {"__fprintf_chk", RW, -1}, {"__vsnprintf_chk", RW, -1}, {"__read_chk", RW, -1},
  // Deallocation and reallocation.
  {"free", LibraryEffect::Frees, -1}, {"cfree", LibraryEffect::Frees, -1},
  {"realloc", LibraryEffect::Reallocates, -1}, {"reallocarray", LibraryEffect::Reallocates, -1},
  {"reallocf", LibraryEffect::Reallocates, -1},
  // The allocator's bookkeeping (see LibraryFunction::QueriesAllocation).
  {"malloc_usable_size", LibraryEffect::Unknown, -1, QueriesAllocation},
  // Calls back: a new thread, or a comparator given pointers into the array.
  {"pthread_create", LibraryEffect::StartsThread, -1, 0, 3},
  {"qsort", LibraryEffect::SortsArray, -1, 0, 3}, {"qsort_r", LibraryEffect::SortsArray, -1, 0, 3},
  {"bsearch", LibraryEffect::SortsArray, 1, 0, 4},
};
// clang-format on

} // namespace

bool isTrustedDefinition(const Function &F) {
  return !F.isDeclaration() && F.hasExactDefinition() && (F.hasLocalLinkage() || F.isDSOLocal());
}

const Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

LibraryFunction lookupLibraryFunction(StringRef Name) {
  static const StringMap<Row> Table = [] {
    StringMap<Row> T;
    for (const Row &R : Rows)
      T[R.Name] = R;
    return T;
  }();
  LibraryFunction F;
  // Every C++ operator delete: _ZdlPv, _ZdaPv, and their sized, aligned and
  // nothrow variants.
  if (Name.substr(0, 6) == "_ZdlPv" || Name.substr(0, 6) == "_ZdaPv") {
    F.Effect = LibraryEffect::Frees;
    return F;
  }
  auto It = Table.find(Name);
  if (It != Table.end()) {
    const Row &R = It->second;
    F.Effect = R.Effect;
    F.ReturnsArg = R.ReturnsArg;
    F.ThreadArg = R.Effect == LibraryEffect::StartsThread ? R.EffectArg : -1;
    F.ComparatorArg = R.Effect == LibraryEffect::SortsArray ? R.EffectArg : -1;
    F.FillsFirstArg = R.Traits & FillsFirstArg;
    F.QueriesAllocation = R.Traits & QueriesAllocation;
  }
  return F;
}

} // namespace allocsite
