//===- ParamSummaries.h - what a same-file function does with a parameter -===//
//
// A pointer passed to a function defined in this translation unit is judged
// by that function's own use of its parameter: whether the parameter
// escapes there, is freed, or is returned.  As in Go's escape analysis, the
// functions are summarised callees first, one strongly connected component
// of the call graph at a time (scc_iterator): a function without recursion
// is looked at once, with its callees' summaries final; the functions of a
// recursive component start optimistic (nothing escapes) and are looked at
// again until none of their summaries changes.  The summaries only grow
// (monotone flags over finitely many parameters), so this ends, with the
// least fixed point, which is what recursion that only reads through a
// pointer needs.
//
// The call graph is built on demand from the function asked about, over
// the trusted definitions it reaches (direct calls, and comparators handed
// to qsort/bsearch, which call them); functions never asked about are never
// summarised.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCSITE_PARAMSUMMARIES_H
#define ALLOCSITE_PARAMSUMMARIES_H

#include "AddressTracker.h"

#include "llvm/IR/PassManager.h"

#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace llvm {
class Function;
} // namespace llvm

namespace allocsite {

struct ParamSummary {
  bool Escapes = false;
  bool Frees = false;
  bool Returned = false;
  // For Escapes: the escape the callee's own analysis found, and the way of
  // the parameter to it (for -Rpass-analysis; data, not text).
  std::optional<Finding> Why;
  std::vector<FlowStep> Path;
  bool sameFlags(const ParamSummary &O) const {
    return Escapes == O.Escapes && Frees == O.Frees && Returned == O.Returned;
  }
};

class ParamSummaries {
public:
  ParamSummaries(AnalysisBodies &Bodies, const WrapperTable &Wrappers,
                 llvm::FunctionAnalysisManager &FAM);
  ~ParamSummaries();

  // What F (a trusted definition) does with its parameter Arg.  Inside a
  // recursive component being summarised, the current state.
  const ParamSummary &get(llvm::Function &F, unsigned Arg);

  // How F lets parameter Arg escape, for a verdict's flow.
  CalleeFlow explain(const llvm::Function &F, unsigned Arg) const;

  // Every summary made, in the order of the module's functions.
  struct Made {
    const llvm::Function *F;
    unsigned Arg;
    const ParamSummary *S;
  };
  std::vector<Made> made() const;

  struct Node; // a function of the call graph (ParamSummaries.cpp)

private:
  Node *node(llvm::Function &F);
  void summariseFrom(llvm::Function &Root);
  void summariseComponent(const std::vector<Node *> &Component, bool Recursive);
  ParamSummary summariseParam(llvm::Function &F, unsigned Arg);

  AnalysisContext Ctx;
  llvm::FunctionAnalysisManager &FAM;
  std::map<const llvm::Function *, std::unique_ptr<Node>> Nodes;
  std::map<std::pair<const llvm::Function *, unsigned>, ParamSummary> Summaries;
};

} // namespace allocsite

#endif // ALLOCSITE_PARAMSUMMARIES_H
