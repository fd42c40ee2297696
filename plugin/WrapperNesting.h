//===- WrapperNesting.h - count an allocation once, at the outermost call --===//
//
// A call of an allocation wrapper (xmalloc, a function declared with
// __attribute__((malloc)), one the user named) is a site: it counts the
// allocation where the user asked for it.  Whatever the wrapper allocates
// inside that call (its own malloc, two levels further down, a pool's new
// chunk) must not be counted again at another site, wherever the wrapper is
// defined: in this file, in another instrumented file, in an uninstrumented
// library.  No single translation unit can know that, so the decision is made
// at run time with one byte of the runtime's per-thread state, `nested`
// (allocsite_abi.h, "THE THREAD STATE"):
//
//   %old = load i8 <nested>         ; before the wrapper call
//   store i8 1, <nested>
//   %p = call @xmalloc(...)
//   store i8 %old, <nested>          ; right after it, before its own count
//
// Every site skips its own count while the byte is set.  An exception or a
// longjmp can leave a wrapper call without passing the restoring store, so
// the byte is also put back, in every instrumented function, to the value it
// had when the function started (outside its own wrapper calls, the byte
// always has that value) at each landing pad that catches, at the unwind
// destination of each wrapper invoke, and after each call of a function that
// returns twice (setjmp).  Only uninstrumented code catching an exception
// thrown out of a wrapper call, or a longjmp into uninstrumented code, can
// still leave it set; README "Limits" says so.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_WRAPPERNESTING_H
#define ALLOCSITE_WRAPPERNESTING_H

#include <set>

namespace llvm {
class BasicBlock;
class CallBase;
class Module;
} // namespace llvm

namespace allocsite {

class ModuleTables;

// Sets `nested` around an (already instrumented) wrapper call, restoring it
// before the call's counting code.  Returns the call's unwind destination
// for an invoke (whose pad must restore it too), else null.
const llvm::BasicBlock *markWrapperCall(llvm::CallBase *Call, const ModuleTables &Tables);

// Puts `nested` back at landing pads that catch, at the unwind destinations
// of wrapper invokes (WrapperUnwindDests) and after setjmp-like calls, in
// every function of M not yet handled (an LTO link step runs the pass again).
void restoreNestingAfterUnwinds(llvm::Module &M, const ModuleTables &Tables,
                                const std::set<const llvm::BasicBlock *> &WrapperUnwindDests);

} // namespace allocsite

#endif // ALLOCSITE_WRAPPERNESTING_H
