//===- AllocatorTable.cpp - the allocation functions allocsite counts -----===//
#include "AllocatorTable.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"

using namespace llvm;

namespace allocsite {
namespace {

constexpr SuccessTest NonNull = SuccessTest::NonNullResult;
constexpr SuccessTest Zero = SuccessTest::ZeroStatus;
constexpr SizeRule Arg = SizeRule::Argument;
constexpr SizeRule Product = SizeRule::Product;
constexpr SizeRule Strlen = SizeRule::ResultStrlen;
constexpr unsigned Direct = GoesThroughDirectPointer;
constexpr unsigned New = NewExpression;

// Columns: symbol, display name, parameters, success test, size rule, size
// argument, count argument, alignment argument, resized pointer argument,
// traits.  Argument numbers count from 0; -1 is "none".
// clang-format off
const AllocatorInfo Table[] = {
  // C and POSIX.
  {"malloc",         "malloc",         1, NonNull, Arg,     0, -1, -1, -1, Direct},
  {"calloc",         "calloc",         2, NonNull, Product, 1,  0, -1, -1, Direct | ZeroedMemory},
  {"realloc",        "realloc",        2, NonNull, Arg,     1, -1, -1,  0, Direct},
  {"reallocarray",   "reallocarray",   3, NonNull, Product, 2,  1, -1,  0, NoTraits},
  {"aligned_alloc",  "aligned_alloc",  2, NonNull, Arg,     1, -1,  0, -1, Direct},
  {"memalign",       "memalign",       2, NonNull, Arg,     1, -1,  0, -1, Direct},
  {"valloc",         "valloc",         1, NonNull, Arg,     0, -1, -1, -1, Direct | PageAligned},
  {"pvalloc",        "pvalloc",        1, NonNull, Arg,     0, -1, -1, -1, Direct | PageAligned | WholePages},
  {"posix_memalign", "posix_memalign", 3, Zero,    Arg,     2, -1,  1, -1, Direct},
  {"strdup",         "strdup",         1, NonNull, Strlen, -1, -1, -1, -1, NoTraits},
  {"strndup",        "strndup",        2, NonNull, Strlen, -1, -1, -1, -1, NoTraits},
  // glibc's internal names, which older <string.h> macros expand to.
  {"__strdup",       "strdup",         1, NonNull, Strlen, -1, -1, -1, -1, NoTraits},
  {"__strndup",      "strndup",        2, NonNull, Strlen, -1, -1, -1, -1, NoTraits},

  // C++ replaceable allocation functions; 'm' is size_t on LP64, 'j' on ILP32.
  {"_Znwm", "operator new",   1, NonNull, Arg, 0, -1, -1, -1, New},
  {"_Znam", "operator new[]", 1, NonNull, Arg, 0, -1, -1, -1, New},
  {"_Znwj", "operator new",   1, NonNull, Arg, 0, -1, -1, -1, New},
  {"_Znaj", "operator new[]", 1, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnwmRKSt9nothrow_t", "operator new(nothrow)",   2, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnamRKSt9nothrow_t", "operator new[](nothrow)", 2, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnwjRKSt9nothrow_t", "operator new(nothrow)",   2, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnajRKSt9nothrow_t", "operator new[](nothrow)", 2, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnwmSt11align_val_t", "operator new(align_val_t)",   2, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnamSt11align_val_t", "operator new[](align_val_t)", 2, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnwjSt11align_val_t", "operator new(align_val_t)",   2, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnajSt11align_val_t", "operator new[](align_val_t)", 2, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnwmSt11align_val_tRKSt9nothrow_t", "operator new(align_val_t, nothrow)",   3, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnamSt11align_val_tRKSt9nothrow_t", "operator new[](align_val_t, nothrow)", 3, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnwjSt11align_val_tRKSt9nothrow_t", "operator new(align_val_t, nothrow)",   3, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnajSt11align_val_tRKSt9nothrow_t", "operator new[](align_val_t, nothrow)", 3, NonNull, Arg, 0, -1, 1, -1, New},
  // Hot/cold hinted variants that memory profile-guided optimisation
  // substitutes (LLVM 17+); the hint is one extra trailing argument.
  {"_Znwm12__hot_cold_t", "operator new",   2, NonNull, Arg, 0, -1, -1, -1, New},
  {"_Znam12__hot_cold_t", "operator new[]", 2, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnwmRKSt9nothrow_t12__hot_cold_t", "operator new(nothrow)",   3, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnamRKSt9nothrow_t12__hot_cold_t", "operator new[](nothrow)", 3, NonNull, Arg, 0, -1, -1, -1, New},
  {"_ZnwmSt11align_val_t12__hot_cold_t", "operator new(align_val_t)",   3, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnamSt11align_val_t12__hot_cold_t", "operator new[](align_val_t)", 3, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnwmSt11align_val_tRKSt9nothrow_t12__hot_cold_t", "operator new(align_val_t, nothrow)",   4, NonNull, Arg, 0, -1, 1, -1, New},
  {"_ZnamSt11align_val_tRKSt9nothrow_t12__hot_cold_t", "operator new[](align_val_t, nothrow)", 4, NonNull, Arg, 0, -1, 1, -1, New},
};
// clang-format on

// The call itself must look like the allocator: the function type at the call
// (not the callee's declaration, which a K&R-style or mismatched declaration
// can make differ) decides how many arguments exist and what they are.
// A variadic call type is allowed only for an unprototyped callee (old-style
// C: `char *malloc();` declares `@malloc(...)`, and each call's type lists the
// arguments it passes, then `...`).
bool isUnprototyped(const Function &Callee) {
  FunctionType *FT = Callee.getFunctionType();
  return FT->isVarArg() && FT->getNumParams() == 0;
}

bool callMatchesPrototype(const CallBase &CB, const Function &Callee, const AllocatorInfo &Info) {
  FunctionType *FT = CB.getFunctionType();
  if (FT->getNumParams() != Info.NumParams || (FT->isVarArg() && !isUnprototyped(Callee)))
    return false;
  Type *Ret = FT->getReturnType();
  if (Info.Success == SuccessTest::ZeroStatus ? !Ret->isIntegerTy() : !Ret->isPointerTy())
    return false;
  if (Info.Success == SuccessTest::ZeroStatus && !FT->getParamType(0)->isPointerTy())
    return false;
  for (int Arg : {Info.SizeArg, Info.CountArg, Info.AlignArg})
    if (Arg >= 0 && !FT->getParamType(Arg)->isIntegerTy())
      return false;
  if (Info.reallocates() && !FT->getParamType(Info.ResizedArg)->isPointerTy())
    return false;
  return true;
}

} // namespace

const AllocatorInfo *lookupAllocatorSymbol(StringRef Name) {
  for (const AllocatorInfo &Info : Table)
    if (Name == Info.Symbol)
      return &Info;
  return nullptr;
}

const AllocatorInfo *classifyAllocationCall(const CallBase &CB, const TargetLibraryInfo &TLI) {
  const auto *Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee || Callee->isIntrinsic())
    return nullptr;
  const AllocatorInfo *Info = lookupAllocatorSymbol(Callee->getName());
  if (!Info || !callMatchesPrototype(CB, *Callee, *Info))
    return nullptr;
  // Where TargetLibraryInfo knows the name, its prototype check must agree,
  // so a program's own function that merely shares a libc name but not its
  // shape is never counted.  Availability (-fno-builtin) is deliberately not
  // consulted: such a program still calls the C library's malloc.  An
  // unprototyped declaration has no shape to check; the call's own type,
  // checked above, stands in for it.
  LibFunc LF;
  if (TLI.getLibFunc(Callee->getName(), LF) && !isUnprototyped(*Callee) &&
      !TLI.getLibFunc(*Callee, LF))
    return nullptr;
  return Info;
}

} // namespace allocsite
