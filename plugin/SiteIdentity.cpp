//===- SiteIdentity.cpp - site descriptions and stable IDs ----------------===//
#include "SiteIdentity.h"
#include "WholeProgram.h"

#include "LLVMCompat.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

#include <cstdio>

using namespace llvm;

namespace allocsite {
namespace {

// FNV-1a over the identity fields.  The bytes hashed are also kept as the
// site's key, so that two different descriptions that happen to share a hash
// are told apart (SiteNamer::describe) instead of silently merged.
class Hasher {
public:
  void add(StringRef S) {
    Key.append(S.begin(), S.end());
    Key.push_back('\0'); // separator: ("ab","c") and ("a","bc") must differ
  }
  void add(uint64_t V) {
    for (int I = 0; I < 8; I++)
      Key.push_back(static_cast<char>(V >> (8 * I)));
  }
  const std::string &key() const { return Key; }
  static uint64_t hash(StringRef Bytes) {
    uint64_t State = 0xcbf29ce484222325ULL; // FNV-1a 64-bit offset basis
    for (unsigned char C : Bytes) {
      State ^= C;
      State *= 0x100000001b3ULL; // FNV-1a 64-bit prime
    }
    return State;
  }

private:
  std::string Key;
};


std::string functionName(const DILocalScope *Scope) {
  const DISubprogram *SP = Scope ? Scope->getSubprogram() : nullptr;
  if (!SP)
    return "";
  if (!SP->getLinkageName().empty())
    return demangleName(SP->getLinkageName().str());
  return SP->getName().str();
}

SourceFrame frameOf(const DILocation *Loc) {
  SourceFrame F;
  F.File = absoluteFile(Loc->getScope());
  F.Function = functionName(Loc->getScope());
  F.Line = Loc->getLine();
  F.Column = Loc->getColumn();
  return F;
}

// The file name as the compiler was given it, which is what IDs hash.
StringRef givenFile(const DILocation *Loc) { return Loc->getScope()->getFilename(); }

// The position of the innermost scope around Loc that has one: the block
// (clang gives each if, loop and compound statement one) or the function.
const DILocation *scopePosition(const DILocation *Loc) {
  for (const DIScope *S = Loc->getScope(); S; S = S->getScope()) {
    unsigned Line = 0, Column = 0;
    if (auto *Block = dyn_cast<DILexicalBlock>(S)) {
      Line = Block->getLine();
      Column = Block->getColumn();
    } else if (auto *SP = dyn_cast<DISubprogram>(S)) {
      Line = SP->getLine();
    }
    if (Line)
      return DILocation::get(Loc->getContext(), Line, Column,
                             const_cast<DILocalScope *>(cast<DILocalScope>(S)), Loc->getInlinedAt());
    if (isa<DISubprogram>(S))
      break;
  }
  return nullptr;
}

// Where the call at Loc is, given what CallOrigins found (P): the first of
// the calls it was merged from, its own (or its recorded) position, or, with
// no line to be found, the position of its block.  Sets D's placement.
const DILocation *placeSite(const DILocation *Loc, const CallPlace &P, SiteDescription &D) {
  for (const DILocation *At : P.MergedAt)
    D.MergedCalls.push_back(frameOf(At));
  if (!P.MergedAt.empty())
    D.Placed = Placement::Merged;
  if (!P.Calls.empty())
    return D.RemarkLoc = P.Calls.front();
  // No line: the call was merged from calls that cannot be told, or never
  // had one (compiler-made code, `#line 0`).  Merged calls are placed at the
  // scope that held them all, as good a place as any to look; others keep
  // line 0.  Either way remarks go to that scope.
  D.RemarkLoc = scopePosition(Loc);
  if (!P.MergedUnknown || !D.RemarkLoc) {
    D.Placed = Placement::Unknown;
    return Loc;
  }
  D.Placed = Placement::MergedUnknown;
  return D.RemarkLoc;
}

} // namespace

std::string absoluteFile(const DIScope *Scope) {
  if (!Scope)
    return "";
  StringRef Name = Scope->getFilename();
  StringRef Dir = Scope->getDirectory();
  if (Name.empty() || sys::path::is_absolute(Name) || Dir.empty())
    return Name.str();
  SmallString<256> Path(Dir);
  sys::path::append(Path, Name);
  sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path.str());
}

SiteNamer::SiteNamer(Module &M)
    : UnitName(M.getSourceFileName()), WholeProgram(isWholeProgram(M)), Origins(M) {}

SiteDescription SiteNamer::describe(const CallBase &Call, StringRef Allocator) {
  SiteDescription D;
  Hasher H;
  // The unit the call's function was compiled in, which a whole-program
  // module records per function (WholeProgram.h): a per-file build's ID.
  H.add(StringRef(WholeProgram ? unitName(*Call.getFunction()) : UnitName));
  H.add(Allocator);
  if (Call.getDebugLoc()) {
    CallPlace P = Origins.place(Call);
    const DILocation *Loc = placeSite(Call.getDebugLoc().get(), P, D);
    D.Where = frameOf(Loc);
    H.add(givenFile(Loc));
    H.add(StringRef(D.Where.Function));
    H.add(uint64_t(D.Where.Line));
    H.add(uint64_t(D.Where.Column));
    for (const DILocation *At = Loc->getInlinedAt(); At; At = At->getInlinedAt()) {
      D.InlinedAt.push_back(frameOf(At));
      H.add(givenFile(At));
      H.add(StringRef(D.InlinedAt.back().Function));
      H.add(uint64_t(At->getLine()));
      H.add(uint64_t(At->getColumn()));
    }
    if (D.Placed == Placement::MergedUnknown)
      H.add(StringRef("merged"));
    for (size_t I = 1; I < P.MergedAt.size(); I++) {
      H.add(givenFile(P.MergedAt[I]));
      H.add(uint64_t(P.MergedAt[I]->getLine()));
      H.add(uint64_t(P.MergedAt[I]->getColumn()));
    }
  }
  if (!Call.getDebugLoc() || D.Where.Function.empty()) {
    // Without debug info the function we are in is all we know.
    D.Where.Function = demangleName(Call.getFunction()->getName().str());
    H.add(Call.getFunction()->getName());
  }
  // The same key is the same site; a different key that hashes to an ID
  // already taken gets the next free one (in IR order, so still stable).
  uint64_t ID = Hasher::hash(H.key());
  for (uint64_t Salt = 1;; Salt++) {
    auto [It, Inserted] = KeyOfID.try_emplace(ID, H.key());
    if (Inserted || It->second == H.key())
      break;
    ID = Hasher::hash(H.key() + std::to_string(Salt));
  }
  D.ID = ID;
  return D;
}

std::string formatSourceLocation(const DILocation *Loc) {
  return Loc ? formatSourceLocation(frameOf(Loc)) : "";
}

std::string formatSourceLocation(const SourceFrame &Where) {
  if (!Where.Line)
    return "";
  return Where.File + ":" + std::to_string(Where.Line) + ":" + std::to_string(Where.Column);
}

uint64_t stackPartID(uint64_t SiteID) {
  Hasher H;
  H.add(SiteID);
  H.add("stack-buffer");
  return Hasher::hash(H.key());
}

std::string formatSiteID(uint64_t ID) {
  char Buf[17];
  snprintf(Buf, sizeof Buf, "%016llx", static_cast<unsigned long long>(ID));
  return Buf;
}

} // namespace allocsite
