//===- SiteIdentity.h - where an allocation site is, and its stable ID ----===//
//
// A site is one allocation call in the final IR.  Its description comes from
// the call's debug location: the allocation's own file:line:column and
// function, then the chain of call sites it was inlined through, innermost
// first.  Without debug info only the containing function is known.
//
// The ID is a 64-bit FNV-1a hash of: the translation unit's source name, the
// allocation's file name, function, line and column, every inlined-at frame,
// and an ordinal that tells apart sites that agree on all of those (a macro
// that allocates twice on one line, a call duplicated by loop unrolling).
// File names are hashed as the compiler was given them, never as absolute
// paths, and nothing depends on addresses or temporary build paths, so a
// rebuild of the same source with the same flags gives the same IDs, on any
// machine.  The TU name makes IDs of different translation units distinct
// without any coordination between compilations.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_SITEIDENTITY_H
#define ALLOCSITE_SITEIDENTITY_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace llvm {
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

// Hands out descriptions and IDs for one module; ordinals count per module in
// the order sites are described, which is the order of the IR.
class SiteNamer {
public:
  explicit SiteNamer(const llvm::Module &M);
  SiteDescription describe(const llvm::Instruction &Call);

private:
  std::string UnitName;
  std::map<uint64_t, unsigned> Ordinals; // ID without ordinal -> next ordinal
};

// "3f2a9c0e12345678": how IDs are printed everywhere (remarks, reports).
std::string formatSiteID(uint64_t ID);

} // namespace allocsite

#endif // ALLOCSITE_SITEIDENTITY_H
