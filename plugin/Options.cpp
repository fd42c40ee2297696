//===- Options.cpp - allocsite's command-line options ---------------------===//
#include "Options.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
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

cl::list<std::string> ClWrappers(
    "allocsite-wrapper",
    cl::desc("Allocation wrappers to count and judge at their call sites: NAME, NAME:SIZEARG or "
             "NAME:COUNTARG*SIZEARG (arguments from 0; also ALLOCSITE_WRAPPERS)"),
    cl::CommaSeparated, cl::ZeroOrMore);

cl::list<std::string> ClFreeWrappers(
    "allocsite-free-wrapper",
    cl::desc("Functions that free what a wrapper allocated: NAME or NAME:POINTERARG "
             "(also ALLOCSITE_FREE_WRAPPERS)"),
    cl::CommaSeparated, cl::ZeroOrMore);
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

// The option's values, then the environment variable's comma-separated ones.
std::vector<std::string> specList(const cl::list<std::string> &Option, const char *Env) {
  std::vector<std::string> Specs(Option.begin(), Option.end());
  if (const char *V = getenv(Env)) {
    SmallVector<StringRef, 8> Parts;
    StringRef(V).split(Parts, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    for (StringRef P : Parts)
      if (!P.trim().empty())
        Specs.push_back(P.trim().str());
  }
  return Specs;
}

} // namespace

std::vector<std::string> allocsite::userWrapperSpecs() {
  return specList(ClWrappers, "ALLOCSITE_WRAPPERS");
}

std::vector<std::string> allocsite::userFreeWrapperSpecs() {
  return specList(ClFreeWrappers, "ALLOCSITE_FREE_WRAPPERS");
}

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
