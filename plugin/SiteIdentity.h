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
// Calls the optimiser merged (the same malloc in both arms of an if, hoisted
// or sunk into one call with a line-0 location) are one site, placed at the
// first of them in source order; the others are listed (MergedCalls), found
// through the origins recorded before optimisation (CallOrigins.h).  A call
// whose line cannot be found keeps line 0 (merged calls that cannot be told:
// the position of the block that held them all).  Its remarks go to the
// innermost scope that has a position (its block or function), never to
// line 0, which clang can only report at the function's name with "could not
// determine the original source location".
//
// The ID is a 64-bit FNV-1a hash of: the translation unit's source name, the
// allocator, the allocation's file name, function, line and column, every
// inlined-at frame, and for merged calls the positions of the others (a
// merged site counts more than its first call: it is not that call's site).
// File names are hashed as the compiler was given them, never as absolute
// paths, and nothing depends on addresses, build directories or the order
// of the IR, so a rebuild of the same source with the same flags gives the
// same IDs, on any machine.  The TU name makes IDs
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

#include "CallOrigins.h"

#include "llvm/ADT/StringRef.h"

namespace llvm {
class CallBase;
class DILocation;
class DIScope;
class Module;
} // namespace llvm

namespace allocsite {

struct SourceFrame {
  std::string File;     // absolute path when the directory is known; empty without -g
  std::string Function; // demangled
  unsigned Line = 0;
  unsigned Column = 0;
};

// How a site's Where was found.
enum class Placement {
  Call,          // the call's own position (or its recorded origin)
  Merged,        // merged calls (MergedCalls); Where is the first of them
  MergedUnknown, // merged calls not recovered; Where is their common scope
  Unknown,       // no line for the call (Where.Line is 0)
};

struct SiteDescription {
  uint64_t ID = 0;
  SourceFrame Where;                  // the allocation call itself
  std::vector<SourceFrame> InlinedAt; // innermost first
  Placement Placed = Placement::Call;
  std::vector<SourceFrame> MergedCalls; // Placement::Merged: every call, in source order
  // Where remarks about the site go: Where as a debug location (with the
  // call's inlined-at chain), or for a site without a line its innermost
  // scope with a position; null when there is none.
  const llvm::DILocation *RemarkLoc = nullptr;
};

// Hands out descriptions and IDs for one module.
class SiteNamer {
public:
  // Takes over (and removes from M) the call origins RecordCallOrigins left.
  explicit SiteNamer(llvm::Module &M);
  // Equal descriptions (and allocator) give equal IDs: the same site.
  SiteDescription describe(const llvm::CallBase &Call, llvm::StringRef Allocator);

private:
  std::string UnitName;
  bool WholeProgram; // names each function's unit (WholeProgram.h)
  CallOrigins Origins;
  std::map<uint64_t, std::string> KeyOfID; // to tell hash collisions from equal sites
};

// "/abs/dir/a.c:12:5" for a debug location, the way reports name places;
// empty without one, or for line 0 (which names no place).
// A scope's file as DWARF places it: its directory (to which clang applies
// -fdebug-prefix-map and -ffile-prefix-map) joined with its name, unless
// the name is absolute or the directory unknown.
std::string absoluteFile(const llvm::DIScope *Scope);

std::string formatSourceLocation(const llvm::DILocation *Loc);
std::string formatSourceLocation(const SourceFrame &Where);

// "3f2a9c0e12345678": how IDs are printed everywhere (remarks, reports).
std::string formatSiteID(uint64_t ID);

// The ID of the stack part of a site promoted if small (its own record in
// the report, flagged promoted and stack-buffer): the hash of the site's ID
// and "stack-buffer", as stable as the site's.
uint64_t stackPartID(uint64_t SiteID);

} // namespace allocsite

#endif // ALLOCSITE_SITEIDENTITY_H
