//===- RuntimeABI.cpp - emit the tables the runtime reads -----------------===//
#include "RuntimeABI.h"

#include "LLVMCompat.h"
#include "allocsite_abi.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace allocsite {
namespace {

static_assert(sizeof(allocsite_count) == 16, "count layout");
static_assert(sizeof(allocsite_thread_counters) == 16, "thread block header layout");
static_assert(sizeof(allocsite_frame) == 24, "frame layout");
static_assert(sizeof(allocsite_site) == 80, "site layout");
static_assert(sizeof(allocsite_module) == 56, "module layout");

struct ABITypes {
  IntegerType *I32, *I64;
  PointerType *Ptr;
  StructType *Count, *Frame, *Site, *ModuleDesc;

  explicit ABITypes(LLVMContext &Ctx) {
    I32 = Type::getInt32Ty(Ctx);
    I64 = Type::getInt64Ty(Ctx);
    Ptr = bytePtrTy(Ctx);
    // struct allocsite_count { objects, bytes }
    Count = StructType::get(Ctx, {I64, I64});
    // struct allocsite_frame { file, function, line, column }
    Frame = StructType::get(Ctx, {Ptr, Ptr, I32, I32});
    // struct allocsite_site { id, file, function, allocator, line, column,
    //   num_inlined, verdict, inlined_at, reason_code, reason_message, flags, reserved }
    Site = StructType::get(Ctx, {I64, Ptr, Ptr, Ptr, I32, I32, I32, I32, Ptr, Ptr, Ptr, I32, I32});
    // struct allocsite_module { abi_version, num_sites, source, sites, settled, next, threads,
    //   flags, reserved }
    ModuleDesc = StructType::get(Ctx, {I32, I32, Ptr, Ptr, Ptr, Ptr, Ptr, I32, I32});
  }
  // struct allocsite_thread_counters { registered, reserved, sites[N] }
  StructType *threadCounters(unsigned NumSites) const {
    return StructType::get(I64->getContext(), {I64, I64, ArrayType::get(Count, NumSites)});
  }
};

class StringPool {
public:
  StringPool(Module &M, PointerType *Ptr) : M(M), Ptr(Ptr) {}
  // Null for an empty string: the ABI says "unknown" with NULL.
  Constant *get(const std::string &S) {
    if (S.empty())
      return ConstantPointerNull::get(Ptr);
    Constant *&Slot = Pool[S];
    if (!Slot) {
      Constant *Init = ConstantDataArray::getString(M.getContext(), S);
      auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, Init, "__allocsite_str");
      GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
      GV->setAlignment(Align(1));
      Slot = ConstantExpr::getPointerCast(GV, Ptr);
    }
    return Slot;
  }

private:
  Module &M;
  PointerType *Ptr;
  StringMap<Constant *> Pool;
};

Constant *frameConstant(const ABITypes &T, StringPool &Strings, const SourceFrame &F) {
  return ConstantStruct::get(T.Frame, {Strings.get(F.File), Strings.get(F.Function),
                                       ConstantInt::get(T.I32, F.Line),
                                       ConstantInt::get(T.I32, F.Column)});
}

Constant *siteConstant(Module &M, const ABITypes &T, StringPool &Strings, const SiteRecord &R) {
  const SiteDescription &D = R.Desc;
  Constant *Inlined = ConstantPointerNull::get(T.Ptr);
  if (!D.InlinedAt.empty()) {
    std::vector<Constant *> Frames;
    for (const SourceFrame &F : D.InlinedAt)
      Frames.push_back(frameConstant(T, Strings, F));
    auto *ArrTy = ArrayType::get(T.Frame, Frames.size());
    auto *GV = new GlobalVariable(M, ArrTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                                  ConstantArray::get(ArrTy, Frames), "__allocsite_inlined_at");
    Inlined = ConstantExpr::getPointerCast(GV, T.Ptr);
  }
  uint32_t VerdictCode = R.Judged.promotable() ? ALLOCSITE_VERDICT_PROMOTABLE
                         : R.Judged.heap()     ? ALLOCSITE_VERDICT_HEAP
                                               : ALLOCSITE_VERDICT_UNKNOWN;
  std::string ReasonCode = R.Judged.code(), ReasonMessage = R.Judged.message();
  return ConstantStruct::get(
      T.Site, {ConstantInt::get(T.I64, D.ID), Strings.get(D.Where.File),
               Strings.get(D.Where.Function), Strings.get(R.Allocator->DisplayName),
               ConstantInt::get(T.I32, D.Where.Line), ConstantInt::get(T.I32, D.Where.Column),
               ConstantInt::get(T.I32, D.InlinedAt.size()),
               ConstantInt::get(T.I32, VerdictCode), Inlined, Strings.get(ReasonCode),
               Strings.get(ReasonMessage), ConstantInt::get(T.I32, R.Flags),
               ConstantInt::get(T.I32, 0)});
}

// The translation unit's source as an absolute path, for the report's
// "module" field (IDs use the name as given; see SiteIdentity.h).
std::string absoluteSourceName(const Module &M) {
  SmallString<256> Path(M.getSourceFileName());
  if (!Path.empty())
    sys::fs::make_absolute(Path);
  sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path.str());
}

// Whether calling-context walks can go through this translation unit's
// frames: every function that can call keeps a frame pointer ("all", or
// "non-leaf": no allocation happens below a leaf).  The plugin never adds
// frame pointers itself; they cost about 4% on call-heavy code
// (binary-trees, README "Performance"), a price only those who record
// contexts should pay, and -fno-omit-frame-pointer is how they ask.
bool keepsFramePointers(const Module &M) {
  for (const Function &F : M) {
    // clang emits __clang_call_terminate (catch, then std::terminate)
    // without the attribute whatever the flags say.
    if (F.isDeclaration() || F.getName() == "__clang_call_terminate")
      continue;
    StringRef Kind = F.getFnAttribute("frame-pointer").getValueAsString();
    if (Kind != "all" && Kind != "non-leaf")
      return false;
  }
  return true;
}

Function *createCallingFunction(Module &M, const char *Name, const char *Callee,
                                GlobalVariable *Desc, PointerType *Ptr) {
  LLVMContext &Ctx = M.getContext();
  auto *VoidFnTy = FunctionType::get(Type::getVoidTy(Ctx), false);
  Function *F = Function::Create(VoidFnTy, GlobalValue::InternalLinkage, Name, &M);
  F->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
  FunctionCallee Target =
      M.getOrInsertFunction(Callee, FunctionType::get(Type::getVoidTy(Ctx), {Ptr}, false));
  B.CreateCall(Target, {ConstantExpr::getPointerCast(Desc, Ptr)});
  B.CreateRetVoid();
  return F;
}

} // namespace

ModuleTables::ModuleTables(Module &M, unsigned NumSites) : M(M), NumSites(NumSites) {
  ABITypes T(M.getContext());
  StructType *BlockTy = T.threadCounters(NumSites);
  // Thread-local: each thread counts into its own block (allocsite_abi.h).
  // The TLS model is left to code generation: local-exec in executables,
  // dynamic in shared libraries, which dlopen needs.
  ThreadBlock = new GlobalVariable(M, BlockTy, /*isConstant=*/false, GlobalValue::InternalLinkage,
                                   Constant::getNullValue(BlockTy), "__allocsite_thread_counters",
                                   nullptr, GlobalValue::GeneralDynamicTLSModel);
  ThreadBlock->setAlignment(Align(16));
  auto *SettledTy = ArrayType::get(T.Count, NumSites ? NumSites : 1);
  Settled = new GlobalVariable(M, SettledTy, /*isConstant=*/false, GlobalValue::InternalLinkage,
                               Constant::getNullValue(SettledTy), "__allocsite_settled");
  // Writable: the runtime links descriptors into its lists.  The contents
  // are set by finish(), once the sites are known.
  Descriptor = new GlobalVariable(M, T.ModuleDesc, /*isConstant=*/false,
                                  GlobalValue::InternalLinkage, nullptr, "__allocsite_module");
}

Constant *ModuleTables::threadCountAddress(unsigned Index, unsigned Word) const {
  Type *I32 = Type::getInt32Ty(M.getContext());
  Constant *Idx[] = {ConstantInt::get(I32, 0), ConstantInt::get(I32, 2),
                     ConstantInt::get(I32, Index), ConstantInt::get(I32, Word)};
  return ConstantExpr::getInBoundsGetElementPtr(ThreadBlock->getValueType(), ThreadBlock, Idx);
}

Constant *ModuleTables::registeredFlagAddress() const {
  Type *I32 = Type::getInt32Ty(M.getContext());
  Constant *Idx[] = {ConstantInt::get(I32, 0), ConstantInt::get(I32, 0)};
  return ConstantExpr::getInBoundsGetElementPtr(ThreadBlock->getValueType(), ThreadBlock, Idx);
}

Constant *ModuleTables::descriptorArg() const {
  return ConstantExpr::getPointerCast(Descriptor, bytePtrTy(M.getContext()));
}

Constant *ModuleTables::threadBlockArg() const {
  return ConstantExpr::getPointerCast(ThreadBlock, bytePtrTy(M.getContext()));
}

void ModuleTables::finish(ArrayRef<SiteRecord> Sites) {
  LLVMContext &Ctx = M.getContext();
  ABITypes T(Ctx);
  StringPool Strings(M, T.Ptr);

  std::vector<Constant *> SiteConstants;
  for (const SiteRecord &R : Sites)
    SiteConstants.push_back(siteConstant(M, T, Strings, R));
  auto *SitesTy = ArrayType::get(T.Site, SiteConstants.size());
  auto *SitesGV = new GlobalVariable(M, SitesTy, /*isConstant=*/true, GlobalValue::InternalLinkage,
                                     ConstantArray::get(SitesTy, SiteConstants),
                                     "__allocsite_sites");
  Constant *Null = ConstantPointerNull::get(T.Ptr);
  Descriptor->setInitializer(ConstantStruct::get(
      T.ModuleDesc,
      {ConstantInt::get(T.I32, ALLOCSITE_ABI_VERSION), ConstantInt::get(T.I32, Sites.size()),
       Strings.get(absoluteSourceName(M)), ConstantExpr::getPointerCast(SitesGV, T.Ptr),
       ConstantExpr::getPointerCast(Settled, T.Ptr), Null, Null,
       ConstantInt::get(T.I32, keepsFramePointers(M) ? ALLOCSITE_MODULE_FRAME_POINTERS : 0),
       ConstantInt::get(T.I32, 0)}));

  // Before the program's own constructors (default priority 65535), so that
  // allocations they make are reported; after the runtime's (101).
  appendToGlobalCtors(M, createCallingFunction(M, "__allocsite_module_ctor", ALLOCSITE_REGISTER_FN,
                                               Descriptor, T.Ptr),
                      /*Priority=*/102);
  appendToGlobalDtors(M, createCallingFunction(M, "__allocsite_module_dtor",
                                               ALLOCSITE_UNREGISTER_FN, Descriptor, T.Ptr),
                      /*Priority=*/102);
  M.getOrInsertNamedMetadata(ModuleMarkerName);
}

} // namespace allocsite
