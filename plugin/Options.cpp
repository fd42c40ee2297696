//===- Options.cpp - allocsite's command-line options ---------------------===//
#include "Options.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace {

// ---- Command-line flags ----------------------------------------------------
cl::opt<uint64_t> ClMaxStackSize(
    "allocsite-max-stack-size",
    cl::desc("Largest allocation, in bytes, that allocsite judges promotable to the stack"),
    cl::init(4096));

cl::opt<bool> ClPromote(
    "allocsite-promote",
    cl::desc("Rewrite every allocation that allocsite judges promotable to a stack slot, "
             "deleting its frees"),
    cl::init(false));

// ---- Debug flags ----------------------------------------------------------
cl::opt<bool> ClCrossCheck(
    "allocsite-cross-check",
    cl::desc("Remark (-Rpass-analysis=allocsite) on calls that llvm::MemoryBuiltins and "
             "allocsite's allocator table classify differently"),
    cl::init(false));

bool envFlag(const char *Name) {
  const char *V = getenv(Name);
  return V && *V && strcmp(V, "0") != 0;
}

} // namespace

uint64_t allocsite::maxStackSize() {
  // An explicit -mllvm option wins over the environment.
  if (ClMaxStackSize.getNumOccurrences())
    return ClMaxStackSize;
  if (const char *V = getenv("ALLOCSITE_MAX_STACK_SIZE")) {
    char *End;
    unsigned long long N = strtoull(V, &End, 10);
    if (*V && !*End)
      return N;
    errs() << "allocsite: warning: ignoring ALLOCSITE_MAX_STACK_SIZE='" << V
           << "': not a number of bytes\n";
  }
  return ClMaxStackSize;
}

bool allocsite::crossCheckMemoryBuiltins() {
  return ClCrossCheck || envFlag("ALLOCSITE_CROSS_CHECK");
}

bool allocsite::promoteToStack() {
  if (ClPromote.getNumOccurrences())
    return ClPromote;
  return envFlag("ALLOCSITE_PROMOTE");
}
