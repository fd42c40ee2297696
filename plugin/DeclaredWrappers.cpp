//===- DeclaredWrappers.cpp - wrappers declared with malloc/alloc_size ----===//
//
// A function declared here but defined elsewhere, with
// __attribute__((malloc)) (LLVM: a noalias return) or alloc_size (LLVM:
// allocsize), promises fresh memory or a size: its calls are sites.  Not the
// C library's functions: TargetLibraryInfo knows most (fopen, opendir,
// tmpfile, whose noalias comes from glibc's headers or LLVM's own
// inference), and glibc has a few more handle constructors, listed below.
//
//===----------------------------------------------------------------------===//
#include "LibraryKnowledge.h"
#include "WrapperRecognisers.h"
#include "Wrappers.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace allocsite {
namespace {

// glibc's functions with a malloc attribute that TargetLibraryInfo does not
// know: they return handles with their own close function, or strings whose
// size is not an argument.  The runtime's interposer counts what they
// allocate; they are not sites.
const char *const LibraryHandleConstructors[] = {
    "fopencookie", "fmemopen", "open_memstream", "open_wmemstream", "fdopendir", "iconv_open",
    "tempnam", "tmpnam", "wcsdup", "canonicalize_file_name", "get_current_dir_name",
    "fopen64", "tmpfile64", "freopen64", "popen", "fdopen", "opendir", "tmpfile",
};

bool isLibraryFunction(const Function &F, const TargetLibraryInfo &TLI) {
  static const StringSet<> Excluded = [] {
    StringSet<> S;
    for (const char *Name : LibraryHandleConstructors)
      S.insert(Name);
    return S;
  }();
  LibFunc LF;
  return TLI.getLibFunc(F.getName(), LF) || lookupAllocatorSymbol(F.getName()) ||
         lookupLibraryFunction(F.getName()).Effect != LibraryEffect::Unknown ||
         Excluded.count(F.getName());
}

} // namespace

void recogniseDeclaredWrappers(Module &M, const TargetLibraryInfo &TLI, WrapperTable &Table) {
  for (Function &F : M) {
    if (Table.wrapper(F) || isTrustedDefinition(F) || F.isIntrinsic() ||
        !F.getReturnType()->isPointerTy() || isLibraryFunction(F, TLI))
      continue;
    bool NoAlias = F.hasRetAttribute(Attribute::NoAlias);
    Attribute AllocSize = F.getFnAttribute(Attribute::AllocSize);
    if (!NoAlias && !AllocSize.isValid())
      continue;
    WrapperSize Size;
    if (AllocSize.isValid()) {
      auto Args = AllocSize.getAllocSizeArgs();
      Size.Known = true;
      if (Args.second)
        Size.CountArg = (int)*Args.second, Size.SizeArg = (int)Args.first;
      else
        Size.SizeArg = (int)Args.first;
    }
    std::unique_ptr<WrapperInfo> W = makeWrapper(F, Size);
    // alloc_size without malloc promises a size, not fresh memory: with a
    // pointer parameter it may be realloc-like, so it is judged as one.
    if (!NoAlias)
      for (Argument &A : F.args())
        if (A.getType()->isPointerTy())
          W->Reallocates = true;
    Table.addWrapper(F, std::move(W));
  }
}

} // namespace allocsite
