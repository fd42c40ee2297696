//===- WrapperRecognisers.h - the ways a function becomes a wrapper -------===//
//
// Each recogniser adds to the WrapperTable what it recognises and leaves
// alone what is there already; WrapperTable's constructor (Wrappers.cpp)
// runs them in the order below, named ones first, which win (Wrappers.h has
// the rules).  Declared and defined wrappers cannot overlap: the rule for
// defined ones takes only trusted definitions (LibraryKnowledge.h), the
// other never.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_WRAPPERRECOGNISERS_H
#define ALLOCSITE_WRAPPERRECOGNISERS_H

namespace llvm {
class Module;
class TargetLibraryInfo;
} // namespace llvm

namespace allocsite {

class AnalysisBodies;
class WrapperTable;

// Named by the user (-allocsite-wrapper, -allocsite-free-wrapper and
// their environment variables): NamedWrappers.cpp.  A bad spec is reported
// as an error and invalidates the table.
void recogniseNamedWrappers(llvm::Module &M, WrapperTable &Table);

// Declared here, defined elsewhere, with __attribute__((malloc)) or
// alloc_size: DeclaredWrappers.cpp.
void recogniseDeclaredWrappers(llvm::Module &M, const llvm::TargetLibraryInfo &TLI,
                               WrapperTable &Table);

// Defined here and pure, allocation wrappers then free wrappers, each to a
// fixed point so that chains resolve; then the allocation calls each
// defined wrapper returns (its in-wrapper sites): DefinedWrappers.cpp.
void recogniseDefinedWrappers(llvm::Module &M, const llvm::TargetLibraryInfo &TLI,
                              AnalysisBodies &Bodies, WrapperTable &Table);
void recogniseDefinedFreeWrappers(llvm::Module &M, AnalysisBodies &Bodies, WrapperTable &Table);
void recordInWrapperSites(AnalysisBodies &Bodies, WrapperTable &Table);

} // namespace allocsite

#endif // ALLOCSITE_WRAPPERRECOGNISERS_H
