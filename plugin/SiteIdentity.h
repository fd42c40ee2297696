//===- SiteIdentity.h - where an allocation site is, and its stable ID ----===//
//
// A site is one source-level allocation: an allocator called at one
// file:line:column, reached through one chain of inlined calls.  Its
// description comes from the call's debug location: the allocation's own
// file:line:column and function, then the chain of call sites it was inlined
// through, innermost first.  Calls that agree on all of that and on the
// allocator are one site - copies made by loop unrolling, tail duplication or
// unswitching count together, as the user wrote one allocation.  Without
// debug info only the containing function is known, so a function's calls to
// one allocator form one site.
//
// The ID is a 64-bit FNV-1a hash of: the translation unit's source name, the
// allocator, the allocation's file name, function, line and column, and every
// inlined-at frame.  File names are hashed as the compiler was given them,
// never as absolute paths, and nothing depends on addresses, build
// directories or the order of the IR, so a rebuild of the same source with
// the same flags gives the same IDs, on any machine.  The TU name makes IDs
// of different translation units distinct without any coordination between
// compilations.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_SITEIDENTITY_H
#define ALLOCSITE_SITEIDENTITY_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace llvm {
class DILocation;
class Instruction;
class Module;
} // namespace llvm

namespace allocsite {

struct SourceFrame {
  std::string File;     // absolute path when the directory is known; empty without -g
  std::string Function; // demangled
  unsigned Line = 0;
  unsigned Column = 0;
};

struct SiteDescription {
  uint64_t ID = 0;
  SourceFrame Where;                  // the allocation call itself
  std::vector<SourceFrame> InlinedAt; // innermost first
  bool HasDebugInfo = false;
};

// Hands out descriptions and IDs for one module.
class SiteNamer {
public:
  explicit SiteNamer(const llvm::Module &M);
  // Equal descriptions (and allocator) give equal IDs: the same site.
  SiteDescription describe(const llvm::Instruction &Call, llvm::StringRef Allocator);

private:
  std::string UnitName;
  std::map<uint64_t, std::string> KeyOfID; // to tell hash collisions from equal sites
};

// "/abs/dir/a.c:12:5" for a debug location, the way reports name places;
// empty without one.
std::string formatSourceLocation(const llvm::DILocation *Loc);

// "3f2a9c0e12345678": how IDs are printed everywhere (remarks, reports).
std::string formatSiteID(uint64_t ID);

} // namespace allocsite

#endif // ALLOCSITE_SITEIDENTITY_H
