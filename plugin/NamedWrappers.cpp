//===- NamedWrappers.cpp - wrappers the user names ------------------------===//
//
// NAME, NAME:N or NAME:N*M for allocation wrappers; NAME or NAME:N for free
// wrappers.  Argument numbers count from 0, like the ABI's.  A spec that
// names a function this module does not have is another translation unit's
// concern; a spec that is malformed, or does not fit the function it names,
// is a compile error.  Named wrappers win over every other rule.
//
//===----------------------------------------------------------------------===//
#include "Options.h"
#include "WrapperRecognisers.h"
#include "Wrappers.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <optional>
#include <string>

using namespace llvm;

namespace allocsite {
namespace {

struct Spec {
  std::string Name;
  int A = -1, B = -1; // NAME:A or NAME:A*B
};

std::optional<int> parseIndex(StringRef S) {
  unsigned V;
  if (S.empty() || S.getAsInteger(10, V) || V > 255)
    return std::nullopt;
  return (int)V;
}

// Parses one spec; on failure returns the reason.
std::optional<std::string> parseSpec(StringRef Text, bool AllowProduct, Spec &Out) {
  auto [Name, Args] = Text.split(':');
  Name = Name.trim();
  if (Name.empty())
    return std::string("no function name");
  Out.Name = Name.str();
  if (!Text.contains(':'))
    return std::nullopt;
  auto [First, Second] = Args.split('*');
  std::optional<int> A = parseIndex(First.trim());
  if (!A)
    return "'" + First.str() + "' is not an argument number (0, 1, ...)";
  Out.A = *A;
  if (Args.contains('*')) {
    if (!AllowProduct)
      return std::string("a free wrapper takes one argument number");
    std::optional<int> B = parseIndex(Second.trim());
    if (!B)
      return "'" + Second.str() + "' is not an argument number (0, 1, ...)";
    Out.B = *B;
  }
  return std::nullopt;
}

// The function a user spec names, or null: when this module has none or the
// spec is bad, which is reported as an error and invalidates the table.
Function *namedFunction(Module &M, const std::string &Text, bool ForFree, Spec &S,
                        WrapperTable &Table) {
  if (std::optional<std::string> Bad = parseSpec(Text, /*AllowProduct=*/!ForFree, S)) {
    M.getContext().emitError(
        "allocsite: invalid " + std::string(ForFree ? "free" : "allocation") + " wrapper '" +
        Text + "' (" +
        (ForFree ? "-allocsite-free-wrapper / ALLOCSITE_FREE_WRAPPERS): "
                 : "-allocsite-wrapper / ALLOCSITE_WRAPPERS): ") +
        *Bad +
        (ForFree ? "; expected NAME or NAME:POINTERARG"
                 : "; expected NAME, NAME:SIZEARG or NAME:COUNTARG*SIZEARG"));
    Table.invalidate();
    return nullptr;
  }
  return M.getFunction(S.Name);
}

void addNamedAllocationWrapper(Module &M, const std::string &Text, WrapperTable &Table) {
  LLVMContext &Ctx = M.getContext();
  Spec S;
  Function *F = namedFunction(M, Text, /*ForFree=*/false, S, Table);
  if (!F)
    return;
  if (!F->getReturnType()->isPointerTy()) {
    Ctx.emitError("allocsite: allocation wrapper '" + Text + "': '" + S.Name +
                  "' does not return a pointer");
    Table.invalidate();
    return;
  }
  bool ArgsOk = true;
  for (int Arg : {S.A, S.B})
    if (Arg >= 0 &&
        ((unsigned)Arg >= F->arg_size() || !F->getArg(Arg)->getType()->isIntegerTy())) {
      Ctx.emitError("allocsite: allocation wrapper '" + Text + "': argument " +
                    std::to_string(Arg) + " of '" + S.Name +
                    "' (counting from 0) is not an integer parameter; it has " +
                    std::to_string(F->arg_size()) + " parameter(s)");
      ArgsOk = false;
    }
  if (!ArgsOk) {
    Table.invalidate();
    return;
  }
  WrapperSize Size;
  if (S.A >= 0) {
    Size.Known = true;
    if (S.B >= 0)
      Size.CountArg = S.A, Size.SizeArg = S.B;
    else
      Size.SizeArg = S.A;
  }
  Table.addWrapper(*F, makeWrapper(*F, Size));
}

void addNamedFreeWrapper(Module &M, const std::string &Text, WrapperTable &Table) {
  Spec S;
  Function *F = namedFunction(M, Text, /*ForFree=*/true, S, Table);
  if (!F)
    return;
  unsigned Arg = S.A >= 0 ? S.A : 0;
  if (Arg >= F->arg_size() || !F->getArg(Arg)->getType()->isPointerTy()) {
    M.getContext().emitError("allocsite: free wrapper '" + Text + "': argument " +
                             std::to_string(Arg) + " of '" + S.Name +
                             "' (counting from 0) is not a pointer parameter");
    Table.invalidate();
    return;
  }
  Table.addFreeWrapper(*F, Arg);
}

} // namespace

void recogniseNamedWrappers(Module &M, WrapperTable &Table) {
  for (const std::string &Text : userWrapperSpecs())
    addNamedAllocationWrapper(M, Text, Table);
  for (const std::string &Text : userFreeWrapperSpecs())
    addNamedFreeWrapper(M, Text, Table);
}

} // namespace allocsite
