//===- Options.cpp - allocsite's command-line options ---------------------===//
#include "Options.h"

#include "llvm/Support/CommandLine.h"

#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace {

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

bool allocsite::crossCheckMemoryBuiltins() {
  return ClCrossCheck || envFlag("ALLOCSITE_CROSS_CHECK");
}
