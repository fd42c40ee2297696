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

namespace allocsite {

// -allocsite-cross-check / ALLOCSITE_CROSS_CHECK=1: remark on every call that
// llvm::MemoryBuiltins and allocsite's allocator table classify differently.
bool crossCheckMemoryBuiltins();

// -allocsite-max-stack-size=N / ALLOCSITE_MAX_STACK_SIZE=N: the largest
// allocation judged promotable, in bytes (default 4096).
uint64_t maxStackSize();

// -allocsite-promote / ALLOCSITE_PROMOTE=1: rewrite every promotable site to
// a stack slot (StackPromotion.h).  Off by default: allocsite observes.
bool promoteToStack();

} // namespace allocsite

#endif // ALLOCSITE_OPTIONS_H
