//===- RuntimeABI.h - the plugin's side of runtime/allocsite_abi.h --------===//
//
// Builds, in IR, the per-module data the runtime reads: the counter array
// (written by inline atomic adds at each site), the constant site table, the
// module descriptor, and the constructor/destructor pair that registers and
// unregisters it.  Layouts mirror allocsite_abi.h field by field.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_RUNTIMEABI_H
#define ALLOCSITE_RUNTIMEABI_H

#include "AllocatorTable.h"
#include "SiteIdentity.h"

#include "llvm/ADT/ArrayRef.h"

namespace llvm {
class Constant;
class GlobalVariable;
class Module;
} // namespace llvm

namespace allocsite {

struct SiteRecord {
  SiteDescription Desc;
  const AllocatorInfo *Allocator;
};

// Marks a call that has been instrumented, so that running the plugin again
// (e.g. at LTO link time) never counts it twice.
constexpr const char *SiteMetadataKind = "allocsite.site";
// Marks a module that already carries an allocsite table.
constexpr const char *ModuleMarkerName = "allocsite.instrumented";

// The zeroed counter slots for NumSites sites: one 64-byte-aligned cache line
// each.  Never null: a module with no sites still gets a table.
llvm::GlobalVariable *createCounterArray(llvm::Module &M, unsigned NumSites);

// Address of counter word Word (ALLOCSITE_COUNTER_*_INDEX) of site Index.
llvm::Constant *counterWordAddress(llvm::GlobalVariable *Counters, unsigned Index,
                                   unsigned Word);

// Emits the site table, the module descriptor and the registering
// constructor/unregistering destructor.
void emitModuleRegistration(llvm::Module &M, llvm::ArrayRef<SiteRecord> Sites,
                            llvm::GlobalVariable *Counters);

} // namespace allocsite

#endif // ALLOCSITE_RUNTIMEABI_H
