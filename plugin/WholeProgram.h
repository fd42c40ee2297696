//===- WholeProgram.h - -flto builds judged as one program ----------------===//
//
// Under -flto a file's compile step sees only its own functions: a wrapper
// defined in util.c is an unknown call in main.c, and a pointer passed to a
// function of another file counts as kept by it.  So allocsite-cc builds
// -flto programs in two steps (tools/cc/allocsite-cc.c):
//
//   1. each compile step runs the pass with -allocsite-defer-to-link: the
//      module is optimised as usual but left uninstrumented, and marked;
//   2. the link step merges the program's bitcode objects into one module
//      (llvm-link) and compiles it with the plugin: every verdict, wrapper
//      and parameter summary is made with every file's functions in view,
//      exactly as if the program were one file.
//
// A deferred module must not reach a link that skips step 2 (a plain
// `clang -flto` link, an archive of bitcode objects the linker pulls in
// itself): its allocations would go uncounted without a word.  So it
// refers to a symbol nothing defines but step 2's compile, and such a link
// fails naming it:
//
//   undefined reference to `__allocsite_flto_object_needs_allocsite_cc_link'
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_WHOLEPROGRAM_H
#define ALLOCSITE_WHOLEPROGRAM_H

#include <string>

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace allocsite {

// Step 1: marks M deferred (with its source's name, and each function's
// unit) and adds the reference that only step 2 resolves.
void deferToWholeProgramLink(llvm::Module &M);

// Step 2: if M holds deferred modules, resolves their references and names
// M after their sources ("a.c, b.c"); M is then instrumented like any
// module.  Returns whether it did.
bool settleDeferredModules(llvm::Module &M);

// Whether M is the merged module of a whole-program link.
bool isWholeProgram(const llvm::Module &M);

// The translation unit F was compiled in, as clang named it: recorded at
// step 1 (a merged module's own name is llvm-link's), so that a site's ID
// and its place without debug information are what a per-file build gives.
std::string unitName(const llvm::Function &F);

} // namespace allocsite

#endif // ALLOCSITE_WHOLEPROGRAM_H
