//===- RuntimeABI.h - the plugin's side of runtime/allocsite_abi.h --------===//
//
// Builds, in IR, the per-module data the runtime reads: the thread-local
// counter block (written by inline adds at each site), the constant site
// table, the module descriptor with its thread_block function, the
// constructor/destructor pair that registers and unregisters it, and the
// declaration of the runtime's thread state.  Layouts mirror allocsite_abi.h
// field by field.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_RUNTIMEABI_H
#define ALLOCSITE_RUNTIMEABI_H

#include "AllocatorTable.h"
#include "SiteIdentity.h"
#include "Verdict.h"
#include "Wrappers.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <string>

namespace llvm {
class Constant;
class GlobalVariable;
class Module;
} // namespace llvm

namespace allocsite {

struct SiteRecord {
  SiteDescription Desc;
  const AllocatorInfo *Allocator;
  const WrapperInfo *Wrapper = nullptr; // the wrapper called, for a wrapper call
  Verdict Judged;
  uint32_t Flags = 0; // allocsite_site_flag bits
  const WrapperInfo *Within = nullptr; // the wrapper it is in, for an in-wrapper site
  uint32_t SizesSlot = 0; // its size histogram's first count slot (allocsite_abi.h); 0: none
};

// The translation unit's source, the report's "module" of its sites (IDs
// use the name as given; see SiteIdentity.h): as DWARF names it, the
// compile unit's directory joined with its file (absoluteFile), so that
// prefix maps apply and no absolute path of the build machine enters an
// object that clang itself would not put there; without debug information,
// the name as given.
std::string unitSourceName(const llvm::Module &M);

// Marks a call that has been instrumented, so that running the plugin again
// (e.g. at LTO link time) never counts it twice.
constexpr const char *SiteMetadataKind = "allocsite.site";
// Marks a module that already carries an allocsite table.
constexpr const char *ModuleMarkerName = "allocsite.instrumented";

// The per-module data the runtime reads, created before any site is
// instrumented (sites need the counter addresses) and completed by finish().
class ModuleTables {
public:
  // NumCounts: the sites' count slots, then the size histograms' (at least
  // one per site record).
  ModuleTables(llvm::Module &M, unsigned NumCounts);

  // The calling thread's counter of slot Index: Word 0 counts objects, 1 bytes.
  llvm::Constant *threadCountAddress(unsigned Index, unsigned Word) const;
  // The calling thread's count slots as one array of i64 words, for a size
  // histogram's bucket: word 2 * Slot + k is bucket k of the histogram at Slot.
  llvm::Constant *threadCountWords() const;
  // The runtime's thread state (allocsite_thread_state): its first word as
  // an i64, and one of its bytes (offsetof nested or pending) as an i8.
  llvm::Constant *threadStateWord() const;
  llvm::Constant *threadStateByte(unsigned Offset) const;
  // The argument of ALLOCSITE_THREAD_SLOW_FN: the descriptor, as a byte pointer.
  llvm::Constant *descriptorArg() const;

  // Emits the site table, the descriptor's contents and the registering
  // constructor / unregistering destructor.
  void finish(llvm::ArrayRef<SiteRecord> Sites);

private:
  llvm::Module &M;
  unsigned NumCounts;
  llvm::GlobalVariable *ThreadBlock; // thread_local allocsite_thread_counters
  llvm::GlobalVariable *Settled;     // allocsite_count[NumCounts]
  llvm::GlobalVariable *Descriptor;  // allocsite_module
  llvm::GlobalVariable *ThreadState; // the runtime's thread-local allocsite_thread_state
};

} // namespace allocsite

#endif // ALLOCSITE_RUNTIMEABI_H
