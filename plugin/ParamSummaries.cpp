//===- ParamSummaries.cpp - parameter summaries, SCCs bottom-up -----------===//
#include "ParamSummaries.h"

#include "AnalysisBodies.h"
#include "LLVMCompat.h"
#include "LibraryKnowledge.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace allocsite {

// A function of the call graph, and where its summaries stand.
struct ParamSummaries::Node {
  enum class State { New, InProgress, Done };
  Node(Function *F, ParamSummaries *Owner) : F(F), Owner(Owner) {}
  Function *F;
  ParamSummaries *Owner;
  State S = State::New;
  std::optional<std::vector<Node *>> Callees;

  // The trusted definitions whose summaries F's may depend on: those it
  // calls directly, and the comparators it hands to qsort and bsearch.
  std::vector<Node *> &callees() {
    if (Callees)
      return *Callees;
    Callees.emplace();
    SmallPtrSet<const Function *, 8> Seen;
    auto add = [&](const Function *G) {
      if (G && isTrustedDefinition(*G) && Seen.insert(G).second)
        Callees->push_back(Owner->node(const_cast<Function &>(*G)));
    };
    for (Instruction &I : instructions(*F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      const Function *Callee = CB ? directCallee(*CB) : nullptr;
      if (!Callee)
        continue;
      if (isTrustedDefinition(*Callee)) {
        add(Callee);
        continue;
      }
      LibraryFunction Lib = lookupLibraryFunction(Callee->getName());
      if (Lib.Effect == LibraryEffect::SortsArray && Lib.ComparatorArg < (int)CB->arg_size())
        add(dyn_cast<Function>(CB->getArgOperand(Lib.ComparatorArg)->stripPointerCasts()));
    }
    return *Callees;
  }
};

} // namespace allocsite

// The call graph as scc_iterator walks it: only functions not summarised
// yet (a component being summarised, up the stack, is read as it stands).
namespace llvm {
template <> struct GraphTraits<allocsite::ParamSummaries::Node *> {
  using NodeRef = allocsite::ParamSummaries::Node *;
  struct NotSummarised {
    bool operator()(NodeRef N) const {
      return N->S == allocsite::ParamSummaries::Node::State::New;
    }
  };
  using ChildIteratorType = filter_iterator<std::vector<NodeRef>::iterator, NotSummarised>;
  static NodeRef getEntryNode(NodeRef N) { return N; }
  static ChildIteratorType child_begin(NodeRef N) {
    return make_filter_range(N->callees(), NotSummarised()).begin();
  }
  static ChildIteratorType child_end(NodeRef N) {
    return make_filter_range(N->callees(), NotSummarised()).end();
  }
};
} // namespace llvm

namespace allocsite {

ParamSummaries::ParamSummaries(AnalysisBodies &Bodies, const WrapperTable &Wrappers,
                               FunctionAnalysisManager &FAM)
    : Ctx{Bodies, Wrappers, *this}, FAM(FAM) {}

ParamSummaries::~ParamSummaries() = default;

ParamSummaries::Node *ParamSummaries::node(Function &F) {
  std::unique_ptr<Node> &Slot = Nodes[&F];
  if (!Slot)
    Slot = std::make_unique<Node>(&F, this);
  return Slot.get();
}

const ParamSummary &ParamSummaries::get(Function &F, unsigned Arg) {
  if (node(F)->S == Node::State::New)
    summariseFrom(F);
  return Summaries[{&F, Arg}];
}

void ParamSummaries::summariseFrom(Function &Root) {
  // Components come callees first; a function summarised meanwhile (by a
  // request from inside a component) is left as it is.
  for (auto It = scc_begin(node(Root)); !It.isAtEnd(); ++It) {
    std::vector<Node *> Component;
    for (Node *N : *It)
      if (N->S == Node::State::New)
        Component.push_back(N);
    if (!Component.empty())
      summariseComponent(Component, It.hasCycle());
  }
}

void ParamSummaries::summariseComponent(const std::vector<Node *> &Component, bool Recursive) {
  // Optimistic start; requests from inside the component read this state.
  for (Node *N : Component) {
    N->S = Node::State::InProgress;
    for (unsigned A = 0; A < N->F->arg_size(); A++)
      Summaries[{N->F, A}] = ParamSummary();
  }
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (Node *N : Component)
      for (unsigned A = 0; A < N->F->arg_size(); A++) {
        ParamSummary New = summariseParam(*N->F, A);
        ParamSummary &Old = Summaries[{N->F, A}];
        if (Old.Escapes && !New.Escapes) {
          New.Why = Old.Why;
          New.Path = Old.Path;
        }
        New.Escapes |= Old.Escapes;
        New.Frees |= Old.Frees;
        New.Returned |= Old.Returned;
        if (!New.sameFlags(Old)) {
          Old = std::move(New);
          Changed = true;
        }
      }
    // Without recursion the callees were final: one look is the answer.
    Changed = Changed && Recursive;
  }
  for (Node *N : Component)
    N->S = Node::State::Done;
}

ParamSummary ParamSummaries::summariseParam(Function &F, unsigned Arg) {
  AnalysisBody &FC = Ctx.Bodies.of(F);
  Argument *A = FC.Body->getArg(Arg);
  ParamSummary S;
  if (!A->getType()->isPointerTy())
    return S; // the address cannot travel in a non-pointer parameter without ptrtoint
  const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
  AddressTracker T(Ctx, FC, TLI, AddressTracker::Mode::Parameter, A);
  if (std::optional<Finding> Esc = T.run()) {
    S.Escapes = true;
    S.Path = T.flowTo(Esc->Via);
    S.Why = *Esc;
  }
  S.Frees = T.Frees;
  S.Returned = T.Returned;
  return S;
}

CalleeFlow ParamSummaries::explain(const Function &F, unsigned Arg) const {
  CalleeFlow Flow;
  Flow.Callee = demangleName(F.getName().str());
  auto It = Summaries.find({&F, Arg});
  if (It != Summaries.end() && It->second.Why) {
    Flow.Steps = It->second.Path;
    Flow.Why = It->second.Why->explain();
  }
  return Flow;
}

std::vector<ParamSummaries::Made> ParamSummaries::made() const {
  std::vector<Made> List;
  if (Nodes.empty())
    return List;
  for (const Function &F : *Nodes.begin()->first->getParent())
    for (unsigned A = 0; A < F.arg_size(); A++)
      if (auto It = Summaries.find({&F, A}); It != Summaries.end())
        List.push_back({&F, A, &It->second});
  return List;
}

} // namespace allocsite
