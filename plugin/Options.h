//===- Options.h - allocsite's command-line options -----------------------===//
//
// Every option is an LLVM cl::opt named -allocsite-<name>, usable as
// `-mllvm -allocsite-<name>` when clang also loads the plugin with
// -fplugin=allocsite.so (allocsite-cc does), and through an environment
// variable ALLOCSITE_<NAME>, which always works (with -fpass-plugin alone
// clang rejects unknown -mllvm options before the plugin is loaded).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_OPTIONS_H
#define ALLOCSITE_OPTIONS_H

#include <cstdint>
#include <string>
#include <vector>

namespace allocsite {

// -allocsite-cross-check / ALLOCSITE_CROSS_CHECK=1: remark on every call that
// llvm::MemoryBuiltins and allocsite's allocator table classify differently.
bool crossCheckMemoryBuiltins();

// -allocsite-max-stack-size=N / ALLOCSITE_MAX_STACK_SIZE=N: the largest
// allocation judged promotable, in bytes (default 4096).
uint64_t maxStackSize();

// -allocsite-stack-buffer-size=K / ALLOCSITE_STACK_BUFFER_SIZE=K: the stack
// buffer a site whose size is not a compile-time constant may use when the
// size asked for fits (verdict promotable-if-small), in bytes; at most
// maxStackSize().  0 turns such verdicts off: the sites stay heap,
// non-constant-size.
uint64_t stackBufferSize();

// -allocsite-wrapper=SPEC[,SPEC...] (repeatable) and ALLOCSITE_WRAPPERS=SPEC,...
// (both are used): functions to treat as allocation wrappers, each NAME,
// NAME:SIZEARG or NAME:COUNTARG*SIZEARG (argument numbers from 0).  Parsed
// and checked against the module in Wrappers.cpp.
std::vector<std::string> userWrapperSpecs();

// -allocsite-free-wrapper=SPEC[,SPEC...] and ALLOCSITE_FREE_WRAPPERS: their
// matching frees, each NAME or NAME:POINTERARG (default argument 0).
std::vector<std::string> userFreeWrapperSpecs();
// -allocsite-profile-use=FILE[,FILE...] (repeatable) and
// ALLOCSITE_PROFILE_USE=FILE,... (both are used): reports of earlier runs
// that choose stack buffers and give remarks their hotness (ProfileUse.h).
std::vector<std::string> profileUseFiles();

// -allocsite-hotness-threshold=N / ALLOCSITE_HOTNESS_THRESHOLD=N: remarks
// only for sites the profile saw allocate at least N objects (0: all).
uint64_t hotnessThreshold();

// -allocsite-size-histograms=0 / ALLOCSITE_SIZE_HISTOGRAMS=0: no size
// histograms (allocsite_abi.h); they cost about a dozen instructions per
// allocation at a promotable-if-small site, and only profiles need them.
bool sizeHistograms();

// -allocsite-promote / ALLOCSITE_PROMOTE=1: rewrite every promotable site to
// a stack slot (StackPromotion.h).  Off by default: allocsite observes.
bool promoteToStack();

// -allocsite-defer-to-link / ALLOCSITE_DEFER_TO_LINK=1: the compile step of
// an -flto build leaves its module to the whole-program link step
// (WholeProgram.h).
bool deferToLink();

} // namespace allocsite

#endif // ALLOCSITE_OPTIONS_H
