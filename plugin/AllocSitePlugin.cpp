//===- AllocSitePlugin.cpp - registers allocsite with clang and opt -------===//
//
// USAGE
//   clang -fpass-plugin=/path/allocsite.so app.c liballocsite_rt.a
//   opt -load-pass-plugin=/path/allocsite.so -passes=allocsite in.ll
//   opt -load-pass-plugin=/path/allocsite.so -passes='print<allocsite-escape>'
//       -disable-output in.ll
//
// The plugin refuses to load into a clang of another LLVM major version:
// LLVM_PLUGIN_API_VERSION is 1 in both 14 and 19, so without this check a
// mismatched plugin crashes clang instead of failing clearly.
//
//===----------------------------------------------------------------------===//
#include "AllocSiteInstrumentation.h"
#include "CallOrigins.h"
#include "EscapeAnalysis.h"
#include "LLVMCompat.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {

bool hostMatchesBuild() {
  unsigned Host = allocsite::hostLLVMMajor(); // 0: older than 16
  if (LLVM_VERSION_MAJOR >= 16 ? Host == LLVM_VERSION_MAJOR : Host == 0)
    return true;
  errs() << "allocsite: error: this allocsite.so was built for LLVM " << LLVM_VERSION_MAJOR
         << " but is loaded into LLVM "
         << (Host ? std::to_string(Host) : std::string("older than 16"))
         << "; use the plugin built with -DLLVM_DIR=/usr/lib/llvm-<version>/lib/cmake/llvm "
            "for this clang\n";
  return false;
}

void registerCallbacks(PassBuilder &PB) {
  // 1. The end of every optimisation pipeline, -O0 included.
  PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM, OptimizationLevel) {
    MPM.addPass(allocsite::AllocSiteInstrumentation());
  });
  // 2. Before any optimisation may merge calls (CallOrigins.h); -O0 merges none.
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel Level) {
    if (Level != OptimizationLevel::O0)
      MPM.addPass(allocsite::RecordCallOrigins());
  });
  // 3. `opt -passes=allocsite`, `opt -passes=allocsite-record-origins` and
  //    `opt -passes='print<allocsite-escape>'`, for tests.
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "allocsite")
          MPM.addPass(allocsite::AllocSiteInstrumentation());
        else if (Name == "allocsite-record-origins")
          MPM.addPass(allocsite::RecordCallOrigins());
        else if (Name == "print<allocsite-escape>")
          MPM.addPass(allocsite::EscapePrinter(errs()));
        else
          return false;
        return true;
      });
  // 4. The escape analysis, which the pass and the printer ask for.
  PB.registerAnalysisRegistrationCallback([](ModuleAnalysisManager &MAM) {
    MAM.registerPass([] { return allocsite::EscapeAnalysis(); });
  });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default"))) PassPluginLibraryInfo llvmGetPassPluginInfo() {
  if (!hostMatchesBuild())
    return {0, "allocsite", "refused", nullptr}; // API version 0: clang rejects it
  return {LLVM_PLUGIN_API_VERSION, "allocsite", ALLOCSITE_VERSION, registerCallbacks};
}
