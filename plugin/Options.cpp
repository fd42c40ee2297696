//===- Options.cpp - allocsite's command-line options ---------------------===//
#include "Options.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace {

// ---- Command-line flags ----------------------------------------------------
cl::opt<uint64_t> ClMaxStackSize(
    "allocsite-max-stack-size",
    cl::desc("Largest allocation, in bytes, that allocsite judges promotable to the stack"),
    cl::init(4096));

// 32 bytes, as Go (since 1.25 a make([]T, n) that does not escape gets a
// 32-byte stack buffer): C's variable-size temporaries are mostly short
// strings (a token, a key, a name, a formatted number), and the ones the
// examples make fit - person_json's strdup of a name (5 bytes) and its JSON
// object (25 bytes).  Each site's buffer adds this much to its frame
// whether or not it is used, so it stays small; a program whose strings are
// longer can raise it.
cl::opt<uint64_t> ClStackBufferSize(
    "allocsite-stack-buffer-size",
    cl::desc("Stack buffer, in bytes, for a non-escaping allocation whose size is not a "
             "compile-time constant; larger sizes go to the heap (at most "
             "-allocsite-max-stack-size; 0: never)"),
    cl::init(32));

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
cl::list<std::string> ClProfileUse(
    "allocsite-profile-use",
    cl::desc("Reports (allocsite.json) of earlier runs: choose each promotable-if-small site's "
             "stack buffer from the sizes seen, and give remarks the sites' object counts as "
             "hotness (several are summed; also ALLOCSITE_PROFILE_USE)"),
    cl::CommaSeparated, cl::ZeroOrMore);

// clang's own -fdiagnostics-hotness-threshold=N filters our remarks too
// (they carry hotness), but clang 14 and 19 warn that it "requires
// profile-guided optimization information" (they look for their own PGO
// data), a warning no -Wno- flag silences; this one filters quietly.
cl::opt<uint64_t> ClHotnessThreshold(
    "allocsite-hotness-threshold",
    cl::desc("Drop the remarks of sites with fewer run-time objects than this in the "
             "-allocsite-profile-use reports, and of sites they do not have (also "
             "ALLOCSITE_HOTNESS_THRESHOLD)"),
    cl::init(0));

cl::opt<bool> ClSizeHistograms(
    "allocsite-size-histograms",
    cl::desc("Count the sizes asked for at each promotable-if-small site in power-of-two "
             "buckets, for -allocsite-profile-use (default on; also "
             "ALLOCSITE_SIZE_HISTOGRAMS=0)"),
    cl::init(true));

cl::opt<bool> ClPromote(
    "allocsite-promote",
    cl::desc("Rewrite every allocation that allocsite judges promotable to a stack slot, "
             "deleting its frees"),
    cl::init(false));

cl::opt<bool> ClDeferToLink(
    "allocsite-defer-to-link",
    cl::desc("Under -flto: leave the module uninstrumented, for allocsite-cc's whole-program "
             "link step to judge and instrument with every file's functions in view (also "
             "ALLOCSITE_DEFER_TO_LINK=1; allocsite-cc sets it)"),
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

std::vector<std::string> allocsite::profileUseFiles() {
  return specList(ClProfileUse, "ALLOCSITE_PROFILE_USE");
}

// A number (of What): an explicit -mllvm option wins over the environment.
static uint64_t numberOption(const cl::opt<uint64_t> &Option, const char *Env,
                             const char *What = "bytes") {
  if (Option.getNumOccurrences())
    return Option;
  if (const char *V = getenv(Env)) {
    char *End;
    unsigned long long N = strtoull(V, &End, 10);
    if (*V && !*End)
      return N;
    errs() << "allocsite: warning: ignoring " << Env << "='" << V
           << "': not a number of " << What << "\n";
  }
  return Option;
}

uint64_t allocsite::maxStackSize() {
  return numberOption(ClMaxStackSize, "ALLOCSITE_MAX_STACK_SIZE");
}

uint64_t allocsite::stackBufferSize() {
  return std::min(numberOption(ClStackBufferSize, "ALLOCSITE_STACK_BUFFER_SIZE"), maxStackSize());
}

uint64_t allocsite::hotnessThreshold() {
  return numberOption(ClHotnessThreshold, "ALLOCSITE_HOTNESS_THRESHOLD", "objects");
}

bool allocsite::crossCheckMemoryBuiltins() {
  return ClCrossCheck || envFlag("ALLOCSITE_CROSS_CHECK");
}

bool allocsite::sizeHistograms() {
  if (ClSizeHistograms.getNumOccurrences())
    return ClSizeHistograms;
  const char *V = getenv("ALLOCSITE_SIZE_HISTOGRAMS");
  return !V || !*V || strcmp(V, "0") != 0;
}

bool allocsite::promoteToStack() {
  if (ClPromote.getNumOccurrences())
    return ClPromote;
  return envFlag("ALLOCSITE_PROMOTE");
}

bool allocsite::deferToLink() {
  if (ClDeferToLink.getNumOccurrences())
    return ClDeferToLink;
  return envFlag("ALLOCSITE_DEFER_TO_LINK");
}
