//===- SiteCounting.h - the inline code that counts one site ---------------===//
//
// After one allocation call: test that it succeeded, compute the bytes it
// asked for, and add one object and those bytes to the calling thread's
// counters of the site (AllocSiteInstrumentation.h draws the blocks; the
// thread state and the NESTED records are allocsite_abi.h's).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_SITECOUNTING_H
#define ALLOCSITE_SITECOUNTING_H

#include <optional>

namespace llvm {
class CallBase;
class Instruction;
class Value;
} // namespace llvm

namespace allocsite {

struct AllocatorInfo;
struct WrapperInfo;
class ModuleTables;

// Index is the site's slot in Tables.  A site about to become a stack slot
// (Promoted) always succeeds, and its pointer must not reach the opaque asm
// of the success test, which would pin the slot in memory.  NestedSlot is the
// module's NESTED record for the site's allocator (the C malloc family
// called directly), whose counts the runtime adds to the heap.  SizesSlot,
// when not 0, is the site's size histogram (allocsite_abi.h): the object
// also counts in the bucket of its size.
void instrumentSite(llvm::CallBase *CB, const AllocatorInfo &Info, const WrapperInfo *W,
                    const ModuleTables &Tables, unsigned Index, bool Promoted,
                    std::optional<unsigned> NestedSlot, unsigned SizesSlot);

// One object of Bytes (an i64) counted at Index, a PROMOTED record, before
// Before: the stack buffer of a site promoted if small served it
// (StackPromotion.h).  Always a success, never nested in a wrapper's call.
// SizesSlot: the site's histogram, which counts both of its parts.
void countStackObject(llvm::Instruction *Before, llvm::Value *Bytes, const ModuleTables &Tables,
                      unsigned Index, unsigned SizesSlot);

} // namespace allocsite

#endif // ALLOCSITE_SITECOUNTING_H
